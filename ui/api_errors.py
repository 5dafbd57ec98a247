"""The error tree (rag/errors.py) as HTTP statuses, in the two shapes the API speaks.

REST (/api/v1) answers `{"error": {"type", "message"}}`; the OpenAI-compatible routes (/v1)
answer OpenAI's error object `{"error": {"message", "type", "param", "code"}}`. Both carry
`type` and `message`, so one builder serves both. Never a traceback: an unexpected error is
logged on the server and answered with a generic 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi.responses import JSONResponse

from rag.errors import (
    ConfigError,
    EmbedderError,
    IndexLockedError,
    LLMError,
    NewsRAGError,
    QuestionError,
    SourceError,
    StoreError,
)

log = logging.getLogger(__name__)

INTERNAL = "something went wrong on the server (the cause is in its log); try again"


class APIError(Exception):
    """An error answered with `status`: raised by the routes and the middleware for their own checks."""

    def __init__(self, status: int, kind: str, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.param = param


def classify(exc: BaseException) -> APIError:
    """The status, type and message for any exception raised while answering."""
    if isinstance(exc, APIError):
        return exc
    if isinstance(exc, TimeoutError):
        return APIError(504, "timeout", "the request took longer than the server's api_timeout_s; try again")
    if isinstance(exc, QuestionError | SourceError):
        return APIError(400, "invalid_request_error", str(exc))
    if isinstance(exc, IndexLockedError):
        return APIError(409, "index_locked", str(exc))
    if isinstance(exc, LLMError):
        return APIError(503, "llm_unavailable", str(exc))
    if isinstance(exc, StoreError | EmbedderError):
        return APIError(503, "store_unavailable", str(exc))
    if isinstance(exc, ConfigError):
        return APIError(503, "server_config", str(exc))
    if isinstance(exc, NewsRAGError):
        return APIError(400, "invalid_request_error", str(exc))
    log.error("unexpected error in the API", exc_info=exc)
    return APIError(500, "server_error", INTERNAL)


def error_body(err: APIError, *, openai: bool) -> dict[str, Any]:
    if openai:
        return {"error": {"message": err.message, "type": err.kind, "param": err.param, "code": err.kind}}
    return {"error": {"type": err.kind, "message": err.message}}


def error_response(exc: BaseException, *, openai: bool) -> JSONResponse:
    err = classify(exc)
    headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
    return JSONResponse(error_body(err, openai=openai), status_code=err.status, headers=headers)


def is_openai_path(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")
