"""Questions about who wrote and who carried the news: answered from the articles' bylines and outlets, not
from their sentences.

"Who wrote the article about the Rivania floods?" or, in a chat, "Who wrote it?" asks for the byline
(the `authors` an article was ingested with), which no sentence of the article states: quoting the
passage most like the question answers with a correction notice or a quote from a minister. The
answer names each article's author(s) with its title, outlet and date, one article per sentence,
each cited; an article ingested without a byline is said to carry none, never given a guessed author.
"Which outlets covered the march?" is answered likewise from the outlets of the story's reports (`coverage_answer`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.outlets import same_outlet

from .answer_type import ASKING_ONLY, names
from .answering import refusal
from .keyword import bm25_tokens
from .models import Answer, Citation, Passage, SearchScope, byline
from .retrieval import Retrieval
from .text import content_words, split_sentences, stem, stems

# What a byline question asks about: the article itself ("the article", "this story", "the Ledger's
# piece", "it"), never a letter, a law or a report in the news ("Who wrote the UN report?").
_PIECE = r"(?:article|articles|story|stories|piece|pieces|op-ed|column|editorial|coverage|feature|dispatch)"
_OBJECT = rf"(?:it|this|that|(?:the|this|that|these|those|an?)\s+(?:[\w’'.-]+\s+){{0,4}}?{_PIECE})\b"
_ASKS_AUTHOR = re.compile(
    r"\bbylines?\b"
    rf"|\bwho\s+(?:wrote|writes|authored|penned|has\s+written|had\s+written)\s+(?:{_OBJECT}|about\b)"
    rf"|\bwho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:author|writer|reporter|journalist)s?\s+(?:of|behind)\s+{_OBJECT}"
    # (an outlet's: "Which Westcoast Herald reporter covered the storm?")
    r"|\bwhich\s+(?:(?-i:[A-Z])[\w’'.-]*\s+){0,3}(?:reporter|journalist|writer|correspondent|author)s?\b"
    rf"|\b(?:author|authors|writer|writers)\s+of\s+{_OBJECT}",
    re.I,
)

MARGIN = 0.15  # articles whose best passage is this close to the best one's similarity are named too
SAME_SUBJECT = 0.7  # ... and that hold this share of the most question words any of them holds
# The words a byline question asks with, not about.
_ASKING = stems(
    "wrote write writes written authored author authors penned byline bylines writer writers reporter reporters "
    "journalist journalists correspondent article articles story stories piece pieces coverage covered report "
    "op-ed column editorial feature dispatch "
    # which outlets carried it: "Which newspapers reported on the strike?", "Who else covered it?"
    "outlet outlets newspaper newspapers paper papers media publication publications site sites website websites "
    "source sources organisation organisations organization organizations broadcaster broadcasters channel "
    "channels news cover covers reported reports carried carry ran run published publish else other also"
)
NO_ARTICLE = "I found no article in the indexed news about what you asked."
NAMED_SHARE = 0.5  # a chat's coverage question: the reports naming this share of what the conversation asked


def asks_author(question: str) -> bool:
    """ "Who wrote the article about the floods?", "Who wrote it?", "Which reporter covered the vote?",
    "What is the byline?": a question about an article's author. "Who wrote the letter?" and "Who is the
    author of the new law?" ask about the news, not about its byline."""
    return bool(_ASKS_AUTHOR.search(question))


def byline_answer(
    retrieval: Retrieval,
    scope: SearchScope,
    *,
    mode: str,
    refuse_threshold: float,
    limit: int = 3,
    history: Sequence[tuple[str, str]] = (),
) -> Answer:
    """The bylines of the articles the question is about: the retrieved articles that name everything the
    user's own words ask about ("Who wrote about the tram?": the articles naming a tram, however unlike
    a short question a passage is); in a chat, for a question about nothing of its own ("Who wrote it?"),
    the articles the last answer quoted; else the best-ranked articles whose best passage is as similar to
    the question as `refuse_threshold` and within `MARGIN` of the best one."""
    passages = retrieval.passages
    picked = _articles_asked(retrieval, history, refuse_threshold)
    if not picked:
        return refusal(retrieval, scope, mode, NO_ARTICLE)
    citations: list[Citation] = []
    parts: list[str] = []
    for p in picked[:limit]:
        n = len(citations) + 1
        citations.append(Citation.from_passage(n, p, "", p.score))
        parts.append(f"{_describe(p)} {_by(p)} [{n}]")
    answer = Answer(
        question=retrieval.question,
        text=" ".join(parts),
        citations=citations,
        refused=False,
        mode=mode,
        passages=passages,
        scope=scope,
    )
    if not any(p.authors for p in picked[:limit]):
        answer.note = "The index has no byline for these articles (their source gave none)."
    return answer


