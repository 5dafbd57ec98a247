"""The gate in front of every API route (/api, /v1, /mcp): bearer token, body size, per-client concurrency.

A plain ASGI middleware (not BaseHTTPMiddleware) so streamed responses pass through untouched
and a client that disconnects is seen by the route. Requests to other paths (the Gradio UI)
pass straight through. The body of an API request is read here, up to `api_max_body_bytes`
(413 beyond, whatever Content-Length says), and handed on to the route.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rag.settings import Settings

from .api_errors import APIError, error_body, is_openai_path
from .auth import is_api_path, refusal

Scope = dict[str, Any]


class APIGate:
    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.running: defaultdict[str, int] = defaultdict(int)  # client address -> requests running

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if path == "/mcp":  # the MCP app is mounted at /mcp/: clients configured with ".../mcp" reach it too
            path = "/mcp/"
            scope = {**scope, "path": path, "raw_path": b"/mcp/"}
        if scope["type"] != "http" or not is_api_path(path):
            await self.app(scope, receive, send)
            return
        openai = is_openai_path(path)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        denied = refusal(self.settings, headers.get("authorization"))
        if denied is not None:
            status, message = denied
            kind = "authentication_error" if status == 401 else "permission_error"
            await _send_error(send, APIError(status, kind, message), openai=openai)
            return
        limit = self.settings.api_max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_error(send, _too_large(limit), openai=openai)
            return
        counted = scope["method"] != "GET" or not path.startswith("/mcp")  # an MCP event stream may stay open
        client = (scope.get("client") or ("unknown", 0))[0]
        if counted and self.running[client] >= self.settings.api_concurrency_per_client:
            err = APIError(
                429,
                "rate_limit_exceeded",
                f"too many requests at once from this client (at most {self.settings.api_concurrency_per_client}, "
                "the api_concurrency_per_client setting); wait for one to finish",
            )
            await _send_error(send, err, openai=openai)
            return
        if counted:
            self.running[client] += 1
        try:
            body = await _read_body(receive, limit)
            if body is None:
                await _send_error(send, _too_large(limit), openai=openai)
                return
            await self.app(scope, _replay(body, receive), send)
        finally:
            if counted:
                self.running[client] -= 1
                if self.running[client] <= 0:
                    del self.running[client]


def _too_large(limit: int) -> APIError:
    return APIError(413, "request_too_large", f"the request body is larger than {limit} bytes (api_max_body_bytes)")


async def _read_body(receive: Any, limit: int) -> bytes | None:
    """The whole request body, or None once it exceeds `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Any) -> Any:
    sent = False

    async def replayed() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # then the real channel: the route sees a disconnect

    return replayed


async def _send_error(send: Any, err: APIError, *, openai: bool) -> None:
    data = json.dumps(error_body(err, openai=openai)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    if err.status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": err.status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
