"""Calibrate the extractive answerer's refusal threshold on real data.

Positives: questions of a real set whose gold answer occurs in the retrieved passages
(there is something to answer from). Negatives: our off-topic questions
(eval/sets/offtopic.jsonl), which no news index should answer. For each question the
statistic is the best cosine similarity among the retrieved passages; the script prints
the threshold (on a 0.01 grid; the lowest of equals) with the best balanced accuracy, and the
accuracy on each side; then what the shipped extractive answer (every refusal rule, not only the
threshold) does on both sides. For `rag.answering.SENTENCE_ANSWERS` (a question under the passage
threshold is still answered when a sentence of its passages is that similar to it) it also prints the
best sentence's similarity: the positives' median and the negatives' highest, overall and under the
shipped passage threshold.

    python -m eval.calibrate --data-dir INDEX QUESTIONS.jsonl [--offtopic eval/sets/offtopic.jsonl] [--out FILE.md]

INDEX is an index of the questions' corpus, e.g. the one `newsrag eval --corpus` cached (its
directory is in report.json, config.index.newsrag.dir); nothing is re-embedded. `--out`
writes the figures with the command and the per-threshold table as Markdown.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rag.answering import SENTENCE_ANSWERS, best_sentence
from rag.text import normalize_for_match, split_sentences

OFFTOPIC = Path(__file__).with_name("sets") / "offtopic.jsonl"


def best_cosines(rag, questions: list[dict], top_k: int) -> list[tuple[float, bool, float]]:
    """(best passage's similarity, the gold answer is in the passages, best sentence's similarity)."""
    out = []
    for q in questions:
        r = rag.retrieve(q["question"], top_k=top_k, as_of=q.get("question_date"))
        best = max((p.score for p in r.passages), default=0.0)
        text = normalize_for_match(" ".join(p.text for p in r.passages))
        found = any(normalize_for_match(a) and normalize_for_match(a) in text for a in q.get("answers", []))
        sentences = [s for p in r.passages for s in split_sentences(p.text)]
        out.append((best, found, best_sentence(r.asked, sentences, rag.embedder)))
    return out


def refused_share(rag, questions: list[dict], top_k: int) -> float:
    """The share of `questions` the shipped extractive answer refuses."""
    refused = [rag.ask(q["question"], top_k=top_k, as_of=q.get("question_date"), llm=False).refused for q in questions]
    return sum(refused) / len(refused) if refused else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--offtopic", default=str(OFFTOPIC))
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--out", help="write the result as Markdown here")
    args = parser.parse_args(argv)
    from rag import NewsRAG

    rag = NewsRAG(data_dir=args.data_dir)
    load = lambda p: [json.loads(line) for line in Path(p).read_text().splitlines() if line.strip()]  # noqa: E731
    questions, offtopic = load(args.questions), load(args.offtopic)
    cosines = best_cosines(rag, questions, args.top_k)
    pos = [c for c, found, _ in cosines if found]
    neg_rows = best_cosines(rag, offtopic, args.top_k)
    neg = [c for c, _, _ in neg_rows]
    answerable = [q for q, (_, found, _) in zip(questions, cosines, strict=True) if found]
    pos_sentence = sorted(s for _, found, s in cosines if found)
    shipped = rag.settings.refuse_threshold
    best = None
    for t in (i / 100 for i in range(101)):  # a grid: thresholds rounded from the values could skip the best
        tpr = sum(c >= t for c in pos) / len(pos)
        tnr = sum(c < t for c in neg) / len(neg)
        if best is None or (tpr + tnr) / 2 > best[0]:
            best = ((tpr + tnr) / 2, t, tpr, tnr)
    summary = {
        "positives": len(pos),
        "negatives": len(neg),
        "pos_min": round(min(pos), 3),
        "pos_median": round(sorted(pos)[len(pos) // 2], 3),
        "neg_max": round(max(neg), 3),
        "neg_median": round(sorted(neg)[len(neg) // 2], 3),
        "best_threshold": best[1],
        "balanced_accuracy": round(best[0], 3),
        "answered_when_answerable": round(best[2], 3),
        "refused_when_offtopic": round(best[3], 3),
        "pos_sentence_median": round(pos_sentence[len(pos_sentence) // 2], 3),
        "neg_sentence_max": round(max(s for _, _, s in neg_rows), 3),
        "neg_sentence_max_under_threshold": round(max((s for c, _, s in neg_rows if c < shipped), default=0.0), 3),
        "sentence_answers": SENTENCE_ANSWERS,
        # the shipped extractive answer, every rule included (not only the threshold)
        "shipped_answered_when_answerable": round(1 - refused_share(rag, answerable, args.top_k), 3),
        "shipped_refused_when_offtopic": round(refused_share(rag, offtopic, args.top_k), 3),
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        command = "python -m eval.calibrate " + " ".join(argv if argv is not None else sys.argv[1:])
        Path(args.out).write_text(markdown(command, summary, pos, neg, shipped), encoding="utf-8")
    return 0


def markdown(command: str, summary: dict, pos: list[float], neg: list[float], shipped: float) -> str:
    lines = [
        "# Refusal threshold calibration",
        "",
        f"Command: `{command}`",
        "",
        "Positives: questions whose gold answer occurs in the top passages retrieved for them (there is",
        "something to answer from); negatives: the off-topic questions of eval/sets/offtopic.jsonl. The",
        "statistic is the best passage's cosine similarity (eval/calibrate.py). The shipped_* rows are what",
        "the shipped extractive answer does with all its rules (`ask(..., llm=False).refused`). The *_sentence_*",
        "rows are the best sentence's similarity of the passages (`rag.answering.best_sentence`): a question",
        "under the passage threshold is answered when it reaches `sentence_answers`.",
        "",
        "| figure | value |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    lines += ["", f"Per threshold (the shipped `refuse_threshold` is {shipped}):", ""]
    lines += ["| threshold | answered when answerable | refused when off-topic |", "| --- | --- | --- |"]
    for t in sorted({round(x / 20, 2) for x in range(2, 14)} | {shipped}):
        tpr = sum(c >= t for c in pos) / len(pos)
        tnr = sum(c < t for c in neg) / len(neg)
        lines.append(f"| {t} | {tpr:.3f} | {tnr:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
