"""The error tree. Messages are written for the user: each says what went wrong and what to do.

The base (`NewsRAGError`, `ConfigError`, `IngestError`, `SourceError`) is declared in
`ingest.errors`, the bottom layer, and re-exported here: `from rag.errors import X` works
for every error. Only the edges (CLI, UI) turn these into exit codes or UI messages.
"""

from __future__ import annotations

from ingest.errors import ConfigError, IngestError, NewsRAGError, SourceError

__all__ = [
    "ArticleNotFoundError",
    "ConfigError",
    "EmbedderError",
    "EvalSetError",
    "IndexLockedError",
    "IndexMismatchError",
    "IngestError",
    "LLMError",
    "NewsRAGError",
    "QuestionError",
    "SourceError",
    "StoreError",
]


class EmbedderError(NewsRAGError):
    """The embedding model could not be loaded or run."""


class StoreError(NewsRAGError):
    """The vector store could not be opened, read or written."""


class IndexMismatchError(StoreError):
    """The index was built by another embedder than the one configured."""


class IndexLockedError(StoreError):
    """Another process is writing to the same data directory."""


class QuestionError(NewsRAGError):
    """The question or its filters are not usable (empty, malformed dates, ...)."""


class LLMError(NewsRAGError):
    """The configured LLM server failed (unreachable, bad key, timeout, rate limit)."""


class EvalSetError(NewsRAGError):
    """A question set or corpus given to `newsrag eval` cannot be read or is malformed."""


class ArticleNotFoundError(NewsRAGError):
    """No article in the index has the id or URL asked for."""
