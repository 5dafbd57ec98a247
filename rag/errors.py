"""The error tree. Messages are written for the user: each says what went wrong and what to do.

Only the edges (CLI, UI) turn these into exit codes or UI messages.
"""

from __future__ import annotations


class NewsRAGError(Exception):
    """Base class of every error newsrag raises on purpose."""


class ConfigError(NewsRAGError):
    """A setting is missing, malformed or inconsistent."""


class EmbedderError(NewsRAGError):
    """The embedding model could not be loaded or run."""


class StoreError(NewsRAGError):
    """The vector store could not be opened, read or written."""


class IndexMismatchError(StoreError):
    """The index was built by another embedder than the one configured."""


class IndexLockedError(StoreError):
    """Another process is writing to the same data directory."""


class IngestError(NewsRAGError):
    """Nothing at all could be ingested from the given sources."""


class SourceError(NewsRAGError):
    """One source (file, line, feed entry, URL) could not be read; reported per item."""


class QuestionError(NewsRAGError):
    """The question or its filters are not usable (empty, malformed dates, ...)."""


class LLMError(NewsRAGError):
    """The configured LLM server failed (unreachable, bad key, timeout, rate limit)."""


class EvalSetError(NewsRAGError):
    """A question set or corpus given to `newsrag eval` cannot be read or is malformed."""
