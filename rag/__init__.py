"""newsrag's read path and shared core. The public API is `NewsRAG`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "NewsRAG",
    "Query",
    "AnswerStream",
    "Answer",
    "Citation",
    "Passage",
    "IngestProgress",
    "ArticleHistory",
    "ArticleVersion",
    "VersionChanges",
    "Settings",
    "NewsRAGError",
]

if TYPE_CHECKING:
    from .api import NewsRAG
    from .errors import NewsRAGError
    from .models import Answer, ArticleHistory, ArticleVersion, Citation, IngestProgress, Passage, VersionChanges
    from .query import Query
    from .settings import Settings
    from .stream import AnswerStream


def __getattr__(name: str) -> Any:  # lazy, so `newsrag --help` does not import torch or chromadb
    if name == "NewsRAG":
        from .api import NewsRAG

        return NewsRAG
    if name == "Query":
        from .query import Query

        return Query
    if name == "AnswerStream":
        from .stream import AnswerStream

        return AnswerStream
    if name in (
        "Answer",
        "Citation",
        "Passage",
        "IngestProgress",
        "ArticleHistory",
        "ArticleVersion",
        "VersionChanges",
    ):
        from . import models

        return getattr(models, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "NewsRAGError":
        from .errors import NewsRAGError

        return NewsRAGError
    raise AttributeError(name)
