"""The eval's outputs: report.json, report.md and the console summary."""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from .runner import LATENCY_NAMES, PipelineResult, metric_names

SUMMARY_METRICS = (
    "answer_recall@1",
    "answer_recall@5",
    "answer_recall@10",
    "answer_recall@20",
    "answer_recall@500w",
    "answer_recall@1000w",
    "hit@5",
    "mrr",
    "answer_contains",
    "token_f1",
    "answer_supported",
    "citation_precision",
    "mc_accuracy",
    "mc_abstained",
    "mc_accuracy_evidence_pick",
    "mc_accuracy_evidence_pick@500w",
    "mc_accuracy_extractive",
    "refusal_accuracy",
    "false_refusal_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)
TYPE_METRICS = (
    "answer_recall@5",
    "answer_recall@500w",
    "hit@5",
    "answer_contains",
    "answer_supported",
    "citation_precision",
    "mc_accuracy",
    "refusal_accuracy",
)
_PACKAGES = (
    "newsrag",
    "llama-index-core",
    "llama-index-vector-stores-chroma",
    "chromadb",
    "sentence-transformers",
    "torch",
)


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def report_dict(config: dict[str, Any], results: Sequence[PipelineResult]) -> dict[str, Any]:
    return {"config": config, "versions": versions(), "results": [r.to_dict() for r in results]}


def dumps_report(report: dict[str, Any]) -> str:
    """report.json text: indented, except one line per question row (small, diff-friendly)."""
    holders = [{**r, "questions": f"__questions_{i}__"} for i, r in enumerate(report["results"])]
    text = json.dumps({**report, "results": holders}, indent=1, ensure_ascii=False)
    for i, r in enumerate(report["results"]):
        rows = ",\n".join("    " + json.dumps(q, ensure_ascii=False) for q in r["questions"])
        text = text.replace(json.dumps(f"__questions_{i}__"), "[\n" + rows + "\n   ]" if rows else "[]", 1)
    return text + "\n"


def _fmt(value: Any, name: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}" if name.endswith("_ms") else f"{value:.3f}"
    return str(value)


def _n(results: Sequence[PipelineResult], name: str) -> str:
    counts = {r.counts.get(name, 0) for r in results}
    return str(counts.pop()) if len(counts) == 1 else " / ".join(str(r.counts.get(name, 0)) for r in results)


def markdown(config: dict[str, Any], results: Sequence[PipelineResult], plot: str | None) -> str:
    names = [r.pipeline for r in results]
    lines = [f"# newsrag evaluation: {config.get('name', '')}", ""]
    lines.append(
        f"{config['questions']} questions ({config['format']}) from `{config['question_set']}`"
        + (f", corpus `{config['corpus']}`" if config.get("corpus") else f", index `{config.get('data_dir')}`")
        + f". Reference date for undated questions: {config.get('as_of') or 'none'}. "
        f"Retrieval metrics over {config['depth']} ranked passages."
    )
    if config.get("command"):
        lines += ["", f"Command: `{config['command']}`"]
    lines += [
        "",
        "## Metrics",
        "",
        "| metric | n | " + " | ".join(names) + " |",
        "| --- | --- |" + " --- |" * len(names),
    ]
    for name in metric_names() + list(LATENCY_NAMES):
        n = _n(results, name) if name in results[0].counts else _n(results, "questions")
        lines.append(f"| `{name}` | {n} | " + " | ".join(_fmt(r.metrics.get(name), name) for r in results) + " |")
    types = sorted({t for r in results for t in r.by_type})
    if types:
        lines += [
            "",
            "## By question type",
            "",
            "| type | pipeline | n | " + " | ".join(f"`{m}`" for m in TYPE_METRICS) + " |",
        ]
        lines.append("| --- | --- | --- |" + " --- |" * len(TYPE_METRICS))
        for t in types:
            for r in results:
                block = r.by_type.get(t)
                if not block:
                    continue
                cells = " | ".join(_fmt(block["metrics"].get(m)) for m in TYPE_METRICS)
                lines.append(f"| {t} | {r.pipeline} | {block['counts']['questions']} | {cells} |")
    if plot:
        lines += ["", "## Answer recall against context budget", "", f"![answer recall vs context budget]({plot})"]
    lines += ["", "## Pipelines", ""]
    for r in results:
        d = r.description
        lines.append(
            f"* **{r.pipeline}**: answerer {d.get('answerer')}; multiple choice by {d.get('chooser')}; "
            f"embedder {d.get('embedder')}; " + ", ".join(f"{k}={v}" for k, v in d.get("settings", {}).items())
        )
    if any(r.metrics.get("mc_accuracy_evidence_pick") is not None for r in results):
        lines += [
            "",
            "Multiple choice: `mc_accuracy` is each pipeline's own chooser (see above), so it compares",
            "choosers as much as retrieval. The `mc_accuracy_<chooser>` rows run one chooser over each",
            "pipeline's own ranking (`evidence_pick`: top 5 passages; `evidence_pick@500w`: the first 500",
            "words; `extractive`: newsrag's extractive scoring over the top 5 passages, no retrieval of its",
            "own), so they compare retrieval. `mc_abstained*`: share of questions with no pick (counted wrong).",
        ]
    lines += ["", "Metric definitions: README.md, section Evaluation. `–`: no question the metric applies to.", ""]
    return "\n".join(lines)


def console_summary(results: Sequence[PipelineResult]) -> str:
    width = max(len(m) for m in SUMMARY_METRICS) + 2
    cols = [r.pipeline for r in results]
    colw = max(12, *(len(c) + 2 for c in cols))
    lines = [" " * width + "".join(c.rjust(colw) for c in cols)]
    for name in SUMMARY_METRICS:
        lines.append(name.ljust(width) + "".join(_fmt(r.metrics.get(name), name).rjust(colw) for r in results))
    lines.append("questions".ljust(width) + "".join(str(r.counts.get("questions", 0)).rjust(colw) for r in results))
    return "\n".join(lines)


def write_outputs(out_dir: Path, config: dict[str, Any], results: Sequence[PipelineResult]) -> dict[str, Path]:
    from .plots import PLOT_NAME, plot_recall

    out_dir.mkdir(parents=True, exist_ok=True)
    plot = plot_recall(results, out_dir / PLOT_NAME, title=str(config.get("name", "")))
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "plot": plot}
    paths["json"].write_text(dumps_report(report_dict(config, results)), encoding="utf-8")
    paths["md"].write_text(markdown(config, results, plot.name), encoding="utf-8")
    return paths
