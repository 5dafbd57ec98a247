"""Subscriptions, kept in the index's manifest (SQLite): they survive restarts and travel with the data dir.

Tables (declared in rag/manifest.py's schema): `feeds`, one row per subscription with its
polling state (ETag, Last-Modified, status, errors, next due time), and `feed_articles`,
which article each feed carried and the hash of the entry it came from (so an entry seen
before, unchanged, is passed over without parsing it again into the pipeline). A feed's
state is written only after its articles are committed, in one transaction with its links:
a watcher killed in between leaves the old state, and the next round redoes that feed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ingest.urls import has_userinfo

from .errors import SourceError
from .feeds_models import FeedStatus
from .manifest import Manifest

_COLUMNS = (
    "url, title, every_s, etag, last_modified, status, http_status, last_checked, last_changed, next_due,"
    " consecutive_errors, last_error, retry_after"
)


@dataclass
class FeedRow:
    url: str
    title: str | None
    every_s: int | None  # None: the feed_every_s setting
    etag: str | None
    last_modified: str | None
    status: str
    http_status: int | None
    last_checked: float | None
    last_changed: float | None
    next_due: float | None
    consecutive_errors: int
    last_error: str | None
    retry_after: float | None  # Unix time before which the server asked not to be asked again


def check_feed_url(url: str) -> str:
    """`url` stripped, when it can be a feed's address (http or https, with a host); SourceError otherwise."""
    url = str(url).strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise SourceError(f"not a feed URL: {url!r}; give the http(s) address of an RSS or Atom feed")
    if has_userinfo(url):
        raise SourceError("a feed URL with user:password@ cannot be subscribed to; use a feed without credentials")
    return url


