"""RSS and Atom feeds through feedparser: each entry is one article."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from .decode import NotText, decode_bytes
from .items import Item, Notice, Skipped
from .outlets import feed_outlet
from .records import Article, RecordError, unreadable_date
from .text import inline_markup_text, markup_text

_ENTITY = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_ENTITY_BYTES = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


def looks_like_feed(text: str) -> bool:
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


# A feed entry with fewer words than this is taken for a summary (`feed_summary_words` overrides it).
SUMMARY_WORDS = 150


def _entry_authors(entry: Any) -> list[str] | str | None:
    """An entry's authors by name. One author element is read as the byline it is (`byline_names`: "Mira Solberg
    and Jon Ekberg" is two; RSS's "news@paper.example (Mira Solberg)" is Mira Solberg, whom feedparser, cutting an
    address's domain after four letters, names "ple (Mira Solberg"); several are each a name."""
    named = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    raw = entry.get("author")
    if isinstance(raw, str) and len(named) <= 1:
        return raw
    return named or raw


def _entry_text(entry) -> tuple[str, bool, str]:
    """The entry's text, whether it is the entry's content (False: only the summary or description), and its
    summary or description (as plain text) beside its content ("" when it has no content or no summary)."""
    parts = []
    for content in entry.get("content") or []:
        parts.append(content.get("value") or "")
    has_content = any(p.strip() for p in parts)
    summary = entry.get("summary") or entry.get("description") or ""
    if not has_content:
        parts, summary = [summary], ""
    raw = "\n\n".join(parts)
    return _plain_text(raw), has_content, _plain_text(summary)


def _plain_text(raw: str) -> str:
    return markup_text(raw) if "<" in raw else htmllib.unescape(raw)


# How a teaser ends: "..." or "[…]", or a link on to the story ("Read more", "Continue reading", "Full story")
_TEASER_END = re.compile(
    r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\])\W*$"
    r"|(?:read\s+(?:more|on|the\s+(?:full|whole|rest))|continue\s+reading|full\s+(?:story|article))[^.!?]{0,60}$",
    re.I,
)
# Words an entry's content must add to its summary to be the article itself, not the summary again
_CONTENT_ADDS = 20


def _text_source(text: str, *, has_content: bool, atom: bool, summary_words: int, summary: str = "") -> str:
    """ "summary" when the entry is only a summary: an Atom entry that carries a summary and no
    content (the feed says so), or a text shorter than `summary_words` words; else "full". A short
    entry whose content says more than its summary (`_CONTENT_ADDS` words) and does not end as a teaser
    ("...", "Read more") is a short article: "full"."""
    if atom and not has_content:
        return "summary"
    words = len(text.split())
    if has_content and summary and words >= len(summary.split()) + _CONTENT_ADDS and not _TEASER_END.search(text):
        return "full"
    return "summary" if words < summary_words else "full"


def _plain(element, key: str) -> str | None:
    """An element's `key` (title) as plain text: feedparser keeps the markup of one whose type is
    html ("after <em>five</em> days", "Q&amp;A"), which a reader must not see in a title."""
    value = element.get(key)
    kind = (element.get(f"{key}_detail") or {}).get("type") or ""
    return inline_markup_text(value) if value and "html" in kind else value


_ENTRY_DATES = ("published", "updated", "created")  # feedparser's names for an entry's dates as written


def _entry_date(entry) -> datetime | str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=UTC)
    return entry.get("published") or entry.get("updated")


def _entry_updated(entry) -> datetime | None:
    """When the entry says it was last updated (Atom's <updated>, RSS's <atom:updated> or <dc:modified>),
    beside a publication date (without one, `_entry_date` takes it as the date)."""
    value = entry.get("updated_parsed")
    if not value or not (entry.get("published_parsed") or entry.get("created_parsed")):
        return None
    return datetime(*value[:6], tzinfo=UTC)


def declares_entities(data: bytes | str) -> bool:
    """True when the XML declares entities (`<!ENTITY` in a DOCTYPE): the vehicle of external-entity
    (XXE) and entity-expansion ("billion laughs") attacks, and never needed by a news feed."""
    if isinstance(data, str):
        return _ENTITY.search(data) is not None
    if _ENTITY_BYTES.search(data) is not None:
        return True
    try:
        return _ENTITY.search(decode_bytes(data)) is not None  # UTF-16/32 and other encodings
    except NotText:
        return False


