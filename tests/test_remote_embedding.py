"""The OpenAI-compatible embeddings backend, against a tiny local /v1/embeddings server."""

from __future__ import annotations

import http.server
import json
import threading

import numpy as np
import pytest

from rag.embedding import HashEmbedder
from rag.errors import ConfigError, EmbedderError, IndexMismatchError
from rag.remote_embedding import OpenAIEmbedder

from .chroma_server import free_port
from .conftest import DEMO_QUESTION, SAMPLE

pytestmark = pytest.mark.network

MODEL = "test-embed"
KEY = "k-123"
SERVER_DIM = 48


def server_vectors(texts: list[str]) -> np.ndarray:
    """What the fake server returns: hashed bags of words, scaled so they are not unit length."""
    return HashEmbedder(dim=SERVER_DIM).embed(texts) * 3.0


class EmbeddingsServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/v1"
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    return self._send(401, {"error": {"message": "bad key", "type": "invalid_request_error"}})
                if self.path != "/v1/embeddings" or body.get("model") != MODEL:
                    return self._send(404, {"error": {"message": "no such model", "type": "invalid_request_error"}})
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                vecs = server_vectors(texts)
                data = [{"object": "embedding", "index": i, "embedding": v.tolist()} for i, v in enumerate(vecs)]
                data.reverse()  # servers may answer out of order; the index field says which is which
                self._send(
                    200,
                    {"object": "list", "model": MODEL, "data": data, "usage": {"prompt_tokens": 1, "total_tokens": 1}},
                )

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EmbeddingsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server():
    with EmbeddingsServer() as srv:
        yield srv


def test_vectors_come_back_normalized_in_order_and_batched(server):
    emb = OpenAIEmbedder(model=MODEL, base_url=server.base, api_key=KEY, batch_size=3)
    texts = [
        f"story number {i} about the {w}" for i, w in enumerate(["dam", "fed", "cup", "moon", "chip", "vote", "rain"])
    ]
    vecs = emb.embed(texts)
    want = server_vectors(texts)
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    np.testing.assert_allclose(vecs, want, atol=1e-6)
    assert vecs.dtype == np.float32
    assert [len(r["input"]) for r in server.requests] == [3, 3, 1]
    assert {r["model"] for r in server.requests} == {MODEL}
    assert emb.dim == SERVER_DIM and emb.name == f"openai:{MODEL}"
    assert emb.count_tokens("The Fed raised rates.") > 0 and emb.max_tokens == 256


def test_newsrag_ingests_and_answers_through_the_server(server, tmp_path):
    from rag import NewsRAG

    settings = dict(
        embed_backend="openai",
        embed_api_base=server.base,
        embed_api_key=KEY,
        embed_api_model=MODEL,
        embed_api_batch_size=64,
        embed_api_max_tokens=128,
    )
    rag = NewsRAG(data_dir=tmp_path / "idx", **settings)
    report = rag.ingest([SAMPLE])
    assert report.added > 10
    assert all(len(r["input"]) <= 64 for r in server.requests)
    answer = rag.ask(DEMO_QUESTION)
    assert answer.citations and not answer.refused
    with pytest.raises(IndexMismatchError, match="openai:test-embed"):
        _ = NewsRAG(data_dir=tmp_path / "idx", embedder=HashEmbedder(dim=SERVER_DIM)).store


def test_server_errors_say_what_to_do(server):
    with pytest.raises(EmbedderError, match="NEWSRAG_EMBED_API_KEY"):
        OpenAIEmbedder(model=MODEL, base_url=server.base, api_key="wrong", max_retries=0).embed(["x"])
    with pytest.raises(EmbedderError, match="NEWSRAG_EMBED_API_MODEL"):
        OpenAIEmbedder(model="other", base_url=server.base, api_key=KEY, max_retries=0).embed(["x"])
    closed = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(EmbedderError, match="could not reach the embedding server"):
        OpenAIEmbedder(model=MODEL, base_url=closed, max_retries=0, timeout=5).embed(["x"])


def test_missing_settings_are_config_errors(tmp_path):
    from rag import NewsRAG

    with pytest.raises(ConfigError, match="NEWSRAG_EMBED_API_MODEL"):
        _ = NewsRAG(data_dir=tmp_path, embed_backend="openai", embed_api_base="http://127.0.0.1:1/v1").embedder
    with pytest.raises(ConfigError, match="NEWSRAG_EMBED_API_BASE"):
        _ = NewsRAG(data_dir=tmp_path, embed_backend="openai", embed_api_model=MODEL).embedder
