"""A local news site for the feeds benchmark: N RSS feeds of M entries each, on 127.0.0.1.

Entries are built at run time from real articles (a corpus JSONL such as
../shared/data/rtqa-2023jan/corpus.jsonl; nothing of it is committed) and carry their full
text in `content:encoded`, so the watcher needs no page fetch. Each feed answers
conditional GETs: its ETag is the hash of its body and its Last-Modified the time it last
changed; a matching If-None-Match (or, without one, an If-Modified-Since not older than
the change) gets 304 with no body.

`FeedSite.change(fraction)` (or `POST /admin/change?fraction=0.05`) makes that share of
all entries new or corrected (half each): a new entry goes on top of its feed and the entry
picked for it drops out of the feed; a corrected one gets a changed first sentence and a
correction note. Only the feeds touched
get a new ETag.

Paths: `/feeds/<i>.xml` (i from 0), `/feeds.opml`, `GET /admin/stats` (requests and 304s
since the last `POST /admin/reset`), `POST /admin/change?fraction=F&seed=S`.

    python bench/feed_server.py --corpus ../shared/data/rtqa-2023jan/corpus.jsonl --port 8765
"""

from __future__ import annotations

import argparse
import hashlib
import html
import http.server
import json
import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

CORRECTION = "Correction: an earlier version of this article misstated a detail; it has been updated (revision {n})."


def load_articles(corpus: Path, *, min_words: int = 200) -> list[dict[str, Any]]:
    """The corpus's articles of at least `min_words` words (shorter ones would count as summaries
    and send the watcher to fetch their pages), as {title, text, published_at}."""
    out = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text") or ""
            if len(text.split()) >= min_words and record.get("title"):
                out.append({"title": record["title"], "text": text, "published_at": record.get("published_at")})
    if not out:
        raise SystemExit(f"{corpus} holds no article of {min_words} words or more")
    return out


@dataclass
class Entry:
    guid: str
    title: str
    text: str
    published: datetime
    revision: int = 0


@dataclass
class Feed:
    index: int
    entries: list[Entry]  # newest first
    changed_at: datetime
    body: bytes = b""
    etag: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _date(value: Any, fallback: datetime) -> datetime:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return fallback
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _content_html(text: str) -> str:
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())


def _corrected(text: str, revision: int) -> str:
    """The text with its first sentence reworded and a correction note at the end."""
    head, dot, rest = text.partition(". ")
    if dot:
        head = f"{head} (updated)"
    return f"{head}{dot}{rest}\n\n{CORRECTION.format(n=revision)}"


