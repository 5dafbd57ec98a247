"""The public records of subscriptions and watch rounds, and the DURATION syntax (30m, 1h, 900s, 1d)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError
from .models import iso_from_ts

# A subscription's status: `new` (never polled), `ok` (last poll read the feed), `not_modified` (the
# server answered 304), `error` (the last poll failed; retried with backoff), `rate_limited` (429/503:
# retried after the server's Retry-After), `failing` (feed_failing_after errors in a row; still retried
# at the longest backoff).
STATUSES = ("new", "ok", "not_modified", "error", "rate_limited", "failing")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_S = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """Seconds of a DURATION: a number with an optional unit s, m, h or d (30m, 1h, 900s, 1d, 900)."""
    match = _DURATION.match(str(text))
    if not match:
        raise ConfigError(f"not a duration: {text!r}; write a number and a unit, e.g. 900s, 30m, 1h or 1d")
    seconds = round(float(match.group(1)) * _UNIT_S[match.group(2).lower()])
    if seconds < 1:
        raise ConfigError(f"duration {text!r} is shorter than one second; e.g. 30m, 1h or 1d")
    return seconds


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _iso(ts: float | None) -> str | None:
    return iso_from_ts(int(ts)) if ts is not None else None


@dataclass
class FeedStatus:
    """One subscription and its health, as `newsrag feeds list` shows it (times are Unix seconds)."""

    url: str
    title: str | None
    every_s: int
    status: str
    last_checked: float | None
    last_changed: float | None
    next_due: float | None
    articles: int
    consecutive_errors: int
    last_error: str | None
    http_status: int | None = None
    retry_after: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fields of `feeds list --json`: times as ISO 8601 (UTC), None when never."""
        return {
            "url": self.url,
            "title": self.title,
            "every_s": self.every_s,
            "status": self.status,
            "last_checked": _iso(self.last_checked),
            "last_changed": _iso(self.last_changed),
            "next_due": _iso(self.next_due),
            "articles": self.articles,
            "consecutive_errors": self.consecutive_errors,
            "last_error": self.last_error,
        }


@dataclass
class FeedResult:
    """What one poll of one feed did (a line of `newsrag watch`)."""

    url: str
    status: str = "ok"
    http_status: int | None = None
    not_modified: bool = False
    entries: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    chunks_embedded: int = 0
    rechecked: int = 0  # recent articles' pages read again (`recheck_hours`)
    seconds: float = 0.0
    error: str | None = None
    skipped_reasons: list[str] = field(default_factory=list)  # the first few, for the text report

    def to_dict(self) -> dict[str, Any]:
        """The object `newsrag watch --json` prints for this feed (exactly these fields; the feed's
        status and error are attributes here, in `line()`, and in `newsrag feeds list`)."""
        return {
            "url": self.url,
            "http_status": self.http_status,
            "not_modified": self.not_modified,
            "entries": self.entries,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "chunks_embedded": self.chunks_embedded,
            "rechecked": self.rechecked,
            "seconds": round(self.seconds, 3),
        }

    def line(self) -> str:
        """One line for the terminal: status, feed, what happened."""
        return f"{self.status:<12} {self.url}{':' if self.error or not self.not_modified else ''} {self.detail()}"

    def detail(self) -> str:
        """What the poll did, without the status and the URL."""
        if self.error:
            return self.error
        rechecked = f"; rechecked {self.rechecked} page{'s' if self.rechecked != 1 else ''}" if self.rechecked else ""
        if self.not_modified:
            if self.rechecked:
                return f"(HTTP 304{rechecked}, updated {self.updated}, {self.seconds:.1f}s)"
            return f"(HTTP 304, {self.seconds:.1f}s)"
        return (
            f"{self.entries} entries, added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped}{rechecked} ({self.chunks_embedded} chunks embedded, {self.seconds:.1f}s)"
        )


@dataclass
class WatchRound:
    """One round of the watcher: a result per polled feed, and what retention removed."""

    feeds: list[FeedResult] = field(default_factory=list)
    retention_removed: int = 0
    retention_cutoff: float | None = None
    seconds: float = 0.0

    @property
    def chunks_embedded(self) -> int:
        return sum(f.chunks_embedded for f in self.feeds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feeds": [f.to_dict() for f in self.feeds],
            "retention_removed": self.retention_removed,
            "retention_cutoff": _iso(self.retention_cutoff),
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        failed = sum(1 for f in self.feeds if f.error)
        text = (
            f"round: {len(self.feeds)} feeds polled, {failed} failed, "
            f"{sum(f.added for f in self.feeds)} added, {sum(f.updated for f in self.feeds)} updated, "
            f"{self.chunks_embedded} chunks embedded ({self.seconds:.1f}s)"
        )
        if self.retention_cutoff is not None:
            text += (
                f"; retention removed {self.retention_removed} articles published before {_iso(self.retention_cutoff)}"
            )
        return text
