"""Correction articles: a claim an outlet later corrected is answered with the correction.

Outlets correct a story in a separate short article ("Correction: An article on November 23 misstated
the EU's aid. The EU pledged 7 million euros, not 5 million euros."). Both are indexed, and the
original's sentence ("The European Union pledged 5 million euros in emergency aid.") is as like the
question as the correction, so an answer quoted both, the withdrawn figure first. When an answer's
sentence repeats what a correction from the same outlet, dated on or after it, says was wrong (the
"Y" of "X, not Y"), the correction's sentence takes its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .models import Passage
from .text import split_sentences

# A correction article or note: its title or first words say so, or it says what was wrong.
_CORRECTION_TITLE = re.compile(r"^\s*(?:corrections?|clarifications?|editor['’]s\s+note)\b", re.I)
_CORRECTION_WORDS = re.compile(
    r"\b(?:article|story|report|version|post|headline|caption)\b[^.!?]{0,80}?"
    r"\b(?:misstated|misreported|misidentified|misspelled|misquoted|incorrectly|wrongly|erroneously|in\s+error)\b",
    re.I,
)
# "X, not Y." / "X, not Y, as ...": Y is what was wrong (up to the clause's end).
_NOT = re.compile(r",\s+not\s+(?P<wrong>(?:[^,;.!?]|[.,](?=\d))+?)\s*(?:[,.](?!\d)|[;!?]|$)")
# "An earlier version of this article gave the turnout as 58 percent.": Y is what it gave (the next sentence says what
# is right: "It was 61 percent."). A correction also names the article by its date ("An article on 27 November said
# turnout was 41%."), read only in a passage that is a correction: in a report, "A report on Monday said ..." is news.
_VERSION = r"(?:an?\s+)?(?:earlier|previous)\s+version\s+of\s+this\s+(?:article|story|report|post)"
_BY_DATE = r"(?:an?|our|the)\s+(?:article|story|report|headline|caption)\s+(?:published\s+)?(?:on|dated)\s+[^!?]{1,60}?"
_GAVE = (
    r"\s+(?:said|says|gave|stated|reported|put|misstated|described|listed|named|identified)\b[^.!?]*?"
    r"\b(?:as|was|were|at|is|are)\s+(?P<wrong>(?:[^,;.!?]|[.,](?=\d))+?)\s*(?:[,.](?!\d)|[;!?]|$)"
)
_EARLIER_VERSION = re.compile(rf"\b{_VERSION}{_GAVE}", re.I)  # marks a passage as a correction
_EARLIER_SAID = re.compile(rf"\b(?:{_VERSION}|{_BY_DATE}){_GAVE}", re.I)


def is_correction(passage: Passage) -> bool:
    """A passage of a correction: titled so ("Correction: Rivania aid figure"), opening so
    ("Correction: An article ..."), or saying an article got something wrong ("An article on Monday
    misstated ...", "This story incorrectly said ..."); not a report that someone was "wrongly convicted"."""
    return bool(
        _CORRECTION_TITLE.match(passage.title or "")
        or _CORRECTION_TITLE.match(passage.text or "")
        or _CORRECTION_WORDS.search(passage.text or "")
        or _EARLIER_VERSION.search(passage.text or "")
    )


def is_notice(sentence: str) -> bool:
    """A correction's notice that says what was wrong without saying what is right ("Correction: An article
    on November 23 misstated the EU's aid."): the sentence after it says that."""
    return bool(_CORRECTION_TITLE.match(sentence) or _CORRECTION_WORDS.search(sentence)) and withdrawn(sentence) is None


def withdrawn(sentence: str) -> str | None:
    """What a correction's sentence says was wrong: "5 million euros" in "The EU pledged 7 million euros,
    not 5 million euros."; None when it says no such thing."""
    m = _NOT.search(sentence)
    if not m:
        return None
    wrong = " ".join(m.group("wrong").split())
    # a number or a name: "not 5 million euros", "not Pavel Korda"; not "not only", "not yet"
    return wrong if re.search(r"\d|\b[A-Z][a-z]", wrong) else None


def said_earlier(sentence: str) -> str | None:
    """What a notice says an earlier version got wrong: "58 percent" in "An earlier version of this article gave the
    turnout in Sunday's election as 58 percent."; None when it says no such thing (a number or a name)."""
    m = _EARLIER_SAID.search(sentence)
    if not m:
        return None
    wrong = " ".join(m.group("wrong").split())
    return wrong if re.search(r"\d|\b[A-Z][a-z]", wrong) else None


# "Holt's share of the vote was also revised to 52.9% after postal ballots were counted.": what was revised and its
# new figure; the figure it replaces is not told, so it is the one of the same kind that an earlier report gave.
_REVISED = re.compile(
    r"(?P<what>\b[^.!?;:]{3,80}?)\s+(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:also\s+|now\s+)?"
    r"(?:revised|corrected|amended|adjusted|changed|updated|raised|lowered|cut)\s+(?:up(?:ward)?s?\s+|down(?:ward)?s?\s+)?"
    r"to\s+(?P<right>(?:[^,;.!?]|[.,](?=\d))+?)\s*(?:[,.](?!\d)|[;!?]|\s+(?:after|as|when|because|following)\b|$)",
    re.I,
)
_FIGURE = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)*)\s*(?P<unit>%|per\s*cent\b|percent\b|(?:million|billion|thousand)?\s*[a-z]+)?", re.I
)
_FILLER = frozenset("the a an of in on at to for by with and or its their his her our this that was were".split())


