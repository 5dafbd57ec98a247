"""The settings reading sources obeys: input sizes and how URLs are fetched.

`FetchSettings` is one group of newsrag's settings (declared here, once, because the
ingest layer uses them); `rag.settings.Settings` composes it with the other groups.
The reasons behind the defaults are in docs/settings-notes.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "NEWSRAG_"

# Every settings group reads NEWSRAG_<NAME>, refuses unknown names and validates its defaults.
SETTINGS_CONFIG = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", validate_default=True)


class FetchSettings(BaseSettings):
    """Input limits and URL fetching: hostile or broken input is skipped with a reason, never a hang."""

    model_config = SETTINGS_CONFIG

    max_file_bytes: int = Field(
        500_000_000, ge=1, description="Input files larger than this are skipped unread (split bigger dumps)."
    )
    max_document_bytes: int = Field(
        10_000_000, ge=1, description="HTML pages and RSS/Atom feeds (files or URLs) larger than this are skipped."
    )
    max_article_words: int = Field(
        200_000, ge=1, description="Words kept from one article; the rest is dropped with a warning (bounds memory)."
    )
    follow_symlinks_outside: bool = Field(
        False, description="Follow symbolic links that lead out of an ingested folder (off: skipped with a reason)."
    )
    fetch_timeout: float = Field(
        20.0, gt=0, description="Seconds one URL may take to fetch in total, redirects included."
    )
    fetch_max_bytes: int = Field(10_000_000, ge=1, description="Largest response body fetched from a URL, in bytes.")
    fetch_max_redirects: int = Field(5, ge=0, le=20, description="Most HTTP redirects followed for one URL.")
    fetch_allow_url_credentials: bool = Field(
        False, description="Use user:password@ in a URL as HTTP basic auth for that host (off: such URLs are refused)."
    )
    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        [],
        description="Private or loopback hosts, IPs or CIDR ranges URLs may be fetched from (comma-separated).",
    )

    fetch_host_interval: float = Field(
        1.0, ge=0, le=3600, description="Least seconds between two requests to the same host (one at a time per host)."
    )

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        """A comma- or space-separated string (as in the environment) or a list of entries."""
        if isinstance(value, str):
            return [part for part in value.replace(",", " ").split() if part]
        return value
