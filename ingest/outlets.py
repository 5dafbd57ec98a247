"""Outlet names compared the way filters compare them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The last word of a newspaper's name, which readers call it by with "the" ("the Herald", "the Post").
PAPER_NOUNS = frozenset(
    """herald post times guardian telegraph gazette journal tribune courier chronicle ledger observer
    independent mirror sun express globe star examiner inquirer register dispatch standard bulletin mail
    sentinel enquirer""".split()
)
# Words that mark a name as an outlet's: a paper's, or a wire's, broadcaster's or magazine's.
OUTLET_WORDS = PAPER_NOUNS | frozenset(
    "news wire agency press daily reuters afp bbc cnn radio magazine monitor".split()
)


def outlet_key(outlet: str | None) -> str | None:
    """Case- and space-insensitive form of an outlet name, used for filtering."""
    if not outlet:
        return None
    key = " ".join(outlet.lower().split())
    return key.removeprefix("www.") or None


def same_outlet(outlet: str | None) -> str | None:
    """The form under which two spellings of one outlet's name are one outlet: `outlet_key` without a leading "the"
    ("The Norrland Courier" and "Norrland Courier", as a page and a dump of one paper name it)."""
    key = outlet_key(outlet)
    return key.removeprefix("the ") if key else None


_SECTION_SEPARATOR = re.compile(r"\s+[-–—|>»:]\s+|:\s+")
# what a feed's title says beside the outlet's name when it names no section: "Kestra Evening Post – News"
_FEED_WORDS = frozenset("news|latest|latest news|breaking news|feed|rss|rss feed|home|homepage".split("|"))


def feed_outlet(title: str | None, site: str | None) -> str | None:
    """The outlet a feed's title names, without the section or tagline beside it: "Velmora Post – Local" ->
    "Velmora Post", "World news | The Guardian" -> "The Guardian", when one part of the title is the name the
    site's domain spells (velmorapost.example, theguardian.com) or spells in part ("Harwick Evening Post - Business"
    at eveningpost.example), or beside a word that only says it is a feed
    ("Kestra Evening Post – News" at kestrapost.example); else the title as it is."""
    if not title or not site:
        return title
    parts = [p.strip() for p in _SECTION_SEPARATOR.split(title) if p.strip()]
    host = (urlsplit(site if "//" in site else f"//{site}").hostname or "").removeprefix("www.")
    label = re.sub(r"[^a-z0-9]", "", host.split(".")[0]) if host else ""  # "orlund-tribune" spells Orlund Tribune
    if len(parts) < 2 or len(label) < 3:
        return title
    squashed = [re.sub(r"[^a-z0-9]", "", part.lower()) for part in parts]
    for part, sq in zip(parts, squashed, strict=True):
        if len(sq) >= 3 and (label.startswith(sq) or sq.startswith(label)):
            return part
    # a name the domain spells in part: "Harwick Evening Post - Business" at eveningpost.example
    holding = [part for part, sq in zip(parts, squashed, strict=True) if len(label) >= 5 and label in sq]
    if len(holding) == 1:
        return holding[0]
    # a name the domain abbreviates (kestrapost.example), beside a word that only says it is a feed
    named = [p for p in parts if p.lower() not in _FEED_WORDS]
    return named[0] if len(parts) == 2 and len(named) == 1 else title
