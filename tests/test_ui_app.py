"""The Gradio app on a free local port, driven over HTTP and with gradio_client (hash embedder, so no model load)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rag import NewsRAG
from rag.errors import ConfigError

from .conftest import DEMO_QUESTION, ROOT, SAMPLE, article, write_jsonl

pytestmark = pytest.mark.network


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app over the sample news (hash embedder), served from a thread for the whole module."""
    from ui.app import launch

    rag = NewsRAG(data_dir=tmp_path_factory.mktemp("ui-index"), embed_model="hash")
    rag.ingest([SAMPLE])
    demo, url = launch(rag, port=free_port(), block=False, quiet=True)
    yield rag, demo, url
    demo.close()


@pytest.fixture
def client(served):
    from gradio_client import Client

    return Client(served[2], verbose=False)


def _text(message) -> str:
    content = message["content"]
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def test_secure_defaults(served):
    rag, demo, url = served
    assert url.startswith("http://127.0.0.1:")
    assert demo.share is False
    assert demo._queue.max_size == rag.settings.ui_queue_size
    assert str(Path(rag.settings.data_dir).resolve()) in demo.blocked_paths
    assert demo.allowed_paths == []


def test_chat_endpoint_returns_a_cited_answer_through_gradio_client(client):
    history, sources, box = client.predict(DEMO_QUESTION, [], "", "", [], 3, True, api_name="/chat")
    assert box == ""
    assert [m["role"] for m in history] == ["user", "assistant"]
    reply = _text(history[-1])
    assert "[\\[1\\]](#newsrag-src-1)" in reply
    assert "id='newsrag-src-1'" in sources and "<mark>" in sources
    assert "answer: extractive" in sources and "searched 25 articles" in sources


def test_ask_endpoint_returns_the_json_contract(client):
    out = client.predict(DEMO_QUESTION, "", "", [], 2, True, api_name="/ask")
    assert set(out) >= {"question", "answer", "refused", "mode", "citations"}
    assert not out["refused"] and 1 <= len(out["citations"]) <= 2
    assert all(f"[{c['n']}]" in out["answer"] for c in out["citations"])
    assert all(c["url"].startswith("https://") for c in out["citations"])


def test_filters_reach_the_search_and_a_refusal_says_what_was_searched(client):
    out = client.predict(DEMO_QUESTION, "2030-01-01", "", [], 3, True, api_name="/ask")
    assert out["refused"] and out["citations"] == [] and "2030-01-01" in out["answer"]
    out = client.predict(DEMO_QUESTION, "", "", ["ESPN"], 3, True, api_name="/ask")
    assert all(c["outlet"] == "ESPN" for c in out["citations"])


def test_the_author_option_searches_those_bylines_only(client):
    """The last, optional argument of /ask and /chat: byline names (any case); one no byline holds is refused."""
    out = client.predict("Who won the Super Bowl?", "", "", [], 3, True, ["the associated press"], api_name="/ask")
    assert out["citations"] and all(c["authors"] == ["The Associated Press"] for c in out["citations"])
    out = client.predict(DEMO_QUESTION, "", "", [], 3, True, ["Nobody Known"], api_name="/ask")
    assert out["refused"] and out["citations"] == [] and "Nobody Known" in out["answer"]
    history, sources, _ = client.predict(
        "Who won the Super Bowl?", [], "", "", [], 3, True, ["Reuters Staff"], api_name="/chat"
    )
    assert "Eagles" not in _text(history[-1]) and "Reuters" in sources and "AP<" not in sources


def test_bad_input_is_an_error_message_not_a_crash(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="not a date"):
        client.predict(DEMO_QUESTION, "2020-13-45", "", [], 3, True, api_name="/ask")
    with pytest.raises(AppError, match="empty"):
        client.predict("   ", [], "", "", [], 3, True, api_name="/chat")


def test_history_is_per_session(served):
    from gradio_client import Client

    url = served[2]
    a, b = Client(url, verbose=False), Client(url, verbose=False)
    h_a, _, _ = a.predict("Who won the Super Bowl?", [], "", "", [], 3, True, api_name="/chat")
    h_a, _, _ = a.predict("What did Russia propose at the UN?", h_a, "", "", [], 3, True, api_name="/chat")
    h_b, _, _ = b.predict("What did the Fed decide?", [], "", "", [], 3, True, api_name="/chat")
    assert len(h_a) == 4 and len(h_b) == 2
    assert "Fed" in _text(h_b[0]) and all("Fed" not in _text(m) for m in h_a if m["role"] == "user")


