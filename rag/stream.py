"""`AnswerStream`: an answer as it is produced. Iterate it for text pieces; `.answer()` gives the final Answer.

    >>> stream = rag.stream("What did Russia propose?")   # doctest: +SKIP
    >>> for piece in stream:                               # doctest: +SKIP
    ...     print(piece, end="")
    >>> stream.answer().citations                          # doctest: +SKIP

Like simonw/llm's `Response`: the pieces are the draft as it arrives (the extractive answerer
gives its text in one piece; the LLM gives tokens, images and foreign links already stripped);
the final Answer carries the verified text and citations, which may differ from the draft.
`.answer()` and `.text()` drain whatever was not iterated yet and return the result.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator

from .models import Answer

# Put before the verified text when it is not what was streamed (a draft the checks changed or dropped):
# a terminal or an API client cannot take back what it already showed.
CHECKED = "Checked against the sources:"


def checked_tail(draft: str, text: str) -> str:
    """What follows a streamed `draft` so that the reader ends with the verified `text`: nothing when the
    draft already ends with it, else the `CHECKED` header and the text."""
    if " ".join(draft.split()).endswith(" ".join(text.split())):
        return ""
    return f"\n\n{CHECKED}\n{text}" if draft.strip() else text


class AnswerStream:
    """Text pieces (str) when iterated, then `.answer()`: the final Answer.

    Built from an iterable of text pieces whose last item is the final Answer (the answerers'
    internal protocol); nothing after the Answer is read. Iterating a second time yields nothing
    more, and errors raised while producing the answer (e.g. a QuestionError) propagate to the
    caller that iterates or calls `.answer()`."""

    def __init__(self, parts: Iterable[str | Answer], *, on_answer: Callable[[Answer], None] | None = None) -> None:
        self._parts = iter(parts)
        self._answer: Answer | None = None
        self._pieces: list[str] = []
        self._on_answer = on_answer

    def __iter__(self) -> Iterator[str]:
        while self._answer is None:
            try:
                part = next(self._parts)
            except StopIteration:
                raise RuntimeError("the answer stream ended without a final Answer") from None
            if isinstance(part, Answer):
                self._finish(part)
                return
            self._pieces.append(part)
            yield part

    def _finish(self, answer: Answer) -> None:
        if self._on_answer is not None:
            self._on_answer(answer)
        self._answer = answer
        if isinstance(self._parts, Generator):  # run its cleanup now, not at garbage collection
            self._parts.close()

    def close(self) -> None:
        """Stop producing the answer (its reader went away): the source of the pieces is closed now,
        and with it an LLM stream under it, rather than at garbage collection. No `.answer()` after."""
        if self._answer is None and isinstance(self._parts, Generator):
            self._parts.close()

    def answer(self) -> Answer:
        """The final Answer (reads the rest of the stream first)."""
        for _ in self:
            pass
        assert self._answer is not None
        return self._answer

    def text(self) -> str:
        """The final answer's text (the verified one; the streamed draft is `draft`)."""
        return self.answer().text

    @property
    def draft(self) -> str:
        """The text pieces streamed so far, joined."""
        return "".join(self._pieces)

    @property
    def done(self) -> bool:
        return self._answer is not None

    def __repr__(self) -> str:
        return f"<AnswerStream {'done' if self.done else 'streaming'}: {self.draft[:40]!r}>"
