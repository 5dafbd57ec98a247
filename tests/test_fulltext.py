"""Full text for summary-only feed entries, against a real HTTP server on 127.0.0.1.

The server is loopback, which fetching refuses by default; the tests allow it with
`fetch_allow_hosts`, as in tests/test_web.py.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from urllib.parse import urlsplit

import pytest

from ingest.feeds import articles_from_feed
from ingest.fulltext import sane_canonical, with_full_text
from ingest.items import Notice, Skipped
from ingest.limits import Limits
from ingest.politeness import HostGate
from ingest.records import Article
from ingest.sources import iter_items

pytestmark = pytest.mark.network

STORY = " ".join(
    f"Paragraph {i}: the Valmora harbour authority said berth {i} reopened after repairs to the main pier."
    for i in range(30)
)
SUMMARY = "The Valmora harbour reopened on Monday after a week of repairs."


def _page(body: str, *, title: str = "Valmora harbour reopens", canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>"
        f"<meta property='og:title' content='{title}'>{link}</head>"
        f"<body><nav>Home | World</nav><article><h1>{title}</h1><p>{body}</p></article>"
        "<footer>Cookie settings</footer></body></html>"
    ).encode()


def _rss(title: str, *links: str, summary: str = SUMMARY, content: str | None = None) -> bytes:
    items = "".join(
        f"<item><title>Harbour story {i}</title><link>{link}</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate>"
        f"<description>{summary}</description>"
        + (f"<content:encoded><![CDATA[<p>{content}</p>]]></content:encoded>" if content else "")
        + "</item>"
        for i, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title>{items}</channel></rss>"
    ).encode()


class _Server:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.hits: list[tuple[float, str]] = []  # (time.monotonic(), path) of every request

    def page(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.routes[path] = (200, {"Content-Type": ctype}, body)

    def redirect(self, path: str, to: str) -> None:
        self.routes[path] = (302, {"Location": to}, b"")


@pytest.fixture
def server():
    srv = _Server()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            srv.hits.append((time.monotonic(), self.path))
            status, headers, body = srv.routes.get(urlsplit(self.path).path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    srv.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    httpd.shutdown()
    httpd.server_close()


LOCAL = Limits(fetch_allow_hosts=("127.0.0.1",), fetch_host_interval=0)


def _read(url: str, limits: Limits = LOCAL) -> tuple[list[Article], list[Notice]]:
    items = list(iter_items([url], limits))
    assert not [i for i in items if isinstance(i, Skipped)], items
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Notice)]


def test_entries_are_marked_summary_or_full():
    feed = _rss("Gazette", "https://g.example.org/a", content=STORY)
    (full,) = articles_from_feed(feed, source="f")
    assert full.text_source == "full"
    (short,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a"), source="f")
    assert short.text_source == "summary"
    (long_description,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a", summary=STORY), source="f")
    assert long_description.text_source == "full"  # RSS description with the whole text
    (threshold,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a"), source="f", summary_words=5)
    assert threshold.text_source == "full"
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>T</title>'
        b'<link href="https://a.example.org/x"/><summary>' + STORY.encode() + b"</summary></entry></feed>"
    )
    (marked,) = articles_from_feed(atom, source="f")
    assert marked.text_source == "summary"  # an Atom summary without content says what it is


BRIEF = (
    "The Valmora harbour reopened on Monday after a week of repairs to the north quay. The port authority said "
    "ferries to Osk would run on the summer timetable from Wednesday, and that the fish market would open at six "
    "as before. Two cranes damaged in the storm are still out of service."
)


def test_a_short_article_in_content_encoded_is_full_text():
    """Session 40's known gap: an RSS brief of 50 words in content:encoded, beside its one-sentence description,
    was labelled "summary only" (fewer than 150 words) and its page fetched. Content that says more than the
    description and does not end as a teaser is the article; content that is the description again, or a
    teaser ending "..." or "Read more", is still a summary."""
    (brief,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a", content=BRIEF), source="f")
    assert brief.text_source == "full"
    (again,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a", content=SUMMARY), source="f")
    assert again.text_source == "summary"
    for end in (" ...", " […]", " Read more", " Continue reading on the Gazette"):
        (teaser,) = articles_from_feed(_rss("Gazette", "https://g.example.org/a", content=BRIEF + end), source="f")
        assert teaser.text_source == "summary", end


def test_text_source_is_not_part_of_the_id_or_the_content_hash():
    a = Article.create(title="T", text="Body text.", url="https://x.example.org/a")
    b = Article.create(title="T", text="Body text.", url="https://x.example.org/a", text_source="summary")
    assert (a.id, a.content_hash, a.text_hash) == (b.id, b.content_hash, b.text_hash)
    assert b.truncated_to(1).text_source == "summary"


def test_a_summary_only_entry_is_fetched_to_its_full_text(server):
    server.page("/feed", _rss("Valmora Gazette", f"{server.url}/story/harbour?utm_source=rss"), "application/rss+xml")
    server.page("/story/harbour", _page(STORY, canonical=f"{server.url}/story/harbour?utm_medium=social"))
    (art,), notices = _read(f"{server.url}/feed")
    assert notices == []
    assert art.text_source == "page" and "berth 29 reopened" in art.text
    assert art.url == f"{server.url}/story/harbour"  # the canonical link, tracking parameters stripped
    assert art.id == hashlib.sha256(art.url.encode()).hexdigest()
    assert art.outlet == "Valmora Gazette"  # the feed's name, not the page's host
    assert art.title == "Valmora harbour reopens" and art.published_at.year == 2025  # the feed's date: page has none
    assert art.source == f"{server.url}/feed#entry1"


def test_a_page_that_cannot_be_fetched_leaves_the_summary_with_a_notice(server):
    server.page("/feed", _rss("Gazette", f"{server.url}/gone", f"{server.url}/thin"), "application/rss+xml")
    server.page("/thin", _page("Too short to be an article."))
    arts, notices = _read(f"{server.url}/feed")
    assert [a.text_source for a in arts] == ["summary", "summary"]
    assert [a.text for a in arts] == [SUMMARY, SUMMARY]
    assert [a.url for a in arts] == [f"{server.url}/gone", f"{server.url}/thin"]
    assert "HTTP 404" in notices[0].message and "indexed the feed's summary" in notices[0].message
    assert "no article in the page" in notices[1].message
    assert notices[0].source == f"{server.url}/feed#entry1"


def test_a_page_with_less_text_than_the_summary_keeps_the_summary(server):
    long_summary = " ".join(["The summary says more than the page does."] * 12)
    server.page("/feed", _rss("Gazette", f"{server.url}/p", summary=long_summary), "application/rss+xml")
    server.page("/p", _page(" ".join(["A page of few words but enough of them to count."] * 3)))
    limits = Limits(fetch_allow_hosts=("127.0.0.1",), fetch_host_interval=0, feed_summary_words=1000)
    (art,), (notice,) = _read(f"{server.url}/feed", limits)
    assert art.text_source == "summary" and "less text" in notice.message


def test_a_redirected_link_is_indexed_under_the_final_url(server):
    server.page("/feed", _rss("Gazette", f"{server.url}/go/42"), "application/rss+xml")
    server.redirect("/go/42", "/news/harbour-reopens?utm_campaign=feed")
    server.page("/news/harbour-reopens", _page(STORY))
    (art,), _ = _read(f"{server.url}/feed")
    assert art.text_source == "page" and art.url == f"{server.url}/news/harbour-reopens"


def test_one_story_through_two_feeds_and_two_urls_is_one_article(server, tmp_path, monkeypatch):
    canonical = f"{server.url}/story/harbour?utm_source=canonical"
    server.page("/feed-a", _rss("Gazette A", f"{server.url}/amp/harbour?utm_source=a"), "application/rss+xml")
    server.page("/feed-b", _rss("Gazette B", f"{server.url}/s/1?fbclid=xyz"), "application/rss+xml")
    server.page("/amp/harbour", _page(STORY, canonical=canonical))
    server.redirect("/s/1", "/story/harbour?utm_medium=b")
    server.page("/story/harbour", _page(STORY, canonical=canonical))
    (a,), _ = _read(f"{server.url}/feed-a")
    (b,), _ = _read(f"{server.url}/feed-b")
    assert a.id == b.id and a.url == b.url == f"{server.url}/story/harbour"

    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSRAG_FETCH_HOST_INTERVAL", "0")
    from rag import NewsRAG

    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash")
    report = rag.ingest([f"{server.url}/feed-a", f"{server.url}/feed-b", f"{server.url}/feed-a"])
    assert rag.stats()["articles"] == 1, report
    answer = rag.ask("Which berth reopened after repairs to the main pier?")
    assert answer.citations and {c.text_source for c in answer.citations} == {"page"}
    assert answer.to_dict()["citations"][0]["text_source"] == "page"


def test_a_summary_only_article_is_cited_as_such(server, tmp_path, monkeypatch):
    server.page("/feed", _rss("Gazette", f"{server.url}/gone"), "application/rss+xml")
    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSRAG_FETCH_HOST_INTERVAL", "0")
    from rag import NewsRAG

    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash")
    report = rag.ingest([f"{server.url}/feed"])
    assert report.added == 1
    answer = rag.ask("When did the Valmora harbour reopen?")
    assert [c.text_source for c in answer.citations] == ["summary"]
    assert rag.manifest.text_sources([answer.citations[0].article_id]) == {answer.citations[0].article_id: "summary"}


def test_canonical_links_must_be_sane():
    page = "https://news.example.co.uk/world/123"
    assert sane_canonical("https://www.example.co.uk/world/harbour", page)
    assert not sane_canonical("https://other.co.uk/world/harbour", page)  # another site: not trusted
    assert not sane_canonical("https://news.example.co.uk/", page)  # the home page
    assert not sane_canonical("ftp://news.example.co.uk/x", page)
    assert sane_canonical("https://cdn.example.org/x", "https://amp.example-cdn.net/x", "https://www.example.org/x")


def test_an_insane_canonical_falls_back_to_the_page_url(server):
    server.page("/feed", _rss("Gazette", f"{server.url}/a", f"{server.url}/b"), "application/rss+xml")
    server.page("/a", _page(STORY, canonical="https://elsewhere.example.com/stolen-story"))
    server.page("/b", _page(STORY, canonical=f"{server.url}/"))
    arts, _ = _read(f"{server.url}/feed")
    assert [a.url for a in arts] == [f"{server.url}/a", f"{server.url}/b"]


def test_pages_of_one_host_are_fetched_one_at_a_time_and_apart(server):
    links = [f"{server.url}/p{i}" for i in range(3)]
    for i in range(3):
        server.page(f"/p{i}", _page(STORY + f" Page {i}."))
    entries = list(articles_from_feed(_rss("Gazette", *links), source="feed"))
    limits = Limits(fetch_allow_hosts=("127.0.0.1",), fetch_host_interval=0.3)
    arts = list(with_full_text(entries, limits, gate=HostGate()))
    assert [a.text_source for a in arts] == ["page"] * 3
    times = [t for t, path in server.hits if path.startswith("/p")]
    assert len(times) == 3 and all(b - a >= 0.29 for a, b in zip(times, times[1:])), times


def test_a_host_gate_lets_one_request_at_a_time():
    gate, active, peak, lock = HostGate(), [0], [0], threading.Lock()

    def request(url: str) -> None:
        with gate.slot(url, 0):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.05)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=request, args=(f"https://same.example.org/{i}",)) for i in range(4)]
    threads.append(threading.Thread(target=request, args=("https://other.example.org/",)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] <= 2  # the four of one host took turns; only the other host ran beside them


def test_a_host_gate_wait_ends_when_the_watcher_stops():
    gate, stop = HostGate(), threading.Event()
    with gate.slot("https://slow.example.org/feed", 60):
        pass
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with gate.slot("https://slow.example.org/other", 60, stop):  # would wait a minute
        pass
    assert time.monotonic() - started < 5


def test_already_fetched_entries_are_passed_over(server):
    entries = list(articles_from_feed(_rss("Gazette", f"{server.url}/x"), source="feed"))
    assert list(with_full_text(entries, LOCAL, already_fetched=lambda a: True)) == []
    assert server.hits == []


def test_feed_files_are_not_fetched_unless_the_setting_says_so(server, tmp_path):
    server.page("/p", _page(STORY))
    path = tmp_path / "feed.rss"
    path.write_bytes(_rss("Gazette", f"{server.url}/p"))
    (art,), _ = _read(str(path))
    assert art.text_source == "summary" and server.hits == []
    everywhere = Limits(fetch_allow_hosts=("127.0.0.1",), fetch_host_interval=0, feed_full_text="all")
    (art,), _ = _read(str(path), everywhere)
    assert art.text_source == "page"
    off = Limits(fetch_allow_hosts=("127.0.0.1",), fetch_host_interval=0, feed_full_text="off")
    server.page("/feed", _rss("Gazette", f"{server.url}/p"), "application/rss+xml")
    (art,), _ = _read(f"{server.url}/feed", off)
    assert art.text_source == "summary"


def test_a_manifest_from_before_text_source_is_migrated_or_read_as_it_is(tmp_path):
    import sqlite3

    from rag.manifest import Manifest, ManifestRow

    path = tmp_path / "manifest.sqlite"
    manifest = Manifest(path)
    manifest.upsert([ManifestRow("a1", "h", "T", None, None, None, None, 0, None, text_source="summary")])
    manifest.upsert([ManifestRow("a2", "h", "T", None, None, None, None, 0, None)])
    assert manifest.text_sources(["a1", "a2", "missing"]) == {"a1": "summary"}
    manifest.close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN text_source")
    old = Manifest(path, read_only=True)  # cannot be migrated: read as it is
    assert old.text_sources(["a1"]) == {} and {r.text_source for r in old.rows()} == {None}
    old.close()
    migrated = Manifest(path)
    migrated.upsert([ManifestRow("a3", "h", "T", None, None, None, None, 0, None, text_source="full")])
    assert migrated.text_sources(["a1", "a3"]) == {"a3": "full"}
    migrated.close()
