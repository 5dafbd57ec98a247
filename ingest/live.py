"""A live page's entries, from its schema.org `LiveBlogPosting` (the JSON-LD news sites give a live blog), or from its
posts' `<time>` elements when it gives none.

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
from datetime import UTC, datetime, timedelta
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


_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def timed_posts(html: str, published: datetime | None) -> LiveBlog | None:
    """A live page without JSON-LD: its posts, each a block that opens with a `<time>` ("<time>19:40</time> The river
    peaked ...") beside at least `MIN_ENTRIES` - 1 others like it. A post's time is its `datetime` attribute, or the
    clock it shows on the day the page was `published` (the next day when earlier than the page's first hour). None
    for another page."""
    try:
        from lxml import html as lxml_html
    except ImportError:  # (trafilatura's dependency; a page is then read as any page)
        return None
    try:
        root = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    posts: dict[Any, tuple[datetime, str]] = {}
    for tag in root.iter("time"):
        block = tag.getparent()
        if block is None or block in posts:
            continue
        when = _post_time(tag, published)
        what = normalize_space(
            " ".join(t for t in block.itertext() if t not in (tag.text, tag.tail)) + " " + (tag.tail or "")
        )
        if when is not None and len(what.split()) >= 5:
            posts[block] = (when, what)
    # the posts of one live page sit side by side (not a related story's date in an aside)
    parents: dict[Any, list[tuple[datetime, str]]] = {}
    for block, entry in posts.items():
        parents.setdefault(block.getparent(), []).append(entry)
    entries = max(parents.values(), key=len, default=[])
    if len(entries) < MIN_ENTRIES:
        return None
    entries.sort(
        key=lambda e: e[0].timestamp() if e[0].utcoffset() is not None else e[0].replace(tzinfo=UTC).timestamp()
    )
    heads = [normalize_space(h.text_content()) for h in root.iter("h1")]
    return LiveBlog(next((h for h in heads if h), None), [], entries[-MAX_ENTRIES:])


def _post_time(tag: Any, published: datetime | None) -> datetime | None:
    stamped = _when(tag.get("datetime"))
    if stamped is not None and "T" in (tag.get("datetime") or ""):
        return stamped
    clock = _CLOCK.match(tag.text or "")
    if clock is None or published is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if hour > 23 or minute > 59:
        return None
    when = published.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return when + timedelta(days=1) if when < published.replace(second=0, microsecond=0) else when
