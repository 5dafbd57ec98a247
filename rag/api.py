"""`NewsRAG`: the one facade the CLI, the UI and the eval share."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .answering import Answerer, refusal
from .embedding import Embedder, make_embedder
from .errors import QuestionError
from .filters import Filters
from .manifest import Manifest
from .models import Answer, SearchScope
from .retrieval import Retrieval, Retriever
from .settings import Settings, load_settings
from .store import ChromaStore, VectorStore

if TYPE_CHECKING:
    from ingest.report import IngestReport

MAX_QUESTION_CHARS = 2000


def clean_question(question: str) -> str:
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = "".join(ch if ch.isprintable() else " " for ch in question)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty; ask something about the indexed news")
    return text[:MAX_QUESTION_CHARS]


class NewsRAG:
    """Ingest news and answer questions about it with cited passages.

    >>> rag = NewsRAG(data_dir="/tmp/news")          # doctest: +SKIP
    >>> rag.ingest(["articles/"])                     # doctest: +SKIP
    >>> rag.ask("What did Russia propose at the UN?") # doctest: +SKIP
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        answerer: Answerer | None = None,
        settings: Settings | None = None,
        **overrides: Any,
    ) -> None:
        if settings is None:
            settings = load_settings(data_dir=data_dir, **overrides)
        elif data_dir is not None or overrides:
            settings = settings.model_copy(update={"data_dir": data_dir or settings.data_dir, **overrides})
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self._answerer = answerer
        self._init_lock = threading.RLock()

    # --- parts, built on first use so that `newsrag --help` and stats stay fast
    @property
    def embedder(self) -> Embedder:
        with self._init_lock:
            if self._embedder is None:
                s = self.settings
                self._embedder = make_embedder(s.embed_model, s.embed_device, s.embed_batch_size)
            return self._embedder

    @property
    def store(self) -> VectorStore:
        with self._init_lock:
            if self._store is None:
                s = self.settings
                self._store = ChromaStore(
                    embedder_name=self.embedder.name,
                    dim=self.embedder.dim,
                    path=s.data_dir / "chroma",
                    url=s.chroma_url,
                    token=s.chroma_token,
                    collection=s.collection,
                )
            return self._store

    @cached_property
    def manifest(self) -> Manifest:
        name = f"manifest-{self.settings.collection}.sqlite"
        return Manifest(self.settings.data_dir / name)

    @property
    def answerer(self) -> Answerer:
        with self._init_lock:
            if self._answerer is None:
                from .extractive import ExtractiveAnswerer

                self._answerer = ExtractiveAnswerer(
                    self.embedder,
                    refuse_threshold=self.settings.refuse_threshold,
                    max_sentences=self.settings.answer_sentences,
                )
            return self._answerer

    @cached_property
    def keyword(self):
        from .keyword import KeywordIndex

        self._backfill_manifest_chunks()
        return KeywordIndex(self.settings.data_dir / f"bm25-{self.settings.collection}", self.manifest)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.embedder, self.store, self.settings, keyword=self.keyword, manifest=self.manifest)

    def _backfill_manifest_chunks(self) -> None:
        """Indexes built before the manifest kept chunk texts: copy them from the store once."""
        if self.manifest.chunk_count() or not self.manifest.count():
            return
        from .manifest import ManifestRow  # noqa: F401

        rows = {r.id: r for r in self.manifest.rows()}
        ids = self.store.all_ids()
        by_article: dict[str, list[tuple[str, str, int, str]]] = {}
        for start in range(0, len(ids), 1000):
            for hit in self.store.get(ids[start : start + 1000]):
                aid = str(hit.metadata.get("article_id", ""))
                if aid in rows:
                    by_article.setdefault(aid, []).append((hit.id, aid, int(hit.metadata.get("position", 0)), hit.document))
        self.manifest.upsert([rows[a] for a in by_article], [c for cs in by_article.values() for c in cs])

    # --- write path
    def ingest(self, sources: Iterable[str | os.PathLike[str]] | str, *, progress: bool = False) -> "IngestReport":
        """Ingest under the data directory's writer lock: a second ingest on the same data dir
        (another process, or another thread) raises IndexLockedError at once and changes nothing."""
        from .locking import ingest_lock

        with ingest_lock(self.settings.data_dir):
            return self._ingest(sources, progress=progress)

    def _ingest(self, sources: Iterable[str | os.PathLike[str]] | str, *, progress: bool = False) -> "IngestReport":
        from ingest.chunking import Chunker
        from ingest.pipeline import IngestPipeline
        from ingest.sources import iter_items

        if isinstance(sources, (str, os.PathLike)):
            sources = [sources]
        chunker = Chunker(
            self.embedder.count_tokens,
            self.settings.effective_chunk_tokens(self.embedder.max_tokens),
            self.settings.chunk_overlap,
            header=self.settings.chunk_header,
        )
        from .stories import StoryIndex

        self._backfill_manifest_chunks()
        stories = StoryIndex.from_signatures(self.manifest.signatures(), self.settings.story_threshold)
        pipeline = IngestPipeline(
            embedder=self.embedder, store=self.store, manifest=self.manifest, chunker=chunker, stories=stories
        )
        from ingest.limits import Limits

        report = pipeline.run(iter_items(list(sources), Limits.from_settings(self.settings)), progress=progress)
        if report.ingested:
            self.keyword.refresh()  # rebuild the BM25 index once per run, not per batch
        return report

    # --- read path
    def retrieve(
        self,
        question: str,
        *,
        top_k: int | None = None,
        since: Any = None,
        until: Any = None,
        outlets: list[str] | str | None = None,
        as_of: Any = None,
    ) -> Retrieval:
        question = clean_question(question)
        filters = Filters.build(since, until, outlets)
        # `as_of`: the reference date for time words in the question ("last week"); today when None.
        return self.retriever.retrieve(question, top_k=top_k or self.settings.top_k, filters=filters, as_of=as_of)

    def ask(
        self,
        question: str,
        *,
        top_k: int | None = None,
        since: Any = None,
        until: Any = None,
        outlets: list[str] | str | None = None,
        as_of: Any = None,
    ) -> Answer:
        t0 = time.perf_counter()
        retrieval = self.retrieve(question, top_k=top_k, since=since, until=until, outlets=outlets, as_of=as_of)
        t1 = time.perf_counter()
        scope = self.scope(retrieval.filters)
        if not retrieval.passages:
            if scope.articles == 0 and retrieval.filters.active:
                why = "No article in the index matches the filters."
            elif scope.articles == 0:
                why = "The index is empty; ingest some news first (newsrag ingest PATH_OR_URL)."
            else:
                why = "No passage matched."
            answer = refusal(retrieval, scope, self.answerer.mode, why)
        else:
            answer = self.answerer.answer(retrieval, scope)
        t2 = time.perf_counter()
        answer.timings_ms = {
            **retrieval.timings_ms,
            "retrieve": (t1 - t0) * 1000,
            "answer": (t2 - t1) * 1000,
            "total": (t2 - t0) * 1000,
        }
        return answer

    def stream(
        self,
        question: str,
        *,
        top_k: int | None = None,
        since: Any = None,
        until: Any = None,
        outlets: list[str] | str | None = None,
        as_of: Any = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced (str pieces), then the final Answer.

        The extractive answerer produces its text at once, so it yields one piece;
        an LLM answerer yields tokens as they arrive. Consumers: `for part in rag.stream(q)`,
        treating `isinstance(part, Answer)` as the end.
        """
        answer = self.ask(question, top_k=top_k, since=since, until=until, outlets=outlets, as_of=as_of)
        yield answer.text
        yield answer

    def scope(self, filters: Filters) -> SearchScope:
        d = filters.describe()
        return SearchScope(articles=self.manifest.count(filters), since=d["since"], until=d["until"], outlets=d["outlets"])

    def stats(self) -> dict[str, Any]:
        m = self.manifest.stats()
        return {
            "articles": m["articles"],
            "chunks": m["chunks"],
            "outlets": {o["outlet"]: o["articles"] for o in m["outlets"]},
            "earliest": m["earliest"],
            "latest": m["latest"],
            "last_ingest": m["last_ingest"],
            "data_dir": str(self.settings.data_dir),
        }
