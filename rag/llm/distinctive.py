"""Does a passage state a claim's distinctive content, not just share its words?

`Evidence.of(text)` reads a stretch of passage text once; `distinctive_content_found(claim, evidence)`
checks, for one claim, that:

* every name (a run of capitalized words) and every number of the claim occurs in the evidence,
  its words close together, and within NEAR words of one of the claim words around it (so a name
  swapped for another name of the same article, or a number changed, fails);
* every other content word occurs in the evidence (6-letter stems, or a synonym from rag.synonyms),
  reporting verbs aside (so an added clause or a changed verb fails);
* negation agrees with the evidence clause the claim matches best.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..synonyms import NUMBER_WORDS, canon
from ..text import STOPWORDS

NEAR = 6  # words: how close a claim word must be to one of its neighbours in the claim (same sentence)
CONTEXT = 2  # claim words taken on each side of a name or number as its neighbours

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot|nothing|nobody|nowhere)\b|n['’]t\b", re.I)
_CLAUSE = re.compile(r"[,;:()\u2014\u2013.!?]\s|\s-\s|\b(?:but|though|although|while|whereas|however)\b", re.I)

_BREAK = re.compile(r"[;:()\u2014\u2013.!?]")
_CONJUNCTIONS = frozenset(
    "while but which who whom whose where when though although whereas as after before because since so".split()
)
# Words that attribute rather than assert: a paraphrase may add or change them freely.
LIGHT = frozenset(
    """said say says saying told tell stated state states added adds noted notes according reported
    reports reporting announced announces explained explains statement claimed claims""".split()
)


@dataclass(frozen=True)
class Token:
    low: str  # lower case (numbers without thousands separators)
    cap: bool  # starts with a capital letter (or is a number)
    num: bool
    gap: bool = False  # punctuation between it and the word before (a name never runs across it)
    brk: bool = False  # a clause starts here (";", ":", a dash, a bracket, a full stop, ", while", ...)


def tokens(text: str) -> list[Token]:
    out = []
    end = 0
    for m in _TOKEN.finditer(text):
        w = m.group(0)
        between = text[end : m.start()]
        gap = bool(between.strip())
        brk = bool(_BREAK.search(between)) or ("," in between and w.lower() in _CONJUNCTIONS)
        end = m.end()
        if w[0].isdigit():
            out.append(Token(w.replace(",", ""), True, True, gap, brk))
            continue
        for part in re.split(r"['’]", w):  # "Iran's" -> "Iran", "s"
            if part:
                low = part.lower()
                num = low in NUMBER_WORDS and low not in ("one",)
                out.append(Token(NUMBER_WORDS[low] if num else low, part[0].isupper(), num, gap, brk))
                gap = brk = False
    return out


def _content(t: Token) -> bool:
    return t.num or (t.low not in STOPWORDS and len(t.low) > 1)


def _same(a: str, b: str) -> bool:
    """Same name/word: equal, or one the other's prefix ("Iran" / "Iranian") when both are words of 4+ letters."""
    if a == b:
        return True
    if a[0].isdigit() or b[0].isdigit():
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


@dataclass
class Evidence:
    """A stretch of passage text, read once: its words, its stems, its clauses (stems + negation)."""

    words: list[str]
    stems: set[str]
    clauses: list[Clause]

    @classmethod
    def of(cls, text: str, title: str = "") -> Evidence:
        from ..text import split_sentences

        words: list[str] = []
        for sentence in [*split_sentences(text), title]:  # words are never "near" across clauses
            for t in tokens(sentence):
                if words and (t.brk or not words[-1]):
                    words += [""] * (NEAR + 1)
                words.append(t.low)
            words += [""] * (NEAR + 1)
        stems = {canon(w) for w in words if w and w not in STOPWORDS}
        return cls(words=words, stems=stems, clauses=_clauses(text))


@dataclass(frozen=True)
class Clause:
    stems: set[str]
    negated: bool  # an odd number of negations
    scope: set[str]  # the two content words after each negation: what it denies


