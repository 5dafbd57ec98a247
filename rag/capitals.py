"""A question typed in lower case, with the capitals the index writes its words with.

"who is kevin mccarthy?" has no capital to tell a name from a word, so every rule that looks for a name (who a
"who is" question asks about, what a pronoun stands for in a chat, whether a follow-up names anything of its own)
treated it as naming nobody: it quoted "Ballot 13: McCarthy now unopposed ..." where "Who is Kevin McCarthy?" quotes
his title. A word the index writes with a capital nearly everywhere but at the start of a sentence ("McCarthy",
"Kevin") is given that capital; a word it writes in lower case as often ("house", "vote") is left alone. Only a
question with no capital but its first letter is touched: one typed with capitals says what it means.
"""

from __future__ import annotations

from typing import Protocol

from .spelling import lower_words, respelled
from .text import STOPWORDS

MIN_SEEN = 2  # a word seen fewer times (outside the start of a sentence) keeps the reader's spelling
NAME_SHARE = 0.8  # a word written with this share of its occurrences in one capitalized form is a name


class CasedVocabulary(Protocol):
    def cased_forms(self, word: str) -> dict[str, int]:
        """How the chunks holding `word` write it, capitals kept, leaving out where it opens a sentence."""
        ...


def in_lower_case(question: str) -> bool:
    """Typed without capitals (its first letter aside)."""
    return not any(ch.isupper() for ch in question[1:])


def capitalized(question: str, vocabulary: CasedVocabulary) -> dict[str, str]:
    """The words of a lower-case question the index writes with capitals, as it writes them ({"kevin": "Kevin",
    "mccarthy": "McCarthy"}); none for a question typed with capitals."""
    if not in_lower_case(question):
        return {}
    asked = lower_words(question)
    out: dict[str, str] = {}
    # two words in a row first: "bed bath" is "Bed Bath" where "bed" alone is mostly a bed, "golden globes" "Golden
    # Globes" where "golden" alone is mostly golden
    for a, b in zip(asked, asked[1:]):
        if a not in STOPWORDS and b not in STOPWORDS and (a not in out or b not in out):
            name = _as_name(f"{a} {b}", vocabulary)
            if name:
                out[a], out[b] = name.split()
    for word in dict.fromkeys(asked):
        if word not in out and word not in STOPWORDS and len(word) >= 2:
            name = _as_name(word, vocabulary)
            if name:
                out[word] = name
    return out


def _as_name(phrase: str, vocabulary: CasedVocabulary) -> str | None:
    """`phrase` as the index writes it, when that is with a capital on each word nearly everywhere."""
    forms = vocabulary.cased_forms(phrase)
    seen = sum(forms.values())
    if seen < MIN_SEEN:
        return None
    best = max(sorted(forms), key=lambda f: forms[f])
    capital = all(w[:1].isupper() for w in best.split())
    return best if capital and best.lower() == phrase and forms[best] >= NAME_SHARE * seen else None


# `question` with each of the words `capitalized` gives written as the index writes it
with_capitals = respelled
