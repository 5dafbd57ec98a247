"""A scripted ChatClient and a tiny news set for the LLM unit tests (no server, no model)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from rag.errors import LLMError

from .conftest import article, write_jsonl

Reply = str | Callable[[list[dict[str, str]]], str]

NEWS = [
    article(
        "Russia tables UN ceasefire draft",
        "At the UN Security Council Russia tabled a draft resolution demanding an immediate ceasefire in the "
        "Middle East. China and Pakistan co-sponsored the draft resolution.",
        url="https://www.reuters.com/world/russia-un-draft",
        outlet="Reuters",
        published_at="2025-06-23T10:00:00Z",
    ),
    article(
        "Nebenzia: the West blocked the ceasefire draft",
        "Russia's envoy Vassily Nebenzia said Western powers blocked the ceasefire draft resolution at the Security "
        "Council. Moscow says the Global South supported the Russian text.",
        url="https://tass.com/politics/1234",
        outlet="TASS",
        published_at="2025-06-24T08:00:00Z",
    ),
    article(
        "Hamlin off breathing tube",
        "Buffalo Bills safety Damar Hamlin is no longer on a breathing tube and has been talking with teammates, "
        "the team said Friday.",
        url="https://www.espn.com/nfl/story/hamlin",
        outlet="ESPN",
        published_at="2023-01-06T15:00:00Z",
    ),
]
QUESTION = "What did Russia propose at the UN Security Council?"


def write_news(directory: Path, extra: Sequence[dict] = ()) -> Path:
    return write_jsonl(directory / "news.jsonl", [*NEWS, *extra])


def source_numbers(messages: list[dict[str, str]]) -> dict[str, int]:
    """{outlet: n} of the sources in a grounded prompt, so scripts can cite the right number."""
    user = messages[-1]["content"]
    return {
        m.group(2).strip(): int(m.group(1))
        for m in re.finditer(r"<<source (\d+) \w+>>\nTitle: .*\nOutlet and date: ([^|\n]+)", user)
    }


def cite(template: str) -> Callable[[list[dict[str, str]]], str]:
    """A reply whose {Reuters}/{TASS}/{ESPN} placeholders become those outlets' source numbers."""

    def reply(messages: list[dict[str, str]]) -> str:
        numbers = source_numbers(messages)
        return template.format(**{k: numbers.get(k, 99) for k in ("Reuters", "TASS", "ESPN")})

    return reply


class ScriptedLLM:
    """Replies from a script, in order (the last one repeats); records every request."""

    label = "scripted://test-llm"

    def __init__(self, *replies: Reply, fail: LLMError | None = None, piece: int = 3) -> None:
        self.replies = list(replies)
        self.fail = fail
        self.piece = piece
        self.requests: list[list[dict[str, str]]] = []

    def _next(self, messages: Sequence[dict[str, str]]) -> str:
        self.requests.append([dict(m) for m in messages])
        if self.fail:
            raise self.fail
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return reply(list(messages)) if callable(reply) else reply

    def complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int, temperature: float) -> str:
        return self._next(messages)

    def stream(self, messages: Sequence[dict[str, str]], *, max_tokens: int, temperature: float) -> Iterator[str]:
        text = self._next(messages)
        for i in range(0, len(text), self.piece):
            yield text[i : i + self.piece]
