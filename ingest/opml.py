"""OPML subscription lists (what feed readers export): the feed URLs and titles in them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .feeds import declares_entities
from .limits import Limits, human_bytes


@dataclass(frozen=True)
class OPMLFeed:
    url: str
    title: str | None


def read_opml(path: str | Path, limits: Limits | None = None) -> list[OPMLFeed]:
    """Every `<outline xmlUrl=...>` of an OPML file, nested folders included, in document order and
    without repeats. SourceError (saying what to fix) when the file cannot be read or is not OPML."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_document_bytes:
            raise SourceError(
                f"{path} is {human_bytes(size)}, over the {human_bytes(limits.max_document_bytes)} limit for one "
                "document (NEWSRAG_MAX_DOCUMENT_BYTES)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the OPML file {path}: {exc.strerror or exc}") from None
    if declares_entities(data):
        raise SourceError(f"{path}: refused, the OPML file declares XML entities (<!ENTITY>), which OPML never needs")
    try:
        root = DET.fromstring(data)
    except (DET.ParseError, DefusedXmlException) as exc:
        raise SourceError(f"{path} is not a readable OPML file ({exc})") from None
    if root.tag.lower() != "opml":
        raise SourceError(f"{path} is not an OPML file (its root element is <{root.tag}>, not <opml>)")
    feeds: dict[str, OPMLFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in feeds:
            title = (outline.get("title") or outline.get("text") or "").strip() or None
            feeds[url] = OPMLFeed(url, title)
    if not feeds:
        raise SourceError(f"{path} lists no feeds (no <outline> with an xmlUrl attribute)")
    return list(feeds.values())
