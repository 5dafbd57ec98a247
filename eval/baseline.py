"""The baseline: the plain llama-index quickstart a user would otherwise build.

`VectorStoreIndex.from_documents` over a `ChromaVectorStore` (its own collection in its
own cached directory), the default node parser (`SentenceSplitter`: 1024 tokens, 200
overlap, tiktoken), the same embedding model as newsrag wrapped as a llama-index
embedding, and `similarity_top_k` retrieval. Nothing else: no reranking, no refusal, no
per-article cap, no header; chunks longer than the model's 256-token window are
truncated by the model, as in the quickstart.

Its "answer", for the answer metrics, is the sentence of the top node that shares the
most content words with the question, cited as [1] (empty and refused when nothing is
retrieved). Multiple choice: the eval's evidence pick over the top-k nodes.
Document metadata: title, outlet and date are embedded with the text (llama-index's
default of embedding metadata); ids, URL and the epoch date used for filters are not.
The question's date/outlet filters are applied as llama-index MetadataFilters.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr

from rag.embedding import Embedder
from rag.filters import Filters
from rag.text import content_words, normalize_space, split_sentences

from .choice import evidence_pick
from .pipelines import CitedPassage, PipelineAnswer, RankedPassage
from .questions import EvalQuestion

BASELINE_VERSION = 1
COLLECTION = "quickstart"
_NOT_EMBEDDED = ["article_id", "url", "published_ts", "outlet_key"]


def _embedding_class():
    from llama_index.core.embeddings import BaseEmbedding

    class RagEmbedding(BaseEmbedding):
        """A newsrag Embedder (e.g. the bundled MiniLM) as a llama-index embedding."""

        _embedder: Any = PrivateAttr()

        def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
            super().__init__(model_name=embedder.name, **kwargs)
            self._embedder = embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0].tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(texts).tolist()

    return RagEmbedding


def llama_embedding(embedder: Embedder, batch_size: int = 32):
    return _embedding_class()(embedder, embed_batch_size=batch_size)


def _documents(corpus: Path) -> tuple[list[Any], int]:
    """The corpus read by newsrag's own readers (same articles), as llama-index Documents."""
    from llama_index.core import Document

    from ingest.items import Skipped
    from ingest.sources import iter_items

    docs, skipped, seen = [], 0, set()
    for item in iter_items([corpus]):
        if isinstance(item, Skipped) or item.id in seen:
            skipped += 1
            continue
        seen.add(item.id)
        meta: dict[str, Any] = {"title": item.title, "article_id": item.id}
        if item.outlet:
            meta["outlet"] = item.outlet
            meta["outlet_key"] = item.outlet_key
        if item.url:
            meta["url"] = item.url
        if item.published_at is not None:
            meta["published_at"] = item.published_at.date().isoformat()
            meta["published_ts"] = item.published_ts
        docs.append(
            Document(
                text=item.text,
                id_=item.id,
                metadata=meta,
                excluded_embed_metadata_keys=list(_NOT_EMBEDDED),
                excluded_llm_metadata_keys=list(_NOT_EMBEDDED),
            )
        )
    return docs, skipped


def _chroma_collection(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    return client.get_or_create_collection(COLLECTION)


def build_baseline_index(
    index_dir: Path, corpus: Path, embedder: Embedder, *, progress: bool = False
) -> dict[str, Any]:
    """Index the corpus the quickstart way into `index_dir`; returns counts for the cache record."""
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    docs, skipped = _documents(corpus)
    collection = _chroma_collection(index_dir / "chroma")
    store = ChromaVectorStore(chroma_collection=collection)
    t0 = time.perf_counter()
    VectorStoreIndex.from_documents(
        docs,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=llama_embedding(embedder),
        show_progress=progress,
    )
    return {
        "documents": len(docs),
        "skipped": skipped,
        "nodes": collection.count(),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def metadata_filters(filters: Filters):
    """The question's filters as llama-index MetadataFilters (None when there are none)."""
    from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

    parts = []
    if filters.since_ts is not None:
        parts.append(MetadataFilter(key="published_ts", value=filters.since_ts, operator=FilterOperator.GTE))
    if filters.until_ts is not None:
        parts.append(MetadataFilter(key="published_ts", value=filters.until_ts, operator=FilterOperator.LTE))
    if filters.outlets:
        parts.append(MetadataFilter(key="outlet_key", value=filters.outlet_keys, operator=FilterOperator.IN))
    return MetadataFilters(filters=parts) if parts else None


def best_sentence(question: str, text: str) -> str:
    """The sentence of `text` sharing the most content words with the question (first on ties)."""
    q = set(content_words(question))
    best, best_score = "", -1
    for sentence in split_sentences(text):
        sentence = normalize_space(sentence)
        if not sentence:
            continue
        score = len(q & set(content_words(sentence)))
        if score > best_score:
            best, best_score = sentence, score
    return best


class LlamaIndexBaseline:
    name = "llamaindex-baseline"

    def __init__(self, index_dir: Path, embedder: Embedder, *, top_k: int) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.embedder = embedder
        self.top_k = top_k
        store = ChromaVectorStore(chroma_collection=_chroma_collection(index_dir / "chroma"))
        self.index = VectorStoreIndex.from_vector_store(store, embed_model=llama_embedding(embedder))

    def _nodes(self, q: EvalQuestion, k: int) -> list[RankedPassage]:
        f = Filters.build(q.since, q.until, list(q.outlets))
        retriever = self.index.as_retriever(similarity_top_k=k, filters=metadata_filters(f))
        out = []
        for hit in retriever.retrieve(q.question):
            m = hit.node.metadata
            out.append(
                RankedPassage(hit.node.get_content(), m.get("article_id"), m.get("url"), hit.node.node_id, hit.score)
            )
        return out

    def retrieve(self, q: EvalQuestion, *, top_k: int, as_of: str | None) -> list[RankedPassage]:
        return self._nodes(q, top_k)

    def answer(self, q: EvalQuestion, *, as_of: str | None) -> PipelineAnswer:
        t0 = time.perf_counter()
        nodes = self._nodes(q, self.top_k)
        t1 = time.perf_counter()
        sentence = best_sentence(q.question, nodes[0].text) if nodes else ""
        if sentence:
            top = nodes[0]
            text, cites = f"{sentence} [1]", [CitedPassage(1, top.text, top.article_id, top.url, top.chunk_id)]
        else:
            text, cites = "", []
        t2 = time.perf_counter()
        return PipelineAnswer(
            text=text,
            citations=cites,
            refused=not sentence,
            passages=nodes,
            timings_ms={"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000, "total": (t2 - t0) * 1000},
        )

    def choose(self, q: EvalQuestion, answer: PipelineAnswer, *, as_of: str | None) -> int | None:
        return evidence_pick(q.choices, [p.text for p in answer.passages])

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "answerer": "top node's best sentence (content-word overlap), cited [1]",
            "chooser": "eval.choice.evidence_pick",
            "embedder": self.embedder.name,
            "settings": {
                "index": "VectorStoreIndex over ChromaVectorStore",
                "node_parser": "SentenceSplitter defaults (chunk_size=1024, chunk_overlap=200)",
                "similarity_top_k": self.top_k,
                "baseline_version": BASELINE_VERSION,
            },
        }
