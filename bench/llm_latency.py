"""LLM answers on this machine: first-token and total latency, and how many of the model's
citations verification keeps, over the bundled question set.

Starts the local test server (llama.cpp via xllamacpp + Gemma 3 270M, tests/llm_server.py) unless
--base-url is given, indexes the bundled sample news with the default embedder, and streams
an LLM answer to every question of eval/sets/sample.jsonl:

    python bench/llm_latency.py [--limit N] [--top-k 5] [--max-tokens 400] [--out results.json]

Latencies are wall-clock from the request to the first streamed piece and to the end of the
stream (retrieval excluded). "kept" is the share of the [n] markers the model wrote that
verification kept; answers that verification rejected fall back to the extractive answer.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "sets" / "sample.jsonl"


class Timed:
    """A ChatClient wrapper that times each streamed request."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.label = inner.label
        self.last: dict[str, float] = {}

    def complete(self, messages: Sequence[dict[str, str]], **kw) -> str:
        return self.inner.complete(messages, **kw)

    def stream(self, messages: Sequence[dict[str, str]], **kw) -> Iterator[str]:
        t0 = time.perf_counter()
        first = None
        pieces = 0
        try:
            for piece in self.inner.stream(messages, **kw):
                if first is None:
                    first = time.perf_counter() - t0
                pieces += 1
                yield piece
        finally:  # also when the answerer stops reading a looping model
            total = time.perf_counter() - t0
            self.last = {"first_token_s": first if first is not None else total, "total_s": total, "pieces": pieces}


def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base-url", help="an OpenAI-compatible server (default: start the local test server)")
    ap.add_argument("--data-dir", help="index of the bundled sample news (built in a temp dir when omitted)")
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--top-k", type=int, default=None, help="passages per answer (default: the top_k setting)")
    ap.add_argument("--max-tokens", type=int, default=None, help="default: the llm_max_tokens setting")
    ap.add_argument(
        "--threads",
        type=int,
        default=None,
        help="llama.cpp threads of the local server (default: 1, see tests/llm_server.py)",
    )
    ap.add_argument("--out", help="write per-question results and the summary as JSON here")
    args = ap.parse_args(argv)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from ingest.sample import sample_path
    from rag import NewsRAG
    from rag.llm.client import OpenAIChatClient

    server = None
    base_url = args.base_url
    if not base_url:
        from tests.llm_server import LocalLLMServer

        server = LocalLLMServer(threads=args.threads).start()
        base_url = server.base_url
    try:
        client = Timed(
            OpenAIChatClient(
                base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY"), model=None, timeout=900, retries=0
            )
        )
        data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="newsrag-llm-bench-"))
        overrides = {k: v for k, v in {"top_k": args.top_k, "llm_max_tokens": args.max_tokens}.items() if v}
        rag = NewsRAG(data_dir=data_dir, llm_client=client, llm_temperature=0.0, **overrides)
        if not rag.stats()["articles"]:
            rag.ingest([sample_path()])
        rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = rows[: args.limit] if args.limit else rows
        results = []
        for row in rows:
            answer = rag.ask(row["question"], llm=True, as_of=row.get("question_date"))
            v = answer.verification or {}
            timing = dict(client.last) if v else {}
            client.last = {}
            results.append({
                "id": row["id"], "mode": answer.mode, "refused": answer.refused, **timing,
                "model_citations": v.get("model_citations", 0), "kept": v.get("kept", 0),
                "added": v.get("added", 0), "supported_claims": v.get("supported_claims", 0),
                "dropped_sentences": len(v.get("dropped", [])),
                "answer": answer.text, "question": row["question"], "dropped": list(v.get("dropped", [])),
            })  # fmt: skip
            r = results[-1]
            print(f"{r['id']}: {r['mode'] + (' refused' if r['refused'] else ''):<15} first {r.get('first_token_s', 0):6.1f}s  total {r.get('total_s', 0):6.1f}s  "
                  f"citations kept {r['kept']}/{r['model_citations']}  added {r['added']}  "
                  f"sentences kept {r['supported_claims']}/{r['supported_claims'] + r['dropped_sentences']}", flush=True)  # fmt: skip
        timed = [r for r in results if "total_s" in r]
        written = sum(r["model_citations"] for r in results)
        kept = sum(r["kept"] for r in results)
        summary = {
            "questions": len(results),
            "server": base_url,
            "threads": server.threads if server else None,
            "cpus": os.cpu_count(),
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
            "first_token_s": {
                "median": statistics.median(r["first_token_s"] for r in timed),
                "p90": quantile([r["first_token_s"] for r in timed], 0.9),
            }
            if timed
            else None,
            "total_s": {
                "median": statistics.median(r["total_s"] for r in timed),
                "p90": quantile([r["total_s"] for r in timed], 0.9),
            }
            if timed
            else None,
            "citations_written": written,
            "citations_kept": kept,
            "kept_share": kept / written if written else None,
            "answers_llm_mode": sum(r["mode"] == "llm" and not r["refused"] for r in results),
            "refused": sum(r["refused"] for r in results),
            "answers_extractive_fallback": sum(r["mode"] != "llm" for r in results),
            "citations_added_by_verification": sum(r["added"] for r in results),
            "sentences_supported": sum(r["supported_claims"] for r in results),
            "sentences_dropped": sum(r["dropped_sentences"] for r in results),
        }
        print(json.dumps(summary, indent=2))
        if args.out:
            Path(args.out).write_text(json.dumps({"summary": summary, "results": results}, indent=2), encoding="utf-8")
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
