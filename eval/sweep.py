"""Try retrieval settings on a dev set and print what each gives (chunking variants rebuild the index).

    python -m eval.sweep QUESTIONS --corpus CORPUS --out eval/results/tuning-NAME.md \
        --variant 'dense:retrieval_mode=dense' --variant 'hybrid:retrieval_mode=hybrid' ...

Each variant is `label:setting=value,setting=value`; the settings are those of
`newsrag settings`. Variants that change chunking build (and cache) their own index.
Choose parameters on the dev set (rtqa-2023jan) only, then report the test set as is.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

METRICS = (
    "answer_recall@1",
    "answer_recall@5",
    "answer_recall@250w",
    "answer_recall@500w",
    "answer_recall@1000w",
    "mc_accuracy",
    "answer_contains",
    "citation_precision",
    "retrieve_latency_p50_ms",
)


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    label, _, spec = text.partition(":")
    pairs = dict(item.split("=", 1) for item in spec.split(",") if item)
    return label, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--variant", action="append", required=True)
    parser.add_argument("--out")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    from rag.embedding import make_embedder
    from rag.settings import load_settings

    from .command import evaluate

    base = load_settings()
    embedder = make_embedder(base.embed_model, base.embed_device, base.embed_batch_size)
    rows = []
    for text in args.variant:
        label, overrides = parse_variant(text)
        settings = load_settings(**{**base.model_dump(), **overrides})
        run = evaluate(
            args.questions,
            corpus=args.corpus,
            limit=args.limit,
            settings=settings,
            embedder=embedder,
            include_text=False,
        )
        metrics = run.results[0].metrics
        rows.append((label, overrides, {m: metrics.get(m) for m in METRICS}))
        print(label, json.dumps(rows[-1][2]), file=sys.stderr, flush=True)
    lines = ["| variant | settings | " + " | ".join(METRICS) + " |", "|" + " --- |" * (len(METRICS) + 2)]
    for label, overrides, m in rows:
        cells = ["-" if m[k] is None else (f"{m[k]:.1f}" if k.endswith("_ms") else f"{m[k]:.3f}") for k in METRICS]
        lines.append(
            f"| {label} | {', '.join(f'{k}={v}' for k, v in overrides.items()) or 'defaults'} | "
            + " | ".join(cells)
            + " |"
        )
    table = "\n".join(lines)
    print(table)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        cmd = "python -m eval.sweep " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
        Path(args.out).write_text(f"# Tuning on {args.questions}\n\n`{cmd}`\n\n{table}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
