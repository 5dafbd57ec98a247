"""The watcher's small pure parts: durations, backoff, Retry-After, feed reading, OPML, the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from ingest.errors import SourceError
from ingest.feeds import NotAFeed, read_feed
from ingest.opml import read_opml
from rag.errors import ConfigError
from rag.feeds_models import format_duration, parse_duration
from rag.watch import MAX_RETRY_AFTER_S, backoff_delay, parse_retry_after

from .feed_server import rss


@pytest.mark.parametrize(
    ("text", "seconds"), [("30m", 1800), ("1h", 3600), ("900s", 900), ("1d", 86400), ("45", 45), ("1.5h", 5400)]
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "1w", "-5m", "0s", "m30"])
def test_parse_duration_refuses_with_an_example(text):
    with pytest.raises(ConfigError, match="30m"):
        parse_duration(text)


def test_format_duration():
    assert [format_duration(s) for s in (1800, 3600, 86400, 90, None)] == ["30m", "1h", "1d", "90s", "-"]


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_delay(n, 60, 500, failing=False) for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 480, 500]
    assert backoff_delay(2, 60, 500, failing=True) == 500
    assert backoff_delay(1, 7200, 3600, failing=True) == 7200  # never sooner than the feed's own interval


def test_parse_retry_after():
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now.timestamp()) == 120
    later = format_datetime(now + timedelta(minutes=10), usegmt=True)
    assert parse_retry_after(later, now.timestamp()) == pytest.approx(600)
    assert parse_retry_after(format_datetime(now - timedelta(days=1), usegmt=True), now.timestamp()) == 0
    assert parse_retry_after("99999999999", now.timestamp()) == MAX_RETRY_AFTER_S
    assert parse_retry_after("whenever", now.timestamp()) is None
    assert parse_retry_after(None, now.timestamp()) is None


def test_read_feed():
    doc = read_feed(rss("Gazette", [{"key": "a"}, {"key": "b"}]), "application/rss+xml", source="u")
    assert doc.title == "Gazette" and len(doc.items) == 2
    empty = read_feed(b'<?xml version="1.0"?><rss><channel><title>T</title></channel></rss>', "text/xml", source="u")
    assert empty.items == []
    with pytest.raises(NotAFeed, match="HTML page"):
        read_feed(b"<!doctype html><html><p>hi</p></html>", "application/xml", source="u")
    with pytest.raises(NotAFeed, match="empty"):
        read_feed(b"  ", "application/rss+xml", source="u")
    with pytest.raises(NotAFeed, match="not an RSS/Atom feed"):
        read_feed(b'{"items": []}', "application/json", source="u")


def test_a_feeds_outlet_is_its_title_without_the_section():
    """Found ingesting a hand-written feed: its articles were filed under "Velmora Post – Local", beside the
    same paper's "Velmora Post" from a JSON dump, so a filter or a comparison of outlets split them."""
    from ingest.outlets import feed_outlet

    doc = read_feed(rss("Velmora Post – Local", [{"key": "a"}], base="https://velmorapost.example"), "", source="u")
    assert doc.title == "Velmora Post" and doc.items[0].outlet == "Velmora Post"
    assert feed_outlet("World news | The Guardian", "https://www.theguardian.com/world") == "The Guardian"
    assert feed_outlet("BBC News - World", "https://www.bbc.co.uk/news/world") == "BBC News"
    assert feed_outlet("Reuters: World News", "https://www.reuters.com") == "Reuters"
    # no part the domain spells: the title as it is
    assert feed_outlet("Top stories - Google News", "https://news.google.com") == "Top stories - Google News"
    assert feed_outlet("Harbor Times", "https://harbortimes.example") == "Harbor Times"
    assert feed_outlet("Velmora Post – Local", None) == "Velmora Post – Local"
    # found ingesting a WordPress-style feed: a name its domain abbreviates, beside a word that only says "feed"
    assert feed_outlet("Kestra Evening Post – News", "https://kestrapost.example/") == "Kestra Evening Post"
    assert feed_outlet("Kestra Evening Post » Feed", "https://kestrapost.example/") == "Kestra Evening Post"
    assert feed_outlet("Politics | Kestra Post", "https://kp.example") == "Politics | Kestra Post"
    # a domain with a hyphen spells the name too (session 39: "Orlund Tribune – Top stories" was the outlet)
    assert feed_outlet("Orlund Tribune – Top stories", "https://orlund-tribune.example/") == "Orlund Tribune"
    # session 46: a name the domain spells the end of ("Harwick Evening Post - Business" at eveningpost.example) was
    # an outlet of its own beside the same paper's "Harwick Evening Post" from a CSV dump
    assert feed_outlet("Harwick Evening Post - Business", "https://eveningpost.example/business") == (
        "Harwick Evening Post"
    )
    assert feed_outlet("Business | Evening Post Media", "https://post.example/") == "Business | Evening Post Media"


def test_read_opml_keeps_order_and_drops_repeats(tmp_path):
    path = tmp_path / "f.opml"
    path.write_text(
        '<opml version="1.0"><body><outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline title="B" text="b" xmlUrl="https://b.example/rss"/><outline xmlUrl="https://a.example/rss"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    assert [(f.url, f.title) for f in read_opml(path)] == [
        ("https://a.example/rss", "A"),
        ("https://b.example/rss", "B"),
    ]
    with pytest.raises(SourceError, match="cannot read"):
        read_opml(tmp_path / "missing.opml")


def test_subscriptions_survive_reopening_and_a_read_only_index_lists_them(tmp_path):
    from rag import NewsRAG
    from rag.manifest import Manifest

    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash")
    rag.add_feeds(["https://a.example/rss"], every_s=600)
    rag.add_feeds(["https://a.example/rss"], every_s=1200)  # again: the interval changes, nothing doubles
    reopened = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash")
    assert [(f.url, f.every_s, f.status) for f in reopened.feeds()] == [("https://a.example/rss", 1200, "new")]
    ro = Manifest(rag.manifest.path, read_only=True)
    from rag.feeds_store import FeedStore

    assert [s.url for s in FeedStore(ro, 3600).statuses()] == ["https://a.example/rss"]


def test_an_rss_author_written_as_an_address_and_a_name_is_the_name():
    """Found ingesting a hand-written feed: `<author>news@lindgatecourier.example (Mira Solberg)</author>` (RSS 2.0's
    form) gave the byline "ple (Mira Solberg": feedparser cuts a domain's last part after four letters. A bare
    address or a placeholder ("(Unknown)") is no byline."""
    from ingest.records import byline_names

    def authors(author: str) -> tuple[str, ...]:
        xml = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Lindgate Courier</title><item><title>Budget</title>'
            f"<link>https://lindgatecourier.example/a</link><description>The council approved it.</description>"
            f"<author>{author}</author></item></channel></rss>"
        )
        return read_feed(xml.encode(), "application/rss+xml", source="u").items[0].authors

    assert authors("news@lindgatecourier.example (Mira Solberg)") == ("Mira Solberg",)
    assert authors("news@courier.com (Mira Solberg)") == ("Mira Solberg",)
    assert authors("Mira Solberg &lt;mira@courier.media&gt;") == ("Mira Solberg",)
    assert authors("noreply@blogger.com (Unknown)") == ()
    assert authors("mira@courier.com") == ()
    assert authors("Mira Solberg and Jon Ekberg") == ("Mira Solberg", "Jon Ekberg")
    assert byline_names("By Ana Ruiz and Tom Keller") == ["Ana Ruiz", "Tom Keller"]
