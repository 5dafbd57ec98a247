"""The write path: items -> changed articles -> chunks -> embeddings -> store, then manifest.

Writes are idempotent and keyed by stable ids: an unchanged article is skipped by its
content hash. A changed article's chunks get new ids (the id holds a prefix of the
content hash), so the order of a flush is: (1) upsert the new chunks into the store,
(2) commit the manifest (article rows and chunk rows, one SQLite transaction), (3)
delete the previous version's chunks. Readers only accept chunks whose content hash is
the manifest's, so they see either the old article or the new one, never half of each;
a crash at any point leaves at worst invisible orphans, which `reconcile` removes.
The manifest commit also records the article's versions (a changed title or text is a new
version; the previous ones are kept in the manifest, see rag.versions).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from ingest.items import Item, Notice, Skipped
from ingest.records import Article
from ingest.report import IngestReport

from .chunking import Chunk, Chunker
from .embedding import Embedder
from .manifest import Manifest, ManifestRow
from .models import utc_offset_minutes
from .site_outlets import name_site_outlets
from .store import VectorStore
from .stories import StoryIndex


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    old_chunks: int  # chunks the index holds for it now (0 when new)
    is_new: bool
    story_id: str | None = None
    minhash: bytes | None = None


class IngestPipeline:
    def __init__(
        self,
        *,
        embedder: Embedder,
        store: VectorStore,
        manifest: Manifest,
        chunker: Chunker,
        stories: StoryIndex | None = None,
        flush_chunks: int = 512,
        lookup_batch: int = 64,
        same_text_unchanged: bool = False,
    ) -> None:
        """`same_text_unchanged`: an indexed article whose title and text are the same counts as
        unchanged even when its metadata differs (the feed watcher: one story reached through two
        feeds with other outlet names must not be re-embedded on every round)."""
        self.stories = stories
        self.embedder = embedder
        self.store = store
        self.manifest = manifest
        self.chunker = chunker
        self.flush_chunks = flush_chunks
        self.lookup_batch = lookup_batch
        self.same_text_unchanged = same_text_unchanged

    def run(self, items: Iterable[Item], *, progress: bool = False, report: IngestReport | None = None) -> IngestReport:
        """Reading, parsing and chunking run in a background thread, one group ahead of the
        encoder, so the (dominant) embedding time is not spent waiting for them. `report`: the
        report to fill in (a caller reads its counts while the run goes on); a new one when None."""
        from tqdm import tqdm

        report = report if report is not None else IngestReport()
        start = time.perf_counter()
        bar = tqdm(desc="ingest", unit=" articles", disable=not progress, leave=False)
        try:
            # a dump or feed holding an article twice, edited in between: the later version is written once the
            # earlier one is, as a re-ingest would write it (a new version), and so on for a third
            while True:
                later: list[Article] = []
                for group in _prefetch(self._groups(items, report, bar, later)):
                    self._flush(group, report)
                if not later:
                    break
                items = later
        finally:
            bar.close()
        if report.ingested:
            name_site_outlets(self.manifest, self.store)
        report.seconds = time.perf_counter() - start
        return report

    def _groups(
        self, items: Iterable[Item], report: IngestReport, bar, later: list[Article]
    ) -> Iterator[list[_Pending]]:
        """Changed articles, chunked, in groups of about `flush_chunks` chunks (a group is cut
        as soon as it is full, so at most one article's chunks go past the bound). An article met again with
        other content goes to `later` when it is newer than the first (`_newer`), written after this pass."""
        seen: dict[str, str] = {}
        first: dict[str, tuple[str, datetime | None]] = {}  # id -> content hash and time of the version kept
        batch: list[Article] = []
        pending: list[_Pending] = []
        size = 0

        def classified() -> Iterator[list[_Pending]]:
            nonlocal pending, size
            for p in self._classify(batch, report, seen):
                pending.append(p)
                size += len(p.chunks)
                if size >= self.flush_chunks:
                    yield pending
                    pending, size = [], 0
            bar.update(len(batch))

        for item in items:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            if isinstance(item, Notice):
                report.warnings.append(item)
                continue
            if item.id in seen:
                was = first.get(item.id)
                if was is not None and was[0] != item.content_hash and _newer(_when(item), was[1]):
                    first[item.id] = (item.content_hash, _when(item))
                    later.append(item)
                    continue
                other = was is not None and was[0] != item.content_hash
                why = " (another version, not newer)" if other else ""
                report.skipped.append(Skipped(item.source or item.id, f"duplicate of {seen[item.id]} in this run{why}"))
                continue
            seen[item.id] = item.source or item.id
            first[item.id] = (item.content_hash, _when(item))
            batch.append(item)
            if len(batch) >= self.lookup_batch:
                yield from classified()
                batch = []
        yield from classified()
        if pending:
            yield pending

    def _in_place(
        self,
        articles: list[Article],
        known: dict[str, tuple[str, int, str | None, str | None, bool]],
        seen: dict[str, str],
    ) -> tuple[list[Article], list[str]]:
        """`articles`, each new one without a URL under the id of the indexed article read from the same
        place (`Article.origin`: the same file, or the same record of a file), when exactly one was and
        no other article of this run has it (`seen`: id -> source, updated): an edited file replaces its article, as a
        new version, instead of being added beside it under the id its new text gives. `known`: the
        manifest's rows of `articles`; also returns the ids taken over."""
        unplaced = {a.id: a.origin for a in articles if a.origin and not a.url and a.id in known and not known[a.id][3]}
        self.manifest.fill_origins(unplaced)  # indexed before origins were kept
        movable = {a.id: a.origin for a in articles if a.origin and not a.url and a.id not in known}
        if not movable:
            return articles, []
        placed = self.manifest.ids_by_origin([o for o in movable.values() if o])
        out, moved = [], []
        for a in articles:
            found = placed.get(movable.get(a.id) or "", [])
            if len(found) == 1 and found[0] not in seen:
                seen[found[0]] = a.source or a.id
                a = replace(a, id=found[0])
                moved.append(a.id)
            out.append(a)
        return out, moved

    def _classify(self, articles: list[Article], report: IngestReport, seen: dict[str, str]) -> Iterator[_Pending]:
        """The changed articles among `articles`, chunked one at a time as they are consumed (an edited
        article without a URL under the id of the one it replaces: `_in_place`)."""
        if not articles:
            return
        known = self.manifest.known([a.id for a in articles])
        articles, moved = self._in_place(articles, known, seen)
        if moved:
            known.update(self.manifest.known(moved))
        for article in articles:
            old = known.get(article.id)
            if old and (old[0] == article.content_hash or (self.same_text_unchanged and old[2] == article.text_hash)):
                if old[4] or not utc_offset_minutes(article.published_at):
                    report.unchanged += 1
                    continue
                # indexed before UTC offsets were kept: written again, once, so it shows the day the outlet dated it
            chunks = self.chunker.split(article)
            if not chunks:
                report.skipped.append(Skipped(article.source or article.id, "article text is empty after cleaning"))
                continue
            pending = _Pending(article, chunks, old[1] if old else 0, old is None)
            if self.stories is not None:
                pending.story_id, pending.minhash = self.stories.assign(article.id, article.text)
            yield pending

    def _flush(self, pending: list[_Pending], report: IngestReport) -> None:
        if not pending:
            return
        chunks = [(c, p) for p in pending for c in p.chunks]
        for start in range(0, len(chunks), self.flush_chunks):  # vectors and metadata: one slice at a time
            part = chunks[start : start + self.flush_chunks]
            t0 = time.perf_counter()
            vectors = self.embedder.embed([c.embed_text for c, _ in part])
            report.embed_seconds += time.perf_counter() - t0
            metadatas = [c.metadata(p.article, len(p.chunks)) for c, p in part]
            self.store.upsert([c.id for c, _ in part], vectors, [c.text for c, _ in part], metadatas)
            del vectors, metadatas
        new_ids = {c.id for c, _ in chunks}
        stale = [
            cid
            for cid in self.manifest.chunk_ids([p.article.id for p in pending if not p.is_new])
            if cid not in new_ids
        ]
        self.manifest.upsert(
            [
                ManifestRow(
                    id=p.article.id,
                    content_hash=p.article.content_hash,
                    title=p.article.title,
                    outlet=p.article.outlet,
                    outlet_key=p.article.outlet_key,
                    url=p.article.url,
                    published_ts=p.article.published_ts,
                    n_chunks=len(p.chunks),
                    source=p.article.source,
                    story_id=p.story_id,
                    minhash=p.minhash,
                    text_hash=p.article.text_hash,
                    text_source=p.article.text_source,
                    authors=json.dumps(list(p.article.authors), ensure_ascii=False),
                    origin=p.article.origin,
                    published_offset=utc_offset_minutes(p.article.published_at),
                )
                for p in pending
            ],
            [(c.id, p.article.id, c.position, c.text) for p in pending for c in p.chunks],
            texts={p.article.id: p.article.text for p in pending},  # versions, in the same transaction
        )
        if stale:
            self.store.delete(stale)
        for p in pending:
            if p.is_new:
                report.added += 1
            else:
                report.updated += 1
        report.chunks_written += len(chunks)
        report.chunks_deleted += len(stale)


def _when(article: Article) -> datetime | None:
    """When the article says it was last changed, else published."""
    return article.modified_at or article.published_at


def _newer(mine: datetime | None, theirs: datetime | None) -> bool:
    """Whether a version changed at `mine` is later than one changed at `theirs`. When either says no time, or both
    the same, the first one read stands (a feed repeating an entry with less text)."""
    return mine is not None and theirs is not None and mine > theirs


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def _prefetch(source: Iterator, depth: int = 1) -> Iterator:
    """Run `source` in a thread, `depth` items ahead of the consumer; its errors re-raise here."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def work() -> None:
        try:
            for item in source:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            q.put(_Failure(exc))
        finally:
            q.put(done)

    thread = threading.Thread(target=work, name="ingest-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                q.get(timeout=0.1)
            except queue.Empty:
                pass
