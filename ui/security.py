"""The web UI's secure defaults, in one place: what Gradio may serve, who may log in, what may be fetched.

* The index (data_dir) must not lie inside or around a folder Gradio serves files from
  without being told to: its upload folder and its cache folder (`.gradio/cached_examples`,
  relative to the working directory). Gradio 6 serves nothing else of the working
  directory unless it is in `allowed_paths`, which the app leaves empty. The data dir is
  also always in `blocked_paths`, so Gradio's file route refuses it even if a parent
  folder were allowed.
* Login: both ui_auth_user and ui_auth_password, or neither.
* URLs given to the ingest tab: http(s) only (the fetcher decides which hosts are reachable).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from rag.errors import ConfigError
from rag.settings import Settings

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _resolved(path: str | os.PathLike[str]) -> Path:
    return Path(path).expanduser().resolve()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def served_roots() -> dict[str, Path]:
    """Folders Gradio serves files from without being told to (by name, for error messages)."""
    from gradio import utils as gradio_utils

    return {
        "Gradio's upload folder (GRADIO_TEMP_DIR)": _resolved(gradio_utils.get_upload_folder()),
        "Gradio's cache folder (GRADIO_EXAMPLES_CACHE)": _resolved(gradio_utils.get_cache_folder()),
    }


def check_data_dir(data_dir: str | os.PathLike[str]) -> Path:
    """The resolved data dir, or ConfigError when it overlaps a folder the UI could serve."""
    data = _resolved(data_dir)
    for what, root in served_roots().items():
        if _inside(data, root) or _inside(root, data):
            raise ConfigError(
                f"the index directory {data} overlaps {what} ({root}); the web UI would risk serving it. "
                "Start `newsrag serve` from another folder or set NEWSRAG_DATA_DIR to a folder outside it "
                "(the default per-user data dir is fine)."
            )
    return data


def blocked_paths(settings: Settings) -> list[str]:
    """Paths Gradio's file route must refuse, whatever else is allowed."""
    return [str(_resolved(settings.data_dir))]


def auth_pairs(settings: Settings) -> list[tuple[str, str]] | None:
    """Gradio's `auth` from the settings: None (no login) or one (user, password) pair."""
    user = settings.ui_auth_user
    password = settings.ui_auth_password.get_secret_value() if settings.ui_auth_password else None
    if bool(user) != bool(password):
        raise ConfigError("set both NEWSRAG_UI_AUTH_USER and NEWSRAG_UI_AUTH_PASSWORD to require a login, or neither")
    return [(user, password)] if user and password else None


def exposed_without_login(settings: Settings) -> bool:
    """True when the UI listens beyond this machine and nobody has to log in."""
    return settings.ui_host not in LOOPBACK_HOSTS and auth_pairs(settings) is None


def url_refusal(url: str) -> str | None:
    """Why the ingest tab will not take `url` (None when it may).

    Only http(s) URLs are taken, so a UI user cannot name a file on the server. Which
    hosts may be fetched (no loopback or private addresses unless NEWSRAG_FETCH_ALLOW_HOSTS
    says so, checked again on every redirect) is the fetcher's job, the same as for the CLI.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "only http:// and https:// URLs can be ingested here (upload files with the file picker)"
    return None
