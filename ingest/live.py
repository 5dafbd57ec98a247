"""A live page's entries, from its schema.org `LiveBlogPosting` (the JSON-LD news sites give a live blog).

trafilatura reads a live page's entries as one article without their times ("Evacuation order lifted", the newest
entry's headline, was taken for the page's title, and its bylines were lost), so the page's latest news could not be
told from its first. The page's own JSON-LD lists each entry with its time: the article's text is its entries,
oldest first, each opened by its date and time as the page gives them ("2026-12-06 19:30 The county lifted the
evacuation order ..."), its title the page's headline and its authors the page's.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .text import normalize_space

MIN_ENTRIES = 2  # a live page with fewer dated entries is read as any page
MAX_ENTRIES = 500  # the newest this many entries of a very long live page

_JSON_LD = re.compile(r"<script[^>]*type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class LiveBlog:
    headline: str | None
    authors: list[str] = field(default_factory=list)
    entries: list[tuple[datetime, str]] = field(default_factory=list)  # (when, what), oldest first

    @property
    def text(self) -> str:
        """The entries, oldest first, each opened by its date and time as the page gives them."""
        return "\n\n".join(f"{when:%Y-%m-%d %H:%M} {what}" for when, what in self.entries)


def live_blog(html: str) -> LiveBlog | None:
    """The page's `LiveBlogPosting` with at least `MIN_ENTRIES` dated entries; None for another page."""
    for obj in _objects(html):
        types = obj.get("@type")
        if "LiveBlogPosting" not in (types if isinstance(types, list) else [types]):
            continue
        updates = obj.get("liveBlogUpdate") or []
        entries = [e for e in (_entry(u) for u in (updates if isinstance(updates, list) else [updates])) if e]
        if len(entries) < MIN_ENTRIES:
            continue
        # one clock for the order: an entry that gives no zone is taken as UTC (a page mixing both raised TypeError)
        entries.sort(key=lambda e: (e[0] if e[0].utcoffset() is not None else e[0].replace(tzinfo=UTC)).timestamp())
        headline = _text(obj.get("headline") or obj.get("name")) or None
        return LiveBlog(headline, _names(obj.get("author")), entries[-MAX_ENTRIES:])
    return None


def _objects(html: str) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, those of an `@graph` included; a script that is not JSON is passed over."""
    for m in _JSON_LD.finditer(html):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _entry(update: Any) -> tuple[datetime, str] | None:
    if not isinstance(update, dict):
        return None
    when = _when(update.get("datePublished") or update.get("dateCreated") or update.get("dateModified"))
    what = _text(update.get("articleBody") or update.get("text") or update.get("description"))
    what = what or _text(update.get("headline"))  # an entry that is only its headline
    return (when, what) if when and what else None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(value: Any) -> str:
    return normalize_space(htmllib.unescape(_TAG.sub(" ", value))) if isinstance(value, str) else ""


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [_text(i.get("name")) if isinstance(i, dict) else _text(i) for i in items]
    return [n for n in names if n]
