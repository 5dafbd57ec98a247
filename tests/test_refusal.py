"""Refusing for finding nothing like the question (`rag.answering.like_nothing`): a short question about
one line of a passage is answered when that line is as similar to it as an answer is, though the passage
as a whole is not; a question about something else stays refused."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.answering import SENTENCE_ANSWERS, best_sentence

from .conftest import article, write_jsonl

STRIKE = (
    "Dockers at the port of Calder ended their strike on Friday after four days of talks with the port "
    "authority, which had warned that ships were waiting off the coast. The union accepted a 7 percent raise. "
    "Cranes were running again by Saturday morning, the harbour master said."
)


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    tmp = tmp_path_factory.mktemp("refusal")
    rag = NewsRAG(data_dir=tmp / "index", embedder=minilm)
    news = [
        article("Port strike ends", STRIKE, outlet="Northwire", date="2026-11-20"),
        article("Cup final tonight", "Calder United meet Ostra in the cup final tonight at the old stadium."),
    ]
    rag.ingest([write_jsonl(tmp / "news.jsonl", news)])
    return rag


def test_a_question_about_one_line_of_a_passage_is_answered_from_it(rag):
    question = "What raise did the union accept?"
    retrieval = rag.retrieve(question)
    assert max(p.score for p in retrieval.passages) < rag.settings.refuse_threshold  # the passage alone: refused
    answer = rag.ask(question, llm=False)
    assert not answer.refused
    assert answer.text.startswith("The union accepted a 7 percent raise. [1]")


@pytest.mark.parametrize(
    "question", ["What raise did the teachers accept?", "How long should I knead sourdough dough?"]
)
def test_a_question_about_something_else_is_still_refused(rag, question):
    answer = rag.ask(question, llm=False)
    assert answer.refused and "found nothing in the indexed news" in answer.text


def test_best_sentence_is_the_closest_sentence(minilm):
    close = best_sentence(
        "What raise did the union accept?",
        ["The cup final is tonight.", "The union accepted a 7 percent raise."],
        minilm,
    )
    assert close >= SENTENCE_ANSWERS
    assert best_sentence("What raise did the union accept?", ["The cup final is tonight."], minilm) < SENTENCE_ANSWERS
    assert best_sentence("anything", [" ", ""], minilm) == 0.0
