"""A question plainly not in English is refused for its language, not for the news (session 43: "¿Quién ganó el
Super Bowl?" over the sample said only "I found nothing", though the Super Bowl report was the closest passage)."""

from __future__ import annotations

import pytest

from rag.language import foreign_language

FOREIGN = [
    ("¿Quién ganó el Super Bowl?", "Spanish"),
    ("Qué pasó en Ucrania?", "Spanish"),
    ("Wer hat die Wahl gewonnen?", "German"),
    ("Was ist heute passiert?", "German"),
    ("Qui a gagné le Super Bowl ?", "French"),
    ("Est-ce que la grève continue?", "French"),
    ("Chi ha vinto le elezioni?", "Italian"),
    ("Quem ganhou a eleição?", "Portuguese"),
    ("Wie heeft de verkiezingen gewonnen?", "Dutch"),
]
ENGLISH = [
    "Who won the Super Bowl?",
    "Who directed El Laberinto del Fauno?",  # a Spanish title in an English question
    "Was Die Hard a hit?",
    "Did Le Pen win?",
    "What did Der Spiegel report on the coalition?",
    "What is the latest on the Los Angeles fires?",
    "Is El Chapo still in prison?",
    "Tell me about the Dos Santos case",
    "Super Bowl",
]


@pytest.mark.parametrize(("question", "language"), FOREIGN)
def test_a_question_in_another_language_is_told(question, language):
    assert foreign_language(question) == language


@pytest.mark.parametrize("question", ENGLISH)
def test_an_english_question_naming_foreign_things_is_english(question):
    assert foreign_language(question) is None


def test_the_refusal_says_which_language_and_what_to_do(sample_rag):
    refused = sample_rag.ask("¿Quién ganó el Super Bowl?", llm=False)
    assert refused.refused and "in Spanish" in refused.note and "asking in English" in refused.note
    answered = sample_rag.ask("Who won the Super Bowl?", llm=False)
    assert not answered.refused and not answered.note
