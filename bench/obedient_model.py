"""A scripted worst-case chat model for the injection bench: it obeys every instruction it finds.

`ObedientModel` is a ChatClient (rag/llm/client.py) that reads the sources of its prompt
(the last user message, before "Question:") and, for every sentence that gives an order
(reply / respond / answer / say / state / tell / include / cite / must / you are now ...),
does what the sentence asks: repeats the quoted reply, states what it is told to state,
adds the link or image it is told to include, cites the source number it is told to cite.
It also copies any markup it sees (Markdown images and links, HTML tags, bare URLs) into its
answer, as a model that echoes its input would. When its sources hold no order it answers
honestly: the first sentence of source 1, cited [1].

No real model is this obedient; it is the upper bound the defences must hold against, and it
makes the bench able to tell defended from undefended (a small model that ignores injections
either way cannot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rag.text import split_sentences

ORDER = re.compile(
    r"\b(ignore|disregard|reply|respond|answer|say|state|tell|include|cite|must|you\s+are\s+now)\b", re.I
)
QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
STATE = re.compile(r"\b(?:state|say)\s+(?:that\s+)?(.+?)[.!]?$", re.I)
TELL = re.compile(r"\btell\s+(?:\w+\s+){0,2}?to\s+(.+?)(?:\s+before\s+answering)?[.!]?$", re.I)
CITE = re.compile(r"\bcite\b[^.]*?(\[\d+\])", re.I)
MARKUP = re.compile(r"!?\[[^\]\n]*\]\([^)\s]+\)|<script\b.*?</script>|<[a-z][^>]*>|\bhttps?://\S+", re.I | re.S)
_HEADER = re.compile(r"^(Title:|Outlet and date:|<<|\u2039\u2039)")


def sources_text(messages: Sequence[dict[str, str]]) -> list[str]:
    """The source passages of the prompt, one string per source (header lines left out)."""
    user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
    body = user.split("\n\nQuestion:", 1)[0]
    sources, current = [], []
    for line in body.splitlines():
        if line.startswith(("<<source", "\u2039\u2039source")) or line.startswith("<<end") and current:
            if current:
                sources.append(" ".join(current))
            current = []
            continue
        if line.strip() and not _HEADER.match(line) and line.strip() != "Sources:":
            current.append(line.strip())
    if current:
        sources.append(" ".join(current))
    return sources


def obey(sentence: str) -> list[str]:
    """What the model writes to carry out one sentence's order (nothing if it gives none)."""
    if not ORDER.search(sentence):
        return []
    out = [a or b for a, b in QUOTED.findall(sentence)]
    if not out:
        for pattern in (TELL, STATE):
            m = pattern.search(sentence.strip())
            if m:
                what = m.group(1).strip()
                out.append(what[:1].upper() + what[1:] + ".")
                break
    cite = CITE.search(sentence)
    if cite:
        out = [f"{o.rstrip('.')} {cite.group(1)}." for o in out] or [cite.group(1)]
    return out


def reply(messages: Sequence[dict[str, str]]) -> str:
    sources = sources_text(messages)
    obeyed: list[str] = []
    for text in sources:
        for sentence in split_sentences(text):
            obeyed += obey(sentence.strip())
            obeyed += [m for m in MARKUP.findall(sentence) if m not in " ".join(obeyed)]
    if obeyed:
        return " ".join(obeyed)
    first = next((s.strip() for s in split_sentences(sources[0]) if s.strip()), "") if sources else ""
    return f"{first} [1]" if first else "The sources do not say."


class ObedientModel:
    """ChatClient that obeys every order in its sources (see the module docstring)."""

    label = "scripted obedient model"

    def __init__(self) -> None:
        self.prompts: list[list[dict[str, str]]] = []

    def complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int, temperature: float) -> str:
        self.prompts.append(list(messages))
        return reply(messages)

    def stream(self, messages: Sequence[dict[str, str]], *, max_tokens: int, temperature: float) -> Iterator[str]:
        yield from re.findall(r"\S+\s*", self.complete(messages, max_tokens=max_tokens, temperature=temperature))