def entry_link_base(source: str, channel_link: str | None) -> str | None:
    """What an entry's relative link ("/news/coach") is resolved against: the feed's own URL when it was
    fetched (`source`), else the site link the feed gives for itself (a feed read from a file). None when
    neither is an http(s) URL: a relative link then stays unresolved and the article has no URL."""
    for candidate in (source.split("#", 1)[0], channel_link or ""):
        parts = urlsplit(candidate.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return candidate.strip()
    return None


def articles_from_feed(data: bytes | str, *, source: str, summary_words: int = SUMMARY_WORDS) -> Iterator[Item]:
    """One article per entry, each with its `text_source`: "summary" for a summary-only entry
    (see `_text_source`; `ingest.fulltext.with_full_text` fetches its page), else "full"."""
    import io

    import feedparser

    if declares_entities(data):
        yield Skipped(
            source,
            "refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE), which news feeds never need "
            "and which external-entity and entity-expansion attacks use",
        )
        return
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # A stream, never a str or bytes: feedparser treats those as a URL or a file name when they look like one.
    parsed = feedparser.parse(io.BytesIO(raw))
    entries = parsed.get("entries") or []
    if not entries:
        reason = "not a readable RSS/Atom feed"
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            reason += f" ({parsed['bozo_exception']})"
        yield Skipped(source, reason)
        return
    feed_title = feed_outlet(_plain(parsed.get("feed") or {}, "title"), (parsed.get("feed") or {}).get("link"))
    base = entry_link_base(source, (parsed.get("feed") or {}).get("link"))
    malformed = f" (the feed is malformed: {parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
    atom = str(parsed.get("version") or "").startswith("atom")
    for i, entry in enumerate(entries, 1):
        where = f"{source}#entry{i}"
        try:
            authors = _entry_authors(entry)
            text, has_content, summary = _entry_text(entry)
            article = Article.create(
                title=_plain(entry, "title"),
                text=text,
                url=urljoin(base, entry["link"]) if base and entry.get("link") else entry.get("link"),
                outlet=feed_title,
                authors=authors,
                published_at=_entry_date(entry),
                modified_at=_entry_updated(entry),
                language=(parsed.get("feed") or {}).get("language"),
                source=where,
                source_id=entry.get("id") if isinstance(entry.get("id"), str) else None,
                text_source=_text_source(
                    text, has_content=has_content, atom=atom, summary_words=summary_words, summary=summary
                ),
            )
        except RecordError as exc:
            yield Skipped(where, f"{exc}{malformed}")
            continue
        yield article
        date = unreadable_date(entry, _ENTRY_DATES) if article.published_at is None else None
        if date:
            yield Notice(
                where,
                f"unreadable date {date}: indexed without a date "
                "(feeds write dates as RFC 822, e.g. Tue, 01 Dec 2026 09:00:00 GMT, or ISO 8601)",
            )


class NotAFeed(Exception):
    """What a subscribed feed URL returned is not a readable RSS/Atom feed; the message says what it was."""


@dataclass(frozen=True)
class FeedDocument:
    title: str | None
    items: list[Item]  # Article per entry, Skipped for an entry that could not be read


_HTML_HEAD = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)


def read_feed(body: bytes, content_type: str, *, source: str) -> FeedDocument:
    """The entries of a subscribed feed's response body. NotAFeed when the body is empty, an HTML
    page, declares XML entities, or is not RSS/Atom at all: the subscription is broken, not an entry."""
    if not body.strip():
        raise NotAFeed("the server sent an empty response")
    try:
        text = decode_bytes(body)
    except NotText as exc:
        raise NotAFeed(f"not an RSS/Atom feed ({exc})") from None
    if declares_entities(body):
        raise NotAFeed(
            "refused: the feed declares XML entities (<!ENTITY> in its DOCTYPE), which news feeds never need "
            "and which external-entity and entity-expansion attacks use"
        )
    if not looks_like_feed(text):
        if _HTML_HEAD.search(text[:4096]) or "html" in content_type.lower():
            raise NotAFeed(
                "the server sent an HTML page, not an RSS/Atom feed (subscribe to the site's feed URL, "
                "usually linked as RSS or Atom on the page)"
            )
        if not any(t in content_type.lower() for t in ("rss", "atom", "xml")):
            raise NotAFeed(f"not an RSS/Atom feed (Content-Type {content_type or 'missing'})")
    lowered = text.lower()
    if looks_like_feed(text) and "<item" not in lowered and "<entry" not in lowered:
        return FeedDocument(None, [])  # a feed with no entries (yet): nothing is wrong with it
    items = list(articles_from_feed(body, source=source))
    if len(items) == 1 and isinstance(items[0], Skipped) and items[0].source == source:
        raise NotAFeed(items[0].reason)
    title = next((i.outlet for i in items if isinstance(i, Article) and i.outlet), None)
    return FeedDocument(title, items)
