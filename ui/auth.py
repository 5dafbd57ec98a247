"""Who may call the HTTP API: the bearer token, and the bind-safety check made before serving.

* With `api_token` set (NEWSRAG_API_TOKEN), every /api, /v1 and /mcp request must carry
  `Authorization: Bearer <token>` (401 without or with another token; compared in constant time).
* Binding beyond this machine needs a gate: the token, or the UI login. Without either,
  `newsrag serve` refuses to start (`check_bind`). With the UI login but no token, the API
  routes answer 403 on such a bind: they never run open to the network.
"""

from __future__ import annotations

import hmac

from rag.errors import ConfigError
from rag.settings import Settings

from .security import LOOPBACK_HOSTS, auth_pairs

API_PREFIXES = ("/api/", "/v1/", "/mcp")


def api_token(settings: Settings) -> str | None:
    token = settings.api_token.get_secret_value() if settings.api_token else None
    return token or None


def is_api_path(path: str) -> bool:
    """The routes the token guards (the Gradio UI has its own login)."""
    return path == "/api" or path == "/v1" or path == "/mcp" or path.startswith(API_PREFIXES)


def is_local(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def check_bind(settings: Settings) -> None:
    """ConfigError (one line) when the server would listen beyond this machine with no token and no UI login."""
    if is_local(settings.ui_host) or api_token(settings) or auth_pairs(settings):
        return
    raise ConfigError(
        f"refusing to listen on {settings.ui_host} without a token: set NEWSRAG_API_TOKEN (and "
        "NEWSRAG_UI_AUTH_USER/NEWSRAG_UI_AUTH_PASSWORD for the web UI), or bind to 127.0.0.1"
    )


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (None when absent or another scheme)."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def refusal(settings: Settings, header: str | None) -> tuple[int, str] | None:
    """(status, message) when a request to an API route may not pass; None when it may."""
    token = api_token(settings)
    if token is None:
        if is_local(settings.ui_host):
            return None
        return 403, "the API is off on a non-local address without a token; set NEWSRAG_API_TOKEN on the server"
    given = bearer(header)
    if given is None:
        return 401, "missing bearer token: send `Authorization: Bearer <NEWSRAG_API_TOKEN>`"
    if not hmac.compare_digest(given.encode(), token.encode()):
        return 401, "wrong bearer token: send the server's NEWSRAG_API_TOKEN"
    return None
