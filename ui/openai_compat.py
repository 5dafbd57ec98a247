"""OpenAI-compatible chat under /v1: `GET /v1/models`, `POST /v1/chat/completions` (plain and streamed).

The last user message is the question; earlier user/assistant turns are the chat history, from
which follow-ups are condensed as in a ChatSession (no state is kept between requests). The
answer text keeps its [n] markers and ends with a "Sources:" list; the structured citations
travel in the extra field `citations` (on the response, and on the last chunk of a stream).
Errors are OpenAI error objects. newsrag's search options may be sent as extra body fields
(`top_k`, `since`, `until`, `outlets`, `authors`, `as_of`; `extra_body=` in the openai package).
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import uuid
from collections.abc import AsyncGenerator, Callable
from typing import Any, Literal

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from rag.api import NewsRAG
from rag.llm.chat import Turn
from rag.models import Answer
from rag.stream import AnswerStream, checked_tail

from .api_errors import APIError, classify, error_body
from .chat import llm_configured
from .rest import blocking, build_query, check_llm, in_thread

MODEL = "newsrag"
EXTRACTIVE_MODEL = "newsrag-extractive"
SOURCES_HEADING = "Sources:"
NOTE_HEADING = "Note:"  # the answer's note (what was searched instead, why it was refused), before its sources
# OpenAI parameters that are accepted and have no effect here (the answer is grounded, not sampled freely).
IGNORED = {
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "user",
    "stream_options",
    "presence_penalty",
    "frequency_penalty",
    "seed",
    "stop",
    "metadata",
    "store",
    "logit_bias",
    "reasoning_effort",
    "service_tier",
}
# ... and those accepted when they ask for nothing newsrag does not do: plain text, no tools, no log
# probabilities (LangChain, LibreChat and the Vercel AI SDK send some of these by default)
ASKS_NOTHING: dict[str, Callable[[Any], bool]] = {
    "response_format": lambda v: v in (None, {"type": "text"}),
    "tools": lambda v: not v,
    "functions": lambda v: not v,
    "tool_choice": lambda v: v in (None, "none", "auto"),
    "parallel_tool_calls": lambda v: True,  # meaningless without tools, which are refused
    "logprobs": lambda v: not v,
    "top_logprobs": lambda v: not v,
    "modalities": lambda v: v in (None, ["text"]),
}
OPTIONS = ("top_k", "since", "until", "outlets", "authors", "as_of")
# Token counts are not kept (an extractive answer generates none): zeros, so that clients reading them work
USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


class TextPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: Literal["text"]
    text: str


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(p.text for p in self.content)
        return self.content or ""


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    n: int | None = None
    top_k: int | None = None
    since: str | None = None
    until: str | None = None
    outlets: list[str] | None = None
    authors: list[str] | None = None
    as_of: str | None = None


def models(rag: NewsRAG) -> list[str]:
    """`newsrag` (follows the settings), and `newsrag-extractive` when an LLM is configured."""
    return [MODEL, EXTRACTIVE_MODEL] if llm_configured(rag.settings) else [MODEL]


def _bad(message: str, param: str | None = None) -> APIError:
    return APIError(400, "invalid_request_error", message, param=param)


def check_request(rag: NewsRAG, req: ChatRequest) -> bool | None:
    """The request's `llm` option (None: the settings; False: extractive); APIError 400 for what is unsupported."""
    if req.model not in models(rag):
        raise APIError(
            400,
            "model_not_found",
            f"unknown model {req.model!r}; this server has: {', '.join(models(rag))}",
            param="model",
        )
    if req.n is not None and req.n != 1:
        raise _bad("n must be 1: newsrag gives one answer per question", "n")
    extra = req.model_extra or {}
    unsupported = sorted(
        k for k, v in extra.items() if k not in IGNORED and not (k in ASKS_NOTHING and ASKS_NOTHING[k](v))
    )
    if unsupported:
        raise _bad(
            f"unsupported parameter(s): {', '.join(unsupported)} (newsrag answers with text only)", unsupported[0]
        )
    if req.messages[-1].role != "user":
        raise _bad("the last message must be the user's question", "messages")
    return False if req.model == EXTRACTIVE_MODEL else None


