"""Multiple choice for the eval: `evidence_pick`, for any pipeline without its own chooser,
`newsrag_choose`, newsrag's chooser over its public API (eval/extractive_choice.py, eval/llm_choice.py),
and `extractive_pick`, newsrag's extractive scoring over a fixed list of passages.

`evidence_pick` and `extractive_pick` read only the passages they are given, so the runner runs
them over every pipeline's own retrieval: the same chooser on each side, so that the
difference in accuracy is the difference in retrieval (eval/runner.py, `same_chooser_picks`).

Each choice is scored by the rank-weighted number of retrieved passages that contain it
(normalized, whole words): a passage at rank r adds 1/r. The best-scoring choice wins;
a tie for the best score, or no choice found in any passage, gives no pick (None), which
counts as wrong. Never a random guess. Scores are exact fractions, so ties are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .metrics import contains, normalize

if TYPE_CHECKING:
    from rag.api import NewsRAG


def choice_scores(choices: Sequence[str], passages: Sequence[str]) -> list[Fraction]:
    texts = [normalize(p) for p in passages]
    scores = []
    for choice in choices:
        c = normalize(choice)
        scores.append(sum((Fraction(1, rank) for rank, t in enumerate(texts, 1) if contains(t, c)), Fraction(0)))
    return scores


def evidence_pick(choices: Sequence[str], passages: Sequence[str]) -> int | None:
    """Index of the choice best supported by the ranked passages, or None (tie or no evidence)."""
    scores = choice_scores(choices, passages)
    if not scores:
        return None
    best = max(scores)
    if best <= 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


def extractive_pick(question: str, choices: Sequence[str], passages: Sequence[Any]) -> int | None:
    """newsrag's extractive choice scoring (eval/extractive_choice.py `score`) over the given ranked
    passages only: no retrieval per choice, every passage's relevance 1 (so that no pipeline's own
    scoring scale enters), and no embedding fallback: no support, or a tie, gives no pick (None).
    `passages`: objects with `text` and optionally `chunk_id`, `article_id`, `url` (eval RankedPassage)."""
    from rag.models import Passage

    from .extractive_choice import score

    choices = list(choices)
    if not choices:
        return None
    fixed = [
        Passage(
            chunk_id=f"{getattr(p, 'chunk_id', None) or ''}#{rank}",
            article_id=getattr(p, "article_id", None) or "",
            text=p.text,
            title="",
            outlet=None,
            url=getattr(p, "url", None),
            published_ts=None,
            position=rank,
            score=1.0,
        )
        for rank, p in enumerate(passages)
    ]
    choice = score(question, choices, [(fixed, None)])
    return choice.index if choice.confident else None


def newsrag_choose(rag: NewsRAG, question: str, choices: Sequence[str], *, llm: bool | None = None, **options: Any):
    """newsrag's multiple-choice pick (a `Choice`), through the facade's public API only. With an
    LLM (`rag.uses_llm(llm)`) the model picks from the passages `rag.retrieve` finds (eval/llm_choice.py);
    else, or when the LLM fails, the evidence count of eval/extractive_choice.py decides.
    `options`: Query options (top_k, since, until, outlets, as_of)."""
    from rag.errors import LLMError
    from rag.query import clean_question

    from .extractive_choice import Choice, choose

    question, choices = clean_question(question), list(choices)
    if choices and rag.uses_llm(llm):
        from rag.llm.answerer import reference_day

        from .llm_choice import choose_with_llm

        passages = rag.retrieve(question, **options).passages
        try:
            index = choose_with_llm(
                rag.llm_client, question, choices, passages, today=reference_day(options.get("as_of"))
            )
        except LLMError:
            return choose(rag, question, choices, **options)
        scores = [1.0 if i == index else 0.0 for i in range(len(choices))]
        evidence = [passages[0] if passages and i == index else None for i in range(len(choices))]
        return Choice(index, scores, index is not None, evidence)
    return choose(rag, question, choices, **options)
