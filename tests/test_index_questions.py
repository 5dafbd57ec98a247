"""Questions about the index itself ("Which outlets are in the index?"), answered from its statistics: each was
refused, since no article says what the index holds (session 42, a new user's first questions)."""

from __future__ import annotations

import pytest

from rag.index_questions import asks_about_index, index_reply

from .conftest import article, write_jsonl

ABOUT_INDEX = [
    "Which outlets are in the index?",
    "How many articles do you have?",
    "What sources do you use?",
    "What dates does the index cover?",
    "What can I ask you?",
    "How many articles are there?",
    "What is in the index?",
    "What's in your database?",
    "Which sites have you indexed?",
    # a request to list them names no index (session 43: "list the sources" was refused)
    "list the sources",
    "Show me the outlets",
    "List all publications",
]
ABOUT_NEWS = [
    "Which outlets covered the march?",
    "How many articles mention Iran?",
    "What are the top stories?",
    "What sources do you have on the strike?",
    "Is there a ceasefire?",
    "What did the archive reveal?",
    "Who won?",
    "List the sources on the strike",
    "Show the articles about Iran",
    "Name the outlets that covered the march",
    "Which sources?",
]


@pytest.mark.parametrize("question", ABOUT_INDEX)
def test_a_question_about_the_index(question):
    assert asks_about_index(question)


@pytest.mark.parametrize("question", ABOUT_NEWS)
def test_a_question_about_the_news(question):
    assert not asks_about_index(question)


def test_the_reply_lists_the_largest_outlets_and_the_dates():
    stats = {
        "articles": 5,
        "outlets": {"Tolvik Post": 1, "Reuters": 3, "AP": 1},
        "earliest": "2026-11-20T09:00:00+00:00",
        "latest": "2026-12-02T10:00:00+00:00",
        "last_ingest": "2026-12-07T08:00:00+00:00",
    }
    reply = index_reply(stats)
    assert reply.startswith("The index holds 5 articles from 3 outlets: Reuters (3), AP (1), Tolvik Post (1).")
    assert "published from 2026-11-20 to 2026-12-02" in reply and "last ingested on 2026-12-07" in reply
    assert "and 1 more" in index_reply(stats, shown=2)
    assert index_reply({"articles": 0}).startswith("The index is empty")


def test_the_facade_and_a_chat_answer_it_without_a_search(fake_rag, tmp_path):
    news = [
        article("Tolvik mayor resigns", "Tolvik's mayor, Sara Lind, resigned on Tuesday.", outlet="Tolvik Post"),
        article("Water board fined", "The water board was fined 2.4 million kronor.", outlet="Coastline News"),
    ]
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    answer = fake_rag.ask("Which outlets are in the index?", llm=False)
    assert not answer.refused and not answer.citations
    assert answer.text.startswith("The index holds 2 articles from 2 outlets: Coastline News (1), Tolvik Post (1).")
    session = fake_rag.chat(llm=False)
    session.ask("Who resigned in Tolvik?")
    assert session.ask("How many articles do you have?").text.startswith("The index holds 2 articles")
    assert len(session.history.turns) == 1  # not a turn the conversation goes on from
    resumed = session.ask("When?")
    assert "Who resigned in Tolvik?" in resumed.question


@pytest.mark.parametrize(
    "question",
    ["list the sources", "What are your sources?", "Which articles did you use?", "Where is that from?", "sources?"],
)
def test_a_request_for_the_answers_sources(question):
    from rag.index_questions import asks_answer_sources

    assert asks_answer_sources(question)


@pytest.mark.parametrize(
    "question",
    [
        "list all sources",
        "Which outlets are in the index?",
        "What sources do you use?",
        "How many articles do you have?",
        "Which outlets covered the march?",
        "Which outlets covered it?",
        "Where is the game?",
    ],
)
def test_not_a_request_for_the_answers_sources(question):
    from rag.index_questions import asks_answer_sources

    assert not asks_answer_sources(question)


def test_after_an_answer_list_the_sources_lists_that_answers(fake_rag, tmp_path):
    """Found in chromium on the sample: "list the sources" right after an answer listed the index's 16 outlets, not
    the sources the answer quoted. Asked first, or after "list all sources", it is still the index's."""
    news = [
        article("Tolvik mayor resigns", "Tolvik's mayor, Sara Lind, resigned on Tuesday.", outlet="Tolvik Post"),
        article("Water board fined", "The water board was fined 2.4 million kronor.", outlet="Coastline News"),
    ]
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    session = fake_rag.chat(llm=False)
    assert session.ask("list the sources").text.startswith("The index holds 2 articles")
    resigned = session.ask("Who resigned in Tolvik?")
    assert [c.title for c in resigned.citations] == ["Tolvik mayor resigns"]
    sources = session.ask("list the sources")
    assert sources.text.startswith("The last answer quoted 1 source: [1] “Tolvik mayor resigns” (Tolvik Post")
    assert [c.title for c in sources.citations] == ["Tolvik mayor resigns"] and not sources.refused
    assert session.ask("list all sources").text.startswith("The index holds 2 articles")
    assert len(session.history.turns) == 1  # not a turn the conversation goes on from