def history_of(messages: list[Message]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(question, answer, sources) of the earlier turns: our own note and Sources list are cut from the answers, and
    the list's entries ("[1] Title — Outlet — 2025-02-10 — URL") kept apart, for "list the sources"."""
    turns: list[tuple[str, str, tuple[str, ...]]] = []
    question: str | None = None
    for m in messages[:-1]:
        if m.role == "user":
            question = m.text()
        elif m.role == "assistant" and question:
            text, _, listed = m.text().partition("\n\n" + SOURCES_HEADING)
            answer = text.split("\n\n" + NOTE_HEADING, 1)[0].strip()
            sources = tuple(line.strip() for line in listed.splitlines() if re.match(r"\s*\[\d+\]\s", line))
            turns.append((question, answer, sources))
            question = None
    return turns


def note_text(answer: Answer) -> str:
    """The answer's note, as the web UI shows it under the answer: what an OpenAI client's user reads too
    ("Searched for 'turnout' ...", "Nothing in the index was published on ...")."""
    note = (answer.note or "").strip()
    return f"\n\n{NOTE_HEADING} {note}" if note else ""


def sources_text(answer: Answer) -> str:
    if not answer.citations:
        return ""
    lines = [SOURCES_HEADING]
    for c in answer.citations:
        parts = [
            c.title,
            c.outlet or "",
            (c.published_at or "")[:10],
            c.byline or "",
            c.updated_label or "",
            c.url or "",
        ]
        lines.append(f"[{c.n}] " + " — ".join(p for p in parts if p))
    return "\n\n" + "\n".join(lines)


def extras(answer: Answer) -> dict[str, Any]:
    return {
        "citations": [c.to_dict() for c in answer.citations],
        "newsrag": {
            "question": answer.question,
            "mode": answer.mode,
            "refused": answer.refused,
            "note": answer.note,
        },
    }


def openai_router(rag: NewsRAG) -> APIRouter:
    settings = rag.settings
    router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])

    @router.get("/models", summary="The models: newsrag, and newsrag-extractive when an LLM is configured")
    async def list_models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": m, "object": "model", "created": 0, "owned_by": "newsrag"} for m in models(rag)],
        }

    @router.post("/chat/completions", summary="Answer the last user message with cited passages (OpenAI format)")
    async def chat_completions(req: ChatRequest, request: Request) -> Any:
        llm = check_request(rag, req)
        options = {k: getattr(req, k) for k in OPTIONS}
        query = build_query(settings, req.messages[-1].text(), **options, llm=llm)
        check_llm(rag, llm)
        history = history_of(req.messages)

        def start() -> AnswerStream:
            session = rag.chat(llm=llm)
            for q, a, sources in history:
                session.history.add(Turn.told(q, a, sources))
            return session.stream(query)

        ident = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if not req.stream:
            stream = await blocking(settings, lambda: _drained(start()))
            answer = stream.answer()
            return {
                "id": ident,
                "object": "chat.completion",
                "created": created,
                "model": req.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": answer.text + note_text(answer) + sources_text(answer),
                        },
                        "finish_reason": "stop",
                    }
                ],
                "usage": USAGE,
                **extras(answer),
            }
        stream = await blocking(settings, start)
        uses_llm = rag.uses_llm(llm)
        usage = bool(((req.model_extra or {}).get("stream_options") or {}).get("include_usage"))
        events = _events(stream, request, ident=ident, created=created, model=req.model, uses_llm=uses_llm,
                         timeout=settings.api_timeout_s, usage=usage)  # fmt: skip
        # A client that leaves mid-answer cancels the response while it may be sending: the generator is
        # then left suspended, and only garbage collection would run its `finally` (which drops the LLM
        # stream). Closing it after the response, done, cancelled or cut off, drops the LLM stream at once.
        return _ClosingStream(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    return router


_CLOSING: set[asyncio.Task[None]] = set()


def _close_soon(events: AsyncGenerator[str, None]) -> None:
    """Close a response's event generator in a task of its own (a no-op when it ran to its end): the
    request's slot is freed without waiting for it."""
    task = asyncio.get_running_loop().create_task(events.aclose())
    _CLOSING.add(task)
    task.add_done_callback(_CLOSING.discard)


class _ClosingStream(StreamingResponse):
    """A streaming response that closes its event generator however it ends. A background task would not do:
    Starlette runs it only when the response ends without an error, and a client that goes away while a chunk
    is being sent makes `send` raise before the disconnect listener cancels the response; the generator,
    suspended where it yielded, then kept the LLM stream open until garbage collection (found as a disconnect
    test failing in full runs only: the slot was freed, the LLM server saw no cut)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            _close_soon(self.body_iterator)  # type: ignore[arg-type]  # the `_events` generator


def _drained(stream: AnswerStream) -> AnswerStream:
    stream.answer()
    return stream


def _sse(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _events(
    stream: AnswerStream,
    request: Request,
    *,
    ident: str,
    created: int,
    model: str,
    uses_llm: bool,
    timeout: float,
    usage: bool = False,
) -> AsyncGenerator[str, None]:
    """The answer as OpenAI chunks, ending with `data: [DONE]`. A piece is held back until the next
    one arrives, so that when the LLM dies after text was sent, its extractive fallback is not
    appended to the half answer: the stream ends with an error event instead. `usage` (the request's
    `stream_options.include_usage`): a last chunk with no choices carries `usage`, as OpenAI sends it."""

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        body = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model}
        return _sse({**body, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    pieces = iter(stream)
    busy = threading.Lock()  # held while a worker thread reads the next piece

    def next_piece() -> str | None:
        with busy:
            return next(pieces, None)

    def close() -> None:
        with busy:
            pieces.close()  # type: ignore[attr-defined]  # the iterator: a generator
            stream.close()  # and what produces the pieces (the LLM stream under it)

    deadline = anyio.current_time() + timeout
    held: str | None = None
    sent = False  # non-blank text sent to the client
    try:
        yield chunk({"role": "assistant", "content": ""})
        while True:
            with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                piece = await in_thread(next_piece)
            if piece is None:
                break
            if held is not None:
                yield chunk({"content": held})
                sent = sent or bool(held.strip())
            held = piece
            if await request.is_disconnected():
                return
        answer = stream.answer()
        if uses_llm and sent and answer.mode != "llm" and answer.note:
            yield _sse(error_body(APIError(503, "llm_unavailable", answer.note), openai=True))
            yield "data: [DONE]\n\n"
            return
        if held:
            yield chunk({"content": held})
        tail = checked_tail(stream.draft, answer.text) + note_text(answer) + sources_text(answer)
        if tail:
            yield chunk({"content": tail})
        yield chunk({}, "stop", **extras(answer))
        if usage:
            yield _sse({"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                        "choices": [], "usage": USAGE})  # fmt: skip
        yield "data: [DONE]\n\n"
    except Exception as exc:  # noqa: BLE001 - every failure ends the stream with an error event
        yield _sse(error_body(classify(exc), openai=True))
        yield "data: [DONE]\n\n"
    finally:
        if busy.acquire(blocking=False):
            busy.release()
            close()
        else:  # a worker still reads a piece (timeout, disconnect): close once it has it
            threading.Thread(target=close, name="newsrag-stream-close", daemon=True).start()