def coverage_answer(
    retrieval: Retrieval,
    scope: SearchScope,
    *,
    mode: str,
    refuse_threshold: float,
    limit: int = 6,
    history: Sequence[tuple[str, str]] = (),
) -> Answer:
    """The outlets of the index that carried the story the question is about ("Which outlets covered the
    march?"), each once, in the order they first reported it, with its reports' titles and dates, each cited,
    and the outlets that ran a syndicated copy. The story's reports are the retrieved articles naming every
    word the user's own words ask about; in a chat, for a question about nothing of its own ("Who else covered
    it?"), those naming most of what the conversation asked, and the ones the last answer quoted; else the
    best-ranked articles, as for a byline."""
    passages = retrieval.passages
    picked = _articles_asked(retrieval, history, refuse_threshold, whole_story=True)
    if not picked:
        return refusal(retrieval, scope, mode, NO_ARTICLE)
    picked = sorted(picked, key=lambda p: (p.published_ts is None, p.published_ts or 0))
    # (one outlet's name spelled two ways is one outlet: "The Norrland Courier" and "Norrland Courier", named as it
    # first reported the story)
    outlets: dict[str, list[Passage]] = {}
    named: dict[str, str] = {}
    for p in picked:
        key = same_outlet(p.outlet) or ""
        named.setdefault(key, p.outlet or "An unnamed source")
        outlets.setdefault(key, []).append(p)
    citations: list[Citation] = []
    parts: list[str] = []
    for key, reports in outlets.items():
        outlet = named[key]
        cited = []
        for p in reports[:2]:  # an outlet's first two reports: enough to say it followed the story
            citations.append(Citation.from_passage(len(citations) + 1, p, "", p.score))
            # a syndicated report: the outlets that ran a copy are named beside it
            copies = sorted({o for o, _ in p.also_carried_by if o and same_outlet(o) != key})
            ran = f", also run by {' and '.join(copies)}" if copies else ""
            cited.append(f"{_describe(p, outlet=False)} [{len(citations)}]{ran}")
        more = f" and {len(reports) - 2} more" if len(reports) > 2 else ""
        parts.append(f"{outlet}: {'; '.join(cited)}{more}.")
        if len(parts) >= limit:
            break
    carried = set(outlets) | {same_outlet(o) for p in picked for o, _ in p.also_carried_by if o}
    lead = f"{len(carried)} outlet{'s' * (len(carried) != 1)} in the index carried this story."
    return Answer(
        question=retrieval.question,
        text=" ".join([lead, *parts]),
        citations=citations,
        refused=False,
        mode=mode,
        passages=passages,
        scope=scope,
    )


def _articles_asked(
    retrieval: Retrieval, history: Sequence[tuple[str, str]], refuse_threshold: float, *, whole_story: bool = False
) -> list[Passage]:
    """The articles a question about the articles themselves is about (one passage each; none: nothing is): those
    naming every word the user's own words ask about; in a chat, for a question about nothing of its own, the
    articles the last answer quoted (with `whole_story`, and those naming `NAMED_SHARE` of what the conversation
    asked); else the best-ranked articles whose best passage is as similar to the question as `refuse_threshold`
    and within `MARGIN` of the best one."""
    passages = retrieval.passages
    # (not the outlet it names, whose reports are the ones searched: "Who wrote the Westcoast Herald story?")
    outlets = {t for o in retrieval.filters.outlets for t in bm25_tokens(o)}
    topic = _topic(retrieval.focus or retrieval.question) - outlets
    if not topic and outlets and not (retrieval.focus and history):
        return list({p.article_id: p for p in reversed(passages)}.values())[::-1]  # each of its articles, best first
    picked = _naming(passages, topic) if topic else []
    named = _topic(" ".join(names(retrieval.focus or retrieval.question)))
    if not picked and named and named < topic:
        # "Which outlets covered the Dahlgren trial?": no report says "trial"; the ones naming Dahlgren are it
        picked = _naming(passages, named)
    if not whole_story and _ONE_ARTICLE.search(retrieval.focus or retrieval.question):
        # "Who wrote the ferry story?": the story headlined so, when one is, not a shipyard report that says
        # "orders for ferries slowed" ("Who wrote about the wildfire?" still names every report on it)
        picked = [p for p in picked if topic <= set(bm25_tokens(p.title))] or picked
    if not picked and retrieval.focus and history and not topic:
        picked = _told(passages, history[-1][1])
        context = _topic(retrieval.question) if whole_story else set()
        picked += [p for p in _naming(passages, context, share=NAMED_SHARE) if p not in picked] if context else []
    if not picked:
        best = max((p.score for p in passages), default=0.0)
        if best < refuse_threshold:
            return []
        picked = _best_articles(passages, max(refuse_threshold, best - MARGIN), retrieval.question)
    return picked


