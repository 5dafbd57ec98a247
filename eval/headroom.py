"""How far retrieval lets the answer figures go: the ceilings behind issue 15's targets.

    python -m eval.headroom ../shared/data/rtqa-2023febmar --report eval/results/rtqa-2023febmar/report.json \\
        --out eval/results/headroom-rtqa-2023febmar.md

On the set's cached eval index (built by `newsrag eval --corpus`), with the shipped settings:

* `in the corpus`: the share of questions whose gold string occurs anywhere in the corpus (an
  article's title or text, whole words, as the eval matches). No retrieval can do better; a string
  such as "Apple" or "2034" also occurs in articles that do not answer the question, so this
  overstates what is reachable. A closer estimate of the evidence that answers: the gold string in an
  article published from 10 days before the question's date to 3 days after (RealTimeQA asks about
  the week's news; an answer from an older article, or an accidental match in a recent one, is
  counted wrongly either way).
* newsrag's answer recall at 5, 20, 50 and 100 passages and at 500 to 10,000 words of its ranking
  (one retrieval of 100 passages per question, the question's date as "as of", as the eval asks).
* multiple choice (RealTimeQA's gold string is the right choice's text, so its corpus share is the
  first figure): the share of questions whose right choice occurs in a passage the chooser reads
  (`eval.extractive_choice.gather`: the question's 8 passages and 8 for each choice), and the
  chooser's accuracy where it does and where it does not. A chooser that reads evidence cannot beat
  that share by much: where the right choice is in nothing it reads, it can only guess.
* with `--report` (the set's committed report.json): the targets (the baseline's answer recall at
  500 and 1000 words + 0.15) and the smallest budget of newsrag's ranking that reaches each.

Aggregates only: nothing here reads a question or an article to the screen, so it may run on the test
set (nothing is chosen by it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import extractive_choice as C
from . import metrics as M

PASSAGE_DEPTHS = (5, 20, 50, 100)
WORD_BUDGETS = (500, 1000, 2000, 5000, 10000)
TARGET_MARGIN = 0.15  # issue 15: newsrag's answer recall at 500 and 1000 words >= the baseline's + 0.15
TARGET_BUDGETS = (500, 1000)
WINDOW_BEFORE, WINDOW_AFTER = 10, 3  # days around the question's date: the week a RealTimeQA question asks about


@dataclass(frozen=True)
class CorpusText:
    """An article as the ceilings read it: its publication day and its normalized title and text."""

    day: date | None
    text: str  # padded with spaces for whole-word matching


def corpus_texts(corpus: Path) -> list[CorpusText]:
    """Every article of a JSONL corpus, normalized (title and text)."""
    out = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                article = json.loads(line)
                published = (article.get("published_at") or "")[:10]
                text = M.normalize((article.get("title") or "") + " " + (article.get("text") or ""))
                out.append(CorpusText(date.fromisoformat(published) if published else None, f" {text} "))
    return out


def in_corpus(texts: Iterable[CorpusText], answers: Iterable[str]) -> bool:
    """True when a gold string occurs, as whole words, in one of the articles."""
    golds = M.golds_of(answers)
    return any(f" {g} " in t.text for g in golds for t in texts)


def in_window(texts: Iterable[CorpusText], day: date) -> list[CorpusText]:
    """The articles published from WINDOW_BEFORE days before `day` to WINDOW_AFTER days after it."""
    return [t for t in texts if t.day and -WINDOW_BEFORE <= (t.day - day).days <= WINDOW_AFTER]


def smallest_budget(recall_by_budget: dict[int, float], target: float) -> int | None:
    """The smallest budget whose recall reaches `target`, or None when none does."""
    return next((b for b in sorted(recall_by_budget) if recall_by_budget[b] >= target - 1e-9), None)


@dataclass
class Tally:
    """Per-question outcomes (True/False), averaged at the end."""

    values: dict[str, list[bool]] = field(default_factory=dict)

    def add(self, name: str, value: bool | float | None) -> None:
        if value is not None:
            self.values.setdefault(name, []).append(bool(value))

    def share(self, name: str) -> float:
        v = self.values.get(name, [])
        return sum(v) / len(v) if v else float("nan")

    def count(self, name: str) -> tuple[int, int]:
        v = self.values.get(name, [])
        return sum(v), len(v)


def measure(rag, questions, texts: list[CorpusText]) -> Tally:
    """The ceilings' tallies over the questions (see the module's docstring)."""
    t = Tally()
    for q in questions:
        if not M.golds_of(q.answers):
            continue
        t.add("in the corpus", in_corpus(texts, q.answers))
        week = in_corpus(in_window(texts, date.fromisoformat(q.question_date)), q.answers) if q.question_date else None
        t.add("in the week", week)
        ranked = [
            p.text
            for p in rag.retrieve(
                q.question, top_k=max(PASSAGE_DEPTHS), as_of=q.question_date, **q.filter_kwargs()
            ).passages
        ]
        for k in PASSAGE_DEPTHS:
            t.add(f"@{k}", M.answer_recall_at_k(ranked, q.answers, k))
        for w in WORD_BUDGETS:
            t.add(f"@{w}w", M.answer_recall_at_words(ranked, q.answers, w))
        if week is not None:
            t.add(
                f"@500w where the week {'holds' if week else 'lacks'} it",
                M.answer_recall_at_words(ranked, q.answers, 500),
            )
        if q.choices and q.answer_index is not None:
            choices = list(q.choices)
            rankings = C.gather(rag, q.question, choices, as_of=q.question_date, **q.filter_kwargs())
            read = [p.text for passages, _ in rankings for p in passages]
            present = M.answer_recall_at_k(read, [choices[q.answer_index]], len(read)) == 1.0
            right = C.score(q.question, choices, rankings).index == q.answer_index
            t.add("choice read", present)
            t.add("mc right", right)
            t.add("mc right where read" if present else "mc right where not read", right)
    return t


def baseline_recall(report: Path) -> dict[int, float]:
    """The baseline's answer recall at the target budgets, from a committed eval report."""
    data = json.loads(report.read_text(encoding="utf-8"))
    for result in data["results"]:
        if result["pipeline"] != "newsrag":
            return {b: float(result["metrics"][f"answer_recall@{b}w"]) for b in TARGET_BUDGETS}
    raise SystemExit(f"{report}: no baseline pipeline in the report")


