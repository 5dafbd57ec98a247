"""One chat turn over the NewsRAG API, with or without multi-turn sessions.

When the facade offers `rag.chat()` (multi-turn sessions that condense follow-ups),
each browser session gets its own chat object (kept in a gr.State by the app) and the
turn goes through it; otherwise every turn is an independent `rag.stream()`. Options
the target does not accept (e.g. `llm` before LLM answers exist) are not passed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rag.models import Answer
from rag.settings import Settings


@dataclass(frozen=True)
class TurnOptions:
    top_k: int | None = None
    since: str | None = None
    until: str | None = None
    outlets: list[str] | None = None
    llm: bool | None = None  # None: leave the choice to the settings


def llm_configured(settings: Settings) -> bool:
    """Whether LLM answers are available, so the UI offers the LLM switch: `use_llm` when it is set,
    else whether a base URL or a model name is configured."""
    use_llm = getattr(settings, "use_llm", None)
    if use_llm is not None:
        return bool(use_llm)
    return bool(settings.openai_base_url or settings.llm_model)


def supports_sessions(rag: Any) -> bool:
    return callable(getattr(rag, "chat", None))


def new_session(rag: Any) -> Any | None:
    """A fresh per-browser chat session, or None when the facade has no multi-turn chat."""
    return rag.chat() if supports_sessions(rag) else None


def reset_session(session: Any | None) -> None:
    reset = getattr(session, "reset", None)
    if callable(reset):
        reset()


def call_supported(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `fn` with the keyword arguments it accepts (None values dropped)."""
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **kwargs)
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        kwargs = {k: v for k, v in kwargs.items() if k in params}
    return fn(*args, **kwargs)


def is_answer(part: Any) -> bool:
    return isinstance(part, Answer) or (hasattr(part, "citations") and hasattr(part, "refused"))


def stream_turn(rag: Any, session: Any | None, question: str, options: TurnOptions) -> Iterator[str | Answer]:
    """Text pieces as they come, then the final Answer (from the session when there is one)."""
    target = session if session is not None else rag
    kwargs = {
        "top_k": options.top_k,
        "since": options.since or None,
        "until": options.until or None,
        "outlets": list(options.outlets) if options.outlets else None,
        "llm": options.llm,
    }
    if callable(getattr(target, "stream", None)):
        yield from call_supported(target.stream, question, **kwargs)
        return
    answer = call_supported(target.ask, question, **kwargs)
    yield answer.text
    yield answer
