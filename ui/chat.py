"""One chat turn over the NewsRAG API: the chat tab's search options as a `Query`, and the turn's
answer stream from the browser session's ChatSession (multi-turn: follow-ups are condensed) or,
for one-off questions, from the facade itself.
"""

from __future__ import annotations

from typing import Any

from rag.api import NewsRAG
from rag.errors import QuestionError
from rag.llm.chat import ChatSession
from rag.query import Query
from rag.settings import Settings
from rag.stream import AnswerStream


def llm_configured(settings: Settings) -> bool:
    """Whether LLM answers are available, so the UI offers the LLM switch: `use_llm` when it is set,
    else whether a base URL or a model name is configured."""
    if settings.use_llm is not None:
        return bool(settings.use_llm)
    return bool(settings.openai_base_url or settings.llm_model)


def top_k_option(top_k: Any) -> int | None:
    """The passages option of a form or an API call: empty or 0 means the setting's default."""
    if top_k is None or top_k == "":
        return None
    try:
        value = float(top_k)
    except (TypeError, ValueError):
        raise QuestionError(f"top_k must be a whole number, got {top_k!r}") from None
    if not value.is_integer():
        raise QuestionError(f"top_k must be a whole number, got {top_k!r}")
    return int(value) or None


def turn_query(
    message: str,
    *,
    since: str | None,
    until: str | None,
    outlets: list[str] | None,
    top_k: Any,
    use_llm: Any,
    llm_available: bool,
    authors: list[str] | None = None,
) -> Query:
    """The Query of one turn (QuestionError when the question or an option is unusable). The LLM
    switch counts only when an LLM is configured; otherwise the settings decide."""
    return Query.of(
        message or "",
        top_k=top_k_option(top_k),
        since=(since or "").strip() or None,
        until=(until or "").strip() or None,
        outlets=[o for o in (outlets or []) if o] or None,
        authors=[a.strip() for a in (authors or []) if a and a.strip()] or None,
        llm=bool(use_llm) if llm_available else None,
    )


def stream_turn(rag: NewsRAG, session: ChatSession | None, query: Query) -> AnswerStream:
    """The turn's answer stream: through the chat session when there is one, else a one-off question."""
    return session.stream(query) if session is not None else rag.stream(query)
