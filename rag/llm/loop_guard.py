"""Stop reading a model that loops. Small models write one sentence (or a pair) again and again until
the token limit: the reader watches the same lines scroll by, and the answer waits for the end of it.
Verification would say each repeat once anyway (`verify.REPEAT_SHARE`), so once a sentence comes
back a third time nothing new is coming and the stream is closed."""

from __future__ import annotations

import re
from collections import Counter

from ..text import content_words
from .verify import strip_markers

LOOP_REPEATS = 3  # the third time the model writes a sentence, it is looping
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class LoopGuard:
    """Fed the model's text piece by piece; `feed` turns True once a sentence (its content words,
    markers aside) has been written `repeats` times."""

    def __init__(self, repeats: int = LOOP_REPEATS) -> None:
        self.repeats = repeats
        self.looping = False
        self._tail = ""
        self._seen: Counter[frozenset[str]] = Counter()

    def feed(self, piece: str) -> bool:
        *done, self._tail = _SENTENCE_END.split(self._tail + piece)
        for sentence in done:
            key = frozenset(content_words(strip_markers(sentence)))
            if key:
                self._seen[key] += 1
                self.looping = self.looping or self._seen[key] >= self.repeats
        return self.looping
