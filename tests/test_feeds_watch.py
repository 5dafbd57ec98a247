"""Subscriptions and the watcher against real HTTP servers on 127.0.0.1 (allowed in these tests only).

The fake "hash" embedder keeps them fast; `fetch_host_interval=0` lets a test poll its one
local host without waiting (the politeness test sets it)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from rag import NewsRAG

from .feed_server import FeedServer, Response, entry_text, feed_response, rss

pytestmark = pytest.mark.network

RSS_TYPE = {"Content-Type": "application/rss+xml"}


@pytest.fixture
def server():
    srv = FeedServer().start()
    yield srv
    srv.stop()


def make_rag(tmp_path, **overrides) -> NewsRAG:
    options = {"fetch_allow_hosts": ["127.0.0.1"], "fetch_host_interval": 0, "fetch_timeout": 3, **overrides}
    return NewsRAG(data_dir=tmp_path / "index", embed_model="hash", **options)


@pytest.fixture
def rag(tmp_path):
    return make_rag(tmp_path)


def entries(*keys: str) -> list[dict]:
    return [{"key": k} for k in keys]


def only(round_, url):
    [result] = [f for f in round_.feeds if f.url == url]
    return result


def test_add_watch_then_304_embeds_nothing(rag, server):
    server.routes["/feed"] = feed_response("Valmora Gazette", entries("a", "b", "c"), etag='"v1"')
    url = server.url("/feed")
    [status] = rag.add_feeds([url])
    assert status.status == "new" and status.articles == 0 and status.every_s == rag.settings.feed_every_s

    first = only(rag.watch(), url)
    assert (first.http_status, first.entries, first.added, first.error) == (200, 3, 3, None)
    assert first.chunks_embedded >= 3 and not first.not_modified

    second = only(rag.watch(force=True), url)
    assert server.hits("/feed")[-1].headers.get("If-None-Match") == '"v1"'
    assert (second.http_status, second.not_modified, second.chunks_embedded, second.added) == (304, True, 0, 0)
    [listed] = rag.feeds()
    assert (listed.status, listed.articles, listed.title, listed.consecutive_errors) == (
        "not_modified",
        3,
        "Valmora Gazette",
        0,
    )
    assert listed.last_changed is not None and listed.last_changed < listed.last_checked  # the 304 changed nothing
    assert rag.stats()["articles"] == 3


def test_last_modified_is_sent_back(rag, server):
    stamp = "Mon, 03 Mar 2025 09:00:00 GMT"
    server.routes["/feed"] = feed_response("Gazette", entries("a"), last_modified=stamp)
    rag.add_feeds([server.url("/feed")])
    rag.watch()
    again = rag.watch(force=True).feeds[0]
    assert server.hits("/feed")[-1].headers.get("If-Modified-Since") == stamp
    assert again.not_modified and again.chunks_embedded == 0


def test_a_feed_that_is_not_due_is_not_asked(rag, server):
    server.routes["/feed"] = feed_response("Gazette", entries("a"))
    rag.add_feeds([server.url("/feed")], every_s=3600)
    rag.watch()
    assert rag.watch().feeds == []
    assert len(server.hits("/feed")) == 1
    [status] = rag.feeds()
    assert status.next_due == pytest.approx(status.last_checked + 3600, abs=1)


def test_etag_changing_without_content_change_and_reordered_entries_embed_nothing_new(rag, server):
    calls = {"n": 0}
    order = [entries("a", "b", "c"), entries("c", "a", "b"), entries("b", "d", "c", "a")]

    def route(_req):
        calls["n"] += 1
        return feed_response("Gazette", order[min(calls["n"], 3) - 1], etag=f'"{calls["n"]}"')

    server.routes["/feed"] = route
    url = server.url("/feed")
    rag.add_feeds([url])
    assert only(rag.watch(), url).added == 3
    same = only(rag.watch(force=True), url)
    assert (same.http_status, same.added, same.updated, same.unchanged, same.chunks_embedded) == (200, 0, 0, 3, 0)
    one_more = only(rag.watch(force=True), url)
    assert (one_more.added, one_more.updated, one_more.unchanged) == (1, 0, 3)
    assert rag.stats()["articles"] == 4 and rag.feeds()[0].articles == 4


def test_two_feeds_carrying_one_story_make_one_article(rag, server):
    shared = {"key": "shared", "link": "https://news.example.org/shared?utm_source=rss", "text": entry_text("s")}
    server.routes["/a"] = feed_response("Outlet A", [shared, {"key": "a1"}])
    server.routes["/b"] = feed_response(
        "Outlet B", [{**shared, "link": "https://news.example.org/shared"}, {"key": "b1"}]
    )
    rag.add_feeds([server.url("/a"), server.url("/b")])
    first = rag.watch()
    a, b = only(first, server.url("/a")), only(first, server.url("/b"))
    assert (a.added, b.added, b.unchanged) == (2, 1, 1)
    assert rag.stats()["articles"] == 3
    again = rag.watch(force=True)  # no validators: both feeds answered 200 again
    assert again.chunks_embedded == 0
    assert sorted(f.unchanged for f in again.feeds) == [2, 2]
    assert sorted(f.articles for f in rag.feeds()) == [2, 2]


def test_retry_after_is_honoured_even_when_forced(rag, server):
    server.routes["/feed"] = Response(429, b"slow down", {"Retry-After": "120", "Content-Type": "text/plain"})
    url = server.url("/feed")
    rag.add_feeds([url])
    before = time.time()
    result = only(rag.watch(), url)
    assert (result.status, result.http_status) == ("rate_limited", 429)
    assert "Retry-After" in result.error
    [status] = rag.feeds()
    assert status.status == "rate_limited" and status.next_due >= before + 120
    assert status.retry_after >= before + 120
    skipped = only(rag.watch(force=True), url)
    assert len(server.hits("/feed")) == 1  # not asked again before its Retry-After
    assert "Retry-After" in skipped.error and skipped.http_status is None


def test_retry_after_as_an_http_date(rag, server):
    when = datetime.now(UTC) + timedelta(hours=2)
    server.routes["/feed"] = Response(503, b"", {"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S GMT")})
    rag.add_feeds([server.url("/feed")])
    rag.watch()
    [status] = rag.feeds()
    assert status.status == "rate_limited"
    assert status.next_due == pytest.approx(when.timestamp(), abs=5)


def test_backoff_doubles_then_failing_then_recovers(tmp_path, server):
    rag = make_rag(tmp_path, feed_failing_after=3, feed_backoff_max_s=1000)
    good = feed_response("Gazette", entries("a", "b"))
    server.routes["/feed"] = [Response(500, b"oops")] * 4 + [good]
    url = server.url("/feed")
    rag.add_feeds([url], every_s=100)
    waits = []
    for _ in range(4):
        result = only(rag.watch(force=True), url)
        [status] = rag.feeds()
        waits.append(round(status.next_due - status.last_checked))
        assert result.http_status == 500 and result.error == "HTTP 500 Internal Server Error"
        assert status.last_error == "HTTP 500 Internal Server Error"
    assert waits == [100, 200, 1000, 1000]  # doubling, then failing: retried at the cap
    assert [rag.feeds()[0].status, rag.feeds()[0].consecutive_errors] == ["failing", 4]
    recovered = only(rag.watch(force=True), url)
    assert (recovered.status, recovered.added, recovered.error) == ("ok", 2, None)
    [status] = rag.feeds()
    assert (status.status, status.consecutive_errors, status.last_error, status.articles) == ("ok", 0, None, 2)
    assert round(status.next_due - status.last_checked) == 100


def test_a_failing_feed_is_polled_again_when_its_backoff_ends(tmp_path, server):
    rag = make_rag(tmp_path, feed_failing_after=1, feed_backoff_max_s=1)
    server.routes["/feed"] = [Response(500, b"")] + [feed_response("Gazette", entries("a"))]
    rag.add_feeds([server.url("/feed")], every_s=1)
    assert rag.watch().feeds[0].status == "failing"
    time.sleep(1.1)
    assert rag.watch().feeds[0].added == 1  # due again without --force


def test_politeness_spaces_requests_to_one_host(tmp_path, server):
    rag = make_rag(tmp_path, fetch_host_interval=0.5)
    for name in ("/a", "/b", "/c"):
        server.routes[name] = feed_response("Gazette", [{"key": name[1:]}])
    rag.add_feeds([server.url(p) for p in ("/a", "/b", "/c")])
    started = time.monotonic()
    rag.watch()
    assert time.monotonic() - started >= 1.0  # three requests to one host: two waits of 0.5 s


BAD = {
    "timeout": (Response(200, rss("Slow", entries("a")), RSS_TYPE, delay=3), "timed out"),
    "redirect-loop": (Response(302, b"", {"Location": "/redirect-loop"}), "too many redirects"),
    "html": (
        Response(200, b"<!DOCTYPE html><html><body>Home</body></html>", {"Content-Type": "text/html"}),
        "HTML page",
    ),
    "huge": (Response(200, b"<rss>" + b"x" * 300_000, RSS_TYPE), "larger than"),
    "endless": (Response(200, b"", RSS_TYPE, endless=True), "larger than"),
    "entities": (
        Response(
            200,
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">]><rss><channel><title>&lol;</title>'
            b"<item><title>x</title><description>y</description></item></channel></rss>",
            RSS_TYPE,
        ),
        "declares XML entities",
    ),
    "server-error": (Response(500, b"boom"), "HTTP 500"),
    "not-found": (Response(404, b"gone"), "HTTP 404"),
    "garbage": (Response(200, b"\x00\x01\x02 binary", {"Content-Type": "application/octet-stream"}), "not an RSS/Atom"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_broken_feed_gets_a_clear_status_and_never_stops_the_round(tmp_path, server, name):
    rag = make_rag(tmp_path, fetch_timeout=1.5, fetch_max_bytes=200_000)
    response, reason = BAD[name]
    server.routes[f"/{name}"] = response
    server.routes["/good"] = feed_response("Gazette", entries("g1", "g2"))
    bad_url, good_url = server.url(f"/{name}"), server.url("/good")
    rag.add_feeds([bad_url, good_url])
    done = rag.watch()
    bad, good = only(done, bad_url), only(done, good_url)
    assert bad.status == "error" and reason in bad.error and bad.added == 0 and bad.chunks_embedded == 0
    assert (good.status, good.added) == ("ok", 2)
    listed = {f.url: f for f in rag.feeds()}
    assert listed[bad_url].status == "error" and reason in listed[bad_url].last_error
    assert listed[bad_url].consecutive_errors == 1 and listed[good_url].status == "ok"
    assert rag.stats()["articles"] == 2


def test_a_thousand_entries_are_all_indexed_once(rag, server):
    # short texts without links: nothing for the full-text step to fetch
    many = [{"key": f"k{i}", "text": entry_text(f"k{i}")[:300], "link": False} for i in range(1000)]
    server.routes["/feed"] = feed_response("Big", many)
    url = server.url("/feed")
    rag.add_feeds([url])
    first = only(rag.watch(), url)
    assert (first.entries, first.added, first.skipped) == (1000, 1000, 0)
    again = only(rag.watch(force=True), url)
    assert (again.unchanged, again.chunks_embedded) == (1000, 0)
    assert rag.stats()["articles"] == 1000 and rag.feeds()[0].articles == 1000


def test_remove_feed_keeps_its_articles(rag, server):
    server.routes["/feed"] = feed_response("Gazette", entries("a"))
    url = server.url("/feed")
    rag.add_feeds([url])
    rag.watch()
    assert rag.remove_feed(url) is True
    assert rag.remove_feed(url) is False
    assert rag.feeds() == [] and rag.stats()["articles"] == 1


def test_bad_feed_urls_are_refused_before_any_is_added(rag):
    from rag.errors import SourceError

    for bad in ("ftp://example.org/feed", "not a url", "https://user:pw@example.org/rss"):
        with pytest.raises(SourceError):
            rag.add_feeds(["https://ok.example.org/rss", bad])
    assert rag.feeds() == []


def test_a_feed_the_fetcher_would_refuse_is_refused_when_added(tmp_path):
    """Found subscribing to a local test site: `feeds add http://127.0.0.1:8765/feed.xml` said "subscribed",
    and only each poll said the address is refused. An IP address or localhost outside fetch_allow_hosts is
    refused when added, with the same advice; a host name is checked when fetched (no DNS lookup here)."""
    from rag.errors import SourceError

    strict = make_rag(tmp_path, fetch_allow_hosts=[])
    for refused in (
        "http://127.0.0.1:8765/feed.xml",
        "http://localhost/rss",
        "http://10.1.2.3/rss",
        "http://[::1]/rss",
    ):
        with pytest.raises(SourceError, match="NEWSRAG_FETCH_ALLOW_HOSTS"):
            strict.add_feeds(["https://ok.example.org/rss", refused])
    assert strict.feeds() == []
    strict.add_feeds(["https://intranet.invalid/rss"])  # a name: resolved when polled
    allowed = make_rag(tmp_path / "allowed", fetch_allow_hosts=["127.0.0.1"])
    assert [f.url for f in allowed.add_feeds(["http://127.0.0.1:8765/feed.xml"])] == ["http://127.0.0.1:8765/feed.xml"]


def test_retention_removes_old_articles_and_does_not_take_them_back(tmp_path, server):
    from .conftest import write_jsonl

    rag = make_rag(tmp_path, retention_days=30)
    now = datetime.now(UTC)
    dump = write_jsonl(
        tmp_path / "old.jsonl",
        [
            {"title": "Old harbour story", "text": entry_text("old"), "published_at": "2020-01-05"},
            {"title": "Recent budget story", "text": entry_text("recent"), "published_at": now.isoformat()},
        ],
    )
    assert rag.ingest([dump]).added == 2
    server.routes["/feed"] = feed_response(
        "Gazette",
        [{"key": "new", "date": now - timedelta(days=2)}, {"key": "ancient", "date": now - timedelta(days=100)}],
    )
    url = server.url("/feed")
    rag.add_feeds([url])
    [old_id] = [r.id for r in rag.manifest.rows() if r.title == "Old harbour story"]
    done = rag.watch()
    feed = only(done, url)
    assert (feed.added, feed.skipped) == (1, 1)
    if hasattr(rag.manifest, "versions"):  # with article versions (issue 14's versions part): gone too
        assert rag.manifest.versions(old_id) == []
    assert "retention" in feed.skipped_reasons[0]
    assert done.retention_removed == 1 and done.retention_cutoff is not None
    assert "retention removed 1 articles" in done.summary()
    titles = {r.title for r in rag.manifest.rows()}
    assert titles == {"Recent budget story", "Story new"}
    manifest_chunks = {row[0] for row in rag.manifest.iter_chunks()}
    assert set(rag.store.all_ids()) == manifest_chunks  # the old article's chunks left the vector store too
    hits = rag.retrieve("Old harbour story", top_k=5).passages
    assert all(p.title != "Old harbour story" for p in hits)
    again = rag.watch(force=True)
    assert (only(again, url).added, again.retention_removed) == (0, 0)
    assert rag.stats()["articles"] == 2


def test_the_keyword_index_knows_the_articles_of_a_round(tmp_path, server):
    rag = make_rag(tmp_path)
    server.routes["/a"] = feed_response("A", [{"key": "a1", "text": entry_text("a1", extra=" Zanzibarite minerals.")}])
    server.routes["/b"] = feed_response("B", [{"key": "b1", "text": entry_text("b1", extra=" Quokkaland ferries.")}])
    rag.add_feeds([server.url("/a"), server.url("/b")])
    rag.watch()
    keyword_only = make_rag(tmp_path, retrieval_mode="keyword")
    for word, title in (("Zanzibarite", "Story a1"), ("Quokkaland", "Story b1")):
        passages = keyword_only.retrieve(word, top_k=1).passages
        assert passages and passages[0].title == title


def test_validators_follow_the_server(rag, server):
    server.routes["/feed"] = [feed_response("G", entries("a"), etag='"1"'), feed_response("G", entries("a", "b"))]
    rag.add_feeds([server.url("/feed")])
    rag.watch()
    rag.watch(force=True)  # the server stopped sending an ETag: the old one is not sent any more
    rag.watch(force=True)
    sent = [r.headers.get("If-None-Match") for r in server.hits("/feed")]
    assert sent == [None, '"1"', None]


def test_summary_only_entries_are_fetched_in_full_once(rag, server):
    from rag.watch import _has_fulltext

    if not _has_fulltext():
        pytest.skip("ingest.fulltext (the full-text step of issue 14) is not in this tree")
    body = " ".join(f"Paragraph {i} of the full harbour report says the pier repairs cost more." for i in range(40))
    server.routes["/page"] = Response(
        200,
        f"<html><head><title>Harbour report</title></head><body><article><h1>Harbour report</h1><p>{body}</p>"
        "</article></body></html>".encode(),
        {"Content-Type": "text/html; charset=utf-8"},
    )
    summary = {
        "key": "h",
        "title": "Harbour report",
        "text": "The pier repairs cost more.",
        "link": server.url("/page"),
    }
    server.routes["/feed"] = feed_response("Gazette", [summary])
    url = server.url("/feed")
    rag.add_feeds([url])
    first = only(rag.watch(), url)
    assert first.added == 1 and len(server.hits("/page")) == 1
    [row] = rag.manifest.rows()
    assert "Paragraph 39" in " ".join(t for _, aid, t, *_ in rag.manifest.iter_chunks() if aid == row.id)
    again = only(rag.watch(force=True), url)
    assert (again.unchanged, again.chunks_embedded) == (1, 0)
    assert len(server.hits("/page")) == 1  # the entry is unchanged: its page is not fetched again
    assert rag.feeds()[0].articles == 1


def test_a_hosts_retry_after_holds_its_other_feeds_too(rag, server):
    server.routes["/a"] = Response(429, b"", {"Retry-After": "600"})
    server.routes["/b"] = feed_response("B", entries("b1"))
    a, b = server.url("/a"), server.url("/b")
    rag.add_feeds([a, b])
    done = rag.watch()
    assert only(done, a).status == "rate_limited"
    held = only(done, b)
    assert "its host asked to wait" in held.error and held.added == 0
    assert server.hits("/b") == []
    assert {f.url: f.status for f in rag.feeds()}[b] == "new"  # not polled: still due


def test_a_story_corrected_on_its_page_becomes_a_new_version_while_its_feed_stays_the_same(tmp_path, server):
    """Found with `newsrag watch` on a local site: a page corrected after its feed entry was read ("three
    dock workers", with a correction notice) never reached the index, since the feed answered 304 and its
    entry was unchanged. The pages of recent entries are read again at each poll (`recheck_hours`)."""
    from rag.watch import _has_fulltext

    if not _has_fulltext():
        pytest.skip("ingest.fulltext is not in this tree")

    def page(injured: str, note: str = "") -> Response:
        body = " ".join(
            f"Paragraph {i} says inspectors examined the crane site at Port Ilm harbour." for i in range(20)
        )
        return Response(
            200,
            f"<html><head><title>Crane collapses</title></head><body><article><h1>Crane collapses</h1>"
            f"<p>A container crane collapsed at Port Ilm harbour, injuring {injured} dock workers.</p>{note}"
            f"<p>{body}</p></article></body></html>".encode(),
            {"Content-Type": "text/html; charset=utf-8"},
        )

    server.routes["/crane"] = page("two")
    recent = datetime.now(UTC) - timedelta(hours=3)
    entry = {"key": "crane", "title": "Crane collapses", "text": "A crane collapsed.", "link": server.url("/crane")}
    server.routes["/feed"] = feed_response("Port Ilm Post", [{**entry, "date": recent}], etag='"v1"')
    url = server.url("/feed")
    rag = make_rag(tmp_path)
    rag.add_feeds([url])
    first = only(rag.watch(), url)
    assert (first.added, first.rechecked) == (1, 0) and len(server.hits("/crane")) == 1  # written, not rechecked
    [row] = rag.manifest.rows()
    assert row.text_source == "page"

    server.routes["/crane"] = page("three", "<p>Correction: An earlier version said two workers were injured.</p>")
    second = only(rag.watch(force=True), url)
    assert second.not_modified and (second.rechecked, second.updated) == (1, 1) and second.chunks_embedded >= 1
    assert "rechecked 1 page, updated 1" in second.line()
    assert [v.version for v in rag.manifest.versions(row.id)] == [1, 2]
    answer = rag.ask("How many dock workers were injured at Port Ilm?")
    assert "three dock workers" in answer.text and answer.citations[0].version == 2

    third = only(rag.watch(force=True), url)  # read again, the same: nothing written
    assert (third.rechecked, third.updated, third.chunks_embedded) == (1, 0, 0)
    assert len(server.hits("/crane")) == 3
    off = make_rag(tmp_path, recheck_hours=0)
    assert only(off.watch(force=True), url).rechecked == 0 and len(server.hits("/crane")) == 3
