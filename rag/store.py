"""The vector store: Chroma, embedded (PersistentClient) or a server (HttpClient).

Why chromadb directly and not llama-index's ChromaVectorStore: its `add` calls
`collection.add`, which silently keeps the old vector when an id exists, so
re-ingesting an updated article would keep stale chunks; and it serializes the
whole node into metadata (`_node_content`), doubling what we store. We write with
`collection.upsert` keyed by our stable chunk ids and read raw metadata back.
llama-index is used for chunking (SentenceSplitter) and for the eval baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import IndexMismatchError, StoreError


@dataclass
class StoredHit:
    id: str
    document: str
    metadata: dict[str, Any]
    similarity: float


class VectorStore(Protocol):
    def upsert(
        self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str], metadatas: Sequence[dict[str, Any]]
    ) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[StoredHit]: ...

    def get(self, ids: Sequence[str], query: np.ndarray | None = None) -> list[StoredHit]: ...

    def count(self) -> int: ...

    def all_ids(self) -> list[str]: ...


class ChromaStore:
    """A Chroma collection in cosine space that records the embedder that built it."""

    def __init__(
        self,
        *,
        embedder_name: str,
        dim: int,
        path: Path | None = None,
        url: str | None = None,
        token: str | None = None,
        collection: str = "newsrag",
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if url:
                from urllib.parse import urlparse

                parsed = urlparse(url)
                headers = {"Authorization": f"Bearer {token}"} if token else None
                self._client = chromadb.HttpClient(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    headers=headers,
                    settings=chroma_settings,
                )
                self.location = url
            else:
                assert path is not None
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
                self.location = str(path)
            self._collection = self._client.get_or_create_collection(
                collection,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": embedder_name, "dim": dim},
                embedding_function=None,
            )
        except Exception as exc:
            where = url or path
            raise StoreError(f"could not open the Chroma index at {where}: {exc}") from None
        built_by = (self._collection.metadata or {}).get("embedder")
        if built_by and built_by != embedder_name:
            raise IndexMismatchError(
                f"the index at {self.location} was built with embedder {built_by!r} but {embedder_name!r} is "
                "configured; use the same NEWSRAG_EMBED_MODEL or another --data-dir / collection"
            )
        self._max_batch = max(1, min(1000, self._client.get_max_batch_size()))

    def upsert(
        self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str], metadatas: Sequence[dict[str, Any]]
    ) -> None:
        for start in range(0, len(ids), self._max_batch):
            end = start + self._max_batch
            try:
                self._collection.upsert(
                    ids=list(ids[start:end]),
                    embeddings=embeddings[start:end],
                    documents=list(documents[start:end]),
                    metadatas=[_clean_meta(m) for m in metadatas[start:end]],
                )
            except Exception as exc:
                raise StoreError(f"writing to the Chroma index at {self.location} failed: {exc}") from None

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self._max_batch):
            self._collection.delete(ids=ids[start : start + self._max_batch])

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[StoredHit]:
        try:
            res = self._collection.query(
                query_embeddings=[np.asarray(embedding, dtype=np.float32)],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:
            raise StoreError(f"querying the Chroma index at {self.location} failed: {exc}") from None
        ids = res["ids"][0]
        return [
            StoredHit(id=i, document=d or "", metadata=dict(m or {}), similarity=1.0 - float(dist))
            for i, d, m, dist in zip(ids, res["documents"][0], res["metadatas"][0], res["distances"][0])
        ]

    def get(self, ids: Sequence[str], query: np.ndarray | None = None) -> list[StoredHit]:
        """The chunks with these ids; with `query`, their cosine similarity to it."""
        include = ["documents", "metadatas"] + (["embeddings"] if query is not None else [])
        try:
            res = self._collection.get(ids=list(ids), include=include)
        except Exception as exc:
            raise StoreError(f"reading the Chroma index at {self.location} failed: {exc}") from None
        sims = [0.0] * len(res["ids"])
        if query is not None and len(res["ids"]):
            sims = (np.asarray(res["embeddings"], dtype=np.float32) @ np.asarray(query, dtype=np.float32)).tolist()
        return [
            StoredHit(id=i, document=d or "", metadata=dict(m or {}), similarity=float(sim))
            for i, d, m, sim in zip(res["ids"], res["documents"], res["metadatas"], sims)
        ]

    def count(self) -> int:
        return int(self._collection.count())

    def all_ids(self) -> list[str]:
        out: list[str] = []
        offset = 0
        while True:
            page = self._collection.get(include=[], limit=5000, offset=offset)["ids"]
            out.extend(page)
            if len(page) < 5000:
                return out
            offset += len(page)


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma takes str/int/float/bool values only, never None."""
    out = {}
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        out[key] = value
    return out
