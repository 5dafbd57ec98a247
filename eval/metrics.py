"""Metric functions, each on one question; the runner averages them.

Every function returns None when the metric does not apply to the question (no gold
strings, no citations, no choices ...), so that aggregates average over the questions
a metric is defined for, and say how many those were.

Matching: text and gold strings are normalized (lower case, punctuation and symbols
replaced by spaces, spaces collapsed) and a gold string must occur as whole words
("124" does not match "1245").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from rag.text import content_words, normalize_for_match, split_sentences

# A cited passage "covers" an evidence fact when it holds at least this share of the
# fact's distinct content words (stop words removed).
FACT_COVERAGE = 0.6
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_MARKERS = re.compile(r"((?:\s*\[\d+\])+)")
_MARKER_N = re.compile(r"\[(\d+)\]")
_TAGS = re.compile(r"<[^>]+>")


def normalize(text: str) -> str:
    return normalize_for_match(text or "")


def golds_of(answers: Iterable[str]) -> list[str]:
    """The normalized, non-empty, distinct gold strings."""
    out: list[str] = []
    for a in answers:
        n = normalize(a)
        if n and n not in out:
            out.append(n)
    return out


def contains(text_norm: str, gold_norm: str) -> bool:
    """Whole-word containment of a normalized gold string in normalized text."""
    return bool(gold_norm) and f" {gold_norm} " in f" {text_norm} "


def contains_any(text: str, answers: Sequence[str]) -> bool:
    t = normalize(text)
    return any(contains(t, g) for g in golds_of(answers))


def strip_markers(text: str) -> str:
    """The answer text without its [n] citation markers."""
    return " ".join(_MARKER_N.sub(" ", text or "").split())


# --- retrieval


def answer_recall_at_k(passages: Sequence[str], answers: Sequence[str], k: int) -> float | None:
    """1.0 when a gold string occurs in one of the top-k passages."""
    golds = golds_of(answers)
    if not golds:
        return None
    for text in passages[:k]:
        t = normalize(text)
        if any(contains(t, g) for g in golds):
            return 1.0
    return 0.0


def answer_recall_at_words(passages: Sequence[str], answers: Sequence[str], budget: int) -> float | None:
    """1.0 when a gold string occurs within the first `budget` words of the ranked context.

    The context is the passages in rank order; each passage is cut where the budget runs
    out and matched on its own (a gold string never spans two passages). Fair across
    chunk sizes: two pipelines are compared on the same amount of text.
    """
    golds = golds_of(answers)
    if not golds:
        return None
    left = budget
    for text in passages:
        if left <= 0:
            break
        words = text.split()
        piece = normalize(" ".join(words[:left]))
        left -= len(words)
        if any(contains(piece, g) for g in golds):
            return 1.0
    return 0.0


def within_words(passages: Sequence[str], budget: int) -> list[str]:
    """The ranked passages cut to the first `budget` words of context, as
    `answer_recall_at_words` reads them (the last passage cut where the budget runs out)."""
    out, left = [], budget
    for text in passages:
        if left <= 0:
            break
        words = text.split()
        out.append(" ".join(words[:left]))
        left -= len(words)
    return out


def hit_at_k(relevant: Sequence[bool], k: int) -> float:
    """1.0 when one of the top-k passages comes from a gold article. `relevant`: per rank."""
    return 1.0 if any(relevant[:k]) else 0.0


def mrr(relevant: Sequence[bool]) -> float:
    """Reciprocal rank of the first passage from a gold article (0 when none was retrieved)."""
    for rank, rel in enumerate(relevant, 1):
        if rel:
            return 1.0 / rank
    return 0.0


# --- answers


def _squad_tokens(text: str) -> list[str]:
    return _ARTICLES.sub(" ", normalize(text)).split()


def exact_match(prediction: str, answers: Sequence[str]) -> float | None:
    """1.0 when the answer, normalized (and without a/an/the), equals a gold string."""
    if not golds_of(answers):
        return None
    pred = _squad_tokens(strip_markers(prediction))
    return 1.0 if any(pred == _squad_tokens(a) for a in answers if normalize(a)) else 0.0


def token_f1(prediction: str, answers: Sequence[str]) -> float | None:
    """Best SQuAD token F1 between the answer and any gold string."""
    if not golds_of(answers):
        return None
    pred = _squad_tokens(strip_markers(prediction))
    best = 0.0
    for a in answers:
        gold = _squad_tokens(a)
        if not gold or not pred:
            continue
        common = sum((Counter(pred) & Counter(gold)).values())
        if common:
            p, r = common / len(pred), common / len(gold)
            best = max(best, 2 * p * r / (p + r))
    return best


def answer_contains(prediction: str, answers: Sequence[str]) -> float | None:
    """1.0 when a normalized gold string occurs in the answer text."""
    if not golds_of(answers):
        return None
    return 1.0 if contains_any(strip_markers(prediction), answers) else 0.0


# --- citations


def evidence_facts(evidence: Iterable[str]) -> list[str]:
    """Key facts: each evidence item split into sentences (HTML tags dropped)."""
    facts = []
    for item in evidence:
        for sentence in split_sentences(_TAGS.sub(" ", item or "")):
            if content_words(sentence):
                facts.append(sentence.strip())
    return facts


def covers_fact(passage: str, fact: str, coverage: float = FACT_COVERAGE) -> bool:
    want = set(content_words(fact))
    if not want:
        return False
    have = set(content_words(passage))
    return len(want & have) / len(want) >= coverage


def supports(passage: str, answers: Sequence[str], facts: Sequence[str]) -> bool:
    """A passage supports the question's answer when it holds a gold string or covers an evidence fact."""
    return contains_any(passage, answers) or any(covers_fact(passage, f) for f in facts)


