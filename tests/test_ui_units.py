"""The UI's pieces without a server: secure defaults, the chat seam, the ingest tab's work."""

from __future__ import annotations

import json
import os
import time

import pytest

from rag import NewsRAG
from rag.errors import ConfigError, IndexLockedError, QuestionError
from rag.models import Answer, IngestProgress
from rag.settings import Settings, load_settings
from ui import security
from ui.chat import llm_configured, stream_turn, turn_query
from ui.ingest import MergedReport, mb_to_bytes, plan_sources, run_ingest

from .conftest import SAMPLE, article, write_jsonl


# --- security
def test_data_dir_inside_a_served_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "uploads"))
    with pytest.raises(ConfigError, match="upload folder"):
        security.check_data_dir(tmp_path / "uploads" / "index")
    with pytest.raises(ConfigError, match="overlaps"):
        security.check_data_dir(tmp_path)  # the upload folder would lie inside the index
    assert security.check_data_dir(tmp_path / "index") == (tmp_path / "index").resolve()


def test_blocked_paths_hold_the_data_dir(tmp_path):
    s = load_settings(data_dir=tmp_path / "idx")
    assert security.blocked_paths(s) == [str((tmp_path / "idx").resolve())]


def test_login_needs_both_user_and_password(tmp_path):
    assert security.auth_pairs(load_settings()) is None
    assert security.auth_pairs(load_settings(ui_auth_user="ann", ui_auth_password="pw")) == [("ann", "pw")]
    with pytest.raises(ConfigError, match="both"):
        security.auth_pairs(load_settings(ui_auth_user="ann"))
    assert security.exposed_without_login(load_settings(ui_host="0.0.0.0"))
    assert not security.exposed_without_login(load_settings())
    assert "pw" not in repr(load_settings(ui_auth_user="ann", ui_auth_password="pw"))


@pytest.mark.parametrize(
    "url", ["/etc/passwd", "file:///etc/passwd", "ftp://example.org/x", "example.org/feed", "http://"]
)
def test_only_http_urls_are_taken(url):
    assert security.url_refusal(url)


def test_http_urls_are_left_to_the_fetcher():
    assert security.url_refusal("https://example.org/feed.xml") is None


# --- chat seam
@pytest.fixture
def sample_rag(fake_rag):
    fake_rag.ingest([SAMPLE])
    return fake_rag


def _query(**options):
    defaults = dict(since=None, until=None, outlets=None, top_k=None, use_llm=True, llm_available=False)
    return turn_query("What did Russia propose at the UN?", **{**defaults, **options})


def test_turn_query_takes_the_form_values():
    q = _query(since=" 2025-01-01 ", until="", outlets=["AP", ""], top_k=3.0, use_llm=False, llm_available=True)
    assert (q.since, q.until, q.outlets, q.top_k, q.llm) == ("2025-01-01", None, ("AP",), 3, False)
    assert _query(top_k=0).top_k is None and _query(top_k="").top_k is None  # 0: the setting's default
    assert _query(use_llm=True, llm_available=False).llm is None  # no LLM configured: the settings decide
    assert _query(authors=[" Ana Ruiz ", ""]).authors == ("Ana Ruiz",) and _query(authors=[]).authors == ()


@pytest.mark.parametrize(
    "options,message",
    [({"top_k": -5}, "top_k"), ({"top_k": 2.5}, "whole number"), ({"since": "soon"}, "YYYY-MM-DD")],
)
def test_turn_query_refuses_unusable_options(options, message):
    with pytest.raises(QuestionError, match=message):
        _query(**options)


def test_turns_go_through_the_session_and_build_its_history(sample_rag):
    session = sample_rag.chat()
    stream = stream_turn(sample_rag, session, _query(top_k=2))
    pieces = list(stream)
    answer = stream.answer()
    assert pieces and all(isinstance(p, str) for p in pieces) and 1 <= len(answer.citations) <= 2
    assert [t.asked for t in session.history.turns] == ["What did Russia propose at the UN?"]


