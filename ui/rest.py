"""REST under /api/v1: ask, search, stats, ingest. A client of the facade: each route validates
its body, runs the blocking NewsRAG call in the thread pool (bounded by api_timeout_s) and
answers JSON; errors are `{"error": {"type", "message"}}` (ui/api_errors.py)."""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from rag.api import NewsRAG
from rag.errors import ConfigError
from rag.query import Query
from rag.settings import Settings

from .api_errors import APIError
from .ingest import MergedReport, plan_sources, split_urls

T = TypeVar("T")


class SearchBody(BaseModel):
    """A question and its filters (strict: wrong types and unknown fields are refused)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(description="The question about the indexed news.")
    top_k: int | None = Field(None, description="Passages to retrieve (1..api_max_top_k); unset: the top_k setting.")
    since: str | None = Field(None, description="Only articles published on or after this day (YYYY-MM-DD).")
    until: str | None = Field(None, description="Only articles published on or before this day (YYYY-MM-DD).")
    outlets: list[str] | None = Field(None, description="Only these outlets (empty: all).")
    authors: list[str] | None = Field(None, description="Only articles whose byline names one of these (empty: all).")
    as_of: str | None = Field(None, description='Reference day for time words in the question ("last week").')


class AskBody(SearchBody):
    llm: bool | None = Field(None, description="true: the LLM answers; false: extractive; unset: the settings decide.")


class IngestBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    urls: list[str] = Field(description="RSS/Atom feed or article URLs (http or https).")


def build_query(settings: Settings, question: str, **options: Any) -> Query:
    """A Query within the API's limits (APIError 400 beyond them; QuestionError for the rest)."""
    if len(question) > settings.api_max_question_chars:
        raise APIError(
            400,
            "invalid_request_error",
            f"the question is {len(question)} characters long; at most {settings.api_max_question_chars} "
            "(api_max_question_chars)",
            param="question",
        )
    top_k = options.get("top_k")
    if isinstance(top_k, int) and not isinstance(top_k, bool) and top_k > settings.api_max_top_k:
        raise APIError(
            400,
            "invalid_request_error",
            f"top_k must be at most {settings.api_max_top_k} (api_max_top_k), got {top_k}",
            param="top_k",
        )
    return Query.of(question, **options)


def check_llm(rag: NewsRAG, llm: bool | None) -> None:
    """400 when the request forces the LLM but none is configured."""
    try:
        rag.uses_llm(llm)
    except ConfigError as exc:
        raise APIError(400, "invalid_request_error", str(exc), param="llm") from None


async def blocking(settings: Settings, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in the thread pool; TimeoutError after api_timeout_s (the thread finishes on its own)."""
    with anyio.fail_after(settings.api_timeout_s):
        return await in_thread(fn, *args)


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in the thread pool; a cancelled caller (timeout, disconnect) stops waiting at once."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args), abandon_on_cancel=True)


def passage_dict(n: int, p: Any) -> dict[str, Any]:
    return {
        "n": n,
        "chunk_id": p.chunk_id,
        "article_id": p.article_id,
        "title": p.title,
        "outlet": p.outlet,
        "url": p.url,
        "published_at": p.published_at,
        "position": p.position,
        "score": round(float(p.score), 6),
        "text": p.text,
        "also_carried_by": [{"outlet": o, "url": u} for o, u in p.also_carried_by],
        "authors": list(p.authors),
        "version": p.version,
        "updated_at": p.updated_at,
        "modified_at": p.modified_at,
    }


def rest_router(rag: NewsRAG) -> APIRouter:
    settings = rag.settings
    router = APIRouter(prefix="/api/v1", tags=["REST"])

    @router.post("/ask", summary="Answer a question with cited passages (the `newsrag ask --json` object)")
    async def ask(body: AskBody) -> dict[str, Any]:
        options = body.model_dump(exclude={"question"})
        query = build_query(settings, body.question, **options)
        check_llm(rag, query.llm)
        answer = await blocking(settings, rag.ask, query)
        return answer.to_dict()

    @router.post("/search", summary="The ranked passages for a question, with metadata and scores; no answer")
    async def search(body: SearchBody) -> dict[str, Any]:
        query = build_query(settings, body.question, **body.model_dump(exclude={"question"}))
        retrieval = await blocking(settings, rag.retrieve, query)
        return {
            "question": retrieval.question,
            "filters": retrieval.filters.describe(),
            "passages": [passage_dict(i, p) for i, p in enumerate(retrieval.passages, 1)],
            "timings_ms": retrieval.timings_ms,
        }

    @router.get("/stats", summary="What the index holds (the `newsrag stats --json` object)")
    async def stats() -> dict[str, Any]:
        return await blocking(settings, rag.stats)

    @router.post(
        "/ingest",
        summary="Ingest URLs (JSON `{urls: [...]}`) or uploaded files and URLs (multipart: `files`, `urls`)",
    )
    async def ingest(request: Request) -> dict[str, Any]:
        if not settings.api_ingest:
            raise APIError(
                403, "permission_error", "ingest through the API is switched off on this server (api_ingest)"
            )
        upload_dir = Path(tempfile.mkdtemp(prefix="newsrag-api-"))
        try:
            files, urls = await _ingest_input(request, upload_dir)
            report = MergedReport()
            sources = plan_sources(
                files, "\n".join(urls), upload_root=upload_dir, max_mb=settings.ui_max_upload_mb, report=report
            )
            if not sources and not report.skipped:
                raise APIError(400, "invalid_request_error", "nothing to ingest: send `urls` and/or `files`")
            if sources:
                names = {s.target: s.name for s in sources if s.upload}

                def rename(text: str) -> str:
                    for target, name in names.items():
                        text = text.replace(target, name)
                    return text

                done = await blocking(settings, rag.ingest, [s.ingested for s in sources])
                report.add(done.to_dict(), rename)
            return report.to_dict()
        finally:
            shutil.rmtree(upload_dir, ignore_errors=True)

    return router


async def _ingest_input(request: Request, upload_dir: Path) -> tuple[list[str], list[str]]:
    """(saved upload paths, URLs) of a JSON or multipart ingest request."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = IngestBody.model_validate_json(await request.body())
        except ValueError as exc:
            raise APIError(400, "invalid_request_error", f"bad ingest body: {_first_error(exc)}") from None
        return [], [u for u in body.urls if u]
    if kind != "multipart/form-data":
        raise APIError(
            400, "invalid_request_error", 'send JSON {"urls": [...]} or multipart/form-data with `files` and `urls`'
        )
    form = await request.form()
    paths: list[str] = []
    urls: list[str] = []
    for key, value in form.multi_items():
        if key == "urls" and isinstance(value, str):
            urls += split_urls(value)
        elif key == "files" and not isinstance(value, str):
            name = Path(value.filename or "upload").name or "upload"
            target = upload_dir / str(len(paths)) / name  # under the name it was sent with (`Upload`)
            target.parent.mkdir()
            with target.open("wb") as out:
                shutil.copyfileobj(value.file, out)
            paths.append(str(target))
        else:
            raise APIError(400, "invalid_request_error", f"unknown form field {key!r}: send `files` and `urls`")
    return paths, urls


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        return f"{where}: {first.get('msg', '')}"
    return str(exc)
