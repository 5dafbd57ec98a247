"""A scriptable HTTP server on 127.0.0.1 for the feed watcher's tests.

Each path serves a `Route`: a status, headers and a body, optionally after a delay, with
conditional GET (an ETag / Last-Modified answered by 304 when the request carries it), or
a script of responses used one per request (500, 500, then the feed). Every request is
recorded (path and headers) so tests can assert what the watcher sent.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    etag: str | None = None  # answered with 304 when If-None-Match matches
    last_modified: str | None = None  # answered with 304 when If-Modified-Since equals it
    endless: bool = False  # after the headers, a byte every 10 ms for ever


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Response | list[Response] | Callable[[Request], Response]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                req = Request(self.path, {k: v for k, v in self.headers.items()})
                server.requests.append(req)
                resp = server._response(req)
                if resp.delay:
                    time.sleep(resp.delay)
                if resp.etag and self.headers.get("If-None-Match") == resp.etag:
                    return self._send(Response(304, headers={"ETag": resp.etag}))
                if resp.last_modified and self.headers.get("If-Modified-Since") == resp.last_modified:
                    return self._send(Response(304, headers={"Last-Modified": resp.last_modified}))
                return self._send(resp)

            def _send(self, resp: Response) -> None:
                try:
                    self.send_response(resp.status)
                    headers = dict(resp.headers)
                    if resp.etag and resp.status != 304:
                        headers.setdefault("ETag", resp.etag)
                    if resp.last_modified and resp.status != 304:
                        headers.setdefault("Last-Modified", resp.last_modified)
                    if not resp.endless:
                        headers.setdefault("Content-Length", str(len(resp.body)))
                    headers.setdefault("Connection", "close")
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    if resp.endless:
                        while True:
                            self.wfile.write(b"<item>" * 1000)
                            self.wfile.flush()
                            time.sleep(0.01)
                    elif resp.status != 304:
                        self.wfile.write(resp.body)
                except OSError:
                    pass
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _response(self, req: Request) -> Response:
        path = req.path.split("?", 1)[0]
        route = self.routes.get(path)
        if route is None:
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        if callable(route):
            return route(req)
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


WORDS = (
    "The regional council met on {day} to discuss the harbour budget, the new tram line and the schools. "
    "Officials from {outlet} said the plan for story {key} would be reviewed again next month after the "
    "public consultation closes, and residents asked for more details about costs and timing. "
)


def entry_text(key: str, outlet: str = "Valmora Gazette", day: str = "Monday", extra: str = "") -> str:
    return (WORDS.format(key=key, outlet=outlet, day=day) * 4 + extra).strip()


def rss(title: str, entries: list[dict], *, base: str = "https://news.example.org") -> bytes:
    """An RSS 2.0 feed; each entry: key (makes the link), and optional title, text, date (datetime), link
    (False: none; entries with a link and a short text are summary-only, which the full-text step fetches)."""
    items = []
    for e in entries:
        when = e.get("date") or datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
        items.append(
            f"<item><title>{escape(e.get('title') or 'Story ' + e['key'])}</title>"
            + (
                ""  # link=False: an entry without a link (its id is its title and text)
                if e.get("link") is False
                else f"<link>{escape(e.get('link') or base + '/' + e['key'])}</link>"
                f"<guid>{escape(e.get('link') or base + '/' + e['key'])}</guid>"
            )
            + f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
            f"<description>{escape(e.get('text') or entry_text(e['key']))}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(base)}</link>{''.join(items)}</channel></rss>"
    ).encode()


def feed_response(title: str, entries: list[dict], **kw) -> Response:
    return Response(200, rss(title, entries), {"Content-Type": "application/rss+xml"}, **kw)
