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
from dataclasses import dataclass
from urllib.parse import urlsplit

INJECTION_MARKER = "[text addressed to AI systems removed]"

_IMAGE = re.compile(r"!\[[^\]\n]*\]\s*(\([^)\n]*\)|\[[^\]\n]*\])")
# [label](target "title"): a target in <...> (group 2) or bare (group 3; ">" may be in it: "[](>:)" is a link)
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*(?:<([^>\n]*)>|([^)\s]*))(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$", re.M)
_DELIMITER = re.compile(r"<<[^<>\n]{0,160}>>")  # our source delimiters, echoed by a model
_SCRIPT = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.I | re.S)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>", re.I)
_ANY_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]{1,31}:[^<>\s]*)>", re.I)  # CommonMark autolinks any scheme
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
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

# Sentences that address a model (or a "reader bot") rather than a human reader. One detector,
# three uses: such a sentence is withheld from the LLM's prompt (`neutralize_source`), is not
# evidence when citations are verified (verify.py), and is not quoted by the extractive answer
# while another sentence answers (extractive.py). A news sentence states, reports or quotes; it
# does not tell "the assistant" what to answer, what to cite or which sources to disregard. The
# patterns are grammatical, not a list of known attacks: an order to ignore instructions or the
# other sources; a sentence that addresses an AI ("Assistant, ...", "note to AI systems", "if you
# are a language model", "chatbots reading this ...", "the model must answer ..."); one that is
# about the reader's answer ("in your reply", "your response must"); an imperative at the start
# of a sentence that tells the reader what to write, cite or show ("State that ...", "Cite this as
# source [9]", "Tell readers to ...", "Include this image"); a fake role turn or "you are now".
# A sentence opening with a quotation mark (quoted speech) is not read as an imperative, and "AI
# must be regulated" is no order either: the modal needs a verb of answering after it. Measured on
# the 287,380 sentences of the rtqa-2023jan and rtqa-2023febmar corpora: 1 sentence flagged.
_NOT_AI_ASSISTANT = r"(?!\s+(?:coach|manager|secretary|professor|director|editor|attorney|chief|principal|referee|commissioner|general|minister|head|to)\b)"
_AI = rf"""(?:
    ai | a\.i\. | llms? | chatbots? | (?:ai\s+|virtual\s+|digital\s+)?assistants?{_NOT_AI_ASSISTANT} | gpts? | chatgpt | copilots?
  | (?:large\s+)?language\s+models? | (?:ai|llm)\s+(?:models?|systems?|agents?|tools?|readers?|crawlers?)
  | (?:reader|news|answer)[\s-]?bots? | bots? | crawlers? | scrapers? | summari[sz]ers? )"""
_OUTPUT = r"(?:answers?|repl(?:y|ies)|responses?|summar(?:y|ies)|outputs?|completions?)"
_ANSWERING = r"""(?:answer|reply|respond|say|state|claim|assert|write|output|print|repeat|cite|credit|attribute
  | mention|report|include|insert|add|append|tell|inform|ignore|disregard|forget|only|begin|start|end|refer|link)"""
_SOURCES = r"(?:sources?|articles?|passages?|documents?|reports?|outlets?|stories|texts?|context|information|results?|messages?)"
_OVERRIDDEN = rf"""(?:
    instructions? | prompts? | programming
  | (?:previous|prior|preceding|above|earlier|original|all|any|your|my|these|those|other|system)\s+(?:\w+\s+)?(?:rules|directions|guidelines|directives|commands)\b
  | (?:rules|directions|guidelines|directives|commands)\s+(?:above|before|given|provided)\b
  | (?:other|previous|prior|preceding|above|earlier|remaining|provided|given|all|these|those|any)\s+(?:\w+\s+)?{_SOURCES}\b
  | above\b )"""
_IMPERATIVE = r"""(?:
    (?:reply|respond|answer)\s+(?:with|only|exactly|that|by\s+saying|in\b)
  | (?:say|state|claim|assert|write|report|mention|repeat|insist|declare|conclude|explain)\s+(?:that|only|exactly|the\s+following|this\b|instead)
  | (?:tell|inform|warn|advise|remind|direct|instruct|send)\s+(?:the\s+|all\s+|your\s+)?(?:users?|readers?|visitors?|customers?)\b
  | (?:tell|inform|warn|advise|remind|direct|instruct)\s+(?:them|everyone|people)\s+(?:to|that)\b
  | cite\s+(?:this|it|that|these|them|the\s+\w+)\b
  | (?:credit|attribute)\s+(?:this|it|that|these|them|the\s+\w+)\s+(?:\w+\s+)?to\b
  | (?:include|insert|add|append|embed|show|display|render|output|print)\s+(?:this|these|the\s+following|an?\s+(?:image|link|picture|logo|url)|the\s+(?:image|link|picture|logo|url)|images?|links?)\b
  | (?:do\s+not|don'?t|never)\s+(?:mention|say|cite|reveal|tell|reply|answer|quote|include)\b )"""
