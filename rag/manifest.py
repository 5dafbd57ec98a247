"""The manifest: which articles the index holds, their content hash and chunk count, and
every version of their title and text (`versions`, see rag.versions).

It decides added / updated / unchanged at ingest, answers stats and filter counts
without touching Chroma, and is written only after the chunks are in the store.

When this process may not write it (a published, read-only index) it is opened
read-only (`mode=ro`; `immutable=1` when the WAL's shared-memory file cannot be
created either), nothing is created or migrated, and every write raises StoreError.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.outlets import outlet_key, same_outlet

from .datadir import check_not_a_file, read_only_message, writable
from .errors import StoreError
from .filters import Filters
from .models import iso_from_ts
from .versions import reconstruct_text, same_words, word_count

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    outlet_key TEXT,
    url TEXT,
    published_ts INTEGER,
    n_chunks INTEGER NOT NULL,
    source TEXT,
    ingested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_ts);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet_key);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    every_s INTEGER,
    etag TEXT,
    last_modified TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    http_status INTEGER,
    last_checked REAL,
    last_changed REAL,
    next_due REAL,
    consecutive_errors INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    retry_after REAL,
    added_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_articles (
    feed_url TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    entry_hash TEXT,
    PRIMARY KEY (feed_url, entry_id)
);
CREATE INDEX IF NOT EXISTS feed_articles_article ON feed_articles(article_id);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_ts INTEGER,
    outlet_key TEXT
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE TABLE IF NOT EXISTS versions (
    article_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    seen_at REAL NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    text_hash TEXT,
    reconstructed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, version)
);
"""
# Columns added after the first release; `_migrate` adds them to older manifests.
_INSERT_VERSION = "INSERT OR REPLACE INTO versions VALUES (?,?,?,?,?,?,?,?,?)"
_ARTICLE_COLUMNS = {
    "story_id": "TEXT",
    "minhash": "BLOB",
    "text_hash": "TEXT",
    "text_source": "TEXT",
    "authors": "TEXT",  # the byline as a JSON list ("[]": none); NULL in rows written before it was kept
    "origin": "TEXT",  # Article.origin: where an article without a URL was read from; NULL before it was kept
    # the UTC offset (minutes) the outlet gave with the publication time; NULL: undated, or before it was kept
    "published_offset": "INTEGER",
}
# The keyword index: an FTS5 table over `chunks.text` (external content: the text is stored once,
# in `chunks`), kept in step by triggers, so every chunk upsert/delete updates it in the same
# transaction. Created with the manifest; an older manifest gets it (built from its chunks) by the
# `keyword index` upgrade (rag/migrations.py), under the writer lock.
KEYWORD_TABLE = "chunks_fts"
_KEYWORD_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(text, content='chunks', content_rowid='rowid',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS chunks_fts_insert AFTER INSERT ON chunks BEGIN"
    " INSERT INTO chunks_fts(rowid, text) VALUES (new.rowid, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS chunks_fts_delete AFTER DELETE ON chunks BEGIN"
    " INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS chunks_fts_update AFTER UPDATE ON chunks BEGIN"
    " INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
    " INSERT INTO chunks_fts(rowid, text) VALUES (new.rowid, new.text); END",
)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone() is not None


@dataclass
class ManifestRow:
    id: str
    content_hash: str
    title: str
    outlet: str | None
    outlet_key: str | None
    url: str | None
    published_ts: int | None
    n_chunks: int
    source: str | None
    story_id: str | None = None
    minhash: bytes | None = None
    text_hash: str | None = None  # sha256 of title + text (Article.text_hash); None in rows written before it existed
    text_source: str | None = None  # "page" / "full" / "summary" (Article.text_source); None when unknown
    authors: str | None = None  # the byline as a JSON list ("[]": none); None in rows written before it was kept
    origin: str | None = None  # Article.origin (an article without a URL); None in rows written before it was kept
    published_offset: int | None = None  # UTC offset (minutes) of the publication time; None: undated or not kept


