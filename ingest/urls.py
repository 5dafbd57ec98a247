"""Credentials in URLs (`http://user:secret@host/path`): split off, never stored or printed.

A URL's userinfo is a secret. Ingest refuses such a URL unless the user allows it
(`fetch_allow_url_credentials`); even then the credentials only go out as HTTP basic
auth on that request, and every URL newsrag keeps or shows (stored URL, source,
report line, citation, lock owner's command line, error message) is without them.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

# scheme://userinfo@ (userinfo: anything up to the last "@" before the path, query or fragment)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@]*(?:@[^/?#\s@]*)*@")

CREDENTIALS_REFUSED = (
    "refused: the URL carries credentials (user:password@ before the host), which newsrag never stores or "
    "prints; to send them to this server as HTTP basic auth for the request only, set "
    "NEWSRAG_FETCH_ALLOW_URL_CREDENTIALS=true (the stored URL never has them)"
)


def has_userinfo(url: str) -> bool:
    """True when the URL's authority carries a userinfo part (even an empty one: `http://@host`)."""
    try:
        return "@" in urlsplit(url).netloc
    except ValueError:
        return _USERINFO.search(url) is not None


def split_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL without userinfo, (user, password) decoded, or None when it had none)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # malformed (e.g. a bad IPv6 literal): remove whatever looks like userinfo
        return redact_urls(url, mark=""), None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    clean = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return clean, (unquote(user), unquote(password))


def strip_userinfo(url: str) -> str:
    """The URL without its userinfo part (unchanged when it has none)."""
    return split_userinfo(url)[0]


_USERINFO_HOST = re.compile(r"^[^\s/@]*@(?=[^\s/@]+\.[^\s/@]+$)")


def without_userinfo(name: str | None) -> str | None:
    """A host name that may carry userinfo (`user:pw@news.example.com`, as trafilatura derives a
    site name from a URL) without it; any other text unchanged."""
    if not isinstance(name, str):
        return name
    return _USERINFO_HOST.sub("", name.strip()) or None


def redact_urls(text: str, *, mark: str = "***@") -> str:
    """`text` with the userinfo of every URL in it replaced by `mark` (for command lines and messages)."""
    return _USERINFO.sub(lambda m: m.group(1) + mark, text)