class _SessionRAG(NewsRAG):
    """A facade with multi-turn sessions: each records the questions it was asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions: list[_RecordingSession] = []

    def chat(self):
        self.sessions.append(_RecordingSession(self))
        return self.sessions[-1]


class _RecordingSession:
    def __init__(self, rag):
        self.rag, self.questions = rag, []

    def stream(self, query):
        self.questions.append(query.question)
        return self.rag.stream(query)

    def reset(self):
        self.questions.append("(reset)")


def test_each_browser_session_gets_its_own_chat_session(tmp_path):
    from gradio_client import Client

    from ui.app import launch

    rag = _SessionRAG(data_dir=tmp_path / "idx", embed_model="hash")
    rag.ingest([SAMPLE])
    demo, url = launch(rag, port=free_port(), block=False, quiet=True)
    try:
        a, b = Client(url, verbose=False), Client(url, verbose=False)
        h, _, _ = a.predict("What did Russia propose at the UN?", [], "", "", [], 3, True, api_name="/chat")
        a.predict("What did China say about it?", h, "", "", [], 3, True, api_name="/chat")
        b.predict("Who won the Super Bowl?", [], "", "", [], 3, True, api_name="/chat")
        # the same client starting over with an empty history: a new conversation, not a follow-up
        h, _, _ = a.predict("What did the Fed decide?", [], "", "", [], 3, True, api_name="/chat")
    finally:
        demo.close()
    assert len(h) == 2
    assert sorted(len(s.questions) for s in rag.sessions) == [1, 1, 2]
    assert [s.questions for s in rag.sessions if len(s.questions) == 2] == [
        ["What did Russia propose at the UN?", "What did China say about it?"]
    ]
    assert sorted(s.questions[0] for s in rag.sessions if len(s.questions) == 1) == [
        "What did the Fed decide?",
        "Who won the Super Bowl?",
    ]


def test_data_dir_files_are_refused_by_the_file_route(served, tmp_path):
    rag, demo, url = served
    data = Path(rag.settings.data_dir).resolve()
    targets = [p for p in data.rglob("*") if p.is_file()]
    assert targets, "the index should hold files"
    for target in targets[:5]:
        r = httpx.get(f"{url}gradio_api/file={target}")
        assert r.status_code == 403, (target, r.status_code)
    # control: the route itself works for a file Gradio created (an upload), so the refusal above is specific
    up = tmp_path / "note.txt"
    up.write_text("hello")
    with up.open("rb") as fh:
        r = httpx.post(f"{url}gradio_api/upload", files={"files": ("note.txt", fh, "text/plain")})
    served_path = r.json()[0]
    assert httpx.get(f"{url}gradio_api/file={served_path}").status_code == 200
    # and the block list wins even over a folder that were explicitly allowed
    from gradio.utils import is_allowed_file

    assert is_allowed_file(targets[0], demo.blocked_paths, [str(data.parent)], []) == (False, "in_blocklist")


def test_ingest_tab_adds_uploaded_articles_to_the_live_index(served, client, tmp_path):
    from gradio_client import handle_file

    rag = served[0]
    path = write_jsonl(
        tmp_path / "harbour.jsonl",
        [
            article(
                "Zanzibar ferry line gets electric boats",
                "The Zanzibar ferry operator bought four electric catamarans for the Stone Town crossing.",
                url="https://example.org/zanzibar-ferry",
                outlet="Harbour Gazette",
                published_at="2025-03-01",
            ),
            {"title": "no text"},
        ],
    )
    report, files, outlets, stats = client.predict(
        [handle_file(str(path))], "file:///etc/passwd", [], api_name="/ingest"
    )
    assert "**added 1**" in report and "harbour.jsonl" in report and "only http" in report
    assert "/tmp" not in report and "gradio" not in report.lower()
    assert files is None or files == []
    assert "Harbour Gazette" in str(outlets) and "| articles | 26 |" in stats
    out = client.predict(
        "Which ferry operator bought electric catamarans?", "", "", ["Harbour Gazette"], 3, True, api_name="/ask"
    )
    assert out["citations"] and out["citations"][0]["title"] == "Zanzibar ferry line gets electric boats"
    assert rag.stats()["articles"] == 26


def test_llm_switch_reaches_the_answerer(tmp_path):
    """With an LLM configured (here a server that is down) the switch shows; off gives the extractive
    answer, on tries the LLM and shows the fallback's note in the chat."""
    from gradio_client import Client

    from ui.app import launch

    dead = f"http://127.0.0.1:{free_port()}/v1"
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", openai_base_url=dead, llm_model="m", llm_retries=0)
    rag.ingest([SAMPLE])
    demo, url = launch(rag, port=free_port(), block=False, quiet=True)
    try:
        switch = [
            c for c in demo.config["components"] if str(c.get("props", {}).get("label", "")).startswith("LLM answers")
        ]
        assert switch and switch[0]["props"]["visible"] is True
        client = Client(url, verbose=False)
        off = client.predict(DEMO_QUESTION, "", "", [], 3, False, api_name="/ask")
        assert off["mode"] == "extractive" and off["citations"]
        history, sources, _ = client.predict(DEMO_QUESTION, [], "", "", [], 3, True, api_name="/chat")
        reply = _text(history[-1])
        assert (
            "127.0.0.1" in reply and "id='newsrag-src-1'" in sources
        )  # the note names the server; sources still shown
    finally:
        demo.close()


