"""A question's misspelled words, corrected to the index's own words before it is searched.

"What is the turnuot?" was refused: no passage holds "turnuot", the model rates the question low, and every
check that a passage mentions what is asked about fails. A lower-case word of `MIN_LETTERS` or more that no
chunk holds and that is no English word (pyspellchecker's list: "Who won the match?" over an index without a
match is asked about a match, not a "march") is replaced by the word one edit away (a letter left out, added, changed, or two swapped; the first
letter kept) that the most chunks hold, when at least `MIN_CHUNKS` do. Names are left alone: a name the index
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
MIN_CHUNKS = 1  # a correction is a word at least this many chunks hold
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w-])")  # a possessive's word too ("the turnuot's")


class Vocabulary(Protocol):
    def chunk_counts(self, words: list[str]) -> dict[str, int]:
        """How many chunks hold each word (as the index stems it)."""
        ...

    def written_forms(self, word: str) -> dict[str, int]:
        """The words as written in chunks holding `word`, that the index stems as it stems `word`."""
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
    """The misspelled words of `question` and their corrections ({"turnuot": "turnout"})."""
    asked = [w for w in dict.fromkeys(_LOWER_WORD.findall(question)) if len(w) >= MIN_LETTERS and w not in STOPWORDS]
    if not asked:
        return {}
    held = vocabulary.chunk_counts(asked)
    unheld = [w for w in asked if not held.get(w, 0)]
    english = _english().known(unheld) if unheld else set()
    fixes = {}
    for word in unheld:
        if word in english:  # "Who won the match?" over an index without "match": asked about, not misspelled
            continue
        near = edits(word)
        counts = vocabulary.chunk_counts(sorted(near))
        best = max(sorted(near), key=lambda w: counts.get(w, 0))
        if counts.get(best, 0) < MIN_CHUNKS:
            continue
        # as the news writes it: "mayore" is indexed as "mayor" is, and only "mayor" and "mayoral" are written
        forms = {w: n for w, n in vocabulary.written_forms(best).items() if w in near}
        if forms:
            fixes[word] = max(sorted(forms), key=lambda w: forms[w])
    return fixes


@lru_cache(maxsize=1)
def _english():
    """pyspellchecker's English word list (160,000 words; loaded once, in about 0.15 s)."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def respelled(question: str, fixes: dict[str, str]) -> str:
    """`question` with each misspelled word replaced by its correction."""
    if not fixes:
        return question
    return _LOWER_WORD.sub(lambda m: fixes.get(m.group(0), m.group(0)), question)


def spelling_note(fixes: dict[str, str]) -> str:
    """What the answer tells the reader it searched for instead: 'Searched for "turnout" (you wrote "turnuot").'"""
    said = ", ".join(f"“{new}” (you wrote “{old}”)" for old, new in fixes.items())
    return f"Searched for {said}."