class FeedStore:
    def __init__(self, manifest: Manifest, default_every_s: int) -> None:
        self.manifest = manifest
        self.default_every_s = default_every_s

    def every(self, row: FeedRow) -> int:
        return row.every_s or self.default_every_s

    # --- subscriptions
    def add(self, url: str, *, title: str | None = None, every_s: int | None = None) -> bool:
        """Subscribe (True), or update the interval / fill in the title of a known feed (False)."""
        url = check_feed_url(url)
        with self.manifest.transaction() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO feeds (url, title, every_s, status, added_at) VALUES (?, ?, ?, 'new', ?)",
                (url, title, every_s, time.time()),
            )
            if cur.rowcount:
                return True
            if every_s is not None:
                conn.execute("UPDATE feeds SET every_s = ? WHERE url = ?", (every_s, url))
            if title:
                conn.execute("UPDATE feeds SET title = COALESCE(title, ?) WHERE url = ?", (title, url))
            return False

    def remove(self, url: str) -> bool:
        """Unsubscribe (the articles stay in the index); False when `url` is not subscribed."""
        url = str(url).strip()
        with self.manifest.transaction() as conn:
            gone = conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount
            conn.execute("DELETE FROM feed_articles WHERE feed_url = ?", (url,))
        return bool(gone)

    def get(self, url: str) -> FeedRow | None:
        rows = self.manifest.select(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))
        return FeedRow(*rows[0]) if rows else None

    def rows(self) -> list[FeedRow]:
        return [FeedRow(*r) for r in self.manifest.select(f"SELECT {_COLUMNS} FROM feeds ORDER BY added_at, url")]

    def due(self, now: float, *, force: bool = False) -> list[FeedRow]:
        """The feeds to poll now: never polled or past their next due time (every feed with `force`)."""
        rows = self.rows()
        if force:
            return rows
        return [r for r in rows if r.next_due is None or r.next_due <= now]

    def next_due(self) -> float | None:
        rows = self.manifest.select("SELECT MIN(COALESCE(next_due, 0)) FROM feeds")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def statuses(self) -> list[FeedStatus]:
        counts = dict(
            self.manifest.select(
                "SELECT fa.feed_url, COUNT(DISTINCT fa.article_id) FROM feed_articles fa JOIN articles a ON a.id = fa.article_id "
                "GROUP BY fa.feed_url"
            )
        )
        return [
            FeedStatus(
                url=r.url,
                title=r.title,
                every_s=self.every(r),
                status=r.status,
                last_checked=r.last_checked,
                last_changed=r.last_changed,
                next_due=r.next_due,
                articles=int(counts.get(r.url, 0)),
                consecutive_errors=r.consecutive_errors,
                last_error=r.last_error,
                http_status=r.http_status,
                retry_after=r.retry_after,
            )
            for r in self.rows()
        ]

    # --- what a feed carried
    def known_entries(self, url: str) -> dict[str, str | None]:
        """entry id -> entry hash, for this feed's entries whose article is still in the index."""
        return dict(
            self.manifest.select(
                "SELECT fa.entry_id, fa.entry_hash FROM feed_articles fa JOIN articles a ON a.id = fa.article_id "
                "WHERE fa.feed_url = ?",
                (url,),
            )
        )

    def recent_pages(
        self, url: str, since_ts: float, limit: int
    ) -> list[tuple[str, str, str, str | None, int | None, int | None]]:
        """(article id, URL, title, outlet, published ts, its UTC offset in minutes) of this feed's articles whose text was read from their
        page and that were published at or after `since_ts` (undated ones: ingested), newest first."""
        return self.manifest.select(
            "SELECT DISTINCT a.id, a.url, a.title, a.outlet, a.published_ts, a.published_offset FROM feed_articles fa"
            " JOIN articles a ON a.id = fa.article_id WHERE fa.feed_url = ? AND a.text_source = 'page'"
            " AND a.url IS NOT NULL AND COALESCE(a.published_ts, a.ingested_at) >= ?"
            " ORDER BY COALESCE(a.published_ts, a.ingested_at) DESC, a.id LIMIT ?",
            (url, since_ts, limit),
        )

    def forget_articles(self, article_ids: Sequence[str]) -> None:
        with self.manifest.transaction() as conn:
            conn.executemany("DELETE FROM feed_articles WHERE article_id = ?", [(i,) for i in article_ids])

    # --- poll outcomes (UPDATE only: a feed removed during a round stays removed)
    def record_read(
        self,
        url: str,
        *,
        now: float,
        http_status: int,
        not_modified: bool,
        etag: str | None,
        last_modified: str | None,
        title: str | None,
        changed: bool,
        next_due: float,
        links: Iterable[tuple[str, str, str | None]] = (),
    ) -> None:
        """A successful poll (200 or 304): its state and (entry id, article id, entry hash) links, in one
        transaction. The entry id is the id of the article the feed entry makes; the article id, of the
        one indexed from it (another when the full text's page names another canonical URL)."""
        with self.manifest.transaction() as conn:
            # A 200 replaces the validators with the response's (none when it sends none); a 304 keeps
            # the ones that matched unless it sends new ones.
            keep = "COALESCE(?, {0})" if not_modified else "?"
            conn.execute(
                f"UPDATE feeds SET status = ?, http_status = ?, etag = {keep.format('etag')},"
                f" last_modified = {keep.format('last_modified')}, title = COALESCE(title, ?), last_checked = ?,"
                " last_changed = CASE WHEN ? THEN ? ELSE last_changed END, next_due = ?, consecutive_errors = 0,"
                " last_error = NULL, retry_after = NULL WHERE url = ?",
                (
                    "not_modified" if not_modified else "ok",
                    http_status,
                    etag,
                    last_modified,
                    title,
                    now,
                    changed,
                    now,
                    next_due,
                    url,
                ),
            )
            if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                conn.executemany(
                    "INSERT OR REPLACE INTO feed_articles (feed_url, entry_id, article_id, entry_hash)"
                    " VALUES (?, ?, ?, ?)",
                    [(url, eid, aid, h) for eid, aid, h in links],
                )

    def record_error(
        self,
        url: str,
        *,
        now: float,
        status: str,
        error: str,
        http_status: int | None,
        consecutive_errors: int,
        next_due: float,
        retry_after: float | None,
    ) -> None:
        with self.manifest.transaction() as conn:
            conn.execute(
                "UPDATE feeds SET status = ?, http_status = ?, last_checked = ?, next_due = ?,"
                " consecutive_errors = ?, last_error = ?, retry_after = ? WHERE url = ?",
                (status, http_status, now, next_due, consecutive_errors, error, retry_after, url),
            )