def test_login_is_required_when_configured(tmp_path):
    from gradio_client import Client

    from ui.app import launch

    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", ui_auth_user="ann", ui_auth_password="s3cret")
    demo, url = launch(rag, port=free_port(), block=False, quiet=True)
    try:
        assert httpx.get(f"{url}config").status_code == 401
        assert httpx.post(f"{url}login", data={"username": "ann", "password": "wrong"}).status_code == 400
        out = Client(url, auth=("ann", "s3cret"), verbose=False).predict("anything?", api_name="/ask")
        assert out["refused"] and "empty" in out["answer"]
    finally:
        demo.close()


def test_launch_refuses_an_index_inside_gradios_upload_folder(tmp_path, monkeypatch):
    from ui.app import launch

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    rag = NewsRAG(data_dir=tmp_path / "gradio" / "idx", embed_model="hash")
    with pytest.raises(ConfigError, match="NEWSRAG_DATA_DIR"):
        launch(rag, port=free_port(), block=False, quiet=True)


def test_serve_command_opens_the_chat_with_the_sample_news(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "NEWSRAG_EMBED_MODEL": "hash",
        "NEWSRAG_DATA_DIR": str(tmp_path / "idx"),
        "NEWSRAG_UI_PORT": str(port),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("newsrag serve did not answer in time")
        from gradio_client import Client

        out = Client(url, verbose=False).predict(DEMO_QUESTION, api_name="/ask")
        assert not out["refused"] and out["citations"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Sample news: added 25" in err and f"http://127.0.0.1:{port}" in err


def test_the_examples_are_questions_the_index_answers(tmp_path):
    """Found serving a week of local news: the chat offered "What did Russia propose at the UN?" (the sample's
    question) as its example and placeholder over an index without the sample. The examples are now the
    index's own (`NewsRAG.example_questions`): the demo question only when the sample's article is indexed."""
    import json

    from ui.app import build_app

    empty = NewsRAG(data_dir=tmp_path / "empty", embed_model="hash")
    assert empty.example_questions() == []
    assert "add some in the Ingest tab" in json.dumps(build_app(empty).config, default=str)

    own = NewsRAG(data_dir=tmp_path / "own", embed_model="hash")
    news = article(
        "Tolvik FC sign striker Omar Haddad", "Tolvik FC have signed striker Omar Haddad.", url="https://t.example/a"
    )
    own.ingest([write_jsonl(tmp_path / "news.jsonl", [news])])
    assert own.example_questions() == ["What is the latest news?"]
    config = json.dumps(build_app(own).config, default=str)
    assert "What is the latest news?" in config and DEMO_QUESTION not in config

    sample = NewsRAG(data_dir=tmp_path / "sample", embed_model="hash")
    sample.ingest([SAMPLE])
    assert sample.example_questions() == [DEMO_QUESTION, "What is the latest news?"]
    assert DEMO_QUESTION in json.dumps(build_app(sample).config, default=str)
