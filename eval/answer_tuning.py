"""The extractive answerer's sentence weights tried on a dev set's cached eval index (issue 15, "Answers").

    python -m eval.answer_tuning ../shared/data/rtqa-2023jan --grid \\
        --out eval/results/answer-tuning-rtqa-2023jan.md

Each question is retrieved once, as `newsrag ask` does (top_k, the question's date as "as of"); then the
shipped `ExtractiveAnswerer` answers it with each set of `rag.extractive.Weights`. Sentence vectors are
kept between variants, so a variant takes seconds. Figures: answer_contains (the answer holds a gold
string), answer_supported (a citation holding the gold string is attached to it) and the answer's mean
length in words (a longer answer contains more by chance, so a gain that only comes with length is not
one). `--variant label:field=value,...` adds one set; `--grid` the lexical / passage / kind /
embed_candidates grid of the committed output.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

from rag.extractive import WEIGHTS, ExtractiveAnswerer, Weights

from . import metrics as M


class _CachedEmbedder:
    """The index's embedder, each text embedded once per run."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self._seen = inner, getattr(inner, "name", "embedder"), {}

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if missing:
            self._seen.update(zip(missing, self.inner.embed(missing)))
        return np.array([self._seen[t] for t in texts])


def _weights(spec: str) -> tuple[str, Weights]:
    label, _, body = spec.partition(":")
    types = {f.name: f.type for f in fields(Weights)}
    changes = {}
    for part in filter(None, body.split(",")):
        key, _, value = part.partition("=")
        if key not in types:
            raise SystemExit(f"unknown weight {key!r}; one of {', '.join(types)}")
        kind = types[key]
        if kind in (bool, "bool"):
            changes[key] = value.lower() in ("1", "true", "yes")
        else:
            changes[key] = int(value) if kind in (int, "int") else float(value)
    return label, replace(WEIGHTS, **changes)


def _grid() -> list[tuple[str, Weights]]:
    out = []
    for lexical, passage, kind, embed in itertools.product(
        [0.15, 0.25, 0.35, 0.5], [0.1, 0.2, 0.3], [0.05, 0.1, 0.15, 0.2, 0.3], [12, 20]
    ):
        w = replace(WEIGHTS, lexical=lexical, passage=passage, kind=kind, embed_candidates=embed)
        out.append((f"lexical {lexical} passage {passage} kind {kind} embed {embed}", w))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "set_dir", help="a folder with questions.jsonl and corpus.jsonl (e.g. ../shared/data/rtqa-2023jan)"
    )
    parser.add_argument(
        "--variant", action="append", default=[], help="label:field=value,... over rag.extractive.Weights"
    )
    parser.add_argument("--grid", action="store_true", help="add the grid of the committed output")
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    from .command import dev_set_index

    folder = Path(args.set_dir)
    rag, questions = dev_set_index(folder)
    settings = rag.settings
    retrievals = [rag.retrieve(q.question, top_k=settings.top_k, as_of=q.question_date) for q in questions]
    scopes = [rag.scope(r.filters) for r in retrievals]
    embedder = _CachedEmbedder(rag.embedder)
    variants = [("shipped", WEIGHTS)] + [_weights(v) for v in args.variant] + (_grid() if args.grid else [])
    rows = []
    for label, weights in variants:
        answerer = ExtractiveAnswerer(
            embedder,
            refuse_threshold=settings.refuse_threshold,
            max_sentences=settings.answer_sentences,
            weights=weights,
        )
        contains, supported, words = [], [], []
        for q, r, scope in zip(questions, retrievals, scopes, strict=True):
            a = answerer.answer(r, scope)
            contains.append(M.answer_contains(a.text, q.answers))
            supported.append(M.answer_supported(a.text, {c.n: c.text for c in a.citations}, q.answers))
            words.append(len(M.strip_markers(a.text).split()))
        rows.append((label, M.mean_text(contains), M.mean_text(supported), sum(words) / len(words)))
        print(f"{label}: {rows[-1][1]} {rows[-1][2]} {rows[-1][3]:.1f}", file=sys.stderr, flush=True)
    head, rest = rows[0], sorted(rows[1:], key=lambda r: (r[1], r[2]), reverse=True)
    table = "| weights | answer_contains | answer_supported | answer words |\n|---|---|---|---|\n" + "\n".join(
        f"| {label} | {c} | {s} | {w:.1f} |" for label, c, s, w in [head, *rest]
    )
    print(table)
    if args.out:
        cmd = "python -m eval.answer_tuning " + " ".join(
            f"'{a}'" if " " in a else a for a in (argv if argv is not None else sys.argv[1:])
        )
        shipped = ", ".join(f"{f.name}={getattr(WEIGHTS, f.name)}" for f in fields(Weights))
        Path(args.out).write_text(
            f"# Extractive answer weights on {folder.name}\n\n`{cmd}`\n\nShipped: {shipped}.\n\n{table}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
