"""`newsrag serve` as a service: the real server as a subprocess on 127.0.0.1, driven by httpx and by
the `openai` package (REST /api/v1, OpenAI-compatible /v1, the bearer token, the limits, bad input,
an LLM that dies mid-stream, a client that walks away, two servers on one index)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ui.openai_compat import Message, history_of

from .conftest import DEMO_QUESTION, ROOT, article, write_jsonl

pytestmark = pytest.mark.network

TOKEN = "s3cret-token"
START_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_") and not k.startswith("OPENAI_")}
    env.update(
        PYTHONPATH=str(ROOT),
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        NEWSRAG_EMBED_MODEL="hash",
        NEWSRAG_EVAL_CACHE_DIR=os.environ.get("NEWSRAG_EVAL_CACHE_DIR", "/tmp/newsrag-eval-cache"),
    )
    env.update(extra)
    return env


class Server:
    """`python -m rag.cli serve` on a free local port, until stopped."""

    def __init__(self, data_dir: Path, *args: str, token: str | None = TOKEN, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = token
        self.data_dir = data_dir
        self.log = data_dir.parent / f"serve-{self.port}.log"
        extra = {"NEWSRAG_API_TOKEN": token} if token else {}
        self.env = server_env(**extra, **env)
        self.args = args
        self.proc: subprocess.Popen | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def start(self) -> Server:
        cmd = [sys.executable, "-m", "rag.cli", "serve", "--data-dir", str(self.data_dir), "--port", str(self.port)]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [*cmd, *self.args], env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/api/v1/stats", headers=self.headers, timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise AssertionError(
            f"the server did not answer within {START_TIMEOUT_S:.0f} s: {self.log.read_text()[-2000:]}"
        )

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)
        self.proc = None

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers, timeout=60, **kw)

    def openai(self, **kw):
        import openai

        options = {"api_key": self.token or "none", "max_retries": 0, **kw}
        return openai.OpenAI(base_url=self.url + "/v1", **options)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample news (hash embedder), with a token."""
    server = Server(tmp_path_factory.mktemp("api-index"), "--sample").start()
    yield server
    server.stop()


def newsrag_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args, "--data-dir", str(data_dir)],
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def without_timings(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "timings_ms"}


# --- REST


def test_ask_matches_newsrag_ask_json(served):
    with served.client() as c:
        api = c.post("/api/v1/ask", json={"question": DEMO_QUESTION, "top_k": 3})
    assert api.status_code == 200, api.text
    cli = newsrag_cli(served.data_dir, "ask", "--json", "--top-k", "3", DEMO_QUESTION)
    assert cli.returncode == 0, cli.stderr
    assert without_timings(api.json()) == without_timings(json.loads(cli.stdout))
    # the sentence that answers (the draft resolution) is quoted from the Reuters passage
    assert [c["outlet"] for c in api.json()["citations"] if "draft resolution" in c["quote"]] == ["Reuters"]