class FeedSite:
    """The feeds, their entries and the request counters; thread-safe."""

    def __init__(self, articles: list[Mapping[str, Any]], *, feeds: int = 200, entries: int = 20) -> None:
        if feeds < 1 or entries < 1:
            raise ValueError("feeds and entries must be at least 1")
        self.base_url = "http://127.0.0.1"
        self._articles = list(articles)
        self._next_article = 0
        self._next_id = 0
        self._lock = threading.Lock()
        self.requests = 0
        self.not_modified = 0
        self.by_status: dict[int, int] = {}
        now = datetime.now(UTC).replace(microsecond=0)
        self.feeds = [Feed(i, [self._new_entry(i) for _ in range(entries)], now) for i in range(feeds)]

    # --- content

    def _new_entry(self, feed: int) -> Entry:
        article = self._articles[self._next_article % len(self._articles)]
        self._next_article += 1
        self._next_id += 1
        n = self._next_id
        fallback = datetime(2023, 1, 1, tzinfo=UTC)
        return Entry(
            guid=f"/news/{feed}/{n}",
            title=f"{article['title']} (#{n})",  # one corpus article may serve several entries
            text=str(article["text"]),
            published=_date(article.get("published_at"), fallback),
        )

    def feed_url(self, i: int) -> str:
        return f"{self.base_url}/feeds/{i}.xml"

    def urls(self) -> list[str]:
        return [self.feed_url(i) for i in range(len(self.feeds))]

    def _render(self, feed: Feed) -> None:
        items = []
        for e in feed.entries:
            link = self.base_url + e.guid
            items.append(
                f"<item><title>{html.escape(e.title)}</title><link>{html.escape(link)}</link>"
                f"<guid isPermaLink='true'>{html.escape(link)}</guid>"
                f"<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate>"
                f"<description>{html.escape(' '.join(e.text.split()[:40]))}</description>"
                f"<content:encoded>{_cdata(_content_html(e.text))}</content:encoded></item>"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Bench Wire {feed.index}</title><link>{self.base_url}/</link>"
            f"<description>Feed {feed.index} of the newsrag feeds benchmark</description>"
            f"<lastBuildDate>{format_datetime(feed.changed_at, usegmt=True)}</lastBuildDate>"
            + "".join(items)
            + "</channel></rss>"
        ).encode("utf-8")
        feed.body = body
        feed.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    def change(self, fraction: float, seed: int = 0) -> dict[str, int]:
        """Make `fraction` of all entries new or corrected (half each, new first on odd counts)."""
        with self._lock:
            slots = [(f.index, j) for f in self.feeds for j in range(len(f.entries))]
            k = round(len(slots) * fraction)
            chosen = random.Random(seed).sample(slots, k)
            n_new = (k + 1) // 2
            picked = [(fi, self.feeds[fi].entries[j]) for fi, j in chosen]  # distinct entries, before any change
            touched: set[int] = set()
            for n, (fi, entry) in enumerate(picked):
                feed = self.feeds[fi]
                if n < n_new:  # a new story on top of the feed; the picked entry drops out of it
                    feed.entries.remove(entry)
                    feed.entries.insert(0, self._new_entry(fi))
                else:
                    entry.revision += 1
                    entry.text = _corrected(entry.text, entry.revision)
                touched.add(fi)
            now = datetime.now(UTC).replace(microsecond=0)
            for fi in touched:
                feed = self.feeds[fi]
                # Strictly later than the last change, so If-Modified-Since sees it even within the same second.
                feed.changed_at = max(now, feed.changed_at + timedelta(seconds=1))
                feed.body = b""  # rendered again on the next request
            return {"new": n_new, "corrected": k - n_new, "entries": k, "feeds_changed": len(touched)}

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": self.requests,
                "not_modified": self.not_modified,
                "by_status": dict(self.by_status),
                "feeds": len(self.feeds),
                "entries": sum(len(f.entries) for f in self.feeds),
            }

    def reset_stats(self) -> None:
        with self._lock:
            self.requests, self.not_modified, self.by_status = 0, 0, {}

    def opml(self) -> bytes:
        outlines = "".join(
            f'<outline type="rss" text="Bench Wire {i}" title="Bench Wire {i}" xmlUrl="{html.escape(url)}"/>'
            for i, url in enumerate(self.urls())
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>newsrag feeds bench</title></head>'
            f"<body>{outlines}</body></opml>"
        ).encode()

    # --- HTTP

    def answer(self, path: str, headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a GET of `path` (the request's `headers` for conditional GET)."""
        parts = urlsplit(path)
        if parts.path == "/feeds.opml":
            return 200, {"Content-Type": "text/x-opml"}, self.opml()
        if parts.path == "/admin/stats":
            return 200, {"Content-Type": "application/json"}, json.dumps(self.stats()).encode()
        name = parts.path.removeprefix("/feeds/").removesuffix(".xml")
        if not (parts.path.startswith("/feeds/") and parts.path.endswith(".xml") and name.isdigit()):
            return 404, {"Content-Type": "text/plain"}, b"not found"
        i = int(name)
        if i >= len(self.feeds):
            return 404, {"Content-Type": "text/plain"}, b"no such feed"
        with self._lock:
            feed = self.feeds[i]
            if not feed.body:
                self._render(feed)
            body, etag, changed = feed.body, feed.etag, feed.changed_at
        validators = {"ETag": etag, "Last-Modified": format_datetime(changed, usegmt=True)}
        if _not_modified(headers, etag, changed):
            return 304, validators, b""
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", **validators}, body

    def count(self, status: int) -> None:
        with self._lock:
            self.requests += 1
            self.by_status[status] = self.by_status.get(status, 0) + 1
            if status == 304:
                self.not_modified += 1

    def serve(self, port: int = 0) -> FeedServer:
        return FeedServer(self, port)


def _not_modified(headers: Mapping[str, str], etag: str, changed: datetime) -> bool:
    match = headers.get("If-None-Match")
    if match is not None:
        tags = [t.strip().removeprefix("W/") for t in match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return changed <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


class FeedServer:
    """The site on 127.0.0.1 (a threaded HTTP server in a daemon thread); `stop()` ends it."""

    def __init__(self, site: FeedSite, port: int = 0) -> None:
        self.site = site

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _send(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
                site.count(status)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304 and self.command != "HEAD":
                    self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                self._send(*site.answer(self.path, self.headers))

            def do_POST(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                if parts.path == "/admin/change":
                    fraction = float(query.get("fraction", ["0.05"])[0])
                    seed = int(query.get("seed", ["0"])[0])
                    body = json.dumps(site.change(fraction, seed)).encode()
                elif parts.path == "/admin/reset":
                    site.reset_stats()
                    body = b"{}"
                else:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found")
                    return
                self._send(200, {"Content-Type": "application/json"}, body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        site.base_url = f"http://127.0.0.1:{self.port}"
        for feed in site.feeds:
            feed.body = b""  # links carry the port: render again
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self.site.base_url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def synthetic_articles(n: int, words: int = 250) -> list[dict[str, Any]]:
    """Articles of `words` words each, for tests (the bench uses the real corpus)."""
    return [
        {
            "title": f"Synthetic story {i}",
            "text": " ".join(f"Sentence {k} of story {i} reports a fact." for k in range(words // 7 + 1)),
            "published_at": "2023-01-15",
        }
        for i in range(n)
    ]


def main(argv: Iterable[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--corpus", required=True, help="corpus JSONL of real articles")
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--entries", type=int, default=20)
    p.add_argument("--port", type=int, default=8765)
    args = p.parse_args(list(argv) if argv is not None else None)
    site = FeedSite(load_articles(Path(args.corpus)), feeds=args.feeds, entries=args.entries)
    server = site.serve(args.port)
    print(f"{len(site.feeds)} feeds at {server.url}/feeds/<i>.xml, OPML at {server.url}/feeds.opml; Ctrl-C ends")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
