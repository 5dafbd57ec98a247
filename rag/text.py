"""Small text utilities shared by the write path and the read path.

`article_text`, `clean_text` and `normalize_space` live in `ingest.text` (records are cleaned with them) and are
re-exported here.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.text import article_text, clean_text, normalize_space

__all__ = [
    "STOPWORDS",
    "article_text",
    "clean_text",
    "content_words",
    "normalize_for_match",
    "normalize_space",
    "split_sentences",
    "stem",
    "stems",
    "words",
]

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st sr jr prof gen sen rep gov lt col sgt capt cmdr adm maj pres
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vs etc inc ltd corp co dept est fig al approx u.s u.k u.n e.u d.c a.m p.m""".split()
)
# A candidate boundary: end punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
# capitals beyond ASCII open sentences too: "Über 200 people ...", "Élysée officials ...", "Łódź ..."
_CAPITALS = "".join(c for c in map(chr, range(0xC0, 0x530)) if c.isupper())
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9" + _CAPITALS + "])")
_PARAGRAPH = re.compile(r"\n\s*\n+")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def _is_abbreviation(before: str) -> bool:
    """True when the text before a period ends in an abbreviation or an initial."""
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.rstrip(".").lstrip("\"'“‘([").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "George W. Bush"
        return True
    return word in _ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping each sentence's trailing whitespace.

    Joining the result gives back the input exactly (the chunker relies on it).
    Paragraph breaks always end a sentence; abbreviations and initials do not.
    """
    out: list[str] = []
    start = 0
    for para in _PARAGRAPH.finditer(text):
        _split_block(text, start, para.end(), out)
        start = para.end()
    _split_block(text, start, len(text), out)
    return [s for s in out if s]


def _split_block(text: str, start: int, end: int, out: list[str]) -> None:
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group(0).startswith(".") and _is_abbreviation(text[pos : m.start()]):
            continue
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < end:
        out.append(text[pos:end])


def normalize_for_match(text: str) -> str:
    """Lower case, punctuation removed, spaces collapsed: the form answers are matched in."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return _WS.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    this that these those it its it's he she they them his her their we you your i me my our
    what which who whom whose when where why how did do does done has have had having will would
    shall should can could may might must not no than then there here about into over under after
    before during while also just more most some any each such only own same so too very s t
    said says say tell told according week weeks year years day days new""".split()
)


def fold_accents(text: str) -> str:
    """`text` with its diacritics dropped ("Kottasová" -> "Kottasova", "Zürich" -> "Zurich")."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKD", text)
    # the combining marks among the text's distinct characters (a news text has a handful of non-ASCII
    # ones: quotes and dashes), dropped in one pass rather than testing every character
    marks = {ord(c): None for c in set(folded) if not c.isascii() and unicodedata.combining(c)}
    return folded.translate(marks) if marks else folded


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


_SUFFIX = re.compile(r"(?:ing|ed|es|s|e|ly)$")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


# The past forms of news's irregular verbs, as their base ("won" is "win": "What did they win?" is answered by
# "having won a 6% pay rise"); forms that are also other words ("left", "found", "saw", "led") are left out.
_IRREGULAR = {
    form: base
    for base, forms in {
        "win": "won",
        "pay": "paid",
        "sell": "sold",
        "buy": "bought",
        "hold": "held",
        "meet": "met",
        "make": "made",
        "take": "took taken",
        "give": "gave given",
        "begin": "began begun",
        "fall": "fell fallen",
        "rise": "rose risen",
        "strike": "struck stricken",
        "fight": "fought",
        "choose": "chose chosen",
        "drive": "drove driven",
        "fly": "flew flown",
        "spend": "spent",
        "send": "sent",
        "build": "built",
        "bring": "brought",
        "keep": "kept",
        "lose": "lost",
        "write": "wrote written",
        "speak": "spoke spoken",
        "break": "broke broken",
        "know": "knew known",
        "grow": "grew grown",
        "seek": "sought",
        "catch": "caught",
        "sink": "sank sunk",
        "steal": "stole stolen",
        "throw": "threw thrown",
        "flee": "fled",
        "withdraw": "withdrew withdrawn",
        "shoot": "shot",
        "teach": "taught",
        "think": "thought",
        "swear": "swore sworn",
        "freeze": "froze frozen",
        "hide": "hid hidden",
        "forbid": "forbade forbidden",
        "find": "found",  # "The court found that ..." for "What did the court find?" ("founded" stays apart)
    }.items()
    for form in forms.split()
}


