"""`NewsRAG`: the one facade the CLI, the UI and the eval share."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, ClassVar

from ingest.filetypes import FILE_TYPES

from .answering import Answerer, refusal
from .bylines import asks_author
from .capitals import capitalized, with_capitals
from .embedding import Embedder, embedder_from_settings
from .errors import NewsRAGError, SourceError
from .filters import Filters, parse_day
from .index_questions import asks_about_index, index_reply
from .language import foreign_language, language_note
from .manifest import Manifest
from .models import Answer, ArticleHistory, IngestProgress, SearchScope
from .query import Query
from .retrieval import Retrieval, Retriever, asks_coverage, asks_news_only
from .settings import Settings, load_settings
from .small_talk import REPLY, is_small_talk
from .spelling import corrections, respelled, spelling_note
from .store import ChromaStore, VectorStore
from .stream import AnswerStream, checked_tail
from .text import content_words, normalize_space
from .timeparse import TimeIntent


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
    from ingest.items import Item
    from ingest.report import IngestReport

    from .feeds_models import FeedResult, FeedStatus, WatchRound
    from .feeds_store import FeedStore
    from .llm.answerer import LLMAnswerer
    from .llm.chat import ChatSession
    from .llm.client import ChatClient
    from .reconcile import Reconciled
    from .stories import StoryIndex
    from .watch import Poller

ProgressCallback = Callable[[IngestProgress], None]


# a web address in a question: an article's, answered as its title ("Tell me about https://apnews.com/article/...")
ARTICLE_ADDRESS = re.compile(r"https?://[^\s<>\"'“”‘’)\]]+[^\s<>\"'“”‘’)\].,;:!?]", re.I)
# the words a question about the article at an address asks with ("Summarize this article: https://...")
_ABOUT_ADDRESS = frozenset(
    "see read article story link url page piece report tell about summarize summarise summary sum up explain recap "
    "gist please says say said what whats this that".split()
)
LATEST_NEWS_QUESTION = "What is the latest news?"  # answered by any index: its newest coverage


class NewsRAG:
    """Ingest news and answer questions about it with cited passages.

    >>> rag = NewsRAG(data_dir="/tmp/news")          # doctest: +SKIP
    >>> rag.ingest(["articles/"])                     # doctest: +SKIP
    >>> rag.ask("What did Russia propose at the UN?") # doctest: +SKIP
    """

    FILE_TYPES: ClassVar[tuple[str, ...]] = FILE_TYPES  # the file extensions `ingest` reads

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
        self._seen_generation: int | None = None  # the manifest generation the store was last read or written at
        self._writing = 0  # writes under way in this process
        self._poller: Poller | None = None  # the feed watcher's state (per-host request times), built on first use

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
        """The BM25 keyword index (FTS5, in the manifest), opened for reading. A writable index that
        still needs an upgrade says so; a read-only one (which cannot be upgraded) is read as it is."""
        from .keyword import KeywordIndex
        from .migrations import check_readable

        if not self.manifest.read_only:
            check_readable(self.manifest, stories=self.settings.collapse_stories)
        return KeywordIndex(self.manifest)

    @_locked_once
    def retriever(self) -> Retriever:
        return Retriever(self.embedder, self.store, self.settings, keyword=self.keyword, manifest=self.manifest)

    def _open_for_writing(self) -> tuple[StoryIndex, Reconciled]:
        """Under the writer lock: upgrade an index built by an older version, undo what a crashed
        ingest left behind; returns (the story index, what reconcile repaired)."""
        from .migrations import backfill_authors, backfill_keyword_index, backfill_manifest_chunks, backfill_stories
        from .reconcile import reconcile
        from .stories import StoryIndex

        backfill_manifest_chunks(self.store, self.manifest)
        # the bm25s index directory of older versions goes once the FTS5 index is built
        backfill_keyword_index(self.manifest, self.settings.data_dir / f"bm25-{self.settings.collection}")
        repaired = reconcile(self.store, self.manifest)  # undo what a crashed ingest left behind
        stories = StoryIndex.from_signatures(self.manifest.signatures(), self.settings.story_threshold)
        backfill_stories(self.manifest, stories)
        backfill_authors(self.store, self.manifest)
        return stories, repaired

    def upgrade(self) -> list[str]:
        """Run the one-time upgrades an index built by an older version needs (under the writer
        lock; `newsrag upgrade`); returns what was upgraded (empty when nothing was due)."""
        from .locking import ingest_lock
        from .migrations import pending

        with ingest_lock(self.settings.data_dir), self._own_write():
            due = pending(self.manifest, stories=True)
            self._open_for_writing()
            return due

    # --- write path
    def ingest(
        self,
        sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
        *,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Ingest every source in one run (one reconcile, one pipeline pass). `progress`
        gets an IngestProgress for every item read and a last one with `done` (it may be called
        from the ingest's reader thread). Runs under the data directory's writer lock: a second
        ingest on the same data dir (another process, or another thread) raises IndexLockedError
        at once and changes nothing."""
        from ingest.sources import check_sources

        from .locking import ingest_lock

        sources = check_sources(sources)  # SourceError unless paths, URLs, or a list of them
        with ingest_lock(self.settings.data_dir), self._own_write():
            return self._ingest(sources, progress)

    @contextlib.contextmanager
    def _own_write(self) -> Iterator[None]:
        """Around a write of this process: the store sees it already, so it is no reason to reopen."""
        with self._init_lock:
            self._writing += 1
        try:
            yield
        finally:
            with self._init_lock:
                self._writing -= 1
                self._seen_generation = self.manifest.generation

    def _follow_other_writers(self) -> None:
        """Before a read: when another process wrote to the index since this one last read or wrote
        it (the manifest's generation moved), reopen the store so that it sees those chunks."""
        generation = self.manifest.generation
        with self._init_lock:
            if self._writing or generation == self._seen_generation:
                return
            if self._seen_generation is not None and self._store is not None:
                reopen = getattr(self._store, "reopen", None)
                if reopen is not None:
                    reopen()
            self._seen_generation = generation

    def _ingest(self, sources: list[str | os.PathLike[str]], progress: ProgressCallback | None) -> IngestReport:
        from ingest.limits import Limits
        from ingest.report import IngestReport

        report = IngestReport()
        read = [0]  # items read so far, counted by _reported_items
        limits = Limits.from_settings(self.settings)
        # the index's own folder is not read when it lies inside a folder ingested ("--data-dir idx ingest .")
        items = _reported_items(sources, limits, report, progress, read, skip_dirs=(str(self.settings.data_dir),))
        report = self._write(items, report)
        if progress is not None:
            last = sources[-1] if sources else ""
            progress(_progress_event(last, len(sources), len(sources), read[0], report, done=True))
        return report

    def _write(
        self,
        items: Iterable[Item],
        report: IngestReport,
        *,
        same_text_unchanged: bool = False,
        opened: tuple[StoryIndex, Reconciled] | None = None,
        refresh_keyword: bool = True,
    ) -> IngestReport:
        """Items -> the index, in one pipeline run (the caller holds the writer lock): one reconcile
        before; the keyword index (FTS5 in the manifest) follows each manifest write, so
        `self.keyword.refresh()` after it is a no-op kept for callers. `same_text_unchanged`: see IngestPipeline.
        `opened`: what `_open_for_writing` returned, when the caller already ran it under the same
        lock (the watcher: once per round, not once per feed); `refresh_keyword=False`: the caller
        refreshes the keyword index itself after several writes."""
        from .chunking import Chunker
        from .pipeline import IngestPipeline

        chunker = Chunker(
            self.embedder.count_tokens,
            self.settings.effective_chunk_tokens(self.embedder.max_tokens),
            self.settings.chunk_overlap,
            header=self.settings.chunk_header,
        )
        stories, repaired = opened if opened is not None else self._open_for_writing()
        pipeline = IngestPipeline(
            embedder=self.embedder,
            store=self.store,
            manifest=self.manifest,
            chunker=chunker,
            stories=stories,
            same_text_unchanged=same_text_unchanged,
        )
        report = pipeline.run(items, report=report)
        report.chunks_deleted += repaired.orphans_deleted
        if refresh_keyword and (report.ingested or repaired.orphans_deleted or repaired.articles_forgotten):
            self.keyword.refresh()  # update the keyword index once per run, not per batch
        return report

    # --- read path
    def retrieve(self, query: Query | str, **options: Any) -> Retrieval:
        """The ranked passages for `query` (a Query, or the question with Query's options as keywords:
        top_k, since, until, outlets, as_of)."""
        q = Query.of(query, **options)
        self._follow_other_writers()
        if ARTICLE_ADDRESS.search(f"{q.question} {q.focus or ''}"):
            # "Tell me about https://apnews.com/article/...": the article at that address, by its title
            q = dataclasses.replace(
                q, question=self._titled(q.question), focus=self._titled(q.focus) if q.focus else None
            )
        fixes = self.misspelled(f"{q.question} {q.focus or ''}")
        if fixes:  # "What is the turnuot?" is searched as "What is the turnout?"
            q = dataclasses.replace(
                q, question=respelled(q.question, fixes), focus=respelled(q.focus, fixes) if q.focus else None
            )
        capitals = {**self.capitals_of(q.question), **self.capitals_of(q.focus or "")}
        if capitals:  # "who is kevin mccarthy?" asks about a name, as "Who is Kevin McCarthy?" does
            q = dataclasses.replace(
                q,
                question=with_capitals(q.question, capitals),
                focus=with_capitals(q.focus, capitals) if q.focus else None,
            )
        # `as_of`: the reference date for time words in the question ("last week"); today when None.
        retrieval = self.retriever.retrieve(
            q.question, top_k=q.top_k or self.settings.top_k, filters=q.filters, as_of=q.as_of, focus=q.focus
        )
        retrieval.focus = q.focus
        retrieval.respelled = fixes
        return retrieval

    def misspelled(self, question: str) -> dict[str, str]:
        """The question's misspelled words and the index's words it searches for instead ({"turnuot": "turnout"};
        `rag.spelling`); none with the `spelling` setting off."""
        if not self.settings.spelling:
            return {}
        return corrections(question, self.keyword)

    def capitals_of(self, question: str) -> dict[str, str]:
        """The words of a question typed in lower case that the index writes with capitals, as it writes them
        ({"mccarthy": "McCarthy"}; `rag.capitals`); none with the `capitals` setting off."""
        if not self.settings.capitals:
            return {}
        return capitalized(question, self.keyword)

    def ask(self, query: Query | str, *, history: Sequence[tuple[str, str]] = (), **options: Any) -> Answer:
        """Answer from the retrieved passages. `query`: a Query, or the question with Query's
        options as keywords (top_k, since, until, outlets, as_of, llm: True forces the LLM, False the
        extractive answerer, None follows the settings). `history`: earlier (question, answer) pairs
        for the LLM prompt (chat sessions pass it). On any LLM failure the answer is the extractive
        one, with `note` naming the server and the fix."""
        return self.stream(query, history=history, **options).answer()

    def stream(
        self,
        query: Query | str,
        *,
        history: Sequence[tuple[str, str]] = (),
        retrieval: Retrieval | None = None,
        **options: Any,
    ) -> AnswerStream:
        """The answer as it is produced: iterate for text pieces; `.answer()` is the final Answer.

        The extractive answerer produces its text at once, so it gives one piece; the LLM
        answerer gives tokens as they arrive (images and foreign links already stripped), and
        the final Answer carries the verified text and citations, which may differ from the
        streamed draft. The query is validated here (QuestionError), before any work.
        `retrieval`: this query's `retrieve` result when the caller already has it (not searched again)."""
        return AnswerStream(self._answer_parts(Query.of(query, **options), history, retrieval))

    def _answer_parts(
        self, q: Query, history: Sequence[tuple[str, str]], retrieval: Retrieval | None = None
    ) -> Iterator[str | Answer]:
        t0 = time.perf_counter()
        answerer = self.answerer_for(q.llm)
        if is_small_talk(q.focus or q.question):  # "ok thanks": nothing to search for
            yield REPLY
            yield Answer(q.question, REPLY, [], refused=True, mode=answerer.mode)  # nothing was searched
            return
        unindexed = [] if retrieval is not None else self.unindexed_addresses(q.focus or q.question)
        if unindexed:  # "Summarize https://example.org/story": not a search of everything else for its words
            why = (
                f"The article at {unindexed[0]} is not in the index: ingest it first "
                f"(newsrag ingest {unindexed[0]}, or the web UI's Ingest tab), then ask again."
            )
            yield why
            yield Answer(q.question, why, [], refused=True, mode=answerer.mode)
            return
        if asks_about_index(q.focus or q.question):  # "Which outlets are in the index?": its statistics, not a search
            reply = index_reply(self.stats())
            yield reply
            yield Answer(q.question, reply, [], refused=False, mode="extractive")
            return
        if answerer is self._llm_answerer and (
            asks_author(q.focus or q.question) or asks_coverage(q.focus or q.question)
        ):
            answerer = self.extractive  # a byline, an outlet: in the articles' metadata, which it reads exactly
        if retrieval is None:
            retrieval = self.retrieve(q)
        else:
            retrieval.focus = q.focus
        t1 = time.perf_counter()
        scope = self.scope(retrieval.filters)
        instead = None
        if not retrieval.passages and scope.articles == 0 and self._asks_todays_news(q, retrieval):
            # "What are today's headlines?" before anything of today is ingested: the newest news, saying so
            instead = self._nothing_of(retrieval.intent)
            retrieval = self.retrieve(dataclasses.replace(q, question=LATEST_NEWS_QUESTION, focus=None))
            scope = self.scope(retrieval.filters)
        answer: Answer | None = None
        if not retrieval.passages:
            if scope.articles == 0 and retrieval.filters.active:
                why = self._nothing_matches(q)
            elif scope.articles == 0:
                why = "The index is empty; ingest some news first (newsrag ingest PATH_OR_URL)."
            else:
                from .extractive import no_passage_reason

                why = no_passage_reason(retrieval)
            answer = refusal(retrieval, scope, answerer.mode, why)
            yield answer.text
        elif answerer is self._llm_answerer:
            streamed = False
            llm_stream = self.llm_answerer.stream(retrieval, scope, as_of=q.as_of, history=history)
            try:
                for piece in llm_stream:
                    streamed = streamed or bool(piece.strip())
                    yield piece
                answer = llm_stream.answer()
            finally:
                llm_stream.close()  # a reader that went away: the request to the LLM ends now
            if answer.mode != "llm" or not streamed:  # a fallback or a refusal: its text was not streamed
                # after a draft it dropped ("10 percent."), said to be what the checks kept
                yield checked_tail(llm_stream.draft, answer.text)
        else:
            answer = answerer.answer(retrieval, scope, history=history)
            yield answer.text
        assert answer is not None
        if retrieval.respelled:  # the reader sees what was searched for instead of their words
            answer.note = " ".join(filter(None, [spelling_note(retrieval.respelled), answer.note]))
        if instead and not answer.refused:
            answer.note = " ".join(filter(None, [instead, answer.note]))
        language = foreign_language(q.focus or q.question) if answer.refused else None
        if language:  # "¿Quién ganó el Super Bowl?": refused for the language, not for the news; saying so
            answer.note = " ".join(filter(None, [answer.note, language_note(language)]))
        t2 = time.perf_counter()
        answer.timings_ms = {
            **answer.timings_ms,
            **retrieval.timings_ms,
            "retrieve": (t1 - t0) * 1000,
            "answer": (t2 - t1) * 1000,
            "total": (t2 - t0) * 1000,
        }
        yield answer

    def _asks_todays_news(self, q: Query, retrieval: Retrieval) -> bool:
        """`q` asks for nothing but the news of days that reach its reference date ("What are today's headlines?",
        "What happened this week?"), with no filter of its own: when none of those days' news is indexed yet, the
        newest is what it asks for. Not a range that ended before ("What happened last week?", "What happened in
        February 2023?" are answered with their news or refused, naming the index's dates)."""
        until = retrieval.intent.until
        if q.filters.active or until is None or not asks_news_only(q.focus or q.question):
            return False
        ref = parse_day(q.as_of)
        return until >= (ref.date() if ref else date.today())

    def _nothing_of(self, intent: TimeIntent) -> str:
        """ "Nothing in the index was published on 2026-12-07; these are its newest reports." """
        since, until = intent.since or intent.until, intent.until
        days = f"on {until}" if since == until else f"from {since} to {until}"
        return f"Nothing in the index was published {days}; these are its newest reports."

    def _nothing_matches(self, q: Query) -> str:
        """Why no article was searched: the filters given, or the dates or outlet the question names
        ("What happened last week?"), and which dates the index does hold."""
        why = (
            "No article in the index matches the filters."
            if q.filters.active
            else "No article in the index matches the dates or the outlet the question names."
        )
        held = self.manifest.stats()
        if held["articles"] and held["earliest"] and held["latest"]:
            why += f" Its articles are dated {held['earliest'][:10]} to {held['latest'][:10]}."
        return why

    def chat(self, *, llm: bool | None = None, history_tokens: int | None = None) -> ChatSession:
        """A multi-turn session: `session.ask(q)` / `session.stream(q)` (Query | str, as `ask`/`stream`)
        condense follow-ups ("What did China say about it?") into standalone questions;
        `session.reset()` forgets. History is per session, bounded by `history_tokens` (default:
        the llm_history_tokens setting)."""
        from .llm.chat import ChatSession

        return ChatSession(self, llm=llm, history_tokens=history_tokens)

    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles (by id) from the vector store, the keyword index and the manifest,
        under the same writer lock as ingest (IndexLockedError while another writer runs)."""
        from .locking import ingest_lock

        with ingest_lock(self.settings.data_dir), self._own_write():
            return self._delete(article_ids)

    def _delete(self, article_ids: Iterable[str]) -> int:
        self._open_for_writing()
        ids = [a for a in article_ids if a]
        known = list(self.manifest.hashes(ids))
        if not known:
            return 0
        chunk_ids = self.manifest.chunk_ids(known)
        if chunk_ids:
            self.store.delete(chunk_ids)
        self.manifest.delete(known)  # its chunks leave the keyword index in the same transaction
        return len(known)

    def history(self, id_or_url: str) -> ArticleHistory:
        """Every version of one indexed article, oldest first, each with what it changed (sentences
        added and removed, title changed). `id_or_url`: the article's id, its URL (tracking
        parameters and fragment do not matter) or, for an article without a URL, the file it was read from. ArticleNotFoundError when the index has no such article."""
        from .errors import ArticleNotFoundError
        from .versions import article_history, resolve_article

        article_id = resolve_article(self.manifest, id_or_url)
        found = article_history(self.manifest, article_id) if article_id else None
        if found is None:
            raise ArticleNotFoundError(
                f"no article with the id, URL or file {str(id_or_url)[:200]!r} in the index at {self.settings.data_dir}; "
                "give the article id or URL a citation shows (`newsrag ask --json` lists both), or the file it was read from"
            )
        return found

    def scope(self, filters: Filters) -> SearchScope:
        d = filters.describe()
        return SearchScope(
            articles=self.manifest.count(filters),
            since=d["since"],
            until=d["until"],
            outlets=d["outlets"],
            authors=d["authors"],
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

    def _article_at(self, address: str) -> str | None:
        """The id of the indexed article at web `address` (as written, or canonical)."""
        from ingest.records import canonical_url

        return self.manifest.article_id_for_url(canonical_url(address) or address) or self.manifest.article_id_for_url(
            address
        )

    def _titled(self, text: str) -> str:
        """`text` with the address of each indexed article it names in place of the article's title, in quotes,
        when the address is what it asks about ("Tell me about https://...", "Summarize https://..."); when it
        asks something of its own ("What did Russia propose at the UN? See https://..."), without the address,
        whose title's words would outweigh the question's. A chat's search is its follow-up and the conversation's
        question in parentheses, each titled on its own ("Who lost? (Tell me about https://...)")."""
        chat = re.match(r"^(?P<asked>[^()]*?)\s*\((?P<context>[^()]*)\)\s*$", text)
        if chat:
            return f"{self._titled(chat['asked'])} ({self._titled(chat['context'])})"
        rest = {w.casefold() for w in content_words(ARTICLE_ADDRESS.sub(" ", text))}
        if rest - _ABOUT_ADDRESS:
            # (and the word pointing at it: "See https://..." is no part of the question)
            dropped = re.sub(
                rf"(?:\b(?:see|read|via|source|link)\b\s*:?\s*)?{ARTICLE_ADDRESS.pattern}", " ", text, flags=re.I
            )
            return re.sub(r"\s+([.,;:!?])", r"\1", normalize_space(dropped)).rstrip(" .") or text

        def title(m: re.Match[str]) -> str:
            found = self._article_at(m.group(0))
            row = self.manifest.article(found) if found else None
            return f"“{row.title}”" if row is not None and row.title else m.group(0)

        return ARTICLE_ADDRESS.sub(title, text)

    def unindexed_addresses(self, text: str) -> list[str]:
        """The web addresses `text` names that are no indexed article's ("Summarize https://example.org/story")."""
        return [m.group(0) for m in ARTICLE_ADDRESS.finditer(text) if self._article_at(m.group(0)) is None]

    def example_questions(self) -> list[str]:
        """Questions this index answers, for a UI to offer: the sample's demo question when its article is
        indexed, and "What is the latest news?" when any article is (none for an empty index)."""
        from ingest.records import canonical_url
        from ingest.sample import DEMO_QUESTION, DEMO_URL

        if not self.manifest.count():
            return []
        demo = [DEMO_QUESTION] if self.manifest.article_id_for_url(canonical_url(DEMO_URL) or DEMO_URL) else []
        return [*demo, LATEST_NEWS_QUESTION]

    def authors(self) -> dict[str, int]:
        """Every byline name in the index with its number of articles, most articles first (the
        names the `authors` filter matches)."""
        return dict(self.manifest.author_counts())

    # --- subscriptions and the watcher (the logic: rag/feeds_store.py, rag/watch.py)
    @property
    def feed_store(self) -> FeedStore:
        from .feeds_store import FeedStore

        return FeedStore(self.manifest, self.settings.feed_every_s)

    def add_feeds(self, urls: Iterable[str], every_s: int | None = None) -> list[FeedStatus]:
        """Subscribe to feeds (http(s) URLs of RSS/Atom feeds; SourceError for anything else, before any is
        added). `every_s`: seconds between polls (default: the feed_every_s setting); for a feed already
        subscribed it changes the interval. Returns their statuses; `watch` polls them."""
        from ingest.limits import Limits
        from ingest.web import refused_address

        from .feeds_store import check_feed_url

        urls = [check_feed_url(u) for u in ([urls] if isinstance(urls, str) else urls)]
        limits = Limits.from_settings(self.settings)
        for url in urls:
            refused = refused_address(url, limits)
            if refused:  # said now, not at every poll: "127.0.0.1 is a loopback address; ... ALLOW_HOSTS"
                raise SourceError(f"cannot subscribe to {url}: {refused}")
        for url in urls:
            self.feed_store.add(url, every_s=every_s)
        return self._feed_statuses(urls)

    def add_opml(self, path: str | os.PathLike[str], every_s: int | None = None) -> list[FeedStatus]:
        """Subscribe to every feed an OPML file lists (SourceError when it is not readable OPML)."""
        from ingest.limits import Limits
        from ingest.opml import read_opml

        from .feeds_store import check_feed_url

        listed = read_opml(path, Limits.from_settings(self.settings))
        good = []
        for feed in listed:
            try:
                good.append((check_feed_url(feed.url), feed.title))
            except NewsRAGError:
                continue  # an outline with a non-http(s) address: not a feed newsrag can poll
        for url, title in good:
            self.feed_store.add(url, title=title, every_s=every_s)
        return self._feed_statuses([u for u, _ in good])

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe (its articles stay in the index); False when it was not subscribed."""
        return self.feed_store.remove(url)

    def feeds(self) -> list[FeedStatus]:
        """Every subscription with its health, oldest first."""
        return self.feed_store.statuses()

    def _feed_statuses(self, urls: Sequence[str]) -> list[FeedStatus]:
        by_url = {f.url: f for f in self.feeds()}
        return [by_url[u] for u in dict.fromkeys(urls) if u in by_url]

    def watch(
        self,
        force: bool = False,
        *,
        stop: threading.Event | None = None,
        on_result: Callable[[FeedResult], None] | None = None,
    ) -> WatchRound:
        """One round: poll the due feeds (`force`: all of them, now), ingest what is new or changed,
        apply retention; under the writer lock (IndexLockedError while another writer runs).
        `on_result` gets each feed's result as it is done; `stop` ends the round after the current feed."""
        with self._init_lock:
            if self._poller is None:
                from .watch import Poller

                self._poller = Poller(self)
        return self._poller.run_round(force=force, stop=stop, on_result=on_result)


def _progress_event(
    source: str | os.PathLike[str], index: int, total: int, items: int, report: IngestReport, *, done: bool = False
) -> IngestProgress:
    return IngestProgress(
        source=os.fsdecode(os.fspath(source)),
        source_index=index,
        sources_total=total,
        items=items,
        added=report.added,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=len(report.skipped),
        done=done,
    )


def _reported_items(
    sources: list[str | os.PathLike[str]],
    limits: Any,
    report: IngestReport,
    progress: ProgressCallback | None,
    read: list[int],
    *,
    skip_dirs: tuple[str, ...] = (),
) -> Iterator[Any]:
    """The items of every source, in order (as ingest.sources.iter_items gives them); with a
    progress event after each item read (counts so far from the live `report`)."""
    from ingest.sources import iter_items

    if progress is None:
        for item in iter_items(sources, limits, skip_dirs=skip_dirs):
            read[0] += 1
            yield item
        return
    for index, source in enumerate(sources, 1):
        for item in iter_items([source], limits, skip_dirs=skip_dirs):
            read[0] += 1
            yield item
            progress(_progress_event(source, index, len(sources), read[0], report))
