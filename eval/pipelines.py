"""The one small interface the runner drives, and newsrag behind it.

A pipeline retrieves ranked passages, answers with cited passages, and picks a choice;
the runner treats newsrag and the llama-index baseline (eval/baseline.py) alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rag.query import Query

from .choice import newsrag_choose
from .questions import EvalQuestion

if TYPE_CHECKING:
    from rag.api import NewsRAG


@dataclass(frozen=True)
class RankedPassage:
    text: str
    article_id: str | None
    url: str | None
    chunk_id: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class CitedPassage:
    n: int
    text: str
    article_id: str | None
    url: str | None
    chunk_id: str | None = None


@dataclass
class PipelineAnswer:
    text: str
    citations: list[CitedPassage]
    refused: bool
    passages: list[RankedPassage]  # what the answer was made from, in rank order
    timings_ms: dict[str, float] = field(default_factory=dict)  # retrieve, answer, total


class EvalPipeline(Protocol):
    name: str

    def retrieve(self, q: EvalQuestion, *, top_k: int, as_of: str | None) -> list[RankedPassage]: ...

    def answer(self, q: EvalQuestion, *, as_of: str | None) -> PipelineAnswer: ...

    def choose(self, q: EvalQuestion, answer: PipelineAnswer, *, as_of: str | None) -> int | None: ...

    def describe(self) -> dict[str, Any]: ...


class NewsRAGPipeline:
    """newsrag through its facade only: `ask` for answers, `retrieve` for ranked context,
    `eval.choice.newsrag_choose` (over `retrieve` and the public LLM client) for multiple choice."""

    name = "newsrag"
    chooser = "eval.choice.newsrag_choose"

    def __init__(self, rag: NewsRAG, *, top_k: int | None = None) -> None:
        self.rag = rag
        self.top_k = top_k

    def query(self, q: EvalQuestion, *, top_k: int | None, as_of: str | None) -> Query:
        return Query.of(q.question, top_k=top_k, as_of=as_of, **q.filter_kwargs())

    def retrieve(self, q: EvalQuestion, *, top_k: int, as_of: str | None) -> list[RankedPassage]:
        retrieval = self.rag.retrieve(self.query(q, top_k=top_k, as_of=as_of))
        return [RankedPassage(p.text, p.article_id, p.url, p.chunk_id, p.score) for p in retrieval.passages]

    def answer(self, q: EvalQuestion, *, as_of: str | None) -> PipelineAnswer:
        ans = self.rag.ask(self.query(q, top_k=self.top_k, as_of=as_of))
        t = ans.timings_ms
        return PipelineAnswer(
            text=ans.text,
            citations=[CitedPassage(c.n, c.text, c.article_id, c.url, c.chunk_id) for c in ans.citations],
            refused=ans.refused,
            passages=[RankedPassage(p.text, p.article_id, p.url, p.chunk_id, p.score) for p in ans.passages],
            timings_ms={k: float(t[k]) for k in ("retrieve", "answer", "total") if k in t},
        )

    def choose(self, q: EvalQuestion, answer: PipelineAnswer, *, as_of: str | None) -> int | None:
        return newsrag_choose(self.rag, q.question, list(q.choices), as_of=as_of, **q.filter_kwargs()).index

    def describe(self) -> dict[str, Any]:
        s = self.rag.settings
        keep = (
            "embed_model",
            "chunk_tokens",
            "chunk_overlap",
            "chunk_header",
            "top_k",
            "max_per_article",
            "refuse_threshold",
            "answer_sentences",
            "retrieval_mode",
            "dense_weight",
            "keyword_weight",
            "rrf_k",
            "candidates",
            "time_words",
            "time_boost",
            "freshness_weight",
            "freshness_half_life_days",
            "collapse_stories",
            "rerank_model",
            "embed_onnx_fp32",
        )
        values = s.model_dump()
        settings = {k: values[k] for k in keep if k in values}
        if self.top_k:
            settings["top_k"] = self.top_k
        return {
            "name": self.name,
            "answerer": self.rag.answerer.mode,
            "chooser": self.chooser,
            "embedder": self.rag.embedder.name,
            "settings": settings,
        }