def citation_precision(cited: Sequence[str], answers: Sequence[str], facts: Sequence[str]) -> float | None:
    """Share of the cited passages that support the answer; None when nothing is cited
    or the question has neither gold strings nor evidence."""
    if not cited or not (golds_of(answers) or facts):
        return None
    return sum(1 for text in cited if supports(text, answers, facts)) / len(cited)


def answer_supported(answer: str, cited: Mapping[int, str], answers: Sequence[str]) -> float | None:
    """1.0 when a sentence of the answer states a gold string and carries an [n] whose
    passage holds that string: the claim that answers the question is cited."""
    golds = golds_of(answers)
    if not golds:
        return None
    parts = _MARKERS.split(answer or "")
    # parts: text, markers, text, markers, ... (a trailing text has no markers)
    for i in range(0, len(parts) - 1, 2):
        claim = normalize(parts[i])
        numbers = [int(n) for n in _MARKER_N.findall(parts[i + 1])]
        for g in golds:
            if contains(claim, g) and any(contains(normalize(cited.get(n, "")), g) for n in numbers):
                return 1.0
    return 0.0


# --- choices and refusals


def mc_correct(picked: int | None, answer_index: int | None, n_choices: int) -> float | None:
    """1.0 when the picked choice is the gold one; no pick (None) counts wrong."""
    if answer_index is None or not n_choices:
        return None
    return 1.0 if picked == answer_index else 0.0


def mc_abstained(picked: int | None, answer_index: int | None, n_choices: int) -> float | None:
    """On a multiple-choice question with a gold choice: 1.0 when the chooser made no pick."""
    if answer_index is None or not n_choices:
        return None
    return 1.0 if picked is None else 0.0


def refusal_correct(refused: bool, unanswerable: bool) -> float | None:
    """On an unanswerable question: 1.0 when the pipeline refused."""
    if not unanswerable:
        return None
    return 1.0 if refused else 0.0


def false_refusal(refused: bool, unanswerable: bool, answers: Sequence[str]) -> float | None:
    """On an answerable question with gold strings: 1.0 when the pipeline refused anyway."""
    if unanswerable or not golds_of(answers):
        return None
    return 1.0 if refused else 0.0


# --- aggregation


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation; None for no values."""
    vals = sorted(values)
    if not vals:
        return None
    pos = (len(vals) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def mean_defined(values: Iterable[float | None]) -> tuple[float | None, int]:
    """Mean over the values that are not None, and how many there were."""
    vals = [v for v in values if v is not None]
    return (sum(vals) / len(vals) if vals else None), len(vals)


def mean_text(values: Iterable[float | None]) -> str:
    """`mean_defined` for a table cell: three decimals, or "-" when no value is defined."""
    mean, _ = mean_defined(values)
    return "-" if mean is None else f"{mean:.3f}"
