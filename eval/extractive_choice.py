"""Multiple choice from evidence, for the extractive mode (no LLM); the eval's chooser for newsrag.

Method (parameters chosen on rtqa-2023jan, see eval/results/tuning-rtqa-2023jan.md):

1. Retrieve passages for the question, and for the question followed by each choice.
2. A passage mentions a choice when it contains the whole normalized choice (match 1),
   or else at least half of the choice's distinctive words (stems the other choices do
   not share; match `PARTIAL_WEIGHT` x share). Words the question itself contains are
   no evidence for a choice ("Harry" in a question about Prince Harry's memoir), so they
   are left out of the distinctive words.
   With `exclusive` (off by default: on rtqa-2023jan it lost one question of 120, see the
   tuning table), a mention is taken sentence by sentence and divided by the
   number of choices that sentence names: "XBB.1.5, BQ.1.1, BQ.1 and BA.5 cause almost
   all cases" is a quarter of a mention for each, "XBB.1.5 now causes 40% of cases" a
   whole one for XBB.1.5; the title counts as a sentence (a choice matched only across
   sentences keeps its passage match).
3. Each mention adds `match x weight / (1 + rank) x relevance x proximity` to the choice,
   where weight is 1 for the question's ranking and `CHOICE_QUERY_WEIGHT` for the
   choice's own query, relevance the passage's cosine similarity to its query, and
   proximity = (1 - PROXIMITY) + PROXIMITY x the IDF-weighted share of the question's
   words found in the sentences around the mention (within `WINDOW` sentences): a
   choice named next to what the question asks about counts more than one named
   anywhere in a relevant passage.
4. The choice with the most support wins. A question that asks for the odd one out
   ("All of these ... except", "Which of these did not ...") picks the least supported
   choice, when the others are supported.
   With `recent_days` (off by default: it gained 6 of rtqa-2023jan's 120 questions and lost 6 of
   rtqa-2023febmar's 270, eval/results/mc-recent-first-*.md), the choice is first made from
   rankings restricted to the reports of the `recent_days` days up to the question's date
   (`as_of`), and from the whole archive only when those name no choice.
5. Only when no choice has any support does it fall back to the embedding similarity
   between "question + choice" and the best passage retrieved for it; `confident` says
   which case it was. It never picks at random.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rag.models import Passage
from rag.text import content_words, normalize_for_match, split_sentences

if TYPE_CHECKING:
    from rag.api import NewsRAG


@dataclass(frozen=True)
class ChoiceParams:
    partial_weight: float = 0.7
    question_weight: float = 1.0
    choice_query_weight: float = 0.5
    proximity: float = 0.0  # share of a mention's support that depends on the question's words nearby
    window: int = 1  # sentences either side of the mention
    drop_question_words: bool = True
    negation: bool = True
    echo_weight: float = 0.1  # weight of a choice whose words all appear in the question
    exclusive: bool = False  # a sentence naming n of the choices is 1/n evidence for each (tried on jan: -1 question)
    half_life_days: float | None = None  # evidence from passages this many days from the reference date counts half
    future_days: float = 1.0  # passages published up to this long after the reference date count as current
    recent_days: int | None = None  # first read only the reports of this many days up to the question's date


PARAMS = ChoiceParams()
_NEGATED = re.compile(
    r"\bexcept\b|\bwhich\s+(?:one\s+)?of\s+(?:these|the following)\b[^?]*\b(?:not|never|isn['’]t|wasn['’]t|didn['’]t|doesn['’]t)\b",
    re.I,
)


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


def is_odd_one_out(question: str) -> bool:
    """True for questions that ask which choice does NOT fit ("All of these ... except")."""
    return bool(_NEGATED.search(question))


def distinctive(choices: list[str], question: str = "") -> list[set[str]]:
    """Per choice, the stems that tell it apart: not shared with other choices (nor, when
    `question` is given, with the question); falls back to all its stems."""
    stems = [_stems(c) or set(normalize_for_match(c).split()) for c in choices]
    asked = _stems(question)
    out = []
    for i, s in enumerate(stems):
        others = set().union(*(t for j, t in enumerate(stems) if j != i)) if len(stems) > 1 else set()
        out.append((s - others - asked) or (s - others) or s)
    return out


def match(
    choice: str,
    words: set[str],
    passage_norm: str,
    passage_stems: set[str],
    partial_weight: float = PARAMS.partial_weight,
) -> float:
    phrase = normalize_for_match(choice)
    if phrase and f" {phrase} " in f" {passage_norm} ":
        return 1.0
    if not words:
        return 0.0
    share = len(words & passage_stems) / len(words)
    return partial_weight * share if share >= 0.5 else 0.0


@dataclass
class _Sentences:
    norms: list[str]
    stems: list[set[str]]
    whole_norm: str
    whole_stems: set[str]


def mentions(choices: list[str], words: list[set[str]], s: _Sentences, params: ChoiceParams = PARAMS) -> list[float]:
    """Per choice, how strongly the passage mentions it (0 when not at all)."""
    whole = [match(c, words[i], s.whole_norm, s.whole_stems, params.partial_weight) for i, c in enumerate(choices)]
    if not params.exclusive:
        return whole
    best = [0.0] * len(choices)
    for norm, stems in zip(s.norms, s.stems):  # the title is the first sentence
        per = [match(c, words[i], norm, stems, params.partial_weight) for i, c in enumerate(choices)]
        named = sum(1 for m in per if m)
        for i, m in enumerate(per):
            if m:
                best[i] = max(best[i], m / named)
    return [b or w for b, w in zip(best, whole)]


def _sentences(p: Passage) -> _Sentences:
    sents = [p.title] + split_sentences(p.text)
    stems = [_stems(s) for s in sents]
    norms = [normalize_for_match(s) for s in sents]
    return _Sentences(norms, stems, normalize_for_match(p.text), _stems(p.text))


def gather(rag: NewsRAG, question: str, choices: list[str], *, top_k: int = 8, **filters: Any):
    """The rankings the choice is made from: the question's, then one per choice (`filters`:
    the other Query options, e.g. since, until, outlets, as_of)."""
    rankings = [(rag.retrieve(question, top_k=top_k, **filters).passages, None)]
    for i, c in enumerate(choices):
        rankings.append((rag.retrieve(f"{question} {c}", top_k=top_k, **filters).passages, i))
    return rankings


def gather_recent(
    rag: NewsRAG, question: str, choices: list[str], days: int, as_of: str, *, top_k: int = 8, **filters: Any
):
    """`gather` over the reports of the `days` days up to `as_of` ('YYYY-MM-DD') only (`filters`:
    the other Query options; a question's own since/until is left to `gather`, see `choose`)."""
    from datetime import date, timedelta

    filters = {k: v for k, v in filters.items() if k not in ("since", "until")}
    since = str(date.fromisoformat(as_of) - timedelta(days=days))
    return gather(rag, question, choices, top_k=top_k, since=since, until=as_of, as_of=as_of, **filters)


def recent_first(
    rag: NewsRAG,
    question: str,
    choices: list[str],
    archive: Callable[[], list],
    params: ChoiceParams = PARAMS,
    *,
    as_of: str | None,
    ref_ts: int | None = None,
    top_k: int = 8,
    **filters: Any,
) -> Choice:
    """The choice from `archive()`'s rankings, or with `params.recent_days` (and a date, and no since/until of the
    question's own) first from the recent reports' own rankings (`gather_recent`) when those name a choice."""
    if params.recent_days and as_of and not (filters.get("since") or filters.get("until")):
        recent = gather_recent(rag, question, choices, params.recent_days, str(as_of)[:10], top_k=top_k, **filters)
        choice = score(question, choices, recent, params, ref_ts=ref_ts)
        if choice.confident:
            return choice
    return score(question, choices, archive(), params, ref_ts=ref_ts)


def _age_factor(p: Passage, ref_ts: int | None, params: ChoiceParams) -> float:
    if params.half_life_days is None or ref_ts is None or p.published_ts is None:
        return 1.0
    days = (ref_ts - p.published_ts) / 86400
    if days < 0:
        days = max(0.0, -days - params.future_days)
    return math.pow(0.5, days / params.half_life_days)


def score(
    question: str, choices: list[str], rankings, params: ChoiceParams = PARAMS, *, ref_ts: int | None = None
) -> Choice:
    words = distinctive(choices, question if params.drop_question_words else "")
    asked = _stems(question)
    echo = [params.echo_weight if (_stems(c) and _stems(c) <= asked) else 1.0 for c in choices]
    scores = [0.0] * len(choices)
    best: list[tuple[float, Passage | None]] = [(0.0, None)] * len(choices)
    fallback = [0.0] * len(choices)
    for passages, i in rankings[1:]:
        fallback[i] = passages[0].score if passages else 0.0
    seen: dict[str, _Sentences] = {}
    for passages, _ in rankings:
        for p in passages:
            if p.chunk_id not in seen:
                seen[p.chunk_id] = _sentences(p)
    qstems = asked - set().union(*(_stems(c) for c in choices))
    n = len(seen) or 1
    df = {t: sum(1 for s in seen.values() if t in s.whole_stems) for t in qstems}
    idf = {t: math.log((n + 1) / (df[t] + 0.5)) for t in qstems}
    idf_total = sum(idf.values())
    for passages, owner in rankings:
        weight = params.question_weight if owner is None else params.choice_query_weight
        for rank, p in enumerate(passages):
            s = seen[p.chunk_id]
            found = mentions(choices, words, s, params)
            for i, c in enumerate(choices):
                m = found[i]
                if not m:
                    continue
                near = 1.0
                if params.proximity > 0 and idf_total > 0:
                    share = 0.0
                    for j in range(len(s.norms)):
                        if match(c, words[i], s.norms[j], s.stems[j], params.partial_weight):
                            window = set().union(*s.stems[max(0, j - params.window) : j + params.window + 1])
                            share = max(share, sum(idf[t] for t in qstems & window) / idf_total)
                    near = (1 - params.proximity) + params.proximity * share
                support = m * weight / (1 + rank) * max(p.score, 0.0) * near * echo[i] * _age_factor(p, ref_ts, params)
                scores[i] += support
                if support > best[i][0]:
                    best[i] = (support, p)
    evidence = [p for _, p in best]
    if params.negation and is_odd_one_out(question) and len(choices) > 2:
        supported = [i for i, sc in enumerate(scores) if sc > 0]
        if len(supported) >= len(choices) - 1:
            low = min(range(len(choices)), key=lambda i: (scores[i], i))
            unique = sum(1 for sc in scores if sc == scores[low]) == 1
            return Choice(low, scores, unique, evidence)
    if max(scores) > 0:
        top = max(range(len(choices)), key=lambda i: (scores[i], -i))
        if sum(1 for sc in scores if sc == scores[top]) == 1:
            return Choice(top, scores, True, evidence)
    if max(fallback) <= 0:
        return Choice(None, scores, False, evidence)
    top = max(range(len(choices)), key=lambda i: (scores[i], fallback[i], -i))
    return Choice(top, scores, False, evidence)


def choose(
    rag: NewsRAG,
    question: str,
    choices: list[str],
    *,
    top_k: int = 8,
    **filters: Any,
) -> Choice:
    if not choices:
        return Choice(None, [], False)
    as_of = filters.pop("as_of", None)

    def archive() -> list:
        return gather(rag, question, choices, top_k=top_k, as_of=as_of, **filters)

    return recent_first(rag, question, choices, archive, as_of=as_of, top_k=top_k, **filters)
