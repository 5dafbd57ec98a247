"""The limits reading sources obeys: file and document sizes, and how URLs are fetched.

The defaults are the `Settings` defaults (declared once there); `Limits.from_settings`
takes the configured values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rag.settings import Settings

if TYPE_CHECKING:
    from .netguard import AddressPolicy


def _default(name: str) -> Any:
    return Settings.model_fields[name].default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = _default("max_file_bytes")
    max_document_bytes: int = _default("max_document_bytes")
    fetch_timeout: float = _default("fetch_timeout")
    fetch_max_bytes: int = _default("fetch_max_bytes")
    fetch_max_redirects: int = _default("fetch_max_redirects")
    fetch_allow_hosts: tuple[str, ...] = field(default_factory=tuple)
    fetch_allow_url_credentials: bool = _default("fetch_allow_url_credentials")

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_file_bytes=settings.max_file_bytes,
            max_document_bytes=settings.max_document_bytes,
            fetch_timeout=settings.fetch_timeout,
            fetch_max_bytes=settings.fetch_max_bytes,
            fetch_max_redirects=settings.fetch_max_redirects,
            fetch_allow_hosts=tuple(settings.fetch_allow_hosts),
            fetch_allow_url_credentials=settings.fetch_allow_url_credentials,
        )

    def address_policy(self) -> AddressPolicy:
        """The policy deciding which hosts URL ingestion may connect to (ConfigError for a malformed entry)."""
        from .netguard import AddressPolicy

        return AddressPolicy.parse(self.fetch_allow_hosts)


def human_bytes(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"
