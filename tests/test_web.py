"""URL and feed ingestion over real HTTP, against a server the test starts on 127.0.0.1."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from ingest.records import Article
from ingest.sources import iter_items
from ingest.web import FetchLimits

from .test_sources import HTML, RSS

pytestmark = pytest.mark.network


@pytest.fixture
def server():
    pages = {
        "/article": ("text/html; charset=utf-8", HTML.encode()),
        "/feed": ("application/rss+xml", RSS.encode()),
        "/big": ("text/html", b"<html>" + b"x" * 5000 + b"</html>"),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path not in pages:
                self.send_error(404)
                return
            ctype, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_article_url_is_fetched_and_extracted(server):
    (art,) = list(iter_items([f"{server}/article"]))
    assert isinstance(art, Article)
    assert art.outlet == "Valmora Gazette" and "berth 12" in art.text
    assert art.url == "https://gazette.example.org/harbour-reopens"  # the page's canonical URL


def test_feed_url_gives_one_article_per_entry(server):
    items = list(iter_items([f"{server}/feed"]))
    assert [i.title for i in items] == ["Harbour reopens", "Council votes on budget"]


def test_unreachable_and_missing_urls_are_reasons(server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    items = list(iter_items([f"{server}/missing", f"http://127.0.0.1:{closed_port}/x"]))
    assert "HTTP 404" in items[0].reason
    assert "unreachable" in items[1].reason


def test_size_limit(server):
    (item,) = list(iter_items([f"{server}/big"], FetchLimits(max_bytes=1000)))
    assert "larger than 1000 bytes" in item.reason
