"""Time words in questions -> a date range (and a recency intent), relative to a reference date.

Deterministic and table-driven: `parse_time("What happened last week?", as_of=date(2025, 6, 25))`
gives since 2025-06-16, until 2025-06-22. Questions without time words give an empty intent.

Conventions (news usage): "this week"/"past week" = the 7 days ending on the reference
date; "last week" = the previous Monday-Sunday week; "this month" = the 1st to the
reference date; "last month" = the previous calendar month; "in March" without a year =
the most recent March not after the reference date; "latest", "recent", "current",
"now" ask for recency, not a range.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
# "on Wednesday", "from Wednesday" ("news from Wednesday"), "last Wednesday" (not "on Wednesday, December 2": the
# date says it)
_WEEKDAY_PHRASE = re.compile(
    r"\b(?P<last>last\s+|this\s+past\s+)?(?(last)|(?:on|from)\s+)"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?!,?\s*(?:\d|[a-z]+\.?\s+\d))",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "from Tuesday to Thursday", "between Monday and Wednesday": the last such days up to the reference date
_WEEKDAY_RANGE = re.compile(
    rf"\b(?:from|between)\s+(?P<first>{_WEEKDAY})\s+(?:to|and|through|until|till|-)\s+(?P<last>{_WEEKDAY})\b",
    re.IGNORECASE,
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH.replace('month', 'month2')}\s+{_DAY.replace('day', 'day2')}(?![\d]))"
    rf"(?:,?\s+{_YEAR})?"
)


def _range_end(side: str) -> str:
    """One end of a range, its groups prefixed with `side`: a day with its month ("December 2", "2 December"), or a
    bare day whose month the other end gives ("from 2 to 4 December", "from December 2 to 4")."""
    months = "|".join(sorted(MONTHS, key=len, reverse=True))
    ordinal = "(?:st|nd|rd|th)?"
    return (
        rf"(?:(?P<{side}_day>[0-3]?\d){ordinal}(?:\s+(?:of\s+)?(?P<{side}_month>{months})\.?)?"
        rf"|(?P<{side}_month2>{months})\.?\s+(?P<{side}_day2>[0-3]?\d){ordinal}(?!\d))"
        rf"(?:,?\s+(?P<{side}_year>(?:19|20)\d\d))?"
    )


_DATE_A, _DATE_B = _range_end("a"), _range_end("b")
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
    "a": 1,
    "few": 3,
}


@dataclass(frozen=True)
class TimeIntent:
    since: date | None = None
    until: date | None = None
    recency: bool = False
    phrases: tuple[str, ...] = field(default_factory=tuple)
    # it asks how something stands now in no time word: "Is the Brask line open?" (`asks_state_now`)
    state_now: bool = False

    @property
    def has_range(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def empty(self) -> bool:
        return not self.has_range and not self.recency


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _recent_month(month: int, ref: date) -> tuple[date, date]:
    year = ref.year if month <= ref.month else ref.year - 1
    return _month_range(year, month)


def _day(year: int | None, month: int, day: int, ref: date) -> date | None:
    try:
        d = date(year or ref.year, month, day)
    except ValueError:
        return None
    if year is None and d > ref:
        d = d.replace(year=d.year - 1)
    return d


def _n(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text.lower(), 1)


Rule = tuple[re.Pattern[str], "callable"]


def _rules():
    R: list[tuple[str, object]] = [
        # two days: "from December 2 to December 4", "between 2 and 4 December" (the second day gives the first its
        # month and year when it leaves them out: "from December 2 to 4")
        (
            rf"\b(?:from|between)\s+{_DATE_A}\s*(?:to|until|till|through|thru|and|-|–)\s*{_DATE_B}",
            lambda m, r: _span(m, r),
        ),
        # explicit day, "since"/"after"/"before"; "from December 2" alone is that day's news, as "on" is
        (rf"\b(?:since|after)\s+{_DATE}", lambda m, r: (_date_of(m, r), r)),
        (rf"\bfrom\s+{_DATE}(?!\s*(?:on|onwards?)\b)", lambda m, r: (lambda d: (d, d))(_date_of(m, r))),
        (rf"\bfrom\s+{_DATE}", lambda m, r: (_date_of(m, r), r)),
        (rf"\bbefore\s+{_DATE}", lambda m, r: (None, _minus(_date_of(m, r), 1))),
        (
            rf"\b(?:since|after)\s+{_MONTH}(?:\s+{_YEAR})?\b",
            lambda m, r: (
                (
                    _month_range(int(m["year"]), MONTHS[m["month"].lower()])
                    if m["year"]
                    else _recent_month(MONTHS[m["month"].lower()], r)
                )[0],
                r,
            ),
        ),
        (rf"\bsince\s+{_YEAR}\b", lambda m, r: (date(int(m["year"]), 1, 1), r)),
        (rf"\bon\s+{_DATE}", lambda m, r: (lambda d: (d, d))(_date_of(m, r))),
        # months and years
        (
            rf"\b(?:in|during|of)\s+{_MONTH}\s+{_YEAR}\b",
            lambda m, r: _month_range(int(m["year"]), MONTHS[m["month"].lower()]),
        ),
        (rf"\b(?:in|during)\s+{_MONTH}(?![-\w])(?!\s+\d)", lambda m, r: _recent_month(MONTHS[m["month"].lower()], r)),
        (rf"\b(?:in|during)\s+{_YEAR}\b", lambda m, r: (date(int(m["year"]), 1, 1), date(int(m["year"]), 12, 31))),
        # relative
        (r"\btoday\b|\bthis morning\b|\btonight\b", lambda m, r: (r, r)),
        (r"\byesterday\b", lambda m, r: (r - timedelta(days=1), r - timedelta(days=1))),
        (r"\b(?:this|past)\s+week\b|\bthis\s+past\s+week\b", lambda m, r: (r - timedelta(days=6), r)),
        (r"\blast\s+week\b", lambda m, r: (r - timedelta(days=r.weekday() + 7), r - timedelta(days=r.weekday() + 1))),
        (
            r"\bthis\s+weekend\b|\blast\s+weekend\b|\b(?:at|over|on)\s+the\s+weekend\b",
            lambda m, r: (
                r - timedelta(days=(r.weekday() + 2) % 7 or 7 if r.weekday() < 5 else r.weekday() - 5),
                r - timedelta(days=(r.weekday() + 1) % 7 if r.weekday() < 5 else 0),
            ),
        ),
        (
            r"\b(?:past|last)\s+(?P<n>\d+|one|two|three|four|five|six|seven|ten|few)\s+days\b",
            lambda m, r: (r - timedelta(days=_n(m["n"])), r),
        ),
        (
            r"\b(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|few)\s+weeks\b",
            lambda m, r: (r - timedelta(weeks=_n(m["n"])), r),
        ),
        (
            r"\b(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|few)\s+months\b",
            lambda m, r: (_minus_months(r, _n(m["n"])), r),
        ),
        (r"\bthis\s+month\b", lambda m, r: (r.replace(day=1), r)),
        (r"\blast\s+month\b", lambda m, r: _month_range(*(_prev_month(r)))),
        (r"\b(?:past|last)\s+month\b", lambda m, r: (_minus_months(r, 1), r)),
        (r"\bthis\s+year\b", lambda m, r: (date(r.year, 1, 1), r)),
        (r"\blast\s+year\b", lambda m, r: (date(r.year - 1, 1, 1), date(r.year - 1, 12, 31))),
        (r"\b(?:past|last)\s+year\b", lambda m, r: (r - timedelta(days=365), r)),
    ]
    return [(re.compile(p, re.IGNORECASE), f) for p, f in R]


def _date_of(m: re.Match[str], ref: date) -> date | None:
    month = MONTHS[(m["month"] or m["month2"]).lower()]
    return _day(_y(m), month, int(m["day"] or m["day2"]), ref)


def _span(m: re.Match[str], ref: date) -> tuple[date | None, date | None] | None:
    """The two days of "from December 2 to December 4" ("from 2 to 4 December": the month and year the second gives
    are the first's when it gives none); None when neither end names a month."""
    b_month = m["b_month"] or m["b_month2"]
    a_month = m["a_month"] or m["a_month2"] or b_month
    if not a_month or not b_month:
        return None
    b_year = int(m["b_year"]) if m["b_year"] else None
    a_year = int(m["a_year"]) if m["a_year"] else b_year
    end = _day(b_year, MONTHS[b_month.lower()], int(m["b_day"] or m["b_day2"]), ref)
    start = _day(a_year, MONTHS[a_month.lower()], int(m["a_day"] or m["a_day2"]), end or ref)
    if start is None or end is None or start > end:
        return None
    return start, end


def _y(m: re.Match[str]) -> int | None:
    return int(m["year"]) if m.groupdict().get("year") else None


def _minus(d: date | None, days: int) -> date | None:
    return d - timedelta(days=days) if d else None


def _prev_month(r: date) -> tuple[int, int]:
    return (r.year, r.month - 1) if r.month > 1 else (r.year - 1, 12)


def _minus_months(r: date, n: int) -> date:
    year, month = r.year, r.month - n
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, min(r.day, calendar.monthrange(year, month)[1]))


