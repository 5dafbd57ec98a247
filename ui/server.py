"""`newsrag serve`: one ASGI app. REST under /api/v1, OpenAI-compatible chat under /v1, MCP at /mcp
(when ui.mcp_server is available), FastAPI's OpenAPI schema and docs (/openapi.json, /docs), and
the Gradio UI mounted at "/" last, so it never shadows the routes above.

`build_server(rag)` makes the app; `serve(rag)` checks the bind (ui/auth.py) and runs it with
uvicorn on ui_host:ui_port. The gate (ui/limits.py) guards every /api, /v1 and /mcp request.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag.api import NewsRAG
from rag.errors import ConfigError, NewsRAGError

from .api_errors import APIError, error_response, is_openai_path
from .auth import check_bind
from .limits import APIGate
from .openai_compat import openai_router
from .rest import rest_router

try:
    from ui.mcp_server import mcp_asgi_app
except ImportError:  # the MCP tools are optional
    mcp_asgi_app = None

log = logging.getLogger(__name__)


def _validation_message(exc: RequestValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        msg = error.get("msg", "invalid")
        if error.get("type") == "json_invalid":
            return "the body is not valid JSON"
        if tuple(error.get("loc", ())) == ("body",) and error.get("type") in ("model_attributes_type", "dict_type"):
            return "the body must be a JSON object, sent with Content-Type: application/json"
        if error.get("type") == "extra_forbidden":
            msg = "unknown field"
        problems.append(f"{where}: {msg}")
    return "bad request: " + "; ".join(problems)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        err = APIError(400, "invalid_request_error", _validation_message(exc))
        return error_response(err, openai=is_openai_path(request.url.path))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_request_error")
        err = APIError(exc.status_code, kind, str(exc.detail))
        return error_response(err, openai=is_openai_path(request.url.path))

    async def known(request: Request, exc: Exception):
        return error_response(exc, openai=is_openai_path(request.url.path))

    # handled here (answered, the connection kept); anything else reaches the 500 handler below
    for kind in (APIError, NewsRAGError, TimeoutError):
        app.add_exception_handler(kind, known)
    app.add_exception_handler(Exception, known)


def build_server(rag: NewsRAG, *, ui: bool = True, watch: bool = False) -> FastAPI:
    """The whole service over `rag`; `ui=False` leaves the Gradio UI out (API only); `watch`: the feed
    watcher runs in a background thread while the app runs (`serve --watch`), stopped at shutdown."""
    settings = rag.settings
    mcp_app: Any = None
    mcp_lifespan: Any = None
    if mcp_asgi_app is not None:
        mcp_app, mcp_lifespan = mcp_asgi_app(rag)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if mcp_lifespan is not None:
                cm = mcp_lifespan(mcp_app) if callable(mcp_lifespan) else mcp_lifespan
                await stack.enter_async_context(cm)
            if watch:
                app.state.watcher = _start_watcher(rag)  # tests and the UI can see it
                stack.callback(app.state.watcher.stop)
            yield

    app = FastAPI(
        title="newsrag",
        summary="Questions about the indexed news, answered with cited passages.",
        version="1",
        lifespan=lifespan,
    )
    _install_error_handlers(app)
    app.include_router(rest_router(rag))
    app.include_router(openai_router(rag))

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    @app.api_route("/v1/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    async def unknown(request: Request) -> None:
        raise APIError(404, "not_found", f"no such route: {request.method} {request.url.path} (see /docs)")

    if mcp_app is not None:
        app.mount("/mcp", mcp_app)
    if ui:
        _mount_ui(app, rag)
    app.add_middleware(APIGate, settings=settings)
    return app


def _start_watcher(rag: NewsRAG):
    """The feed watcher in a daemon thread; its rounds and problems go to the log (a round that
    finds the index locked by an ingest is retried at the next one)."""
    from rag.watch import WatchLoop

    def round_done(done) -> None:
        if done.feeds or done.retention_removed:
            log.warning("newsrag watch: %s", done.summary())

    return WatchLoop(
        rag,
        on_round=round_done,
        on_error=lambda exc: log.warning("newsrag watch: %s (retrying at the next round)", exc),
    ).start()


def _mount_ui(app: FastAPI, rag: NewsRAG) -> None:
    import gradio as gr

    from .app import build_app, launch_options

    options = launch_options(rag)
    s = rag.settings
    demo = build_app(rag)
    demo.queue(max_size=s.ui_queue_size, default_concurrency_limit=s.ui_concurrency, api_open=False)
    gr.mount_gradio_app(
        app,
        demo,
        path="",
        server_name=options["server_name"],
        server_port=options["server_port"],
        footer_links=options["footer_links"],
        run_history=options["run_history"],
        auth=options["auth"],
        allowed_paths=options["allowed_paths"],
        blocked_paths=options["blocked_paths"],
        show_error=options["show_error"],
        max_file_size=options["max_file_size"],
        ssr_mode=options["ssr_mode"],
        enable_monitoring=options["enable_monitoring"],
        pwa=options["pwa"],
        mcp_server=options["mcp_server"],
        css=options["css"],
    )


def serve(rag: NewsRAG, *, watch: bool = False) -> None:
    """Run the service on ui_host:ui_port until interrupted (ConfigError when the bind is unsafe or taken);
    `watch`: with the feed watcher in the background."""
    import uvicorn

    s = rag.settings
    check_bind(s)
    app = build_server(rag, watch=watch)
    config = uvicorn.Config(
        app, host=s.ui_host, port=s.ui_port, log_level="warning", timeout_graceful_shutdown=5, access_log=False
    )
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {s.ui_host}:{s.ui_port} ({exc}); pick another port with --port or NEWSRAG_UI_PORT"
        ) from None
    if not server.started:
        raise ConfigError(f"cannot listen on {s.ui_host}:{s.ui_port}; pick another port with --port or NEWSRAG_UI_PORT")
