"""Main text and metadata of an HTML article page, through trafilatura."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime
from typing import Any

from .live import live_blog, timed_posts
from .records import Article, RecordError, byline_line, date_line, parse_date
from .text import normalize_space, without_furniture
from .urls import without_userinfo

# libxml2, which parses the page, stops building the tree at this depth and drops what is below.
MAX_HTML_DEPTH = 256


def page_fields(html: str, *, url: str | None = None) -> dict[str, Any]:
    """The article trafilatura finds in the page: `text`, `title`, `sitename`, `author`, `date`,
    `language`, `url`, and `modified` (`_updated`) (each may be None but the text). RecordError when
    the page holds no article."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if doc is None:
        raise RecordError(_too_deep(html) or "no article text found in the HTML page")
    meta: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta["text"] = without_furniture(meta.get("text") or "")
    if len(text.split()) < 20:
        raise RecordError(
            _too_deep(html) or "no article text found in the HTML page (only boilerplate or a very short page)"
        )
    published = _page_date(html, original=True)
    seen, byline, meta["text"] = _header_lines(text, meta.get("title"))
    if not (seen and byline):
        # "Published 4 December 2026, 14:05 · By Anja Berg": a line beside the headline that the article's text
        # left out
        near_seen, near_by = _headline_meta(html)
        seen, byline = seen or near_seen, byline or near_by
    if byline and not meta.get("author"):
        meta["author"] = byline  # "By Sam Whitlock" as a paragraph of its own, with no author in the page's metadata
    meta["modified"] = _updated(_page_date(html, original=False), published)
    if published is None and seen:
        # no date in the page's metadata, one under its headline: what trafilatura guessed from the text may
        # be a year alone (the first of January of the year it saw)
        meta["date"] = seen
    elif published is None and str(meta.get("date") or "").endswith("-01-01") and not _NEW_YEAR.search(html):
        meta["date"] = None  # that year's first of January, which the page names nowhere: no date is better
    elif seen and _same_day_with_time(seen, published):
        meta["date"] = seen  # the page's day (htmldate read it from the text), with the hour its date line gives
    else:
        meta["date"] = _with_time(meta.get("date"), published)
    live = live_blog(html) or timed_posts(html, _parsed(published))
    if live is not None:
        # a live page: its entries, each by its time, under the page's headline and bylines (trafilatura took the
        # newest entry's headline for the title, and the entries' times were lost)
        meta["text"] = live.text
        meta["title"] = live.headline or meta.get("title")
        meta["author"] = "; ".join(live.authors) or meta.get("author")
    return meta


# The first of January as a page may write it: htmldate's guess from a year alone is that day too
_NEW_YEAR = re.compile(
    r"\bjan(?:uary|\.)?\s+0?1(?:st)?\b|\b0?1(?:st)?\s+jan|\b\d{4}-01-01\b|\b0?1/0?1/\d|\b0?1\.0?1\.\d", re.I
)