_INJECTION = re.compile(
    rf"""(
      \b(?:ignore|disregard|forget|override|overrule|bypass|set\s+aside|pay\s+no\s+(?:attention|heed)\s+to)\b\W+(?:\w+\W+){{0,4}}?{_OVERRIDDEN}
    | ^[\s(\[*_\#>-]*(?:please\s+)?(?:do\s+not|don'?t|never)\s+(?:follow|trust|believe|use|consider|rely\s+on)\b\W+(?:\w+\W+){{0,4}}?{_OVERRIDDEN}
    | \b(?:reply|respond|answer|output|print|write|say)\b\W+(?:\w+\W+){{0,3}}?(?:only|exactly|verbatim)\W+(?:with|the\s+words?|this)\b
    | \b(?:reply|respond)\s+only\b
    | \byou\s+are\s+(?:now|no\s+longer)\b[^.!?\n]{{0,40}}?\b(?:{_AI}|mode|rules|restrict\w*|bound|filter\w*|jailbr\w*|persona|character|named|called|dan)\b
    | \b(?:new|updated|real|actual)\s+(?:instructions?|system\s+prompt)\s*:
    | \byour\s+(?:new|updated|real|actual)\s+instructions?\b
    | \bsystem\s+prompt\b
    | ^\s*(?:system|assistant|developer)\s*:
    | </?\s*(?:system|assistant|instructions?)\s*>
    | ^[\s(\[*_\#>-]*(?:dear\s+|hey\s+|attention\W+|note\s+to\s+(?:the\s+|any\s+|all\s+)?)?{_AI}\s*[,:]\s*(?:please\s+)?(?:\w+\s+)?{_ANSWERING}\b
    | \bnote\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?{_AI}\b
    | \bif\s+you\s+are\s+(?:an?\s+)?{_AI}\b
    | \bas\s+an?\s+{_AI}\s*,
    | \b{_AI}\s+(?:(?!said\b|says\b|told\b|added\b|thinks?\b|believes?\b|warned\b)\w+\W+){{0,4}}?(?:must|should|shall|needs?\s+to|ha(?:s|ve)\s+to|(?:is|are)\s+(?:instructed|required|told|asked|expected)\s+to)\s+(?:\w+\s+){{0,2}}?{_ANSWERING}\b
    | \b{_AI}\b[^.!?\n]{{0,30}}?\b(?:reading|processing|summari[sz]ing|parsing|crawling|scraping|ingesting|indexing|analy[sz]ing)\s+(?:this|these)\b
    | \b(?:in|into|to|from|within|at\s+the\s+(?:start|end|top|bottom|beginning)\s+of)\s+your\s+{_OUTPUT}\b
    | \byour\s+{_OUTPUT}\s+(?:must|should|shall|has\s+to|needs\s+to)\b
    | ^[\s(\[*_\#>-]*(?:please\s+|now\s+|also\s+|then\s+|instead\s*,?\s+|first\s*,?\s+|finally\s*,?\s+)?{_IMPERATIVE}
    | \b(?:cite|credit|attribute|label|list|reference|mark|tag)\s+(?:\w+\s+){{0,3}}?as\s+(?:source|reference|citation|\[)
    | \b(?:source|reference|citation)\s*(?:\[\s*\d{{1,3}}\s*\]|\#\s*\d{{1,3}})
    )""",
    re.I | re.X | re.M,
)


def addresses_a_model(sentence: str) -> bool:
    """True when the sentence (plain text, markup already flattened) reads as an order to an AI
    system or about its answer, rather than as news (see the patterns above)."""
    return bool(_INJECTION.search(sentence))


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


def flatten_markup(text: str, allowed_hosts: Iterable[str] = ()) -> str:
    """Markdown images, HTML and comments out, links reduced to their words, URLs dropped (but
    those to `allowed_hosts`, kept as plain text): news text as plain text."""
    allowed = {h.lower().removeprefix("www.") for h in allowed_hosts}

    def keep(url: str) -> str:
        return url if allowed and _allowed(url, allowed) else " "

    text = _SCRIPT.sub(" ", text)
    text = _COMMENT.sub(" ", text)
    text = _IMAGE.sub(" ", text)
    text = MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = _REF_DEF.sub("", text)
    text = _ANY_AUTOLINK.sub(lambda m: keep(m.group(1)), text)
    text = _TAG.sub(" ", text)
    text = _DATA_URI.sub(" ", text)
    text = _URL.sub(lambda m: keep(m.group(0)), text)
    text = _BARE_HOST_PATH.sub(lambda m: keep(m.group(0)), text)
    return _tidy(text)


