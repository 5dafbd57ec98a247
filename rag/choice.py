"""Multiple choice from evidence, for the extractive mode (no LLM).

Method: retrieve passages for the question, and for the question followed by each
choice. A choice is supported by a passage that contains it: the whole normalized
choice (weight 1), or else the share of its distinctive words (words that the other
choices do not share, stemmed) that the passage contains (weight 0.7 x share, and
only when at least half of them are present). Each supporting passage adds
`match x w_rank x relevance`, where w_rank = 1 / (1 + rank) in its ranking and
relevance is the passage's cosine similarity to the question. The choice with the
most support wins. Only when no choice has any support does it fall back to the
embedding similarity between "question + choice" and the best passage retrieved for
it; `confident` says which case it was. It never picks at random.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import Passage
from .text import content_words, normalize_for_match

if TYPE_CHECKING:
    from .api import NewsRAG

PARTIAL_WEIGHT = 0.7
QUESTION_WEIGHT = 1.0
CHOICE_QUERY_WEIGHT = 0.5


@dataclass
class Choice:
    index: int | None
    scores: list[float]
    confident: bool
    evidence: list[Passage | None] = field(default_factory=list)  # best supporting passage per choice

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "scores": [round(s, 4) for s in self.scores],
            "confident": self.confident,
            "evidence": [p.chunk_id if p else None for p in self.evidence],
        }


def _stems(text: str) -> set[str]:
    return {w[:6] for w in content_words(text)}


def distinctive(choices: list[str]) -> list[set[str]]:
    stems = [_stems(c) or set(normalize_for_match(c).split()) for c in choices]
    out = []
    for i, s in enumerate(stems):
        others = set().union(*(t for j, t in enumerate(stems) if j != i)) if len(stems) > 1 else set()
        out.append((s - others) or s)
    return out


def match(choice: str, words: set[str], passage_norm: str, passage_stems: set[str]) -> float:
    phrase = normalize_for_match(choice)
    if phrase and f" {phrase} " in f" {passage_norm} ":
        return 1.0
    if not words:
        return 0.0
    share = len(words & passage_stems) / len(words)
    return PARTIAL_WEIGHT * share if share >= 0.5 else 0.0


def choose(
    rag: "NewsRAG",
    question: str,
    choices: list[str],
    *,
    top_k: int = 8,
    **filters: Any,
) -> Choice:
    if not choices:
        return Choice(None, [], False)
    words = distinctive(choices)
    scores = [0.0] * len(choices)
    best: list[tuple[float, Passage | None]] = [(0.0, None)] * len(choices)
    rankings = [(rag.retrieve(question, top_k=top_k, **filters).passages, QUESTION_WEIGHT, None)]
    fallback = [0.0] * len(choices)
    for i, c in enumerate(choices):
        passages = rag.retrieve(f"{question} {c}", top_k=top_k, **filters).passages
        rankings.append((passages, CHOICE_QUERY_WEIGHT, i))
        fallback[i] = passages[0].score if passages else 0.0
    seen: dict[str, tuple[str, set[str]]] = {}
    for passages, weight, _ in rankings:
        for rank, p in enumerate(passages):
            if p.chunk_id not in seen:
                seen[p.chunk_id] = (normalize_for_match(p.text), _stems(p.text))
            norm, stems = seen[p.chunk_id]
            for i, c in enumerate(choices):
                m = match(c, words[i], norm, stems)
                if m:
                    support = m * weight / (1 + rank) * max(p.score, 0.0)
                    scores[i] += support
                    if support > best[i][0]:
                        best[i] = (support, p)
    evidence = [p for _, p in best]
    if max(scores) > 0:
        top = max(range(len(choices)), key=lambda i: (scores[i], -i))
        if sum(1 for s in scores if s == scores[top]) == 1:
            return Choice(top, scores, True, evidence)
    if max(fallback) <= 0:
        return Choice(None, scores, False, evidence)
    top = max(range(len(choices)), key=lambda i: (scores[i], fallback[i], -i))
    return Choice(top, scores, False, evidence)