def test_without_a_session_each_turn_is_a_plain_stream(sample_rag):
    stream = stream_turn(sample_rag, None, _query(top_k=2))
    assert isinstance(stream.answer(), Answer) and stream.text() == stream.answer().text
    assert 1 <= len(stream.answer().citations) <= 2


def _app(rag):
    from ui.app import NewsRAGApp

    return NewsRAGApp(rag)


def _turn(app, message, history, session):
    *_, (history, _sources, session, _box) = app.respond(message, history, session, "", "", [], 3, False)
    return history, session


def test_an_empty_history_starts_a_new_session(sample_rag):
    app = _app(sample_rag)
    history, session = _turn(app, "What did Russia propose at the UN?", [], None)
    _, same = _turn(app, "What did China say about it?", history, session)
    assert same is session and len(session.history.turns) == 2
    history, fresh = _turn(app, "What did China say about it?", [], session)  # a client starting over
    assert fresh is not session and len(fresh.history.turns) == 1 and len(history) == 2
    assert fresh.history.turns[0].question == "What did China say about it?"  # not joined to the old question


def test_the_authors_box_lists_the_most_prolific_bylines_and_keeps_a_typed_name(fake_rag, monkeypatch):
    from ui.app import MAX_AUTHOR_CHOICES

    names = {f"Writer {i:05d}": 5000 - i for i in range(MAX_AUTHOR_CHOICES + 500)}
    monkeypatch.setattr(fake_rag, "authors", lambda: names)
    update = _app(fake_rag).author_choices(["Writer 01400", "Nobody Known"])
    assert update["choices"][:2] == ["Writer 00000", "Writer 00001"]
    assert len(update["choices"]) == MAX_AUTHOR_CHOICES + 2 and update["value"] == ["Writer 01400", "Nobody Known"]


def test_ask_endpoint_function_refuses_a_bad_top_k(fake_rag):
    import gradio as gr

    with pytest.raises(gr.Error, match="top_k"):
        _app(fake_rag).ask("What did Russia propose at the UN?", top_k=-1)


def test_llm_switch_follows_the_settings():
    assert not llm_configured(load_settings())
    assert llm_configured(load_settings(openai_base_url="http://127.0.0.1:9/v1"))
    assert llm_configured(load_settings(llm_model="gemma"))
    if "use_llm" in Settings.model_fields:  # the explicit switch wins
        assert not llm_configured(load_settings(llm_model="gemma", use_llm=False))


