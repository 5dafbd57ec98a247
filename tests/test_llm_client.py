"""OpenAIChatClient against a tiny scripted OpenAI-compatible HTTP server: completions,
streaming, model discovery, and every failure turned into one LLMError naming the server and the fix."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rag.errors import ConfigError, LLMError
from rag.llm.client import OpenAIChatClient

from .llm_server import free_port

pytestmark = pytest.mark.network

MESSAGES = [{"role": "user", "content": "What did Russia propose?"}]


class Script:
    def __init__(self) -> None:
        self.status = 200
        self.reply = "Russia proposed a ceasefire [1]."
        self.delay = 0.0
        self.cut_short = False  # the stream's body ends mid-answer (no finish_reason, no [DONE])
        self.requests: list[dict] = []


def make_handler(script: Script):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
                pass

        def do_GET(self):
            if self.path.endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "tiny-model", "object": "model", "owned_by": "me"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            script.requests.append({"body": body, "auth": self.headers.get("Authorization")})
            if script.delay:
                time.sleep(script.delay)
            if script.status != 200:
                self._json(script.status, {"error": {"message": f"scripted failure {script.status}", "type": "x"}})
                return
            base = {"id": "c1", "created": 0, "model": body["model"]}
            if not body.get("stream"):
                self._json(200, {**base, "object": "chat.completion", "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": script.reply}}
                ]})  # fmt: skip
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(script.reply), 4):
                chunk = {**base, "object": "chat.completion.chunk", "choices": [
                    {"index": 0, "finish_reason": None, "delta": {"content": script.reply[i : i + 4]}}
                ]}  # fmt: skip
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            if script.cut_short:
                return
            end = {
                **base,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "finish_reason": "stop", "delta": {}}],
            }
            self.wfile.write(f"data: {json.dumps(end)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


@pytest.fixture
def server():
    script = Script()
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), make_handler(script))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    yield script
    httpd.shutdown()
    httpd.server_close()


def client(url: str, **kw) -> OpenAIChatClient:
    args = {"api_key": None, "model": None, "timeout": 5.0, "retries": 0, **kw}
    return OpenAIChatClient(base_url=url, **args)


def test_complete_and_stream_with_the_servers_model(server):
    c = client(server.url)
    assert c.complete(MESSAGES, max_tokens=20, temperature=0.0) == server.reply
    pieces = list(c.stream(MESSAGES, max_tokens=20, temperature=0.0))
    assert len(pieces) > 3 and "".join(pieces) == server.reply
    assert [r["body"]["model"] for r in server.requests] == ["tiny-model", "tiny-model"]  # discovered via /models
    assert server.requests[1]["body"]["stream"] is True and server.requests[0]["body"]["max_tokens"] == 20
    assert server.requests[0]["auth"] == "Bearer no-key-needed"


def test_configured_model_and_key_are_sent(server):
    client(server.url, model="my-model", api_key="sk-test").complete(MESSAGES, max_tokens=5, temperature=0.0)
    assert server.requests[0]["body"]["model"] == "my-model" and server.requests[0]["auth"] == "Bearer sk-test"


@pytest.mark.parametrize(
    ("status", "fix", "attempts"),
    [
        (401, "set OPENAI_API_KEY to a valid key", 1),
        (404, "set NEWSRAG_LLM_MODEL", 1),
        (429, "raise NEWSRAG_LLM_RETRIES", 2),
        (500, "check the server's log", 2),
        (400, "lower NEWSRAG_TOP_K", 1),
    ],
)
def test_http_failures_name_the_server_and_the_fix_and_retry_only_when_safe(server, status, fix, attempts):
    server.status = status
    with pytest.raises(LLMError) as err:
        client(server.url, model="m", retries=1).complete(MESSAGES, max_tokens=5, temperature=0.0)
    assert server.url in str(err.value) and fix in str(err.value)
    assert len(server.requests) == attempts  # 429 and 5xx are retried once, the rest never


def test_a_stream_request_that_fails_is_an_llm_error_too(server):
    server.status = 401
    with pytest.raises(LLMError, match="rejected the API key"):
        list(client(server.url, model="m").stream(MESSAGES, max_tokens=5, temperature=0.0))


def test_timeout(server):
    server.delay = 2.0
    with pytest.raises(LLMError, match=r"did not answer within 0.5s.*NEWSRAG_LLM_TIMEOUT"):
        client(server.url, model="m", timeout=0.5).complete(MESSAGES, max_tokens=5, temperature=0.0)


def test_unreachable_server():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMError) as err:
        client(url, model="m").complete(MESSAGES, max_tokens=5, temperature=0.0)
    assert f"cannot reach the LLM server at {url}" in str(err.value) and "--no-llm" in str(err.value)


def test_openai_itself_needs_a_key():
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIChatClient(base_url=None, api_key=None, model="gpt-x", timeout=5, retries=0)


def test_a_stream_that_ends_mid_answer_is_an_llm_error(server):
    """A server that dies mid-answer over a connection-close body: the body just ends, with no
    finish_reason; that is a failure (the answerer falls back), not a complete answer."""
    server.cut_short = True
    with pytest.raises(LLMError, match="ended before the server said the answer was complete"):
        list(client(server.url).stream([{"role": "user", "content": "q"}], max_tokens=20, temperature=0))
