"""An article's date is the day its outlet dated it. A Berlin paper's story published at 00:30 on
4 December (23:30 UTC on the 3rd) and a New York paper's story published at 20:15 on 3 December (01:15 UTC
on the 4th) were shown, filtered and read by "yesterday" as UTC days: each one day off. The UTC offset the
outlet gave is now kept beside the time, and every day newsrag shows or compares is the outlet's own."""

from __future__ import annotations

import sqlite3

from rag.cli import print_sources
from rag.filters import Filters
from rag.keyword import KeywordIndex
from rag.manifest import Manifest, ManifestRow
from rag.query import Query
from ui.render import citation_html

from .conftest import article, write_jsonl

BRIDGE = article(
    "Harbour bridge closes for repairs",
    "The Calder harbour bridge closed for six weeks of repairs, the city said. Engineers found cracks in two "
    "of its steel girders during an inspection. Ferries will run every ten minutes while the bridge is shut.",
    url="https://calder.example/bridge",
    source="Calder Post",
    published_at="2026-12-04T00:30:00+01:00",
)
FARM = article(
    "Senate passes farm bill",
    "The state senate passed the farm bill late on Thursday by 31 votes to 18. The bill raises support for "
    "dairy farmers by 12 percent. The governor said she would sign it next week.",
    url="https://ridge.example/farm",
    source="Ridge Times",
    published_at="2026-12-03T20:15:00-05:00",
)


def _index(fake_rag, tmp_path):
    return fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [BRIDGE, FARM])])


def _cited(answer, record) -> list:
    return [c for c in answer.citations if c.url == record["url"]]


def test_a_citation_shows_the_day_the_outlet_dated_it(fake_rag, tmp_path, capsys):
    _index(fake_rag, tmp_path)
    bridge = _cited(fake_rag.ask(Query("Why did the harbour bridge close?")), BRIDGE)[0]
    assert bridge.published_at == "2026-12-04T00:30:00+01:00"
    farm_answer = fake_rag.ask(Query("What did the senate pass?"))
    farm = _cited(farm_answer, FARM)[0]
    assert farm.published_at == "2026-12-03T20:15:00-05:00"
    assert "2026-12-03" in citation_html(farm) and "2026-12-04" not in citation_html(farm)
    print_sources(farm_answer)
    assert "(Ridge Times, 2026-12-03)" in capsys.readouterr().out
    passages = fake_rag.retrieve("What did the senate pass?", top_k=2).passages
    assert {p.published_at[:10] for p in passages} == {"2026-12-03", "2026-12-04"}


def test_a_day_filter_is_the_outlets_day(fake_rag, tmp_path):
    _index(fake_rag, tmp_path)
    question = "What did the senate pass and why did the bridge close?"
    for bound, record in (({"since": "2026-12-04"}, BRIDGE), ({"until": "2026-12-03"}, FARM)):
        assert {p.url for p in fake_rag.retrieve(question, top_k=4, **bound).passages} == {record["url"]}
        assert fake_rag.ask(Query(question, **bound)).scope.articles == 1
    # a bound given as a time is an instant: 23:00 UTC on the 3rd is before both
    both = fake_rag.retrieve(question, top_k=4, since="2026-12-03T23:00:00Z").passages
    assert {p.url for p in both} == {BRIDGE["url"], FARM["url"]}


def test_yesterday_is_the_outlets_day(fake_rag, tmp_path):
    _index(fake_rag, tmp_path)
    answer = fake_rag.ask(Query("What happened yesterday?", as_of="2026-12-05"))
    assert {c.url for c in answer.citations} == {BRIDGE["url"]}
    answer = fake_rag.ask(Query("What happened on Thursday?", as_of="2026-12-05"))
    assert {c.url for c in answer.citations} == {FARM["url"]}


def test_an_article_indexed_before_offsets_were_kept_is_written_again_once(fake_rag, tmp_path):
    _index(fake_rag, tmp_path)
    db = sqlite3.connect(fake_rag.manifest.path)
    with db:  # as an older newsrag wrote them
        db.execute("UPDATE articles SET published_offset = NULL")
    db.close()
    again = _index(fake_rag, tmp_path)
    assert (again.updated, again.unchanged) == (2, 0)
    assert len(fake_rag.history(BRIDGE["url"]).versions) == 1  # the same text: no new version
    third = _index(fake_rag, tmp_path)
    assert (third.updated, third.unchanged) == (0, 2)


def test_the_keyword_index_filters_by_the_outlets_day(tmp_path):
    manifest = Manifest(tmp_path / "manifest.sqlite")
    midnight_4th = 1_796_342_400  # 2026-12-04T00:00:00Z
    for aid, ts, offset in (("berlin", midnight_4th - 1800, 60), ("newyork", midnight_4th + 4500, -300)):
        manifest.upsert(
            [ManifestRow(aid, "h", aid, None, None, None, ts, 1, None, published_offset=offset)],
            [(f"{aid}:0", aid, 0, "harbour news today")],
        )
    index = KeywordIndex(manifest)
    for since, until, expected in (("2026-12-04", None, {"berlin"}), (None, "2026-12-03", {"newyork"})):
        filters = Filters.build(since, until)
        assert {h.article_id for h in index.search("harbour news", 10, filters)} == expected
        assert manifest.count(filters) == 1


def test_the_index_spans_the_days_its_outlets_dated(fake_rag, tmp_path):
    """The Index tab said "published ... to 2026-12-04" for news whose last article its outlet dated the 5th:
    the first and last articles are the first and last by the outlet's own clock, shown in its offset."""
    _index(fake_rag, tmp_path)
    stats = fake_rag.stats()
    assert (stats["earliest"], stats["latest"]) == ("2026-12-03T20:15:00-05:00", "2026-12-04T00:30:00+01:00")
