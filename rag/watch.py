"""The feed watcher: one round polls the due feeds and ingests what is new or changed.

Per feed: a conditional GET (If-None-Match / If-Modified-Since from the stored ETag and
Last-Modified) through the SSRF-safe fetcher; a 304 ends there (no parsing, no embedding).
Otherwise the entries are read, those this feed carried before with the same entry hash are
passed over, and the rest go through `NewsRAG._write(..., same_text_unchanged=True)`, one
call per feed so each feed's counts can be reported. The feed's state (validators, status,
next due time, article links) is written after its articles are committed: a watcher killed
mid-round leaves a consistent index, and the next round redoes the unfinished feed.

Politeness: at least `fetch_host_interval` seconds between two requests to one host, counted
across the process (ingest.politeness.HOSTS, shared with the full-text page fetches); a 429
or 503 with Retry-After is not asked again before that time (not even with --force), nor
are the other feeds of that host in this process's rounds until then; a feed
whose poll fails waits `every * 2^(errors-1)` (at most `feed_backoff_max_s`) before the next
try, and after `feed_failing_after` errors in a row is `failing`, retried every
`feed_backoff_max_s`. Any one feed's failure is recorded on it and the round goes on.
Retention (`retention_days`) removes old articles through the facade's delete path at the
end of the round.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ingest.feeds import NotAFeed, read_feed
from ingest.items import Item, Notice, Skipped
from ingest.limits import Limits, human_bytes
from ingest.politeness import HOSTS
from ingest.records import Article, RecordError
from ingest.report import IngestReport
from ingest.web import FetchError, HTTPStatusError, fetch_conditional

from .errors import ConfigError, EmbedderError, StoreError
from .feeds_models import FeedResult, WatchRound
from .feeds_store import FeedRow, FeedStore
from .models import iso_from_ts

if TYPE_CHECKING:
    from .api import NewsRAG
    from .reconcile import Reconciled
    from .stories import StoryIndex

# A Retry-After further away than this is taken as this (a broken header must not silence a feed for ever).
MAX_RETRY_AFTER_S = 7 * 86400
# Errors that are the index's or the configuration's, not one feed's: they end the round.
_NOT_THE_FEEDS_FAULT = (StoreError, EmbedderError, ConfigError)
_KEPT_REASONS = 5

ResultCallback = Callable[[FeedResult], None]


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def backoff_delay(errors: int, every_s: int, cap_s: int, *, failing: bool) -> float:
    """The wait after the `errors`-th consecutive error: every_s doubled per error, at most cap_s (a
    failing feed: cap_s, or its own interval when that is longer)."""
    cap = max(cap_s, every_s)
    if failing:
        return float(cap)
    return float(min(cap, every_s * 2 ** max(errors - 1, 0)))


class Poller:
    """Runs rounds for one NewsRAG; remembers when it last asked each host (politeness between rounds too)."""

    def __init__(self, rag: NewsRAG) -> None:
        self.rag = rag
        self._host_wait: dict[str, float] = {}  # host -> Unix time a 429/503's Retry-After asked to wait until
        self._round_lock = threading.Lock()
        self._opened: tuple[StoryIndex, Reconciled] | None = None  # the index opened for writing, this round
        self._stale_keyword = False  # articles written this round: the keyword index needs a refresh

    @property
    def store(self) -> FeedStore:
        return FeedStore(self.rag.manifest, self.rag.settings.feed_every_s)

    def run_round(
        self,
        *,
        force: bool = False,
        stop: threading.Event | None = None,
        on_result: ResultCallback | None = None,
    ) -> WatchRound:
        """Poll the due feeds (every feed with `force`), under the data directory's writer lock
        (IndexLockedError at once when another writer holds it); then apply retention."""
        from .locking import ingest_lock

        start = time.perf_counter()
        result = WatchRound()
        with self._round_lock, ingest_lock(self.rag.settings.data_dir), self.rag._own_write():
            self._opened = None
            self._stale_keyword = False
            try:
                limits = Limits.from_settings(self.rag.settings)
                store = self.store
                for row in store.due(time.time(), force=force):
                    if stop is not None and stop.is_set():
                        break
                    feed = self._poll(store, row, limits, stop)
                    result.feeds.append(feed)
                    if on_result is not None:
                        on_result(feed)
            finally:
                if self._stale_keyword:
                    self.rag.keyword.refresh()  # once per round, after every feed's articles
                self._opened = None
            if not (stop is not None and stop.is_set()):
                self._apply_retention(store, result)
        result.seconds = time.perf_counter() - start
        return result

    def _write(self, items: Iterable[Item]) -> IngestReport:
        """One feed's entries through the facade's write path. The index is opened for writing
        (reconcile, story index) once per round, and the keyword index refreshed once at its end."""
        from .reconcile import Reconciled

        if self._opened is None:
            stories, repaired = self.rag._open_for_writing()
            self._opened = (stories, Reconciled())
            self._stale_keyword = self._stale_keyword or bool(repaired.orphans_deleted or repaired.articles_forgotten)
        report = self.rag._write(
            items, IngestReport(), same_text_unchanged=True, opened=self._opened, refresh_keyword=False
        )
        self._stale_keyword = self._stale_keyword or report.ingested > 0
        return report

    # --- one feed
    def _poll(self, store: FeedStore, row: FeedRow, limits: Limits, stop: threading.Event | None) -> FeedResult:
        t0 = time.perf_counter()
        now = time.time()
        result = FeedResult(url=row.url, status=row.status)
        try:
            if row.retry_after is not None and row.retry_after > now:
                result.error = (
                    f"not polled: the server asked to wait until {iso_from_ts(int(row.retry_after))} (Retry-After)"
                )
                return result
            host_wait = self._host_wait.get(_host(row.url), 0.0)
            if host_wait > now:  # another feed of this host was told to wait: so is this one, this round
                result.error = f"not polled: its host asked to wait until {iso_from_ts(int(host_wait))} (Retry-After)"
                return result
            self._read(store, row, limits, stop, result, now)
        except _NOT_THE_FEEDS_FAULT:
            raise
        except Exception as exc:  # noqa: BLE001 - one feed's surprise is recorded on it, the round goes on
            self._failed(store, row, result, now, f"{type(exc).__name__}: {exc}", result.http_status)
        finally:
            result.seconds = time.perf_counter() - t0
        return result

    def _read(
        self,
        store: FeedStore,
        row: FeedRow,
        limits: Limits,
        stop: threading.Event | None,
        result: FeedResult,
        now: float,
    ) -> None:
        try:
            # the process's one per-host gate: feeds and the pages behind their entries take turns
            with HOSTS.slot(row.url, limits.fetch_host_interval, stop):
                fetched = fetch_conditional(row.url, limits, etag=row.etag, last_modified=row.last_modified)
        except HTTPStatusError as exc:
            wait = parse_retry_after(exc.retry_after, now) if exc.status in (429, 503) else None
            if wait:
                self._host_wait[_host(row.url)] = now + wait
            self._failed(store, row, result, now, _http_error_text(exc, wait), exc.status, retry_after=wait)
            return
        except FetchError as exc:
            self._failed(store, row, result, now, str(exc), None)
            return
        result.http_status = fetched.status
        every = store.every(row)
        etag = fetched.headers.get("ETag")
        last_modified = fetched.headers.get("Last-Modified")
        if fetched.not_modified:  # no parsing, no embedding
            result.not_modified = True
            result.status = "not_modified"
            store.record_read(
                row.url,
                now=now,
                http_status=304,
                not_modified=True,
                etag=etag,
                last_modified=last_modified,
                title=None,
                changed=False,
                next_due=now + every,
            )
            self._recheck(store, row, limits, stop, result, now, done=set())
            return
        if len(fetched.body) > limits.max_document_bytes:
            self._failed(
                store,
                row,
                result,
                now,
                f"the feed is {human_bytes(len(fetched.body))}, over the {human_bytes(limits.max_document_bytes)} "
                "limit for one feed (NEWSRAG_MAX_DOCUMENT_BYTES)",
                fetched.status,
            )
            return
        try:
            doc = read_feed(fetched.body, fetched.content_type, source=row.url)
        except NotAFeed as exc:
            self._failed(store, row, result, now, str(exc), fetched.status)
            return
        fresh, hashes = self._select(store, row, doc.items, result)
        article_of: dict[str, str] = {}  # entry id -> id of the article indexed from it
        if fresh:
            items = _with_full_text(fresh, limits, article_of)
            report = self._write(items)
            result.added += report.added
            result.updated += report.updated
            result.unchanged += report.unchanged
            result.skipped += len(report.skipped)
            result.skipped_reasons += [f"{s.source}: {s.reason}" for s in report.skipped[:_KEPT_REASONS]]
            result.chunks_embedded += report.chunks_written
        result.status = "ok"
        store.record_read(
            row.url,
            now=now,
            http_status=fetched.status,
            not_modified=False,
            etag=etag,
            last_modified=last_modified,
            title=doc.title,
            changed=result.added + result.updated > 0,
            next_due=now + every,
            links=[(eid, article_of.get(eid, eid), h) for eid, h in hashes],
        )
        self._recheck(store, row, limits, stop, result, now, done=set(article_of.values()))

    def _recheck(
        self,
        store: FeedStore,
        row: FeedRow,
        limits: Limits,
        stop: threading.Event | None,
        result: FeedResult,
        now: float,
        *,
        done: set[str],
    ) -> None:
        """The pages of this feed's recent articles (`recheck_hours`) read again: a story corrected on its page
        while the feed's entry stays the same (the common case, and a 304 for the whole feed) becomes a new
        version. Articles written this poll (`done`) are not read twice."""
        s = self.rag.settings
        off = getattr(limits, "feed_full_text", "urls") == "off"
        if s.recheck_hours <= 0 or s.recheck_max <= 0 or off or not _has_fulltext():
            return
        from ingest.fulltext import SUMMARY, recheck_pages  # type: ignore[import-not-found, unused-ignore]

        recent = store.recent_pages(row.url, now - s.recheck_hours * 3600, s.recheck_max + len(done))
        indexed = []
        for article_id, url, title, outlet, published_ts, offset in recent:
            if article_id in done or len(indexed) >= s.recheck_max:
                continue
            versions = self.rag.manifest.versions(article_id)
            if not versions:
                continue
            try:
                indexed.append(
                    Article.create(
                        title=title,
                        text=versions[-1].text,
                        url=url,
                        outlet=outlet,
                        published_at=iso_from_ts(published_ts, offset) if published_ts is not None else None,
                        source=f"{row.url} (recheck)",
                        text_source=SUMMARY,
                    )
                )
            except RecordError:
                continue
        if not indexed:
            return
        report = self._write(recheck_pages(indexed, limits, stop=stop))
        result.rechecked += len(indexed)
        result.updated += report.updated
        result.chunks_embedded += report.chunks_written

    def _select(
        self, store: FeedStore, row: FeedRow, items: Iterable[Item], result: FeedResult
    ) -> tuple[list[Item], list[tuple[str, str]]]:
        """The entries to write (new or changed since this feed last carried them, within retention)
        and the (entry id, entry hash) of every entry read."""
        known = store.known_entries(row.url)
        cutoff = self._retention_cutoff()
        fresh: list[Item] = []
        links: list[tuple[str, str]] = []
        for item in items:
            if isinstance(item, Notice):
                fresh.append(item)
                continue
            result.entries += 1
            if isinstance(item, Skipped):
                result.skipped += 1
                if len(result.skipped_reasons) < _KEPT_REASONS:
                    result.skipped_reasons.append(f"{item.source}: {item.reason}")
                continue
            links.append((item.id, item.content_hash))
            if known.get(item.id) == item.content_hash:
                result.unchanged += 1  # this feed carried this very entry before: nothing to do
                continue
            if cutoff is not None and item.published_ts is not None and item.published_ts < cutoff:
                result.skipped += 1
                if len(result.skipped_reasons) < _KEPT_REASONS:
                    result.skipped_reasons.append(
                        f"{item.source}: published {iso_from_ts(item.published_ts)}, before the retention window "
                        f"(retention_days={self.rag.settings.retention_days})"
                    )
                continue
            fresh.append(item)
        if not any(isinstance(i, Article) for i in fresh):
            fresh = []
        return fresh, links

    def _failed(
        self,
        store: FeedStore,
        row: FeedRow,
        result: FeedResult,
        now: float,
        error: str,
        http_status: int | None,
        *,
        retry_after: float | None = None,
    ) -> None:
        s = self.rag.settings
        errors = row.consecutive_errors + 1
        failing = errors >= s.feed_failing_after
        delay = backoff_delay(errors, store.every(row), s.feed_backoff_max_s, failing=failing)
        until = now + retry_after if retry_after is not None else None
        status = "failing" if failing else "rate_limited" if until is not None else "error"
        store.record_error(
            row.url,
            now=now,
            status=status,
            error=error,
            http_status=http_status,
            consecutive_errors=errors,
            next_due=max(now + delay, until or 0.0),
            retry_after=until,
        )
        result.status = status
        result.error = error
        result.http_status = http_status

    # --- retention
    def _retention_cutoff(self) -> int | None:
        days = self.rag.settings.retention_days
        return int(time.time() - days * 86400) if days else None

    def _apply_retention(self, store: FeedStore, result: WatchRound) -> None:
        cutoff = self._retention_cutoff()
        if cutoff is None:
            return
        result.retention_cutoff = cutoff
        old = self.rag.manifest.published_before(cutoff)
        if old:
            result.retention_removed = self.rag._delete(old)
            store.forget_articles(old)


class WatchLoop:
    """Rounds until stopped: each round when the earliest feed is due (or every `every_s` seconds),
    checking at least once a minute; in a thread (`start`/`stop`, `serve --watch`) or in the caller's."""

    def __init__(
        self,
        rag: NewsRAG,
        *,
        every_s: float | None = None,
        force_first: bool = False,
        on_round: Callable[[WatchRound], None] | None = None,
        on_result: ResultCallback | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.rag = rag
        self.every_s = every_s
        self.force_first = force_first
        self.on_round = on_round
        self.on_result = on_result
        self.on_error = on_error
        self.stop_event = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        force = self.force_first
        while not self.stop_event.is_set():
            try:
                done = self.rag.watch(force=force, stop=self.stop_event, on_result=self.on_result)
                if self.on_round is not None:
                    self.on_round(done)
            except Exception as exc:  # noqa: BLE001 - a locked index or a store error: told, retried next time
                if self.on_error is None:
                    raise
                self.on_error(exc)
            force = False
            self.stop_event.wait(self._pause())

    def _pause(self) -> float:
        if self.every_s:
            return self.every_s
        due = self.rag.feed_store.next_due()
        if due is None:
            return 60.0
        return min(max(due - time.time(), 1.0), 60.0)

    def start(self) -> WatchLoop:
        self._thread = threading.Thread(target=self.run, name="newsrag-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the loop to stop (a round in progress ends after its current feed); True when it has."""
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _http_error_text(exc: HTTPStatusError, wait: float | None) -> str:
    text = str(exc)
    if wait is not None:
        text += f"; the server asked to wait {wait:.0f}s (Retry-After)"
    return text


def _with_full_text(items: list[Item], limits: Limits, article_of: dict[str, str]) -> Iterator[Item]:
    """The entries, with the full article fetched for summary-only ones when ingest.fulltext is there;
    `article_of` gets, per entry id, the id of the article that stands for it (its page's canonical
    URL may name another).

    HAND-OFF (issue 14, "fulltext" branch): `ingest.fulltext.with_full_text(items, limits)`; until
    that branch is merged the module does not exist and entries are indexed as the feed gives them."""
    if not _has_fulltext() or getattr(limits, "feed_full_text", "urls") == "off":
        yield from items
        return
    from ingest.fulltext import with_full_text  # type: ignore[import-not-found, unused-ignore]

    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        for out in with_full_text([item], limits):  # one entry at a time: which article it became
            if isinstance(out, Article):
                article_of[item.id] = out.id
            yield out


def _has_fulltext() -> bool:
    """Whether this ingest package has the fulltext module (not another checkout's, which an
    editable install's finder can also resolve)."""
    import ingest

    spec = importlib.util.find_spec("ingest.fulltext")
    if spec is None or not spec.origin:
        return False
    return Path(spec.origin).resolve().parent in {Path(p).resolve() for p in ingest.__path__}
