"""BM25 keyword search (bm25s) over the chunks, persisted beside the vector index.

The chunk texts live in the manifest; the writer rebuilds the BM25 index from them at
the end of every ingest or delete that changed something and saves it under the data
dir with the manifest's generation. Readers load the saved index when its generation
matches the manifest's, else rebuild in memory (at most every 30 s while an ingest runs;
the retriever drops any hit whose article version is no longer current). Filters use the
same semantics as the Chroma query (`Filters.matches`), applied to every keyword hit.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .filters import Filters
from .manifest import Manifest

_STEMMERS = threading.local()  # PyStemmer: "must not be called concurrently", so one stemmer per thread
READER_REBUILD_SECONDS = 30.0  # while a writer is busy, readers rebuild at most this often


def _stemmer():
    stem = getattr(_STEMMERS, "stem", None)
    if stem is None:
        try:
            import Stemmer

            stem = Stemmer.Stemmer("english").stemWords
        except ImportError:  # PyStemmer is optional: plain words still work
            stem = False
        _STEMMERS.stem = stem
    return stem or None


def tokenize(texts: list[str]):
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)


@dataclass
class KeywordHit:
    chunk_id: str
    article_id: str
    score: float


@dataclass(frozen=True)
class _Snapshot:
    """One build of the index with its per-chunk columns. A rebuild swaps in a whole new
    snapshot and a search reads one, so a search never mixes two builds (their sizes differ)."""

    retriever: Any
    ids: list[str]
    articles: list[str]
    published: np.ndarray
    outlets: list[str | None]


_EMPTY = _Snapshot(None, [], [], np.zeros(0), [])


class KeywordIndex:
    def __init__(self, directory: Path, manifest: Manifest) -> None:
        self.directory = directory
        self.manifest = manifest
        self._lock = threading.Lock()
        self._generation = -1
        self._snap = _EMPTY
        self._built_at = float("-inf")
        self._seen_meta = -1  # mtime of the saved meta.json when last looked at

    def _ensure(self, *, save: bool = False) -> None:
        gen = self.manifest.generation
        if gen == self._generation and not save:
            return
        with self._lock:
            if gen == self._generation and not save:
                return
            if not save and self._load_if_saved(gen):
                pass  # another process (or this one) saved the index of this generation: read it
            elif (
                not save
                and self._snap.retriever is not None
                and time.monotonic() - self._built_at < READER_REBUILD_SECONDS
            ):
                return  # an ingest is running: keep the recent index rather than rebuild on every query
            else:
                self._build(gen, save=save)
            self._generation = gen
            self._built_at = time.monotonic()

    def refresh(self) -> None:
        """Rebuild and save the index now. Only the writer (under the ingest lock) calls this;
        readers rebuild in memory when the manifest moved and never write the directory."""
        self._ensure(save=True)

    def _load_if_saved(self, gen: int) -> bool:
        """Load the saved index when it changed on disk since the last look (a writer in another
        process saved it) and is of generation `gen`; False otherwise."""
        try:
            stamp = (self.directory / "meta.json").stat().st_mtime_ns
        except OSError:
            return False
        if stamp == self._seen_meta:
            return False
        self._seen_meta = stamp
        return self._load(gen)

    def _load(self, gen: int) -> bool:
        meta_path = self.directory / "meta.json"
        if not meta_path.exists():
            return False
        try:
            meta = json.loads(meta_path.read_text())
            if meta.get("generation") != gen:
                return False
            import bm25s

            retriever = (
                bm25s.BM25.load(str(self.directory / "bm25"), mmap=False, show_progress=False) if meta["ids"] else None
            )
        except Exception:
            return False
        self._set(retriever, meta["ids"], meta["articles"], meta["published"], meta["outlets"])
        return True

    def _build(self, gen: int, *, save: bool) -> None:
        import bm25s

        rows = self.manifest.iter_chunks()
        ids = [r[0] for r in rows]
        retriever = None
        corpus = tokenize([r[2] for r in rows]) if rows else None
        if corpus is not None and corpus.vocab:  # chunks of stopwords only ("A.") leave no vocabulary to index
            retriever = bm25s.BM25()
            retriever.index(corpus, show_progress=False)
        published = [r[3] if r[3] is not None else None for r in rows]
        articles, outlets = [r[1] for r in rows], [r[4] for r in rows]
        self._set(retriever, ids, articles, published, outlets)
        if not save:
            return
        tmp = self.directory.with_name(self.directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if retriever is not None:
            retriever.save(str(tmp / "bm25"), show_progress=False)
        (tmp / "meta.json").write_text(
            json.dumps(
                {"generation": gen, "ids": ids, "articles": articles, "published": published, "outlets": outlets}
            )
        )
        shutil.rmtree(self.directory, ignore_errors=True)
        tmp.rename(self.directory)

    def _set(self, retriever, ids, articles, published, outlets) -> None:
        published = np.array([np.nan if p is None else p for p in published], dtype=np.float64)
        self._snap = _Snapshot(retriever, list(ids), list(articles), published, list(outlets))

    def search(self, query: str, k: int, filters: Filters) -> list[KeywordHit]:
        self._ensure()
        snap = self._snap  # one build for the whole search, whatever a writer swaps in meanwhile
        if snap.retriever is None or not snap.ids:
            return []
        tokens = tokenize([query])
        vocab_inv = {v: key for key, v in tokens.vocab.items()}
        words = [vocab_inv[i] for i in tokens.ids[0]] if tokens.ids else []
        if not words:
            return []
        scores = snap.retriever.get_scores(words)
        mask = self._mask(snap, filters)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [KeywordHit(snap.ids[i], snap.articles[i], float(scores[i])) for i in top if scores[i] > 0]

    @staticmethod
    def _mask(snap: _Snapshot, filters: Filters) -> np.ndarray | None:
        if not filters.active:
            return None
        mask = np.ones(len(snap.ids), dtype=bool)
        pub = snap.published
        if filters.since_ts is not None:
            mask &= ~np.isnan(pub) & (pub >= filters.since_ts)
        if filters.until_ts is not None:
            mask &= ~np.isnan(pub) & (pub <= filters.until_ts)
        if filters.outlets:
            keys = set(filters.outlet_keys)
            mask &= np.array([o in keys for o in snap.outlets], dtype=bool)
        return mask