_RULES = _rules()
_RECENCY = re.compile(
    r"\b(latest|most recent|recent(?:ly)?|current(?:ly)?|newest|right now|now|so far|to date|ongoing|lately|still|again)\b",
    re.IGNORECASE,
)


def parse_time(question: str, as_of: date | datetime | None = None, *, weekdays: bool = False) -> TimeIntent:
    """The date range and recency intent of the question's time words (first range wins). `weekdays`: read
    "on Wednesday" / "last Wednesday" too, as the last such day up to `as_of` ("last": before it); only for
    a question asking what happened ("What happened on Wednesday?"): in a question about a fact ("... after
    no winner was announced on Tuesday?") the day is when it happened, and reports of it come later (as a
    range for every question, it cost jan an answer and a multiple-choice pick)."""
    ref = as_of.date() if isinstance(as_of, datetime) else (as_of or date.today())
    since = until = None
    phrases: list[str] = []
    for pattern, make in _RULES:
        m = pattern.search(question)
        if not m:
            continue
        rng = make(m, ref)
        if rng is None or (rng[0] is None and rng[1] is None):
            continue
        since, until = rng
        phrases.append(m.group(0))
        break
    days = _WEEKDAY_RANGE.search(question) if weekdays and not phrases else None
    day = _WEEKDAY_PHRASE.search(question) if weekdays and not phrases and not days else None
    if days:
        until = ref - timedelta(days=(ref.weekday() - _WEEKDAYS.index(days["last"].lower())) % 7)
        since = until - timedelta(days=(until.weekday() - _WEEKDAYS.index(days["first"].lower())) % 7)
        phrases.append(days.group(0))
    if day:
        back = (ref.weekday() - _WEEKDAYS.index(day["weekday"].lower())) % 7
        since = until = ref - timedelta(days=back or (7 if day["last"] else 0))
        phrases.append(day.group(0))
    # (a recency word may be part of the state asked about: "Is the dam still standing?", "Is the strike ongoing?")
    state = not phrases and asks_state_now(question)
    rec = _RECENCY.search(question)
    if rec:
        phrases.append(rec.group(0))
    return TimeIntent(since=since, until=until, recency=bool(rec) or state, phrases=tuple(phrases), state_now=state)


