"""The seam between retrieval and answer writing: a small Answerer protocol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .models import Answer, SearchScope
from .retrieval import Retrieval


@runtime_checkable
class Answerer(Protocol):
    """Writes an Answer from retrieved passages. `mode` names it in every Answer. `history`: a chat's
    earlier (question, answer) pairs, oldest first (empty outside a chat)."""

    mode: str

    def answer(
        self, retrieval: Retrieval, scope: SearchScope, *, history: Sequence[tuple[str, str]] = ()
    ) -> Answer: ...


def refusal(retrieval: Retrieval, scope: SearchScope, mode: str, why: str) -> Answer:
    return Answer(
        question=retrieval.question,
        text=f"{why} Searched {scope.describe()}.",
        citations=[],
        refused=True,
        mode=mode,
        passages=retrieval.passages,
        scope=scope,
    )
