"""What a source yields: an article, or a skipped item with the reason."""

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


Item = Article | Skipped