def render(name: str, command: str, t: Tally, baseline: dict[int, float] | None) -> str:
    def fig(key: str) -> str:
        hits, n = t.count(key)
        return f"{t.share(key):.3f} ({hits}/{n})" if n else "–"

    lines = [f"# Headroom on {name}", "", f"`{command}`", "", "| figure | share of questions |", "|---|---|"]
    lines.append(f"| a gold string in the corpus | {fig('in the corpus')} |")
    lines.append(
        f"| a gold string in an article from {WINDOW_BEFORE} days before the question's date to {WINDOW_AFTER} after"
        f" | {fig('in the week')} |"
    )
    lines += [f"| newsrag answer recall @{k} passages | {fig(f'@{k}')} |" for k in PASSAGE_DEPTHS]
    lines += [f"| newsrag answer recall @{w} words | {fig(f'@{w}w')} |" for w in WORD_BUDGETS]
    lines += [
        f"| newsrag answer recall @500 words where those articles hold a gold string | {fig('@500w where the week holds it')} |",
        f"| newsrag answer recall @500 words where they do not | {fig('@500w where the week lacks it')} |",
    ]
    if t.values.get("mc right"):
        lines += [
            f"| the right choice in a passage the chooser reads | {fig('choice read')} |",
            f"| chooser right (mc_accuracy) | {fig('mc right')} |",
            f"| chooser right where the right choice is read | {fig('mc right where read')} |",
            f"| chooser right where it is not | {fig('mc right where not read')} |",
        ]
    if baseline:
        by_budget = {w: t.share(f"@{w}w") for w in WORD_BUDGETS}
        lines += ["", "| target | value | smallest budget of newsrag's ranking that reaches it |", "|---|---|---|"]
        for b in TARGET_BUDGETS:
            target = baseline[b] + TARGET_MARGIN
            reach = smallest_budget(by_budget, target)
            where = f"{reach} words" if reach else f"none up to {max(WORD_BUDGETS)} words"
            lines.append(
                f"| answer_recall@{b}w >= baseline {baseline[b]:.3f} + {TARGET_MARGIN} | {target:.3f} | {where} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "set_dir", help="a folder with questions.jsonl and corpus.jsonl (e.g. ../shared/data/rtqa-2023jan)"
    )
    parser.add_argument("--report", help="the set's eval report.json, for the targets")
    parser.add_argument("--out", help="write the table here (markdown)")
    args = parser.parse_args(argv)

    from rag.embedding import embedder_from_settings
    from rag.settings import load_settings

    from .cache import corpus_digest
    from .command import newsrag_index
    from .loaders import load_questions, prepare_corpus

    set_dir = Path(args.set_dir)
    settings = load_settings()
    corpus = prepare_corpus(set_dir / "corpus.jsonl", settings.eval_cache_dir)
    rag, _ = newsrag_index(corpus, corpus_digest(corpus), settings, embedder_from_settings(settings), progress=False)
    questions = load_questions(set_dir / "questions.jsonl").questions
    tally = measure(rag, questions, corpus_texts(corpus))
    cmd = "python -m eval.headroom " + " ".join(argv if argv is not None else sys.argv[1:])
    table = render(set_dir.name, cmd, tally, baseline_recall(Path(args.report)) if args.report else None)
    print(table)
    if args.out:
        Path(args.out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
