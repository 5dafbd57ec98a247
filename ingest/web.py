"""Fetching an article page or a feed over HTTP(S), safely.

* SSRF: the host is resolved and checked by `netguard.AddressPolicy` (public addresses
  only unless allow-listed); the connection is made to exactly the checked address
  (the TLS certificate is still verified against the host name), and redirects are
  followed here, one at a time, each checked the same way, at most
  `fetch_max_redirects` of them. Only http and https are followed.
* Limits: one deadline for the whole fetch (connect, TLS, headers, body, redirects),
  enforced by a watchdog that closes the socket, so a server that trickles bytes
  cannot hold the ingest; the body (after any gzip/deflate decoding) is capped at
  `fetch_max_bytes`.
* No proxies from the environment are used: a proxy would make the address check moot.
* Credentials in a URL (`user:password@`) are refused unless `fetch_allow_url_credentials`
  allows them; then they go as HTTP basic auth to that URL's origin only (not to a
  redirect elsewhere). A redirect's own userinfo is dropped. No URL newsrag keeps or
  shows has them (see `urls.py`).
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .decode import NotText, decode_bytes
from .feeds import articles_from_feed, looks_like_feed
from .html import article_from_html
from .items import Item, Skipped
from .limits import Limits, human_bytes
from .netguard import AddressPolicy, BlockedAddress, ResolveError, ip_literal
from .records import Article, RecordError
from .urls import CREDENTIALS_REFUSED, has_userinfo, split_userinfo, strip_userinfo

USER_AGENT = "newsrag/0.1 (+https://github.com/newsrag)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_READ_SIZE = 65536
_SAFE_TARGET_CHARS = "!#$%&'()*+,/:;=?@[]~"


class FetchError(Exception):
    pass


class HTTPStatusError(FetchError):
    """The server answered 4xx or 5xx; `retry_after` is its Retry-After header (429, 503), if any."""

    def __init__(self, status: int, reason: str = "", retry_after: str | None = None) -> None:
        super().__init__(f"HTTP {status} {reason}".rstrip())
        self.status = status
        self.retry_after = retry_after


class _Deadline:
    """Closes the socket when the time is up, whatever call it is blocked in."""

    def __init__(self, at: float) -> None:
        self.at = at
        self.expired = False
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def guard(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        self.cancel()
        self._timer = threading.Timer(max(self.remaining(), 0.0), expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def fetch(
    url: str, limits: Limits, policy: AddressPolicy | None = None, *, auth: tuple[str, str] | None = None
) -> tuple[bytes, str, str]:
    """(body, content type, final URL). Raises FetchError with a readable reason.

    `url` must not carry credentials (FetchError); `auth` (user, password) is sent as HTTP
    basic auth to the URL's origin only, never to a redirect to another scheme, host or port."""
    result = _fetch(url, limits, policy, auth=auth)
    if result.status >= 400:
        raise HTTPStatusError(result.status, result.reason, result.headers.get("Retry-After"))
    if not 200 <= result.status < 300:
        raise FetchError(f"unexpected HTTP status {result.status} {result.reason}".rstrip())
    return result.body, result.content_type, result.final_url