@dataclass
class ArticleRow:
    """What `Manifest.article` tells about one indexed article."""

    id: str
    title: str
    url: str | None
    outlet: str | None
    content_hash: str
    text_hash: str | None
    ingested_at: float


@dataclass
class VersionRow:
    """One row of the `versions` table: a version of an article as it was first seen."""

    article_id: str
    version: int
    seen_at: float
    title: str
    text: str
    words: int
    content_hash: str
    text_hash: str | None
    reconstructed: bool


class Manifest:
    def __init__(self, path: Path, *, read_only: bool | None = None) -> None:
        """`read_only`: None decides by the file's permissions (read-only when this process may not write it)."""
        check_not_a_file(path.parent)
        self.path = path
        self.read_only = not writable(path) if read_only is None else read_only
        self._lock = threading.Lock()
        try:
            self._conn = self._open_read_only() if self.read_only else self._open_writable()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the index manifest {path}: {exc}") from None

    def _open_writable(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.path.parent}: {exc.strerror or exc}") from None
        conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # INSERT OR REPLACE must fire the delete trigger of the row it replaces (keyword index)
        conn.execute("PRAGMA recursive_triggers=ON")
        conn.executescript(_SCHEMA)
        self._migrate(conn)
        if not _has_table(conn, KEYWORD_TABLE) and not conn.execute("SELECT 1 FROM chunks LIMIT 1").fetchone():
            self._create_keyword_index(conn)  # a new (or chunk-less) manifest: nothing to build from
        return conn

    def _open_read_only(self) -> sqlite3.Connection:
        """The manifest without writing anything: not the file, not its WAL, not the data directory."""
        if not self.path.exists():  # no index here (yet): an empty one, in memory
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            conn.executescript(_SCHEMA)
            self._migrate(conn)
            self._create_keyword_index(conn)
            return conn
        uri = self.path.resolve().as_uri()
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False, timeout=30)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # WAL mode needs a -shm file beside the database, which a read-only directory cannot
            # get; `immutable` reads the file as it is, without locking (a published index that
            # nobody writes; a writer with other permissions would not be noticed until reopened).
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        self._shadow_missing(conn)
        return conn

    @staticmethod
    def _shadow_missing(conn: sqlite3.Connection) -> None:
        """An older manifest opened read-only cannot be migrated: empty TEMP tables stand in for its
        missing tables and a TEMP view adds its missing columns (as NULL), so every query works."""
        have_tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for statement in _SCHEMA.split(";"):
            words = statement.split()
            if words[:5] == ["CREATE", "TABLE", "IF", "NOT", "EXISTS"] and words[5] not in have_tables:
                conn.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
        if "articles" in have_tables:
            columns = {row[1] for row in conn.execute("PRAGMA main.table_info(articles)")}
            missing = [name for name in _ARTICLE_COLUMNS if name not in columns]
            if missing:
                extra = ", ".join(f"NULL AS {name}" for name in missing)
                conn.execute(f"CREATE TEMP VIEW articles AS SELECT *, {extra} FROM main.articles")

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        have = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        with conn:
            for name, kind in _ARTICLE_COLUMNS.items():
                if name not in have:
                    conn.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")
            conn.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id)")
            conn.execute("CREATE INDEX IF NOT EXISTS articles_origin ON articles(origin)")

    @staticmethod
    def _create_keyword_index(conn: sqlite3.Connection) -> None:
        """The FTS5 table and its triggers, filled from the chunks already there, in one transaction."""
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if _has_table(conn, KEYWORD_TABLE):
                return  # another process built it meanwhile
            for statement in _KEYWORD_SCHEMA:
                conn.execute(statement)
            conn.execute(f"INSERT INTO {KEYWORD_TABLE}({KEYWORD_TABLE}) VALUES ('rebuild')")

    @property
    def has_keyword_index(self) -> bool:
        """Whether the manifest holds the FTS5 keyword index (manifests before it do not)."""
        with self._lock:
            return _has_table(self._conn, KEYWORD_TABLE)

    def build_keyword_index(self) -> None:
        """Create the keyword index of an older manifest from its chunks (a one-time upgrade: the
        writer calls it under the writer lock); a no-op when it exists."""
        if self.read_only:
            raise StoreError(read_only_message(self.path.parent))
        with self._lock:
            try:
                self._create_keyword_index(self._conn)
            except sqlite3.OperationalError as exc:
                raise StoreError(f"building the keyword index in {self.path} failed: {exc}") from None

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement on the manifest's connection (derived indexes use it)."""
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; StoreError (not a raw sqlite3 error) when the index cannot be written."""
        if self.read_only:
            raise StoreError(read_only_message(self.path.parent))
        with self._lock:
            try:
                with self._conn:
                    yield self._conn
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc) or "read-only" in str(exc):
                    raise StoreError(read_only_message(self.path.parent)) from None
                raise StoreError(f"writing the index manifest {self.path} failed: {exc}") from None

    @property
    def generation(self) -> int:
        """Bumped by every write, so derived indexes (keyword search) know when they are stale."""
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def _bump(self) -> None:
        self._conn.execute(
            "INSERT INTO meta VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def close(self) -> None:
        self._conn.close()

    def select(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read query (for the modules keeping their own tables here: rag/feeds_store.py)."""
        with self._lock:
            return list(self._conn.execute(sql, args))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the manifest's connection (StoreError when the index is read-only);
        it does not bump `generation`: for tables no derived index depends on."""
        with self._writing() as conn:
            yield conn

    def published_before(self, ts: int) -> list[str]:
        """Ids of the articles published before `ts` (articles without a date are never listed)."""
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT id FROM articles WHERE published_ts < ?", (ts,))]

    def newest_published(self, until_ts: int) -> int | None:
        """The publication time of the newest article published up to `until_ts` (None: no dated one)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT MAX(published_ts) FROM articles WHERE published_ts <= ?", (until_ts,)
            ).fetchone()
        return row[0] if row else None

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """content_hash and n_chunks for those of `ids` already indexed."""
        return {k: (v[0], v[1]) for k, v in self.known(ids).items()}

    def known(self, ids: Sequence[str]) -> dict[str, tuple[str, int, str | None, str | None, bool]]:
        """content_hash, n_chunks, text_hash, origin and whether its publication time's UTC offset is kept
        (undated, or written since offsets were kept) for those of `ids` already indexed."""
        out: dict[str, tuple[str, int, str | None, str | None, bool]] = {}
        ids = list(ids)
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = (
                    "SELECT id, content_hash, n_chunks, text_hash, origin,"
                    " published_ts IS NULL OR published_offset IS NOT NULL FROM articles"
                    f" WHERE id IN ({','.join('?' * len(part))})"
                )
                for row in self._conn.execute(q, part):
                    out[row[0]] = (row[1], row[2], row[3], row[4], bool(row[5]))
        return out

    def upsert(
        self,
        rows: Iterable[ManifestRow],
        chunks: Iterable[tuple[str, str, int, str]] = (),
        texts: Mapping[str, str] | None = None,
    ) -> None:
        """Record articles and (chunk id, article id, position, text) rows in one transaction.

        An article's previous chunk rows are replaced by the ones given. `texts` (article id ->
        the article's text): record versions for those articles in the same transaction (see
        `_record_versions`); without it (upgrades that copy rows) no version is recorded."""
        now = time.time()
        rows = list(rows)
        with self._writing():
            if texts:
                self._record_versions([r for r in rows if r.id in texts], texts, now)
            self._conn.executemany(
                "INSERT OR REPLACE INTO articles (id, content_hash, title, outlet, outlet_key, url, published_ts,"
                " n_chunks, source, ingested_at, story_id, minhash, text_hash, text_source, authors, origin,"
                " published_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r.id,
                        r.content_hash,
                        r.title,
                        r.outlet,
                        r.outlet_key,
                        r.url,
                        r.published_ts,
                        r.n_chunks,
                        r.source,
                        now,
                        r.story_id,
                        r.minhash,
                        r.text_hash,
                        r.text_source,
                        r.authors,
                        r.origin,
                        r.published_offset,
                    )
                    for r in rows
                ],
            )
            self._conn.executemany("DELETE FROM chunks WHERE article_id = ?", [(r.id,) for r in rows])
            meta = {r.id: r for r in rows}
            self._conn.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?)",
                [(cid, aid, pos, text, meta[aid].published_ts, meta[aid].outlet_key) for cid, aid, pos, text in chunks],
            )
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('last_ingest', ?)", (str(now),))
            self._bump()

    def _record_versions(self, rows: list[ManifestRow], texts: Mapping[str, str], now: float) -> None:
        """Inside upsert's transaction, before the article and chunk rows are replaced: a new article
        gets version 1; an article whose title + text changed (`text_hash`) gets the next version; a
        change of metadata only updates its current version's content hash."""
        conn = self._conn
        for r in rows:
            text = texts[r.id]
            latest = conn.execute(
                "SELECT version, text_hash FROM versions WHERE article_id = ? ORDER BY version DESC LIMIT 1", (r.id,)
            ).fetchone()
            if latest is not None and latest[1] == r.text_hash:
                conn.execute(
                    "UPDATE versions SET content_hash = ? WHERE article_id = ? AND version = ?",
                    (r.content_hash, r.id, latest[0]),
                )
                continue
            version, seen_at = (latest[0] + 1, now) if latest else self._before_versions(r, text, now)
            row = (r.id, version, seen_at, r.title, text, word_count(text), r.content_hash, r.text_hash, 0)
            conn.execute(_INSERT_VERSION, row)

    def _before_versions(self, r: ManifestRow, text: str, now: float) -> tuple[int, float]:
        """(version, seen_at) for the first version recorded of `r`. An article indexed before versions
        were kept (it has a row but no version) whose title or text changed first gets its previous
        text as version 1, rebuilt from its chunk rows (approximate: see `versions.reconstruct_text`)
        and seen when it was last ingested; one whose text did not change is version 1 as of then."""
        conn = self._conn
        old = conn.execute(
            "SELECT title, content_hash, text_hash, ingested_at FROM articles WHERE id = ?", (r.id,)
        ).fetchone()
        if old is None:
            return 1, now
        title, content_hash, old_text_hash, ingested_at = old
        chunks = conn.execute("SELECT text FROM chunks WHERE article_id = ? ORDER BY position", (r.id,))
        old_text = reconstruct_text([t for (t,) in chunks])
        if old_text_hash:
            same = old_text_hash == r.text_hash
        else:  # from before text_hash: compare the rebuilt text, spaces aside
            same = title == r.title and same_words(old_text, text)
        if same:
            return 1, ingested_at
        row = (r.id, 1, ingested_at, title, old_text, word_count(old_text), content_hash, old_text_hash, 1)
        conn.execute(_INSERT_VERSION, row)
        return 2, now

    def update_stories(self, rows: Sequence[tuple[str, str | None, bytes | None]]) -> None:
        with self._writing():
            self._conn.executemany(
                "UPDATE articles SET story_id = ?, minhash = ? WHERE id = ?", [(s, m, i) for i, s, m in rows]
            )

    def delete(self, ids: Sequence[str], *, keep_versions: bool = False) -> None:
        """Forget articles: their rows, chunk rows and versions. `keep_versions`: keep the versions
        (reconcile forgets an article whose chunks the store lost; its next ingest continues them)."""
        with self._writing():
            self._conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
            self._conn.executemany("DELETE FROM chunks WHERE article_id = ?", [(i,) for i in ids])
            if not keep_versions:
                self._conn.executemany("DELETE FROM versions WHERE article_id = ?", [(i,) for i in ids])
            self._bump()

    # --- versions (rag.versions builds histories from these)
    def article(self, article_id: str) -> ArticleRow | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, title, url, outlet, content_hash, text_hash, ingested_at FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
        return ArticleRow(*row) if row else None

    def article_id_for_url(self, url: str) -> str | None:
        """The id of the indexed article with this (canonical) URL."""
        with self._lock:
            row = self._conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1", (url,)).fetchone()
        return row[0] if row else None

    def ids_by_origin(self, origins: Sequence[str]) -> dict[str, list[str]]:
        """origin -> the ids of the indexed articles without a URL read from there, for those of `origins`
        with any (an edited file's article is found by where it was read, not by its changed text)."""
        out: dict[str, list[str]] = {}
        keys = list(dict.fromkeys(origins))
        with self._lock:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                q = f"SELECT origin, id FROM articles WHERE url IS NULL AND origin IN ({','.join('?' * len(part))})"
                for origin, aid in self._conn.execute(q, part):
                    out.setdefault(origin, []).append(aid)
        return out

    def fill_origins(self, origins: Mapping[str, str]) -> None:
        """Record article id -> origin for the indexed articles without a URL that have none (indexed
        before origins were kept), so that their next edited copy replaces them."""
        if origins:
            with self._writing() as conn:
                conn.executemany(
                    "UPDATE articles SET origin = ? WHERE id = ? AND origin IS NULL AND url IS NULL",
                    [(o, i) for i, o in origins.items()],
                )

    def versions(self, article_id: str) -> list[VersionRow]:
        """The article's stored versions, oldest first (empty for one indexed before versions were kept)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT article_id, version, seen_at, title, text, words, content_hash, text_hash, reconstructed"
                " FROM versions WHERE article_id = ? ORDER BY version",
                (article_id,),
            ).fetchall()
        return [VersionRow(*r[:8], reconstructed=bool(r[8])) for r in rows]

    def version_texts(self, article_id: str, versions: Sequence[int]) -> dict[int, tuple[str, str]]:
        """version -> (title, text) for those of `versions` the article has."""
        if not versions:
            return {}
        with self._lock:
            q = (
                "SELECT version, title, text FROM versions WHERE article_id = ?"
                f" AND version IN ({','.join('?' * len(versions))})"
            )
            return {v: (t, x) for v, t, x in self._conn.execute(q, [article_id, *versions])}

    def current_versions(self, article_ids: Sequence[str]) -> dict[str, tuple[int, float]]:
        """article id -> (current version, when it was first seen) for those of `article_ids` with
        more than one version."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, tuple[int, float]] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = (
                    "SELECT v.article_id, v.version, v.seen_at FROM versions v"
                    f" WHERE v.article_id IN ({','.join('?' * len(part))}) AND v.version > 1"
                    " AND v.version = (SELECT MAX(version) FROM versions WHERE article_id = v.article_id)"
                )
                for aid, version, seen_at in self._conn.execute(q, part):
                    out[aid] = (int(version), float(seen_at))
        return out

    def chunk_texts(self, article_id: str) -> list[str]:
        """The article's chunk texts in order."""
        with self._lock:
            return [
                t
                for (t,) in self._conn.execute(
                    "SELECT text FROM chunks WHERE article_id = ? ORDER BY position", (article_id,)
                )
            ]

    def chunk_ids(self, article_ids: Sequence[str]) -> list[str]:
        with self._lock:
            out: list[str] = []
            ids = list(article_ids)
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = f"SELECT id FROM chunks WHERE article_id IN ({','.join('?' * len(part))})"
                out.extend(r[0] for r in self._conn.execute(q, part))
            return out

    def first_chunks(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> the id of one of its chunks (the first by id)."""
        out: dict[str, str] = {}
        ids = list(article_ids)
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = f"SELECT article_id, MIN(id) FROM chunks WHERE article_id IN ({','.join('?' * len(part))}) GROUP BY article_id"
                out.update(self._conn.execute(q, part).fetchall())
        return out

    def chunk_count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def iter_chunks(self) -> list[tuple[str, str, str, int | None, str | None]]:
        """(chunk id, article id, text, published_ts, outlet_key) of every chunk, in a stable order."""
        with self._lock:
            return list(
                self._conn.execute("SELECT id, article_id, text, published_ts, outlet_key FROM chunks ORDER BY id")
            )

    def filter_columns(self) -> list[tuple[str, int | None, str | None]]:
        """(article id, UTC offset, byline) of every article: what `Filters.sql` reads of the articles table."""
        with self._lock:
            return list(self._conn.execute("SELECT id, published_offset, authors FROM articles"))

    def signatures(self) -> list[tuple[str, str | None, bytes | None]]:
        """(article id, story id, MinHash signature) of every article, oldest first."""
        with self._lock:
            return list(
                self._conn.execute(
                    "SELECT id, story_id, minhash FROM articles ORDER BY COALESCE(published_ts, 0), ingested_at, id"
                )
            )

    def stories(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> story id (the article itself when it has no copies)."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        with self._lock:
            q = f"SELECT id, COALESCE(story_id, id) FROM articles WHERE id IN ({','.join('?' * len(ids))})"
            return dict(self._conn.execute(q, ids).fetchall())

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[tuple[str, str | None, str | None]]]:
        """story id -> [(article id, outlet, url)] of every copy of the story in the index."""
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, list[tuple[str, str | None, str | None]]] = {i: [] for i in ids}
        if not ids:
            return out
        with self._lock:
            q = (
                "SELECT COALESCE(story_id, id), id, outlet, url FROM articles "
                f"WHERE COALESCE(story_id, id) IN ({','.join('?' * len(ids))}) ORDER BY COALESCE(published_ts, 0), id"
            )
            for story, aid, outlet, url in self._conn.execute(q, ids):
                out.setdefault(story, []).append((aid, outlet, url))
        return out

    def text_sources(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article id -> where its text comes from ("page" / "full" / "summary"), for the articles that say."""
        ids = list(dict.fromkeys(article_ids))
        out: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = (
                    "SELECT id, text_source FROM articles WHERE text_source IS NOT NULL"
                    f" AND id IN ({','.join('?' * len(part))})"
                )
                out.update(self._conn.execute(q, part).fetchall())
        return out

    def count(self, filters: Filters | None = None) -> int:
        where, args = (filters or Filters()).sql()
        with self._lock:
            return int(self._conn.execute(f"SELECT COUNT(*) FROM articles WHERE {where}", args).fetchone()[0])

    _OUTLET_COUNTS = (
        "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, outlet"
    )

    def _outlet_counts(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most first; names that differ only by a leading "the" ("The
        Norrland Courier", "Norrland Courier") are one outlet, named as most of its articles name it."""
        with self._lock:
            rows = list(self._conn.execute(self._OUTLET_COUNTS))
        merged: dict[str, tuple[str, int]] = {}
        for outlet, n in rows:  # most articles first: the first spelling met names the outlet
            key = same_outlet(outlet) or outlet
            name, total = merged.get(key, (outlet, 0))
            merged[key] = (name, total + int(n))
        return sorted(merged.values(), key=lambda o: (-o[1], o[0]))

    def author_counts(self) -> list[tuple[str, int]]:
        """Every name an article's byline in the index lists, with its number of articles, most first."""
        with self._lock:
            return [
                (name, int(n))
                for name, n in self._conn.execute(
                    "SELECT j.value, COUNT(*) FROM articles AS a, json_each(a.authors) AS j"
                    " WHERE a.authors IS NOT NULL GROUP BY j.value ORDER BY COUNT(*) DESC, j.value"
                )
            ]

    def author_names(self) -> list[str]:
        """Every name an article's byline in the index lists, most articles first."""
        return [name for name, _ in self.author_counts()]

    def articles_by(self, authors: Sequence[str]) -> list[str]:
        """The ids of the articles whose byline lists one of `authors` (names as stored)."""
        if not authors:
            return []
        where, args = Filters(authors=tuple(authors)).sql()
        with self._lock:
            return [r[0] for r in self._conn.execute(f"SELECT id FROM articles WHERE {where}", args)]

    def without_authors(self) -> list[str]:
        """The ids of the articles indexed before bylines were kept in the manifest."""
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT id FROM articles WHERE authors IS NULL")]

    def set_authors(self, rows: Sequence[tuple[str, str]]) -> None:
        """(article id, byline as a JSON list) for articles indexed before bylines were kept."""
        with self._writing():
            self._conn.executemany("UPDATE articles SET authors = ? WHERE id = ?", [(a, i) for i, a in rows])
            self._bump()

    def address_outlets(self) -> list[tuple[str, str, str]]:
        """(id, outlet, url) of the articles whose outlet reads as a site's address ("kestreltimes.example"),
        their record naming none."""
        with self._lock:
            return list(
                self._conn.execute(
                    "SELECT id, outlet, url FROM articles WHERE url IS NOT NULL"
                    " AND outlet_key LIKE '%.%' AND outlet_key NOT LIKE '% %'"
                )
            )

    def outlets_by_url(self) -> list[tuple[str, str]]:
        """(outlet, url) of every article with both."""
        with self._lock:
            return list(
                self._conn.execute("SELECT outlet, url FROM articles WHERE outlet IS NOT NULL AND url IS NOT NULL")
            )

    def rename_outlet(self, article_ids: Sequence[str], outlet: str) -> None:
        """Give `article_ids` the outlet `outlet` (their rows and their chunks' filter key)."""
        key = outlet_key(outlet)
        ids = list(article_ids)
        with self._writing() as conn:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                conn.execute(
                    f"UPDATE articles SET outlet = ?, outlet_key = ? WHERE id IN ({marks})", [outlet, key, *part]
                )
                conn.execute(f"UPDATE chunks SET outlet_key = ? WHERE article_id IN ({marks})", [key, *part])
            self._bump()

    def outlet_names(self) -> list[str]:
        """Every outlet an article in the index names, most articles first."""
        return [o for o, _ in self._outlet_counts()]

    def stats(self) -> dict[str, Any]:
        with self._lock:
            n, chunks = self._conn.execute("SELECT COUNT(*), COALESCE(SUM(n_chunks),0) FROM articles").fetchone()
            # the first and last days as their outlets dated them (the wall clock at the outlet)
            ends = [
                self._conn.execute(
                    "SELECT published_ts, published_offset FROM articles WHERE published_ts IS NOT NULL"
                    f" ORDER BY published_ts + 60 * COALESCE(published_offset, 0) {way}, id LIMIT 1"
                ).fetchone()
                for way in ("ASC", "DESC")
            ]
            last = self._conn.execute("SELECT value FROM meta WHERE key='last_ingest'").fetchone()
        outlets = [{"outlet": o, "articles": c} for o, c in self._outlet_counts()]
        return {
            "articles": int(n),
            "chunks": int(chunks),
            "outlets": outlets,
            "earliest": iso_from_ts(*ends[0]) if ends[0] else None,
            "latest": iso_from_ts(*ends[1]) if ends[1] else None,
            "last_ingest": iso_from_ts(int(float(last[0]))) if last else None,
        }

    def rows(self) -> list[ManifestRow]:
        with self._lock:
            return [
                ManifestRow(*r)
                for r in self._conn.execute(
                    "SELECT id, content_hash, title, outlet, outlet_key, url, published_ts, n_chunks, source, story_id, minhash,"
                    " text_hash, text_source, authors, origin, published_offset"
                    " FROM articles"
                )
            ]