def _parsed(stamp: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None


def _header_lines(text: str, title: str | None) -> tuple[str | None, str | None, str]:
    """The date and the byline that lines under the page's headline give (among the first three after it), and the
    text without those lines (they are no sentences of the article, and were quoted as ones: "By Sam Whitlock E-bike
    maker Voltra is recalling ...")."""
    lines = text.split("\n")
    start = 1 if lines and title and normalize_space(lines[0]).casefold() == normalize_space(title).casefold() else 0
    seen: str | None = None
    byline: str | None = None
    taken: set[int] = set()
    for k in range(start, min(start + 3, len(lines))):
        dated = date_line(lines[k]) if seen is None else None
        by = byline_line(lines[k]) if byline is None and dated is None else None
        if dated is not None:
            seen = dated
        elif by is not None:
            byline = by
        else:
            continue
        taken.add(k)
    # the headline again further down (trafilatura put a live page's <h1> after its newest post): no sentence
    heading = normalize_space(title).casefold() if title else None
    taken |= {k for k in range(1, len(lines)) if heading and normalize_space(lines[k]).casefold() == heading}
    return seen, byline, "\n".join(line for k, line in enumerate(lines) if k not in taken)


_META_PARTS = re.compile(r"\s+[·•|]\s+|\s+[-–—]\s+(?=by\b)", re.I)
_NEAR_HEADLINE = 3  # lines either side of the <h1> that may carry its date and byline


def _headline_meta(html: str) -> tuple[str | None, str | None]:
    """The date and the byline a short line beside the page's <h1> gives, parts split at "·" or "|" ("Published 4
    December 2026, 14:05 · By Anja Berg"), when the extracted text does not hold it (a meta line above the
    headline, or in its own box)."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None, None
    etree.strip_elements(root, "script", "style", "noscript", "nav", "footer", "aside", with_tail=False)
    blocks = [
        (el.tag, normalize_space(el.text_content()))
        for el in root.iter("h1", "p", "div", "span", "time", "address", "header")
        if not any(child.tag in ("p", "div", "h1") for child in el)  # the innermost blocks, each line once
    ]
    lines = [(tag, line) for tag, line in blocks if line]
    at = next((k for k, (tag, _) in enumerate(lines) if tag == "h1"), None)
    if at is None:
        return None, None
    seen = byline = None
    for _, line in lines[max(0, at - _NEAR_HEADLINE) : at] + lines[at + 1 : at + 1 + _NEAR_HEADLINE]:
        for part in _META_PARTS.split(line):
            dated = date_line(part) if seen is None else None
            by = byline_line(part) if byline is None and dated is None else None
            seen, byline = seen or dated, byline or by
    return seen, byline


def article_from_html(
    html: str, *, url: str | None = None, source: str | None = None, max_words: int | None = None
) -> Article:
    meta = page_fields(html, url=url)
    page_url = meta.get("url") if isinstance(meta.get("url"), str) and meta.get("url", "").startswith("http") else url
    return Article.create(
        title=meta.get("title"),
        text=meta.get("text") or "",
        url=page_url,
        # else the name its <title> gives beside the headline, else derived from the page's URL
        outlet=without_userinfo(meta.get("sitename") or title_sitename(html, meta.get("title"))),
        authors=meta.get("author"),
        published_at=meta.get("date"),
        modified_at=meta.get("modified"),
        language=meta.get("language"),
        source=source,
        max_words=max_words,
    )


def _page_date(html: str, *, original: bool) -> str | None:
    """The page's publication (`original`) or newest date from its metadata, with its time and zone when it
    gives them ("2026-12-04T07:45:00+0100"), through htmldate."""
    from htmldate import find_date

    try:
        return find_date(html, original_date=original, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, TypeError):
        return None


def _with_time(day: str | None, stamped: str | None) -> str | None:
    """trafilatura's publication date is a day ("2026-12-04"); the page's metadata often gives the time too
    (`stamped`, JSON-LD "datePublished": "2026-12-04T07:45:00+01:00"): that, when it is the same day. Two
    reports of one day are then ordered by the hour they were published, as a feed's or a JSON dump's are."""
    if day and stamped and stamped[:10] == day[:10] and not stamped.endswith("T00:00:00"):
        return stamped
    return day


def _same_day_with_time(seen: str, published: str) -> bool:
    """Whether a date line under the headline (`seen`, "4 December 2026, 14:05") gives the hour of the day a
    timeless `published` ("2026-12-04T00:00:00") names."""
    read = parse_date(seen)
    return (
        published.endswith("T00:00:00")
        and read is not None
        and read.date().isoformat() == published[:10]
        and (read.hour, read.minute) != (0, 0)
    )


def _updated(newest: str | None, published: str | None) -> str | None:
    """When the page says the article was last updated (article:modified_time, JSON-LD dateModified, ...):
    the newest date in the page's metadata (not its text), when it is not the publication date (the newest
    when the page gives no other); None when the page gives no update."""
    return newest if newest and newest != published else None


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•»~]|-{1,2}|::)\s+")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.&-]*|of|the|and|&|de|du|des|la|le|el|di|der|die|am|im)$")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.I)


def title_sitename(html: str, headline: str | None) -> str | None:
    """The outlet a page's <title> names beside its headline, when no metadata names it: "Riverton
    Courier" of "Bridge closure extended – Riverton Courier" (headline first or last, "|", "–", "-" or
    "·" between). The other parts must be the headline, and the name must read as one (capitalized
    words or a domain), so "Opinion: ..." or "Live updates - Ukraine war" name no outlet."""
    m = _TITLE_TAG.search(html[:200_000])
    if not m or not headline:
        return None
    parts = [normalize_space(p) for p in _TITLE_SEPARATOR.split(normalize_space(htmllib.unescape(m.group(1))))]
    if len(parts) < 2:
        return None
    said = {w.casefold() for w in re.findall(r"\w+", headline)}
    for name, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        words = name.split()
        if not 1 <= len(words) <= 5 or len(name) > 50:
            continue
        if not (_DOMAIN.match(name) or (all(_NAME_WORD.match(w) for w in words) and words[-1][:1].isupper())):
            continue
        rest_words = {w.casefold() for w in re.findall(r"\w+", " ".join(rest))}
        if rest_words and len(rest_words & said) >= 0.6 * min(len(rest_words), len(said)):
            if not {w.casefold() for w in re.findall(r"\w+", name)} <= said:
                return name
    return None


def _too_deep(html: str) -> str | None:
    """The reason, when the page's tags nest deeper than the parser builds (its text below that
    depth is lost, so "no article text" would mislead); None otherwise."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        pass
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        return (
            f"document too deeply nested: its tags nest more than {MAX_HTML_DEPTH} levels deep, and the text "
            "below that depth cannot be read (a real article page nests a few dozen levels)"
        )
    return None
