"""What a source yields: an article, a skipped item with the reason, or a notice for the report."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Article
from .urls import redact_urls


@dataclass(frozen=True)
class Skipped:
    source: str  # path, path:line, feed URL#entry, ...
    reason: str

    def __post_init__(self) -> None:
        # Shown in reports and the UI: a URL's credentials (user:password@) never are.
        for name in ("source", "reason"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, redact_urls(value))


@dataclass(frozen=True)
class Notice:
    """Something the report must say about a source that was still read: the encoding assumed,
    bytes replaced, an article truncated. Nothing is skipped because of it."""

    source: str
    message: str


Item = Article | Skipped | Notice
