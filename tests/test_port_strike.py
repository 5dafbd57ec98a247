"""Found by ingesting a dump written with other field names ("headline", "body" in HTML, "pubDate", "byline", a nested
"source") and a live page, and asking as a reader would (session 38): how long the strike lasted, what happened at
the port, and in a chat "how long did it last?"."""

from __future__ import annotations

import pytest

from rag.query import Query

from .conftest import write_jsonl

NEWS = [
    {
        "headline": "Port of Velmora strike ends after 11 days",
        "body": "<p>Dockworkers at the Port of Velmora returned to work on Monday after an 11-day strike ended with a 6% "
        "pay deal, the Velmora Dockers Union said.</p><p>The union had asked for 9%. About 1,800 workers took "
        "part.</p>",
        "pubDate": "Mon, 30 Nov 2026 09:15:00 +0100",
        "byline": "By Ana Ruiz and Tomas Berg",
        "link": "https://velmora.example/port-strike-ends",
        "source": {"name": "Velmora Daily"},
    },
    {
        "headline": "Port strike over, but backlog to last weeks",
        "content": "Shipping lines warned on Tuesday that the backlog of containers at the Port of Velmora could take "
        "three weeks to clear, a day after the strike ended. Some 140 ships were waiting at anchor.",
        "date": "2026-12-01",
        "author": ["Lena Koch"],
        "url": "https://harbour.example/backlog",
        "publisher": "Harbour Gazette",
    },
    {
        "title": "Velmora port: live updates",
        "text": "10:02 — Union leaders meet management.\n10:45 — Talks adjourned until noon.\n"
        "13:30 — Deal reached: 6% over two years, union says.",
        "published": "2026-11-30T13:40:00Z",
        "source": "Velmora Daily",
        "url": "https://velmora.example/live",
    },
]


@pytest.fixture(scope="module")
def port_rag(tmp_path_factory, minilm):
    from rag import NewsRAG

    tmp = tmp_path_factory.mktemp("port")
    rag = NewsRAG(data_dir=tmp / "index", embedder=minilm)
    report = rag.ingest([write_jsonl(tmp / "port.jsonl", NEWS)])
    assert report.added == 3
    return rag


def test_how_long_it_lasted_is_the_span_said_of_it(port_rag):
    """ "How long did the Velmora port strike last?" led with the backlog's "could take three weeks to clear"; the
    strike's length is the span joined to it ("an 11-day strike"). In a chat, "how long did it last?" after the port
    question quoted the backlog alone: the last answer's "11-day strike" was left out as already told."""
    alone = port_rag.ask("How long did the Velmora port strike last?", llm=False).text
    assert alone.startswith("Dockworkers at the Port of Velmora returned to work on Monday after an 11-day strike")
    session = port_rag.chat()
    session.ask("What happened at the port of Velmora?")
    assert session.ask("how long did it last?").text.startswith("Dockworkers at the Port of Velmora")


def test_what_happened_quotes_a_live_pages_newest_entry_and_every_report_on_it(port_rag):
    """ "What happened at the port of Velmora?" quoted the live page's first entries ("10:02 — Union leaders meet
    management.") and left out the backlog report, whose title does not name Velmora but whose first sentence does."""
    text = port_rag.ask("What happened at the port of Velmora?", llm=False).text
    assert "13:30 — Deal reached" in text and "10:02" not in text
    assert "backlog of containers at the Port of Velmora" in text


def test_a_live_pages_newest_entry():
    from rag.extractive import _newest_entry

    assert (
        _newest_entry(["9.45am: Talks resume.", "11.05am - Deal signed.", "10.30am — Break."])
        == "11.05am - Deal signed."
    )
    assert _newest_entry(["13:30 — Deal reached.", "10:02 — Leaders meet."]) == "13:30 — Deal reached."
    # a passage that does not open with an entry is no live page
    assert _newest_entry(["The strike ended.", "10:02 — Leaders meet.", "13:30 — Deal reached."]) is None


def test_how_long_a_pronoun_lasted_is_a_span_joined_to_its_noun():
    from rag.answer_type import fills_slot, names_slot

    assert names_slot("how long did it last?")
    assert fills_slot("Dockworkers returned to work after an 11-day strike.", "how long did it last?")
    assert fills_slot("The strike, which lasted 11 days, ended on Monday.", "how long did it last?")
    assert not fills_slot("The backlog could take three weeks to clear.", "how long did it last?")
    q = "How long did the port strike last?"
    assert fills_slot("It ended after two weeks of strikes.", q)
    assert not fills_slot("The backlog could take three weeks to clear, a day after the strike ended.", q)


def test_how_long_it_takes_is_no_question_of_lasting():
    from rag.answer_type import asks_lasting

    assert asks_lasting("How long will the strike go on?")
    assert not asks_lasting("How long will it take to clear the backlog?")  # "could take three weeks" answers it


def test_news_from_a_day_is_that_days_news(port_rag):
    """ "news from Monday" (as "What happened on Monday?") and "news from November 30" were not read as asking what
    happened: no date range, and a short question like nothing indexed was refused."""
    from rag.retrieval import asks_events

    assert asks_events("news from Monday") and asks_events("Headlines from December 2")
    assert not asks_events("Newsom from California said ...")
    answer = port_rag.ask(Query.of("news from November 30", as_of="2026-12-06"))
    assert not answer.refused and "backlog" not in answer.text  # that is December 1's