# "Is the Brask line open?", "Are the ferries running?", "Is the road closed?": how something stands, which the
# newest report tells (the line "will stay closed at least until Monday" on Thursday, "is expected to reopen on
# December 14" on Saturday)
_STATE_NOW = re.compile(
    r"^\W*(?:is|are)\s+(?:the\s+|a\s+)?[^?,]{1,60}?\s+(?P<state>open|closed|shut|running|operating|working|suspended"
    r"|delayed|cancell?ed|blocked|in service|out of service|on strike|in force|in effect|missing|in custody|in hospital"
    # "Is the strike over?", "Is the fire contained?", "Is the outbreak under control?"
    r"|over|ongoing|still on|still going on|under ?way|called off|resolved|settled|contained|under control"
    # "Is the fire out?"
    r"|out|extinguished|put out"
    # "Is the dam still standing?", "Is the bridge intact?"
    r"|standing|intact|destroyed|damaged"
    # "Is Lunde in prison?", "Is she still free?"
    r"|in prison|in jail|behind bars|free|on bail|released)"
    r"(?:\s+(?:today|yet))?\s*\??(?:\s*\([^()]*\))?\s*$",  # (a chat's follow-up carries its context after it)
    re.IGNORECASE,
)


def asks_state_now(question: str) -> bool:
    """`question` asks how something stands now without a time word ("Is the Brask line open?")."""
    return _STATE_NOW.search(question) is not None


