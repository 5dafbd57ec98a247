"""Search filters (date range, outlets) and their translation into store queries.

Dates are stored as epoch seconds because Chroma's $gte/$lte take numbers only. A day bound ("since
2026-12-04") is a day as the outlet dated its article: an article published at 00:30 on 4 December in
Berlin (23:30 UTC on the 3rd) is on the 4th. The manifest compares the publication time's wall clock at the
outlet (epoch seconds plus the UTC offset the outlet gave); Chroma, which cannot add, is asked for a window
widened by the largest offsets and its hits are then tested exactly (`admits`). A bound given as a full
time ("2026-12-04T12:00:00+01:00") is an instant and compares the epoch seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ingest.outlets import outlet_key, same_outlet

from .errors import QuestionError
from .models import Passage

__all__ = ["Filters", "outlet_key", "parse_day"]


# UTC offsets run from -12:00 to +14:00: a day as an outlet dates it lies within this of the UTC day
MAX_UTC_OFFSET_S = 14 * 3600


def _is_day_bound(bound: datetime, at: time) -> bool:
    return bound.utcoffset() == timedelta(0) and bound.time() == at


def parse_day(value: str | date | datetime | None, *, end: bool = False) -> datetime | None:
    """A date bound: 'YYYY-MM-DD' (start of day, or end of day when `end`), or a full ISO time."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time.max if end else time.min, tzinfo=UTC)
    text = str(value).strip()
    try:
        if len(text) == 10:
            return parse_day(date.fromisoformat(text), end=end)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise QuestionError(f"not a date: {text!r}; use YYYY-MM-DD") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None
    until: datetime | None = None
    outlets: tuple[str, ...] = field(default_factory=tuple)
    authors: tuple[str, ...] = field(default_factory=tuple)  # bylines, as stored: "What has Ana Ruiz written?"
    # the ids of the `authors`' articles, looked up in the manifest (`Retriever` fills them in): the store's
    # metadata holds a byline as one string, which Chroma cannot match a name in
    author_articles: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def build(
        cls,
        since: str | date | datetime | None = None,
        until: str | date | datetime | None = None,
        outlets: list[str] | tuple[str, ...] | str | None = None,
        authors: list[str] | tuple[str, ...] | str | None = None,
    ) -> Filters:
        if isinstance(outlets, str):
            outlets = [outlets]
        if isinstance(authors, str):
            authors = [authors]
        s, u = parse_day(since), parse_day(until, end=True)
        if s and u and s > u:
            raise QuestionError(f"the date range is empty: since {s.date()} is after until {u.date()}")
        return cls(
            since=s,
            until=u,
            outlets=tuple(o for o in (outlets or ()) if o and o.strip()),
            authors=tuple(" ".join(a.split()) for a in (authors or ()) if a and a.strip()),
        )

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.outlets or self.authors)

    @property
    def since_ts(self) -> int | None:
        return int(self.since.timestamp()) if self.since else None

    @property
    def until_ts(self) -> int | None:
        return int(self.until.timestamp()) if self.until else None

    @property
    def since_is_day(self) -> bool:
        """Whether `since` is the start of a day (compared with the outlet's own date), not an instant."""
        return self.since is not None and _is_day_bound(self.since, time.min)

    @property
    def until_is_day(self) -> bool:
        return self.until is not None and _is_day_bound(self.until, time.max)

    @property
    def outlet_keys(self) -> list[str]:
        """The stored keys of the outlets asked for, with and without a leading "the" (one paper is "The Norrland
        Courier" on its pages and "Norrland Courier" in a dump: `ingest.outlets.same_outlet`)."""
        keys = [k for k in (same_outlet(o) for o in self.outlets) if k]
        return list(dict.fromkeys(form for k in keys for form in (k, f"the {k}")))

    def chroma_where(self) -> dict[str, Any] | None:
        """The filter as a Chroma `where`; a day bound is widened by the largest UTC offsets (Chroma cannot
        add a chunk's offset to its time), so its hits must still pass `admits`."""
        clauses: list[dict[str, Any]] = []
        if self.since_ts is not None:
            clauses.append({"published_ts": {"$gte": self.since_ts - (MAX_UTC_OFFSET_S if self.since_is_day else 0)}})
        if self.until_ts is not None:
            clauses.append({"published_ts": {"$lte": self.until_ts + (MAX_UTC_OFFSET_S if self.until_is_day else 0)}})
        if self.outlets:
            clauses.append({"outlet_key": {"$in": self.outlet_keys}})
        if self.authors:
            clauses.append({"article_id": {"$in": list(self.author_articles) or [""]}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(
        self,
        published_ts: int | None,
        outlet_key_value: str | None,
        article_id: str | None = None,
        published_offset: int | None = None,
    ) -> bool:
        """The filter's exact test, for anything filtered outside the manifest (`published_offset`: the
        UTC offset in minutes the outlet gave with the time; None: unknown, read as UTC)."""
        if self.authors and article_id not in self.author_articles:
            return False
        local = None if published_ts is None else published_ts + 60 * (published_offset or 0)
        if self.since_ts is not None:
            ts = local if self.since_is_day else published_ts
            if ts is None or ts < self.since_ts:
                return False
        if self.until_ts is not None:
            ts = local if self.until_is_day else published_ts
            if ts is None or ts > self.until_ts:
                return False
        if self.outlets and outlet_key_value not in self.outlet_keys:
            return False
        return True

    def admits(self, passage: Passage) -> bool:
        """`matches` for a retrieved passage."""
        return self.matches(
            passage.published_ts, passage.meta.get("outlet_key"), passage.article_id, passage.published_offset
        )

    def sql(self, article_id: str = "id") -> tuple[str, list[Any]]:
        """WHERE clause over the manifest's articles table (the exact test, as `matches`); over its chunks
        table, `article_id` names the column holding the chunk's article id (the UTC offset is its
        article's)."""
        parts, args = [], []
        offset = (
            "published_offset"
            if article_id == "id"
            else f"(SELECT a.published_offset FROM articles AS a WHERE a.id = {article_id})"
        )
        local = f"published_ts + 60 * COALESCE({offset}, 0)"
        if self.since_ts is not None:
            parts.append(f"published_ts IS NOT NULL AND {local if self.since_is_day else 'published_ts'} >= ?")
            args.append(self.since_ts)
        if self.until_ts is not None:
            parts.append(f"published_ts IS NOT NULL AND {local if self.until_is_day else 'published_ts'} <= ?")
            args.append(self.until_ts)
        if self.outlets:
            keys = self.outlet_keys
            parts.append(f"outlet_key IN ({','.join('?' * len(keys))})")
            args.extend(keys)
        if self.authors:
            parts.append(
                f"{article_id} IN (SELECT a.id FROM articles AS a, json_each(a.authors) AS j"
                f" WHERE a.authors IS NOT NULL AND j.value IN ({','.join('?' * len(self.authors))}))"
            )
            args.extend(self.authors)
        return (" AND ".join(parts) or "1=1"), args

    def describe(self) -> dict[str, Any]:
        return {
            "since": self.since.date().isoformat() if self.since else None,
            "until": self.until.date().isoformat() if self.until else None,
            "outlets": list(self.outlets) or None,
            "authors": list(self.authors) or None,
        }
