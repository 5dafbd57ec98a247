"""Load on the HTTP API (a script, not a test): `newsrag serve` as a subprocess, driven over HTTP.

    .venv/bin/python bench/api_load.py                        # hash embedder: fast, synthetic
    .venv/bin/python bench/api_load.py --embed-model all-MiniLM-L6-v2

  * serial: every question once through POST /api/v1/ask, recording the answer text, the
    refusal flag and the chunk ids of its citations;
  * concurrent: --concurrent requests (default 32) started together from as many threads;
    every answer must equal the serial one for its question, and every status must be 200;
  * soak: --soak requests (default 1,000) from --threads threads, sampling the server
    process's open descriptors (/proc/PID/fd) and resident memory (VmRSS) every
    --sample-every requests; growth from the first sample after warm-up to the last beyond
    --fd-bound descriptors or --rss-bound-mb MB is flagged.

The server runs on 127.0.0.1 over the bundled sample news in a fresh temporary data dir,
with api_concurrency_per_client raised to --concurrent (all requests come from one client).
Writes bench/results/api-load.md and .json; the exit status is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "ingest" / "sample" / "news.jsonl"
QUESTIONS = [
    "What did Russia propose at the UN?",
    "What did the Fed decide about interest rates?",
    "How is Damar Hamlin doing?",
    "What did China say about the ceasefire?",
    "What happened to oil prices?",
    "What did the central bank announce?",
    "Which company released a new phone?",
    "What did the election results show?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, port: int, embed_model: str, concurrency: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")}
    env.update(
        PYTHONPATH=str(ROOT),
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        NEWSRAG_EMBED_MODEL=embed_model,
        NEWSRAG_API_CONCURRENCY_PER_CLIENT=str(concurrency),
    )
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--sample", "--data-dir", str(data_dir), "--port", str(port)]
    log = open(data_dir.parent / "serve.log", "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}; see {data_dir.parent / 'serve.log'}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start within 300 s")


def outcome(response: httpx.Response) -> dict[str, Any]:
    if response.status_code != 200:
        return {"status": response.status_code, "error": response.text[:200]}
    body = response.json()
    return {
        "status": 200,
        "answer": body["answer"],
        "refused": body["refused"],
        "cited": [c["chunk_id"] for c in body["citations"]],
    }


def ask(client: httpx.Client, question: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        result = outcome(client.post("/api/v1/ask", json={"question": question}))
    except httpx.HTTPError as exc:
        result = {"status": 0, "error": f"{type(exc).__name__}: {exc}"}
    result["seconds"] = time.perf_counter() - t0
    return result


def process_sample(pid: int) -> dict[str, float]:
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    rss = float("nan")
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024.0
    return {"fds": fds, "rss_mb": round(rss, 1)}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if ordered else float("nan")


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("status", "answer", "refused", "cited"))


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="newsrag-api-load-"))
    port = free_port()
    proc = start_server(work / "index", port, args.embed_model, args.concurrent)
    url = f"http://127.0.0.1:{port}"
    try:
        limits = httpx.Limits(max_connections=args.concurrent, max_keepalive_connections=args.concurrent)
        with httpx.Client(base_url=url, timeout=300, limits=limits) as client:
            serial = {q: ask(client, q) for q in QUESTIONS}
            barrier = threading.Barrier(args.concurrent)

            def together(i: int) -> tuple[str, dict[str, Any]]:
                q = QUESTIONS[i % len(QUESTIONS)]
                barrier.wait()
                return q, ask(client, q)

            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrent) as pool:
                concurrent = list(pool.map(together, range(args.concurrent)))
            wall = time.perf_counter() - t0
            mismatches = [q for q, r in concurrent if not same(r, serial[q])]
            samples = [{"requests": 0, **process_sample(proc.pid)}]
            errors: list[str] = []
            soak_seconds: list[float] = []
            done = 0
            while done < args.soak:
                n = min(args.sample_every, args.soak - done)
                with ThreadPoolExecutor(max_workers=args.threads) as pool:
                    batch = list(pool.map(lambda i: ask(client, QUESTIONS[i % len(QUESTIONS)]), range(done, done + n)))
                errors += [r.get("error", "") for r in batch if r["status"] != 200]
                soak_seconds += [r["seconds"] for r in batch]
                done += n
                samples.append({"requests": done, **process_sample(proc.pid)})
                print(f"soak: {done} requests, {samples[-1]}", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    base = samples[1] if len(samples) > 2 else samples[0]
    fd_growth = samples[-1]["fds"] - base["fds"]
    rss_growth = round(samples[-1]["rss_mb"] - base["rss_mb"], 1)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["bench/api_load.py", *map(shlex.quote, sys.argv[1:])]),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "embed_model": args.embed_model,
        "serial": {q: {k: v for k, v in r.items() if k != "answer"} for q, r in serial.items()},
        "concurrent": {
            "requests": args.concurrent,
            "mismatches": mismatches,
            "non_200": [r["status"] for _, r in concurrent if r["status"] != 200],
            "wall_seconds": round(wall, 2),
            "latency_ms": {
                "p50": pct([r["seconds"] for _, r in concurrent], 0.5),
                "p95": pct([r["seconds"] for _, r in concurrent], 0.95),
            },  # fmt: skip
        },
        "soak": {
            "requests": args.soak,
            "threads": args.threads,
            "errors": len(errors),
            "first_errors": errors[:3],
            "latency_ms": {"p50": pct(soak_seconds, 0.5), "p95": pct(soak_seconds, 0.95)},
            "samples": samples,
            "fd_growth": fd_growth,
            "fd_bound": args.fd_bound,
            "rss_growth_mb": rss_growth,
            "rss_bound_mb": args.rss_bound_mb,
            "flat": fd_growth <= args.fd_bound and rss_growth <= args.rss_bound_mb,
        },
    }


def markdown(r: dict[str, Any]) -> str:
    c, s = r["concurrent"], r["soak"]
    ok = not c["mismatches"] and not c["non_200"] and not s["errors"] and s["flat"]
    lines = [
        "# HTTP API load (`newsrag serve`, POST /api/v1/ask)",
        "",
        f"{r['date']} · {r['machine']} · embedder `{r['embed_model']}` · the bundled sample news (25 articles)",
        "",
        f"    {r['command']}",
        "",
        f"**Verdict: {'pass' if ok else 'FAIL'}.**",
        "",
        f"* Concurrent: {c['requests']} requests started together; answers differing from the serial ones: "
        f"{len(c['mismatches'])}; non-200 statuses: {len(c['non_200'])}; wall {c['wall_seconds']} s, "
        f"latency p50 {c['latency_ms']['p50']} ms, p95 {c['latency_ms']['p95']} ms.",
        f"* Soak: {s['requests']} requests from {s['threads']} threads; errors: {s['errors']}; latency p50 "
        f"{s['latency_ms']['p50']} ms, p95 {s['latency_ms']['p95']} ms. Server process growth after the first "
        f"batch: {s['fd_growth']} descriptors (bound {s['fd_bound']}), {s['rss_growth_mb']} MB resident "
        f"(bound {s['rss_bound_mb']} MB): {'flat' if s['flat'] else 'NOT flat'}.",
        "",
        "| requests | open fds | RSS MB |",
        "| --- | --- | --- |",
        *[f"| {x['requests']} | {x['fds']} | {x['rss_mb']} |" for x in s["samples"]],
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--embed-model", default="hash", help="hash (fast fake) or a sentence-transformers model")
    p.add_argument("--concurrent", type=int, default=32)
    p.add_argument("--soak", type=int, default=1000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--sample-every", type=int, default=100)
    p.add_argument("--fd-bound", type=int, default=8)
    p.add_argument("--rss-bound-mb", type=float, default=40.0)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    p.add_argument("--tag", default="api-load")
    args = p.parse_args(argv)
    result = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.tag}.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result)
    (args.out / f"{args.tag}.md").write_text(text)
    print(text)
    return 0 if "**Verdict: pass.**" in text else 1


if __name__ == "__main__":
    sys.exit(main())
