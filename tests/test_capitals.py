"""A question typed in lower case gets the capitals the index writes its names with (`rag.capitals`)."""

from __future__ import annotations

import pytest

from rag.capitals import capitalized, in_lower_case, with_capitals

from .conftest import article, indexed


class FakeCased:
    """The forms each phrase is written in, as `KeywordIndex.cased_forms` counts them."""

    def __init__(self, forms: dict[str, dict[str, int]]) -> None:
        self.forms = forms

    def cased_forms(self, phrase: str) -> dict[str, int]:
        return self.forms.get(phrase, {})


VOCABULARY = FakeCased(
    {
        "kevin": {"Kevin": 19},
        "mccarthy": {"McCarthy": 14},
        "house": {"House": 12, "house": 5},  # as often a house as the House: left alone
        "speaker": {"speaker": 54},
        "bed": {"bed": 9, "Bed": 6},
        "bath": {"bath": 6, "Bath": 11},
        "bed bath": {"Bed Bath": 9},  # a name two words make, though neither is one alone
        "prevost": {"Prevost": 1},  # seen once: too little to go by
    }
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who is kevin mccarthy?", "who is Kevin McCarthy?"),
        ("why did bed bath and beyond say it may go bankrupt", "why did Bed Bath and beyond say it may go bankrupt"),
        ("who is the house speaker", "who is the house speaker"),
        ("who is robert prevost?", "who is robert prevost?"),
    ],
)
def test_a_lower_case_question_gets_the_capitals_of_its_names(question, expected):
    assert with_capitals(question, capitalized(question, VOCABULARY)) == expected


def test_a_question_typed_with_capitals_is_left_as_typed():
    assert not in_lower_case("Who is Kevin mccarthy?")
    assert capitalized("Who is Kevin mccarthy?", VOCABULARY) == {}
    assert in_lower_case("Who is kevin mccarthy?")  # a capital opening the question says nothing


def test_the_index_counts_how_a_word_is_written_but_where_it_opens_a_sentence(minilm, tmp_path):
    news = [
        article(
            "Port of Ossel reopens",
            "Dana Holt grew up in Ossel. Harbour master Dana Holt said the port would reopen. The union thanked"
            " Dana Holt. A house on the quay was damaged. House prices fell.",
            url="https://example.com/port",
        )
    ]
    keyword = indexed(tmp_path, news, minilm).keyword
    assert keyword.cased_forms("holt") == {"Holt": 3}
    assert keyword.cased_forms("dana holt") == {"Dana Holt": 2}
    assert keyword.cased_forms("house") == {"house": 1}  # "House prices" opens its sentence


def test_who_is_asked_in_lower_case_is_answered_as_with_capitals(minilm, tmp_path):
    """Found in chromium over jan's index: "who is kevin mccarthy?" quoted "Ballot 13: McCarthy now unopposed ...";
    with capitals it is a "who is" question, answered by a title before the name."""
    news = [
        article(
            "Dana Holt, a life at the port",
            "Dana Holt was once rejected for a job at the port of Ossel. Dana Holt grew up in Ossel.",
            url="https://example.com/holt",
        ),
        article(
            "Port of Ossel to reopen on Monday",
            "Harbour master Dana Holt said the port would reopen on Monday. The union thanked Dana Holt for her work.",
            url="https://example.com/port",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    assert rag.ask("Who is Dana Holt?", llm=False).text.startswith("Harbour master Dana Holt")
    assert rag.ask("who is dana holt", llm=False).text.startswith("Harbour master Dana Holt")
