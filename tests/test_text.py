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


def test_a_sentence_may_open_with_a_capital_beyond_ascii():
    """From a Latin-1 text file: "... from March. Über 200 people joined the protest." was one sentence, quoted whole
    for "How many people protested?"; so were "Élysée", "Łódź", "Он" after a full stop."""
    text = "Owners protested on Thursday. Über 200 people joined. Élysée aides said so. Łódź is next. Он сказал."
    assert split_sentences(text) == [
        "Owners protested on Thursday. ",
        "Über 200 people joined. ",
        "Élysée aides said so. ",
        "Łódź is next. ",
        "Он сказал.",
    ]
    assert split_sentences("It cost 5 euros. é is a letter.") == ["It cost 5 euros. é is a letter."]


@given(st.text())
def test_sentences_cover_the_text_exactly(text):
    assert "".join(split_sentences(text)) == text


def test_normalize_for_match():
    assert normalize_for_match("  The U.S.-led   Coalition, (2023)! ") == "the u s led coalition 2023"


def test_a_clipped_name_is_found_written_in_full():
    from rag.text import clips, short_forms

    assert short_forms("And the Fed? What did the ECB and Paris say?") == ["Fed", "Paris"]
    assert clips("Fed", "The Federal Reserve held rates.")
    assert clips("Met", "Officers of the Metropolitan Police arrived.")
    assert not clips("Fed", "Federer beat Nadal in the final.")  # one word, not a name that Fed clips
    assert not clips("Fed", "The Fed held rates.")  # the same word, not a longer one
    assert not clips("Fed", "federal agencies said")
