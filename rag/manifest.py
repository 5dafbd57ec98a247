"""The manifest: which articles the index holds, their content hash and chunk count.

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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datadir import check_not_a_file, read_only_message, writable
from .errors import StoreError
from .filters import Filters
from .models import iso_from_ts

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
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_ts INTEGER,
    outlet_key TEXT
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
"""
# Columns added after the first release; `_migrate` adds them to older manifests.
_ARTICLE_COLUMNS = {"story_id": "TEXT", "minhash": "BLOB", "text_hash": "TEXT"}
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

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """content_hash and n_chunks for those of `ids` already indexed."""
        return {k: (v[0], v[1]) for k, v in self.known(ids).items()}

    def known(self, ids: Sequence[str]) -> dict[str, tuple[str, int, str | None]]:
        """content_hash, n_chunks and text_hash for those of `ids` already indexed."""
        out: dict[str, tuple[str, int, str | None]] = {}
        ids = list(ids)
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = f"SELECT id, content_hash, n_chunks, text_hash FROM articles WHERE id IN ({','.join('?' * len(part))})"
                for row in self._conn.execute(q, part):
                    out[row[0]] = (row[1], row[2], row[3])
        return out

    def upsert(self, rows: Iterable[ManifestRow], chunks: Iterable[tuple[str, str, int, str]] = ()) -> None:
        """Record articles and (chunk id, article id, position, text) rows in one transaction.

        An article's previous chunk rows are replaced by the ones given."""
        now = time.time()
        rows = list(rows)
        with self._writing():
            self._conn.executemany(
                "INSERT OR REPLACE INTO articles (id, content_hash, title, outlet, outlet_key, url, published_ts,"
                " n_chunks, source, ingested_at, story_id, minhash, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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

    def update_stories(self, rows: Sequence[tuple[str, str | None, bytes | None]]) -> None:
        with self._writing():
            self._conn.executemany(
                "UPDATE articles SET story_id = ?, minhash = ? WHERE id = ?", [(s, m, i) for i, s, m in rows]
            )

    def delete(self, ids: Sequence[str]) -> None:
        with self._writing():
            self._conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
            self._conn.executemany("DELETE FROM chunks WHERE article_id = ?", [(i,) for i in ids])
            self._bump()

    def chunk_ids(self, article_ids: Sequence[str]) -> list[str]:
        with self._lock:
            out: list[str] = []
            ids = list(article_ids)
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = f"SELECT id FROM chunks WHERE article_id IN ({','.join('?' * len(part))})"
                out.extend(r[0] for r in self._conn.execute(q, part))
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

    def count(self, filters: Filters | None = None) -> int:
        where, args = (filters or Filters()).sql()
        with self._lock:
            return int(self._conn.execute(f"SELECT COUNT(*) FROM articles WHERE {where}", args).fetchone()[0])

    def stats(self) -> dict[str, Any]:
        with self._lock:
            n, chunks, lo, hi = self._conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(n_chunks),0), MIN(published_ts), MAX(published_ts) FROM articles"
            ).fetchone()
            outlets = [
                {"outlet": o, "articles": c}
                for o, c in self._conn.execute(
                    "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, outlet"
                )
            ]
            last = self._conn.execute("SELECT value FROM meta WHERE key='last_ingest'").fetchone()
        return {
            "articles": int(n),
            "chunks": int(chunks),
            "outlets": outlets,
            "earliest": iso_from_ts(lo),
            "latest": iso_from_ts(hi),
            "last_ingest": iso_from_ts(int(float(last[0]))) if last else None,
        }

    def rows(self) -> list[ManifestRow]:
        with self._lock:
            return [
                ManifestRow(*r)
                for r in self._conn.execute(
                    "SELECT id, content_hash, title, outlet, outlet_key, url, published_ts, n_chunks, source, story_id, minhash,"
                    " text_hash"
                    " FROM articles"
                )
            ]
