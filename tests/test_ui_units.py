"""The UI's pieces without a server: secure defaults, the chat seam, the ingest tab's work."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.errors import ConfigError, IngestError
from rag.models import Answer
from rag.settings import Settings, load_settings
from ui import security
from ui.chat import TurnOptions, call_supported, llm_configured, new_session, stream_turn
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
class _Session:
    def __init__(self):
        self.calls = []
        self.reset_count = 0

    def stream(self, question, *, top_k=None, since=None, llm=None):  # no `outlets`, no `until`
        self.calls.append((question, top_k, since, llm))
        yield "par"
        yield "tial"
        yield Answer(question=question, text="final", citations=[], refused=True, mode="llm")

    def reset(self):
        self.reset_count += 1


class _ChatRAG:
    def __init__(self):
        self.sessions = []

    def chat(self):
        self.sessions.append(_Session())
        return self.sessions[-1]


def test_turns_go_through_the_session_with_only_the_options_it_accepts():
    rag = _ChatRAG()
    session = new_session(rag)
    parts = list(stream_turn(rag, session, "q?", TurnOptions(top_k=3, since="2025-01-01", outlets=["AP"], llm=False)))
    assert parts[:2] == ["par", "tial"] and isinstance(parts[-1], Answer)
    assert session.calls == [("q?", 3, "2025-01-01", False)]


def test_without_sessions_each_turn_is_a_plain_stream(fake_rag):
    fake_rag.ingest([SAMPLE])
    parts = list(stream_turn(fake_rag, None, "What did Russia propose at the UN?", TurnOptions(top_k=2)))
    assert all(isinstance(p, str) for p in parts[:-1]) and isinstance(parts[-1], Answer)
    assert 1 <= len(parts[-1].citations) <= 2


def test_call_supported_drops_none_and_unknown_keywords():
    def f(a, *, x=1):
        return (a, x)

    assert call_supported(f, 0, x=None, y=5) == (0, 1)
    assert call_supported(lambda a, **kw: kw, 0, x=2, y=None) == {"x": 2}


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
    def __init__(self, tmp):
        self.seen = []

    def ingest(self, sources):
        (src,) = sources
        self.seen.append(src)
        if src.endswith("bad.txt"):
            raise IngestError(f"nothing could be ingested from {src}")
        return _Report({"added": 1, "skipped": [{"source": f"{src}:3", "reason": f"line 3 of {src} is not JSON"}]})


def test_run_ingest_reports_original_names_only_and_deletes_uploads(tmp_path):
    root = tmp_path / "uploads"
    root.mkdir()
    good, bad = root / "news.jsonl", root / "bad.txt"
    good.write_text("{}\n")
    bad.write_text("x")
    report = MergedReport()
    sources = plan_sources([str(good), str(bad)], "", upload_root=root, max_mb=1, report=report)
    progress = []
    statuses = list(run_ingest(_RecordingRAG(tmp_path), sources, report, lambda f, d: progress.append(f)))
    assert statuses == ["Ingesting 1 of 2: news.jsonl", "Ingesting 2 of 2: bad.txt"]
    assert progress == [0.0, 0.5, 1.0]
    out = report.to_dict()
    assert out["added"] == 1
    assert str(tmp_path) not in repr(out)
    assert {"source": "news.jsonl:3", "reason": "line 3 of news.jsonl is not JSON"} in out["skipped"]
    assert {"source": "bad.txt", "reason": "nothing could be ingested from bad.txt"} in out["skipped"]
    assert not good.exists() and not bad.exists()


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
