"""One contract for ChromaStore, run against the embedded PersistentClient and a real `chroma run` server.

The server is started once per session on 127.0.0.1 (tests/chroma_server.py) and stopped at
the end; each test uses its own collection. The hash embedder keeps these fast.
"""

from __future__ import annotations

import uuid
from datetime import UTC

import numpy as np
import pytest

from rag.errors import IndexMismatchError, StoreError
from rag.filters import Filters
from rag.store import ChromaStore

from .chroma_server import ChromaServer, ServerUnavailable, TokenProxy
from .conftest import DEMO_QUESTION, SAMPLE

DIM = 8
DAY = 86_400
T0 = 1_700_000_000  # 2023-11-14


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db")
    try:
        server.start()
    except ServerUnavailable as exc:
        if __import__("os").environ.get("CI"):
            raise
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture(params=["embedded", pytest.param("server", marks=pytest.mark.network)])
def mode(request):
    return request.param


@pytest.fixture
def open_store(mode, tmp_path, request):
    """open_store(embedder_name="hash:8", collection=None) -> a ChromaStore in this test's mode."""
    default_collection = f"c-{uuid.uuid4().hex[:12]}"
    server = request.getfixturevalue("chroma_server") if mode == "server" else None

    def _open(embedder_name: str = f"hash:{DIM}", collection: str | None = None) -> ChromaStore:
        where = {"url": server.url} if server else {"path": tmp_path / "chroma"}
        return ChromaStore(embedder_name=embedder_name, dim=DIM, collection=collection or default_collection, **where)

    return _open