# the words a report tells a state in, by the state asked about: "Is the line open?" is told by "will stay closed",
# "is expected to reopen"
_STATE_WORDS = (
    # (a line's trains run when it is open: "Are the Brask trains running?" is told by "The line ... will stay closed")
    frozenset(
        "open closed shut reopen reopened reopens reopening close closes closing closure running operating working"
        " suspended resumed resume resumes halted run runs".split()  # (not "service": "the rescue service said")
    ),
    # "Is the strike over?" is told by "will continue while talks take place", "an end to the five-day strike"
    frozenset(
        "over ongoing end ends ended ending continue continues continued continuing resolved settled settle deal".split()
        + ["still on", "still going on", "under way", "underway", "called off"]
    ),
    # (a fire is "out" when it is extinguished: not "a wildfire that broke out on Sunday")
    frozenset(
        "contained containment control controlled uncontained extinguished doused".split()
        + ["under control", "put out"]
    ),
    # "Is Lunde in prison?" is told by "remains free pending the appeal", "was jailed", "sentenced him to three years"
    frozenset(
        "prison jail jailed imprisoned custody free freed released bail behind bars sentenced remains remain".split()
        + ["in prison", "in jail", "behind bars", "on bail"]
    ),
    # "Is the dam still standing?" is told by "blowing up the ... dam", "the destruction of the dam"
    frozenset(
        "standing intact destroyed destruction destroy damaged damage collapsed collapse breached breach demolished"
        " detonated blew blown blowing razed wrecked".split()
    ),
)


def state_words(question: str) -> frozenset[str]:
    """The words a sentence tells the state `question` asks about in ("open", "reopen", "closed" for "Is the line
    open?"); none for another question."""
    m = _STATE_NOW.search(question)
    if m is None:
        return frozenset()
    state = m.group("state").lower()
    state = "extinguished" if state == "out" else state
    return next((family for family in _STATE_WORDS if state in family), frozenset(state.split()))


def without_time_words(question: str) -> str:
    """The question without the time words `parse_time` reads ("this week", "recently", "latest"): passages
    rarely restate them."""
    for phrase in parse_time(question).phrases:
        question = question.replace(phrase, " ")
    return question


# a day a report names only relative to its own date: "reopened on Thursday", "said yesterday", "will reopen on Monday"
_RELATIVE_DAY = re.compile(rf"\b(?:(?:on|last|this|next)\s+)?(?P<day>{_WEEKDAY}|yesterday|today|tonight)\b", re.I)
_WILL = re.compile(
    r"\b(?:will|is due to|are due to|is set to|are set to|is expected to|are expected to|is scheduled to|are scheduled to"
    # "Crews expect to reconnect most of them by Sunday evening", "Most should be reconnected by Monday"
    r"|expects? to|hopes? to|plans? to|aims? to|intends? to|should|is likely to|are likely to)\b",
    re.I,
)
# a day something was moved to, which is to come: "Talks have been brought forward to Sunday", "postponed until Monday";
# or one a side agreed on another day to act on: "agreed on Friday to return to talks ... on Monday" (not "voted to
# approve the legislation on Monday": the day it voted)
_RESCHEDULED = re.compile(
    r"\b(?:brought forward|postponed|moved|pushed back|put back|delayed|rescheduled|put off)\s+(?:to|until|till|for)\s+$"
    r"|\b(?:agreed|agrees|decided|decides|voted|votes|plans?|planned|promised|promises|vowed|vows|pledged|pledges"
    r"|intends?|aims?)\s+on\s+\w+day\s+to\s+(?!(?:the|a|an|his|her|its|their|this|that|these|those|it|them)\b)"
    r"[a-z]+\b[^.;!?]*$",
    re.I,
)
_ANY_MONTH = rf"(?:{_MONTH_NAMES})\.?"  # `_MONTH` without its group name, to be used twice
_DATED = re.compile(rf"\b\d{{1,2}}\s+{_ANY_MONTH}\b|\b{_ANY_MONTH}\s+\d{{1,2}}\b", re.I)


def days_named(sentence: str, published: date) -> list[tuple[str, date]]:
    """The days a sentence names relative to its report's date `published`, with the words naming each ("reopened on
    Thursday" in a report of Thursday 3 December: that day; "will reopen on Monday" and "brought forward to Sunday": the
    one after; "yesterday": the day before); none when it names a date of its own ("on Thursday, December 3")."""
    if _DATED.search(sentence):
        return []
    out = []
    for m in _RELATIVE_DAY.finditer(sentence):
        day = m.group("day").lower()
        if day in ("today", "tonight"):
            when = published
        elif day == "yesterday":
            when = published - timedelta(days=1)
        elif (
            _WILL.search(sentence[: m.start()])
            or m.group(0).lower().startswith("next")
            or _RESCHEDULED.search(sentence[: m.start()])
        ):
            target = _WEEKDAYS.index(day)
            when = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        else:
            when = published - timedelta(days=(published.weekday() - _WEEKDAYS.index(day)) % 7)
        out.append((m.group(0), when))
    return out
