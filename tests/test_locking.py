"""One writer per data directory: a second ingest fails at once, names the holder, and changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag import NewsRAG
from rag.errors import IndexLockedError
from rag.locking import OWNER_NAME, ingest_lock, read_owner

from .conftest import article, write_jsonl

HOLDER = """
import sys
from pathlib import Path
from rag.locking import ingest_lock

with ingest_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin (or kills us)
"""


def _news(tmp_path: Path, name: str, title: str) -> Path:
    return write_jsonl(
        tmp_path / name,
        [
            article(
                title,
                f"{title}: the Valmora council met on Tuesday and approved the plan.",
                url=f"https://x.example/{name}",
            )
        ],
    )


def _start_holder(data: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _snapshot(data: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file of the index, lock files aside."""
    return {
        str(p.relative_to(data)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in data.rglob("*")
        if p.is_file() and not p.name.startswith("ingest.lock") and not p.name.endswith("-shm")
    }


def test_second_ingest_fails_at_once_names_the_pid_and_changes_nothing(tmp_path):
    data = tmp_path / "index"
    rag = NewsRAG(data_dir=data, embed_model="hash")
    rag.ingest([_news(tmp_path, "first.jsonl", "First")])
    before_stats, before_ids, before_files = rag.stats(), sorted(rag.store.all_ids()), _snapshot(data)

    holder = _start_holder(data)
    try:
        assert read_owner(data)["pid"] == holder.pid
        t0 = time.monotonic()
        with pytest.raises(IndexLockedError, match=rf"index is locked by PID {holder.pid}\b.*Wait for it to finish"):
            rag.ingest([_news(tmp_path, "second.jsonl", "Second")])
        assert time.monotonic() - t0 < 30  # hang guard: the contender does not wait for the holder
        assert rag.stats() == before_stats and sorted(rag.store.all_ids()) == before_ids
        assert _snapshot(data) == before_files

        # the command line: one line on stderr, exit 1, no traceback
        env = {**os.environ, "NEWSRAG_EMBED_MODEL": "hash"}
        proc = subprocess.run(
            [sys.executable, "-m", "rag.cli", "ingest", str(tmp_path / "second.jsonl"), "--data-dir", str(data)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith(f"newsrag: error: index is locked by PID {holder.pid}")
        assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
        assert _snapshot(data) == before_files
        # readers are not blocked by a writer
        assert not rag.ask("What did the Valmora council approve?").refused
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)

    report = rag.ingest([tmp_path / "second.jsonl"])  # the lock is free again
    assert report.added == 1 and rag.stats()["articles"] == 2
    assert not (data / OWNER_NAME).exists()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    data = tmp_path / "index"
    holder = _start_holder(data)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert read_owner(data)["pid"] == holder.pid  # its record is left behind ...
    rag = NewsRAG(data_dir=data, embed_model="hash")
    assert rag.ingest([_news(tmp_path, "a.jsonl", "After the crash")]).added == 1  # ... but not its lock
    assert not (data / OWNER_NAME).exists()


def test_a_second_writer_in_the_same_process_is_refused_too(tmp_path):
    data = tmp_path / "index"
    with ingest_lock(data):
        with pytest.raises(IndexLockedError, match=rf"PID {os.getpid()}\b"):
            NewsRAG(data_dir=data, embed_model="hash").ingest([_news(tmp_path, "a.jsonl", "Same process")])
    assert NewsRAG(data_dir=data, embed_model="hash").ingest([tmp_path / "a.jsonl"]).added == 1


def test_delete_is_a_writer_too(tmp_path):
    data = tmp_path / "index"
    rag = NewsRAG(data_dir=data, embed_model="hash")
    rag.ingest([_news(tmp_path, "a.jsonl", "To delete")])
    (row,) = rag.manifest.rows()
    with ingest_lock(data):
        with pytest.raises(IndexLockedError, match="index is locked by PID"):
            rag.delete([row.id])
        assert rag.stats()["articles"] == 1
    assert rag.delete([row.id]) == 1 and rag.stats()["articles"] == 0


def test_a_reader_sees_what_another_process_ingested(tmp_path):
    """A running server (one NewsRAG, its embedded Chroma open) and `newsrag ingest` from a terminal:
    the next question finds the new article (it failed with "Error finding id": the open client kept
    the index as it was)."""
    data = tmp_path / "idx"
    rag = NewsRAG(data_dir=data, embed_model="hash")
    rag.ingest([_news(tmp_path, "first.jsonl", "First plan")])
    assert not rag.ask("What did the Valmora council approve?").refused  # the store is open
    late = write_jsonl(
        tmp_path / "late.jsonl",
        [article("Ferry tickets", "Tickets for the Birch Island ferry go on sale on Friday at the harbour office.")],
    )
    env = {**os.environ, "NEWSRAG_EMBED_MODEL": "hash"}
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ingest", str(late), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    answer = rag.ask("When do the Birch Island ferry tickets go on sale?")
    assert "Friday" in answer.text and answer.citations[0].title == "Ferry tickets"
    # its own writes need no reopening, and it still reads them
    assert rag.ingest([_news(tmp_path, "second.jsonl", "Second plan")]).added == 1
    assert rag.stats()["articles"] == 3 and not rag.ask("What did the Valmora council approve?").refused
