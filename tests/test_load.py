"""The CI-sized load test (issue 8): bench/load.py's checks on a small generated index with the
hash embedder. Concurrent asks give the serial answers with no error, descriptors stay flat over
hundreds of asks, and UI sessions beyond a full queue get Gradio's busy message, never a hang.
The full-size run is `python bench/load.py` (see bench/README.md)."""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

import pytest

from bench.load import (
    Question,
    chat_once,
    compare,
    concurrent_run,
    free_port,
    serial_run,
    soak,
    soak_verdict,
    ui_burst,
)
from rag import NewsRAG

from .conftest import write_jsonl

PEOPLE = [
    "Amara Osei",
    "Lena Vogt",
    "Rafael Ortiz",
    "Mei Tanaka",
    "Kofi Mensah",
    "Ingrid Dahl",
    "Tomas Novak",
    "Priya Raman",
]
PLACES = ["Valmora", "Eastbridge", "Port Kessel", "Lindholm", "Sarova", "Brightwater", "Oakhaven", "Tirelli"]
THINGS = [
    "harbour expansion",
    "water tariff",
    "rail strike",
    "school budget",
    "flood barrier",
    "wind farm",
    "bus network",
    "housing plan",
    "steel plant",
    "museum reopening",
]
VERBS = ["announced", "criticised", "approved", "delayed", "defended", "cancelled", "funded", "proposed"]
OUTLETS = ["Valmora Gazette", "Eastbridge Post", "Kessel Courier", "Lindholm Times"]


