"""The evidence-based multiple-choice pick used by the eval for any pipeline without its own chooser.

Each choice is scored by the rank-weighted number of retrieved passages that contain it
(normalized, whole words): a passage at rank r adds 1/r. The best-scoring choice wins;
a tie for the best score, or no choice found in any passage, gives no pick (None), which
counts as wrong. Never a random guess. Scores are exact fractions, so ties are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .metrics import contains, normalize


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
