"""Make the vector store agree with the manifest (run by the writer, under the ingest lock).

The manifest is the record of what is indexed. After a crash the store may hold chunks
the manifest does not list (written before the manifest commit, or an old version
whose deletion did not happen): they are invisible to readers and deleted here. A
manifest chunk missing from the store (the store lost data) makes its article be
forgotten, so the next ingest of it writes it again in full (its versions are kept).
"""

from __future__ import annotations

from dataclasses import dataclass

from .manifest import Manifest
from .store import VectorStore


@dataclass
class Reconciled:
    orphans_deleted: int = 0
    articles_forgotten: int = 0


def reconcile(store: VectorStore, manifest: Manifest) -> Reconciled:
    known = {row[0]: row[1] for row in manifest.iter_chunks()}
    in_store = set(store.all_ids())
    orphans = [cid for cid in in_store if cid not in known]
    if orphans:
        store.delete(orphans)
    lost_articles = sorted({aid for cid, aid in known.items() if cid not in in_store})
    if lost_articles:
        keep = [cid for cid in manifest.chunk_ids(lost_articles) if cid in in_store]
        if keep:
            store.delete(keep)
        manifest.delete(lost_articles, keep_versions=True)  # their next ingest continues the history
    return Reconciled(len(orphans), len(lost_articles))
