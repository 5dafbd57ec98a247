"""Run a question set through pipelines and compute per-question rows and aggregates.

For each question and pipeline: one `answer` call (the pipeline as configured: its own
top-k, filters, reference date), one `retrieve` call `depth` passages deep for the
retrieval metrics, and, for multiple-choice questions, one `choose` call (the pipeline's own
chooser: `mc_accuracy`, `mc_abstained`). The same multiple-choice question is also put to
the same choosers over each pipeline's own ranked passages (`same_chooser_picks`), so that
those rows compare retrieval, not choosers. Deterministic:
no sampling, questions in file order; only the latencies vary between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.records import canonical_url
from rag.errors import QuestionError

from . import metrics as M
from .choice import evidence_pick, extractive_pick
from .pipelines import EvalPipeline, PipelineAnswer, RankedPassage
from .questions import EvalQuestion

K_VALUES = (1, 3, 5, 10, 20)  # 20 = DEFAULT_DEPTH: what any reranker of the top passages could reach
WORD_BUDGETS = (100, 250, 500, 1000, 2000)
DEFAULT_DEPTH = 20
MC_PASSAGES = 5  # passages the same-chooser rows read (the baseline's answer depth)
MC_BUDGET = 500  # words of ranked context the budgeted same-chooser row reads
SAME_CHOOSERS = ("evidence_pick", f"evidence_pick@{MC_BUDGET}w", "extractive")
ROW_RETRIEVED = 5  # ranked passages listed per question in the report


def metric_names() -> list[str]:
    """Every aggregate metric, in report order (each is present in every report, null when undefined)."""
    names = [f"answer_recall@{k}" for k in K_VALUES]
    names += [f"answer_recall@{b}w" for b in WORD_BUDGETS]
    names += [f"hit@{k}" for k in K_VALUES] + ["mrr"]
    names += ["answer_contains", "token_f1", "exact_match", "answer_supported", "citation_precision"]
    names += ["mc_accuracy", "mc_abstained"]
    for chooser in SAME_CHOOSERS:
        names += [f"mc_accuracy_{chooser}", f"mc_abstained_{chooser}"]
    names += ["refusal_accuracy", "false_refusal_rate"]
    return names


LATENCY_NAMES = (
    "latency_p50_ms",
    "latency_p95_ms",
    "retrieve_latency_p50_ms",
    "retrieve_latency_p95_ms",
    "answer_latency_p50_ms",
    "answer_latency_p95_ms",
)


@dataclass
class EvalOptions:
    depth: int = DEFAULT_DEPTH  # passages retrieved for the retrieval metrics
    as_of: str | None = None  # reference date for questions without question_date
    include_text: bool = True  # question, gold and answer text in the per-question rows
    progress: bool = False


@dataclass
class PipelineResult:
    pipeline: str
    description: dict[str, Any]
    metrics: dict[str, float | None]
    counts: dict[str, int]
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "description": self.description,
            "metrics": self.metrics,
            "counts": self.counts,
            "by_type": self.by_type,
            "questions": self.questions,
        }


def gold_flags(passages: Sequence[RankedPassage], q: EvalQuestion) -> list[bool]:
    """Per rank: is the passage from a gold article (by article id or canonical URL)?"""
    ids = set(q.gold_article_ids)
    urls = {u for u in (canonical_url(x) for x in q.gold_urls) if u}
    return [(p.article_id in ids) or (canonical_url(p.url) in urls if p.url else False) for p in passages]


def same_chooser_picks(q: EvalQuestion, ranked: Sequence[RankedPassage]) -> dict[str, int | None]:
    """The pick of each pipeline-independent chooser over this pipeline's own ranking: the eval's
    `evidence_pick` over the top MC_PASSAGES passages and over the first MC_BUDGET words (the
    baseline's passages are longer), and newsrag's extractive scoring over the top MC_PASSAGES."""
    if not q.choices:
        return {}
    top = list(ranked[:MC_PASSAGES])
    return {
        "evidence_pick": evidence_pick(q.choices, [p.text for p in top]),
        f"evidence_pick@{MC_BUDGET}w": evidence_pick(q.choices, M.within_words([p.text for p in ranked], MC_BUDGET)),
        "extractive": extractive_pick(q.question, q.choices, top),
    }


def question_metrics(
    q: EvalQuestion,
    ranked: Sequence[RankedPassage],
    answer: PipelineAnswer,
    picked: int | None,
    same: dict[str, int | None] | None = None,
) -> dict[str, float | None]:
    texts = [p.text for p in ranked]
    out: dict[str, float | None] = {}
    for k in K_VALUES:
        out[f"answer_recall@{k}"] = M.answer_recall_at_k(texts, q.answers, k)
    for b in WORD_BUDGETS:
        out[f"answer_recall@{b}w"] = M.answer_recall_at_words(texts, q.answers, b)
    if q.has_gold_docs:
        flags = gold_flags(ranked, q)
        for k in K_VALUES:
            out[f"hit@{k}"] = M.hit_at_k(flags, k)
        out["mrr"] = M.mrr(flags)
    text = "" if answer.refused else answer.text
    out["answer_contains"] = M.answer_contains(text, q.answers)
    out["token_f1"] = M.token_f1(text, q.answers)
    out["exact_match"] = M.exact_match(text, q.answers)
    cited = {c.n: c.text for c in answer.citations}
    out["answer_supported"] = M.answer_supported(text, cited, q.answers)
    if not q.unanswerable:
        out["citation_precision"] = M.citation_precision(
            [c.text for c in answer.citations], q.answers, M.evidence_facts(q.evidence)
        )
    n = len(q.choices)
    out["mc_accuracy"] = M.mc_correct(picked, q.answer_index, n) if q.choices else None
    out["mc_abstained"] = M.mc_abstained(picked, q.answer_index, n) if q.choices else None
    for chooser, pick in (same or {}).items():
        out[f"mc_accuracy_{chooser}"] = M.mc_correct(pick, q.answer_index, n)
        out[f"mc_abstained_{chooser}"] = M.mc_abstained(pick, q.answer_index, n)
    out["refusal_accuracy"] = M.refusal_correct(answer.refused, q.unanswerable)
    out["false_refusal_rate"] = M.false_refusal(answer.refused, q.unanswerable, q.answers)
    return {k: v for k, v in out.items() if v is not None}


def evaluate_question(pipeline: EvalPipeline, q: EvalQuestion, options: EvalOptions) -> dict[str, Any]:
    as_of = q.question_date or options.as_of
    row: dict[str, Any] = {"id": q.id, "question_type": q.question_type, "unanswerable": q.unanswerable}
    if options.include_text:
        row.update(question=q.question, answers=list(q.answers))
    try:
        answer = pipeline.answer(q, as_of=as_of)
        ranked = pipeline.retrieve(q, top_k=options.depth, as_of=as_of)
        picked = pipeline.choose(q, answer, as_of=as_of) if q.is_multiple_choice else None
    except QuestionError as exc:  # a question the pipeline rejects counts as failed, with the reason
        answer, ranked, picked = PipelineAnswer("", [], True, []), [], None
        row["error"] = str(exc)
    same = same_chooser_picks(q, ranked) if q.is_multiple_choice else {}
    row["metrics"] = {k: round(v, 4) for k, v in question_metrics(q, ranked, answer, picked, same).items()}
    row["refused"] = answer.refused
    if options.include_text:
        row["answer"] = answer.text
    row["cited"] = [
        {"n": c.n, "article_id": c.article_id, "url": c.url, "chunk_id": c.chunk_id} for c in answer.citations
    ]
    if q.choices:
        row["choice"], row["answer_index"] = picked, q.answer_index
        if same:
            row["same_chooser"] = same
    row["retrieved"] = [{"article_id": p.article_id, "url": p.url} for p in ranked[:ROW_RETRIEVED]]
    row["timings_ms"] = {k: round(v, 2) for k, v in answer.timings_ms.items()}
    return row


def aggregate(
    rows: Sequence[dict[str, Any]], *, latency: bool = True
) -> tuple[dict[str, float | None], dict[str, int]]:
    values: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    for name in metric_names():
        mean, n = M.mean_defined(r["metrics"].get(name) for r in rows)
        values[name] = round(mean, 4) if mean is not None else None
        counts[name] = n
    if latency:
        for part, prefix in (("total", ""), ("retrieve", "retrieve_"), ("answer", "answer_")):
            times = [r["timings_ms"][part] for r in rows if part in r.get("timings_ms", {})]
            for q in (50, 95):
                p = M.percentile(times, q)
                values[f"{prefix}latency_p{q}_ms"] = round(p, 1) if p is not None else None
    counts["questions"] = len(rows)
    return values, counts


def by_type(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("question_type"):
            groups.setdefault(r["question_type"], []).append(r)
    out = {}
    for qtype, group in groups.items():
        values, counts = aggregate(group, latency=False)
        out[qtype] = {"metrics": values, "counts": counts}
    return out


def run_pipeline(
    pipeline: EvalPipeline, questions: Sequence[EvalQuestion], options: EvalOptions, bar=None
) -> PipelineResult:
    if questions:  # warm-up (model load, caches) so that the first question's latency is not an outlier
        q0 = questions[0]
        try:
            pipeline.answer(q0, as_of=q0.question_date or options.as_of)
        except QuestionError:
            pass
    rows = []
    for q in questions:
        rows.append(evaluate_question(pipeline, q, options))
        if bar is not None:
            bar.update(1)
    values, counts = aggregate(rows)
    return PipelineResult(pipeline.name, pipeline.describe(), values, counts, by_type(rows), rows)


def run(
    pipelines: Sequence[EvalPipeline], questions: Sequence[EvalQuestion], options: EvalOptions
) -> list[PipelineResult]:
    from tqdm import tqdm

    results = []
    with tqdm(total=len(questions) * len(pipelines), desc="eval", unit=" q", disable=not options.progress) as bar:
        for pipeline in pipelines:
            bar.set_description(f"eval {pipeline.name}")
            results.append(run_pipeline(pipeline, questions, options, bar))
    return results
