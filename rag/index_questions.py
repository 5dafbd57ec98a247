"""Questions about the index itself, not the news in it: "Which outlets are in the index?", "How many articles do
you have?", "What dates does the index cover?", "What can I ask?".

Searched, each was refused ("I found nothing in the indexed news that answers this question"): no article says
which outlets the index holds. They are answered from the index's statistics (`NewsRAG.stats`), without a search.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .text import words

# what such a question asks about: the index's outlets, articles, dates, or what it can answer
_ASKED = frozenset(
    "outlet outlets source sources publication publications newspaper newspapers paper papers site sites website "
    "websites feed feeds article articles document documents dates date period range span ask".split()
)
# ... and the words that say it asks about the index, not the news ("Which outlets covered the march?")
_INDEX = frozenset(
    "index indexed database collection corpus archive you your ingested loaded stored available there".split()
)
# the index by name: "What is in the index?" needs no word of `_ASKED`
_NAMED = frozenset("index database collection corpus archive".split())
# every other word it may hold
_FILLER = frozenset(
    "which what whats how many much do does did is are was were can could i me we there the a an in of on to from "
    "have has got hold holds contain contains cover covers covered include includes know use using read currently "
    "now right so far total all it s list show tell give questions question time".split()
)


# a request to list what the index holds needs no word for the index: "list the sources", "Show me the outlets"
_LISTING = frozenset("list show name".split())


def asks_about_index(question: str) -> bool:
    """True when every word of `question` asks what the index holds: "Which outlets are in the index?", "How many
    articles do you have?", "What sources do you use?", "What dates does the index cover?", "What can I ask
    you?", "list the sources"; not "Which outlets covered the march?" or "How many articles mention Iran?" (a
    word of their own)."""
    found = [w.casefold() for w in words(question.replace("’", "'").replace("'", " "))]
    asked = set(found)
    listing = bool(found) and found[0] in _LISTING
    return (
        bool(asked & (_ASKED | _NAMED))
        and (bool(asked & _INDEX) or listing)
        and asked <= _ASKED | _INDEX | _FILLER | _LISTING
    )


# a request for the sources of the answer just given: "list the sources", "What are your sources?", "Which articles
# did you use?", "Where is that from?", "sources?"; not one for what the index holds ("list all sources", "Which outlets are in
# the index?", "What sources do you use?")
_SOURCES = frozenset(
    "source sources article articles outlet outlets citation citations reference references link links".split()
)
_BACK = frozenset(
    "that this those these it answer cite cited quote quoted for you your did from where get come".split()
)
_COVERED = frozenset("cover covers covered carry carries carried report reports reported".split())
_WHOLE = _NAMED | frozenset("all every ingested loaded stored available have hold holds use using".split())


def asks_answer_sources(question: str) -> bool:
    """True when `question`, asked after an answer, asks for that answer's sources ("list the sources", "What are your
    sources?", "Which articles did you use?", "Where is that from?"), not for the index's (`asks_about_index`: "list
    all sources", "Which outlets are in the index?", "What sources do you use?"). "did" asks of the answer given."""
    found = [w.casefold() for w in words(question.replace("’", "'").replace("'", " "))]
    asked = set(found)
    if not found or not asked <= _ASKED | _SOURCES | _INDEX | _FILLER | _LISTING | _BACK:
        return False
    # "Which outlets covered it?": the story's coverage (`asks_coverage`), not the answer's sources
    if asked & _COVERED:
        return False
    if "where" in asked:  # "Where is that from?", "Where did you get that?"
        return bool(asked & {"from", "get", "come"}) and bool(asked & {"that", "this", "it"})
    whole = asked & _WHOLE - ({"use", "using"} if "did" in asked else set())
    return bool(asked & _SOURCES) and not whole


def index_reply(stats: Mapping[str, Any], *, shown: int = 20) -> str:
    """What the index holds, from `NewsRAG.stats()`: its articles, its outlets (the `shown` largest, with their
    articles), the days they were published and when news was last ingested."""
    n = int(stats.get("articles") or 0)
    if not n:
        return "The index is empty; ingest some news first (newsrag ingest PATH_OR_URL, or the Ingest tab)."
    outlets: dict[str, int] = dict(stats.get("outlets") or {})
    ranked = sorted(outlets.items(), key=lambda o: (-o[1], o[0].casefold()))
    listed = ", ".join(f"{o} ({c})" for o, c in ranked[:shown])
    more = len(ranked) - shown
    listed += f" and {more} more (newsrag stats lists them all)" if more > 0 else ""
    plural = "s" if n != 1 else ""
    parts = [f"The index holds {n} article{plural} from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"]
    parts[-1] += f": {listed}." if listed else "."
    earliest, latest = (str(stats.get(k) or "")[:10] for k in ("earliest", "latest"))
    if earliest and latest:
        parts.append(f"They were published from {earliest} to {latest}.")
    if stats.get("last_ingest"):
        parts.append(f"News was last ingested on {str(stats['last_ingest'])[:10]}.")
    parts.append("Ask about any of their stories, or “What is the latest news?”.")
    return " ".join(parts)
