"""Main text and metadata of an HTML article page, through trafilatura."""

from __future__ import annotations

from typing import Any

from .records import Article, RecordError
from .urls import without_userinfo


def article_from_html(html: str, *, url: str | None = None, source: str | None = None) -> Article:
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
        raise RecordError("no article text found in the HTML page")
    meta: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if len(text.split()) < 20:
        raise RecordError("no article text found in the HTML page (only boilerplate or a very short page)")
    page_url = meta.get("url") if isinstance(meta.get("url"), str) and meta.get("url", "").startswith("http") else url
    return Article.create(
        title=meta.get("title"),
        text=text,
        url=page_url,
        outlet=without_userinfo(meta.get("sitename")),  # derived from the page's URL when the page names none
        authors=meta.get("author"),
        published_at=meta.get("date"),
        language=meta.get("language"),
        source=source,
    )
