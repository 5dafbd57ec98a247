"""What a chat user says that asks nothing of the news: "ok thanks", "hi", "great, bye".

Searched, "ok thanks" after the mayoral race was answered with a sentence of the race's report (a question naming
nothing is searched with the conversation), and the next follow-up was searched with it. It is answered without a
search, and a chat does not remember it.
"""

from __future__ import annotations

import re

# every word of it is one of these, and one at least says thanks, hello, goodbye or that the answer was taken in
_CORE = frozenset(
    "ok okay k thanks thank thx ty cheers hi hello hey hiya bye goodbye great cool nice perfect awesome gotcha "
    "understood alright".split()
)
_ALSO = frozenset(
    "you so very much a lot many got it good morning evening afternoon night that's thats that is was helpful "
    "interesting fine sure yes no oh wow and then for the again right all".split()
)
_WORD = re.compile(r"[a-z’']+")
REPLY = "There is nothing to look up in that. Ask me a question about the news in the index."


def is_small_talk(text: str) -> bool:
    """True for a message of thanks, greeting or goodbye alone ("ok thanks", "Thank you so much!", "hi"); not for
    a question with a word of its own ("Thanks, and who won?", "Great Britain?")."""
    found = _WORD.findall(text.casefold().replace("’", "'"))
    return bool(found) and bool(_CORE & set(found)) and all(w in _CORE or w in _ALSO for w in found)
