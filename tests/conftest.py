from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "ingest" / "sample" / "news.jsonl"
DEMO_QUESTION = "What did Russia propose at the UN?"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared/data is optional; this test needs it)")
    return path


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the user's real settings or writes the user's data dir."""
    for key in list(os.environ):
        if key.startswith("NEWSRAG_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NEWSRAG_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("NEWSRAG_EVAL_CACHE_DIR", str(tmp_path / "eval-cache"))


@pytest.fixture
def fake_rag(tmp_path):
    """NewsRAG with the deterministic hash embedder and a real embedded Chroma in a temp dir."""
    from rag import NewsRAG

    return NewsRAG(data_dir=tmp_path / "index", embed_model="hash")


@pytest.fixture(scope="session")
def minilm():
    from rag.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def sample_rag(tmp_path_factory, minilm):
    """The real MiniLM over the bundled sample news, built once per session."""
    from rag import NewsRAG

    rag = NewsRAG(data_dir=tmp_path_factory.mktemp("sample-index"), embedder=minilm)
    report = rag.ingest([SAMPLE])
    assert report.added > 10
    return rag


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def article(title: str, text: str, **extra) -> dict:
    return {"title": title, "text": text, **extra}


def passage_of(
    text: str, *, title: str = "", outlet: str | None = None, published: str | None = None, modified: str | None = None
):
    """A retrieved passage of `text` (its article's `title` and `outlet`, ISO times `published` and `modified`), for
    tests of what is read from one passage."""
    from datetime import datetime

    from rag.models import Passage

    def ts(when: str | None) -> int | None:
        return int(datetime.fromisoformat(when).timestamp()) if when else None

    return Passage(
        text=text,
        title=title,
        score=1.0,
        article_id="a",
        chunk_id="a:0",
        outlet=outlet,
        url=None,
        published_ts=ts(published),
        position=0,
        modified_ts=ts(modified),
    )


def indexed(tmp_path: Path, news: list[dict], embedder):
    """A NewsRAG over `news` (article records, written as tmp_path/news.jsonl) in tmp_path/index."""
    from rag import NewsRAG

    rag = NewsRAG(data_dir=tmp_path / "index", embedder=embedder)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    return rag


def indexed_files(tmp_path: Path, files: dict[str, str], embedder):
    """A NewsRAG in tmp_path/index over `files` (name -> text, written to tmp_path), ingested through the real
    readers as a user's files are; returns it and the ingest report."""
    from rag import NewsRAG

    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    rag = NewsRAG(data_dir=tmp_path / "index", embedder=embedder)
    return rag, rag.ingest(paths)


@pytest.fixture(scope="session")
def llm_server():
    """The local OpenAI-compatible LLM test server (tests/llm_server.py), one per session."""
    from .llm_server import LocalLLMServer, ServerUnavailable

    try:
        server = LocalLLMServer().start()
    except ServerUnavailable as exc:
        pytest.skip(f"the local LLM test server cannot run here: {exc}")
    yield server
    server.stop()
