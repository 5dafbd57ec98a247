"""The real MiniLM model and a real PersistentClient: the demo question, refusals, the seed article."""

from __future__ import annotations

import json

import pytest

from rag import NewsRAG

from .conftest import DEMO_QUESTION, shared

pytestmark = pytest.mark.slow


def test_demo_question_cites_the_ceasefire_resolution(sample_rag):
    answer = sample_rag.ask(DEMO_QUESTION)
    assert not answer.refused and answer.mode == "extractive"
    first = answer.citations[0]
    assert "draft resolution" in first.quote and "ceasefire" in first.quote
    assert first.outlet == "Reuters" and first.url.startswith("https://www.reuters.com/")
    assert f"[{first.n}]" in answer.text and first.quote in answer.text


@pytest.mark.parametrize(
    "question", ["How do I knit a scarf with a cable pattern?", "What is a good recipe for sourdough bread?"]
)
def test_unrelated_questions_are_refused(sample_rag, question):
    answer = sample_rag.ask(question)
    assert answer.refused and answer.citations == []
    assert "Searched" in answer.text and "articles" in answer.text


def test_outlet_and_date_filters_with_the_real_model(sample_rag):
    answer = sample_rag.ask("What happened to the Kakhovka dam?", outlets=["TASS"])
    assert answer.citations and {c.outlet for c in answer.citations} == {"TASS"}
    answer = sample_rag.ask(DEMO_QUESTION, until="2024-12-31")
    assert all(c.published_at < "2025" for c in answer.citations)


def test_chunks_never_exceed_the_model_limit(sample_rag, minilm):
    from ingest.sources import iter_items
    from rag.chunking import Chunker

    from .conftest import SAMPLE

    chunker = Chunker(minilm.count_tokens, 96, 16)  # small chunks: many boundaries
    for art in iter_items([SAMPLE]):
        for chunk in chunker.split(art):
            assert minilm.count_tokens(chunk.embed_text) <= 96


def test_seed_article(tmp_path, minilm):
    seed = shared("seed", "article.json")
    rag = NewsRAG(data_dir=tmp_path / "seed", embedder=minilm)
    report = rag.ingest([seed])
    assert report.added == 1
    answer = rag.ask(DEMO_QUESTION)
    assert not answer.refused
    assert "draft resolution" in answer.citations[0].quote
    assert " ".join(json.loads(seed.read_text())["title"].split()) == answer.citations[0].title
