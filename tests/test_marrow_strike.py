"""A port strike told in a news dataset's CSV dump and a crawler's JSON files (session 41's messy sources)."""

from __future__ import annotations

import json

import pytest

from rag import NewsRAG
from rag.query import Query

from .test_tables import _csv

STRIKE = (
    "Dockworkers at Marrow Harbour began a 48-hour strike on Tuesday, halting container traffic at the port. "
    "The port authority said 22 ships were waiting offshore by Tuesday evening."
)
BACKLOG = (
    "The backlog at Marrow Harbour grew to 34 vessels on Friday, the port authority said, three more than it "
    "counted on Thursday. Harbour master Jonas Vik said the last ships should be unloaded by Monday."
)
DEAL_REPORT = (
    "The strike at Marrow Harbour ended on Thursday after the port authority agreed to a 5 percent pay rise, the "
    'union said. Petra Olsen, who leads Harbour Workers United, called the deal "a fair result after a hard week".'
)
DIVERTED = "Fenwick's port took in eight container ships diverted from Marrow Harbour this week, the council said."


def test_how_many_ships_are_waiting_leads_with_the_vessels_counted_last(minilm, tmp_path):
    """ "Vessels" is news's word for ships: the count of vessels answers "how many ships", not the ships that
    left for another port."""
    table = _csv(
        [
            ["title", "text", "date", "publication"],
            ["Dockworkers walk out at Marrow Harbour", STRIKE, "2026-12-01", "Kestrel Times"],
            ["Marrow Harbour backlog grows", BACKLOG, "2026-12-04", "Kestrel Times"],
            ["Fenwick takes in diverted ships", DIVERTED, "", "Fenwick Courier"],
        ]
    )
    (tmp_path / "news.csv").write_text(table, encoding="utf-8")
    rag = NewsRAG(data_dir=tmp_path / "index", embedder=minilm)
    assert rag.ingest([str(tmp_path / "news.csv")]).added == 3
    answer = rag.ask("How many ships are waiting at Marrow Harbour?")
    assert answer.text.startswith("The backlog at Marrow Harbour grew to 34 vessels"), answer.text


