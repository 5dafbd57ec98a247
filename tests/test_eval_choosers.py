"""Multiple choice in the eval: the same choosers over each pipeline's own ranking, and abstentions."""

from __future__ import annotations

from typing import Any

from eval.choice import evidence_pick, extractive_pick
from eval.metrics import mc_abstained, within_words
from eval.pipelines import PipelineAnswer, RankedPassage
from eval.questions import EvalQuestion
from eval.report import markdown
from eval.runner import EvalOptions, metric_names, run_pipeline, same_chooser_picks

CHOICES = ("Paris", "Berlin", "Madrid", "Rome")
Q = EvalQuestion(
    id="q", question="Where did the summit take place?", answers=("Berlin",), choices=CHOICES, answer_index=1
)


def passages(*texts: str) -> list[RankedPassage]:
    return [RankedPassage(t, f"a{i}", None, f"a{i}:0") for i, t in enumerate(texts)]


class FixedPipeline:
    """A pipeline whose ranking is given and whose own chooser always abstains."""

    def __init__(self, name: str, ranked: list[RankedPassage]) -> None:
        self.name = name
        self.ranked = ranked

    def retrieve(self, q: EvalQuestion, *, top_k: int, as_of: str | None) -> list[RankedPassage]:
        return self.ranked[:top_k]

    def answer(self, q: EvalQuestion, *, as_of: str | None) -> PipelineAnswer:
        return PipelineAnswer("", [], False, self.ranked[:5], {"retrieve": 1.0, "answer": 1.0, "total": 2.0})

    def choose(self, q: EvalQuestion, answer: PipelineAnswer, *, as_of: str | None) -> int | None:
        return None

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "chooser": "abstains"}


def test_within_words_cuts_the_ranking_at_the_budget():
    assert within_words(["a b c", "d e f", "g"], 4) == ["a b c", "d"]
    assert within_words(["a b"], 0) == []


def test_abstention_is_its_own_metric():
    assert mc_abstained(None, 1, 4) == 1.0 and mc_abstained(2, 1, 4) == 0.0 and mc_abstained(None, None, 4) is None


def test_extractive_pick_reads_only_the_given_passages_and_abstains_without_support():
    ranked = passages("The summit took place in Berlin on Monday.", "Leaders flew home.")
    assert extractive_pick(Q.question, CHOICES, ranked) == 1
    assert extractive_pick(Q.question, CHOICES, passages("Nothing relevant here.")) is None
    tie = passages("Both Paris and Berlin sent delegates.")
    assert extractive_pick(Q.question, CHOICES, tie) is None  # a tie is no pick, never a guess


def test_same_chooser_picks_follow_the_pipelines_ranking():
    good = passages("The summit took place in Berlin.", "x", "x", "x", "x")
    late = passages(*(["filler " * 200] * 3), "The summit took place in Berlin.")
    assert same_chooser_picks(Q, good) == {"evidence_pick": 1, "evidence_pick@500w": 1, "extractive": 1}
    # the answer is the 4th passage: within 5 passages, but past the first 500 words
    assert same_chooser_picks(Q, late) == {"evidence_pick": 1, "evidence_pick@500w": None, "extractive": 1}


def test_runner_reports_each_chooser_and_its_abstentions_per_pipeline():
    names = metric_names()
    for chooser in ("evidence_pick", "evidence_pick@500w", "extractive"):
        assert f"mc_accuracy_{chooser}" in names and f"mc_abstained_{chooser}" in names
    wrong = EvalQuestion(id="w", question=Q.question, answers=("Berlin",), choices=CHOICES, answer_index=0)
    a = run_pipeline(FixedPipeline("a", passages("The summit took place in Berlin.")), [Q, wrong], EvalOptions())
    b = run_pipeline(FixedPipeline("b", passages("Rain in the forecast.")), [Q, wrong], EvalOptions())
    assert a.metrics["mc_accuracy"] == 0.0 and a.metrics["mc_abstained"] == 1.0  # own chooser abstains
    assert a.metrics["mc_accuracy_evidence_pick"] == 0.5 and a.metrics["mc_abstained_evidence_pick"] == 0.0
    assert a.metrics["mc_accuracy_extractive"] == 0.5 and a.counts["mc_accuracy_extractive"] == 2
    assert b.metrics["mc_accuracy_evidence_pick"] == 0.0 and b.metrics["mc_abstained_evidence_pick"] == 1.0
    assert a.questions[0]["same_chooser"]["evidence_pick"] == 1
    md = markdown(
        {"name": "t", "questions": 2, "format": "native", "question_set": "x", "depth": 20, "data_dir": "d"},
        [a, b],
        None,
    )
    assert "| `mc_accuracy_evidence_pick` | 2 | 0.500 | 0.000 |" in md and "compare retrieval" in md
    assert evidence_pick(CHOICES, []) is None
