"""Fast tuning loop on a dev set's cached eval index: retrieval and multiple choice only.

`eval.sweep` runs the whole eval per variant (answers included, minutes each); this runs
only what retrieval settings and the choice method change, so a variant takes seconds:

    python -m eval.tune ../shared/data/rtqa-2023jan/questions.jsonl --corpus ../shared/data/rtqa-2023jan/corpus.jsonl \\
        --variant 'defaults:' --variant 'no freshness:freshness_weight=0' \\
        --choice 'no echo rule:echo_weight=1' --out eval/results/tuning-rtqa-2023jan.md

Each `--variant` is `label:setting=value,...` over `newsrag settings` (index settings must
match an index `newsrag eval --corpus` has built; chunking variants belong to eval.sweep).
Each `--choice` is `label:param=value,...` over `eval.extractive_choice.ChoiceParams`, scored on the
default settings' retrievals. Figures: answer_recall@5 and @500w over the top 20 passages
(as the eval computes them), mc_accuracy, and retrieve p50 at top_k 5 (the answer step's).
Tune on the dev set (rtqa-2023jan) only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from . import metrics as M
from .sweep import parse_variant


def _typed(params: dict[str, str], types: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key not in types:
            raise SystemExit(f"unknown parameter {key!r}; known: {', '.join(sorted(types))}")
        kind = types[key]
        out[key] = (
            (value.lower() in ("1", "true", "yes"))
            if kind in (bool, "bool")
            else float(value)
            if "float" in str(kind)
            else int(value)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--choice", action="append", default=[])
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    from rag.embedding import embedder_from_settings
    from rag.settings import load_settings

    from . import extractive_choice as C
    from .cache import corpus_digest
    from .command import newsrag_index
    from .loaders import load_questions, prepare_corpus

    base = load_settings()
    embedder = embedder_from_settings(base)
    questions = load_questions(args.questions).questions
    corpus = prepare_corpus(args.corpus, base.eval_cache_dir)
    digest = corpus_digest(corpus)
    rows: list[str] = []
    gathered: dict[str, Any] = {}
    default_rag = None
    variants = [parse_variant(v) for v in args.variant] or [("defaults", {})]
    if args.choice and not any(not o for _, o in variants):
        variants.insert(0, ("defaults", {}))
    for label, overrides in variants:
        settings = load_settings(**{**base.model_dump(), **overrides})
        rag, _ = newsrag_index(corpus, digest, settings, embedder, progress=False)
        rag.retrieve("warm up", top_k=5)
        if not overrides:
            default_rag = rag
        r5, r500, mc, lat = [], [], [], []
        for q in questions:
            t = time.perf_counter()
            rag.retrieve(q.question, top_k=settings.top_k, as_of=q.question_date, **q.filter_kwargs())
            lat.append((time.perf_counter() - t) * 1000)
            texts = [
                p.text for p in rag.retrieve(q.question, top_k=20, as_of=q.question_date, **q.filter_kwargs()).passages
            ]
            r5.append(M.answer_recall_at_k(texts, q.answers, 5))
            r500.append(M.answer_recall_at_words(texts, q.answers, 500))
            if q.choices:
                g = C.gather(rag, q.question, list(q.choices), as_of=q.question_date, **q.filter_kwargs())
                if not overrides:
                    gathered[q.id] = g
                picked = C.score(q.question, list(q.choices), g, ref_ts=None).index
                mc.append(M.mc_correct(picked, q.answer_index, len(q.choices)))
        row = _row(
            label,
            ", ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults",
            r5,
            r500,
            mc,
            statistics.median(lat),
        )
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    types = {f.name: f.type for f in fields(C.ChoiceParams)}
    for text in args.choice:
        label, params = parse_variant(text)
        p = C.ChoiceParams(**_typed(params, types))
        mc = [
            M.mc_correct(_pick(q, gathered[q.id], p, default_rag), q.answer_index, len(q.choices))
            for q in questions
            if q.choices
        ]
        row = _row(label, "choice: " + ", ".join(f"{k}={v}" for k, v in params.items()), [], [], mc, None)
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    header = "| variant | settings | answer_recall@5 | answer_recall@500w | mc_accuracy | retrieve p50 ms |\n|---|---|---|---|---|---|"
    table = header + "\n" + "\n".join(rows)
    print(table)
    if args.out:
        cmd = "python -m eval.tune " + " ".join(
            f"'{a}'" if " " in a else a for a in (argv if argv is not None else sys.argv[1:])
        )
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            f"# Tuning on {Path(args.questions).parent.name}\n\n`{cmd}`\n\n{table}\n", encoding="utf-8"
        )
    return 0


def _pick(q: Any, gathered: Any, params: Any, rag: Any) -> int | None:
    """A choice variant's pick over the default retrievals (`extractive_choice.recent_first`)."""
    from . import extractive_choice as C

    choice = C.recent_first(
        rag,
        q.question,
        list(q.choices),
        lambda: gathered,
        params,
        as_of=q.question_date,
        ref_ts=_day_end(q.question_date),
        **q.filter_kwargs(),
    )
    return choice.index


def _day_end(day: str | None) -> int | None:
    from datetime import date

    from rag.retrieval import day_timestamp

    return day_timestamp(date.fromisoformat(day), end=True) if day else None


def _row(label: str, spec: str, r5, r500, mc, p50: float | None) -> str:
    return f"| {label} | {spec} | {M.mean_text(r5)} | {M.mean_text(r500)} | {M.mean_text(mc)} | {'-' if p50 is None else f'{p50:.1f}'} |"


if __name__ == "__main__":
    raise SystemExit(main())
