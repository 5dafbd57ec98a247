"""Fetching an article page or a feed over HTTP(S), with time and size limits."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

from .decode import NotText, decode_bytes
from .feeds import articles_from_feed, looks_like_feed
from .html import article_from_html
from .items import Item, Skipped
from .records import RecordError

USER_AGENT = "newsrag/0.1 (+https://github.com/newsrag)"


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 20.0
    max_bytes: int = 10_000_000


class FetchError(Exception):
    pass


def fetch(url: str, limits: FetchLimits) -> tuple[bytes, str, str]:
    """(body, content type, final URL). Raises FetchError with a readable reason."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=limits.timeout) as resp:
            body = resp.read(limits.max_bytes + 1)
            if len(body) > limits.max_bytes:
                raise FetchError(f"response larger than {limits.max_bytes} bytes")
            return body, resp.headers.get("Content-Type", ""), resp.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"unreachable ({exc.reason})") from None
    except TimeoutError:
        raise FetchError(f"timed out after {limits.timeout:g}s") from None
    except OSError as exc:
        raise FetchError(f"unreachable ({exc})") from None


def items_from_url(url: str, limits: FetchLimits) -> Iterator[Item]:
    try:
        body, ctype, final_url = fetch(url, limits)
    except FetchError as exc:
        yield Skipped(url, f"could not fetch: {exc}")
        return
    try:
        text = decode_bytes(body)
    except NotText as exc:
        yield Skipped(url, str(exc))
        return
    if not text.strip():
        yield Skipped(url, "empty response")
        return
    if any(t in ctype for t in ("rss", "atom")) or looks_like_feed(text):
        yield from articles_from_feed(body, source=url)
        return
    try:
        yield article_from_html(text, url=final_url, source=url)
    except RecordError as exc:
        yield Skipped(url, str(exc))
