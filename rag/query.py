"""`Query`: one question and its options, validated once, passed by the CLI, the UI, the eval and the facade.

    >>> Query.of("What did Russia propose?", top_k=3, since="2025-01-01").top_k
    3

The options are declared here and only here: `NewsRAG.ask/stream/retrieve` and the chat session
take `Query | str` plus these same keywords (`Query.of` builds the value from either).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import QuestionError
from .filters import Filters, parse_day

MAX_QUESTION_CHARS = 2000
MAX_TOP_K = 100  # the same bounds as the top_k setting (rag/settings.py)

DateLike = str | date | datetime | None


# A chat's contractions typed without the apostrophe: "whats the turnout" asks what "what's the turnout?" asks
_BARE_CONTRACTION = re.compile(
    r"\b(what|who|where|when|how|why|that|there)s\b"
    r"|\b(do|does|did|is|was|are|were|has|have|had|could|would|should)nt\b",
    re.I,
)


_ASKS = re.compile(
    r"^\W*(?:and\s+|but\s+|so\s+)?(?:who|whom|whose|what|what's|which|when|where|why|how|is|are|was|were|do|does|did"
    r"|will|would|can|could|has|have|had|should)\b",
    re.I,
)


def clean_question(question: str) -> str:
    """The question as one line of printable text, at most MAX_QUESTION_CHARS, its bare contractions written out
    ("whats" as "what's", "didnt" as "didn't") and its question mark added when it asks without one ("who was
    mvp"); QuestionError when empty."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    # an invisible format character (a zero-width space, a soft hyphen) goes: "old\u200best" is "oldest", not "old est"
    text = "".join(ch if ch.isprintable() else "" if unicodedata.category(ch) == "Cf" else " " for ch in question)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty; ask something about the indexed news")
    text = _BARE_CONTRACTION.sub(lambda m: f"{m.group(1)}'s" if m.group(1) else f"{m.group(2)}n't", text)[
        :MAX_QUESTION_CHARS
    ]
    if _ASKS.match(text) and text[-1].isalnum() and "?" not in text:
        # "who was mvp" typed in a chat: the model rates a question with its mark nearer its answer ("Who was MVP"
        # was refused, "Who was MVP?" answered)
        text = text[: MAX_QUESTION_CHARS - 1] + "?"
    return text


def check_top_k(top_k: Any) -> int | None:
    """`top_k` as an int in 1..MAX_TOP_K, or None (the setting's default); QuestionError otherwise."""
    if top_k is None:
        return None
    if isinstance(top_k, bool) or not isinstance(top_k, int):
        raise QuestionError(f"top_k must be a whole number from 1 to {MAX_TOP_K}, got {top_k!r}")
    if not 1 <= top_k <= MAX_TOP_K:
        raise QuestionError(f"top_k (passages to retrieve) must be from 1 to {MAX_TOP_K}, got {top_k}")
    return top_k


def _names(value: Any, what: str) -> tuple[str, ...]:
    """`outlets` or `authors` as a tuple of names (one name may be given alone); QuestionError otherwise."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        raise QuestionError(f"{what}s must be a list of {what} names, got {value!r}") from None
    if not all(isinstance(o, str) for o in items):
        raise QuestionError(f"{what}s must be a list of {what} names (text)")
    return tuple(o for o in items if o and o.strip())


@dataclass(frozen=True)
class Query:
    """A question and its search options.

    question  cleaned with `clean_question` (QuestionError when empty)
    top_k     passages to retrieve, 1..MAX_TOP_K; None: the `top_k` setting
    since     only articles published on or after this day ('YYYY-MM-DD', date or datetime)
    until     only articles published on or before this day
    outlets   only these outlets (empty: all)
    authors   only articles whose byline names one of these authors (empty: all)
    as_of     the reference date for time words in the question ("last week"); None: today
    llm       True forces the LLM answerer, False the extractive one, None follows the settings
    focus     what the answer is about when `question` also carries context: a chat follow-up's own
              words ("And how much will it cost?"), searched together with the previous question
    """

    question: str
    top_k: int | None = None
    since: DateLike = None
    until: DateLike = None
    outlets: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    as_of: DateLike = None
    llm: bool | None = None
    focus: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "question", clean_question(self.question))
        if self.focus is not None:
            object.__setattr__(self, "focus", clean_question(self.focus))
        object.__setattr__(self, "top_k", check_top_k(self.top_k))
        object.__setattr__(self, "outlets", _names(self.outlets, "outlet"))
        object.__setattr__(self, "authors", _names(self.authors, "author"))
        for name in ("since", "until", "as_of"):
            value = getattr(self, name)
            if value == "" or (isinstance(value, str) and not value.strip()):
                object.__setattr__(self, name, None)
        if self.llm is not None and not isinstance(self.llm, bool):
            raise QuestionError(f"llm must be true, false or unset, got {self.llm!r}")
        self.filters  # noqa: B018 - malformed or reversed dates fail here, before any work
        parse_day(self.as_of)

    @classmethod
    def of(cls, query: Query | str, **options: Any) -> Query:
        """`query` itself, or with `options` replaced; a str becomes a Query with `options`.
        Options left None do not override a Query's own values."""
        if isinstance(query, Query):
            given = {k: v for k, v in options.items() if v is not None}
            return dataclasses.replace(query, **given) if given else query
        if not isinstance(query, str):
            raise QuestionError("the question must be text")
        unknown = set(options) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise TypeError(f"unknown query option(s): {', '.join(sorted(unknown))}")
        names = {"outlets": options.get("outlets"), "authors": options.get("authors")}
        return cls(query, **{k: v for k, v in options.items() if k not in names}, **names)

    @property
    def filters(self) -> Filters:
        return Filters.build(self.since, self.until, list(self.outlets), list(self.authors))

    def with_question(self, question: str) -> Query:
        return dataclasses.replace(self, question=question)

    def search_options(self) -> dict[str, Any]:
        """The retrieval options (top_k, since, until, outlets, authors, as_of) as keywords."""
        return {
            "top_k": self.top_k,
            "since": self.since,
            "until": self.until,
            "outlets": list(self.outlets) or None,
            "authors": list(self.authors) or None,
            "as_of": self.as_of,
        }