# A question about one article: "the ferry story", "the article on the strike", "this report"
_ONE_ARTICLE = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w'’-]+\s+){0,4}?(?:story|article|report|piece|column|op-ed)\b(?!s)", re.I
)


def _topic(question: str) -> set[str]:
    """What a question about the articles themselves asks them about, as keyword-index stems."""
    kept = [w for w in content_words(question) if stem(w) not in _ASKING and w not in ASKING_ONLY]  # not "many"
    return set(bm25_tokens(" ".join(kept)))


def _best_articles(passages: Sequence[Passage], floor: float, question: str) -> list[Passage]:
    """Each article's best-ranked passage, in retrieval order, for the articles above `floor` that hold
    (nearly) the most of what the question is about ("the article about the ferry strike": not a fares
    story that only shares the town)."""
    seen: dict[str, Passage] = {}
    for p in passages:
        if p.score >= floor and p.article_id not in seen:
            seen[p.article_id] = p
    about = stems(question) - _ASKING
    held = {aid: len(about & stems(f"{p.title} {p.text}")) for aid, p in seen.items()}
    most = max(held.values(), default=0)
    return [p for aid, p in seen.items() if held[aid] >= SAME_SUBJECT * most]


def _naming(passages: Sequence[Passage], topic: set[str], share: float = 1.0) -> list[Passage]:
    """Each article's best-ranked passage, in retrieval order, for the articles whose title and text hold
    every stem of `topic` (keyword-index stems: "ferries" is "ferry"), or `share` of them."""
    seen: dict[str, Passage] = {}
    for p in passages:
        if p.article_id not in seen and len(topic & set(bm25_tokens(f"{p.title} {p.text}"))) >= share * len(topic):
            seen[p.article_id] = p
    return list(seen.values())


def _told(passages: Sequence[Passage], last_answer: str) -> list[Passage]:
    """The articles the last answer quoted, in the order it quoted them (one of their passages each)."""
    found: list[tuple[int, Passage]] = []
    seen: set[str] = set()
    for p in passages:
        if p.article_id in seen:
            continue
        at = [last_answer.find(s.strip()) for s in split_sentences(p.text) if len(s.split()) >= 4]
        at = [a for a in at if a >= 0]
        if at:
            seen.add(p.article_id)
            found.append((min(at), p))
    return [p for _, p in sorted(found, key=lambda t: t[0])]


def _describe(p: Passage, *, outlet: bool = True) -> str:
    """ "“Floods in Rivania kill 12” (Northwire, 2026-11-20)"; without `outlet`, "“Floods in Rivania kill 12”
    (2026-11-20)" """
    meta = ", ".join(x for x in (p.outlet if outlet else None, (p.published_at or "")[:10]) if x)
    title = " ".join(p.title.split()) or "An untitled article"
    quoted = f"“{title}”" if p.title.strip() else title
    return f"{quoted} ({meta})" if meta else quoted


def _by(p: Passage) -> str:
    written = byline(p.authors)
    said = f"is {written}" if written else "carries no byline"
    others = [outlet for outlet, _ in p.also_carried_by if outlet]
    if others:  # a syndicated story: the copies' bylines may differ, their sources list them
        said += f" (the same story ran in {' and '.join(others)})"
    return said + "."
