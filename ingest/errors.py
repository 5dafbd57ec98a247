"""The base of newsrag's error tree: the errors reading sources can raise.

`rag.errors` builds the rest of the tree on `NewsRAGError` and re-exports these, so
`from rag.errors import ConfigError` and `from ingest.errors import ConfigError` name one class.
Messages are written for the user: each says what went wrong and what to do.
"""

from __future__ import annotations

__all__ = ["NewsRAGError", "ConfigError", "IngestError", "SourceError"]


class NewsRAGError(Exception):
    """Base class of every error newsrag raises on purpose."""


class ConfigError(NewsRAGError):
    """A setting is missing, malformed or inconsistent."""


class IngestError(NewsRAGError):
    """Nothing at all could be ingested from the given sources."""


class SourceError(NewsRAGError):
    """One source (file, line, feed entry, URL) could not be read; reported per item."""
