"""Search filters (date range, outlets) and their translation into store queries.

Dates are stored as epoch seconds because Chroma's $gte/$lte take numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from ingest.outlets import outlet_key

from .errors import QuestionError

__all__ = ["Filters", "outlet_key", "parse_day"]


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
    def outlet_keys(self) -> list[str]:
        return [k for k in (outlet_key(o) for o in self.outlets) if k]

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.since_ts is not None:
            clauses.append({"published_ts": {"$gte": self.since_ts}})
        if self.until_ts is not None:
            clauses.append({"published_ts": {"$lte": self.until_ts}})
        if self.outlets:
            clauses.append({"outlet_key": {"$in": self.outlet_keys}})
        if self.authors:
            clauses.append({"article_id": {"$in": list(self.author_articles) or [""]}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, published_ts: int | None, outlet_key_value: str | None, article_id: str | None = None) -> bool:
        """The same test as `chroma_where`, for anything filtered outside Chroma."""
        if self.authors and article_id not in self.author_articles:
            return False
        if self.since_ts is not None and (published_ts is None or published_ts < self.since_ts):
            return False
        if self.until_ts is not None and (published_ts is None or published_ts > self.until_ts):
            return False
        if self.outlets and outlet_key_value not in self.outlet_keys:
            return False
        return True

    def sql(self, article_id: str = "id") -> tuple[str, list[Any]]:
        """WHERE clause over the manifest's articles table (same semantics as Chroma's); over its chunks
        table, `article_id` names the column holding the chunk's article id."""
        parts, args = [], []
        if self.since_ts is not None:
            parts.append("published_ts IS NOT NULL AND published_ts >= ?")
            args.append(self.since_ts)
        if self.until_ts is not None:
            parts.append("published_ts IS NOT NULL AND published_ts <= ?")
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
