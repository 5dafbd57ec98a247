"""The vector store: Chroma, embedded (PersistentClient) or a server (HttpClient).

Why chromadb directly and not llama-index's ChromaVectorStore: its `add` calls
`collection.add`, which silently keeps the old vector when an id exists, so
re-ingesting an updated article would keep stale chunks; and it serializes the
whole node into metadata (`_node_content`), doubling what we store. We write with
`collection.upsert` keyed by our stable chunk ids and read raw metadata back.
llama-index is used for chunking (SentenceSplitter) and for the eval baseline.

A read-only embedded index (a published, shared data directory): Chroma's
PersistentClient writes its sqlite file when it opens (even to only read), so it
cannot open a directory this process may not write. The store then opens a private
temporary copy of it, removed when the store is closed or the process exits, and
refuses writes (StoreError) rather than write to that copy.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .datadir import check_not_a_file, read_only_message, writable
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

    def set_metadata(self, ids: Sequence[str], values: dict[str, Any]) -> None:
        """Set `values` in the metadata of the chunks `ids`, leaving their other keys and their vectors."""
        ...

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[StoredHit]: ...

    def nearest(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[str]:
        """Ids of the k nearest chunks, best first, without their payload (cheaper than `query`)."""
        ...

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
        token_header: str = "Authorization",
        collection: str = "newsrag",
    ) -> None:
        import chromadb

        self.location = url or str(path)
        self.read_only = False
        client_args = http_client_args(url, token, token_header) if url else None
        if client_args is None:
            assert path is not None
            check_not_a_file(path.parent)  # the data directory
            if not _tree_writable(path):
                self.read_only = True
                path = self._private_copy(path)
        try:
            if client_args is not None:
                self._client = chromadb.HttpClient(**client_args)
            else:
                from chromadb.config import Settings as ChromaSettings

                assert path is not None
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
                )
            self._collection = self._client.get_or_create_collection(
                collection,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": embedder_name, "dim": dim},
                embedding_function=None,
            )
            max_batch = self._client.get_max_batch_size()
            self._path = path if client_args is None else None  # embedded only: what `reopen` reads again
            self._name = collection
        except Exception as exc:
            raise self._error("could not open the Chroma index", exc) from None
        built_by = (self._collection.metadata or {}).get("embedder")
        if built_by and built_by != embedder_name:
            raise IndexMismatchError(
                f"the index at {self.location} (collection {collection!r}) was built with embedder {built_by!r} but "
                f"{embedder_name!r} is configured, and one index cannot mix vectors of two embedders; set "
                "NEWSRAG_EMBED_BACKEND / NEWSRAG_EMBED_MODEL back to what built it, or use another --data-dir "
                "or NEWSRAG_COLLECTION (and re-ingest)"
            )
        self._max_batch = max(1, min(1000, max_batch))

    def reopen(self) -> None:
        """See what another process wrote (embedded Chroma only): an open PersistentClient keeps the
        index as it was when opened, so chunks a `newsrag ingest` beside a running server added are
        unknown to it ("Error finding id"). A fresh client reads the directory again; the old one is
        only dropped from chromadb's cache (not stopped), so a query still running on it finishes."""
        if self._path is None or self.read_only:
            return
        import chromadb
        from chromadb.api.client import SharedSystemClient
        from chromadb.config import Settings as ChromaSettings

        try:
            SharedSystemClient._identifier_to_system.pop(str(self._path), None)
            client = chromadb.PersistentClient(
                path=str(self._path), settings=ChromaSettings(anonymized_telemetry=False)
            )
            collection = client.get_collection(self._name, embedding_function=None)
        except Exception as exc:
            raise self._error("could not reopen the Chroma index", exc) from None
        self._client, self._collection = client, collection

    def _private_copy(self, path: Path) -> Path:
        """A writable temporary copy of the read-only Chroma directory `path` (empty when it is missing)."""
        tmp = Path(tempfile.mkdtemp(prefix="newsrag-readonly-chroma-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, tmp, True)
        copy = tmp / "chroma"
        try:
            if path.is_dir():
                shutil.copytree(path, copy, copy_function=shutil.copyfile)
                for root, dirs, _files in os.walk(copy):  # copytree copied the directories' read-only modes
                    for name in dirs:
                        os.chmod(os.path.join(root, name), 0o700)
                os.chmod(copy, 0o700)
            else:
                copy.mkdir()
        except OSError as exc:
            self._cleanup()
            raise StoreError(
                f"the Chroma index at {path} is read-only for this user and Chroma cannot open it read-only; "
                f"copying it to {tmp} to read it failed ({exc.strerror or exc}): free space in the temp "
                "directory (TMPDIR) or give this user write access to the data directory"
            ) from None
        return copy

    def close(self) -> None:
        """Remove the temporary copy of a read-only index, if there is one."""
        cleanup = getattr(self, "_cleanup", None)
        if cleanup is not None:
            cleanup()

    def _refuse_writes(self) -> None:
        if self.read_only:
            raise StoreError(read_only_message(Path(self.location).parent))

    def _error(self, action: str, exc: Exception) -> StoreError:
        """A StoreError that says what to do: start the server, fix the token, or the underlying cause."""
        import httpx

        status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else None
        # chromadb turns a non-Chroma error response (an auth proxy's 401/403) into a plain
        # Exception holding only the body, so the body's wording is all there is to go on.
        looks_denied = re.search(r"unauthori[sz]ed|forbidden|access denied|authori[sz]ation required", str(exc), re.I)
        if status in (401, 403) or type(exc).__name__ in ("ChromaAuthError", "AuthorizationError") or looks_denied:
            return StoreError(
                f"{action}: the Chroma server at {self.location} refused the credentials ({exc}); set "
                "NEWSRAG_CHROMA_TOKEN to its token (and NEWSRAG_CHROMA_TOKEN_HEADER to the header it checks)"
            )
        if isinstance(exc, (httpx.TransportError, ConnectionError)) or "Could not connect" in str(exc):
            return StoreError(
                f"{action}: cannot reach the Chroma server at {self.location}; start it (e.g. `chroma run "
                "--path DIR --host 127.0.0.1 --port 8000`) or fix NEWSRAG_CHROMA_URL, or unset it to use the "
                "embedded index"
            )
        return StoreError(f"{action} at {self.location}: {exc}")

    def upsert(
        self, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str], metadatas: Sequence[dict[str, Any]]
    ) -> None:
        self._refuse_writes()
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
                raise self._error("writing to the Chroma index failed", exc) from None

    def set_metadata(self, ids: Sequence[str], values: dict[str, Any]) -> None:
        self._refuse_writes()
        ids = list(ids)
        for start in range(0, len(ids), self._max_batch):
            part = ids[start : start + self._max_batch]
            try:
                self._collection.update(ids=part, metadatas=[_clean_meta(values) for _ in part])
            except Exception as exc:
                raise self._error("updating the Chroma index failed", exc) from None

    def delete(self, ids: Sequence[str]) -> None:
        self._refuse_writes()
        ids = list(ids)
        for start in range(0, len(ids), self._max_batch):
            try:
                self._collection.delete(ids=ids[start : start + self._max_batch])
            except Exception as exc:
                raise self._error("deleting from the Chroma index failed", exc) from None

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[StoredHit]:
        try:
            res = self._collection.query(
                query_embeddings=[np.asarray(embedding, dtype=np.float32)],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        except Exception as exc:
            raise self._error("querying the Chroma index failed", exc) from None
        ids = res["ids"][0]
        return [
            StoredHit(id=i, document=d or "", metadata=dict(m or {}), similarity=1.0 - float(dist))
            for i, d, m, dist in zip(ids, res["documents"][0], res["metadatas"][0], res["distances"][0])
        ]

    def nearest(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[str]:
        # ids and distances only: reading documents and metadata costs more than the HNSW search
        # itself, and the retriever reads them once, for the union of its rankings (`get`)
        try:
            res = self._collection.query(
                query_embeddings=[np.asarray(embedding, dtype=np.float32)],
                n_results=k,
                where=where,
                include=["distances"],
            )
        except Exception as exc:
            raise self._error("querying the Chroma index failed", exc) from None
        return list(res["ids"][0])

    def get(self, ids: Sequence[str], query: np.ndarray | None = None) -> list[StoredHit]:
        """The chunks with these ids; with `query`, their cosine similarity to it."""
        include = ["documents", "metadatas"] + (["embeddings"] if query is not None else [])
        try:
            res = self._collection.get(ids=list(ids), include=include)
        except Exception as exc:
            raise self._error("reading the Chroma index failed", exc) from None
        sims = [0.0] * len(res["ids"])
        if query is not None and len(res["ids"]):
            sims = (np.asarray(res["embeddings"], dtype=np.float32) @ np.asarray(query, dtype=np.float32)).tolist()
        return [
            StoredHit(id=i, document=d or "", metadata=dict(m or {}), similarity=float(sim))
            for i, d, m, sim in zip(res["ids"], res["documents"], res["metadatas"], sims)
        ]

    def count(self) -> int:
        try:
            return int(self._collection.count())
        except Exception as exc:
            raise self._error("counting the Chroma index failed", exc) from None

    def all_ids(self) -> list[str]:
        out: list[str] = []
        offset = 0
        while True:
            try:
                page = self._collection.get(include=[], limit=5000, offset=offset)["ids"]
            except Exception as exc:
                raise self._error("listing the Chroma index failed", exc) from None
            out.extend(page)
            if len(page) < 5000:
                return out
            offset += len(page)


def _tree_writable(path: Path) -> bool:
    """Whether Chroma can open `path`: it writes its sqlite file (and journals beside it) and the segment folders."""
    if not writable(path):
        return False
    try:
        if not path.is_dir():
            return True  # created on open
        return all(writable(p) for p in path.iterdir())
    except OSError:
        return False


def http_client_args(url: str, token: str | None, token_header: str = "Authorization") -> dict[str, Any]:
    """chromadb.HttpClient arguments for a server URL, with chromadb's own token auth provider.

    The token goes as `Authorization: Bearer <token>` or `X-Chroma-Token: <token>`, the two
    forms Chroma (and the auth proxies put in front of a Chroma 1.x server) check.
    """
    from urllib.parse import urlparse

    from chromadb.config import Settings as ChromaSettings

    from .errors import ConfigError

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"NEWSRAG_CHROMA_URL={url!r} is not an http(s)://host:port URL")
    options: dict[str, Any] = {"anonymized_telemetry": False}
    if token:
        options.update(
            chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
            chroma_client_auth_credentials=token,
            chroma_auth_token_transport_header=token_header,
        )
    return {
        "host": parsed.hostname,
        "port": parsed.port or (443 if parsed.scheme == "https" else 8000),
        "ssl": parsed.scheme == "https",
        "settings": ChromaSettings(**options),
    }


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