def _crawled(folder, url: str, title: str, text: str, domain: str, when: str | None = "2026-12-04 16:40:00") -> None:
    """One article as the news-please crawler saves it: its own JSON file, the outlet only as `source_domain`."""
    record = {
        "authors": ["Tom Keller"],
        "date_publish": when,
        "date_modify": None,
        "description": None,
        "language": "en",
        "maintext": text,
        "source_domain": domain,
        "title": title,
        "url": url,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{title[:12].replace(' ', '_')}.json").write_text(json.dumps(record), encoding="utf-8")


def _dump(path) -> None:
    path.write_text(
        _csv(
            [
                ["title", "text", "date", "publication", "url"],
                ["Dockworkers walk out", STRIKE, "2026-12-01", "Kestrel Times", "https://kestreltimes.example/strike"],
                ["Portal copy", DIVERTED, "2026-12-05", "Fenwick Courier", "https://newsportal.example/a"],
                [
                    "Portal story",
                    BACKLOG.replace("34", "35"),
                    "2026-12-05",
                    "Orlund Weekly",
                    "https://newsportal.example/b",
                ],
            ]
        ),
        encoding="utf-8",
    )


def _crawl(folder) -> None:
    _crawled(
        folder,
        "https://www.kestreltimes.example/backlog",
        "Marrow Harbour backlog grows to 34 ships",
        BACKLOG + " Shipping lines have diverted eight vessels to Fenwick.",
        "kestreltimes.example",
    )
    _crawled(
        folder,
        "https://newsportal.example/c",
        "Ferry talks resume",
        "Ferry talks resumed in Orlund.",
        "newsportal.example",
    )


@pytest.mark.parametrize("order", ["crawl first, one run", "crawl first, two runs", "dump first, two runs"])
def test_an_article_filed_under_its_site_takes_the_outlet_its_site_names(fake_rag, tmp_path, order):
    """A crawler's article names its outlet only by the site ("kestreltimes.example"); the index's other articles on
    that site name it "Kestrel Times": one outlet, whichever came first, in the sources, the outlet list and the
    filter. A portal carrying two outlets' copies keeps its address: either name could be wrong."""
    dump, crawl = tmp_path / "news.csv", tmp_path / "crawl"
    _dump(dump)
    _crawl(crawl)
    if order == "crawl first, one run":
        fake_rag.ingest([str(crawl), str(dump)])
    else:
        first, second = (crawl, dump) if order.startswith("crawl") else (dump, crawl)
        fake_rag.ingest([str(first)])
        fake_rag.ingest([str(second)])
    outlets = fake_rag.stats()["outlets"]
    assert outlets["Kestrel Times"] == 2 and "kestreltimes.example" not in outlets
    assert outlets["newsportal.example"] == 1  # "Ferry talks resume": Fenwick Courier's or Orlund Weekly's?
    answer = fake_rag.ask(Query("How many vessels are in the backlog?", outlets=("Kestrel Times",)))
    assert [c.title for c in answer.citations] == ["Marrow Harbour backlog grows to 34 ships"]
    assert answer.citations[0].outlet == "Kestrel Times"
    # ingested again, the crawler's file is unchanged, and keeps its name
    again = fake_rag.ingest([str(crawl)])
    assert again.unchanged == 2 and fake_rag.stats()["outlets"]["Kestrel Times"] == 2


def test_what_an_outlet_reported_about_a_subject_is_its_report_on_it(minilm, tmp_path):
    """ "What did the Kestrel Times report about the backlog?" was refused: searched with the paper's name, which its
    reports never print, its report on the backlog was too unlike the question, and "report" was taken for a word
    the answer must hold."""
    dump = tmp_path / "news.csv"
    _dump(dump)
    _crawl(tmp_path / "crawl")
    rag = NewsRAG(data_dir=tmp_path / "index", embedder=minilm)
    rag.ingest([str(dump), str(tmp_path / "crawl")])
    answer = rag.ask("What did the Kestrel Times report about the backlog?")
    assert not answer.refused and answer.text.startswith("The backlog at Marrow Harbour grew to 34 vessels"), (
        answer.text
    )
    assert rag.ask("What did the Kestrel Times report about the weather?").refused


def test_when_a_strike_started_is_not_answered_by_when_it_ended(minilm, tmp_path):
    """ "When did the Marrow Harbour strike start?" led with the newer "The strike ... ended on Thursday", a date of
    the other event (it shares more of the question's words than "Dockworkers ... began a 48-hour strike")."""
    from rag.synonyms import opposite_event

    assert opposite_event("When did the strike start?", "The strike ended on Thursday.")
    assert opposite_event("When did prices fall?", "Prices rose 3 percent.")
    assert not opposite_event("When did the strike start?", "The strike began on Tuesday and ended on Thursday.")
    assert not opposite_event("When did the strike start?", "Dockworkers began a strike on Tuesday.")
    table = _csv(
        [
            ["title", "text", "date", "publication"],
            ["Dockworkers walk out at Marrow Harbour", STRIKE, "2026-12-01", "Kestrel Times"],
            ["Marrow Harbour strike ends with 5 percent deal", DEAL_REPORT, "2026-12-03", "Kestrel Times"],
        ]
    )
    (tmp_path / "news.csv").write_text(table, encoding="utf-8")
    rag = NewsRAG(data_dir=tmp_path / "index", embedder=minilm)
    rag.ingest([str(tmp_path / "news.csv")])
    answer = rag.ask("When did the Marrow Harbour strike start?")
    assert answer.text.startswith("Dockworkers at Marrow Harbour began a 48-hour strike on Tuesday"), answer.text
    assert rag.ask("When did the Marrow Harbour strike end?").text.startswith("The strike at Marrow Harbour ended")


def test_who_someone_is_is_answered_without_the_event_their_words_point_back_to(minilm, tmp_path):
    """ "Who is Petra Olsen?" led with "The strike ... ended on Thursday ...", the event her "called the deal"
    points back to; the sentence saying who she is ("Petra Olsen, who leads Harbour Workers United, ...") answers."""
    table = _csv(
        [
            ["title", "text", "date", "publication"],
            ["Marrow Harbour strike ends with 5 percent deal", DEAL_REPORT, "2026-12-03", "Kestrel Times"],
        ]
    )
    (tmp_path / "news.csv").write_text(table, encoding="utf-8")
    rag = NewsRAG(data_dir=tmp_path / "index", embedder=minilm)
    rag.ingest([str(tmp_path / "news.csv")])
    assert rag.ask("Who is Petra Olsen?").text.startswith("Petra Olsen, who leads Harbour Workers United"), rag.ask(
        "Who is Petra Olsen?"
    ).text
    # asked what she called it, the deal it points back to still comes first
    assert rag.ask("What did Petra Olsen call the deal?").text.startswith("The strike at Marrow Harbour ended")
