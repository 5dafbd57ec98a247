"""Retrieve latency as the eval meets it: each question retrieved once in a fresh process.

The eval times `retrieve` inside `ask`, the first time a process sees each question, so the
keyword side's per-question caches are cold. This script runs that pass (and a second, warm
one) in fresh processes over a question set's cached eval index, and reports per pass the
p50/p95 of the whole retrieve and the median of each stage (`Retrieval.timings_ms`).

With several `--source` trees (e.g. a `git worktree` of an older commit), runs alternate between
them, so that each tree meets the same machine load: like-for-like timing of two versions of
the code on the same index and questions.

    .venv/bin/python bench/retrieve_latency.py --source . --source /tmp/old --runs 3

Writes bench/results/retrieve-latency-<set>.{json,md}. Run on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("embed", "dense", "keyword", "fuse")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def child(set_dir: Path, passes: int) -> dict[str, Any]:
    """One process: the eval's index and questions, a warm-up, then `passes` passes."""
    from eval.command import dev_set_index

    rag, questions = dev_set_index(set_dir)
    rag.retrieve("warm up", top_k=5)  # as the eval's warm-up: model load, first Chroma query
    out = []
    for _ in range(passes):
        total: list[float] = []
        stages: dict[str, list[float]] = {s: [] for s in STAGES}
        for q in questions:
            t = time.perf_counter()
            r = rag.retrieve(q.question, top_k=5, as_of=q.question_date)
            total.append((time.perf_counter() - t) * 1000)
            for s in STAGES:
                stages[s].append(r.timings_ms.get(s, 0.0))
        out.append(
            {
                "p50": round(statistics.median(total), 1),
                "p95": round(pct(total, 0.95), 1),
                **{s: round(statistics.median(v), 1) for s, v in stages.items()},
            }
        )
    return {"questions": len(questions), "passes": out}


def commit_of(source: Path) -> str:
    head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    )
    return (head.stdout.strip() or "unknown") + ("+changes" if dirty.stdout.strip() else "")


def run_child(source: Path, set_dir: Path, passes: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(source), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(set_dir.resolve()), "--passes", str(passes)]
    res = subprocess.run(cmd, cwd=source, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"the run in {source} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# Retrieve latency: {results['set']}",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Machine: {results['machine']}. {results['questions']} questions, each retrieved once per pass"
        " (top_k 5, the question's date as `as_of`) in a fresh process after one warm-up question;"
        " pass 1 is what the eval times (cold per-question caches), pass 2 repeats the questions."
        " Stage columns are medians of `Retrieval.timings_ms` (keyword: what the keyword side added"
        " after the dense search).",
        "",
        "| code | run | pass | p50 ms | p95 ms | embed | dense | keyword | fuse |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["runs"]:
        for i, p in enumerate(r["passes"], 1):
            stages = " | ".join(f"{p[s]:.1f}" for s in STAGES)
            lines.append(f"| {r['code']} | {r['run']} | {i} | {p['p50']:.1f} | {p['p95']:.1f} | {stages} |")
    lines += ["", "Median over runs of pass 1's p50:", ""]
    for code, p50s in results["pass1_p50"].items():
        lines.append(f"- {code}: {statistics.median(p50s):.1f} ms ({', '.join(f'{x:.1f}' for x in p50s)})")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=ROOT.parent / "shared/data/rtqa-2023febmar", help="question set folder")
    ap.add_argument("--source", type=Path, action="append", help="source tree to time (repeatable; default: this one)")
    ap.add_argument("--runs", type=int, default=3, help="fresh processes per source tree")
    ap.add_argument("--passes", type=int, default=2, help="passes over the questions per process")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results", help="where the results go")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.passes)))
        return 0
    sources = [s.resolve() for s in (args.source or [ROOT])]
    results: dict[str, Any] = {
        "set": args.set.name,
        "command": "python bench/retrieve_latency.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f} at start",
        "runs": [],
        "pass1_p50": {},
    }
    for run in range(1, args.runs + 1):
        for source in sources:
            code = commit_of(source)
            r = run_child(source, args.set, args.passes)
            results["questions"] = r["questions"]
            results["runs"].append({"code": code, "run": run, "passes": r["passes"]})
            results["pass1_p50"].setdefault(code, []).append(r["passes"][0]["p50"])
            print(code, run, r["passes"], flush=True)
    results["machine"] += f", {os.getloadavg()[0]:.1f} at the end"
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"retrieve-latency-{args.set.name}"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
