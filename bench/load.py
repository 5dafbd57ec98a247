"""newsrag's load test (a script, not a test). See bench/README.md for the command.

Against one index of about --chunks chunks (default 10,000):

  * serial: every question once through `NewsRAG.ask`, recording the answer text, the
    refusal flag and the chunk ids of its citations;
  * concurrent: --threads threads x --asks asks each over the same questions, started
    together; every answer must equal the serial one for its question (same text, same
    cited chunk ids), and no call may raise. Reports mismatches, errors, throughput and
    latency p50/p95;
  * soak: --soak asks (in batches of --sample-every, each batch on a fresh pool of
    --threads threads, as a server's worker threads come and go), sampling the open file
    descriptors (/proc/self/fd) and the resident memory (VmRSS) before the first batch and
    after each; growth beyond --fd-bound descriptors or --rss-bound-mb MB is flagged;
  * UI: the Gradio app (ui.app.launch) on a free local port with a small queue
    (--ui-queue waiting, --ui-concurrency running); --ui-sessions gradio_client sessions
    call /chat at once. Every call must come back within --ui-timeout seconds, either with
    an answer or with Gradio's "queue is full" refusal (the busy message); afterwards one
    more session must get an answer (the queue drained).

The index: the corpus (default rtqa-2023jan) is ingested once with the configured
embedder into a cache directory (~/.cache/newsrag/load/) and reused by later runs;
--data-dir reuses an index built elsewhere instead (it is copied first, never written).
The run's index is then filled up to --chunks by re-inserting the base chunks as
replicas (bench.bench.replicate_index: ids suffixed -r<N>, vectors slightly perturbed,
nothing re-embedded). --embed-model hash gives a fast synthetic run with the test fake.

Figures are printed and written as JSON and Markdown to --out (default bench/results/);
the exit status is 1 when any check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder is sys.path[0], where `bench` would be bench/bench.py rather than
# the bench/ folder: put the repository root there instead, so `bench.bench` imports either way.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "rtqa-2023jan" / "corpus.jsonl"
SAMPLE_CORPUS = ROOT / "ingest" / "sample" / "news.jsonl"
SAMPLE_QUESTIONS = ROOT / "eval" / "sets" / "sample.jsonl"
# Flat means: after the first batch, at most this many more descriptors / MB of RSS by the end.
FD_BOUND = 8
RSS_BOUND_MB = 64.0
BUSY_WORDS = (
    "queue is full",
    "currently busy",
)  # what Gradio (server, gradio_client, browser) says when the queue is full


# --- one ask and its comparable outcome


@dataclass(frozen=True)
class Question:
    text: str
    as_of: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What must not depend on concurrency: the answer text, refusal and cited chunks."""

    text: str
    refused: bool
    chunk_ids: tuple[str, ...]


@dataclass
class AskResult:
    question: int  # index into the question list
    outcome: Outcome | None
    error: str | None
    ms: float


def outcome_of(answer: Any) -> Outcome:
    return Outcome(answer.text, bool(answer.refused), tuple(c.chunk_id for c in answer.citations))


def ask_once(rag: Any, questions: Sequence[Question], index: int) -> AskResult:
    """One `rag.ask` (extractive, so the run needs no LLM server); an exception is recorded, not raised."""
    q = questions[index]
    t0 = time.perf_counter()
    try:
        answer = rag.ask(q.text, as_of=q.as_of, llm=False)
    except Exception as exc:  # the load run counts every failure
        return AskResult(index, None, f"{type(exc).__name__}: {exc}", (time.perf_counter() - t0) * 1000)
    return AskResult(index, outcome_of(answer), None, (time.perf_counter() - t0) * 1000)


def load_questions(path: Path, limit: int | None = None) -> list[Question]:
    out: list[Question] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("question"):
                out.append(Question(row["question"], row.get("question_date") or None))
            if limit and len(out) >= limit:
                break
    return out


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def latency(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(pct(values, 50), 1),
        "p95_ms": round(pct(values, 95), 1),
        "max_ms": round(max(values, default=0.0), 1),
    }


# --- serial vs concurrent


def serial_run(rag: Any, questions: Sequence[Question]) -> list[AskResult]:
    return [ask_once(rag, questions, i) for i in range(len(questions))]


