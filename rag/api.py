"""`NewsRAG`: the one facade the CLI, the UI and the eval share."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any

from .answering import Answerer, refusal
from .embedding import Embedder, embedder_from_settings
from .errors import QuestionError
from .filters import Filters
from .manifest import Manifest
from .models import Answer, SearchScope
from .retrieval import Retrieval, Retriever
from .settings import Settings, load_settings
from .store import ChromaStore, VectorStore


def _locked_once(method):
    """A lazily built part, built once even when several threads ask at the same time
    (functools.cached_property has no lock from Python 3.12 on)."""
    attr = f"_{method.__name__}_built"

    @property
    @wraps(method)
    def getter(self):
        value = self.__dict__.get(attr)
        if value is None:
            with self._init_lock:
                value = self.__dict__.get(attr)
                if value is None:
                    value = method(self)
                    self.__dict__[attr] = value
        return value

    return getter


if TYPE_CHECKING:
    from ingest.report import IngestReport

    from .llm.answerer import LLMAnswerer
    from .llm.chat import ChatSession
    from .llm.client import ChatClient

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
        llm_client: ChatClient | None = None,
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
        self._extractive: Answerer | None = None
        self._llm_client = llm_client  # any ChatClient (tests script one); default: the openai package
        self._llm_client_given = llm_client is not None
        self._llm_answerer: LLMAnswerer | None = None
        self._init_lock = threading.RLock()

    # --- parts, built on first use so that `newsrag --help` and stats stay fast
    @property
    def embedder(self) -> Embedder:
        with self._init_lock:
            if self._embedder is None:
                self._embedder = embedder_from_settings(self.settings)
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
                    token_header=s.chroma_token_header,
                    collection=s.collection,
                )
            return self._store

    @_locked_once
    def manifest(self) -> Manifest:
        name = f"manifest-{self.settings.collection}.sqlite"
        return Manifest(self.settings.data_dir / name)

    @property
    def answerer(self) -> Answerer:
        """The answerer `ask` uses by default: the one given to the constructor, else the LLM one
        when an LLM is configured (see the `use_llm` setting), else the extractive one."""
        return self.answerer_for(None)

    @property
    def extractive(self) -> Answerer:
        """The extractive answerer (also the LLM answerer's fallback)."""
        with self._init_lock:
            if self._extractive is None:
                from .extractive import ExtractiveAnswerer

                self._extractive = ExtractiveAnswerer(
                    self.embedder,
                    refuse_threshold=self.settings.refuse_threshold,
                    max_sentences=self.settings.answer_sentences,
                )
            return self._extractive

    def uses_llm(self, llm: bool | None = None) -> bool:
        """Whether a call with this `llm` flag answers with the LLM (ConfigError when forced but unconfigured)."""
        from .llm.client import use_llm

        if llm is None and self._answerer is not None:
            return False
        return use_llm(self.settings, llm, client_given=self._llm_client_given)

    @property
    def llm_client(self) -> ChatClient:
        with self._init_lock:
            if self._llm_client is None:
                from .llm.client import OpenAIChatClient

                self._llm_client = OpenAIChatClient.from_settings(self.settings)
            return self._llm_client

    @property
    def llm_answerer(self) -> LLMAnswerer:
        with self._init_lock:
            if self._llm_answerer is None:
                from .llm.answerer import LLMAnswerer

                s = self.settings
                self._llm_answerer = LLMAnswerer(
                    self.llm_client,
                    embedder=self.embedder,
                    fallback=self.extractive,
                    support_threshold=s.llm_support_threshold,
                    refuse_threshold=s.refuse_threshold,
                    max_tokens=s.llm_max_tokens,
                    temperature=s.llm_temperature,
                    max_sentences=s.answer_sentences,
                )
            return self._llm_answerer

    def answerer_for(self, llm: bool | None = None) -> Answerer:
        if self.uses_llm(llm):
            return self.llm_answerer
        return self._answerer if self._answerer is not None else self.extractive

    @_locked_once
    def keyword(self):
        from .keyword import KeywordIndex

        if self.manifest.read_only:  # a read-only index is read as it is: no backfill can be written
            return KeywordIndex(self.settings.data_dir / f"bm25-{self.settings.collection}", self.manifest)
        self._backfill_manifest_chunks()
        if self.settings.collapse_stories:
            from .stories import StoryIndex

            self._backfill_stories(
                StoryIndex.from_signatures(self.manifest.signatures(), self.settings.story_threshold)
            )
        return KeywordIndex(self.settings.data_dir / f"bm25-{self.settings.collection}", self.manifest)

    @_locked_once
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
                    by_article.setdefault(aid, []).append(
                        (hit.id, aid, int(hit.metadata.get("position", 0)), hit.document)
                    )
        self.manifest.upsert([rows[a] for a in by_article], [c for cs in by_article.values() for c in cs])

    def _backfill_stories(self, stories) -> None:
        """Articles indexed before story detection get a signature from their stored chunks."""
        missing = [r for r in self.manifest.rows() if r.minhash is None]
        if not missing:
            return
        texts: dict[str, list[tuple[int, str]]] = {}
        for cid, aid, text, _, _ in self.manifest.iter_chunks():
            texts.setdefault(aid, []).append((int(cid.rsplit(":", 1)[-1]), text))
        for r in missing:
            body = "\n".join(t for _, t in sorted(texts.get(r.id, [])))
            r.story_id, r.minhash = stories.assign(r.id, body)
        self.manifest.update_stories([(r.id, r.story_id, r.minhash) for r in missing])

    # --- write path
    def ingest(self, sources: Iterable[str | os.PathLike[str]] | str, *, progress: bool = False) -> IngestReport:
        """Ingest under the data directory's writer lock: a second ingest on the same data dir
        (another process, or another thread) raises IndexLockedError at once and changes nothing."""
        from .locking import ingest_lock

        with ingest_lock(self.settings.data_dir):
            return self._ingest(sources, progress=progress)

    def _ingest(self, sources: Iterable[str | os.PathLike[str]] | str, *, progress: bool = False) -> IngestReport:
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
        from ingest.reconcile import reconcile

        from .stories import StoryIndex

        self._backfill_manifest_chunks()
        repaired = reconcile(self.store, self.manifest)  # undo what a crashed ingest left behind
        stories = StoryIndex.from_signatures(self.manifest.signatures(), self.settings.story_threshold)
        self._backfill_stories(stories)
        pipeline = IngestPipeline(
            embedder=self.embedder, store=self.store, manifest=self.manifest, chunker=chunker, stories=stories
        )
        from ingest.limits import Limits

        report = pipeline.run(iter_items(list(sources), Limits.from_settings(self.settings)), progress=progress)
        report.chunks_deleted += repaired.orphans_deleted
        if report.ingested or repaired.orphans_deleted or repaired.articles_forgotten:
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
        llm: bool | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        """Answer from the retrieved passages. `llm`: True forces the LLM, False the extractive
        answerer, None follows the settings. `history`: earlier (question, answer) pairs for the
        LLM prompt (chat sessions pass it). On any LLM failure the answer is the extractive one,
        with `note` naming the server and the fix."""
        final: Answer | None = None
        for part in self.stream(
            question, top_k=top_k, since=since, until=until, outlets=outlets, as_of=as_of, llm=llm, history=history
        ):
            if isinstance(part, Answer):
                final = part
        assert final is not None
        return final

    def stream(
        self,
        question: str,
        *,
        top_k: int | None = None,
        since: Any = None,
        until: Any = None,
        outlets: list[str] | str | None = None,
        as_of: Any = None,
        llm: bool | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is produced (str pieces), then the final Answer.

        The extractive answerer produces its text at once, so it yields one piece;
        the LLM answerer yields tokens as they arrive (images and foreign links already
        stripped), and the final Answer carries the verified text and citations, which may
        differ from the streamed draft. Consumers: `for part in rag.stream(q)`, treating
        `isinstance(part, Answer)` as the end.
        """
        t0 = time.perf_counter()
        answerer = self.answerer_for(llm)
        retrieval = self.retrieve(question, top_k=top_k, since=since, until=until, outlets=outlets, as_of=as_of)
        t1 = time.perf_counter()
        scope = self.scope(retrieval.filters)
        answer: Answer | None = None
        if not retrieval.passages:
            if scope.articles == 0 and retrieval.filters.active:
                why = "No article in the index matches the filters."
            elif scope.articles == 0:
                why = "The index is empty; ingest some news first (newsrag ingest PATH_OR_URL)."
            else:
                why = "No passage matched."
            answer = refusal(retrieval, scope, answerer.mode, why)
            yield answer.text
        elif answerer is self._llm_answerer:
            streamed = False
            for part in self.llm_answerer.stream(retrieval, scope, as_of=as_of, history=history):
                if isinstance(part, Answer):
                    answer = part
                    if answer.mode != "llm" or not streamed:  # a fallback or a refusal: its text was not streamed
                        yield ("\n\n" if streamed else "") + answer.text
                else:
                    streamed = streamed or bool(part.strip())
                    yield part
        else:
            answer = answerer.answer(retrieval, scope)
            yield answer.text
        assert answer is not None
        t2 = time.perf_counter()
        answer.timings_ms = {
            **answer.timings_ms,
            **retrieval.timings_ms,
            "retrieve": (t1 - t0) * 1000,
            "answer": (t2 - t1) * 1000,
            "total": (t2 - t0) * 1000,
        }
        yield answer

    def chat(self, *, llm: bool | None = None, history_tokens: int | None = None) -> ChatSession:
        """A multi-turn session: `session.ask(q)` / `session.stream(q)` condense follow-ups
        ("What did China say about it?") into standalone questions; `session.reset()` forgets.
        History is per session, bounded by `history_tokens` (default: the llm_history_tokens setting)."""
        from .llm.chat import ChatSession

        return ChatSession(self, llm=llm, history_tokens=history_tokens)

    def choose(self, question: str, choices: list[str], *, llm: bool | None = None, **kwargs: Any):
        """Pick the choice best supported by retrieved passages; a `Choice`. With an LLM (see
        `uses_llm`) the model picks from the sources (rag/llm/choice.py), else the evidence
        count of rag/choice.py decides; an LLM failure falls back to the latter."""
        from .choice import Choice, choose

        question, choices = clean_question(question), list(choices)
        if choices and self.uses_llm(llm):
            from .errors import LLMError
            from .llm.answerer import reference_day
            from .llm.choice import choose_with_llm

            search = {k: kwargs[k] for k in ("top_k", "since", "until", "outlets", "as_of") if k in kwargs}
            passages = self.retrieve(question, **search).passages
            try:
                index = choose_with_llm(
                    self.llm_client, question, choices, passages, today=reference_day(kwargs.get("as_of"))
                )
            except LLMError:
                return choose(self, question, choices, **kwargs)
            scores = [1.0 if i == index else 0.0 for i in range(len(choices))]
            return Choice(
                index,
                scores,
                index is not None,
                [passages[0] if passages and i == index else None for i in range(len(choices))],
            )
        return choose(self, question, choices, **kwargs)

    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles (by id) from the vector store, the keyword index and the manifest,
        under the same writer lock as ingest (IndexLockedError while another writer runs)."""
        from .locking import ingest_lock

        with ingest_lock(self.settings.data_dir):
            return self._delete(article_ids)

    def _delete(self, article_ids: Iterable[str]) -> int:
        ids = [a for a in article_ids if a]
        known = list(self.manifest.hashes(ids))
        if not known:
            return 0
        chunk_ids = self.manifest.chunk_ids(known)
        if chunk_ids:
            self.store.delete(chunk_ids)
        self.manifest.delete(known)
        self.keyword.refresh()
        return len(known)

    def scope(self, filters: Filters) -> SearchScope:
        d = filters.describe()
        return SearchScope(
            articles=self.manifest.count(filters), since=d["since"], until=d["until"], outlets=d["outlets"]
        )

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
