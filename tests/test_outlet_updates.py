"""When the outlet says it updated an article (a JSON record's updated_at, a page's article:modified_time or
JSON-LD dateModified, a feed entry's <updated>): read at ingest, carried to the citation, and shown as
"updated DATE" beside the publication date. Before, "updated" only ever told when newsrag itself had seen
a second version, so a story the outlet had already updated when first read looked untouched."""

from __future__ import annotations

from ingest.feeds import articles_from_feed
from ingest.html import article_from_html
from ingest.records import Article
from rag.cli import print_sources
from rag.models import Citation
from rag.query import Query
from ui.mcp_server import answer_text, ask_result
from ui.render import citation_html

from .conftest import article, write_jsonl

PUBLISHED = "2026-12-01T08:00:00Z"

FARES = article(
    "Ferry fares to rise in Calder Bay",
    "The Calder Bay ferry will charge 4 euros a crossing from Monday, the operator Bayline said on Tuesday. "
    "Bayline said the rise follows a year of losses on the harbour route. Bayline later said season "
    "tickets will keep their price.",
    url="https://bay.example/ferry-fares",
    source="Bay Herald",
    published_at=PUBLISHED,
    updated_at="2026-12-03T16:20:00Z",
)
TUNNEL = article(
    "Harbour tunnel opens",
    "The harbour tunnel opened to traffic on Wednesday after four years of work, the city said. The tunnel "
    "cost 310 million euros to build.",
    url="https://bay.example/tunnel",
    source="Bay Herald",
    published_at="2026-12-02T08:00:00Z",
    dateModified="2026-12-02T08:00:20Z",  # stamped seconds after publication: no update
)


def test_a_record_says_when_it_was_updated():
    fares = Article.from_mapping(FARES)
    assert fares.modified_at is not None and fares.modified_at.isoformat() == "2026-12-03T16:20:00+00:00"
    assert Article.from_mapping(TUNNEL).modified_at is None


def test_an_article_without_an_update_keeps_its_id_and_hash():
    """Indexes built before the field was read see no change in an article that gives no update time."""
    plain = {k: v for k, v in TUNNEL.items() if k != "dateModified"}
    assert Article.from_mapping(TUNNEL).content_hash == Article.from_mapping(plain).content_hash
    fares, unstamped = Article.from_mapping(FARES), Article.from_mapping({**FARES, "updated_at": None})
    assert fares.id == unstamped.id and fares.content_hash != unstamped.content_hash


def _page(head: str) -> str:
    return (
        f"<html><head><title>Bayline drops fare rise for students - Harbour Post</title>{head}</head><body>"
        "<article><h1>Bayline drops fare rise for students</h1><p>Students will keep paying 2 euros a crossing "
        "on the Calder Bay ferry, Bayline said on Friday, after a petition gathered 3,000 names.</p><p>The "
        "operator said the wider rise to 4 euros still takes effect on Monday for other passengers.</p>"
        "</article></body></html>"
    )


def test_a_page_says_when_it_was_updated():
    published = f'<meta property="article:published_time" content="{PUBLISHED}">'
    meta = _page(published + '<meta property="article:modified_time" content="2026-12-04T11:00:00Z">')
    ld = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-12-01T08:00:00Z", '
        '"dateModified": "2026-12-05T07:30:00Z"}</script>'
    )
    url = "https://harbourpost.example/students"
    assert article_from_html(meta, url=url).modified_at.date().isoformat() == "2026-12-04"
    assert article_from_html(ld, url=url).modified_at.date().isoformat() == "2026-12-05"
    assert article_from_html(_page(published), url=url).modified_at is None


def test_a_page_keeps_the_hour_it_was_published():
    """Found ingesting a saved page: JSON-LD "datePublished": "2026-12-04T07:45:00+01:00" was stored as
    2026-12-04T00:00:00Z (trafilatura gives the day), so the page read as older than a report published at 02:00
    that day. The page's own time is kept when it gives one; a day alone stays a day."""
    ld = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-12-04T07:45:00+01:00"}'
        "</script>"
    )
    url = "https://harbourpost.example/students"
    assert article_from_html(ld, url=url).published_at.isoformat() == "2026-12-04T07:45:00+01:00"
    day = _page('<meta property="article:published_time" content="2026-12-04">')
    assert article_from_html(day, url=url).published_at.isoformat() == "2026-12-04T00:00:00+00:00"