def test_search_returns_ranked_passages_without_an_answer(served):
    with served.client() as c:
        r = c.post("/api/v1/search", json={"question": DEMO_QUESTION, "top_k": 4, "outlets": ["Reuters"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert "answer" not in out and out["filters"]["outlets"] == ["Reuters"]
    with served.client() as c:  # an author filter that matches no byline: nothing, never unfiltered passages
        r = c.post("/api/v1/search", json={"question": DEMO_QUESTION, "authors": ["Nobody Atall"]})
    assert r.status_code == 200, r.text
    assert r.json()["passages"] == [] and r.json()["filters"]["authors"] == ["Nobody Atall"]
    passages = out["passages"]
    assert 1 <= len(passages) <= 4 and [p["n"] for p in passages] == list(range(1, len(passages) + 1))
    assert all(p["outlet"] == "Reuters" and p["url"].startswith("https://") and p["text"] for p in passages)
    scores = [p["score"] for p in passages]
    assert all(isinstance(s, float) for s in scores)


def test_stats_match_newsrag_stats_json(served):
    with served.client() as c:
        api = c.get("/api/v1/stats").json()
    cli = newsrag_cli(served.data_dir, "stats", "--json")
    assert cli.returncode == 0, cli.stderr
    assert api == json.loads(cli.stdout) and api["articles"] == 25


def test_openapi_schema_docs_and_the_ui_share_the_server(served):
    with served.client() as c:
        schema = c.get("/openapi.json").json()
        assert {"/api/v1/ask", "/api/v1/search", "/api/v1/stats", "/api/v1/ingest", "/v1/chat/completions"} <= set(
            schema["paths"]
        )
        assert "swagger" in c.get("/docs").text.lower()
        ui = c.get("/", headers={"Authorization": ""})  # the UI has its own login (none here), not the token
        assert ui.status_code == 200 and "gradio" in ui.text.lower()


def test_ingest_uploads_and_urls(served, tmp_path):
    news = write_jsonl(
        tmp_path / "walrus.jsonl",
        [article("Walrus census on Svalbard", "Researchers counted 6,000 walruses on Svalbard this summer.",
                 outlet="Polar Post", url="https://polar.example.com/walrus", published_at="2026-08-01")],
    )  # fmt: skip
    with served.client() as c, news.open("rb") as fh:
        r = c.post(
            "/api/v1/ingest",
            files=[("files", ("walrus.jsonl", fh, "application/jsonl"))],
            data={"urls": "file:///etc/passwd"},
        )
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["added"] == 1
        assert report["skipped"] == [{"source": "file:///etc/passwd", "reason": report["skipped"][0]["reason"]}]
        assert "http" in report["skipped"][0]["reason"]
        assert str(tmp_path) not in r.text  # the server's upload paths are never shown
        answer = c.post("/api/v1/ask", json={"question": "How many walruses were counted on Svalbard?"}).json()
        assert answer["citations"][0]["outlet"] == "Polar Post"
        assert c.get("/api/v1/stats").json()["articles"] == 26
        # an edited file sent again replaces the article the first one held (no URL: placed by its name)
        for count, how in ((400, "added"), (450, "updated")):
            seal = f"Seal pups on Svalbard\n\nResearchers counted {count} seal pups on Svalbard this spring.\n"
            sent = c.post("/api/v1/ingest", files=[("files", ("seals.txt", seal.encode(), "text/plain"))])
            assert sent.status_code == 200 and sent.json()[how] == 1, sent.text
            assert sent.json()["skipped"] == [] and str(tmp_path) not in sent.text
        assert c.get("/api/v1/stats").json()["articles"] == 27
        nothing = c.post("/api/v1/ingest", json={"urls": []})
        assert nothing.status_code == 400 and "nothing to ingest" in nothing.json()["error"]["message"]


# --- OpenAI-compatible


def test_openai_client_gets_a_cited_answer_with_sources(served):
    client = served.openai()
    assert [m.id for m in client.models.list()] == ["newsrag"]  # no LLM configured: no extractive twin
    reply = client.chat.completions.create(model="newsrag", messages=[{"role": "user", "content": DEMO_QUESTION}])
    text = reply.choices[0].message.content
    assert "[1]" in text
    body, sources = text.split("\n\nSources:\n")
    assert "[1]" in body and sources.startswith("[1] ")
    # the hash embedder ranks the sample loosely: the Reuters article is among the sources, its number cited
    # (the real model puts it first: test_acceptance_with_the_real_model)
    reuters = next(c for c in reply.model_extra["citations"] if c["outlet"] == "Reuters")
    assert f"[{reuters['n']}]" in body and reuters["url"] in sources
    assert f"[{reuters['n']}] " in sources and "Reuters" in sources


def test_openai_client_streams_the_same_answer(served):
    client = served.openai()
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    plain = client.chat.completions.create(model="newsrag", messages=messages).choices[0].message.content
    chunks = list(client.chat.completions.create(model="newsrag", messages=messages, stream=True))
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == plain and "[1]" in text and "Reuters" in text.split("Sources:")[1]
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert "Reuters" in {c["outlet"] for c in chunks[-1].model_extra["citations"]}


def test_a_stream_asked_for_its_usage_ends_with_a_usage_chunk(served):
    """`stream_options.include_usage` (LangChain and the Vercel AI SDK ask for it) was accepted and ignored: no
    chunk carried `usage`. As OpenAI sends it: a last chunk with no choices and the usage, before [DONE]."""
    client = served.openai()
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    chunks = list(
        client.chat.completions.create(
            model="newsrag", messages=messages, stream=True, stream_options={"include_usage": True}
        )
    )
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == 0
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert all(ch.usage is None for ch in chunks[:-1])
    plain = list(client.chat.completions.create(model="newsrag", messages=messages, stream=True))
    assert all(ch.choices and ch.usage is None for ch in plain)


def test_parameters_that_ask_for_nothing_newsrag_lacks_are_accepted(served):
    """Clients send some parameters by default: `logit_bias={}`, `tools=[]`, `tool_choice="none"`, `logprobs=False`,
    `response_format={"type": "text"}`. Each was a 400 ("unsupported parameter(s)"); they ask for nothing."""
    client = served.openai()
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    reply = client.chat.completions.create(
        model="newsrag",
        messages=messages,
        logit_bias={},
        tools=[],
        tool_choice="none",
        parallel_tool_calls=False,
        logprobs=False,
        response_format={"type": "text"},
    )
    assert "[1]" in reply.choices[0].message.content


def test_earlier_turns_are_the_chat_history(served):
    """No LLM: the follow-up is searched together with the previous question (the ChatSession rule)."""
    client = served.openai()
    first = client.chat.completions.create(model="newsrag", messages=[{"role": "user", "content": DEMO_QUESTION}])
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": DEMO_QUESTION},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "Who co-sponsored it?"},
    ]
    reply = client.chat.completions.create(model="newsrag", messages=messages, extra_body={"top_k": 3})
    assert DEMO_QUESTION in reply.model_extra["newsrag"]["question"]
    assert any(c["outlet"] == "Reuters" for c in reply.model_extra["citations"])
    # a question that names nothing of its own but none of whose words the conversation holds stands alone
    messages[-1] = {"role": "user", "content": "Who is the new pope?"}
    reply = client.chat.completions.create(model="newsrag", messages=messages)
    assert reply.model_extra["newsrag"]["question"] == "Who is the new pope?"
    assert any("Pope" in c["title"] for c in reply.model_extra["citations"])


def test_the_answers_note_is_in_the_content_before_its_sources(served):
    """The note the web UI shows under an answer (what was searched instead of a misspelled word, why a question
    was refused) was only in the response's `newsrag` extra, which no chat client shows: a reader of Open WebUI
    never learned that "turnuot" was searched as "turnout". It ends the answer, before the sources, streamed
    alike, and is cut from the history a client sends back."""
    client = served.openai()
    messages = [{"role": "user", "content": "What was the turnuot in the German election?"}]
    reply = client.chat.completions.create(model="newsrag", messages=messages)
    text = reply.choices[0].message.content
    note = reply.model_extra["newsrag"]["note"]
    assert note and "turnout" in note
    body, rest = text.split("\n\nNote: ", 1)
    assert rest.startswith(note) and "\n\nSources:\n[1] " in rest and "Note:" not in body
    chunks = list(client.chat.completions.create(model="newsrag", messages=messages, stream=True))
    assert "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices) == text
    told = [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": "And the AfD?"}]
    sources = tuple(rest.split("\n\nSources:\n", 1)[1].splitlines())
    assert history_of([Message(**m) for m in told]) == [(messages[0]["content"], body, sources)]


def test_list_the_sources_after_an_answer_lists_what_it_quoted(served):
    """Session 44's gap: "list the sources" after an answer listed the index's outlets on the OpenAI endpoint, whose
    history carries no citations (the web UI and `newsrag chat` list the answer's own). The sources the answer listed
    in its content are what the client sends back, and they are listed."""
    client = served.openai()
    messages = [{"role": "user", "content": "Who won the Super Bowl?"}]
    text = client.chat.completions.create(model="newsrag", messages=messages).choices[0].message.content
    listed = text.split("\n\nSources:\n", 1)[1].splitlines()
    told = [*messages, {"role": "assistant", "content": text}, {"role": "user", "content": "list the sources"}]
    reply = client.chat.completions.create(model="newsrag", messages=told).choices[0].message.content
    assert reply.startswith(f"The last answer quoted {len(listed)} source")
    assert reply.splitlines()[1:] == listed and "Reuters" not in reply  # one a line, no period after the URL


# --- auth


def test_a_token_is_required_on_every_api_route(served):
    routes = [("GET", "/api/v1/stats"), ("POST", "/api/v1/ask"), ("GET", "/v1/models"), ("POST", "/mcp")]
    with httpx.Client(base_url=served.url, timeout=30) as c:
        for method, path in routes:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
                r = c.request(method, path, headers=headers, json={})
                assert r.status_code == 401, (method, path, headers, r.text)
                assert r.headers["www-authenticate"] == "Bearer" and r.json()["error"]["message"]
    import openai

    with pytest.raises(openai.AuthenticationError):
        served.openai(api_key="wrong").chat.completions.create(
            model="newsrag", messages=[{"role": "user", "content": DEMO_QUESTION}]
        )


def test_refuses_to_start_beyond_loopback_without_a_token(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "d"), "--no-sample"],
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEWSRAG_API_TOKEN" in lines[0] and "0.0.0.0" in lines[0]


def test_bind_rules():
    from rag.errors import ConfigError
    from rag.settings import load_settings
    from ui.auth import check_bind, refusal

    check_bind(load_settings())  # loopback: no token needed
    check_bind(load_settings(ui_host="0.0.0.0", api_token="t"))
    with pytest.raises(ConfigError):
        check_bind(load_settings(ui_host="0.0.0.0"))
    login = load_settings(ui_host="0.0.0.0", ui_auth_user="u", ui_auth_password="p")
    check_bind(login)  # the UI login lets the UI start ...
    assert refusal(login, None)[0] == 403  # ... but the API stays shut without a token
    assert refusal(load_settings(), None) is None
    assert refusal(load_settings(api_token="t"), "Bearer t") is None


# --- bad input: a clear 4xx in the route's own format, never a 500


REST_BAD = [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "JSON object"),
    (json.dumps({"question": 5}).encode(), "question"),
    (json.dumps({"question": "hi", "top_k": "3"}).encode(), "top_k"),
    (json.dumps({"question": "hi", "colour": "red"}).encode(), "unknown field"),
    (json.dumps({"question": "\x00\x01\x02\x1b\x7f"}).encode(), "empty"),
    (json.dumps({"question": "x" * 2001}).encode(), "api_max_question_chars"),
    (json.dumps({"question": "hi", "top_k": 21}).encode(), "api_max_top_k"),
    (json.dumps({"question": "hi", "top_k": 0}).encode(), "top_k"),
    (json.dumps({"question": "hi", "since": "last tuesday-ish"}).encode(), "YYYY-MM-DD"),
    (json.dumps({"question": "hi", "since": "2025-02-01", "until": "2025-01-01"}).encode(), "since"),
    (json.dumps({"question": "hi", "llm": True}).encode(), "no LLM is configured"),
]


@pytest.mark.parametrize(("body", "says"), REST_BAD)
def test_rest_bad_input_is_a_400_with_a_json_error(served, body, says):
    with served.client() as c:
        r = c.post("/api/v1/ask", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(error) == {"type", "message"} and says.lower() in error["message"].lower()


def test_huge_bodies_are_413_whatever_the_length_header_says(served):
    big = b'{"question": "' + b"x" * 26_000_000 + b'"}'
    with served.client() as c:
        declared = c.post("/api/v1/ask", content=big, headers={"Content-Type": "application/json"})
        assert declared.status_code == 413 and "api_max_body_bytes" in declared.json()["error"]["message"]

        def chunks():
            for _ in range(27):
                yield b"x" * 1_000_000

        streamed = c.post("/v1/chat/completions", content=chunks(), headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413 and streamed.json()["error"]["type"] == "request_too_large"


def test_unknown_routes_and_methods_answer_json(served):
    with served.client() as c:
        assert c.get("/api/v1/nothing-here").json()["error"]["type"] == "not_found"
        assert c.get("/v1/embeddings").status_code == 404


OPENAI_BAD = [
    ({"model": "gpt-4o"}, "model"),
    ({"n": 2}, "n"),
    ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tools"),
    ({"response_format": {"type": "json_object"}}, "response_format"),
    ({"messages": []}, None),
    ({"messages": [{"role": "assistant", "content": "hi"}]}, "messages"),
    ({"messages": [{"role": "user", "content": 42}]}, None),
    ({"messages": [{"role": "user", "content": "\x01\x02"}]}, None),
    ({"stream": "yes please"}, None),
]


@pytest.mark.parametrize(("change", "param"), OPENAI_BAD)
def test_openai_bad_input_is_a_400_openai_error(served, change, param):
    body = {"model": "newsrag", "messages": [{"role": "user", "content": DEMO_QUESTION}], **change}
    with served.client() as c:
        r = c.post("/v1/chat/completions", json=body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    if param:
        assert error["param"] == param


def test_the_openai_package_raises_bad_request_for_what_is_unsupported(served):
    import openai

    client = served.openai()
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    with pytest.raises(openai.BadRequestError, match="unknown model"):
        client.chat.completions.create(model="gpt-4o", messages=messages)
    with pytest.raises(openai.BadRequestError, match="n must be 1"):
        client.chat.completions.create(model="newsrag", messages=messages, n=2)
    with pytest.raises(openai.BadRequestError, match="response_format"):
        client.chat.completions.create(model="newsrag", messages=messages, response_format={"type": "json_object"})


# --- api_ingest=false


def test_ingest_can_be_switched_off(tmp_path):
    server = Server(tmp_path / "index", "--sample", token=None, NEWSRAG_API_INGEST="false").start()
    try:
        with server.client() as c:
            r = c.post("/api/v1/ingest", json={"urls": ["https://example.com/feed.xml"]})
            assert r.status_code == 403 and "api_ingest" in r.json()["error"]["message"]
            assert c.get("/api/v1/stats").json()["articles"] == 25  # no token configured: loopback is open
    finally:
        server.stop()


# --- an OpenAI-compatible LLM server that is slow, or dies mid-stream


class FakeLLM:
    """A scripted OpenAI-compatible server: streams `reply` in pieces every `delay` seconds; with
    `die_after` set, closes the connection after that many pieces (no [DONE])."""

    def __init__(self) -> None:
        self.reply = "At the UN Security Council, Russia put forward a draft resolution that demands an immediate and unconditional ceasefire [2]."  # [2]: the Reuters passage (hash ranking)
        self.delay = 0.0
        self.die_after: int | None = None
        self.cut_off = 0  # streams whose reader went away before the end
        script = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                base = {"id": "c1", "created": 0, "model": body.get("model", "fake")}
                if not body.get("stream"):  # the follow-up condensing call
                    data = json.dumps({**base, "object": "chat.completion", "choices": [
                        {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": script.reply}}
                    ]}).encode()  # fmt: skip
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = script.reply.split(" ")
                try:
                    for i, word in enumerate(words):
                        if script.die_after is not None and i >= script.die_after:
                            self.connection.shutdown(socket.SHUT_RDWR)
                            return
                        chunk = {**base, "object": "chat.completion.chunk", "choices": [
                            {"index": 0, "finish_reason": None, "delta": {"content": word + (" " if i < len(words) - 1 else "")}}
                        ]}  # fmt: skip
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(script.delay)
                    end = {**base, "object": "chat.completion.chunk", "choices": [
                        {"index": 0, "finish_reason": "stop", "delta": {}}
                    ]}  # fmt: skip
                    self.wfile.write(f"data: {json.dumps(end)}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):
                    script.cut_off += 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def llm():
    fake = FakeLLM()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def llm_served(tmp_path_factory, llm):
    """The sample news answered by the fake LLM; one request at a time per client."""
    server = Server(
        tmp_path_factory.mktemp("api-llm-index"),
        "--sample",
        OPENAI_BASE_URL=llm.url,
        OPENAI_API_KEY="fake-key",
        NEWSRAG_LLM_MODEL="fake",
        NEWSRAG_LLM_RETRIES="0",
        NEWSRAG_LLM_TIMEOUT="5",
        NEWSRAG_API_CONCURRENCY_PER_CLIENT="1",
    ).start()
    yield server
    server.stop()


@pytest.fixture
def script(llm):
    llm.delay, llm.die_after = 0.0, None
    yield llm
    llm.delay, llm.die_after = 0.0, None


def test_models_list_the_extractive_twin_when_an_llm_is_configured(llm_served, script):
    client = llm_served.openai()
    assert [m.id for m in client.models.list()] == ["newsrag", "newsrag-extractive"]
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    extractive = client.chat.completions.create(model="newsrag-extractive", messages=messages)
    assert extractive.model_extra["newsrag"]["mode"] == "extractive"
    streamed = "".join(
        ch.choices[0].delta.content or ""
        for ch in client.chat.completions.create(model="newsrag", messages=messages, stream=True)
        if ch.choices
    )
    assert streamed.startswith("At the UN Security Council, Russia put forward")


def test_an_llm_that_dies_mid_stream_ends_the_stream_with_an_error_event(llm_served, script):
    import openai

    client = llm_served.openai()
    messages = [{"role": "user", "content": DEMO_QUESTION}]
    script.die_after = 4
    received = []
    with pytest.raises(openai.APIError, match="LLM"):
        for ch in client.chat.completions.create(model="newsrag", messages=messages, stream=True):
            received.append(ch.choices[0].delta.content or "" if ch.choices else "")
    text = "".join(received)
    assert text.startswith("At the UN Security") and "Sources:" not in text  # no fallback glued to the half answer
    script.die_after = None
    reply = client.chat.completions.create(model="newsrag", messages=messages, stream=True)
    assert "".join(ch.choices[0].delta.content or "" for ch in reply if ch.choices).startswith(
        "At the UN Security Council"
    )


def test_per_client_concurrency_and_a_disconnect_frees_the_worker(llm_served, script):
    # 19 words at 1 s each: the answer is still streaming long after the client leaves, so the
    # LLM stream can only end early (cut_off) if newsrag drops it, however slow a loaded machine is
    script.delay = 1.0
    body = {"model": "newsrag", "stream": True, "messages": [{"role": "user", "content": DEMO_QUESTION}]}
    with llm_served.client() as c, c.stream("POST", "/v1/chat/completions", json=body) as first:
        assert first.status_code == 200
        lines = first.iter_lines()
        assert next(lines).startswith("data: ")  # the first chunk (the role): the request is running
        # and the LLM is streaming: a piece of text has come (a client leaving before the LLM is asked, as one did on
        # a loaded CI machine, rightly never starts it, and no cut could be seen)
        for line in lines:
            if line.startswith("data: {") and any(
                ch["delta"].get("content") for ch in json.loads(line[len("data: ") :])["choices"]
            ):
                break
        second = c.post("/v1/chat/completions", json={**body, "stream": False})
        assert second.status_code == 429 and "api_concurrency_per_client" in second.json()["error"]["message"]
        assert c.get("/api/v1/stats").status_code == 429  # REST and OpenAI routes share the client's limit
    # the first client went away mid-answer: its slot frees at the next piece, and the LLM stream is dropped
    deadline = time.monotonic() + 10
    with llm_served.client() as c:
        while True:
            r = c.get("/api/v1/stats")
            if r.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert r.status_code == 200
        assert time.monotonic() < deadline
    deadline = time.monotonic() + 30  # the LLM server sees the drop only at a write after it: slow when loaded
    while script.cut_off == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert script.cut_off >= 1


# --- keyword index freshness across processes (unit)


def test_a_reader_sees_another_connections_writes_at_its_next_search(tmp_path):
    from rag.filters import Filters
    from rag.keyword import KeywordIndex
    from rag.manifest import Manifest, ManifestRow

    writer_manifest = Manifest(tmp_path / "manifest.sqlite")
    writer_manifest.upsert([ManifestRow("a", "h", "t", "O", "o", None, 1, 1, None)], [("a:0", "a", 0, "harbour")])
    reader = KeywordIndex(Manifest(tmp_path / "manifest.sqlite"))
    assert [h.article_id for h in reader.search("harbour", 5, Filters.build(None, None, None))] == ["a"]
    writer_manifest.upsert([ManifestRow("b", "h", "t", "O", "o", None, 2, 1, None)], [("b:0", "b", 0, "flamingo")])
    assert [h.article_id for h in reader.search("flamingo", 5, Filters.build(None, None, None))] == ["b"]
    writer_manifest.delete(["a"])
    assert reader.search("harbour", 5, Filters.build(None, None, None)) == []


# --- two servers, one index (a real `chroma run` and one data dir)


@pytest.mark.slow
def test_two_servers_on_one_index_see_each_others_ingest(tmp_path):
    from .chroma_server import ChromaServer, ServerUnavailable

    try:
        chroma = ChromaServer(tmp_path / "chroma").start()
    except ServerUnavailable as exc:
        pytest.skip(str(exc))
    data = tmp_path / "shared-index"
    servers: list[Server] = []
    try:
        env = {"NEWSRAG_CHROMA_URL": chroma.url}
        servers.append(Server(data, "--sample", **env).start())
        # B ranks by keywords only, so its answers show that its BM25 index follows A's ingest
        servers.append(Server(data, "--no-sample", **env, NEWSRAG_RETRIEVAL_MODE="keyword").start())
        a, b = servers
        with b.client() as cb:
            before = cb.get("/api/v1/stats").json()
            assert before["articles"] == 25
            miss = cb.post("/api/v1/search", json={"question": "flamingo census Zanzibar"}).json()
            assert all("Flamingo" not in p["title"] for p in miss["passages"])
        news = write_jsonl(
            tmp_path / "flamingo.jsonl",
            [article("Flamingo census in Zanzibar", "Rangers on Zanzibar counted 4,100 flamingos in the census.",
                     outlet="Island Times", url="https://island.example.com/flamingo", published_at="2026-09-01")],
        )  # fmt: skip
        with a.client() as ca, news.open("rb") as fh:
            r = ca.post("/api/v1/ingest", files=[("files", ("flamingo.jsonl", fh, "application/jsonl"))])
            assert r.status_code == 200 and r.json()["added"] == 1, r.text
        with b.client() as cb:
            stats = cb.get("/api/v1/stats").json()
            assert stats["articles"] == 26 and stats["outlets"]["Island Times"] == 1
            hits = cb.post("/api/v1/search", json={"question": "flamingo census Zanzibar", "top_k": 3}).json()
            assert hits["passages"][0]["title"] == "Flamingo census in Zanzibar"
            answer = cb.post(
                "/api/v1/ask", json={"question": "How many flamingos did rangers count in the Zanzibar census?"}
            ).json()
            assert not answer["refused"], answer["answer"]
            assert answer["citations"][0]["outlet"] == "Island Times"
    finally:
        for server in servers:
            server.stop()
        chroma.stop()


# --- the acceptance question with the real embedding model


@pytest.mark.slow
def test_acceptance_with_the_real_model(tmp_path):
    server = Server(tmp_path / "index", "--sample", NEWSRAG_EMBED_MODEL="all-MiniLM-L6-v2").start()
    try:
        import openai

        client = openai.OpenAI(base_url=server.url + "/v1", api_key=TOKEN)
        messages = [{"role": "user", "content": DEMO_QUESTION}]
        text = client.chat.completions.create(model="newsrag", messages=messages).choices[0].message.content
        streamed = "".join(
            ch.choices[0].delta.content or ""
            for ch in client.chat.completions.create(model="newsrag", messages=messages, stream=True)
            if ch.choices
        )
        for answer in (text, streamed):
            body, sources = answer.split("\n\nSources:\n")
            assert "[1]" in body
            assert sources.startswith("[1] ") and "Reuters" in sources.splitlines()[0]
        with server.client() as c:
            api = c.post("/api/v1/ask", json={"question": DEMO_QUESTION}).json()
        assert "[1]" in api["answer"] and api["citations"][0]["outlet"] == "Reuters"
    finally:
        server.stop()


def test_the_web_ui_on_the_same_server_answers_gradio_client(served):
    from gradio_client import Client

    out = Client(served.url, verbose=False).predict(DEMO_QUESTION, "", "", [], 2, True, api_name="/ask")
    assert not out["refused"]
    assert [c["outlet"] for c in out["citations"] if "draft resolution" in c["quote"]] == ["Reuters"]


def test_requests_past_the_timeout_end_with_504_or_an_error_event(tmp_path, script):
    script.delay = 0.5  # 14 words: about 7 s, past the 2 s limit
    server = Server(
        tmp_path / "index",
        "--sample",
        OPENAI_BASE_URL=script.url,
        OPENAI_API_KEY="fake-key",
        NEWSRAG_LLM_MODEL="fake",
        NEWSRAG_LLM_RETRIES="0",
        NEWSRAG_API_TIMEOUT_S="2",
    ).start()
    try:
        body = {"model": "newsrag", "messages": [{"role": "user", "content": DEMO_QUESTION}]}
        with server.client() as c:
            r = c.post("/v1/chat/completions", json=body)
            assert r.status_code == 504 and r.json()["error"]["type"] == "timeout", r.text[:3000]
            lines = [ln for ln in c.post("/v1/chat/completions", json={**body, "stream": True}).text.splitlines() if ln]
            assert lines[-1] == "data: [DONE]"
            assert json.loads(lines[-2].removeprefix("data: "))["error"]["type"] == "timeout"
            script.delay = 0.0
            assert c.post("/api/v1/ask", json={"question": DEMO_QUESTION}).status_code == 200
    finally:
        server.stop()


def test_closing_an_answer_stream_closes_what_produces_it():
    from rag.stream import AnswerStream

    closed = []

    def parts():
        try:
            yield "one "
            yield "two"
        finally:
            closed.append(True)

    stream = AnswerStream(parts())
    assert next(iter(stream)) == "one "
    stream.close()
    assert closed == [True]


def test_the_mcp_app_is_mounted_behind_the_token_with_its_lifespan(tmp_path, monkeypatch):
    """The interface with ui/mcp_server.py: `mcp_asgi_app(rag) -> (app, lifespan)`, mounted at /mcp."""
    import contextlib

    from fastapi.testclient import TestClient
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    import ui.server
    from rag import NewsRAG

    events = []

    @contextlib.asynccontextmanager
    async def lifespan(app):
        events.append("start")
        yield
        events.append("stop")

    async def tools(request):
        return JSONResponse({"path": request.url.path})

    mcp = Starlette(routes=[Route("/", tools, methods=["GET", "POST"])])
    monkeypatch.setattr(ui.server, "mcp_asgi_app", lambda rag: (mcp, lifespan))
    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash", api_token=TOKEN)
    with TestClient(ui.server.build_server(rag, ui=False)) as c:
        assert events == ["start"]
        assert c.post("/mcp").status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post("/mcp", headers=auth).json() == c.post("/mcp/", headers=auth).json() == {"path": "/mcp/"}
    assert events == ["start", "stop"]
