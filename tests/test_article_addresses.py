"""A question naming an article by its web address ("Tell me about https://apnews.com/article/..."): the article
at that address when it is indexed, a refusal saying how to ingest it when it is not (session 42: the address was
searched as words, one of them "corrected" to "apneas")."""

from __future__ import annotations

from .conftest import DEMO_QUESTION

BOWL = "https://apnews.com/article/super-bowl-2025-eagles-chiefs-score-6c1b7e9f1a2d4b3c8e5f0a9d7b6c4e21"
KREMLIN = (
    "https://www.reuters.com/world/middle-east/putin-meets-iranian-foreign-minister-araqchi-kremlin-after-us-strikes"
    "-2025-06-23"
)


def test_an_indexed_articles_address_is_asked_about_by_its_title(sample_rag):
    for question in (f"Tell me about {BOWL}", BOWL, f"What is this article about? {BOWL}"):
        answer = sample_rag.ask(question, llm=False)
        assert not answer.refused, question
        assert "Super Bowl" in answer.citations[0].title, question
        assert answer.text.startswith("NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed"), question
        assert "apneas" not in answer.question and "Eagles rout Chiefs" in answer.question


def test_a_question_of_its_own_is_asked_without_the_address(sample_rag):
    """Searched with the article's title, "What did Russia propose at the UN? See <address>." led with Putin's
    words on the strikes, the title's words outweighing the question's."""
    answer = sample_rag.ask(f"{DEMO_QUESTION} See {KREMLIN}.", llm=False)
    assert answer.question == DEMO_QUESTION
    assert "draft resolution" in answer.citations[0].quote


def test_an_address_not_in_the_index_is_refused_saying_how_to_ingest_it(sample_rag):
    address = "https://example.org/news/storm-hits-coast"
    answer = sample_rag.ask(f"Summarize {address}", llm=False)
    assert answer.refused and not answer.citations
    assert answer.text.startswith(f"The article at {address} is not in the index: ingest it first")
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    assert session.ask(f"And {address}?").refused
    assert len(session.history.turns) == 1  # not a turn the conversation goes on from


def test_a_follow_up_after_an_address_asks_about_its_article(sample_rag):
    """In chromium: "Who lost?" after "Tell me about <the Super Bowl's address>" was refused, searched as "Who
    lost? (Tell me about)" once the address was dropped for the follow-up's own words."""
    session = sample_rag.chat(llm=False)
    session.ask(f"Tell me about {BOWL}")
    lost = session.ask("Who lost?")
    assert not lost.refused and "Kansas City Chiefs" in lost.text.split("[")[0]


def test_the_web_ui_shows_an_address_as_the_user_typed_it():
    """The user's message and a refusal naming an address showed "[link removed]" where the address was."""
    from rag.models import Answer
    from ui.render import answer_markdown, user_markdown

    assert user_markdown(f"Tell me about {BOWL}") == f"Tell me about `{BOWL}`"
    refusal = Answer("q", "The article at https://example.org/x is not in the index.", [], refused=True, mode="x")
    assert "`https://example.org/x`" in answer_markdown(refusal)
    # (a comma or a stop after an address is not part of it)
    assert user_markdown("ingest https://example.org/x, then https://example.org/y.") == (
        "ingest `https://example.org/x`, then `https://example.org/y`."
    )
