from hypothesis import given
from hypothesis import strategies as st

from rag.text import normalize_for_match, split_sentences


def test_sentences_respect_abbreviations_and_initials():
    text = 'Mr. Smith met U.S. officials on Jan. 5 in Washington. George W. Bush spoke! "Is it over?" she asked.\n\nNew paragraph'
    assert split_sentences(text) == [
        "Mr. Smith met U.S. officials on Jan. 5 in Washington. ",
        "George W. Bush spoke! ",
        '"Is it over?" she asked.\n\n',
        "New paragraph",
    ]


@given(st.text())
def test_sentences_cover_the_text_exactly(text):
    assert "".join(split_sentences(text)) == text


def test_normalize_for_match():
    assert normalize_for_match("  The U.S.-led   Coalition, (2023)! ") == "the u s led coalition 2023"
