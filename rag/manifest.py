"""The manifest: which articles the index holds, their content hash and chunk count.

It decides added / updated / unchanged at ingest, answers stats and filter counts
without touching Chroma, and is written only after the chunks are in the store.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
"""


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


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._conn.close()

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """content_hash and n_chunks for those of `ids` already indexed."""
        out: dict[str, tuple[str, int]] = {}
        ids = list(ids)
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                q = f"SELECT id, content_hash, n_chunks FROM articles WHERE id IN ({','.join('?' * len(part))})"
                for row in self._conn.execute(q, part):
                    out[row[0]] = (row[1], row[2])
        return out

    def upsert(self, rows: Iterable[ManifestRow]) -> None:
        now = time.time()
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (r.id, r.content_hash, r.title, r.outlet, r.outlet_key, r.url, r.published_ts, r.n_chunks, r.source, now)
                    for r in rows
                ],
            )
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('last_ingest', ?)", (str(now),))

    def delete(self, ids: Sequence[str]) -> None:
        with self._lock, self._conn:
            self._conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])

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
            return [ManifestRow(*r) for r in self._conn.execute(
                "SELECT id, content_hash, title, outlet, outlet_key, url, published_ts, n_chunks, source FROM articles"
            )]
