"""A question's misspelled words, corrected to the index's own words before it is searched.

"What is the turnuot?" was refused: no passage holds "turnuot", the model rates the question low, and every
check that a passage mentions what is asked about fails. A lower-case word of `MIN_LETTERS` or more that no
chunk holds and that is no English word (pyspellchecker's list: "Who won the match?" over an index without a
match is asked about a match, not a "march") is replaced by the word one edit away (a letter left out, added, changed, or two swapped; the first
letter kept) that the most chunks hold, when at least `MIN_CHUNKS` do; a word the index writes as two ("super
bowl") by those two; a shorter word of `ACRONYM_LETTERS` by its capitals ("mvp": "MVP", which the passages may
spell out: "most valuable player"). Names are left alone: a name the index
lacks is asked about, not misspelled ("Lund" is not "Lind"), and the answer says that none of the passages
names it. Words are looked up as the keyword index indexed them (`Vocabulary`), so a correction needs no
list of words of its own and follows every ingest.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Protocol

from .text import STOPWORDS

MIN_LETTERS = 5  # shorter words are too near too many others ("tram", "team", "term")
ACRONYM_LETTERS = (3, 5)  # a shorter lower-case word no chunk holds and no English word is an acronym ("mvp")
MIN_CHUNKS = 1  # a correction is a word at least this many chunks hold
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w-])")  # a possessive's word too ("the turnuot's")


class Vocabulary(Protocol):
    def chunk_counts(self, words: list[str]) -> dict[str, int]:
        """How many chunks hold each word (as the index stems it)."""
        ...

    def written_forms(self, word: str) -> dict[str, int]:
        """The words as written in chunks holding `word`, that the index stems as it stems `word`."""
        ...

    def phrase_count(self, phrase: str) -> int:
        """How many chunks hold `phrase`, its words next to each other (counted up to a few)."""
        ...


def edits(word: str) -> set[str]:
    """The words one edit from `word` that keep its first letter: a letter left out, added, changed, or two
    neighbours swapped."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def corrections(question: str, vocabulary: Vocabulary) -> dict[str, str]:
    """The misspelled words of `question` and their corrections ({"turnuot": "turnout", "superbowl": "super
    bowl"})."""
    asked = [w for w in dict.fromkeys(lower_words(question)) if len(w) >= ACRONYM_LETTERS[0] and w not in STOPWORDS]
    if not asked:
        return {}
    held = vocabulary.chunk_counts(asked)
    unheld = [w for w in asked if not held.get(w, 0)]
    english = _english().known(unheld) if unheld else set()
    fixes = {}
    for word in unheld:
        if len(word) < MIN_LETTERS:
            if word not in english and len(word) <= ACRONYM_LETTERS[1]:
                fixes[word] = word.upper()  # "who was the mvp": MVP, which a report may spell out
            continue
        # "superbowl" is an English word the index writes as two ("Super Bowl"); "Who won the match?" over an index
        # without "match" is asked about a match, not misspelled
        fix = (
            _split(word, vocabulary)
            if word in english
            else _one_edit(word, vocabulary) or _split(word, vocabulary) or _english_word(word)
        )
        if fix:
            fixes[word] = fix
    return fixes


def _one_edit(word: str, vocabulary: Vocabulary) -> str | None:
    """The index word one edit from `word` that the most chunks hold, as the news writes it ("mayore" is indexed as
    "mayor" is, and only "mayor" and "mayoral" are written), else as English writes it ("propose" for "propse",
    where the news writes "proposed")."""
    near = edits(word)
    counts = vocabulary.chunk_counts(sorted(near))
    most = max(counts.values(), default=0)
    if most < MIN_CHUNKS:
        return None
    top = sorted(w for w in near if counts.get(w, 0) == most)
    forms = {w: n for w, n in vocabulary.written_forms(top[0]).items() if w in near}
    if forms:
        return max(sorted(forms), key=lambda w: forms[w])
    english = _english()
    known = sorted(english.known(top))
    return max(known, key=lambda w: english.word_usage_frequency(w)) if known else None


def _english_word(word: str) -> str | None:
    """The commonest English word one edit from `word` with its first letter, for a word the index holds nothing near
    ("hapening": "happening", which asks what happened however the news words it)."""
    english = _english()
    near = sorted(w for w in english.known(edits(word)) if w[0] == word[0])
    return max(near, key=english.word_usage_frequency) if near else None


def is_english(word: str) -> bool:
    """Whether pyspellchecker's English word list holds `word` (lower case): "prince" and "bankrupt" do, "nvidia" does
    not, so in a question typed in lower case it is a name."""
    return bool(_english().known([word]))


def _split(word: str, vocabulary: Vocabulary) -> str | None:
    """`word` as the two words the news writes together that it runs into one ("super bowl" for "superbowl")."""
    best, most = None, 0
    for i in range(2, len(word) - 1):
        phrase = f"{word[:i]} {word[i:]}"
        n = vocabulary.phrase_count(phrase)
        if n > most:
            best, most = phrase, n
    return best if most >= MIN_CHUNKS else None


@lru_cache(maxsize=1)
def _english():
    """pyspellchecker's English word list (160,000 words; loaded once, in about 0.15 s)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


# an address is not words to correct: "Tell me about https://apnews.com/article/..." was searched as "apneas.com"
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|\S+@[\w-]+(?:\.[\w-]+)+", re.I)


def lower_words(text: str) -> list[str]:
    """The lower-case words of `text`, in order (a possessive's word too: "turnuot" of "the turnuot's"), but
    those of a web or mail address."""
    return _LOWER_WORD.findall(_ADDRESS.sub(" ", text))


def respelled(question: str, fixes: dict[str, str]) -> str:
    """`question` with each misspelled word replaced by its correction (never inside an address)."""
    if not fixes:
        return question
    out, at = [], 0
    for m in [*_ADDRESS.finditer(question), None]:
        end = m.start() if m else len(question)
        out.append(_LOWER_WORD.sub(lambda w: fixes.get(w.group(0), w.group(0)), question[at:end]))
        if m:
            out.append(m.group(0))
            at = m.end()
    return "".join(out)


def spelling_note(fixes: dict[str, str]) -> str:
    """What the answer tells the reader it searched for instead: 'Searched for "turnout" (you wrote "turnuot").';
    a word the reports spell the other side of the Atlantic is no typo: 'Searched for "apologized" (another
    spelling of "apologised").'"""
    said = ", ".join(
        f"“{new}” (another spelling of “{old}”)" if spelling_variant(old, new) else f"“{new}” (you wrote “{old}”)"
        for old, new in fixes.items()
    )
    return f"Searched for {said}."


# One spelling's letters where the other has its own: British "apologised", "colour", "centre", "travelled",
# "defence" for American "apologized", "color", "center", "traveled", "defense" (and back)
_VARIANT_PAIRS = (("s", "z"), ("our", "or"), ("re", "er"), ("ll", "l"), ("ae", "e"), ("oe", "e"), ("ce", "se"))


def spelling_variant(old: str, new: str) -> bool:
    """Whether `old` and `new` are one word's British and American spellings ("apologised", "apologized")."""
    for a, b in _VARIANT_PAIRS:
        for x, y in ((a, b), (b, a)):
            for m in re.finditer(re.escape(x), old):
                if old[: m.start()] + y + old[m.end() :] == new:
                    return True
    return False
