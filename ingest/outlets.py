"""Outlet names compared the way filters compare them."""

from __future__ import annotations

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
