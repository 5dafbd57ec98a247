"""Full text for summary-only feed entries: fetch the linked page and extract the article.

`articles_from_feed` marks an entry that carries only a summary (`text_source="summary"`);
`with_full_text` fetches its link through the SSRF-safe fetcher (its limits, deadline and
size caps; one request at a time per host, `fetch_host_interval` apart), extracts the
article with trafilatura and yields it with `text_source="page"`, under the page's
rel=canonical URL when that is a sane one (same site, not the home page), else the URL
the redirects ended at, tracking parameters stripped: one story linked by two feeds
through different URLs becomes one article. When the page cannot be fetched or read, or
holds less text than the summary, the summary is yielded as it is (`text_source` stays
"summary") with a Notice saying why.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from .decode import NotText, decode_bytes
from .feeds import articles_from_feed
from .html import page_fields
from .items import Item, Notice
from .limits import Limits, human_bytes
from .politeness import HOSTS, HostGate
from .records import Article, RecordError, canonical_url
from .urls import strip_userinfo
from .web import FetchError, fetch

FULL = "full"
SUMMARY = "summary"
PAGE = "page"  # the text of the entry's own page, fetched because the feed gave only a summary

# Second-level labels under which a country's sites register (example.co.uk): the site is three labels.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic"})


def wants_full_text(limits: Limits, *, from_url: bool) -> bool:
    """Whether `feed_full_text` asks for the pages of summary-only entries of a feed read from a
    URL (`from_url`) or from a file ("urls": URLs only; "all": files too; "off": never)."""
    return limits.feed_full_text == "all" or (limits.feed_full_text == "urls" and from_url)


def feed_items(data: bytes | str, *, source: str, limits: Limits, from_url: bool) -> Iterator[Item]:
    """The entries of a feed, with the full text of its summary-only entries when `wants_full_text`."""
    items = articles_from_feed(data, source=source, summary_words=limits.feed_summary_words)
    return with_full_text(items, limits) if wants_full_text(limits, from_url=from_url) else items


def with_full_text(
    items: Iterable[Item],
    limits: Limits,
    *,
    already_fetched: Callable[[Article], bool] | None = None,
    gate: HostGate = HOSTS,
) -> Iterator[Item]:
    """`items` with each summary-only article that has a link replaced by the full article from
    its page, or kept (with a Notice) when that fails. Everything else passes through.

    `already_fetched`: entries for which it returns True are passed over: not fetched and not
    yielded (a watcher that remembers which entries it fetched in full before)."""
    for item in items:
        if not (isinstance(item, Article) and item.text_source == SUMMARY and item.url):
            yield item
        elif already_fetched is not None and already_fetched(item):
            continue
        else:
            yield from _full_article(item, limits, gate)


def _full_article(entry: Article, limits: Limits, gate: HostGate) -> Iterator[Item]:
    url = entry.url or ""
    where = entry.source or url
    try:
        with gate.slot(url, limits.fetch_host_interval):
            body, _ctype, final_url = fetch(url, limits)
    except FetchError as exc:
        yield _kept_summary(where, entry, f"could not fetch {url}: {exc}")
        yield entry
        return
    try:
        page = _read_page(body, final_url, limits)
        article = _merged(entry, page, final_url, limits)
    except (RecordError, NotText) as exc:
        yield _kept_summary(where, entry, f"no article in the page {strip_userinfo(final_url)}: {exc}")
        yield entry
        return
    except (Exception, RecursionError) as exc:  # a parser failure on one odd page never costs the feed
        why = f"reading the page {strip_userinfo(final_url)} failed: {type(exc).__name__}: {str(exc)[:200]}"
        yield _kept_summary(where, entry, why)
        yield entry
        return
    words, summary_words = len(article.text.split()), len(entry.text.split())
    if words < summary_words:
        yield _kept_summary(
            where, entry, f"the page {strip_userinfo(final_url)} has less text ({words} words) than the summary"
        )
        yield entry
        return
    yield article


def recheck_pages(
    indexed: Iterable[Article], limits: Limits, *, gate: HostGate = HOSTS, stop: threading.Event | None = None
) -> Iterator[Item]:
    """Each page read again: `indexed` are articles as the index holds them (title, text, URL, outlet, date)
    whose text came from their page; each is yielded as its page reads now, which the write path keeps as
    a new version when its title or text changed (a correction) and passes over when not. A page that cannot
    be fetched or read, or whose canonical URL now names another article, yields a Notice: the indexed text
    stands."""
    for entry in indexed:
        if stop is not None and stop.is_set():
            return
        url = entry.url or ""
        try:
            with gate.slot(url, limits.fetch_host_interval, stop):
                body, _ctype, final_url = fetch(url, limits)
            article = _merged(entry, _read_page(body, final_url, limits), final_url, limits)
        except (FetchError, RecordError, NotText) as exc:
            yield Notice(url, f"rechecking the page failed ({exc}); the indexed text stands")
            continue
        except (Exception, RecursionError) as exc:  # one odd page never costs the round
            yield Notice(
                url, f"rechecking the page failed ({type(exc).__name__}: {str(exc)[:200]}); the indexed text stands"
            )
            continue
        if article.id != entry.id:
            yield Notice(url, f"the page now names another URL ({article.url}); the indexed text stands")
            continue
        yield article


def _kept_summary(where: str, entry: Article, why: str) -> Notice:
    words = len(entry.text.split())
    return Notice(where, f"full text not available ({why}); indexed the feed's summary ({words} words) instead")


def _read_page(body: bytes, final_url: str, limits: Limits) -> dict[str, Any]:
    if len(body) > limits.max_document_bytes:
        raise RecordError(
            f"page is {human_bytes(len(body))}, over the {human_bytes(limits.max_document_bytes)} limit "
            "(NEWSRAG_MAX_DOCUMENT_BYTES)"
        )
    html = decode_bytes(body)
    fields = page_fields(html, url=final_url)
    fields["canonical"] = canonical_link(html, final_url)
    return fields


def _merged(entry: Article, page: dict[str, Any], final_url: str, limits: Limits) -> Article:
    """The page's article, with what the page lacks from the feed entry, the feed's outlet name."""
    canonical = page.get("canonical")
    url = canonical if canonical and sane_canonical(canonical, final_url, entry.url) else final_url
    return Article.create(
        title=page.get("title") or entry.title,
        text=page.get("text") or "",
        url=canonical_url(url),
        outlet=entry.outlet,
        authors=page.get("author") or list(entry.authors),
        published_at=page.get("date") or entry.published_at,
        modified_at=page.get("modified") or entry.modified_at,
        language=page.get("language") or entry.language,
        source=entry.source,
        source_id=entry.source_id,
        max_words=limits.max_article_words,
        text_source=PAGE,
    )


def canonical_link(html: str, base_url: str) -> str | None:
    """The absolute URL of the page's `<link rel="canonical">`, or None."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            try:
                return urljoin(base_url, href)
            except ValueError:
                return None
    return None


def site(host: str) -> str:
    """The registrable part of a host name as far as we can tell without the public-suffix
    list: the last two labels (three under a country's co/com/org... level); an IP as it is."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-n:])


def sane_canonical(canonical: str, final_url: str, entry_url: str | None = None) -> bool:
    """Whether a page's rel=canonical can stand for it: http(s), on the same site as the page
    (or as the feed's link to it), and not a bare home page (a common misconfiguration that
    would merge every article of the site into one)."""
    try:
        parts = urlsplit(canonical)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    if parts.path.strip("/") == "" and not parts.query:
        return False
    sites = set()
    for other in (final_url, entry_url):
        try:
            other_host = urlsplit(other).hostname if other else None
        except ValueError:
            other_host = None
        if other_host:
            sites.add(site(other_host))
    return site(host) in sites
