"""The records the read path passes around: passages, citations, answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any


def iso_from_ts(ts: int | None, offset_minutes: int | None = None) -> str | None:
    """ISO 8601 for epoch seconds, in the outlet's own UTC offset when known (so its first ten characters
    are the day the outlet dated the article, not the UTC day), else in UTC."""
    if ts is None:
        return None
    zone = timezone(timedelta(minutes=offset_minutes)) if offset_minutes else UTC
    return datetime.fromtimestamp(int(ts), tz=zone).isoformat()


def utc_offset_minutes(when: datetime | None) -> int | None:
    """A dated time's UTC offset in minutes; None for UTC itself, as for an undated or naive time (both are
    read as UTC, and an index stores no offset for them, so its chunks are as before offsets were kept)."""
    offset = when.utcoffset() if when is not None else None
    if offset is None:
        return None
    return int(offset.total_seconds() // 60) or None


def stored_offset(value: Any) -> int | None:
    """A UTC offset as chunk metadata stores it (minutes; absent in indexes written before offsets were kept)."""
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


@dataclass
class VersionChanges:
    """What one version of an article changed from the previous one (sentences compared as a
    multiset after collapsing spaces; `added`/`removed` list at most MAX_LISTED of them, in text order)."""

    title_changed: bool
    sentences_added: int
    sentences_removed: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One short line, e.g. "title changed; 1 sentence added, 1 removed" or "no change in the text"."""
        parts = ["title changed"] if self.title_changed else []
        if self.sentences_added or self.sentences_removed:
            noun = "sentence" if self.sentences_added == 1 else "sentences"
            parts.append(f"{self.sentences_added} {noun} added, {self.sentences_removed} removed")
        return "; ".join(parts) if parts else "no change in the text"


@dataclass
class ArticleVersion:
    """One version of an article: what newsrag indexed at `seen_at` (ISO 8601, when first seen)."""

    version: int  # 1, 2, ... (the highest is the current, searched one)
    seen_at: str | None
    title: str
    words: int
    content_hash: str
    text: str
    changes: VersionChanges | None = None  # from the previous version; None for version 1
    reconstructed: bool = False  # the text was rebuilt from the index's chunks (indexed before versions were kept)

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        out = asdict(self)
        if not text:
            del out["text"]
        return out


@dataclass
class ArticleHistory:
    """Every version of one article, oldest first (`NewsRAG.history`, `newsrag history`)."""

    article_id: str
    url: str | None
    title: str  # the current title
    outlet: str | None
    versions: list[ArticleVersion]

    @property
    def current(self) -> ArticleVersion:
        return self.versions[-1]

    def to_dict(self, *, text: bool = False) -> dict[str, Any]:
        """The `newsrag history --json` object: article_id, url, title, outlet, versions (each
        version, seen_at, title, words, content_hash, changes, reconstructed; text with `text`)."""
        return {
            "article_id": self.article_id,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "versions": [v.to_dict(text=text) for v in self.versions],
        }


@dataclass
class Passage:
    """One retrieved chunk with the metadata of its article."""

    chunk_id: str
    article_id: str
    text: str
    title: str
    outlet: str | None
    url: str | None
    published_ts: int | None
    position: int
    score: float  # cosine similarity to the question (higher is closer)
    meta: dict[str, Any] = field(default_factory=dict)
    also_carried_by: list[tuple[str, str | None]] = field(default_factory=list)  # (outlet, url) of copies
    # An article with more than one version (a corrected story): the current version's number,
    # when it was first seen, and what changed from the previous one; None for one version.
    version: int | None = None
    updated_at: str | None = None
    changes: VersionChanges | None = None
    text_source: str | None = None  # "summary": the article is only its feed's summary (see Article.text_source)
    authors: list[str] = field(default_factory=list)  # the article's byline
    modified_ts: int | None = None  # when the outlet says it last updated the article (Article.modified_at)
    # the UTC offsets (minutes) the outlet gave with those times; None: not given, or indexed before kept
    published_offset: int | None = None
    modified_offset: int | None = None

    @property
    def published_at(self) -> str | None:
        """The publication time in the outlet's own offset: its day is the day the outlet dated it."""
        return iso_from_ts(self.published_ts, self.published_offset)

    @property
    def modified_at(self) -> str | None:
        return iso_from_ts(self.modified_ts, self.modified_offset)

    @property
    def local_ts(self) -> int | None:
        """The publication time's wall clock at the outlet, as epoch seconds read in UTC: compared with a
        day's UTC bounds, it tells whether the outlet dated the article that day."""
        if self.published_ts is None:
            return None
        return self.published_ts + (self.published_offset or 0) * 60


def byline(authors: Sequence[str]) -> str | None:
    """ "by Ana Ruiz and Tom Keller" for a citation's authors; None for none."""
    names = [a for a in authors if a]
    if not names:
        return None
    return "by " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


