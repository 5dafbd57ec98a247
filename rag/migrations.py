"""One-time upgrades of indexes built by older versions. They write, so they run only when the
index is opened for writing (ingest, delete, `newsrag upgrade`), under the writer lock; the read
path only checks `pending()` and asks for the upgrade when one is due.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .errors import StoreError
from .manifest import Manifest
from .retrieval import stored_authors
from .store import VectorStore
from .stories import StoryIndex

UPGRADE_HINT = "this index needs a one-time upgrade: run `newsrag upgrade` (or `newsrag ingest`)"
KEYWORD_UPGRADE = "keyword index (SQLite FTS5)"
AUTHORS_UPGRADE = "bylines in the manifest"


def pending(manifest: Manifest, *, stories: bool) -> list[str]:
    """The upgrades this index still needs (empty for an index built by the current version)."""
    if not manifest.count():
        return []
    due = []
    if not manifest.chunk_count():
        due.append("chunk texts in the manifest")
    if stories and any(minhash is None for _, _, minhash in manifest.signatures()):
        due.append("story signatures")
    if not manifest.has_keyword_index:
        due.append(KEYWORD_UPGRADE)
    if manifest.without_authors():
        due.append(AUTHORS_UPGRADE)
    return due


def check_readable(manifest: Manifest, *, stories: bool) -> None:
    """StoreError with the fix when the index cannot be read correctly before an upgrade. A missing
    keyword index is not such a case (the keyword search reads an in-memory copy until then), nor are
    bylines (until then a question naming an article's author is searched as any other)."""
    due = [d for d in pending(manifest, stories=stories) if d not in (KEYWORD_UPGRADE, AUTHORS_UPGRADE)]
    if due:
        raise StoreError(f"{UPGRADE_HINT} (missing: {', '.join(due)})")


def backfill_manifest_chunks(store: VectorStore, manifest: Manifest) -> None:
    """Indexes built before the manifest kept chunk texts: copy them from the store once."""
    if manifest.chunk_count() or not manifest.count():
        return
    rows = {r.id: r for r in manifest.rows()}
    ids = store.all_ids()
    by_article: dict[str, list[tuple[str, str, int, str]]] = {}
    for start in range(0, len(ids), 1000):
        for hit in store.get(ids[start : start + 1000]):
            aid = str(hit.metadata.get("article_id", ""))
            if aid in rows:
                by_article.setdefault(aid, []).append((hit.id, aid, int(hit.metadata.get("position", 0)), hit.document))
    manifest.upsert([rows[a] for a in by_article], [c for cs in by_article.values() for c in cs])


def backfill_stories(manifest: Manifest, stories: StoryIndex) -> None:
    """Articles indexed before story detection get a signature from their stored chunks."""
    missing = [r for r in manifest.rows() if r.minhash is None]
    if not missing:
        return
    texts: dict[str, list[tuple[int, str]]] = {}
    for cid, aid, text, _, _ in manifest.iter_chunks():
        texts.setdefault(aid, []).append((int(cid.rsplit(":", 1)[-1]), text))
    for r in missing:
        body = "\n".join(t for _, t in sorted(texts.get(r.id, [])))
        r.story_id, r.minhash = stories.assign(r.id, body)
    manifest.update_stories([(r.id, r.story_id, r.minhash) for r in missing])


def backfill_authors(store: VectorStore, manifest: Manifest) -> None:
    """Articles indexed before the manifest kept bylines: read each one's byline from its first chunk's
    metadata in the store once ("What has Ana Ruiz written?" looks bylines up in the manifest)."""
    missing = set(manifest.without_authors())
    if not missing:
        return
    first = manifest.first_chunks(list(missing))  # every chunk of an article carries its byline
    found: dict[str, list[str]] = {}
    ids = list(first.values())
    for start in range(0, len(ids), 1000):
        for hit in store.get(ids[start : start + 1000]):
            aid = str(hit.metadata.get("article_id", ""))
            found[aid] = stored_authors(hit.metadata.get("authors"))
    manifest.set_authors([(aid, json.dumps(found.get(aid, []), ensure_ascii=False)) for aid in missing])


def backfill_keyword_index(manifest: Manifest, legacy_dir: Path | None = None) -> None:
    """Indexes built before the FTS5 keyword index: build it from the manifest's chunks once, and
    remove the bm25s index directory (`bm25-<collection>`) that it replaces."""
    if not manifest.has_keyword_index:
        manifest.build_keyword_index()
    if legacy_dir is not None and (legacy_dir / "meta.json").exists():
        shutil.rmtree(legacy_dir, ignore_errors=True)