def generated_articles(n: int, seed: int = 8) -> list[dict]:
    """`n` distinct news-like articles (about four chunks each with the hash embedder)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        person, place, thing, verb = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(THINGS), rng.choice(VERBS)
        paragraphs = []
        for _ in range(4):
            sentences = [
                f"{rng.choice(PEOPLE)} {rng.choice(VERBS)} the {rng.choice(THINGS)} in {rng.choice(PLACES)} on "
                f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, saying it would cost {rng.randint(2, 900)} million."
                for _ in range(rng.randint(6, 9))
            ]
            paragraphs.append(" ".join(sentences))
        out.append(
            {
                "title": f"{person} {verb} the {thing} in {place}",
                "text": f"{person} {verb} the {thing} in {place}, officials said.\n\n" + "\n\n".join(paragraphs),
                "url": f"https://news.example.org/{i:03d}",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "published_at": f"2023-01-{1 + i % 28:02d}T09:00:00Z",
            }
        )
    return out


def generated_questions(n: int, seed: int = 9) -> list[Question]:
    rng = random.Random(seed)
    return [
        Question(f"Who {rng.choice(VERBS)} the {rng.choice(THINGS)} in {rng.choice(PLACES)}?", "2023-01-31")
        for _ in range(n)
    ]


@pytest.fixture(scope="module")
def load_index(tmp_path_factory) -> Path:
    """A generated index of about 200 chunks (hash embedder), built once for the module."""
    root = tmp_path_factory.mktemp("load")
    corpus = write_jsonl(root / "corpus.jsonl", generated_articles(32))
    report = NewsRAG(data_dir=root / "index", embed_model="hash").ingest([corpus])
    assert report.added == 32 and 150 <= report.chunks_written <= 300
    return root / "index"


@pytest.fixture
def rag(load_index) -> NewsRAG:
    return NewsRAG(data_dir=load_index, embed_model="hash")


def test_concurrent_asks_give_the_serial_answers(rag):
    questions = generated_questions(20)
    serial = serial_run(rag, questions)
    assert all(r.error is None for r in serial)
    cited = [r for r in serial if r.outcome and r.outcome.chunk_ids]
    assert len(cited) >= len(questions) // 2  # the comparison below is about real, cited answers

    results, _ = concurrent_run(rag, questions, threads=8, asks=10)
    assert len(results) == 80
    assert {r.question for r in results} == set(range(len(questions)))
    verdict = compare(serial, results, questions)
    assert verdict.errors == []
    assert verdict.mismatches == []


def test_compare_reports_a_changed_answer_and_an_error(rag):
    """The comparison itself: a result that differs from the serial one, or raised, is counted."""
    from bench.load import AskResult, Outcome

    questions = generated_questions(2)
    serial = serial_run(rag, questions)
    changed = AskResult(0, Outcome("another text", False, ()), None, 1.0)
    failed = AskResult(1, None, "StoreError: boom", 1.0)
    verdict = compare(serial, [changed, failed, serial[1]], questions)
    assert len(verdict.mismatches) == 1 and verdict.mismatches[0]["question"] == questions[0].text
    assert verdict.errors == [f"{questions[1].text[:80]!r}: StoreError: boom"]
    assert not verdict.ok


def test_descriptors_stay_flat_over_300_asks(rag):
    questions = generated_questions(20)
    samples, errors = soak(rag, questions, total=300, every=50, threads=4)
    assert errors == []
    assert [s.asks for s in samples] == [0, 50, 100, 150, 200, 250, 300]
    verdict = soak_verdict(samples, fd_bound=4, rss_bound_mb=64)
    assert verdict["fds"]["flat"], verdict["fds"]
    assert verdict["rss_mb"]["flat"], verdict["rss_mb"]


def test_soak_verdict_flags_growth():
    from bench.load import Sample

    samples = [Sample(0, 30, 100.0, 1), Sample(50, 31, 101.0, 1), Sample(100, 45, 300.0, 1)]
    verdict = soak_verdict(samples, fd_bound=4, rss_bound_mb=64)
    assert verdict["fds"]["growth"] == 14 and not verdict["fds"]["flat"]
    assert verdict["rss_mb"]["growth"] == 199.0 and not verdict["rss_mb"]["flat"]


def test_keyword_search_is_consistent_while_an_ingest_writes(tmp_path):
    """Readers search while a writer adds and deletes chunks (the FTS5 index follows in the same
    transactions): no error, and every hit names a chunk of the article it says."""
    from rag.filters import Filters
    from rag.keyword import KeywordIndex
    from rag.manifest import Manifest, ManifestRow

    manifest = Manifest(tmp_path / "manifest.sqlite")

    def articles(prefix: str, n: int):
        rows, chunks = [], []
        for a in range(n):
            aid = f"{prefix}{a}"
            rows.append(ManifestRow(aid, "h", "t", "O", "o", None, 1_000 + a, 2, None))
            chunks += [(f"{aid}:{p:04d}", aid, p, f"harbour tariff {prefix} number{a} part{p}") for p in range(2)]
        return rows, chunks

    manifest.upsert(*articles("a", 150))
    index = KeywordIndex(manifest)
    problems: list[str] = []
    done = threading.Event()

    def writer() -> None:
        try:
            for i in range(30):
                if i % 2 == 0:
                    manifest.upsert(*articles("b", 100))
                else:
                    manifest.delete([f"b{a}" for a in range(100)])
        finally:
            done.set()

    def reader() -> None:
        since = Filters.build("1970-01-01", None, None)
        while not done.is_set():
            try:
                for hit in index.search("harbour tariff", 30, since):
                    if not hit.chunk_id.startswith(hit.article_id + ":"):
                        problems.append(f"{hit.chunk_id} attributed to {hit.article_id}")
            except Exception as exc:
                problems.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(3)] + [threading.Thread(target=writer)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)  # switch threads often, so a race shows up in a short run
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert done.is_set()
    assert problems == []


class GatedAnswerer:
    """The extractive answerer, held until `gate` opens: requests pile up in the UI's queue."""

    mode = "extractive"

    def __init__(self, inner, gate: threading.Event) -> None:
        self.inner, self.gate = inner, gate

    def answer(self, retrieval, scope, *, history=()):
        self.gate.wait(timeout=180)
        return self.inner.answer(retrieval, scope, history=history)


@pytest.mark.network
def test_ui_sessions_beyond_the_queue_get_the_busy_message_and_none_hangs(load_index):
    from ui.app import launch

    queue, concurrency, sessions = 2, 1, 8
    gate = threading.Event()
    base = NewsRAG(data_dir=load_index, embed_model="hash")
    rag = NewsRAG(
        data_dir=load_index,
        embed_model="hash",
        answerer=GatedAnswerer(base.extractive, gate),
        ui_queue_size=queue,
        ui_concurrency=concurrency,
    )
    demo, url = launch(rag, port=free_port(), block=False, quiet=True)
    try:
        questions = [q.text for q in generated_questions(sessions)]
        # Nothing is answered until every session beyond queue + running was refused.
        out = ui_burst(
            url, questions, sessions, timeout=180, release=gate.set, release_after_busy=sessions - queue - concurrency
        )
        from gradio_client import Client

        after = chat_once(Client(url, verbose=False), questions[0], timeout=180)
    finally:
        gate.set()
        demo.close()
    assert out["hung"] == 0 and out["error"] == 0, out["errors"]
    assert out["answered"] + out["busy"] == sessions
    assert out["busy"] >= sessions - queue - concurrency
    assert out["answered"] >= queue
    assert out["busy_messages"] and all("queue is full" in m.lower() for m in out["busy_messages"])
    assert after[0] == "answered", after
