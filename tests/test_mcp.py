"""The MCP tools over real transports, driven by the official MCP Python client: `newsrag mcp` over
stdio, and the streamable-HTTP app mounted at /mcp in a uvicorn server (as `newsrag serve` mounts it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp.client import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from .conftest import DEMO_QUESTION, ROOT, SAMPLE

TOOLS = {"search_news", "ask_news", "index_stats"}
START_TIMEOUT_S = 90.0


def _env() -> dict[str, str]:
    """What the server processes need: this checkout on the path, the fast hash embedder, no downloads."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "NEWSRAG_EMBED_MODEL": "hash", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """An index of the bundled sample, built with the real CLI (`newsrag ingest`)."""
    data = tmp_path_factory.mktemp("mcp-index")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")} | _env()
    proc = subprocess.run(
        [sys.executable, "-m", "rag.cli", "ingest", "--data-dir", str(data), "--no-progress", str(SAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return data


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


async def _stdio(data: Path, body: Callable[[ClientSession], Awaitable[None]]) -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "rag.cli", "mcp", "--data-dir", str(data)], env=_env(), cwd=ROOT
    )
    with anyio.fail_after(START_TIMEOUT_S):
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await body(session)


async def _check_tools_and_cited_answer(session: ClientSession) -> None:
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert set(tools) == TOOLS
    ask_schema = tools["ask_news"].input_schema["properties"]
    assert {"question", "top_k", "since", "until", "outlets", "authors", "as_of", "llm"} <= set(ask_schema)
    assert tools["ask_news"].output_schema is not None and "citations" in tools["ask_news"].output_schema["properties"]

    result = await session.call_tool("ask_news", {"question": DEMO_QUESTION})
    assert not result.is_error, _text(result)
    text = _text(result)
    assert "[1]" in text and "Sources:" in text
    answer = result.structured_content
    assert answer["refused"] is False and answer["mode"] == "extractive" and "[1]" in answer["text"]
    first = answer["citations"][0]
    assert first["n"] == 1 and first["url"] and first["quote"] in first["text"]
    assert "ceasefire" in answer["text"].lower()


def test_stdio_lists_the_tools_and_answers_with_citations(data_dir):
    async def body(session: ClientSession) -> None:
        await _check_tools_and_cited_answer(session)

        found = await session.call_tool(
            "search_news", {"query": "Russia UN Security Council resolution", "top_k": 3, "outlets": ["Reuters"]}
        )
        assert not found.is_error, _text(found)
        passages = found.structured_content["passages"]
        assert 1 <= len(passages) <= 3 and [p["n"] for p in passages] == list(range(1, len(passages) + 1))
        assert {p["outlet"] for p in passages} == {"Reuters"}
        assert passages[0]["title"] in _text(found)

        stats = await session.call_tool("index_stats", {})
        assert not stats.is_error, _text(stats)
        assert stats.structured_content["articles"] == 25 and stats.structured_content["outlets"]["Reuters"] == 4

        # a filter that matches nothing is an answer that says so, not an error
        nothing = await session.call_tool("ask_news", {"question": DEMO_QUESTION, "outlets": ["No Such Outlet"]})
        assert not nothing.is_error and nothing.structured_content["refused"] is True
        assert nothing.structured_content["citations"] == []

    anyio.run(_stdio, data_dir, body)


BAD_INPUT = [
    ({"question": DEMO_QUESTION, "top_k": 1000}, "top_k (passages to retrieve) must be from 1 to 100, got 1000"),
    ({"question": DEMO_QUESTION, "top_k": 0}, "must be from 1 to 100"),
    ({"question": "\x00\x07\x1b\x7f\u200b\n\t"}, "the question is empty"),
    ({"question": DEMO_QUESTION, "top_k": "many"}, "top_k"),
    ({"question": 42}, "question"),
    ({"question": DEMO_QUESTION, "outlets": 7}, "outlets"),
    ({"question": DEMO_QUESTION, "since": "last tuesday-ish"}, "YYYY-MM-DD"),
    ({"question": DEMO_QUESTION, "since": "2025-06-01", "until": "2025-01-01"}, "the date range is empty"),
    ({"question": DEMO_QUESTION, "llm": True}, "no LLM is configured"),
    ({}, "question"),
]


def test_stdio_bad_input_is_a_clear_tool_error_and_the_server_keeps_serving(data_dir):
    async def body(session: ClientSession) -> None:
        for arguments, message in BAD_INPUT:
            result = await session.call_tool("ask_news", arguments)
            assert result.is_error, arguments
            assert message in _text(result), (arguments, _text(result))
            assert "Traceback" not in _text(result)
        bad_search = await session.call_tool("search_news", {"query": "UN", "top_k": -5})
        assert bad_search.is_error and "top_k" in _text(bad_search)
        result = await session.call_tool("ask_news", {"question": DEMO_QUESTION})  # still serving
        assert not result.is_error and result.structured_content["citations"]

    anyio.run(_stdio, data_dir, body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def http_server(data_dir, tmp_path_factory) -> Iterator[str]:
    """`ui.mcp_server.serve_http` in a subprocess: a Starlette app that mounts `mcp_asgi_app(rag)` at
    /mcp and enters its lifespan, exactly as the parent HTTP app does. Yields the base URL."""
    port = _free_port()
    code = (
        "import sys; from rag import NewsRAG; from ui.mcp_server import serve_http; "
        "serve_http(NewsRAG(data_dir=sys.argv[1]), '127.0.0.1', int(sys.argv[2]))"
    )
    log_path = tmp_path_factory.mktemp("mcp-http") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSRAG_")} | _env()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, str(data_dir), str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the MCP HTTP server exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the MCP HTTP server did not start in {START_TIMEOUT_S}s:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


async def _http(url: str, body: Callable[[ClientSession], Awaitable[None]]) -> None:
    with anyio.fail_after(START_TIMEOUT_S):
        async with streamable_http_client(url) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await body(session)


@pytest.mark.network
@pytest.mark.parametrize("path", ["/mcp/", "/mcp"])
def test_http_mounted_app_lists_the_tools_and_answers_with_citations(http_server, path):
    """The endpoint is /mcp/; /mcp redirects there (307, same origin), which the client follows."""
    anyio.run(_http, http_server + path, _check_tools_and_cited_answer)


@pytest.mark.network
def test_http_bad_input_is_a_tool_error(http_server):
    async def body(session: ClientSession) -> None:
        result = await session.call_tool("ask_news", {"question": DEMO_QUESTION, "top_k": 101})
        assert result.is_error and "top_k (passages to retrieve) must be from 1 to 100" in _text(result)

    anyio.run(_http, http_server + "/mcp/", body)


@pytest.mark.network
def test_http_refuses_a_foreign_host_header(http_server):
    """Bound to loopback, the endpoint accepts only loopback Host headers (DNS-rebinding protection)."""
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}},
    }
    headers = {"Accept": "application/json, text/event-stream", "Host": "attacker.example"}
    response = httpx.post(http_server + "/mcp/", json=initialize, headers=headers, timeout=30)
    assert response.status_code in (400, 403, 421), response.text


@pytest.mark.network
def test_newsrag_serve_mounts_the_tools_at_mcp_behind_the_token(tmp_path: Path) -> None:
    """The real app of `newsrag serve`: the official client reaches the tools at /mcp/ with the bearer
    token; without it the endpoint answers 401."""
    import httpx2

    from .test_api_server import TOKEN, Server

    server = Server(tmp_path / "index", "--sample").start()
    try:
        assert httpx.post(server.url + "/mcp/", json={}).status_code == 401

        async def run() -> None:
            async with httpx2.AsyncClient(headers=server.headers, timeout=60) as client:
                with anyio.fail_after(START_TIMEOUT_S):
                    async with (
                        streamable_http_client(server.url + "/mcp/", http_client=client) as (read, write),
                        ClientSession(read, write) as session,
                    ):
                        await session.initialize()
                        await _check_tools_and_cited_answer(session)

        assert TOKEN in server.headers["Authorization"]
        anyio.run(run)
    finally:
        server.stop()