# --- ingest tab
def test_uploads_outside_the_upload_folder_or_too_large_are_refused(tmp_path):
    root = tmp_path / "uploads"
    (root / "h1").mkdir(parents=True)
    ok = write_jsonl(root / "h1" / "ok.jsonl", [article("T", "Some text here.")])
    big = root / "h1" / "big.txt"
    big.write_bytes(b"x" * (mb_to_bytes(0.01) + 1))
    outside = write_jsonl(tmp_path / "elsewhere.jsonl", [article("T", "x")])
    report = MergedReport()
    sources = plan_sources(
        [str(ok), {"path": str(big)}, str(outside), str(root / "h1" / "gone.txt")],
        "https://example.org/feed.xml\n/etc/passwd",
        upload_root=root,
        max_mb=0.01,
        report=report,
    )
    assert [s.name for s in sources] == ["ok.jsonl", "https://example.org/feed.xml"]
    reasons = {s["source"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"big.txt", "elsewhere.jsonl", "gone.txt", "/etc/passwd"}
    assert "0.01 MB" in reasons["big.txt"] and "not an uploaded file" in reasons["elsewhere.jsonl"]


class _Report:
    def __init__(self, d):
        self.d = d

    def to_dict(self):
        return self.d


class _RecordingRAG:
    """Stands in for the facade's ingest: records its one call and reports progress as it reads."""

    def __init__(self, fail=None):
        self.calls = []
        self.fail = fail

    def ingest(self, sources, *, progress=None):
        self.calls.append(list(sources))
        if self.fail:
            raise self.fail
        sources = [os.fspath(s) for s in sources]  # as the facade names them in events and reports
        for i, src in enumerate(sources, 1):
            progress(IngestProgress(src, i, len(sources), items=i, added=i))
            time.sleep(0.05)
        progress(IngestProgress(sources[-1], len(sources), len(sources), items=2, added=1, done=True))
        src = sources[0]
        return _Report({"added": 1, "skipped": [{"source": f"{src}:3", "reason": f"line 3 of {src} is not JSON"}]})


def _uploads(tmp_path):
    root = tmp_path / "uploads"
    root.mkdir()
    good, bad = root / "news.jsonl", root / "bad.txt"
    good.write_text("{}\n")
    bad.write_text("x")
    report = MergedReport()
    return report, plan_sources([str(good), str(bad)], "", upload_root=root, max_mb=1, report=report), (good, bad)


def test_run_ingest_makes_one_call_reports_original_names_only_and_deletes_uploads(tmp_path):
    report, sources, files = _uploads(tmp_path)
    rag, progress = _RecordingRAG(), []
    statuses = list(run_ingest(rag, sources, report, lambda f, d: progress.append(f), poll_seconds=0.01))
    assert rag.calls == [[s.ingested for s in sources]]  # one ingest for every source
    assert statuses[0] == "Ingesting 1 of 2: news.jsonl"
    assert any(s.startswith("Ingesting 2 of 2: bad.txt") for s in statuses)
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)
    out = report.to_dict()
    assert out["added"] == 1
    assert str(tmp_path) not in repr(out) and str(tmp_path) not in repr(statuses)
    assert {"source": "news.jsonl:3", "reason": "line 3 of news.jsonl is not JSON"} in out["skipped"]
    assert not any(f.exists() for f in files)


def test_run_ingest_failure_is_reported_per_source(tmp_path):
    report, sources, files = _uploads(tmp_path)
    rag = _RecordingRAG(fail=IndexLockedError(f"{sources[0].target} is locked by another ingest"))
    list(run_ingest(rag, sources, report, poll_seconds=0.01))
    skipped = report.to_dict()["skipped"]
    assert [s["source"] for s in skipped] == ["news.jsonl", "bad.txt"]
    assert skipped[0]["reason"] == "news.jsonl is locked by another ingest"
    assert not any(f.exists() for f in files)


def test_merged_report_of_real_ingests(tmp_path):
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash")
    root = tmp_path / "uploads"
    root.mkdir()
    f = write_jsonl(
        root / "a.jsonl",
        [article("Harbour bridge reopens", "The harbour bridge reopened on Monday.", url="https://example.org/a")],
    )
    report = MergedReport()
    list(run_ingest(rag, plan_sources([str(f)], "", upload_root=root, max_mb=1, report=report), report))
    assert report.to_dict()["added"] == 1 and rag.stats()["articles"] == 1


def test_the_ingest_tab_reports_warnings_too(fake_rag, tmp_path):
    """What the CLI's report says, the Ingest tab says: an upload read with an assumed encoding or with an
    unreadable date is added, and the report warns about it under the upload's own name."""
    from ui import render

    root = tmp_path / "uploads"
    (root / "h1").mkdir(parents=True)
    dump = root / "h1" / "dump.jsonl"
    dump.write_text(
        json.dumps({"title": "Library hours", "text": "The library opens later.", "date": "soonish"}) + "\n"
    )
    note = root / "h1" / "note.txt"
    note.write_bytes("Harbour fees\nThe harbour fee rises to 12 crowns, a \u201csmall\u201d rise.".encode("cp1252"))
    report = MergedReport()
    sources = plan_sources([str(dump), str(note)], "", upload_root=root, max_mb=1, report=report)
    list(run_ingest(fake_rag, sources, report))
    md = render.report_markdown(report.to_dict())
    assert md.startswith("**added 2**") and "2 warnings" in md.splitlines()[0]
    assert "- warning `dump.jsonl:1`: unreadable date date='soonish'" in md
    assert "- warning `note.txt`: not UTF-8" in md and str(root) not in md