@dataclass(frozen=True)
class Fetched:
    """One conditional fetch: the final status (304: not modified, empty body), its headers and body."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes
    final_url: str

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_conditional(
    url: str,
    limits: Limits,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: AddressPolicy | None = None,
) -> Fetched:
    """A GET sending If-None-Match / If-Modified-Since when `etag` / `last_modified` are known, through
    the same SSRF-safe path and limits as `fetch`. Returns a 2xx or a 304 (no body); raises
    HTTPStatusError for 4xx/5xx (with the server's Retry-After) and FetchError for everything else."""
    conditions: dict[str, str] = {}
    if etag:
        conditions["If-None-Match"] = etag
    if last_modified:
        conditions["If-Modified-Since"] = last_modified
    result = _fetch(url, limits, policy, extra_headers=conditions)
    if result.status >= 400:
        raise HTTPStatusError(result.status, result.reason, result.headers.get("Retry-After"))
    if not (200 <= result.status < 300 or result.status == 304):
        raise FetchError(f"unexpected HTTP status {result.status} {result.reason}".rstrip())
    return result


def refused_address(url: str, limits: Limits) -> str | None:
    """Why fetching `url` would be refused for its address, known without a DNS lookup: its host is an IP
    address or "localhost" outside `fetch_allow_hosts` ("127.0.0.1 is a loopback address; ..."); None
    otherwise (a host name is resolved and checked when fetched)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    if host != "localhost" and ip_literal(host) is None:
        return None
    try:
        limits.address_policy().check(host, port)
    except (BlockedAddress, ResolveError) as exc:
        return str(exc)
    return None


def _fetch(
    url: str,
    limits: Limits,
    policy: AddressPolicy | None,
    *,
    auth: tuple[str, str] | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Fetched:
    """Follow redirects (each hop checked) to the first non-redirect answer, whatever its status."""
    if has_userinfo(url):
        raise FetchError(CREDENTIALS_REFUSED)
    policy = policy or limits.address_policy()
    deadline = _Deadline(time.monotonic() + limits.fetch_timeout)
    current = url
    origin = _origin(url)
    for _hop in range(limits.fetch_max_redirects + 1):
        send_auth = auth if auth is not None and _origin(current) == origin else None
        status, reason, headers, body = _request_once(current, limits, policy, deadline, send_auth, extra_headers)
        if status in REDIRECT_STATUSES:
            location = headers.get("Location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location header")
            current = strip_userinfo(urljoin(current, location.strip()))  # a redirect's credentials: dropped
            continue
        return Fetched(status, reason, headers, body, current)
    raise FetchError(f"too many redirects (more than {limits.fetch_max_redirects}; NEWSRAG_FETCH_MAX_REDIRECTS)")


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None


def _basic_auth(auth: tuple[str, str]) -> str:
    user, password = auth
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _target(parts) -> str:
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return quote(target, safe=_SAFE_TARGET_CHARS)


def _request_once(
    url: str,
    limits: Limits,
    policy: AddressPolicy,
    deadline: _Deadline,
    auth: tuple[str, str] | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    shown = strip_userinfo(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"malformed URL {shown!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refused: only http and https URLs are fetched, not {scheme or 'this'}: ({shown})")
    host = parts.hostname
    if not host:
        raise FetchError(f"malformed URL {shown!r} (no host)")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"malformed host name in {shown!r}") from None
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = policy.check(host, port)
    except BlockedAddress as exc:
        raise FetchError(f"refused: {exc}") from None
    except ResolveError as exc:
        raise FetchError(f"unreachable ({exc})") from None
    last: Exception | None = None
    for address in addresses:
        if deadline.remaining() <= 0:
            break
        try:
            return _exchange(scheme, host, port, address, _target(parts), limits, deadline, auth, extra_headers)
        except ConnectionRefusedError as exc:
            last = exc  # try the host's next address
        except TimeoutError:
            raise FetchError(f"timed out after {limits.fetch_timeout:g}s") from None
    if deadline.remaining() <= 0:
        raise FetchError(f"timed out after {limits.fetch_timeout:g}s")
    raise FetchError(f"unreachable ({getattr(last, 'strerror', None) or last or 'no address'})")


def _pinned_connection(scheme: str, host: str, port: int, address: str, timeout: float, deadline: _Deadline):
    """An HTTP(S) connection for `host` whose socket goes to `address`, the checked one."""

    def connect(_addr, conn_timeout=None, source_address=None):
        sock = socket.create_connection((address, port), max(min(timeout, deadline.remaining()), 0.001), source_address)
        deadline.guard(sock)
        return sock

    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn._create_connection = connect  # type: ignore[attr-defined]  # the documented hook http.client uses
    return conn


def _exchange(
    scheme: str,
    host: str,
    port: int,
    address: str,
    target: str,
    limits: Limits,
    deadline: _Deadline,
    auth: tuple[str, str] | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    conn = _pinned_connection(scheme, host, port, address, deadline.remaining(), deadline)
    request_headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
    if extra_headers:
        request_headers.update(extra_headers)
    if auth is not None:
        request_headers["Authorization"] = _basic_auth(auth)
    try:
        try:
            conn.request("GET", target, headers=request_headers)
            sock = conn.sock
            resp = conn.getresponse()
            status, reason, headers = resp.status, resp.reason or "", resp.headers
            if status in REDIRECT_STATUSES or status >= 300:
                return status, reason, headers, b""
            declared = headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.fetch_max_bytes:
                raise FetchError(_too_large(limits.fetch_max_bytes))
            body = _read_body(resp, sock, limits, deadline)
        except ConnectionRefusedError:
            raise
        except (ssl.SSLError, ssl.CertificateError) as exc:
            if deadline.expired:
                raise FetchError(f"timed out after {limits.fetch_timeout:g}s") from None
            raise FetchError(f"TLS error ({getattr(exc, 'reason', None) or exc})") from None
        except (http.client.HTTPException, OSError) as exc:
            if deadline.expired or isinstance(exc, (socket.timeout, TimeoutError)):
                raise FetchError(f"timed out after {limits.fetch_timeout:g}s") from None
            if isinstance(exc, http.client.HTTPException):
                raise FetchError(f"malformed HTTP response ({type(exc).__name__})") from None
            raise FetchError(f"unreachable ({exc.strerror or exc})") from None
        return status, reason, headers, _decode_content(body, headers.get("Content-Encoding", ""), limits)
    finally:
        deadline.cancel()
        conn.close()


def _read_body(resp: http.client.HTTPResponse, sock, limits: Limits, deadline: _Deadline) -> bytes:
    body = bytearray()
    while True:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise TimeoutError("deadline")
        if sock is not None:
            sock.settimeout(remaining)
        chunk = resp.read1(_READ_SIZE)
        if not chunk:
            if deadline.expired:  # the watchdog closed the socket: a cut-off body, not the whole one
                raise TimeoutError("deadline")
            return bytes(body)
        body += chunk
        if len(body) > limits.fetch_max_bytes:
            raise FetchError(_too_large(limits.fetch_max_bytes))


def _decode_content(body: bytes, encoding: str, limits: Limits) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding {encoding!r}")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, limits.fetch_max_bytes + 1)
    except zlib.error:
        raise FetchError(f"corrupt {encoding} response") from None
    if len(out) > limits.fetch_max_bytes:  # a decompression bomb stops here
        raise FetchError(_too_large(limits.fetch_max_bytes) + " once decompressed")
    return out


def _too_large(limit: int) -> str:
    return f"response larger than {limit} bytes ({human_bytes(limit)}; NEWSRAG_FETCH_MAX_BYTES)"


def items_from_url(url: str, limits: Limits) -> Iterator[Item]:
    """The article or feed entries at `url`. Its credentials, if any, are refused unless the
    `fetch_allow_url_credentials` limit allows them, and are never part of what is yielded."""
    url, auth = split_userinfo(url)
    if auth is not None and not limits.fetch_allow_url_credentials:
        yield Skipped(url, CREDENTIALS_REFUSED)
        return
    try:
        body, ctype, final_url = fetch(url, limits, auth=auth)
    except FetchError as exc:
        yield Skipped(url, f"could not fetch: {exc}")
        return
    if len(body) > limits.max_document_bytes:
        yield Skipped(
            url,
            f"page is {human_bytes(len(body))}, over the {human_bytes(limits.max_document_bytes)} limit for one "
            "HTML page or feed (NEWSRAG_MAX_DOCUMENT_BYTES)",
        )
        return
    try:
        text = decode_bytes(body, html=True)
    except NotText as exc:
        yield Skipped(url, str(exc))
        return
    if not text.strip():
        yield Skipped(url, "empty response")
        return
    if any(t in ctype for t in ("rss", "atom")) or looks_like_feed(text):
        # Summary-only entries are marked (text_source "summary"); `fulltext.with_full_text` fetches their pages.
        for item in articles_from_feed(body, source=url, summary_words=limits.feed_summary_words):
            yield item.placed(url, whole=False) if isinstance(item, Article) else item
        return
    try:
        yield article_from_html(text, url=final_url, source=url)
    except RecordError as exc:
        yield Skipped(url, str(exc))