def concurrent_run(rag: Any, questions: Sequence[Question], threads: int, asks: int) -> tuple[list[AskResult], float]:
    """`threads` threads released together, each asking `asks` questions; thread t's i-th ask is
    question (t + i * threads) mod N, so at any moment the threads ask different questions."""
    results: list[list[AskResult]] = [[] for _ in range(threads)]
    barrier = threading.Barrier(threads + 1)

    def worker(t: int) -> None:
        barrier.wait()
        for i in range(asks):
            results[t].append(ask_once(rag, questions, (t + i * threads) % len(questions)))

    pool = [threading.Thread(target=worker, args=(t,), name=f"load-{t}", daemon=True) for t in range(threads)]
    for th in pool:
        th.start()
    barrier.wait()
    t0 = time.perf_counter()
    for th in pool:
        th.join()
    wall = time.perf_counter() - t0
    return [r for rs in results for r in rs], wall


@dataclass
class Comparison:
    asks: int
    errors: list[str] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.mismatches


def compare(serial: Sequence[AskResult], concurrent: Sequence[AskResult], questions: Sequence[Question]) -> Comparison:
    """Every concurrent result against the serial one for the same question."""
    expected = {r.question: r for r in serial}
    out = Comparison(asks=len(concurrent))
    for r in concurrent:
        if r.error is not None:
            out.errors.append(f"{questions[r.question].text[:80]!r}: {r.error}")
            continue
        want = expected[r.question]
        if want.outcome != r.outcome:
            out.mismatches.append(
                {
                    "question": questions[r.question].text,
                    "serial": asdict(want.outcome) if want.outcome else want.error,
                    "concurrent": asdict(r.outcome) if r.outcome else None,
                }
            )
    return out


# --- soak: descriptors and memory over many asks


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0  # kB
    return float("nan")


@dataclass
class Sample:
    asks: int
    fds: int
    rss_mb: float
    threads: int


def soak(
    rag: Any,
    questions: Sequence[Question],
    total: int,
    every: int,
    threads: int,
    on_sample: Callable[[Sample], None] | None = None,
) -> tuple[list[Sample], list[str]]:
    """`total` asks in batches of `every`, each batch on a fresh pool of `threads` threads
    (their exit must release what they opened); a sample before the first batch and after each."""
    samples = [Sample(0, open_fds(), round(rss_mb(), 1), threading.active_count())]
    errors: list[str] = []
    done = 0
    while done < total:
        n = min(every, total - done)
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="soak") as pool:
            batch = list(pool.map(lambda i: ask_once(rag, questions, i % len(questions)), range(done, done + n)))
        errors += [r.error for r in batch if r.error is not None]
        done += n
        samples.append(Sample(done, open_fds(), round(rss_mb(), 1), threading.active_count()))
        if on_sample:
            on_sample(samples[-1])
    return samples, errors


def soak_verdict(samples: Sequence[Sample], fd_bound: int, rss_bound_mb: float) -> dict[str, Any]:
    """Growth from the first post-warm-up sample (after one batch) to the last, against the bounds."""
    base = samples[1] if len(samples) > 2 else samples[0]
    last = samples[-1]
    fds = [s.fds for s in samples]
    rss = [s.rss_mb for s in samples]
    out = {
        "fds": {
            "start": samples[0].fds,
            "after_first_batch": base.fds,
            "last": last.fds,
            "max": max(fds),
            "growth": last.fds - base.fds,
            "bound": fd_bound,
        },
        "rss_mb": {
            "start": samples[0].rss_mb,
            "after_first_batch": base.rss_mb,
            "last": last.rss_mb,
            "max": max(rss),
            "growth": round(last.rss_mb - base.rss_mb, 1),
            "bound": rss_bound_mb,
        },
    }
    out["fds"]["flat"] = out["fds"]["growth"] <= fd_bound
    out["rss_mb"]["flat"] = out["rss_mb"]["growth"] <= rss_bound_mb
    return out


# --- UI: many sessions against a bounded queue


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_busy(exc: BaseException) -> bool:
    return any(w in str(exc).lower() for w in BUSY_WORDS)


def _assistant_text(history: Any) -> str:
    if not history:
        return ""
    content = history[-1].get("content") if isinstance(history[-1], dict) else None
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content or "")


