"""Words news uses for one another ("killed" for "died", "beat" for "won"), and numbers written as words: the
comparison form (`canon`) that citation checking, the chat and the extractive answer share."""

from __future__ import annotations

from .text import content_words, stem

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "first": "1st",
    "second": "2nd", "third": "3rd",
}  # fmt: skip
# Groups of words news paraphrases use for one another; matched by 6-letter stem. Kept small and
# generic: a word absent here must occur in the passage itself.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("submitted", "submit", "tabled", "table", "proposed", "propose", "proposal", "presented", "introduced", "put"),
    ("demanding", "demand", "demanded", "demands", "calling", "called", "call", "urged", "urging", "seeking", "sought"),
    ("criticized", "criticised", "slammed", "condemned", "denounced"),
    # (and a labour strike's: "The two-day stoppage cost the operator ...")
    ("attack", "attacks", "attacked", "strike", "strikes", "struck", "bombing", "walkout", "stoppage"),
    ("help", "helped", "assist", "assistance", "aid", "support", "supported"),
    ("met", "meet", "meeting", "received", "hosted", "host", "hosting"),
    (
        "won",
        "win",
        "wins",
        "winner",
        "winners",
        "beat",
        "defeated",
        "defeat",
        "victory",
        "overwhelmed",
        "routed",
        "thrashed",
        "elected",
    ),
    ("election", "elections", "runoff", "run-off"),
    # ("When is the funeral?": "A memorial service will be held at Rell church on December 12.")
    ("funeral", "funerals", "memorial", "burial", "buried", "cremation", "cremated"),
    (
        "rose",
        "rise",
        "rises",
        "risen",
        "increased",
        "increase",
        "climbed",
        "grew",
        "jumped",
        "gained",
        "raise",
        "raises",
    ),
    ("fell", "fall", "falls", "dropped", "decreased", "decline", "slid", "lost"),
    ("began", "begin", "begins", "started", "start", "starts", "launched"),
    ("ended", "end", "ends", "finished", "concluded"),
    # ("Who is against the tram?": "Opposition leader Samir Haddad called the delay \"a scandal\" ..."; "Who opposed
    # it?" after the hospital deal: "About 3,000 people marched ... to protest against plans to close the hospital")
    (
        "oppose",
        "opposes",
        "opposed",
        "opposing",
        "opposition",
        "opponent",
        "opponents",
        "protest",
        "protests",
        "protested",
        "protesting",
        "protesters",
    ),
    # ("Why is the tram delayed?": "The airport tram line ... will open a year late")
    ("delay", "delayed", "delays", "late", "postponed", "postpone", "postponement"),
    ("ceasefire", "truce"),
    # ("When will power be restored?": "Crews expect to reconnect most of them by Sunday evening")
    ("restored", "restore", "restores", "restoring", "reconnected", "reconnect", "reconnecting"),
    ("immediate", "immediately", "urgent"),
    ("unjustified", "unprovoked", "unwarranted"),
    ("warned", "warn", "warns", "warning", "cautioned"),
    # ("Who apologised?": "\"We are sorry for the disruption,\" utility director Jonas Feld said.")
    ("apologised", "apologized", "apologise", "apologize", "apology", "apologies", "sorry"),
    ("killed", "died", "dead", "deaths", "death", "fatalities"),
    ("injured", "injury", "injuries", "hurt", "wounded"),
    ("people", "persons", "residents"),
    ("talks", "negotiations", "discussions"),
    ("chief", "head", "leader", "lead", "leads", "leading"),
    ("big", "large", "major", "huge"),
    ("wind", "winds", "gust", "gusts", "gale", "gales"),
    # ("How many ships are waiting?": "The backlog grew to 34 vessels on Friday")
    ("ship", "ships", "vessel", "vessels"),
    ("scored", "score", "scores", "scoring", "goal", "goals", "netted", "consolation", "equaliser", "equalizer"),
)
_CANON = {key: g[0][:6] for g in SYNONYMS for w in g for key in (stem(w), w[:6])}  # "calls" finds "call"
# Groups of SYNONYMS that tell opposite events ("When did the strike start?": "The strike ended on Thursday" gives a
# date, of the other event), by their first words.
OPPOSITES: tuple[tuple[str, str], ...] = (("began", "ended"), ("rose", "fell"))


def canon(word: str) -> str:
    """A content word's comparison form: its 6-letter stem, or its synonym group's (looked up by
    the word's crude stem too, so an inflection the group does not list still finds it)."""
    word = NUMBER_WORDS.get(word, word)
    short = word[:6]
    return _CANON.get(short) or _CANON.get(stem(word), short)


def canons(text: str) -> set[str]:
    """The comparison forms (`canon`) of the text's content words."""
    return {canon(w) for w in content_words(text)}


def opposite_event(question: str, sentence: str) -> bool:
    """Whether the sentence tells the opposite of the event the question asks about (`OPPOSITES`) and not that
    event itself: "The strike ended on Thursday" for "When did the strike start?"."""
    asked, told = canons(question), canons(sentence)
    for a, b in OPPOSITES:
        a, b = canon(a), canon(b)
        if (a in asked and b not in asked and b in told and a not in told) or (
            b in asked and a not in asked and a in told and b not in told
        ):
            return True
    return False


def leads_with_opposite(question: str, sentence: str) -> bool:
    """Whether the sentence tells the opposite of the event the question asks about first, though it may tell that
    event too: "Norlund Bank shares rose 6% on Thursday, recovering some of the previous day's losses" for "How
    much did the shares fall?" (`opposite_event` otherwise)."""
    if opposite_event(question, sentence):
        return True
    asked = canons(question)
    forms = [canon(w) for w in content_words(sentence)]
    for a, b in OPPOSITES:
        a, b = canon(a), canon(b)
        if (a in asked) == (b in asked) or a not in forms or b not in forms:
            continue
        wanted, other = (a, b) if a in asked else (b, a)
        if forms.index(other) < forms.index(wanted):
            return True
    return False
