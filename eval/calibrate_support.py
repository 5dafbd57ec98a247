"""Calibrate the citation-verification threshold (`llm_support_threshold`) on the bundled sample set.

Claims: the `evidence` sentence of every answerable question in eval/sets/sample.jsonl (a
paraphrase, written by hand, of what the news says). For each question the top_k passages
are retrieved from the bundled sample news with the real embedding model, and each
(claim, passage) pair is labelled by the question's gold answers: supported when the
passage contains one of them, unsupported otherwise (same-topic passages that lack the
fact are the hard negatives). Gold URLs are not used: the same fact often comes from
another outlet's copy of the story.

Prints the ROC AUC of the lexical signal, the embedding signal and their mix (the support
score), and the precision / recall of the mix per threshold (true evidence against same-topic
passages). The threshold itself is chosen on the labelled claim set, whose invented claims copy
a passage's words: `python -m eval.claims report` (eval/results/claims.md).

    python -m eval.calibrate_support [--data-dir DIR] [--top-k 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "sets" / "sample.jsonl"


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def collect(rag, top_k: int) -> tuple[list[dict], list[dict]]:
    from rag.llm.verify import SupportScorer
    from rag.text import normalize_for_match

    scorer = SupportScorer(rag.embedder)
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if not r.get("unanswerable") and r.get("evidence") and r.get("answers")]
    positives, negatives = [], []
    for r in rows:
        passages = rag.retrieve(r["question"], top_k=top_k, as_of=r.get("question_date")).passages
        if not passages:
            continue
        answers = [normalize_for_match(a) for a in r["answers"] if normalize_for_match(a)]
        parts = scorer.parts([r["evidence"]], passages)
        for j, p in enumerate(passages):
            text = f" {normalize_for_match(p.title + ' ' + p.text)} "
            supported = any(f" {a} " in text for a in answers)
            (positives if supported else negatives).append(_row(r["id"], p.outlet or "", parts, j))
    return positives, negatives


def _row(qid: str, kind: str, parts, j: int) -> dict:
    return {
        "id": qid,
        "kind": kind,
        "lexical": float(parts.lexical[0, j]),
        "cosine": float(parts.cosine[0, j]),
        "support": float(parts.support()[0, j]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", help="an index of the bundled sample news (built in a temp dir when omitted)")
    ap.add_argument("--top-k", type=int, default=5)
    args = ap.parse_args(argv)

    from ingest.sample import sample_path
    from rag import NewsRAG

    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="newsrag-calib-"))
    rag = NewsRAG(data_dir=data_dir)
    if not rag.stats()["articles"]:
        rag.ingest([sample_path()])
    pos, neg = collect(rag, args.top_k)
    print(f"{len(pos)} supported pairs, {len(neg)} unsupported pairs")
    for key in ("lexical", "cosine", "support"):
        p = np.array([r[key] for r in pos])
        n = np.array([r[key] for r in neg])
        print(
            f"AUC {key:<8} {auc(p, n):.3f}   positives median {np.median(p):.3f}   negatives median {np.median(n):.3f}"
        )
    p = np.array([r["support"] for r in pos])
    n = np.array([r["support"] for r in neg])
    best = (0.0, 0.0)
    print("threshold  precision  recall  F1")
    for t in np.round(np.arange(0.30, 0.81, 0.025), 3):
        tp, fp = int((p >= t).sum()), int((n >= t).sum())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(p) if len(p) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"  {t:.3f}     {precision:.3f}     {recall:.3f}   {f1:.3f}")
        if f1 >= best[1]:
            best = (float(t), f1)
    print(f"best F1 {best[1]:.3f} at threshold {best[0]:.3f}")
    missed = [r for r in pos if r["support"] < best[0]]
    passed = [r for r in neg if r["support"] >= best[0]]
    print("supported pairs below it:", [(r["id"], round(r["support"], 3)) for r in missed])
    print("unsupported pairs above it:", [(r["id"], r["kind"], round(r["support"], 3)) for r in passed])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