def chat_once(client: Any, question: str, timeout: float) -> tuple[str, str, float]:
    """One /chat turn from a gradio_client session: ("answered" | "busy" | "error" | "hung", detail, seconds)."""
    t0 = time.perf_counter()
    try:
        job = client.submit(question, [], "", "", [], 3, True, api_name="/chat")
        history, _sources, _box = job.result(timeout=timeout)
    except TimeoutError:
        return "hung", f"no answer within {timeout:g} s", time.perf_counter() - t0
    except Exception as exc:
        kind = "busy" if is_busy(exc) else "error"
        return kind, f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
    reply = _assistant_text(history)
    if not reply or reply.startswith("\u26a0"):
        return "error", reply[:200] or "empty reply", time.perf_counter() - t0
    return "answered", reply[:200], time.perf_counter() - t0


def ui_burst(
    url: str,
    questions: Sequence[str],
    sessions: int,
    timeout: float,
    *,
    release: Callable[[], None] | None = None,
    release_after_busy: int = 0,
) -> dict[str, Any]:
    """`sessions` gradio_client sessions (one Client each, so one browser session each) send a
    /chat turn at the same moment. With `release`, it is called once `release_after_busy` calls
    were refused as busy (or after `timeout`/2), for apps whose answers wait on a gate."""
    from gradio_client import Client

    outcomes: list[tuple[str, str, float] | None] = [None] * sessions
    ready = threading.Barrier(sessions + 1)
    busy = threading.Semaphore(0)

    def worker(i: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:
            outcomes[i] = ("error", f"connect: {type(exc).__name__}: {exc}", 0.0)
            ready.wait()
            return
        ready.wait()
        outcomes[i] = chat_once(client, questions[i % len(questions)], timeout)
        if outcomes[i][0] == "busy":
            busy.release()

    pool = [threading.Thread(target=worker, args=(i,), name=f"ui-{i}", daemon=True) for i in range(sessions)]
    for th in pool:
        th.start()
    ready.wait()
    t0 = time.perf_counter()
    if release is not None:
        deadline = time.monotonic() + timeout / 2
        for _ in range(release_after_busy):
            if not busy.acquire(timeout=max(0.0, deadline - time.monotonic())):
                break
        release()
    for th in pool:
        th.join(timeout=max(1.0, timeout + 5 - (time.perf_counter() - t0)))
    wall = time.perf_counter() - t0
    results = [o if o is not None else ("hung", "the session thread did not return", wall) for o in outcomes]
    counts = {k: sum(1 for o in results if o[0] == k) for k in ("answered", "busy", "error", "hung")}
    busy_messages = sorted({o[1] for o in results if o[0] == "busy"})
    return {
        "sessions": sessions,
        **counts,
        "busy_messages": busy_messages,
        "errors": [o[1] for o in results if o[0] in ("error", "hung")],
        "slowest_s": round(max((o[2] for o in results), default=0.0), 2),
        "wall_s": round(wall, 2),
        "timeout_s": timeout,
    }


def ui_run(
    rag: Any, questions: Sequence[str], sessions: int, queue: int, concurrency: int, timeout: float
) -> dict[str, Any]:
    """Launch the app over `rag` with a small queue, fire the burst, then check one more session gets an answer."""
    from gradio_client import Client

    from ui.app import launch

    small = type(rag)(
        settings=rag.settings.model_copy(update={"ui_queue_size": queue, "ui_concurrency": concurrency}),
        embedder=rag.embedder,
        store=rag.store,
    )
    demo, url = launch(small, host="127.0.0.1", port=free_port(), block=False, quiet=True)
    try:
        out = ui_burst(url, questions, sessions, timeout)
        kind, detail, secs = chat_once(Client(url, verbose=False), questions[0], timeout)
        out["after_burst"] = {"outcome": kind, "detail": detail[:120], "seconds": round(secs, 2)}
    finally:
        demo.close()
    out.update(queue_size=queue, concurrency=concurrency)
    out["ok"] = (
        out["answered"] + out["busy"] == sessions
        and out["answered"] >= 1
        and out["after_burst"]["outcome"] == "answered"
    )
    return out


# --- the index


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cache_root() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsrag")) / "load"


def base_index(corpus: Path, embedder: Any, cache: Path) -> Path:
    """The corpus ingested once with this embedder, kept under `cache` and reused while the
    corpus file (path, size, mtime) and the embedder are the same."""
    from rag import NewsRAG

    st = corpus.stat()
    key = hashlib.sha256(f"{corpus.resolve()}|{st.st_size}|{st.st_mtime_ns}|{embedder.name}".encode()).hexdigest()[:16]
    safe = "".join(c if c.isalnum() else "-" for c in embedder.name)
    path = cache / f"{corpus.parent.name}-{corpus.stem}-{safe}-{key}"
    done = path / "load-complete.json"
    if done.exists():
        log(f"reusing the base index {path}")
        return path
    shutil.rmtree(path, ignore_errors=True)
    log(f"ingesting {corpus} with {embedder.name} into {path} (once; later runs reuse it)")
    t0 = time.perf_counter()
    report = NewsRAG(data_dir=path, embedder=embedder).ingest([corpus])
    done.write_text(
        json.dumps(
            {
                "corpus": str(corpus),
                "articles": report.added,
                "chunks": report.chunks_written,
                "seconds": round(time.perf_counter() - t0, 1),
            }
        )
    )
    return path


def ingest_running(data_dir: Path) -> str | None:
    """Who is ingesting into `data_dir` (from its lock's owner record, when that process lives), else None."""
    from rag.locking import read_owner

    owner = read_owner(data_dir)
    if not owner:
        return None
    if owner.get("host") == socket.gethostname():
        try:
            os.kill(int(owner["pid"]), 0)
        except ProcessLookupError:
            return None
        except OSError:
            pass
    return f"PID {owner['pid']}: {owner.get('command', '?')}"


def run_index(base: Path, target: Path, chunks: int, embedder: Any, collection: str) -> dict[str, Any]:
    """`target`: `chunks` chunks (0: as many as the base holds): the base's chunks, then replicas of
    them when it holds fewer, or its first `chunks` when it holds more."""
    from bench.bench import replicate_index
    from rag.manifest import Manifest

    base_chunks = Manifest(base / f"manifest-{collection}.sqlite").chunk_count()
    size = chunks or base_chunks
    log(f"building the run's index: {base_chunks} base chunks -> {size}")
    built = replicate_index(base, target, size, embedder.name, embedder.dim, collection)
    built["base_chunks"] = base_chunks
    return built


def make_embedder(model: str) -> Any:
    from rag.embedding import embedder_from_settings
    from rag.settings import load_settings

    return embedder_from_settings(load_settings(embed_model=model))  # as the product runs it


# --- report


def markdown(r: dict[str, Any]) -> str:
    idx, c, s = r["index"], r.get("concurrent"), r.get("soak")
    how = (
        "replicas added"
        if idx["chunks"] > idx["base_chunks"]
        else "cut to size"
        if idx["chunks"] < idx["base_chunks"]
        else "as is"
    )
    lines = [
        f"# newsrag load test ({r['date']})",
        "",
        f"Command: `{r['command']}`",
        "",
        f"Machine: {r['machine']}",
        "",
        f"Index: {idx['chunks']} chunks from a base index of {idx['base_chunks']} chunks embedded by {r['embedder']} "
        f"({how}); {r['questions']} questions from {r['questions_file']}.",
        "",
        f"**Verdict: {'PASS' if r['ok'] else 'FAIL'}**",
        "",
    ]
    ser = r["serial"]
    lines += [
        "## Serial vs concurrent",
        "",
        "| run | asks | errors | mismatches vs serial | asks/s | p50 ms | p95 ms |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| serial | {ser['asks']} | {ser['errors']} | - | {ser['asks_per_s']} | {ser['latency']['p50_ms']} | "
        f"{ser['latency']['p95_ms']} |",
    ]
    if c:
        lines.append(
            f"| {c['threads']} threads x {c['asks_per_thread']} | {c['asks']} | {c['errors']} | {c['mismatches']} | "
            f"{c['asks_per_s']} | {c['latency']['p50_ms']} | {c['latency']['p95_ms']} |"
        )
    lines.append("")
    if s:
        v = s["verdict"]
        lines += [
            "## Soak",
            "",
            f"{s['asks']} asks in batches of {s['sample_every']}, each batch on a fresh pool of "
            f"{s['threads']} threads; errors: {s['errors']}.",
            "",
            "| measure | start | after first batch | last | max | growth | bound | flat |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, key in (("open FDs", "fds"), ("RSS MB", "rss_mb")):
            m = v[key]
            lines.append(
                f"| {name} | {m['start']} | {m['after_first_batch']} | {m['last']} | {m['max']} | {m['growth']} | "
                f"{m['bound']} | {'yes' if m['flat'] else 'NO'} |"
            )
        lines += [
            "",
            "Samples (asks: FDs / RSS MB): "
            + ", ".join(f"{x['asks']}: {x['fds']} / {x['rss_mb']}" for x in s["samples"]),
            "",
        ]
    u = r.get("ui")
    if u:
        lines += [
            "## UI queue",
            "",
            f"{u['sessions']} gradio_client sessions call /chat at once; queue size {u['queue_size']}, "
            f"concurrency {u['concurrency']}, timeout {u['timeout_s']} s.",
            "",
            f"* answered: {u['answered']}; busy (queue full): {u['busy']}; errors: {u['error']}; hung: {u['hung']}",
            f"* busy message: {'; '.join(u['busy_messages']) or '-'}",
            f"* slowest call: {u['slowest_s']} s; burst wall time {u['wall_s']} s",
            f"* one more session after the burst: {u['after_burst']['outcome']} in {u['after_burst']['seconds']} s",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument(
        "--corpus",
        default=str(DEFAULT_CORPUS),
        help="corpus JSONL ingested once for the base index (default: %(default)s)",
    )
    p.add_argument(
        "--data-dir", default=None, help="reuse this already built index as the base (copied, never written)"
    )
    p.add_argument(
        "--embed-model",
        default="all-MiniLM-L6-v2",
        help="embedder; 'hash' for a fast synthetic run (default: %(default)s)",
    )
    p.add_argument(
        "--chunks", type=int, default=10_000, help="chunks in the run's index; 0: the base's (default: %(default)s)"
    )
    p.add_argument("--questions", default=None, help="questions JSONL (default: questions.jsonl beside the corpus)")
    p.add_argument("--n-questions", type=int, default=None, help="use only the first N questions")
    p.add_argument("--threads", type=int, default=32, help="concurrent threads (default: %(default)s)")
    p.add_argument("--asks", type=int, default=50, help="asks per thread in the concurrent run (default: %(default)s)")
    p.add_argument("--soak", type=int, default=5000, help="asks in the soak; 0 skips it (default: %(default)s)")
    p.add_argument("--sample-every", type=int, default=250, help="asks between soak samples (default: %(default)s)")
    p.add_argument(
        "--fd-bound", type=int, default=FD_BOUND, help="allowed FD growth over the soak (default: %(default)s)"
    )
    p.add_argument(
        "--rss-bound-mb", type=float, default=RSS_BOUND_MB, help="allowed RSS growth in MB (default: %(default)s)"
    )
    p.add_argument("--skip-ui", action="store_true", help="skip the web UI queue check")
    p.add_argument("--ui-sessions", type=int, default=20, help="concurrent UI sessions (default: %(default)s)")
    p.add_argument("--ui-queue", type=int, default=4, help="the UI's queue size for the check (default: %(default)s)")
    p.add_argument(
        "--ui-concurrency", type=int, default=1, help="the UI's concurrency for the check (default: %(default)s)"
    )
    p.add_argument(
        "--ui-timeout", type=float, default=120.0, help="seconds a UI call may take before it counts as hung"
    )
    p.add_argument("--work", default=None, help="scratch dir for the run's index (default: a temp dir, removed)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"), help="where results go (default: %(default)s)")
    p.add_argument("--tag", default=None, help="name of the result files (default: load-<date>)")
    args = p.parse_args(argv)

    from rag import NewsRAG
    from rag.settings import load_settings

    corpus = Path(args.corpus)
    if args.data_dir is None and not corpus.exists():
        if args.embed_model.startswith("hash"):
            log(f"{corpus} not found: using the bundled sample news")
            corpus = SAMPLE_CORPUS
        else:
            p.error(f"{corpus} not found; pass --corpus, --data-dir, or --embed-model hash")
    qpath = Path(args.questions) if args.questions else corpus.parent / "questions.jsonl"
    if not qpath.exists():
        qpath = SAMPLE_QUESTIONS
    questions = load_questions(qpath, args.n_questions)
    if not questions:
        p.error(f"no questions in {qpath}")

    if args.data_dir:
        if not (Path(args.data_dir) / f"manifest-{load_settings().collection}.sqlite").exists():
            p.error(f"{args.data_dir} holds no newsrag index (no manifest)")
        writer = ingest_running(Path(args.data_dir))
        if writer:
            p.error(f"an ingest ({writer}) is writing to {args.data_dir}; wait for it to finish, then run again")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newsrag-load-"))
    work.mkdir(parents=True, exist_ok=True)
    collection = load_settings(data_dir=work).collection
    t_start = time.perf_counter()
    try:
        embedder = make_embedder(args.embed_model)
        if args.data_dir:
            base = work / "base"
            shutil.rmtree(base, ignore_errors=True)
            log(f"copying {args.data_dir} to {base}")
            shutil.copytree(args.data_dir, base, ignore=shutil.ignore_patterns("*.lock", "*.lock.owner"))
        else:
            base = base_index(corpus, embedder, cache_root())
        index = run_index(base, work / "run", args.chunks, embedder, collection)
        rag = NewsRAG(data_dir=work / "run", embedder=embedder)
        rag.keyword.refresh()  # the BM25 index once, as an ingest leaves it
        log(f"index ready: {rag.stats()['chunks']} chunks")

        results: dict[str, Any] = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": shlex.join(
                [Path(sys.executable).name, "bench/load.py", *(argv if argv is not None else sys.argv[1:])]
            ),
            "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
            "embedder": embedder.name,
            "index": index,
            "questions": len(questions),
            "questions_file": str(qpath),
        }
        ok = True

        log(f"serial: {len(questions)} asks")
        ask_once(rag, questions, 0)  # warm-up: model, HNSW pages, keyword index
        t0 = time.perf_counter()
        serial = serial_run(rag, questions)
        wall = time.perf_counter() - t0
        ser_errors = [r.error for r in serial if r.error]
        results["serial"] = {
            "asks": len(serial),
            "errors": len(ser_errors),
            "error_examples": ser_errors[:5],
            "asks_per_s": round(len(serial) / wall, 2),
            "latency": latency([r.ms for r in serial]),
            "refused": sum(1 for r in serial if r.outcome and r.outcome.refused),
        }
        ok &= not ser_errors

        if args.threads and args.asks:
            log(f"concurrent: {args.threads} threads x {args.asks} asks")
            conc, wall = concurrent_run(rag, questions, args.threads, args.asks)
            cmp = compare(serial, conc, questions)
            results["concurrent"] = {
                "threads": args.threads,
                "asks_per_thread": args.asks,
                "asks": len(conc),
                "errors": len(cmp.errors),
                "mismatches": len(cmp.mismatches),
                "error_examples": cmp.errors[:5],
                "mismatch_examples": cmp.mismatches[:3],
                "asks_per_s": round(len(conc) / wall, 2),
                "wall_s": round(wall, 2),
                "latency": latency([r.ms for r in conc]),
            }
            ok &= cmp.ok
            log(
                f"  {len(conc)} asks, {len(cmp.errors)} errors, {len(cmp.mismatches)} mismatches, "
                f"{results['concurrent']['asks_per_s']} asks/s"
            )

        if args.soak:
            log(f"soak: {args.soak} asks, sampling every {args.sample_every}")
            samples, soak_errors = soak(
                rag,
                questions,
                args.soak,
                args.sample_every,
                args.threads or 1,
                on_sample=lambda s: log(f"  {s.asks} asks: {s.fds} FDs, {s.rss_mb} MB RSS, {s.threads} threads"),
            )
            verdict = soak_verdict(samples, args.fd_bound, args.rss_bound_mb)
            results["soak"] = {
                "asks": args.soak,
                "sample_every": args.sample_every,
                "threads": args.threads or 1,
                "errors": len(soak_errors),
                "error_examples": soak_errors[:5],
                "samples": [asdict(s) for s in samples],
                "verdict": verdict,
            }
            ok &= not soak_errors and verdict["fds"]["flat"] and verdict["rss_mb"]["flat"]

        if not args.skip_ui:
            log(f"UI: {args.ui_sessions} sessions against queue {args.ui_queue}, concurrency {args.ui_concurrency}")
            results["ui"] = ui_run(
                rag, [q.text for q in questions], args.ui_sessions, args.ui_queue, args.ui_concurrency, args.ui_timeout
            )
            u = results["ui"]
            log(f"  answered {u['answered']}, busy {u['busy']}, errors {u['error']}, hung {u['hung']}")
            ok &= u["ok"]
        results["ok"] = bool(ok)
        results["total_s"] = round(time.perf_counter() - t_start, 1)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tag = args.tag or f"load-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    (out / f"{tag}.json").write_text(json.dumps(results, indent=2) + "\n")
    md = markdown(results)
    (out / f"{tag}.md").write_text(md + "\n")
    print(md)
    log(f"wrote {out / tag}.json and .md")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
