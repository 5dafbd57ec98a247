"""The read path's first half: question -> filtered, diversified passages."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .embedding import Embedder
from .filters import Filters
from .models import Passage
from .store import StoredHit, VectorStore


@dataclass
class Retrieval:
    question: str
    passages: list[Passage]
    filters: Filters
    query_vector: np.ndarray | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)


def passage_from_hit(hit: StoredHit) -> Passage:
    m = hit.metadata
    return Passage(
        chunk_id=hit.id,
        article_id=str(m.get("article_id", "")),
        text=hit.document,
        title=str(m.get("title", "")),
        outlet=m.get("outlet"),
        url=m.get("url"),
        published_ts=int(m["published_ts"]) if m.get("published_ts") is not None else None,
        position=int(m.get("position", 0)),
        score=float(hit.similarity),
        meta=m,
    )


def cap_per_article(passages: list[Passage], cap: int, k: int) -> list[Passage]:
    """Keep the ranking, but at most `cap` passages of any one article, so several sources reach the answer."""
    out: list[Passage] = []
    per: dict[str, int] = {}
    for p in passages:
        if per.get(p.article_id, 0) >= cap:
            continue
        per[p.article_id] = per.get(p.article_id, 0) + 1
        out.append(p)
        if len(out) >= k:
            break
    return out


class DenseRetriever:
    def __init__(self, embedder: Embedder, store: VectorStore, *, max_per_article: int = 2) -> None:
        self.embedder = embedder
        self.store = store
        self.max_per_article = max_per_article

    def retrieve(self, question: str, *, top_k: int, filters: Filters) -> Retrieval:
        t0 = time.perf_counter()
        qvec = self.embedder.embed([question])[0]
        t1 = time.perf_counter()
        fetch = min(max(top_k * 4, 20), 200)
        hits = self.store.query(qvec, fetch, where=filters.chroma_where())
        passages = cap_per_article([passage_from_hit(h) for h in hits], self.max_per_article, top_k)
        t2 = time.perf_counter()
        return Retrieval(
            question=question,
            passages=passages,
            filters=filters,
            query_vector=qvec,
            timings_ms={"embed": (t1 - t0) * 1000, "search": (t2 - t1) * 1000},
        )
