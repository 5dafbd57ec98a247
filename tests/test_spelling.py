"""Misspelled words of a question, searched as the index's own words (rag.spelling)."""

from __future__ import annotations

from rag.spelling import corrections, edits, respelled, spelling_note


class FakeVocabulary:
    """Chunk counts by a crude stem (a trailing "s" or "al" cut), and the words as written."""

    def __init__(self, written: dict[str, int]) -> None:
        self.written = written

    @staticmethod
    def stem(word: str) -> str:
        for end in ("al", "s", "e"):
            if word.endswith(end) and len(word) > 4:
                return word[: -len(end)]
        return word

    def chunk_counts(self, words: list[str]) -> dict[str, int]:
        by_stem: dict[str, int] = {}
        for w, n in self.written.items():
            by_stem[self.stem(w)] = by_stem.get(self.stem(w), 0) + n
        return {w: by_stem.get(self.stem(w), 0) for w in words}

    def written_forms(self, word: str) -> dict[str, int]:
        return {w: n for w, n in self.written.items() if self.stem(w) == self.stem(word)}

    phrases: dict[str, int] = {}

    def phrase_count(self, phrase: str) -> int:
        return self.phrases.get(phrase, 0)


def test_edits_keep_the_first_letter():
    near = edits("turnuot")
    assert "turnout" in near  # two letters swapped
    assert "turnuo" in near and "turnuots" in near and "turnuit" in near
    assert not any(w[0] != "t" for w in near)
    assert "turnuot" not in near


def test_a_misspelled_word_is_the_index_word_one_edit_away():
    vocab = FakeVocabulary({"turnout": 3, "mayor": 5, "mayoral": 2, "repairs": 4, "berry": 9})
    assert corrections("What was the turnuot?", vocab) == {"turnuot": "turnout"}
    # written as the news writes it: "mayore" is indexed as "mayor" is, but no report writes it
    assert corrections("Who won the mayorl election?", vocab) == {"mayorl": "mayor"}
    assert corrections("How much will the ferry cost?", vocab) == {}  # not "berry": the first letter stays
    assert corrections("What did Ada Lund say?", vocab) == {}  # names are asked about, not misspelled
    # an English word the index lacks is asked about: not "march" for "match"
    assert corrections("Who won the match?", FakeVocabulary({"march": 4})) == {}
    assert corrections("What was the turnout?", vocab) == {}
    assert corrections("Who won the tram?", vocab) == {}  # too short to tell from its neighbours


def test_a_word_run_into_one_or_an_acronym_in_lower_case():
    """ "who won the superbowl" was refused ("None of the passages I found mentions the superbowl"): the news writes
    "Super Bowl". "who was the mvp" too: the passages spell out "most valuable player", which MVP's capitals find."""
    vocab = FakeVocabulary({"super": 2, "bowl": 2, "march": 1})
    vocab.phrases = {"super bowl": 2}
    assert corrections("who won the superbowl", vocab) == {"superbowl": "super bowl"}
    assert corrections("who was the mvp", vocab) == {"mvp": "MVP"}
    assert corrections("who won the cup", vocab) == {}  # an English word


def test_the_question_is_respelled_and_the_reader_told():
    fixes = {"turnuot": "turnout"}
    assert (
        respelled("What was the turnuot? The turnuot's figure", fixes) == "What was the turnout? The turnout's figure"
    )
    assert respelled("What was the turnuot?", {}) == "What was the turnuot?"
    assert spelling_note(fixes) == "Searched for “turnout” (you wrote “turnuot”)."


def test_a_british_spelling_is_not_called_a_typo():
    """ "Who apologised ...?" over reports that write "apologized" was told "you wrote apologised", as if mistyped."""
    from rag.spelling import spelling_variant

    pairs = [("apologised", "apologized"), ("colour", "color"), ("centre", "center"), ("travelled", "traveled")]
    assert all(spelling_variant(a, b) and spelling_variant(b, a) for a, b in pairs + [("defence", "defense")])
    assert not spelling_variant("turnuot", "turnout") and not spelling_variant("mayore", "mayor")
    assert spelling_note({"colour": "color"}) == "Searched for “color” (another spelling of “colour”)."


def test_a_misspelled_word_the_index_has_nothing_near_is_the_english_word():
    """In a chat, "whats hapening with the libary" was refused: "hapening" is near no word of a small index, so the
    question did not read as asking what happened. The commonest English word one edit away stands for it."""
    vocab = FakeVocabulary({"library": 1})
    assert corrections("whats hapening with the libary", vocab) == {"hapening": "happening", "libary": "library"}


def test_an_address_in_a_question_is_not_respelled():
    """Found asking about an article by its URL (session 42): "Tell me about https://apnews.com/article/..." was
    searched as "... https://apneas.com/...", a word of the address taken for a typo."""
    vocab = FakeVocabulary({"turnout": 3, "apneas": 2})
    question = (
        "Tell me about https://apnews.com/article/super-bowl and the turnuot at www.apnewz.org/x or ap@apnewz.com"
    )
    assert corrections(question, vocab) == {"turnuot": "turnout"}
    fixed = respelled(question, {"turnuot": "turnout", "apnews": "apneas", "apnewz": "apneas"})
    assert fixed == question.replace("turnuot", "turnout")