def revision(sentence: str) -> tuple[str, str] | None:
    """What a correction's sentence says was revised, and to what: ("Holt's share of the vote", "52.9%") in
    "Holt's share of the vote was also revised to 52.9% after postal ballots were counted."; None when it
    revises no figure."""
    m = _REVISED.search(" ".join(sentence.split()))
    if not m or not _figure(m.group("right")):
        return None
    return m.group("what").strip(), m.group("right").strip()


def _figure(text: str) -> tuple[float, str] | None:
    """The first figure of `text` and its unit ("%" for "52.9%" and "52.9 percent", else the word after it)."""
    m = _FIGURE.search(text)
    if not m:
        return None
    unit = re.sub(r"\s+", " ", (m.group("unit") or "").casefold()).strip()
    unit = "%" if unit in ("%", "percent", "per cent") else unit
    try:
        return float(m.group("n").replace(",", "")), unit
    except ValueError:
        return None


def _revises(claim: str, what: str, right: str) -> bool:
    """Whether `claim` gives another figure of what a correction revised to `right`: "won ... with 52.4% of the
    vote" for "Holt's share of the vote" revised to "52.9%" (a figure of the same unit, and most of the words
    of what was revised)."""
    new = _figure(right)
    if new is None:
        return False
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", what))} - _FILLER
    said = {w.casefold() for w in re.findall(r"[A-Za-z]+", claim)}
    if not words or 2 * len(words & said) < len(words):
        return False
    figures = [_figure(m.group(0)) for m in _FIGURE.finditer(claim)]
    return any(f is not None and f[1] == new[1] and f[0] != new[0] for f in figures)


def taken_back(sentence: str) -> str | None:
    """What a correction's sentence withdraws, in either form: "X, not Y" (`withdrawn`), or what an earlier version
    gave (`said_earlier`)."""
    return withdrawn(sentence) or said_earlier(sentence)


def _says(sentence: str, phrase: str) -> bool:
    return bool(re.search(rf"(?<![\w.,]){re.escape(phrase)}(?![\w]|[.,]\d)", " ".join(sentence.split()), re.I))


