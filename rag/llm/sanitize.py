"""Keeping untrusted text in its place, both ways.

Into the prompt (`neutralize_source`): retrieved news is data. Markdown images, links and
HTML are flattened to plain text, and sentences that address an AI system ("ignore previous
instructions", "reply only with ...") are replaced by a marker, so a planted article cannot
steer the model even when the model ignores the delimiters around it.

Out of the model (`sanitize_answer`, `StreamSanitizer`): Markdown images, raw HTML, reference
link definitions, echoed source delimiters, and links or bare URLs to hosts that are not among
the cited sources are stripped, so an answer can never make a browser fetch an outside URL.
Prompt scaffolding the model echoes (`strip_scaffolding`: the source headers "Title: ..." and
"Outlet and date: ...", "Sources:" / "Question:" / "Answer:" labels, role and turn tags such as
[/INST], <start_of_turn>, <|im_end|>) never reaches an answer either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

INJECTION_MARKER = "[text addressed to AI systems removed]"

_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*(\([^)\n]*\)|\[[^\]\n]*\])")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_DELIMITER = re.compile(r"<<[^<>\n]{0,160}>>")  # our source delimiters, echoed by a model
_SCRIPT = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.I | re.S)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]\"']+", re.I)
_BARE_HOST_PATH = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>()\[\]\"']*", re.I)
_DATA_URI = re.compile(r"\bdata:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+", re.I)
_SPACES = re.compile(r"[ \t]{2,}")
# Prompt scaffolding a model may echo (prompt.py's source headers and labels, chat-template tags).
_SCAFFOLD = (
    re.compile(r"\bTitle:[^\n]*?(?=\bOutlet and date:|\n|$)"),
    re.compile(r"\bOutlet and date:[^|\n]*\|\s*(?:\d{4}-\d{2}-\d{2}|undated)\b", re.I),
    re.compile(r"\bOutlet and date:[^\n]*$", re.M | re.I),
    re.compile(r"^[ \t]*(?:Sources?|Question)[ \t]*:[^\n]*$", re.M | re.I),
    re.compile(r"\[/?(?:INST|SYS)\]|<</?SYS>>|</?s>", re.I),
    re.compile(r"(?:</?(?:start|end)_of_turn>|<\|[^|<>\n]{1,40}\|>)(?:[ \t]*(?:user|model|system|assistant)\b)?", re.I),
    re.compile(
        r"^[ \t]*(?:#{1,4}[ \t]*)?(?:Answer|System|User|Assistant|Model|Human|Instruction|Response)[ \t]*:[ \t]*",
        re.M | re.I,
    ),
    re.compile(r"<<[^<>\n]*$"),  # a source delimiter cut off by a stop string
)
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")

# Phrases that address a model rather than a reader. Narrow on purpose: a false positive only
# hides one sentence from the LLM (the passage and its citation stay intact).
_INJECTION = re.compile(
    r"""(
      \b(ignore|disregard|forget|override|bypass)\b\W+(?:\w+\W+){0,4}?(instructions?|prompts?|rules|directions|guidelines)\b
    | \b(reply|respond|answer|output|print|write|say)\b\W+(?:\w+\W+){0,3}?(only|exactly|verbatim)\W+(with|the\s+words?|this)\b
    | \b(reply|respond)\s+only\b
    | \byou\s+are\s+(now|no\s+longer)\b
    | \b(new|updated|real|actual)\s+(instructions?|system\s+prompt)\b
    | \bsystem\s+prompt\b
    | \b(ai|llm|language\s+model|chatbot|assistant)s?\b[^.!?\n]{0,40}\b(must|should|shall|are\s+instructed\s+to)\b
    | ^\s*(system|assistant|developer)\s*:
    | </?\s*(system|assistant|instructions?)\s*>
    )""",
    re.I | re.X | re.M,
)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def hosts_of(urls: Iterable[str | None]) -> set[str]:
    return {h for h in (host_of(u) for u in urls) if h}


def _allowed(url: str, allowed_hosts: set[str]) -> bool:
    host = host_of(url)
    return bool(host) and host in allowed_hosts


def flatten_markup(text: str) -> str:
    """Markdown images and HTML out, links reduced to their words, URLs dropped: news text as plain text."""
    text = _SCRIPT.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_DEF.sub("", text)
    text = _AUTOLINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _DATA_URI.sub(" ", text)
    text = _URL.sub(" ", text)
    return _tidy(text)


def neutralize_source(text: str) -> tuple[str, list[str]]:
    """The passage as it goes into the prompt, and the instruction-like sentences taken out of it."""
    from ..text import split_sentences

    text = flatten_markup(text)
    text = text.replace("<<", "\u2039\u2039").replace(">>", "\u203a\u203a")  # nothing can look like a delimiter
    removed: list[str] = []
    out: list[str] = []
    for sentence in split_sentences(text):
        if _INJECTION.search(sentence):
            removed.append(" ".join(sentence.split()))
            if not out or out[-1].strip() != INJECTION_MARKER:
                out.append(INJECTION_MARKER + (" " if not sentence.endswith("\n") else "\n"))
        else:
            out.append(sentence)
    return "".join(out).strip(), removed


def sanitize_answer(text: str, allowed_hosts: set[str]) -> tuple[str, list[str]]:
    """The model's text without images, HTML and links to hosts other than `allowed_hosts`; and what was removed."""
    removed: list[str] = []

    def drop(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return " "

    def link(m: re.Match[str]) -> str:
        if _allowed(m.group(2), allowed_hosts):
            return m.group(0)
        removed.append(m.group(0))
        return m.group(1)

    def url(m: re.Match[str]) -> str:
        if _allowed(m.group(0), allowed_hosts):
            return m.group(0)
        removed.append(m.group(0))
        return " "

    text = _DELIMITER.sub(drop, text)
    text, scaffolding = strip_scaffolding(text)
    removed.extend(scaffolding)
    text = _SCRIPT.sub(drop, text)
    text = _IMAGE.sub(drop, text)
    text = _REF_DEF.sub(drop, text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub(drop, text)
    text = _DATA_URI.sub(drop, text)
    # links first, then bare URLs outside the links that were kept
    kept_links: list[str] = []

    def keep_placeholder(m: re.Match[str]) -> str:
        out = link(m)
        if out is m.group(0):
            kept_links.append(out)
            return f"\x00{len(kept_links) - 1}\x00"
        return out

    text = _LINK.sub(keep_placeholder, text)
    text = _URL.sub(url, text)
    text = _BARE_HOST_PATH.sub(url, text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept_links[int(m.group(1))], text)
    return _tidy(text), removed


def strip_scaffolding(text: str) -> tuple[str, list[str]]:
    """The text without echoed prompt scaffolding (source headers, labels, role tags); and what was removed."""
    removed: list[str] = []

    def drop(m: re.Match[str]) -> str:
        if m.group(0).strip():
            removed.append(m.group(0).strip())
        return " " if m.group(0).strip() else m.group(0)

    for pattern in _SCAFFOLD:
        text = pattern.sub(drop, text)
    return text, removed


def _tidy(text: str) -> str:
    lines = [_SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class StreamSanitizer:
    """Sanitizes a token stream on the fly: text is released only up to a point where no
    image, link, tag or URL can still be in the making, so nothing unsafe is ever shown."""

    _OPENERS = re.compile(r"!?\[|<<|<(?=[A-Za-z/!|_])|\b(?:https?|ftp)://|\bwww\.|\bdata:", re.I)
    # a scaffolding label, or the start of one at the end of what came so far: held to the end of its line
    _LABELS = re.compile(
        r"\b(?:Title|Outlet and date|Sources?|Question)[ \t]*:|\bOutlet(?:\s+and(?:\s+date)?)?\s*$", re.I
    )

    def __init__(self, allowed_hosts: set[str]) -> None:
        self.allowed_hosts = allowed_hosts
        self._pending = ""
        self.removed: list[str] = []

    def feed(self, piece: str) -> str:
        self._pending += piece
        cut = self._safe_cut(self._pending)
        if cut <= 0:
            return ""
        ready, self._pending = self._pending[:cut], self._pending[cut:]
        return self._clean(ready)

    def flush(self) -> str:
        ready, self._pending = self._pending, ""
        return self._clean(ready) if ready else ""

    def _clean(self, ready: str) -> str:
        clean, removed = sanitize_answer(ready, self.allowed_hosts)
        self.removed.extend(removed)
        # keep the spacing at the edges that _tidy strips, so pieces still join into words
        lead = ready[: len(ready) - len(ready.lstrip())]
        trail = ready[len(ready.rstrip()) :]
        return (lead + clean + trail) if clean else (lead or trail)[:1]

    def _safe_cut(self, text: str) -> int:
        """Length of the prefix that can be released: up to the last whitespace, and before any
        opener ([, ![, <, URL start) that is not yet closed by the end of a line or paragraph."""
        last_space = max(text.rfind(" "), text.rfind("\n"))
        if last_space < 0:
            return 0
        cut = last_space + 1
        for m in self._LABELS.finditer(text, 0, cut):
            if "\n" not in text[m.end() : cut]:
                cut = m.start()
                break
        for m in self._OPENERS.finditer(text, 0, cut):
            start = m.start()
            rest = text[start:cut]
            if m.group(0).endswith("[") and _closed_bracket(rest):
                continue
            if m.group(0) == "<<" and ">>" in rest:
                continue
            if m.group(0) == "<" and ">" in rest:
                continue
            if m.group(0)[0] not in "[!<" and re.search(r"\s", rest):
                continue  # a URL ends at whitespace
            return start
        return cut


def _closed_bracket(rest: str) -> bool:
    """`[..]` closed, and if a `(` follows, that too; a citation like [2] followed by a space is closed."""
    m = re.match(r"!?\[[^\]\n]*\]", rest)
    if not m:
        return "\n" in rest  # brackets never span lines in what we strip
    after = rest[m.end() :]
    if after.startswith("(") or after.startswith("["):
        return bool(re.match(r"[(\[][^)\]\n]*[)\]]", after)) or "\n" in after
    return bool(after)  # something came after the ']', so it cannot become a link anymore