def stem(word: str) -> str:
    """A crude stem for matching word forms: "cutting", "cuts" and "cut" give "cut"; "rates" and
    "rate" give "rat"; "ferries" and "ferry" give "ferry"; at most six letters ("proposed", "proposal" -> "propos"); an irregular verb's
    past as its base ("won" -> "win")."""
    word = _IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith("ies"):  # "ferries", "cities": "ferry", "city"
        return (word[:-3] + "y")[:6]
    base = _SUFFIX.sub("", word) if len(word) >= 4 else word
    base = _DOUBLED.sub(r"\1", base) if len(base) > 2 else base
    return (base if len(base) >= 3 else word)[:6]


_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_ROMAN = frozenset("IVXLCDM")
_LINKING = frozenset("of the and for de".split())  # may sit inside an acronym's words: Bank of Japan (BOJ)


def stems(text: str) -> set[str]:
    """The stems of the text's content words."""
    return {stem(w) for w in content_words(text)}


def acronyms(text: str) -> list[str]:
    """The all-capital words of 3 to 6 letters ("MVP", "ECB"), Roman numerals ("LIX") aside."""
    return [a for a in dict.fromkeys(_ACRONYM.findall(text)) if not set(a) <= _ROMAN]


# a role's acronym as news writes it out, short of a letter: "Chief executive Karin Dahl" is the CEO
_ROLE_FORMS = {
    "ceo": re.compile(r"\bchief executive\b", re.I),
    "cfo": re.compile(r"\b(?:chief financial officer|finance chief|finance director)\b", re.I),
    "coo": re.compile(r"\bchief operating officer\b", re.I),
    "cto": re.compile(r"\bchief technology officer\b", re.I),
}

ROLE_ACRONYMS = frozenset(_ROLE_FORMS)


def _spelled(acronym: str, text: str, *, names: bool) -> str | None:
    letters = acronym.lower()
    role = _ROLE_FORMS.get(letters)
    if role is not None:
        m = role.search(text)
        if m:
            return m.group(0)
    ws = _WORD.findall(text)
    for i in range(len(ws)):
        j, k = i, 0
        while j < len(ws) and k < len(letters):
            w = ws[j]
            if w[0].lower() == letters[k] and (not names or w[0].isupper() or w.lower() in _LINKING):
                k += 1
                # a closed compound gives its second part's initial too when it repeats the first ("Worldwide
                # Developers Conference" for WWDC)
                # (and more of the name follows: "Alabama" is no AA)
                if k + 1 < len(letters) and letters[k] == letters[k - 1] and letters[k] in w[3:].lower():
                    k += 1
            elif not (k and w.lower() in _LINKING):
                break
            j += 1
        if k == len(letters):
            return " ".join(ws[i:j])
    return None


def spells(acronym: str, text: str) -> bool:
    """True when `text` writes `acronym` out: consecutive words whose initials spell it, small
    linking words allowed between them ("most valuable player" for MVP, "Bank of Japan" for BOJ)."""
    return _spelled(acronym, text, names=False) is not None


def written_out(acronym: str, text: str) -> str | None:
    """The name `text` spells `acronym` with, every word but the linking ones capitalized
    ("Bank of Japan" for BOJ, "European Central Bank" for ECB), or None."""
    return _spelled(acronym, text, names=True)


_SHORT_FORM = re.compile(r"\b[A-Z][a-z]{2,4}\b")


def short_forms(text: str) -> list[str]:
    """The capitalized words of 3 to 5 letters that may be a name's clipped form ("Fed", "Met")."""
    return [w for w in dict.fromkeys(_SHORT_FORM.findall(text)) if w.lower() not in STOPWORDS]


def clips(short: str, text: str) -> bool:
    """True when `text` names something `short` clips: a name of two or more capitalized words whose
    first word starts with it and is longer ("Federal Reserve" for Fed, "Metropolitan Police" for Met)."""
    return re.search(rf"\b{re.escape(short)}[a-z]+(?:\s+(?:of\s+)?(?:the\s+)?[A-Z][\w'’-]*)+", text) is not None


def expand_acronyms(question: str, texts: list[str]) -> str:
    """The question with each acronym followed by the name the texts spell it with, when they do
    ("What did the BOJ end?" -> "What did the BOJ (Bank of Japan) end?")."""
    for short in acronyms(question):
        name = next((n for n in (written_out(short, t) for t in texts) if n), None)
        if name and name.lower() not in question.lower():
            question = re.sub(rf"\b{short}\b", f"{short} ({name})", question, count=1)
    return question
