"""Query-focused context compression tried on a dev set's cached eval index (issue 15, "Retrieval"): does
quoting only each passage's best sentences fit more of the ranking into a word budget?

    python -m eval.context_compression ../shared/data/rtqa-2023jan --depth 20 \\
        --out eval/results/context-compression-rtqa-2023jan.md

The shipped retrieval, `depth` passages deep; each passage's sentences scored by the extractive
answerer's sentence score (rag/extractive.py `ExtractiveAnswerer.score`, every sentence embedded), then:

* `passages`: the passages as retrieved (what the eval reports measure);
* `best sentences`: all sentences of the ranking in score order;
* `top N per passage`: each passage in rank order cut to its N best sentences;
* `first 2 whole, then top 2`: the first two passages whole, the others cut to their 2 best sentences.

Figures: answer_recall within 500 and 1000 words of each context, and the median time to score the
sentences (nothing here is used by the product).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from . import metrics as M

BUDGETS = (500, 1000)


def contexts(texts: list[str], scored: list[tuple[float, float, int, str]]) -> dict[str, list[str]]:
    """The contexts compared, each a ranked list of texts (see the module's docstring)."""
    by_passage: dict[int, list[str]] = {}
    for _, _, i, sentence in scored:
        by_passage.setdefault(i, []).append(sentence)
    out = {"passages": texts, "best sentences": [sentence for _, _, _, sentence in scored]}
    for n in (1, 2, 3):
        out[f"top {n} per passage"] = [" ".join(by_passage.get(i, [])[:n]) for i in range(len(texts))]
    out["first 2 whole, then top 2"] = texts[:2] + [" ".join(by_passage.get(i, [])[:2]) for i in range(2, len(texts))]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set_dir", help="a folder with questions.jsonl and corpus.jsonl")
    parser.add_argument("--depth", type=int, default=20, help="passages retrieved per question")
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    import rag.extractive as X

    from .command import dev_set_index

    folder = Path(args.set_dir)
    rag, questions = dev_set_index(folder)
    X.MAX_CANDIDATES = 10_000  # every sentence of the ranking is a candidate
    answerer = X.ExtractiveAnswerer(rag.embedder, weights=replace(X.WEIGHTS, embed_candidates=10_000))
    recall: dict[tuple[str, int], list[float | None]] = {}
    latency = []
    for q in questions:
        passages = rag.retrieve(q.question, top_k=args.depth, as_of=q.question_date, **q.filter_kwargs()).passages
        start = time.perf_counter()
        scored = answerer.score(q.question, None, passages)
        latency.append((time.perf_counter() - start) * 1000)
        for name, context in contexts([p.text for p in passages], scored).items():
            for budget in BUDGETS:
                recall.setdefault((name, budget), []).append(M.answer_recall_at_words(context, q.answers, budget))
    names = list(dict.fromkeys(name for name, _ in recall))
    rows = [f"| {n} | " + " | ".join(M.mean_text(recall[(n, b)]) for b in BUDGETS) + " |" for n in names]
    table = "| context | " + " | ".join(f"@{b}w" for b in BUDGETS) + " |\n|---|---|---|\n" + "\n".join(rows)
    summary = (
        f"{table}\n\nSentence scoring p50: {statistics.median(latency):.0f} ms per question ({args.depth} passages)."
    )
    print(summary)
    if args.out:
        cmd = "python -m eval.context_compression " + " ".join(argv if argv is not None else sys.argv[1:])
        Path(args.out).write_text(f"# Context compression on {folder.name}\n\n`{cmd}`\n\n{summary}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
