"""Main text and metadata of an HTML article page, through trafilatura."""

from __future__ import annotations

from typing import Any

from .records import Article, RecordError
from .urls import without_userinfo

# libxml2, which parses the page, stops building the tree at this depth and drops what is below.
MAX_HTML_DEPTH = 256


def page_fields(html: str, *, url: str | None = None) -> dict[str, Any]:
    """The article trafilatura finds in the page: `text`, `title`, `sitename`, `author`, `date`,
    `language`, `url` (each may be None but the text). RecordError when the page holds no article."""
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
    text = meta.get("text") or ""
    if len(text.split()) < 20:
        raise RecordError(
            _too_deep(html) or "no article text found in the HTML page (only boilerplate or a very short page)"
        )
    return meta


def article_from_html(
    html: str, *, url: str | None = None, source: str | None = None, max_words: int | None = None
) -> Article:
    meta = page_fields(html, url=url)
    page_url = meta.get("url") if isinstance(meta.get("url"), str) and meta.get("url", "").startswith("http") else url
    return Article.create(
        title=meta.get("title"),
        text=meta.get("text") or "",
        url=page_url,
        outlet=without_userinfo(meta.get("sitename")),  # derived from the page's URL when the page names none
        authors=meta.get("author"),
        published_at=meta.get("date"),
        language=meta.get("language"),
        source=source,
        max_words=max_words,
    )


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