def _clauses(text: str) -> list[Clause]:
    out = []
    for piece in _CLAUSE.split(text):
        toks = [t for t in tokens(piece) if _content(t) or _NEGATION.fullmatch(t.low) or t.low == "t"]
        stems = {canon(t.low) for t in toks if _content(t)}
        if not stems:
            continue
        scope: set[str] = set()
        for m in _NEGATION.finditer(piece):
            after = [canon(t.low) for t in tokens(piece[m.end() :]) if _content(t)]
            scope.update(after[:2])
        out.append(Clause(stems, len(_NEGATION.findall(piece)) % 2 == 1, scope))
    return out


def _claim_parts(claim: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """The claim's tokens and the (start, end) spans of its names and numbers."""
    toks = tokens(claim)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.num:
            spans.append((i, i + 1))
            i += 1
            continue
        if t.cap and t.low not in STOPWORDS and t.low not in LIGHT and len(t.low) > 1:
            j = i + 1
            while (
                j < len(toks) and toks[j].cap and not toks[j].num and not toks[j].gap and toks[j].low not in STOPWORDS
            ):
                j += 1
            spans.append((i, j))
            i = j
            continue
        i += 1
    return toks, spans


def _occurrences(name: list[str], words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the places where all words of `name` occur close together, in order."""
    out = []
    for i, w in enumerate(words):
        if w and _match(name[0], w):
            pos, ok = i, True
            for part in name[1:]:
                nxt = next(
                    (k for k in range(pos + 1, min(len(words), pos + 3)) if words[k] and _match(part, words[k])), None
                )
                if nxt is None:
                    ok = False
                    break
                pos = nxt
            if ok:
                out.append((i, pos + 1))
    return out


def _match(a: str, b: str) -> bool:
    return _same(a, b) or canon(a) == canon(b)


def _neighbours(toks: list[Token], start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to CONTEXT content words on each side of toks[start:end] in its clause (reporting verbs aside)."""
    clause = [0]
    for t in toks[1:]:
        clause.append(clause[-1] + t.brk)
    ok = [k for k, t in enumerate(toks) if _content(t) and t.low not in LIGHT]
    left = [toks[k].low for k in reversed(ok) if k < start and clause[k] == clause[start]][:CONTEXT]
    right = [toks[k].low for k in ok if k >= end and clause[k] == clause[end - 1]][:CONTEXT]
    return left, right


def _near(words: list[str], found: list[tuple[int, int]], neighbours: list[str]) -> bool:
    return any(
        words[k] and any(_match(n, words[k]) for n in neighbours)
        for s, e in found
        for k in range(max(0, s - NEAR), min(len(words), e + NEAR))
        if not s <= k < e
    )


def missing_content(claim: str, evidence: Evidence) -> list[str]:
    """The claim's distinctive words the evidence does not state (empty: all found). Every claim
    word must also sit near one of its neighbours in the claim's clause (a name or number: near
    one on each side that has any); the negation check adds "negation"."""
    toks, spans = _claim_parts(claim)
    missing: list[str] = []
    words = evidence.words
    in_names = {k for s, e in spans for k in range(s, e)}
    singles = [(k, k + 1) for k, t in enumerate(toks) if k not in in_names and _content(t) and t.low not in LIGHT]
    for start, end in sorted(spans + singles):
        name = [t.low for t in toks[start:end]]
        found = _occurrences(name, words)
        if not found:
            missing.append(" ".join(name))
            continue
        left, right = _neighbours(toks, start, end)
        if (start, end) in spans:  # a name or number: its context on both sides
            ok = all(_near(words, found, side) for side in (left, right) if side)
        else:
            ok = not (left or right) or _near(words, found, left + right)
        if not ok:
            missing.append(" ".join(name) + " (not near its context)")
    for clause in _clauses(claim):
        if len(clause.stems) < 2 or not evidence.clauses:
            continue
        best = max(len(c.stems & clause.stems) for c in evidence.clauses)
        matched = [c for c in evidence.clauses if best and len(c.stems & clause.stems) == best]
        if matched and not any(_same_polarity(clause, c) for c in matched):
            missing.append("negation")
            break
    return missing


def _same_polarity(claim: Clause, passage: Clause) -> bool:
    """A negated claim clause needs a negated passage clause; a plain one must not match a
    passage clause whose negation denies one of its words ("did not confirm" / "confirmed")."""
    if claim.negated:
        return passage.negated
    return not passage.negated or not (passage.scope & claim.stems)


def distinctive_content_found(claim: str, evidence: Evidence) -> bool:
    return not missing_content(claim, evidence)
