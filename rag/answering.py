"""The seam between retrieval and answer writing: a small Answerer protocol."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from .models import Answer, SearchScope
from .retrieval import Retrieval


@runtime_checkable
class Answerer(Protocol):
    """Writes an Answer from retrieved passages. `mode` names it in every Answer."""

    mode: str

    def answer(self, retrieval: Retrieval, scope: SearchScope) -> Answer: ...


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
