"""Subscriptions and the watcher against real HTTP servers on 127.0.0.1 (allowed in these tests only).

The fake "hash" embedder keeps them fast; `fetch_host_interval=0` lets a test poll its one
local host without waiting (the politeness test sets it)."""

from __future__ import annotations

import pytest

from rag import NewsRAG

from .feed_server import FeedServer, entry_text, feed_response

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