def _vec(i: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[i % DIM] = 1.0
    v[(i + 1) % DIM] = 0.1 * (i // DIM + 1)
    return v / np.linalg.norm(v)


def _meta(i: int, outlet: str = "Reuters") -> dict:
    return {
        "article_id": f"a{i}",
        "position": 0,
        "published_ts": T0 + i * DAY,
        "outlet": outlet,
        "outlet_key": outlet.lower(),
        "authors": None,
        "title": f"title {i}",
    }


def _fill(store: ChromaStore, n: int, outlets=("Reuters", "AP News", "TASS")) -> list[str]:
    ids = [f"a{i}:0000" for i in range(n)]
    store.upsert(
        ids,
        np.stack([_vec(i) for i in range(n)]),
        [f"doc {i}" for i in range(n)],
        [_meta(i, outlets[i % len(outlets)]) for i in range(n)],
    )
    return ids


def test_upsert_is_idempotent_and_overwrites(open_store):
    store = open_store()
    ids = _fill(store, 6)
    _fill(store, 6)
    assert store.count() == 6
    # overwrite one chunk: new text, metadata and vector replace the old ones
    store.upsert([ids[2]], np.stack([_vec(5)]), ["doc 2, corrected"], [{**_meta(2), "title": "new title"}])
    assert store.count() == 6
    (hit,) = store.get([ids[2]])
    assert hit.document == "doc 2, corrected" and hit.metadata["title"] == "new title"
    top = store.query(_vec(5), 2)
    assert {h.id for h in top} == {ids[2], ids[5]}
    assert all(h.similarity == pytest.approx(1.0, abs=1e-5) for h in top)
    assert store.nearest(_vec(5), 2) == [h.id for h in top]  # the same ranking, ids only
    assert store.nearest(_vec(1), 6) == [h.id for h in store.query(_vec(1), 6)]
    assert "authors" not in hit.metadata  # None values are dropped, not stored


def test_delete_and_all_ids(open_store):
    store = open_store()
    ids = _fill(store, 7)
    store.delete(ids[:3] + ["never-existed:0000"])
    assert store.count() == 4
    assert sorted(store.all_ids()) == sorted(ids[3:])
    assert store.get(ids[:1]) == []


def test_where_filters_on_dates_and_outlets(open_store):
    store = open_store()
    _fill(store, 12)  # published T0 + i days, outlets cycle Reuters / AP News / TASS
    from datetime import datetime

    assert Filters().chroma_where() is None
    window = Filters(since=datetime.fromtimestamp(T0 + 3 * DAY, UTC), until=datetime.fromtimestamp(T0 + 6 * DAY, UTC))
    hits = store.query(_vec(0), 12, where=window.chroma_where())
    assert sorted(h.metadata["published_ts"] for h in hits) == [T0 + i * DAY for i in range(3, 7)]
    outlets = Filters.build(outlets=["ap news", "TASS"])
    hits = store.query(_vec(0), 12, where=outlets.chroma_where())
    assert len(hits) == 8 and {h.metadata["outlet"] for h in hits} == {"AP News", "TASS"}
    both = Filters(since=window.since, until=window.until, outlets=("TASS",))
    hits = store.query(_vec(0), 12, where=both.chroma_where())
    assert [h.metadata["article_id"] for h in hits] == ["a5"]
    assert store.nearest(_vec(0), 12, where=both.chroma_where()) == [h.id for h in hits]


def test_count_and_all_ids_page_past_one_read(open_store):
    store = open_store()
    n = 5_003  # all_ids reads 5000 ids a page
    ids = [f"x{i}" for i in range(n)]
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(n, DIM)).astype(np.float32)
    store.upsert(ids, vecs / np.linalg.norm(vecs, axis=1, keepdims=True), [""] * n, [{"position": i} for i in range(n)])
    assert store.count() == n
    assert sorted(store.all_ids()) == sorted(ids)


def test_index_refuses_another_embedder(open_store):
    store = open_store("st:all-MiniLM-L6-v2", collection="shared-name")
    _fill(store, 2)
    with pytest.raises(IndexMismatchError) as err:
        open_store("onnx-int8:all-MiniLM-L6-v2", collection="shared-name")
    msg = str(err.value)
    assert "'st:all-MiniLM-L6-v2'" in msg and "'onnx-int8:all-MiniLM-L6-v2'" in msg
    assert "NEWSRAG_EMBED_BACKEND" in msg and "NEWSRAG_COLLECTION" in msg
    assert open_store("st:all-MiniLM-L6-v2", collection="shared-name").count() == 2


def test_newsrag_end_to_end(mode, tmp_path, request):
    from rag import NewsRAG

    extra = {"chroma_url": request.getfixturevalue("chroma_server").url} if mode == "server" else {}
    rag = NewsRAG(data_dir=tmp_path / "app", embed_model="hash", collection=f"e2e-{uuid.uuid4().hex[:8]}", **extra)
    report = rag.ingest([SAMPLE])
    assert report.added > 10
    assert rag.store.count() == report.chunks_written
    answer = rag.ask(DEMO_QUESTION)
    assert answer.citations and not answer.refused
    stats = rag.stats()
    assert stats["articles"] == report.added and stats["chunks"] == report.chunks_written
    # a second process (a new NewsRAG on the same data dir and server) sees the same index
    again = NewsRAG(data_dir=tmp_path / "app", embed_model="hash", collection=rag.settings.collection, **extra)
    assert again.ingest([SAMPLE]).unchanged == report.added
    assert again.ask(DEMO_QUESTION).citations[0].chunk_id == answer.citations[0].chunk_id


# --- server mode only: unreachable server and token auth


@pytest.mark.network
def test_unreachable_server_says_what_to_do():
    from .chroma_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as err:
        ChromaStore(embedder_name="hash:8", dim=DIM, url=url)
    msg = str(err.value)
    assert url in msg and "chroma run" in msg and "NEWSRAG_CHROMA_URL" in msg


@pytest.mark.network
def test_server_that_went_away_is_a_store_error(tmp_path):
    server = ChromaServer(tmp_path / "db").start()
    try:
        store = ChromaStore(embedder_name="hash:8", dim=DIM, url=server.url)
        _fill(store, 2)
    finally:
        server.stop()
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        store.query(_vec(0), 2)


def test_bad_chroma_url_is_a_config_error():
    from rag.errors import ConfigError

    with pytest.raises(ConfigError, match="NEWSRAG_CHROMA_URL"):
        ChromaStore(embedder_name="hash:8", dim=DIM, url="localhost:8000")


@pytest.mark.network
@pytest.mark.parametrize("header", ["Authorization", "X-Chroma-Token"])
def test_token_auth_through_a_proxy(chroma_server, header, tmp_path):
    from rag import NewsRAG

    with TokenProxy(chroma_server.port, "s3cret", header=header) as proxy:
        with pytest.raises(StoreError) as err:
            ChromaStore(embedder_name="hash:8", dim=DIM, url=proxy.url, collection="auth-test")
        assert "NEWSRAG_CHROMA_TOKEN" in str(err.value) and proxy.seen_unauthorized
        with pytest.raises(StoreError, match="refused the credentials"):
            ChromaStore(
                embedder_name="hash:8",
                dim=DIM,
                url=proxy.url,
                token="wrong",
                token_header=header,
                collection="auth-test",
            )
        rag = NewsRAG(
            data_dir=tmp_path / "app",
            embed_model="hash",
            chroma_url=proxy.url,
            chroma_token="s3cret",
            chroma_token_header=header,
            collection=f"auth-{header.lower()}",
        )
        assert rag.ingest([SAMPLE]).added > 10
        assert rag.ask(DEMO_QUESTION).citations
