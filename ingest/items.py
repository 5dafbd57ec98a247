"""What a source yields: an article, or a skipped item with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Article


@dataclass(frozen=True)
class Skipped:
    source: str  # path, path:line, feed URL#entry, ...
    reason: str


Item = Article | Skipped
