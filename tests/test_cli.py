"""The CLI contract: commands, --json shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rag.cli import main

from .conftest import article, write_jsonl


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    data = tmp_path / "idx"
    news = write_jsonl(
        tmp_path / "news.jsonl",
        [
            article(
                "Council approves budget",
                "The Valmora city council approved a road budget of 4.2 million euros.",
                url="https://wire.example.com/budget",
                outlet="Wire",
                published_at="2024-05-01",
            ),
            article(
                "Glacier retreat",
                "Scientists measured the Orrin glacier retreating 40 metres in one summer.",
                url="https://science.example.net/glacier",
                outlet="Science Daily",
                published_at="2023-08-10",
            ),
        ],
    )
    return data, news


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_ask_stats_json_contracts(env, capsys):
    data, news = env
    code, out, err = run(capsys, "ingest", str(news), "--data-dir", str(data))
    assert code == 0 and "added 2" in out
    code, out, _ = run(
        capsys, "--data-dir", str(data), "ask", "How big was the Valmora road budget?", "--json", "--top-k", "3"
    )
    assert code == 0
    obj = json.loads(out)
    assert set(obj) == {"question", "answer", "refused", "mode", "citations"}
    assert obj["mode"] == "extractive" and obj["refused"] is False and "4.2 million" in obj["answer"]
    contract = {"n", "article_id", "chunk_id", "title", "outlet", "url", "published_at", "text", "quote", "score"}
    assert contract <= set(obj["citations"][0])  # extra keys (also_carried_by) are allowed
    code, out, _ = run(capsys, "stats", "--json", "--data-dir", str(data))
    stats = json.loads(out)
    assert {"articles", "chunks", "outlets", "earliest", "latest"} <= set(stats)
    assert stats["articles"] == 2 and stats["chunks"] >= 2
    assert stats["outlets"] == {"Science Daily": 1, "Wire": 1}
    assert stats["earliest"].startswith("2023-08-10") and stats["latest"].startswith("2024-05-01")


def test_ask_filters_on_the_command_line(env, capsys):
    data, news = env
    run(capsys, "ingest", str(news), "--data-dir", str(data))
    code, out, _ = run(capsys, "ask", "glacier budget", "--json", "--outlet", "wire", "--data-dir", str(data))
    assert {c["outlet"] for c in json.loads(out)["citations"]} <= {"Wire"}
    code, out, _ = run(capsys, "ask", "glacier", "--json", "--since", "2025-01-01", "--data-dir", str(data))
    obj = json.loads(out)
    assert obj["refused"] and obj["citations"] == []


def test_ask_as_of_sets_the_day_time_words_count_from(env, capsys):
    """Found using the CLI: "What happened last week?" can only mean the week before today, while the API,
    MCP tools and the eval take the day it is asked as of."""
    data, news = env
    run(capsys, "ingest", str(news), "--data-dir", str(data))
    code, out, _ = run(
        capsys, "ask", "What happened last week?", "--as-of", "2024-05-08", "--json", "--data-dir", str(data)
    )
    obj = json.loads(out)
    assert code == 0 and not obj["refused"] and "4.2 million" in obj["answer"]  # 29 April - 5 May 2024
    code, out, _ = run(capsys, "ask", "What happened last week?", "--json", "--data-dir", str(data))
    assert json.loads(out)["refused"]  # the week before today: nothing
    code, out, err = run(capsys, "ask", "x", "--as-of", "next week", "--data-dir", str(data))
    assert code == 1 and "YYYY-MM-DD" in err and "Traceback" not in err


def test_exit_codes_and_one_line_errors(env, capsys, tmp_path):
    data, news = env
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run(capsys, "ingest", str(tmp_path / "empty.txt"), "--data-dir", str(data))
    assert code == 1 and "empty file" in out and "nothing could be ingested" in err
    code, out, err = run(capsys, "ingest", str(tmp_path / "empty.txt"), str(news), "--data-dir", str(data))
    assert code == 0 and "skipped 1" in out  # partial success is success
    code, out, err = run(capsys, "ask", "x", "--since", "yesterday-ish", "--data-dir", str(data))
    assert code == 1 and err.strip().count("\n") == 0 and "YYYY-MM-DD" in err and "Traceback" not in err
    code, out, err = run(capsys, "ask", "   ", "--data-dir", str(data))
    assert code == 1 and "empty" in err


@pytest.mark.parametrize("top_k", ["0", "-5", "101"])
def test_ask_top_k_out_of_range_is_one_line_error(env, capsys, top_k):
    data, _ = env
    code, out, err = run(capsys, "ask", "glacier", "--top-k", top_k, "--data-dir", str(data))
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith("newsrag: error: top_k") and err.strip().count("\n") == 0 and "1 to 100" in err


def test_ask_top_k_is_honoured(env, capsys):
    data, news = env
    run(capsys, "ingest", str(news), "--data-dir", str(data))
    code, out, _ = run(capsys, "ask", "glacier budget", "--json", "--top-k", "1", "--data-dir", str(data))
    assert code == 0 and len(json.loads(out)["citations"]) <= 1


def test_chat_with_a_bad_top_k_ends_before_the_first_question(env, capsys, monkeypatch):
    import io

    data, _ = env
    monkeypatch.setattr("sys.stdin", io.StringIO("What did the council approve?\n"))
    code, out, err = run(capsys, "chat", "--top-k", "0", "--data-dir", str(data))
    assert code == 1 and out == "" and "top_k" in err and "Traceback" not in err


def test_ingest_progress_bar_shows_the_counts(capsys):
    from rag.models import IngestProgress
    from rag.progress import ingest_bar

    with ingest_bar(True) as update:
        update(IngestProgress("a.jsonl", 1, 2, items=3, added=2, skipped=1))
        update(IngestProgress("b.jsonl", 2, 2, items=7, added=5, skipped=1))
    err = capsys.readouterr().err
    assert "7" in err and "2/2 added 5, updated 0, skipped 1" in err
    with ingest_bar(False) as update:
        assert update is None


def test_upgrade_command_on_a_current_index_changes_nothing(env, capsys):
    data, news = env
    run(capsys, "ingest", str(news), "--data-dir", str(data))
    code, out, _ = run(capsys, "upgrade", "--data-dir", str(data))
    assert code == 0 and "nothing to upgrade" in out


def test_no_traceback_from_the_real_entry_point(env):
    data, _ = env
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ask", "q", "--until", "2020-13-45", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and proc.stderr.startswith("newsrag: error:")


def test_help_is_fast_and_lazy():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from rag.cli import main; main(['--help'])\n"
            "assert not any(m in sys.modules for m in ('torch', 'chromadb', 'gradio', 'llama_index')), 'heavy import'",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ingest" in proc.stdout and "ask" in proc.stdout
