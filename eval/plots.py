"""The report's figure: answer recall against context budget (words) and against k, one line per pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .runner import K_VALUES, WORD_BUDGETS, PipelineResult

PLOT_NAME = "recall_vs_budget.png"


def plot_recall(results: Sequence[PipelineResult], out: Path, title: str = "") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), dpi=110)
    for r in results:
        ys = [r.metrics.get(f"answer_recall@{b}w") for b in WORD_BUDGETS]
        left.plot(WORD_BUDGETS, [y if y is not None else float("nan") for y in ys], marker="o", label=r.pipeline)
        ks = [r.metrics.get(f"answer_recall@{k}") for k in K_VALUES]
        right.plot(K_VALUES, [y if y is not None else float("nan") for y in ks], marker="o", label=r.pipeline)
    left.set_xscale("log")
    left.set_xticks(WORD_BUDGETS, [str(b) for b in WORD_BUDGETS])
    left.set_xlabel("context budget (words of the ranked passages)")
    left.set_ylabel("answer recall (gold string in context)")
    left.set_title("answer recall vs context budget")
    right.set_xticks(K_VALUES, [str(k) for k in K_VALUES])
    right.set_xlabel("top-k passages")
    right.set_title("answer recall@k")
    for ax in (left, right):
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return out