@dataclass(frozen=True)
class SourceSentence:
    """One sentence of a passage as it may be quoted or weighed as evidence."""

    text: str  # plain text (flatten_markup), spaces collapsed
    instruction: bool  # it addresses an AI system rather than a reader (addresses_a_model)


def link_target(m: re.Match[str]) -> str:
    """The target of a Markdown link `MARKDOWN_LINK` matched, bracketed or bare."""
    return m.group(2) if m.group(2) is not None else m.group(3)


def source_sentences(text: str, allowed_hosts: Iterable[str] = ()) -> list[SourceSentence]:
    """A passage's sentences, markup flattened (URLs kept only to `allowed_hosts`, normally the
    passage's own site), each marked when it is an instruction to an AI system. What the
    extractive answer quotes and what citations are verified against (one implementation)."""
    from ..text import normalize_space, split_sentences

    out = []
    for sentence in _datelines_joined(split_sentences(flatten_markup(text, allowed_hosts))):
        for part in _link_lines_apart(sentence):
            plain = normalize_space(part)
            if plain:
                out.append(SourceSentence(plain, addresses_a_model(plain)))
    return out


_LOWER = re.compile(r"[a-z]")


def _datelines_joined(sentences: list[str]) -> list[str]:
    """A dateline the splitter ended at its abbreviation ("ORCHARD PARK, N.Y. " + "(AP) — Buffalo Bills
    safety ...") joined to the sentence it opens: a place in capitals is not a sentence, and "(AP) — ..."
    does not start one. (The chunker keeps the splitter's pieces: chunks do not change.)"""
    out: list[str] = []
    for sentence in sentences:
        if out and sentence.startswith("(") and out[-1].strip() and not _LOWER.search(out[-1]):
            out[-1] += sentence
        else:
            out.append(sentence)
    return out


def _link_lines_apart(sentence: str) -> list[str]:
    """A line linking to another story ("RELATED: Council approves new ferry route") apart from the
    lines around it: a page's markup leaves no full stop after it, and the sentence splitter would
    join it to the report's next sentence, which would then read as a link."""
    from ..answer_type import is_link_label

    if "\n" not in sentence:
        return [sentence]
    out: list[str] = []
    lines: list[str] = []
    for line in sentence.split("\n"):
        if is_link_label(line):
            out += ["\n".join(lines), line] if lines else [line]
            lines = []
        else:
            lines.append(line)
    return out + ["\n".join(lines)] if lines else out


# What flatten_markup may have removed between two words of a quote (find_quote).
_GAP = re.compile(
    r"""(?:\s
    | <(?:script|style|iframe|object)\b.*?</(?:script|style|iframe|object)\s*>
    | <!--.*?-->
    | !\[[^\]\n]*\]\s*(?:\([^)\n]*\)|\[[^\]\n]*\])
    | \]\(\s*<?[^)\s>]*>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)
    | <[^<>\n]*>
    | (?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]\"']+
    | \bdata:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+
    | [\[\]]
    )+""",
    re.I | re.S | re.X,
)


def find_quote(passage: str, quote: str) -> tuple[int, int] | None:
    """Where a quoted sentence lies in its passage's text: (start, end), or None. The quote may be
    the sentence with its markup flattened (source_sentences): images, tags, link targets and
    URLs may lie between its words in the passage."""
    words = (quote or "").split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), passage)
    if m is None:
        m = re.search(_GAP.pattern.join(re.escape(w) for w in words), passage, re.I | re.S | re.X)
    return (m.start(), m.end()) if m else None


def neutralize_source(text: str) -> tuple[str, list[str]]:
    """The passage as it goes into the prompt, and the instruction-like sentences taken out of it."""
    from ..text import split_sentences

    text = flatten_markup(text)
    text = text.replace("<<", "\u2039\u2039").replace(">>", "\u203a\u203a")  # nothing can look like a delimiter
    removed: list[str] = []
    out: list[str] = []
    for sentence in split_sentences(text):
        if addresses_a_model(sentence):
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
        if _allowed(link_target(m), allowed_hosts):
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
    text = _COMMENT.sub(drop, text)
    text = _IMAGE.sub(drop, text)
    text = _REF_DEF.sub(drop, text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _ANY_AUTOLINK.sub(drop, text)  # <javascript:...>, <mailto:...>: http(s) ones were unwrapped above
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

    text = MARKDOWN_LINK.sub(keep_placeholder, text)
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