def supersede(
    chosen: Sequence[tuple[float, int, str]],
    candidates: Sequence[tuple[int, str, bool]],
    passages: Sequence[Passage],
    asks: str = "other",
) -> list[tuple[float, int, str]]:
    """`chosen` (score, passage index, sentence) with each sentence that repeats what a retrieved correction
    withdrew replaced by the correction's sentence (or dropped when that is already quoted). A correction
    applies to its own outlet's earlier reports (and their syndicated copies), never to another outlet's.
    `asks`: the question's answer type (`rag.answer_type.question_type`). When it asks for something else
    than what was withdrawn ("When will the tram open?" of "The line will cost 340 million dollars and is
    due to open in 2030"), the sentence still answers: it stays, and the correction follows it."""
    # (passage index, sentence, what it withdrew or revised a figure to, whether a sentence repeats what it corrects,
    # whether it revises a figure)
    fixes: list[tuple[int, str, str, Callable[[str], bool], bool]] = []
    corrections = {i for i in {c[0] for c in candidates} if is_correction(passages[i])}  # once per passage
    for i, sentence, _ in candidates:
        if i in corrections:
            fix = _fix(sentence, _says)
            if fix is not None:
                fixes.append((i, sentence, *fix))
    if not fixes:
        return list(chosen)
    out: list[tuple[float, int, str]] = []
    for score, i, sentence in chosen:
        fix = next(
            (f for f in fixes if f[0] != i and f[3](sentence) and _applies(passages[f[0]], passages[i])),
            None,
        )
        if fix is not None and not _asks_for(asks, fix[2], revised=fix[4]):
            out.append((score, i, sentence))  # it answers something else: kept, the correction after it
        if fix is not None:
            i, sentence = fix[0], fix[1]
        if all(c[2] != sentence for c in out):  # a correction quoted twice stays at its first place
            out.append((score, i, sentence))
    return out


def _asks_for(asks: str, wrong: str, *, revised: bool = False) -> bool:
    """Whether a question of answer type `asks` asks for what a correction withdrew: a figure ("5 million
    euros") for "how much/many", a name ("Pavel Korda") for "who/which"; any other question may too. A figure
    `revised` ("... was also revised to 52.9%") is asked for only by "how much/many": the sentence giving the
    first figure tells more ("Maren Holt ... won ... with 52.4% of the vote, beating incumbent Per Lien")."""
    if revised:
        return asks in ("number", "amount")
    if asks in ("number", "amount"):
        return bool(re.search(r"\d", wrong))
    if asks == "entity":
        return not re.search(r"\d", wrong)
    return asks not in ("date", "place", "reason")


def _fix(sentence: str, repeats: Callable[[str, str], bool]) -> tuple[str, Callable[[str], bool], bool] | None:
    """What a correction's sentence corrects: what it withdrew ("5 million euros") or the figure it revised something
    to ("52.9%"), the test of whether an earlier sentence repeats what it corrects (`repeats(claim, withdrawn)` for a
    withdrawal), and whether it revises a figure; None when it corrects nothing."""
    wrong = taken_back(sentence)
    if wrong:
        return wrong, lambda claim: repeats(claim, wrong), False
    revised = revision(sentence)
    if revised:
        what, right = revised
        return right, lambda claim: _revises(claim, what, right), True
    return None


def _applies(correction: Passage, original: Passage) -> bool:
    """A correction applies to its own outlet's reports (and their syndicated copies) dated up to it."""
    if is_correction(original):
        return False
    fold = str.casefold
    outlets = {fold(original.outlet or "")} | {fold(o or "") for o, _ in original.also_carried_by}
    if fold(correction.outlet or "") not in outlets - {""}:
        return False
    if correction.published_ts is not None and original.published_ts is not None:
        return original.published_ts <= correction.published_ts
    return True


def corrections_of(claim: str, cited: Passage, passages: Sequence[Passage]) -> list[tuple[int, str]]:
    """The retrieved corrections (passage index, sentence) that withdraw what `claim`, a sentence of an answer
    citing `cited`, repeats: "$340 million" citing the Harbor Times report that the tram line "will cost
    340 million dollars", when the Harbor Times later wrote "... 430 million dollars, not 340 million
    dollars." A figure counts as repeated when the claim holds its numbers, written however."""
    found: list[tuple[int, str]] = []
    for j, passage in enumerate(passages):
        if passage is cited or not is_correction(passage):
            continue
        for sentence in split_sentences(passage.text):
            fix = _fix(sentence, _repeats)
            if fix is not None and fix[1](claim) and _applies(passage, cited):
                found.append((j, " ".join(sentence.split())))
    return found


def _repeats(claim: str, wrong: str) -> bool:
    numbers = set(_NUMBER.findall(wrong.replace(",", "")))
    if numbers:
        return numbers <= set(_NUMBER.findall(claim.replace(",", "")))
    return _says(claim, wrong)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
