"""The limits reading sources obeys: file and document sizes, and how URLs are fetched.

`Limits` is `FetchSettings` frozen and without the environment: `Limits()` is the
defaults, `Limits(fetch_timeout=5)` overrides one, and `Limits.from_settings` takes the
configured values. Nothing is declared twice: the fields are `FetchSettings`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .filetypes import FEED_EXT, HTML_EXT
from .settings import SETTINGS_CONFIG, FetchSettings

if TYPE_CHECKING:
    from .netguard import AddressPolicy


class Limits(FetchSettings):
    """The fetch settings in force for one ingest: immutable (the host list is a tuple)."""

    model_config = SettingsConfigDict(**SETTINGS_CONFIG, frozen=True)

    @field_validator("fetch_allow_hosts", mode="after")
    @classmethod
    def _freeze_hosts(cls, value: list[str]) -> tuple[str, ...]:
        return tuple(value)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)  # explicit values only: the environment reaches Limits through from_settings

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> Limits:
        return cls(**{name: getattr(settings, name) for name in FetchSettings.model_fields})

    def bytes_for(self, ext: str) -> tuple[int, str]:
        """The most bytes one file of type `ext` may hold (uncompressed, when it comes compressed), and the
        setting that says so: `max_document_bytes` for a page or a feed, `max_file_bytes` for the rest."""
        if ext in HTML_EXT | FEED_EXT:
            return self.max_document_bytes, "NEWSRAG_MAX_DOCUMENT_BYTES"
        return self.max_file_bytes, "NEWSRAG_MAX_FILE_BYTES"

    def inflated_past(self, ext: str) -> str:
        """Why a compressed file of type `ext` is skipped when it inflates past `bytes_for(ext)`."""
        limit, name = self.bytes_for(ext)
        return f"uncompressed, the file is over the {human_bytes(limit)} limit ({name}); split it"

    def address_policy(self) -> AddressPolicy:
        """The policy deciding which hosts URL ingestion may connect to (ConfigError for a malformed entry)."""
        from .netguard import AddressPolicy

        return AddressPolicy.parse(self.fetch_allow_hosts)


def human_bytes(n: int) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"