@dataclass
class Citation:
    n: int
    article_id: str
    chunk_id: str
    title: str
    outlet: str | None
    url: str | None
    published_at: str | None
    text: str  # the whole passage
    quote: str  # the sentence of the passage the answer relies on
    score: float
    also_carried_by: list[dict[str, str | None]] = field(default_factory=list)  # other outlets with the same story
    version: int | None = None  # the current version's number, for an article with more than one
    updated_at: str | None = None  # when the current version was first seen (ISO 8601), likewise
    changes: VersionChanges | None = None  # what the current version changed from the previous one

    @property
    def updated_day(self) -> str | None:
        """The day the cited text was last updated (YYYY-MM-DD): the outlet's own date, for an article with
        more than one version or one the outlet says it updated on a later day than it published it; else,
        for more than one version, the day newsrag first saw the current one; None for neither."""
        outlet_day = (self.modified_at or "")[:10] or None
        if self.version and self.version > 1:
            return outlet_day or (self.updated_at or "")[:10] or None
        return outlet_day if outlet_day and outlet_day > (self.published_at or "")[:10] else None

    @property
    def updated_label(self) -> str | None:
        """ "updated DATE (version N)" for an article with more than one version, "updated DATE" for one the
        outlet says it updated on a later day than it published it, else None."""
        day = self.updated_day
        if self.version and self.version > 1:
            return f"updated {day} (version {self.version})" if day else f"updated (version {self.version})"
        return f"updated {day}" if day else None

    text_source: str | None = None  # "page" / "full" / "summary" (Article.text_source); None: unknown
    quotes: list[str] = field(default_factory=list)  # every sentence of the passage the answer quotes (quote first)
    authors: list[str] = field(default_factory=list)  # the article's byline
    modified_at: str | None = None  # when the outlet says it last updated the article (ISO 8601); None: unsaid

    @classmethod
    def from_passage(cls, n: int, passage: Passage, quote: str, score: float) -> Citation:
        return cls(
            n=n,
            article_id=passage.article_id,
            chunk_id=passage.chunk_id,
            title=passage.title,
            outlet=passage.outlet,
            url=passage.url,
            published_at=passage.published_at,
            text=passage.text,
            quote=quote,
            score=round(float(score), 4),
            also_carried_by=[{"outlet": o, "url": u} for o, u in passage.also_carried_by],
            version=passage.version,
            updated_at=passage.updated_at,
            changes=passage.changes,
            text_source=passage.text_source,
            quotes=[quote] if quote else [],
            authors=list(passage.authors),
            modified_at=passage.modified_at,
        )

    @property
    def byline(self) -> str | None:
        """ "by Ana Ruiz and Tom Keller"; None when the article names no author."""
        return byline(self.authors)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchScope:
    """What a question was searched against, for refusals that say so."""

    articles: int  # articles matching the filters
    since: str | None = None
    until: str | None = None
    outlets: list[str] | None = None
    authors: list[str] | None = None

    def describe(self) -> str:
        parts = [f"{self.articles} article{'s' if self.articles != 1 else ''}"]
        if self.authors:
            parts.append("by " + ", ".join(self.authors))
        if self.since or self.until:
            parts.append(f"published {self.since or 'any time'} to {self.until or 'now'}")
        if self.outlets:
            parts.append("from " + ", ".join(self.outlets))
        return " ".join(parts)


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation]
    refused: bool
    mode: str  # "extractive" or "llm"
    passages: list[Passage] = field(default_factory=list)
    scope: SearchScope | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    note: str | None = None  # why this is not the answer asked for (e.g. the LLM failed: extractive fallback)
    verification: dict[str, Any] | None = None  # LLM mode: what citation verification kept and removed
    asked: str | None = None  # chat: the user's words, when `question` is their condensed standalone form

    def to_dict(self) -> dict[str, Any]:
        """The `newsrag ask --json` contract: question, answer, refused, mode, citations; plus note,
        verification and asked when they are set."""
        out = {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
        }
        extra = {"note": self.note, "verification": self.verification, "asked": self.asked}
        return {**out, **{k: v for k, v in extra.items() if v is not None}}


@dataclass(frozen=True)
class IngestProgress:
    """One progress event of `NewsRAG.ingest(sources, progress=callback)`: sent for every item read
    (an article, or a skipped record), and once more with `done` at the end. May be sent from the
    ingest's reader thread; a callback that drives a UI should hand the event over to its own thread."""

    source: str  # the source being read, as given to ingest
    source_index: int  # 1-based position of that source
    sources_total: int
    items: int  # items read so far, over all sources
    added: int = 0  # articles written so far
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    done: bool = False

    @property
    def fraction(self) -> float:
        """Share of the sources finished (items per source are not known ahead)."""
        if self.done or not self.sources_total:
            return 1.0
        return (self.source_index - 1) / self.sources_total

    def describe(self) -> str:
        where = "done" if self.done else f"source {self.source_index} of {self.sources_total}: {self.source}"
        return (
            f"{where} ({self.items} items read; added {self.added}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped})"
        )