def test_a_feed_entry_says_when_it_was_updated():
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bay Herald</title><link href="https://bay.example/"/>
<entry><title>Ferry fares to rise</title><link href="https://bay.example/fares"/><id>a</id>
<published>2026-12-01T08:00:00Z</published><updated>2026-12-03T16:20:00Z</updated>
<content type="text">The Calder Bay ferry will charge 4 euros a crossing from Monday, the operator Bayline said.</content>
</entry>
<entry><title>Tunnel opens</title><link href="https://bay.example/tunnel"/><id>b</id>
<updated>2026-12-02T08:00:00Z</updated>
<content type="text">The harbour tunnel opened to traffic on Wednesday after four years of work.</content>
</entry></feed>"""
    fares, tunnel = [a for a in articles_from_feed(feed, source="feed") if isinstance(a, Article)]
    assert fares.modified_at.isoformat() == "2026-12-03T16:20:00+00:00"
    # an entry with only <updated> is dated by it, and is not "updated" after that date
    assert tunnel.published_at.isoformat() == "2026-12-02T08:00:00+00:00" and tunnel.modified_at is None


def _cite(**fields) -> Citation:
    base = dict(n=1, article_id="a", chunk_id="c", title="t", outlet="o", url=None, text="x", quote="x", score=1.0)
    return Citation(**{**base, **fields})


def test_the_label_says_the_outlets_date():
    published = "2026-12-01T08:00:00+00:00"
    assert _cite(published_at=published, modified_at="2026-12-03T16:20:00+00:00").updated_label == (
        "updated 2026-12-03"
    )
    # updated the day it was published: the publication date already says the day
    assert _cite(published_at=published, modified_at="2026-12-01T15:00:00+00:00").updated_label is None
    assert _cite(published_at=published).updated_label is None
    # a corrected article newsrag saw twice: the outlet's date over the day newsrag saw it
    seen = dict(published_at=published, version=2, updated_at="2026-12-05T10:00:00+00:00")
    assert _cite(**seen).updated_label == "updated 2026-12-05 (version 2)"
    assert _cite(**seen, modified_at="2026-12-04T18:00:00+00:00").updated_label == "updated 2026-12-04 (version 2)"


def test_an_answer_shows_when_the_outlet_updated_its_source(fake_rag, tmp_path, capsys):
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [FARES, TUNNEL])])
    answer = fake_rag.ask(Query("Will season tickets cost more on the ferry?"))
    fares = next(c for c in answer.citations if c.url == FARES["url"])
    assert fares.modified_at == "2026-12-03T16:20:00+00:00"
    assert "updated 2026-12-03" in citation_html(fares)
    print_sources(answer)
    assert "updated 2026-12-03 (the outlet's date)" in capsys.readouterr().out
    assert "    updated 2026-12-03" in answer_text(ask_result(answer))
    tunnel = fake_rag.ask(Query("How much did the harbour tunnel cost?"))
    assert all(c.modified_at is None and "updated" not in citation_html(c) for c in tunnel.citations)


BRIDGE_LIVE = article(
    "Tamsk bridge: repairs under way",
    "Repairs to the Tamsk bridge began on Monday and will take three weeks, the city said. The bridge is closed to "
    "cars. Update, Thursday: the city now says the bridge will reopen on Saturday, a week early.",
    url="https://tamsk.example/bridge-live",
    source="Tamsk Herald",
    published_at="2026-11-30T09:00:00+01:00",
    updated_at="2026-12-03T17:00:00+01:00",
)
BRIDGE_SHOPS = article(
    "Tamsk bridge closure hits shops",
    "Shops near the Tamsk bridge say trade has fallen by a third since the bridge closed for repairs. The city said "
    "the works were on schedule.",
    url="https://port.example/bridge-shops",
    source="Port Tamsk News",
    published_at="2026-12-02T10:00:00+01:00",
)


def test_the_latest_counts_when_the_outlet_updated_a_page(minilm, tmp_path):
    """ "What is the latest on the Tamsk bridge?" led with Wednesday's report on the shops and never quoted the live
    page's Thursday update ("the city now says the bridge will reopen on Saturday"): the page was first published
    on Monday, and only its publication time counted as how new it is. The outlet's update time now counts, and a
    page's marked update follows its opening in a "latest" answer."""
    from rag import NewsRAG

    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [BRIDGE_LIVE, BRIDGE_SHOPS])])
    answer = rag.ask("What is the latest on the Tamsk bridge?", llm=False, as_of="2026-12-04")
    assert answer.citations[0].url == BRIDGE_LIVE["url"]
    assert "Update, Thursday: the city now says the bridge will reopen on Saturday" in answer.text.split("[1]")[1]
