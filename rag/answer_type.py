"""What kind of answer a question wants, and whether a sentence offers one (no model, a light heuristic).

`question_type("Who won the Super Bowl?")` is "entity"; "how many ..." is "number", "how much ..."
"amount", "when ..." / "which year" "date", "where ..." / "which country" "place", "which team ...",
"what is the book titled" "entity", "why ..." / "what caused ..." "reason" (a sentence giving a cause:
"because", "due to", "blamed ... for", or what a strike asks for); anything else "other". `offers(sentence, qtype, question)` is
True when the sentence holds an item of that kind that the question does not already name (the
answer is what the question lacks): a capitalized name, a place after in/at/from, a number, an
amount, a date; `fills_slot` whether it puts that item next to the question's own word for it ("six
centuries" for "how many centuries", "since 2017" for "since when"). `is_fragment` flags what reads
like a headline, a link or a question rather than a statement. The extractive answerer uses all
four to lead with the sentence that answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from ingest.outlets import PAPER_NOUNS

from .places import LONGEST, PLACES, seats_of
from .spelling import is_english
from .synonyms import canon, canons
from .text import STOPWORDS, acronyms, clips, content_words, short_forms, spells, stem, stems, words, written_out
from .timeparse import parse_time, without_time_words

if TYPE_CHECKING:
    from .models import Passage

SHORT_QUESTION_WORDS = 5  # a question of at most this many content words is about the names it has, if any

QuestionType = Literal["entity", "place", "date", "number", "amount", "reason", "other"]

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_CALENDAR = frozenset(_MONTHS + _WEEKDAYS)
_NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds
    thousand thousands million millions billion billions trillion dozen dozens""".split()
)
_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_UNITS = frozenset("one two three four five six seven eight nine".split())


def is_number_word(word: str) -> bool:
    """A count written out: "six", "dozens", and a hyphenated one ("Thirty-eight container ships", as a sentence
    opens with a figure)."""
    low = word.lower()
    if low in _NUMBER_WORDS:
        return True
    tens, _, unit = low.partition("-")
    return tens in _TENS and unit in _UNITS


# a length of time, which "how much" never asks: "sentenced to four years", "a 90-day review"
_DURATION = re.compile(
    r"\b(?:\d[\d.,]*|"
    + "|".join(sorted(_NUMBER_WORDS))
    + r"|one|a|an)[\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?)\b",
    re.I,
)
_ASKS_TIME = re.compile(r"\bhow much (?:time|longer)\b|\b(?:years?|months?|weeks?|days?|hours?|minutes?)\b", re.I)
# counts that give no figure: "thousands of people", "dozens of homes"
_ROUGH_COUNTS = frozenset("hundreds thousands millions billions dozens".split())
_PLACE_NOUNS = frozenset(
    """country countries state states city cities capital nation nations region village town county
    province island continent venue location place area part""".split()
)
_DATE_NOUNS = frozenset("year date day month decade century".split())

_WH = r"(?:which|what)"
# "What was the score?" asks for a scoreline ("40-22", "3–1"), not any number ("three touchdowns").
_SCORE_Q = re.compile(r"\bwhat(?:['’]s| is| was| were) the (?:final )?(?:score|scoreline)\b", re.I)
_SCORELINE = re.compile(r"(?<![\d.,/-])\d{1,3} ?[-–] ?\d{1,3}(?![\d/-]|[.,]\d)")  # "won 3-1." and "won 3-1, then" too


# "What was the verdict?", "What was the outcome of the trial?", "Was Lunde convicted?": a court's finding, which a
# report tells as "found ... guilty", "was acquitted", "sentenced him to three years", rarely as "the verdict"
_VERDICT_Q = re.compile(
    r"\bwhat(?:['’]s| is| was| were) the (?:[\w’'-]+ ){0,2}?(?:verdict|ruling|sentence|judgment|judgement)\b"
    r"|\bwhat(?:['’]s| is| was) the (?:outcome|result) of (?:the |his |her |their )?(?:[\w’'-]+ ){0,3}?(?:trial|case)\b"
    r"|^\W*(?:was|were|is|has|have)\s+[^?]{1,60}?\s+(?:been\s+)?(?:convicted|acquitted|found guilty|cleared|jailed"
    r"|sentenced)\b"
    # "Did the outlets agree on the verdict?"
    r"|\b(?:on|about|of)\s+the\s+(?:[\w’'-]+\s+)?(?:verdict|ruling|sentence|sentencing)\b",
    re.I,
)
_VERDICT = re.compile(
    r"\b(?:found\s+(?:[\w’'.-]+\s+){0,5}?(?:not\s+)?guilty|(?:pleaded|pled)\s+(?:not\s+)?guilty|convicted|acquitted"
    r"|cleared\s+(?:[\w’'.-]+\s+){0,3}?of|sentenced|jailed|(?:was|were)\s+fined|ordered\s+(?:[\w’'.-]+\s+){0,3}?to"
    r"\s+(?:pay|repay)|dismissed\s+the\s+(?:case|charges?)|ruled\s+that)\b",
    re.I,
)
_VERDICT_WORDS = frozenset(stem(w) for w in "verdict ruling sentence judgment judgement outcome result".split())


def asks_verdict(question: str) -> bool:
    """ "What was the verdict in the Lunde trial?", "Was Lunde convicted?": asks what a court found."""
    return bool(_VERDICT_Q.search(question))


def tells_verdict(sentence: str) -> bool:
    """`sentence` tells what a court found or imposed: "found former mayor Arvid Lunde guilty of corruption and
    sentenced him to three years", "was acquitted"; not a trial's opening ("If convicted, Lunde faces ...")."""
    return _VERDICT.search(_NOT_YET_VERDICT.sub(" ", sentence)) is not None


# what a court may yet find: "If convicted, Lunde faces ...", "He could be sentenced to life", "faces being jailed"
_NOT_YET_VERDICT = re.compile(
    r"\b(?:if|unless|could|would|may|might|will|can|to|faces?|facing|risks?|whether)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:be\s+|being\s+)?(?:convicted|found|acquitted|cleared|sentenced|jailed|fined|ordered)\b",
    re.I,
)
# "What is Lunde accused of?", "What was she charged with?": the charge, told as "accused of steering ...", "charged
# with fraud", not the verdict that came later
_CHARGE_Q = re.compile(
    r"^\W*what\s+(?:is|was|are|were|has|have|had)\s+[^?]{1,60}?\s+(?:been\s+)?(?:accused\s+of|charged\s+with"
    r"|suspected\s+of|indicted\s+(?:for|on))\W*$",
    re.I,
)
_CHARGE = re.compile(
    r"\b(?:accused\s+of|charged\s+with|charges?\s+of|suspected\s+of|indicted\s+(?:for|on)|allegations?\s+(?:of|that))\b",
    re.I,
)


def asks_charge(question: str) -> bool:
    """ "What is Lunde accused of?": asks what someone is charged with."""
    return bool(_CHARGE_Q.search(question))


def asks_score(question: str) -> bool:
    """ "What was the score?", "What's the final score?": asks for a scoreline, with "score" as its asking word."""
    return bool(_SCORE_Q.search(question))


# a measure news gives as a figure: "What was the turnout?", "What was the magnitude of the quake?"
_MEASURE_Q = (
    r"\bwhat(?:['’]s|\s+(?:is|was|were|are|will\s+be))\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:turnout|magnitude|toll|attendance|margin|population|(?:interest|inflation|unemployment|jobless)\s+rate)\b"
)
_NUMBER_Q = re.compile(
    r"\bhow (?:many|old|long|far|big|large|tall|high|often|fast|deep|strong|powerful)\b"
    r"|\bwhat (?:age|percentage|per ?cent|proportion|fraction|number|share of)\b"
    r"|" + _SCORE_Q.pattern + "|" + _MEASURE_Q,
    re.I,
)
_AMOUNT_Q = re.compile(r"\bhow much\b|\bwhat (?:price|amount|sum)\b", re.I)
_DATE_Q = re.compile(r"\bwhen\b|\bsince (?:when|what)\b|\b" + _WH + r" (?:year|date|day|month|decade|time)\b", re.I)
_WANTS = re.compile(
    r"^\s*what (?:do|does|did|are|is|were|was) .+ (?:want|wanted|demand|demanded|demanding|ask for|asking for)"
    r"\s*[?.!]*\s*$",
    re.I,
)
_REASON_Q = re.compile(
    r"^\s*why\b|\bwhy (?:did|do|does|is|are|was|were|has|have)\b|\bwhat (?:caused|led to)\b|\breasons? for\b"
    # who or what is to blame: "Who is to blame for the fire?", "Who is responsible?" (a cause, often a thing)
    r"|\b(?:who|what)(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+(?:to\s+blame|responsible|at\s+fault)\b"
    # "What for?", "Awarded for what?", "What did they win it for?" (not "What did the council vote for?")
    r"|^\s*what\s+for\b|\bfor what\s*[?.!]*\s*$"
    r"|^\s*what\b[^?]*\b(?:win|wins|won|awarded|given|honou?red|praised|known|famous|arrested|charged|fined|sued"
    r"|jailed|sentenced|convicted|blamed|critici[sz]ed|punished|banned|suspended|fired|sacked"
    # what money goes to: "What will the budget pay for?", "What is the money needed for?"
    r"|pay|paid|spend|spent|used|needed|raised)\b[^?]*\bfor\s*[?.!]*\s*$"
    # what a side wants: "What did the union want?", "What are the strikers demanding?"
    r"|" + _WANTS.pattern,
    re.I,
)
# A sentence that gives a cause: "blamed the ferry strike for the drop", "because of the storm", or what a
# protest or a strike wants: "The union is asking for an 8% pay rise", "in protest at the cuts".
_CAUSE = re.compile(
    # (not what is planned: "The tram line is due to open in 2029")
    r"\b(?:because|due to(?! (?:open|reopen|start|begin|close|end|finish|arrive|launch|be|take|meet|vote|resume|return"
    r"|run|hold|sign|complete|expire|speak|leave|go|come|appear|deliver|publish|announce|release|report|face|make"
    r"|hear|rule|decide|visit|play|debut|retire|testify|travel)\b)|owing to|thanks to|blamed|blames|blaming|caused by|attributed|as a result|"
    r"reasons?|led to|prompted|justif(?:y|ies|ied)|warrant(?:s|ed)|citing|cited|in protest|to protest|protesting|demanding|demands? (?:for|that)|"
    r"(?:is|are|was|were|been) (?:asking|calling) for|asked for|demanded|"
    # what set it off: "the fire was started by a power line", "sparked by a cigarette"
    r"(?:started|sparked|triggered|ignited|set off|touched off) by|"
    # what is blamed: "a faulty batch of cells from one supplier was to blame"
    r"(?:was|were|is|are|be|been) (?:partly |largely |mainly |mostly |not )?to blame|"
    # what investigators name: "a broken rail was the most likely cause" (not "the cause was not yet known")
    r"(?:likely|probable|possible|main|root|leading|direct|immediate|official) causes?|"
    # what moved it: "cut 800 jobs as sales to small businesses slowed", "amid a slump", "in response to"
    r"as (?:[\w'’-]+ ){1,5}(?:slowed|fell|dropped|declined|slumped|weakened|rose|soared|surged|shrank|dried up"
    r"|(?:continues?|continued|began|begins?|started|starts?) to (?:slow|fall|drop|decline|slump|weaken|rise|soar|shrink))|"
    r"amid|in response to|"
    # what it is doing meanwhile: "will cut 600 jobs ... as it automates its haulage fleet" (not "as it stands")
    r"as (?:it|they|the (?:company|group|firm|bank|government|council|operator|club|airline|carmaker|retailer)) "
    r"(?!(?:stands|happens|goes|seems|turns|says|said|was|is|has|does|this|its|always|perhaps)\b)[a-z]{3,}s\b"
    r"(?! (?:said|say|says)\b)|"
    # the weather it happened in: "The crane fell onto an empty berth during high winds" (not "during the meeting")
    r"(?:during|in) (?:the )?(?:high|strong|heavy|severe|gale-force|hurricane-force|gusty|icy|freezing|torrential)"
    r" (?:winds?|gusts?|rains?|rainfall|snow(?:fall)?|storms?|seas|swells?|fog|ice)|"
    # what it is for: "the cuts would save 90 million euros a year", "in a bid to", "aimed at"
    r"(?:would|will|to) save|in order to|so as to|in a bid to|in an (?:effort|attempt) to|aim(?:s|ed)? (?:at|to)|"
    # what a strike is over: "members rejected an offer of a 3.5% raise", "a dispute over pay"
    r"rejected (?:an? |the |their |its )?(?:[\w-]+ )?(?:offer|proposal|deal|plan)|"
    r"(?:strike|walkout|walk-out|stoppage|dispute|row|protest|walk(?:ed|ing)? out)s? over|"
    # "the cuts were needed to fund a new tram line", "the savings would help pay for it"
    r"(?:needed|necessary|required) to|to (?:fund|finance)|help (?:to )?(?:pay for|fund|finance)|"
    # what ended it: "the strike has been called off after the two sides agreed a pay rise"
    r"(?:called off|cancell?ed|postponed|suspended|halted|abandoned|dropped|withdrawn|resigned|quit|stepped down)"
    r"(?: (?!until\b|till\b)[\w'’-]+){0,3}? (?:after|once|when))\b"
    # (not how long it lasted: "stepped down on Monday after eight years in the job")
    r"(?! (?:more than |nearly |almost |over |just |some |only )?[\w-]+ (?:years?|months?|weeks?|days?|decades?|seasons?"
    r"|hours?|minutes?)\b)"
    # what it comes after: "Voss's departure follows a 30% fall in sales", "The move comes after ..."
    r"|\b(?:follows|comes after|came after)\b"
    # what a penalty or a prize was for: "was fined 2.4 million kronor for missing deadlines", "arrested for
    # drunk driving", "criticised for its handling of the flood" (not how long: "jailed for a year", "for the
    # second time")
    r"|\b(?:fined|charged|sued|arrested|punished|sanctioned|penali[sz]ed|critici[sz]ed|condemned|praised|jailed"
    r"|convicted|sentenced|banned|sacked|fired|dismissed|expelled|disqualified|prosecuted|reprimanded|censured"
    r"|honou?red|awarded)\b(?:\s+[\w'’.,-]+){0,6}?\s+for\s+"
    r"(?!(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|several|many|\d+)\s+(?:[\w-]+\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?|decades?|seasons?|games?|matches|races?|time|while|period|term)\b)"
    r"(?:[a-z]+ing\b|(?:his|her|its|their|the|a|an|what|failing|not)\b)"
    # what a side gave as its reason: "Four councillors voted against, saying the money should go to a ferry link"
    r"|,\s+(?:saying|arguing|insisting|contending)\b"
    # ... or said, told by what they did: "Councillor Pia Holm, who voted against, said the money would be better
    # spent on ..."
    r"|,\s+who\s+(?:voted|opposed|backed|supported|resigned|quit|refused|abstained|walked out|boycotted)\b[^,]{0,40},"
    r"\s+(?:said|says|argued|insisted|told)\b",
    re.I,
)
# what it was done after: "The notice was issued after a main burst", "He was arrested following a raid" (not how
# long it took: "The fire was put out after two hours")
_DONE_AFTER = re.compile(
    r"\b(?:was|were|been|being) (?P<verb>[a-z]+ed|[a-z]+en|put|set|shut|hit|cut|met) "
    r"(?:(?!until\b|till\b)[\w'’-]+ ){0,3}?(?:after|following)\b"
    r"(?! (?:more than |nearly |almost |over |just |some |only |about )?[\w-]+ (?:years?|months?|weeks?|days?|decades?"
    r"|seasons?|hours?|minutes?)\b)"
)
_CAUSE_ASKING = frozenset(stem(w) for w in "cause caused causes led".split())
# what ends a thing, not what brings it about: "What caused the notice?" is not answered by "it was lifted after ..."
_ENDING = frozenset(
    stem(w)
    for w in """lifted ended cancelled canceled withdrawn dropped closed cleared resolved reopened restored released freed
    resumed repaired extinguished rescinded reversed overturned""".split()
)


def _done_after(sentence: str, question: str) -> bool:
    """`sentence` says what was done after what, and it is what the question asks about: "The notice was issued after
    a main burst" for "Why was the notice issued?" or "What caused the notice?", not for "Why was it lifted?"."""
    asked = {stem(w) for w in words(question) if len(w) > 3 and w.endswith(("ed", "en"))} - _CAUSE_ASKING
    for m in _DONE_AFTER.finditer(sentence):
        verb = stem(m["verb"])
        if verb in asked or (not asked and verb not in _ENDING):
            return True
    return False


_MUST = re.compile(
    r"\b(?:said|says|urged|told)\b[^.;]{0,60}?\b(?:must|should|needs? to|has to|have to|ought to)\b", re.I
)
_PLACE_Q = re.compile(r"\bwhere\b|\bfrom where\b", re.I)
_WHICH_NOUN = re.compile(r"\b" + _WH + r"\s+(?:of these\s+|[\w’'-]+\s+){0,2}?([a-z]+)\b", re.I)
_ENTITY_Q = re.compile(
    r"\b(?:who|whom|whose|which)\b|\bwhat (?:is|was|are|were) (?:the )?(?:name|title)\b|\btitled\b|\bcalled\b",
    re.I,
)

_TOKEN = re.compile(r"[\w’'&.-]*\w|\$|£|€|%")
_DIGITS = re.compile(r"\d")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_CURRENCY = re.compile(r"[$£€¥]\s?\d|\d\s?(?:%|percent|per cent|dollars|euros|pounds|yen|yuan|rupees)\b", re.I)
# the words that scale a figure, which two different figures share ("21 million" and "1.5 million")
SCALE_WORDS = frozenset("hundred hundreds thousand thousands million millions billion billions trillion".split())
_SCALE = re.compile(r"\d\s?(?:m|bn|tn|k|million|billion|trillion)\b", re.I)
_PLACE_PREP = re.compile(
    r"\b(?i:in|at|from|near|to|across|into|outside|inside)\s+(?:the\s+)?([A-Z][\w’'-]+)",
)
# a time of day answers "when" as a date does: "at 4:12 a.m.", "by 9 pm", "at noon"
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:noon|midnight)\b"
    # a 24-hour time something is at: "The first departure is at 06:15."
    r"|\b(?:at|from|until|till|by|before|after)\s+(?:[01]?\d|2[0-3])[:.][0-5]\d\b(?![:.]?\d)",
    re.I,
)
# a report's opening dateline: "NEW ORLEANS (AP) —", "ANKARA, Turkey (AP) —", "MOSCOW, June 23 (Reuters) —"
_OPENING_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*(?:\([^)]{1,30}\)\s*)?(?:—|–|-{1,2}\s)"
)


# A whole question ("What was the turnout?"), not an ellipsis that asks what the question before it asked
# ("And China?", "What about the ECB?").
_OWN_QUESTION = re.compile(
    r"^\W*(?:(?:and|but)\s+)?(?:what|which|who|whom|whose|when|where|why|how)\b(?!\s+(?:about|else)\b)"
    r"(?:\W+\w+){2}",
    re.I,
)


def asks_on_its_own(question: str) -> bool:
    """A follow-up that asks for its own kind of answer, even "other" ("What was the turnout?" after "Who won
    the German election?" asks for no name), not an ellipsis that asks what the question before it asked."""
    return bool(_OWN_QUESTION.match(question))


def asked_noun(question: str) -> str | None:
    """The noun a which / what question asks for ("countries" of "Which countries voted against it?"), the
    kind of its answer rather than what it is about; None for any other question."""
    m = _WHICH_NOUN.search(question)
    # not the verb of "What was the margin?" (which asks for the margin, the conversation's race's)
    return m.group(1).lower() if m and m.group(1).lower() not in STOPWORDS else None


def question_type(question: str) -> QuestionType:
    """The kind of answer `question` asks for (the wh-word may come anywhere: "... raised by how much?")."""
    if _AMOUNT_Q.search(question):
        return "amount"
    if _NUMBER_Q.search(question):
        return "number"
    if _DATE_Q.search(question):
        return "date"
    m = _WHICH_NOUN.search(question)
    if m:
        noun = m.group(1).lower()
        if noun in _PLACE_NOUNS:
            return "place"
        if noun in _DATE_NOUNS:
            return "date"
    if _REASON_Q.search(question):
        return "reason"
    if _PLACE_Q.search(question):
        return "place"
    if _ENTITY_Q.search(question):
        return "entity"
    return "other"


# A question word, pronoun or auxiliary with its contraction ("what's", "there're", "didn't", "let's").
_CONTRACTION = re.compile(
    r"(?:what|who|where|when|why|how|it|that|there|here|this|he|she|they|we|you|i|let|"
    r"is|are|was|were|do|does|did|has|have|had|can|could|would|should|wo|ca|must|need)"
    r"(?:n?['’](?:s|re|ve|ll|d|m|t))"
)


def _names(sentence: str, known: set[str]) -> list[str]:
    """Capitalized words not in `known` (the question's words), sentence-initial ones only when
    they are followed by another capitalized word or are not common words."""
    found = list(_TOKEN.finditer(sentence))
    tokens = [m.group() for m in found]
    out = []
    for i, tok in enumerate(tokens):
        if not tok[:1].isupper():
            continue
        low = tok.lower().strip(".’'")
        if low in STOPWORDS or low in _CALENDAR or low in known or low.rstrip("s") in known:
            continue
        if _CONTRACTION.fullmatch(low):  # "What's", "Who's", "Didn't", "Let's": not names
            continue
        # a sentence starts again after a colon: "First orders of business: Taking roll of the new members ..."
        starts = i == 0 or sentence[: found[i].start()].rstrip().endswith(":")
        if starts and not (i + 1 < len(tokens) and tokens[i + 1][:1].isupper()):
            if low in _COMMON_STARTS or (i + 1 < len(tokens) and _gerund(low, tokens[i + 1])):
                continue
        out.append(tok)
    return out


def _gerund(word: str, following: str) -> bool:
    """A sentence's first word is a verb's -ing form, not a name: "Taking roll ...", "Citing concerns ...", not
    "Fleming said" or "Harding won" (a name is followed by its verb)."""
    low = following.lower()
    return (
        len(word) > 5
        and word.endswith("ing")
        and not low.endswith("ed")
        and low not in _IRREGULAR_PAST
        and stem(low) not in _SPEECH_VERBS
    )


_IRREGULAR_PAST = frozenset(
    """won lost beat took made gave got went came ran led left met saw told wrote said held became began broke
    brought built bought caught chose drew drove fell felt fought found flew forgot grew hit hung kept knew laid
    lay let meant paid put quit read rode rose sank sat set shot shut sold sent slid spent spoke stood stole struck
    swore swept swam threw understood woke wore""".split()
)


def name_key(name: str) -> str:
    """A name's word stem as `stems` gives it, possessive dropped ("Orla's" -> "orla", "U.S." -> "u.s")."""
    return stem(re.sub(r"['’]s$", "", name.lower()).strip(".’'"))


def names(text: str) -> list[str]:
    """The capitalized names `text` holds ("Since when has the ECB cut rates?" -> ["ECB"])."""
    return _names(text, set())


# Capitalized only because they start a sentence: not names.
_COMMON_STARTS = frozenset(
    """officials doctors researchers scientists experts police people residents authorities critics
    investigators analysts witnesses prosecutors lawmakers workers students fans players teams many
    several some most both all others another other still yet however meanwhile instead earlier later
    last next first one two three four five despite although though because since until unless
    while whether now then today yesterday tomorrow even only already also here there
    back anyway ok okay well right alright actually wait hey please thanks sorry again finally lastly quick going""".split()
)  # (the last line: how a chat's question opens: "Back to the election: when does the winner take office?")


def _numbers(sentence: str, known: set[str]) -> list[str]:
    out = []
    for tok in _TOKEN.findall(sentence):
        low = tok.lower()
        if low in known:
            continue
        if _DIGITS.search(tok) or is_number_word(low):
            out.append(tok)
    return out


# the comma between a figure's thousands ("25,000"), which `_TOKEN` splits at: without it "8,000" and "25,000"
# shared the value "000", and two outlets' counts of one march were taken to agree
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def rough_count(sentence: str, question: str) -> bool:
    """`sentence` counts only roughly, with no figure: "Thousands of people marched ...", "Dozens of homes"."""
    counts = [n.lower() for n in _numbers(sentence, set(words(question))) if not _YEAR.match(n)]
    return bool(counts) and all(n in _ROUGH_COUNTS for n in counts)


def values(sentence: str, qtype: QuestionType, question: str) -> set[str]:
    """The figures (and, for a date, the calendar words) `sentence` gives that `question` does not hold:
    {"2029"} of "the first trams would run in 2029" for "When will the tram open?"."""
    known = set(words(_THOUSANDS.sub("", question)))
    found = {n.lower() for n in _numbers(_THOUSANDS.sub("", sentence), known)}
    if qtype == "date":
        found |= {w for w in words(sentence) if w in _CALENDAR and w not in known}
    return found


# a time to come that names no date: "in the spring", "next year", "later this month", "by the end of the year", "in the
# coming weeks"
_COMING_TIME = re.compile(
    r"\b(?:(?:in|by|during|over|until)\s+(?:the\s+)?(?:early\s+|late\s+)?(?:spring|summer|autumn|fall|winter)"
    r"|(?:this|next)\s+(?:spring|summer|autumn|winter)|(?:early\s+|late\s+|later\s+)?next\s+(?:year|month|week)"
    r"|later\s+this\s+(?:year|month|week)|by\s+the\s+end\s+of\s+(?:the|this|next)\s+(?:year|month|week)"
    r"|in\s+the\s+(?:coming|next)\s+(?:few\s+)?(?:days|weeks|months|years)|tonight|tomorrow)\b",
    re.I,
)

# what is not to happen then: "is unlikely to cut interest rates at its meeting next week"
_NOT_THEN = re.compile(r"\b(?:unlikely|not|no|never|won['’]t|n['’]t)\b", re.I)


def places(sentence: str) -> set[str]:
    """The known places (countries, US states, continents: rag.places) that `sentence` names."""
    toks = words(sentence)
    found = set()
    for n in range(1, LONGEST + 1):
        for i in range(len(toks) - n + 1):
            name = " ".join(toks[i : i + n])
            if name in PLACES:
                found.add(name)
    return found


_LOCATED = re.compile(
    r"\b(?i:in|at|from|near|to|across|into|outside|inside|throughout|around|off)\s+(?:the\s+)?"
    r"(?:(?i:north|south|east|west|central)(?:ern)?\s+)?((?:[A-Z][\w’'.-]*(?:,\s+|\s+|$))+)"
)


# a place given by its distance and bearing from another: "12 km north of the town of Vessby", "south-west of Ilm"
_BEARING = re.compile(
    r"\b(?i:north|south|east|west)(?i:ern)?(?:-?(?i:east|west)(?i:ern)?)?\s+(?i:of)\s+"
    r"(?:the\s+(?i:town|city|village|port|capital|island|region|province)\s+of\s+)?([A-Z][\w’'.-]+)"
)


# a place its kind names: "the tourist town of Pokhara", "the city of Ilm"
_PLACE_OF = re.compile(
    r"\b(?i:town|city|village|port|resort|capital|island|region|province|district|county)\s+(?i:of)\s+"
    r"([A-Z][\w’'.-]+)"
)


_VENUE = re.compile(
    r"\b(?i:in|at|outside|inside|near)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,4}"
    r"(?:Stadium|Arena|Superdome|Dome|Center|Centre|Field|Park|Hall|Square|Palace|Cathedral|Basilica|Airport"
    r"|Harbou?r|Bridge|Street|Avenue|Station|University|Hospital|Hotel|Court|Parliament|Capitol)\b"
)


def _stands_alone(place: str, sentence: str) -> bool:
    """Whether `sentence` names `place` by itself somewhere: "struck southern Turkey", not only as the start of
    a longer name ("the Kansas City Chiefs", "New York Times")."""
    pattern = r"\b" + r"\s+".join(map(re.escape, place.split())) + r"\b"
    return any(not re.match(r"\s+[A-Z]", sentence[m.end() :]) for m in re.finditer(pattern, sentence, re.I))


def located(sentence: str) -> set[str]:
    """The known places `sentence` puts something in: after "in", "at", "near" ... ("in northern Italy",
    "at the Stade de France, Paris") or in its dateline ("ANKARA, Turkey (AP) —"); not a place standing
    for a team or a government ("Kansas City scored", "Japan placed third")."""
    found = {name for m in _LOCATED.finditer(sentence) for name in places(m.group(1))}
    dateline = _OPENING_DATELINE.match(sentence)
    return found | (places(dateline.group(0)) if dateline else set())


_FUTURE = re.compile(r"\b(?:will|shall|going to)\b", re.I)


def offers(sentence: str, qtype: QuestionType, question: str) -> float:
    """How well `sentence` offers an item of kind `qtype` that `question` does not already hold:
    1.0 for a clear one, 0.5 for a weak one (a single unknown name, a place only by its preposition, a
    known place not placed anything in), 0.0 for none."""
    if qtype == "other":
        return 0.0
    if qtype == "reason":
        # what a side wants is also what its speaker says must be done: "Union chair Rosa Ilves said the government
        # must freeze rents for two years" for "What do the tenants want?"
        wants = bool(_WANTS.search(question)) and _MUST.search(sentence) is not None
        return float(wants or _CAUSE.search(sentence) is not None or _done_after(sentence, question))
    known = set(words(question))
    if qtype == "number":
        if asks_score(question):
            return float(bool(_SCORELINE.search(sentence)))
        return float(any(not _YEAR.match(n) for n in _numbers(sentence, known)))
    if qtype == "amount":
        found = _numbers(sentence, known)
        if not found:
            return 0.0
        if asks_margin(question):  # "40-22" for "By how much did the Eagles win?", not a player's "221 yards"
            return float(bool(_SCORELINE.search(sentence) or _BY_AMOUNT.search(sentence)))
        if _CURRENCY.search(sentence) or _SCALE.search(sentence):
            return 1.0
        # "beat Ostby 3-1" is a score, "sentenced to four years" a length of time, neither a sum
        timed = bool(_ASKS_TIME.search(question))  # "How much time did it take?" asks one
        bare = _numbers(_SCORELINE.sub(" ", sentence if timed else _DURATION.sub(" ", sentence)), known)
        return 0.5 if any(not _YEAR.match(n) for n in bare) else 0.0
    if qtype == "date":
        if _CLOCK.search(sentence):
            return 1.0
        # a day that dates only what was said ("her publisher said on Tuesday") is not when it happened, unless
        # saying it is what the question asks about ("When did the mayor announce it?")
        toks = _TOKEN.findall(sentence)
        # nor, asked when something will happen, one that says how long things have been as they are ("The bank's
        # main rate has stood at 3.5% since July" for "When? (Will the central bank cut rates?)")
        ahead = _FUTURE.search(question) is not None
        days = [
            i
            for i, t in enumerate(toks)
            if t.lower() in _CALENDAR
            and t.lower() not in known
            and not (ahead and i and toks[i - 1].lower() == "since")
        ]
        if days and (any(not _reported(toks, i) for i in days) or stems(question) & _SPEECH_VERBS):
            return 1.0
        coming = _COMING_TIME.search(sentence) if ahead else None
        # "would be made in the spring" for "When will ... be appointed?" (not what is unlikely then: "is unlikely to
        # cut interest rates at its meeting next week" for "When will it cut?")
        if coming and not _NOT_THEN.search(sentence[: coming.start()]):
            return 1.0
        return float(any(_YEAR.match(n) for n in _numbers(sentence, known)))
    if qtype == "entity" and asks_successor(question):  # who took the post, not the one who left it
        return float(_names_successor(sentence, question))
    if qtype == "entity" and asks_beaten(question):  # who lost, not the one who won
        return float(_names_beaten(sentence, question))
    names = _names(sentence, known)
    if qtype == "place":
        asked = places(question)
        named = places(sentence) - asked
        if named and (located(sentence) - asked or any(_stands_alone(p, sentence) for p in named)):
            return 1.0
        if named:  # only inside a longer name: "Kansas City scored three touchdowns" (a team)
            return 0.5
        if any(m.group(1).lower() not in known for m in _BEARING.finditer(sentence)):
            return 1.0  # "The epicentre was 12 km north of the town of Vessby"
        if any(m.group(1).lower() not in known for m in _PLACE_OF.finditer(sentence)):
            return 1.0  # "on its approach to the tourist town of Pokhara"
        if any(set(words(m.group(0))) - known for m in _VENUE.finditer(sentence)):
            return 1.0  # "at the Caesars Superdome", "in Taksim Square"
        for m in _PLACE_PREP.finditer(sentence):
            name = m.group(1).lower()
            if name not in known and name not in STOPWORDS and name not in _CALENDAR:
                return 0.5
        return 0.5 if _OPENING_DATELINE.match(sentence) and names else 0.0
    return min(len(names), 2) / 2


_HOW_MANY = re.compile(r"\bhow (?:many|much)\s+([\w’'-]+(?:\s+[\w’'-]+){0,2})", re.I)
_SINCE_WHEN = re.compile(r"\bsince (?:when|what)\b", re.I)
_SINCE_DATE = re.compile(
    r"\bsince (?:(?:early|late|mid|the end of|the start of)\s+)?(?:(?:1[89]|20)\d\d\b|(?:"
    + "|".join(_MONTHS)
    + r")\b)",
    re.I,
)


# What most counts in news are counts of: "1,541 people died" and "8,574 people were killed" name it,
# the newest toll ("rose to 11,236") may not, so it tells no sentence apart.
_GENERIC_UNITS = frozenset({stem("people"), stem("persons"), stem("times")})


# "How big is the pay rise?": what the size is of ("a 9% rise"), as "how many centuries" names what is counted
_HOW_BIG = re.compile(
    r"\bhow (?:big|large|high|steep|deep|small|severe)\s+(?:is|was|are|were|will be|would be)\s+"
    r"(?:the|a|an|its|their|his|her|this|that)\s+([\w’'-]+(?:\s+[\w’'-]+){0,3})",
    re.I,
)
# "By how much did the bank raise rates?": the change, "by a quarter point", not the level it reached ("to 3.5%")
_BY_HOW_MUCH = re.compile(r"\bby how much\b", re.I)  # "by how many votes": its unit names the slot
_BY_AMOUNT = re.compile(
    r"\bby (?:a |an |about |around |roughly |nearly |almost |some |just |only |more than |less than |over |up to )?"
    r"(?:[$£€]?\d|(?:a )?quarter\b|half\b|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
    # or the change's verb right before it: "Consumer prices rose 3.1% in November from a year earlier"
    r"|\b(?:rose|rise|rises|risen|climbed|jumped|increased|grew|gained|surged|soared|fell|fall|falls|fallen|dropped"
    r"|declined|decreased|slipped|slid|lost|plunged|tumbled|shrank)\s+(?:about |around |nearly |almost |some |just )?"
    r"[$£€]?\d[\d.,]*\s*(?:%|percent\b|per cent\b|(?:percentage )?points?\b|basis points\b)",
    re.I,
)

# "By how much did the Eagles win?", "... did the measure pass?": a contest, whose margin a score or a tally gives
_CONTEST = frozenset(
    stem(w) for w in ("win", "won", "wins", "beat", "defeated", "defeat", "victory", "lead", "pass", "passed", "vote")
)


def asks_margin(question: str) -> bool:
    """ "By how much did the Eagles win?": a contest's margin, which its score or tally gives ("40-22", "5-4")."""
    return bool(_BY_HOW_MUCH.search(question)) and bool(_CONTEST & stems(question))


def _units(question: str) -> set[str]:
    """What "how many" counts, as stems: "how many centuries" -> {"centur"}; none for "how many did he
    score" (what follows is not a noun) or "how many people" (`_GENERIC_UNITS`); what "how big is the ..."
    measures: "how big is the pay rise" -> {"pay", "rise"}."""
    m = _HOW_MANY.search(question) or _HOW_BIG.search(question)
    run: list[str] = []
    for w in words(m.group(1)) if m else []:
        if w in STOPWORDS:
            break
        run.append(stem(w))
    return set(run) - _GENERIC_UNITS


# "How many people are missing?", "How many people were injured?": what the counted people are.
# Not a death toll ("were killed"): its newest figure may read "rose to 11,236", naming neither.
_PEOPLE_STATE = re.compile(
    r"\bhow many (?:people|persons)\s+(?:are|were|is|was|have|has|had|remain|remained)\s+"
    r"(?:(?:been|still)\s+)*(?!(?:killed|dead|died|slain)\b)([a-z]+)",
    re.I,
)


# "How many children are in hospital?": where the counted are, after the unit ("400 children were vaccinated" counts
# other children); not how ("How many workers are on strike?" is told by "2,400 workers were now out")
_UNIT_STATE = re.compile(
    r"\bhow many [a-z]+\s+(?:are|were|remain|remained)\s+(?:still\s+)?in\s+(?:the\s+)?([a-z]+)", re.I
)


def counted(question: str) -> set[str]:
    """What "how many / how much <unit>" counts or "how big is <thing>" measures, as stems ({"profit"} of "How much
    profit did Halvard make?"); none for another question."""
    return _units(question)


def _unit_state(question: str) -> str | None:
    """Where "how many <unit>" counts them as being, as a stem: "hospit" for "How many children are in hospital?"."""
    m = _UNIT_STATE.search(question)
    if not m or m.group(1).lower() in STOPWORDS:
        return None
    return stem(m.group(1).lower())


def _state(question: str) -> str | None:
    """What "how many people" counts them as, as a stem: "miss" for "How many people are missing?"; None
    for other questions ("how many people" alone names no slot: most counts in news are of people)."""
    m = _PEOPLE_STATE.search(question)
    if not m or m.group(1).lower() in STOPWORDS:
        return None
    return stem(m.group(1).lower())


# "Who leads the union?" is answered by the name next to its word for the role: "Union leader Rosa Delgado".
_ROLES = {
    "leads led leading": "leader leaders head chief secretary president chairman chairwoman chair",
    "heads headed heading": "head leader chief president chairman chairwoman chair",
    "runs ran running": "head chief leader director manager boss ceo president",
    "owns owned": "owner owners",
    "founded": "founder founders co-founder",
    "coaches coached coaching": "coach manager",
    "chairs chaired chairing": "chair chairman chairwoman chairperson",
    "manages managed managing": "manager",
    "directs directed directing": "director",
    "captains captained captaining": "captain",
}
_ROLE_OF = {verb: frozenset(nouns.split()) for verbs, nouns in _ROLES.items() for verb in verbs.split()}
# "Who is in charge of Orvena FC?": "Coach Mara Osei said ..."
_ROLE_OF["in charge"] = frozenset("head chief leader director manager boss coach captain chair chairman".split())
# ("Who is leading the firefighting?": the verb's -ing form after "is")
_ROLE_QUESTION = re.compile(
    r"\bwho\s+(?:(?:is|was|are|were|['’]s)\s+)?(?:now\s+|currently\s+)?(" + "|".join(_ROLE_OF) + r")\b", re.I
)
# "Who is the fire chief?" names the role itself: "Fire chief Daniel Okafor said ..."
_ROLE_NOUNS = frozenset(
    """leader head chief director manager boss owner founder coach chair chairman chairwoman chairperson
    captain mayor president ceo minister governor spokesman spokeswoman spokesperson editor secretary
    supervisor commissioner superintendent speaker chancellor premier ambassador
    prosecutor judge lawyer attorney coroner sheriff treasurer""".split()
)
# a role is mentioned by any word of its family ("Who is the union leader?": "union chief Rosa Delgado")
_ROLE_FAMILIES = [
    frozenset("leader head chief boss".split()),
    frozenset("chair chairman chairwoman chairperson".split()),
    frozenset("ceo chief executive".split()),
]
_ROLE_IS_QUESTION = re.compile(
    r"^\W*(?:and\s+)?who\s+(?:is|was|are|were|['’]s)\s+(?:the\s+)?(?:new\s+|current\s+)?"
    r"(?P<qualifier>(?:[\w’'-]+\s+){0,2}?)(?P<role>" + "|".join(sorted(_ROLE_NOUNS)) + r")s?\b",
    re.I,
)


def _role_asked(question: str) -> tuple[frozenset[str], str] | None:
    """The words for the role a question asks who holds, and the question without the words that ask it
    ("Who leads the union?": {leader, head, chief}, "the union?"; "Who is the fire chief?": {chief}, "fire")."""
    m = _ROLE_QUESTION.search(question)
    if m:
        return _ROLE_OF[m.group(1).lower()], question[: m.start()] + question[m.end() :]
    m = _ROLE_IS_QUESTION.search(question)
    if m:
        return frozenset({m.group("role").lower()}), f" {m.group('qualifier')} {question[m.end() :]}"
    return None


# "What did the mayor say about the tram?" is answered by a sentence naming the mayor.
_SPEAKER_QUESTION = re.compile(
    r"^\W*(?:and\s+|but\s+)?(?:what|how)\s+(?:did|does|do|has|have|had)\s+(?P<speaker>[\w’'. -]+?)\s+"
    r"(?P<verb>say|said|tell|told|think|thought|claim|claimed|announce|announced|argue|argued|comment|commented"
    r"|respond|responded|react|reacted|reply|replied|decide|decided|rule|ruled|conclude|concluded|find|found)\b",
    re.I,
)


# "Who voted against the tram?" is answered by a name right before the verb: "Councillor Ivo Brandt, who voted
# against, ...", not "The Calder Bay city council voted 7 to 2".
_DOER_QUESTION = re.compile(
    r"^\W*(?:and\s+|but\s+)?who\s+(?:(?:has|have|had|will|would|did|does|do|could|can|might|may)\s+)?"
    r"(?P<verb>[a-z]+)\b",
    re.I,
)
_DOER_LINKS = frozenset("who has have had also then later just".split())


def _doer_verb(question: str) -> str | None:
    """The stem of the verb a short "who did it?" question asks about ("vote" of "Who voted against the
    tram?"); None for any other (or for "Who is ...?": a copula asks who someone is). A longer question
    ("Who won Best Director at the 2023 Golden Globes?") says what was done besides its verb, and a name
    before "wins" in "'Banshees of Inisherin' wins best comedy" does not answer it (on rtqa-2023jan, without
    the limit, two answers cited such a runner-up)."""
    m = _DOER_QUESTION.search(question)
    if not m or len(content_words(question)) > SHORT_QUESTION_WORDS:
        return None
    verb = m.group("verb").lower()
    if verb in STOPWORDS or verb in ("is", "are", "was", "were", "be", "been"):
        return None
    return stem(verb)


def doer_subject(question: str) -> list[str]:
    """What a short "who did it?" question says was done besides its verb ("cup", "match" of "Who won the cup
    match?"); empty for any other question."""
    verb = _doer_verb(question)
    if not verb:
        return []
    # not when ("at the weekend"): a report says the day, not the words the question asks it with
    return [w for w in content_words(without_time_words(question)) if stem(w) != verb and canon(w) != canon(verb)]


# "Who scored for Lindholm?": the side a doer did it for, by name
_FOR_SIDE = re.compile(r"\bfor\s+(?:the\s+)?(?P<side>[A-Z][\w’'-]*)")


def doer_side(question: str) -> str | None:
    """The name of the side a short "who did it?" question asks about ("Lindholm" of "Who scored for Lindholm?");
    None for another question."""
    m = _FOR_SIDE.search(question)
    return m.group("side") if m and _doer_verb(question) else None


def for_side(sentence: str, side: str) -> bool:
    """`sentence` says what it tells was the side's own: "Lindholm's consolation came from ...", "... for
    Lindholm", not "Orvena FC beat Lindholm United"."""
    return bool(re.search(rf"\b{re.escape(side)}['’]s\b|\bfor (?:the )?{re.escape(side)}\b", sentence))


_GOAL_NOUNS = frozenset("goal goals consolation equaliser equalizer winner opener".split())


def _is_count(token: str) -> bool:
    return (token.isdigit() and not _YEAR.match(token)) or is_number_word(token)


def _names_doer(sentence: str, verb: str, known: set[str]) -> bool:
    """A name the question lacks right before the verb, or before ", who" and the verb: "Striker Tomas Lind
    scored twice", "Councillor Ivo Brandt, who voted against"; a counted group: "Four councillors voted against";
    or after "by" in the passive: "It was spotted on November 27 by student Lena Ostrova"."""
    toks = _TOKEN.findall(sentence)

    def unknown_name(tok: str) -> bool:
        low = tok.lower()
        return tok[:1].isupper() and low not in known and low not in STOPWORDS and low not in _CALENDAR

    for i, tok in enumerate(toks):
        if stem(tok.lower()) != verb and canon(tok.lower()) != canon(verb):  # "Kestra United beat Lindholm": won
            continue
        j = i - 1
        while j >= 0 and toks[j].lower() in _DOER_LINKS:
            j -= 1
        if j >= 0 and unknown_name(toks[j]):
            return True
        # or a counted group: "Four councillors voted against", "12 senators voted no"
        if j >= 1 and toks[j].islower() and toks[j].endswith("s") and _is_count(toks[j - 1]):
            return True
        # a goal comes "from" its scorer too: "Lindholm's consolation came from Rui Tavares"
        linkers = ("by", "from") if tok.lower() in _GOAL_NOUNS else ("by",)
        by = next((k for k in range(i + 1, min(i + 8, len(toks))) if toks[k].lower() in linkers), None)
        if by is not None:
            after = [t for t in toks[by + 1 : by + 4] if t.isalpha()]
            lower = 0
            while lower < min(2, len(after)) and after[lower].islower():  # "by student Lena Ostrova"
                lower += 1
            if lower < len(after) and unknown_name(after[lower]):
                return True
    return _speaks_as_doer(sentence, verb, unknown_name)


# a quotation, straight or curly: what someone said in their own words
_QUOTATION = re.compile(r"[“\"]([^”\"]+)[”\"]")
_FIRST_PERSON = frozenset("i we i’m i'm we’re we're i’ve i've we’ve we've".split())


def _speaks_as_doer(sentence: str, verb: str, unknown_name: Callable[[str], bool]) -> bool:
    """The one who did it said so in the first person and is named as saying it: "\"We are sorry for the
    disruption,\" utility director Jonas Feld said." for "Who apologized ...?" (sorry is how one apologizes)."""
    for m in _QUOTATION.finditer(sentence):
        toks = [t.lower() for t in _TOKEN.findall(m.group(1))]
        at = next((i for i, t in enumerate(toks) if stem(t) == verb or canon(t) == canon(verb)), None)
        if at is None or not _FIRST_PERSON & set(toks[:at]):
            continue
        rest = _TOKEN.findall(sentence[: m.start()] + " " + sentence[m.end() :])
        for i, tok in enumerate(rest):
            if stem(tok.lower()) not in _SPEECH_VERBS:
                continue
            near = rest[max(0, i - _BEFORE_VERB) : i] + rest[i + 1 : i + 1 + _AFTER_VERB]
            if any(unknown_name(t) for t in near):
                return True
    return False


# Verbs that report what someone said: who says it is next to one ("Aurel Shipyards said ...", "..., said Mayor
# Alma Fischer"), not named further on in what was said ("The union said ... jobs at Aurel Shipyards ...").
_SPEECH_VERBS = frozenset(
    stem(w)
    for w in """say says said tell told announce announced state stated add added warn warned argue argued claim
    claimed call called describe described promise promised pledge pledged vow vowed deny denied confirm confirmed
    insist insisted declare declared reply replied respond responded urge urged write wrote tweet tweeted
    decide decided rule ruled conclude concluded according""".split()
)
# ... and verbs that tell how it was said, which a "What did X say?" question is answered by too ("Russia's UN
# ambassador Vassily Nebenzia likened Washington's arguments ..."), though no report's date hangs on them: as written,
# not stemmed ("noted" is not "not", "accused" not "the accused"), and not those news also uses otherwise ("admitted to
# hospital", "compared with last year", "police questioned a man")
_STATEMENT_WORDS = frozenset(
    """likened likens accused accuses criticised criticises criticized criticizes condemned condemns stressed stresses
    noted notes suggested suggests explained explains acknowledged acknowledges predicted predicts welcomed welcomes
    praised praises""".split()
)


def _states(token: str) -> bool:
    """`token` reports what someone said: a speech verb ("said", "told") or a verb telling how ("likened")."""
    low = token.lower()
    return stem(low) in _SPEECH_VERBS or low in _STATEMENT_WORDS


_BEFORE_VERB, _AFTER_VERB = 6, 4  # how far from the verb the one saying it is looked for, in words
_OPENING = 3  # with no speech verb, the one saying it opens the sentence: within its first words
_LABEL_WORDS = 6  # a colon this early makes a label of what opens the sentence ("Biden classified documents: ...")
_ACCORDING = stem("according")
_NAME_LINKS = frozenset({"of", "and", "for", "the", "de"})


def _says(sentence: str, speaker: str, also: frozenset[str] = frozenset()) -> bool:
    """Whether `sentence` names `speaker` ("the ECB") as the one saying something: next to a speech verb,
    before it in its clause or right after it ("According to the mayor, ..."); with no speech verb, in its
    first words ("Mayor Alma Fischer announced ...", not "The maritime authority has fined Bluewater Ferries ...").
    An acronym counts written out ("The European Central Bank lowered ..." for the ECB); a possessive does not
    name the one acting ("The ECB's staff raised ...")."""
    if not _named(speaker, sentence):
        return False
    toks = re.findall(r"[\w’'-]+|[,;:.!?“”\"]", sentence)
    verbs = [i for i, t in enumerate(toks) if _states(t) or stem(t.lower()) in also]
    if not verbs:  # its first words, or the name it opens with ("The European Central Bank lowered ...")
        if ":" in toks[:_LABEL_WORDS]:
            return False  # a headline's label: "Biden classified documents: What we know ..." has Biden say nothing
        run = 0
        while run < len(toks) and (toks[run][0].isupper() or toks[run].lower() in _NAME_LINKS):
            run += 1
        first = [t for t in toks[: max(run, _OPENING)] if t[0].isalnum()]
        # not a possessive: "The ECB's staff raised ..." tells what its staff did
        own = next((k for k, t in enumerate(first) if t.lower().endswith(("'s", "’s"))), len(first))
        return _named(speaker, " ".join(first[:own]))
    opening: list[str] = []  # the sentence's first words, up to a comma: "The mayor, who has led the city ..., said"
    for t in toks:
        if not t[0].isalnum():
            break
        opening.append(t)
    for i in verbs:
        before: list[str] = []
        for t in reversed(toks[max(0, i - _BEFORE_VERB) : i]):
            if not t[0].isalnum():
                break
            before.insert(0, t)  # (in the sentence's order: "Chief executive Karin Dahl" spells the CEO)
        # right after the verb only when nothing before it in its clause says it ("..., said Mayor Alma Fischer"),
        # not what was said: "President Volodymyr Zelenskiy said Russian troops had detonated the dam" has Russia
        # say nothing
        after = [] if before else [t for t in toks[i + 1 : i + 1 + _AFTER_VERB] if t[0].isalnum()]
        if i and toks[i - 1] == ",":  # after an aside: who says it opened the sentence
            before = opening
            aside = toks[len(opening) + 1 : i - 1]
            if len(opening) < i - 1 and toks[len(opening)] == "," and aside and _is_name_run(aside):
                before = opening + aside  # and a name set beside it: "The rail operator, Nordfrakt, said ..."
        if stem(toks[i].lower()) == _ACCORDING:
            before = []  # "... found by aides to President Joe Biden ..., according to media reports": the reports say it
            after = [t for t in toks[i + 1 : i + 1 + _AFTER_VERB] if t[0].isalnum()]
        if _named(speaker, " ".join(before)) or _named(speaker, " ".join(after)):
            return True
    return False


def _is_name_run(toks: list[str]) -> bool:
    """Tokens that are a name and nothing else: "Nordfrakt", "Lena Dahl", "Bank of England" (not "who has led the
    city")."""
    return toks[0][0].isupper() and all(t[0].isupper() or t.lower() in _NAME_LINKS for t in toks)


def _named(who: str, text: str) -> bool:
    """Whether `text` names `who` ("the mayor", "the ECB"): its words, an acronym also written out ("European
    Central Bank")."""
    want = stems(who)
    for short in acronyms(who):
        if written_out(short, text):
            want -= stems(short)
    held = stems(text)
    # a country by its government's seat: "The Kremlin said ..." names Russia saying it
    return want <= held or any(stems(seat) <= held for seat in seats_of(who))


def _finding(question: str) -> frozenset[str]:
    """The forms of "find" when a "what did X find?" question asks with it ("What did the court find?"), which
    states what was found as a speech verb states what was said, and of the verbs of a decision when it asks what
    X decided or ruled; empty for any other."""
    m = _SPEAKER_QUESTION.search(question)
    verb = m.group("verb").lower() if m else ""
    if verb in ("find", "found"):
        return frozenset(_verb_forms("find"))
    if verb in ("decide", "decided", "rule", "ruled", "conclude", "concluded"):
        # what a court or a panel decides it states by finding, ruling or ordering: "The court found that ...", "The
        # judge ordered ...", "Lind was sentenced to four years" for "What did the court decide?"
        return frozenset(f for v in _DECIDING for f in _verb_forms(v))
    return frozenset()


_DECIDING = (
    "find rule decide conclude order sentence convict acquit uphold overturn dismiss reject block approve".split()
)


def speaker_asked(question: str) -> str:
    """Who a "what did X say ...?" question asks about ("the Harbour Gazette"); empty for any other."""
    return _speaker(question)


def says_outright(sentence: str, question: str) -> bool:
    """For "What did Putin tell Araqchi?": whether `sentence` has the speaker next to a speech verb ("Putin told
    Iran's foreign minister ..."), not only opening it ("Putin hosted Abbas Araqchi ...", which tells what he did)."""
    speaker = _speaker(question)
    toks = re.findall(r"[\w’'-]+", sentence)
    return bool(speaker) and any(_states(t) for t in toks) and _says(sentence, speaker)


_OWNED = re.compile(
    r"^(?P<owner>[\w’'. -]+?)[’']s\s+(?P<role>[A-Za-z][\w -]*)$"
    # "the CEO of Norlund Bank", "the president of Turkey"
    r"|^the\s+(?P<role_of>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+of\s+(?P<owner_of>[A-Z][\w’'. -]*)$"
)


def owned_speaker(question: str) -> tuple[str, str] | None:
    """For "What did Norlund Bank's CEO say?": whose role it is ("Norlund Bank") and the question asking it of the role
    alone ("What did the CEO say?"), which a report on the bank answers with "Chief executive Karin Dahl said ...";
    None for a question asking no one by their role in something."""
    m = _SPEAKER_QUESTION.search(question)
    owned = _OWNED.match(m.group("speaker").strip()) if m else None
    if m is None or owned is None:
        return None
    owner, role = owned.group("owner") or owned.group("owner_of"), owned.group("role") or owned.group("role_of")
    if not stems(owner):
        return None
    return owner, f"{question[: m.start('speaker')]}the {role}{question[m.end('speaker') :]}"


def asks_words(question: str) -> bool:
    """Whether it asks for what someone said ("What did Russia say?", "How did the union react?"), not for what they
    found or decided ("What did the judge conclude?" is answered by the court's ruling too)."""
    return bool(_speaker(question)) and not _finding(question)


def _speaker(question: str) -> str:
    """Who a "what did X say ...?" question asks about ("the mayor"); empty for any other."""
    m = _SPEAKER_QUESTION.search(question)
    return m.group("speaker") if m and stems(m.group("speaker")) else ""


def _role(question: str) -> frozenset[str]:
    """The words for the role a "who leads / owns / coaches ...?" question asks about; empty for any other."""
    asked = _role_asked(question)
    return asked[0] if asked else frozenset()


def _names_role(sentence: str, role: frozenset[str], known: set[str], of: frozenset[str] = frozenset()) -> bool:
    """A name the question lacks right after or shortly before a word for the role: "Union leader Rosa
    Delgado", "Coach Ada Moreno", "Rosa Delgado, the union's leader". `of`: the stems of what the question
    asks the leader of, in common nouns ("union"): a role said to be of something else is not it ("The
    company's chief executive, Lotte Brandt" does not lead the union; "union secretary Pavel Hrdina" does)."""
    toks = _TOKEN.findall(sentence)

    def new_name(tok: str) -> bool:
        low = tok.lower()
        return tok[:1].isupper() and low not in known and low not in STOPWORDS and low not in _CALENDAR

    for i, tok in enumerate(toks):
        if re.sub(r"[’']s$", "", tok.lower()) in role and _role_of(toks[:i], of):
            if any(new_name(t) for t in toks[i + 1 : i + 3]) or any(new_name(t) for t in toks[max(0, i - 5) : i][1:]):
                return True
    return False


# what may stand between a role and whose it is: "its new leader", "the union's general secretary"
_ROLE_MODIFIERS = frozenset(
    "new former interim acting current longtime long-time veteran outgoing incoming general its their his her the a an".split()
)


def _role_of(before: list[str], of: frozenset[str]) -> bool:
    """Whether the words before a role word leave it the role asked about: no common noun says whose it is, or
    one of `of` does ("union secretary", "the union's leader"); a name may be what the question names."""
    if not of:
        return True
    k = len(before) - 1
    while k >= 0 and before[k].lower() in _ROLE_MODIFIERS:
        k -= 1
    if k < 0:
        return True
    owner = re.sub(r"[’']s$", "", before[k])
    if not owner.isalpha() or owner[:1].isupper():  # a name, or a sentence's first word ("Brightwave chief executive")
        return True
    return stem(owner.lower()) in of or canon(owner.lower()) in {canon(w) for w in of} or owner.lower() in STOPWORDS


def _role_object(question: str) -> frozenset[str]:
    """The stems of the common nouns naming what a "who leads ...?" question asks the leader of ("union" of "Who
    leads the union?"); none when it names it by name ("Who runs Velmora Ferries?")."""
    asked = _role_asked(question)
    if not asked:
        return frozenset()
    rest = without_time_words(asked[1])
    return frozenset(
        stem(w.lower())
        for w in re.findall(r"[\w’'-]+", rest)
        if w[:1].islower() and w.lower() not in STOPWORDS and w.lower() not in _ROLE_ASKING and len(w) > 1
    )


_ROLE_ASKING = frozenset("who is was are were now currently new current of".split())


# "Who is Pavel Hrdina?": who someone named is, as news says it, by a title before the name ("said union
# secretary Pavel Hrdina", "Mayor Ilse Varga") or an apposition after it ("Rell, 44, a former schools inspector")
_IDENTITY_QUESTION = re.compile(
    r"^\W*(?:[Aa]nd\s+)?[Ww]ho\s*(?:is|was|['’]s)\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s*\??\s*$"
)
# words before a name that are no title: what reports someone ("said Pavel Hrdina"), links it to the sentence
_NOT_TITLES = STOPWORDS | frozenset(
    """added asked wrote warned explained insisted stated claimed replied urged noted argued according against
    between among with without than toward towards including like unlike via per""".split()
)
_APPOSITION = re.compile(r"^\s*,\s*(?:a|an|the|\d+|who|whose|its|his|her|their|[a-z]+\s+of)\b")


def asks_identity(question: str) -> bool:
    """ "Who is Pavel Hrdina?": asks who someone named is (not "Who is the mayor?", which asks for a name)."""
    m = _IDENTITY_QUESTION.match(question.strip())
    return bool(m) and not _ROLE_IS_QUESTION.search(question)


def _describes(sentence: str, question: str) -> bool:
    """`sentence` says who the one a "who is X?" question names is: a title right before the name ("union
    secretary Pavel Hrdina", "Mayor Ilse Varga") or an apposition after it ("Hrdina, the union's secretary,")."""
    m = _IDENTITY_QUESTION.match(question.strip())
    if not m:
        return False
    parts = m.group("name").split()
    whole = " ".join(parts)
    for form in dict.fromkeys([whole, parts[-1]]):  # the title goes before the whole name, an apposition after either
        for hit in re.finditer(rf"\b{re.escape(form)}\b", sentence):
            # the word right before it, with only a space between ("House GOP Leader Kevin McCarthy"; not a link's
            # label run into its headline: "Who is the GOP leader?:Kevin McCarthy was once rejected ...")
            before = re.search(r"([\w’'-]+)\s+$", sentence[: hit.start()])
            if form == whole and before and _is_title(before.group(1)):
                return True
            if _APPOSITION.match(sentence[hit.end() :]):
                return True
    return False


def _is_title(word: str) -> bool:
    """A word before a name that says who they are: "secretary" of "union secretary Pavel Hrdina", "Mayor"."""
    low = re.sub(r"[’']s$", "", word.lower())
    # (a verb's past is none: "The union thanked Dana Holt")
    return (
        word.isalpha() and word.islower() and low not in _NOT_TITLES and not low.endswith("ed")
    ) or low in _ROLE_NOUNS


def asks_role(question: str) -> bool:
    """True for a question asking who holds a role ("Who leads the union?", "Who is the fire chief?")."""
    return _role_asked(question) is not None


def answers_role(question: str, sentence: str) -> bool:
    """`sentence` names who holds the role a "who leads / owns / coaches ...?" question asks about, and
    holds the question's other words: "Union leader Rosa Delgado said ..." for "Who leads the union?",
    however unlike the question MiniLM finds it."""
    asked = _role_asked(question)
    if not asked or not _names_role(sentence, asked[0], set(words(question))):
        return False
    return stems(asked[1]) <= stems(sentence)


# "When did Ines Marlow die?", "Where did she die?": the verb after the one it asks about, a name or a pronoun
# ("die"); not "When did the central bank cut rates?", whose subject is no name and whose verb cannot be told
# from its nouns
_WH_VERB = re.compile(
    r"^\W*(?i:and\s+|but\s+)?(?P<wh>(?i:when|where))\s+(?:did|does|do|will|would|is|was|are|were)\s+"
    r"(?:(?:[A-Z][\w’'.-]*\s+)+|(?:he|she|they|it)\s+)(?:be\s+)?(?P<verb>[a-z]+)\b"
)
# forms news uses that `stem` does not join to the verb
_IRREGULAR = {
    "die": "died dies dying",
    "take": "took taken takes taking",
    "begin": "began begun begins",
    "win": "won wins",
    "hold": "held holds",
    "meet": "met meets",
    "leave": "left leaves",
    "come": "came comes",
    "go": "went gone goes",
    "give": "gave given gives",
    "make": "made makes",
    "become": "became becomes",
    "sell": "sold sells",
    "run": "ran runs",
    "fall": "fell fallen falls",
    "rise": "rose risen rises",
}
# "When does she start?": a post is taken up in these words ("Whitlock will take over ... on 1 February")
_STARTS = frozenset({"start", "begin"})
_TAKES_UP = frozenset(
    f"{verb} {what}" for verb in "take takes took taking".split() for what in "over office charge".split()
)
_DATE_REACH = 8  # a date or place this many words after the verb is when or where it happened ("died at her home
# in Port Ilm on Sunday")
_AT_PLACE = frozenset("in at near outside inside".split())


# "When is Agnes Lund's funeral?", "Where is the hearing?": asks the date or the place of one event, which a sentence
# naming the event gives ("A memorial service will be held at Rell church on December 12."), not the one naming whose
# it is ("Agnes Lund ... has died at 88, her family said on Wednesday")
_WH_NOUN = re.compile(
    r"^\W*(?i:and\s+|but\s+)?(?P<wh>(?i:when|where))\s+(?i:is|was|are|were|will\s+be)\s+"
    r"(?:(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'.-]*(?:’s|'s)|(?i:the|his|her|their|its))\s+(?:(?i:next|first|last)\s+)?"
    r"(?P<noun>[a-z]+)\s*\??\s*$"
)


def _wh_noun(question: str) -> tuple[str, str] | None:
    """("when" or "where", the event) a "when / where is <someone's> <event>?" question asks about: ("when",
    "funeral") of "When is Agnes Lund's funeral?"; None for any other question."""
    m = _WH_NOUN.search(question)
    if not m or m.group("noun") in STOPWORDS:
        return None
    return m.group("wh").lower(), m.group("noun")


def asks_event(question: str) -> bool:
    """ "When is Agnes Lund's funeral?", "Where is the hearing?": asks the date or place of one event, named."""
    return _wh_noun(question) is not None


def _sets_event(sentence: str, wh: str, noun: str, question: str) -> bool:
    """`sentence` names the event (in a word news uses for it: "memorial" for "funeral") and gives its date or place."""
    if canon(noun) not in canons(sentence):
        return False
    return offers(sentence, "date" if wh == "when" else "place", question) > 0


def _wh_verb(question: str) -> tuple[str, str] | None:
    """("when" or "where", the verb) a "when / where did <name> <verb>?" question asks about: ("when", "die") of
    "When did Ines Marlow die?"; None for any other question, or for a verb that reports speech ("When did the
    mayor say it?": any date does)."""
    m = _WH_VERB.search(question)
    if not m:
        return None
    verb = m.group("verb").lower()
    if verb in STOPWORDS or stem(verb) in _SPEECH_VERBS:
        return None
    return m.group("wh").lower(), verb


# "Will Lind appeal?", "Did Rell win?", "Has Nordvik cut jobs?": a yes-or-no question on what a named one does
_YES_NO_VERB = re.compile(
    r"^\W*(?i:and\s+|but\s+)?(?i:will|would|did|does|do|has|have|had|is|was|are|were|can|could)\s+"
    r"(?:(?:[A-Z][\w’'.-]*\s+)+|(?:he|she|they|it)\s+)(?:(?:be|been|have|still)\s+)?(?P<verb>[a-z]+)\b"
)


# "Is the ferry running again?", "Is the bridge open again?": asks whether something stopped has resumed, which news
# says in its own words
_AGAIN = re.compile(r"\bagain\b", re.I)
_ASKS_AGAIN = re.compile(
    r"^\W*(?:and\s+|but\s+)?(?:is|are|was|were|has|have|will|would|did|does|do|can)\s+[^?]*?\b(?P<verb>[a-z]+)\s+again\b",
    re.I,
)
_RESUMED = re.compile(
    r"\b(?:resum(?:e|es|ed|ing)|reopen(?:s|ed|ing)?|restart(?:s|ed|ing)?|restored|"
    r"(?:returned|returns|returning|return|back)\s+(?:to|in|into)\s+(?:service|operation|normal)|back\s+open|back\s+up\s+and\s+running)\b",
    re.I,
)


def asks_again(question: str) -> str | None:
    """The verb of a question asking whether something has resumed: "running" of "Is the ferry running again?"."""
    m = _ASKS_AGAIN.search(question)
    verb = m.group("verb").lower() if m else None
    return verb if verb and verb not in STOPWORDS else None


def yes_no_verb(question: str) -> str | None:
    """The verb a yes-or-no question asks whether its named one does: "appeal" of "Will Lind appeal?"."""
    m = _YES_NO_VERB.search(question)
    verb = m.group("verb") if m else None
    return verb if verb and verb not in STOPWORDS else None


def _verb_forms(verb: str) -> set[str]:
    """The stems of the forms news writes `verb` in, those `stem` does not join included ("died" for "die")."""
    return {stem(verb)} | {stem(f) for f in _IRREGULAR.get(verb, "").split()}


def _does(sentence: str, verb: str) -> bool:
    """`sentence` holds `verb` in a form news writes it ("she would appeal", "won", "beat" for "win")."""
    forms, same = _verb_forms(verb), canon(verb)
    return any(stem(w) in forms or canon(w) == same for w in words(sentence))


def asks_when_or_where(question: str) -> bool:
    """ "When did Ines Marlow die?", "Where did she die?": asks when or where a named one did something."""
    return _wh_verb(question) is not None


def _is_date(tok: str) -> bool:
    low = tok.lower()
    return low in _CALENDAR or bool(_YEAR.match(low))


def _reported(toks: list[str], i: int) -> bool:
    """The date at `toks[i]` is when something was said ("her publisher said on Tuesday", "said Tuesday")."""
    before = [t.lower() for t in toks[max(0, i - 5) : i]]
    if before and before[-1] == "on":
        before = before[:-1]
    if before and stem(before[-1]) in _SPEECH_VERBS:
        return True
    # or to whom: "told the court on Monday", "told reporters on Monday" (not "said the line would reopen on Monday")
    listener = before[-2:] if len(before) >= 3 and before[-2] in ("the", "a") else before[-1:]
    rest = before[: len(before) - len(listener)]
    return (
        bool(listener and rest)
        and listener[-1] not in STOPWORDS
        and not listener[-1].isdigit()
        and stem(rest[-1]) in _TOLD
    )


# the verbs telling someone something: the day after whom they told ("told the court on Monday") dates the telling
_TOLD = frozenset(stem(w) for w in "told tells tell briefed informed assured warned".split())


def _places_at(toks: list[str], k: int) -> bool:
    """A place named after `toks[k]`, a preposition: "in Port Ilm", not "on Sunday"."""
    if toks[k].lower() not in _AT_PLACE or k + 1 >= len(toks):
        return False
    name = toks[k + 1]
    return name[:1].isupper() and name.lower() not in _CALENDAR and name.lower() not in STOPWORDS


def _sets_verb(sentence: str, wh: str, verb: str) -> bool:
    """`sentence` puts a date ("when") or a place ("where") after the verb, before anything is said: "She died at
    her home in Port Ilm on Sunday", not "... has died at the age of 84, her publisher said on Tuesday"."""
    forms = _verb_forms(verb)
    toks = _TOKEN.findall(sentence)
    for i, tok in enumerate(toks):
        pair = f"{toks[i - 1]} {tok}".lower() if i else ""
        if stem(tok.lower()) not in forms and not (stem(verb) in _STARTS and pair in _TAKES_UP):
            continue
        for k in range(i + 1, min(len(toks), i + 1 + _DATE_REACH)):
            if stem(toks[k].lower()) in _SPEECH_VERBS:
                break
            if _is_date(toks[k]) if wh == "when" else _places_at(toks, k):
                return True
    return False


# "Who replaced Greta Voss?": answered by a name the question lacks beside a word for taking a post ("Finance director
# Lukas Brandt will serve as interim chief executive", "Harlen Motors has appointed Dana Whitlock ... as its new
# chief executive"), not by the sentence saying she left, which holds more of the question's words
_SUCCESSION_Q = re.compile(
    r"\bwho\s+(?:(?:has|have|had|will|would|is|was)\s+)?(?:been\s+)?"
    r"(?:replaced?|replaces|replacing|succeeded|succeeds?|succeeding|took\s+over|takes?\s+over|taking\s+over"
    r"|stepped\s+in|steps?\s+in)\b"
    r"|\bwho\s+(?:is|was|will\s+be)\s+(?:the\s+)?(?:new|next|interim|acting)\b",
    re.I,
)
_SUCCESSION = frozenset(
    stem(w)
    for w in """replace replaces replaced replacing succeed succeeds succeeded successor interim acting appointed
    appoints appoint named names caretaker""".split()
)
_TAKING_POST = re.compile(
    r"\b(?:take|takes|took|taking)\s+(?:over|charge)\b|\b(?:step|steps|stepped)\s+in\b|\bin\s+charge\b"
    # "as its new chief executive": "new" before the post
    r"|\bnew\s+(?:[\w-]+\s+)?(?:" + "|".join(sorted(_ROLE_NOUNS)) + r")s?\b",
    re.I,
)


def asks_successor(question: str) -> bool:
    """ "Who replaced Greta Voss?", "Who will succeed her?", "Who is the new coach?": asks who takes a post."""
    return bool(_SUCCESSION_Q.search(question))


def _names_successor(sentence: str, question: str) -> bool:
    """A name the question lacks, in a sentence with a word for taking a post ("will serve as interim chief"), and
    the post's own word when the question names it ("Assistant coach Maria Quist will take charge" for "Who is the
    new coach?", not "... as its new chief executive")."""
    if not _names(sentence, set(words(question))):
        return False
    role = _role(question)
    held = {re.sub(r"[’']s$", "", w) for w in words(sentence)}
    if role and not role & held:
        return False
    return bool(stems(sentence) & _SUCCESSION) or _TAKING_POST.search(sentence) is not None


# "Who did Rell beat?": answered by the one beaten, a name the question lacks beside a word for losing ("His rival,
# incumbent mayor Edith Saar, took 47.7% and conceded") or after the verb ("... beat Lindholm United 3-1"), not by the
# sentence saying that Rell won, which holds more of the question's words
_BEATEN_Q = re.compile(
    r"\bwhom?\s+(?:did|does|do|will|has|have|had)\s+(?:[\w’'.-]+\s+){1,4}?"
    r"(?:beat|defeat|overcome|edge|edge\s+out|oust|unseat|knock\s+out|eliminate)\b"
    r"|\bwho\s+(?:lost|loses|has\s+lost|was\s+beaten|was\s+defeated|were\s+beaten|were\s+defeated)\s+(?:to|by)\b"
    # "Who lost?" after the mayoral race
    r"|\bwho\s+(?:lost|was\s+beaten|was\s+defeated)\s*[?.!]*\s*$"
    r"|\bwho\s+(?:was|were|is|are)\s+(?:his|her|their|its|the|[\w-]+(?:’s|'s))\s+"
    r"(?:\w+\s+)?(?:rival|opponent|challenger)s?\b",
    re.I,
)
_LOSING = frozenset(
    stem(w)
    for w in """rival rivals opponent opponents challenger challengers concede conceded concedes runner-up lost loses
    losing unseated ousted eliminated""".split()
)
_BEATING = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeats|defeating|edged|edging|ousted|ousting|unseated|unseating|eliminated"
    r"|eliminating|over|against|overwhelmed|overwhelming|routed|routing|crushed|crushing|thrashed|thrashing|trounced"
    r"|trouncing|outlasted|outplayed|outscored|downed|swept|stunned|upset|dispatched|knocked\s+out|held\s+off)\s+"
    r"(?:the\s+|incumbent\s+|rival\s+)?[A-Z]"
)


def asks_beaten(question: str) -> bool:
    """ "Who did Rell beat?", "Who lost to Orvena FC?", "Who was his rival?": asks who lost to someone."""
    return bool(_BEATEN_Q.search(question))


def _names_beaten(sentence: str, question: str) -> bool:
    """A name the question lacks, in a sentence with a word for losing ("His rival, incumbent mayor Edith Saar, ...
    conceded") or right after a word for beating ("... beat Lindholm United 3-1")."""
    if not _names(sentence, set(words(question))):
        return False
    if _ANOTHER_DEFEAT.search(sentence):  # "..., who also beat New England after the 2017 season": another contest
        return False
    return bool(stems(sentence) & _LOSING) or _BEATING.search(sentence) is not None


# a defeat told of another occasion than the one asked about: "who also beat New England", "had beaten them in 2019"
_ANOTHER_DEFEAT = re.compile(
    r"\b(?:also|previously|once|earlier|had|have|has)\s+(?:beat|beaten|defeated|lost\s+to|edged|routed)\b", re.I
)


# "How much did the M4 line cost?": what cost it, the word before "cost" ("line"); answered by "The line cost 2.4
# billion euros", not by "A single ticket on the new M4 line will cost 3.80 euros", where the line only says which
# ticket
_COST_Q = re.compile(
    r"\bhow much\s+(?:did|does|do|will|would|is|was|has|have)\s+(?:[\w’'-]+\s+){0,5}?([a-z][\w-]*)\s+"
    r"(?:be\s+)?(?:cost|costs|costing)\b",
    re.I,
)
_COST_VERB = re.compile(
    r"\b([a-z][\w-]*)\s+(?:(?:will|would|could|is expected to|was expected to|is set to|has|had)\s+)?"
    r"(?:cost|costs|costed)\b",
    re.I,
)
_PREPOSITIONS = frozenset("on of in for at to from with by about over under between into per".split())


def _costed(question: str) -> str | None:
    """The stem of what a "how much did X cost?" question asks the cost of ("line"); None for another question."""
    m = _COST_Q.search(question)
    return stem(m.group(1).lower()) if m and m.group(1).lower() not in STOPWORDS else None


# "How strong was the earthquake?", "What was the quake's magnitude?", "How powerful is the storm?": a scale's reading
# (or a wind's speed)
_STRENGTH_Q = re.compile(r"\bhow (?:strong|powerful)\b|\bmagnitude\b", re.I)
_STRENGTH = re.compile(
    r"\bmagnitude[- ]\d|\d(?:\.\d+)?[- ]magnitude\b|\bmagnitude (?:of )?\d|\bcategory[- ]\d|\bcategory (?:one|two|three|four|five)\b"
    r"|\d(?:\.\d+)? on the Richter"
    # a wind's: "gusts of up to 130 km/h"
    r"|\d\s?(?:km/h|kmh|kph|mph|knots\b|kilomet(?:re|er)s (?:per|an) hour\b|miles (?:per|an) hour\b)",
    re.I,
)


# "How old is Tomas Rell?": an age as news gives one, "Rell, 44, a former schools inspector", "aged 44", "the
# 44-year-old", "at the age of 84", not the first figure of his report ("won by about 9,000 votes")
_HOW_OLD = re.compile(
    r"\bhow old\b|\bwhat age\b"
    # "What is his age?", "What was Tomas Rell's age?", "What is the age of the mayor?"
    r"|\bwhat(?:’s|'s|\s+is|\s+was)\s+(?:his|her|their|the|(?:[\w-]+\s+){0,2}[\w-]+(?:’s|'s))\s+age\b",
    re.I,
)
_AGE = re.compile(
    r"\baged? \d{1,3}\b|\b\d{1,3}[- ]years?[- ]old\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)-year-old\b"
    r"|\bat the age of \d{1,3}\b"
    # "He was 58." after the sentence that names him
    r"|^\s*(?:he|she)\s+(?:was|is)\s+\d{1,3}\s*[.!]?\s*$",
    re.I,
)
_NAME_AGE = re.compile(r"\b([A-Z][\w’'-]+),\s+(\d{1,3}),")
# "Agnes Lund, who served as mayor of Rell from 1994 to 2006, has died at 88": the age of the sentence's subject (not
# a time: "died at 10 p.m.", "at 22:00")
_DIED_AT = re.compile(
    r"\b(?:died|dies|has died|passed away|is dead|was found dead)\s+(?:[\w’'-]+\s+){0,3}?at\s+\d{1,3}\b"
    r"(?![:.]\d|\s*(?:a\.?m\b|p\.?m\b|o['’]clock|hours?\b|%|percent\b|per\s*cent\b))",
    re.I,
)
_SUBJECT = re.compile(r"^\W*((?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+)\b")


# "He succeeds Pope Francis, who died on April 21 at the age of 88.": an age in a clause on someone else
_WHO_CLAUSE = re.compile(r"\b([A-Z][\w’'-]+),\s+who\b[^;]*")


def _gives_age(sentence: str, question: str) -> bool:
    """`sentence` gives an age: "aged 44", "the 44-year-old", or after a name the question names ("Rell, 44,"), any
    name when it names none ("How old is he?"). An age in a "who" clause on a name is that name's, an answer only when
    the question names it ("How old was Pope Francis?", not "How old is Pope Leo XIV?" or "How old is he?")."""
    asked = {re.sub(r"[’']s$", "", w.lower()) for w in names(question)}  # "Rell" of "Rell's age"
    clauses = [(c.start(), c.end(), c.group(1).lower()) for c in _WHO_CLAUSE.finditer(sentence)]

    def owner(at: int) -> str | None:
        return next((name for start, end, name in clauses if start <= at < end), None)

    if _DIED_AT.search(sentence):  # the age of whoever the sentence opens with ("Agnes Lund, who ..., has died at 88")
        subject = _SUBJECT.match(sentence)
        if not asked or (subject is not None and set(subject.group(1).lower().split()) & asked):
            return True
    return any(owner(m.start()) in asked | {None} for m in _AGE.finditer(sentence)) or any(
        not asked or m.group(1).lower() in asked for m in _NAME_AGE.finditer(sentence)
    )


def asks_age(question: str) -> bool:
    """ "How old is Tomas Rell?": asks an age, which a newer report's other figure does not update."""
    return bool(_HOW_OLD.search(question))


# "How long did the port strike last?": asks how long something went on, which a sentence gives next to its noun
# ("an 11-day strike", "the strike, which lasted 11 days", "after 11 days of strike"), not the backlog's "three weeks
# to clear" of the report after it (not "How long will it take to clear?", which "could take three weeks" answers)
_HOW_LONG = re.compile(
    r"\bhow long\s+(?:did|does|do|has|have|had|will|would|was|were|is|are)\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+)?"
    r"(?P<thing>[\w’'. -]+?)\s+(?:last|lasted|go on|gone on|run|continue|continued)\b",
    re.I,
)
_SPAN_COUNT = r"(?:\d[\d.,]*|" + "|".join(sorted(_NUMBER_WORDS)) + r"|one|a|an)"
_SPAN_UNIT = r"(?:year|month|week|day|hour|minute)s?"
_SPAN = rf"{_SPAN_COUNT}[\s-]+{_SPAN_UNIT}"
_JOINED_SPAN = rf"{_SPAN_COUNT}-{_SPAN_UNIT}(?:-long)?"  # "11-day", "two-week-long": joined to the noun they qualify


def _lasting(question: str) -> str:
    """The noun a "how long did X last?" question asks about ("strike" of "the Velmora port strike"); empty for any
    other."""
    m = _HOW_LONG.search(question)
    if not m or not words(m.group("thing")):
        return ""
    thing = words(m.group("thing"))[-1]
    return "*" if thing in PERSONAL_PRONOUNS or thing in ("this", "that") else thing


def asks_lasting(question: str) -> bool:
    """ "How long did the strike last?": asks how long something went on, which a newer report's other figure does
    not update and the last answer may have given already ("an 11-day strike")."""
    return bool(_lasting(question))


def _gives_span(sentence: str, thing: str) -> bool:
    """A length of time said of `thing`: "an 11-day strike", "a two-week-long strike", "the strike, which lasted 11
    days", "after 11 days of strike"; of anything for "*" (a pronoun's: "How long did it last?"), when it is joined
    to its noun ("an 11-day strike") or said to last (not "could take three weeks to clear")."""
    if thing == "*":
        return bool(
            re.search(rf"\b{_JOINED_SPAN}\s+[a-z]", sentence, re.I)
            or re.search(rf"\b(?:lasted|lasting|went on for|ran for)\s+(?:for\s+)?{_SPAN}\b", sentence, re.I)
        )
    noun = re.escape(thing) + r"\w{0,3}"
    return bool(
        re.search(rf"\b{_SPAN}(?:[\s-]+long)?\s+(?:\w+\s+)?{noun}\b", sentence, re.I)
        or re.search(
            rf"\b{noun}\b[^.;]{{0,40}}?\b(?:lasted|lasting|went on for|ran for)\s+(?:for\s+)?{_SPAN}\b", sentence, re.I
        )
        or re.search(rf"\b{_SPAN}\s+of\s+(?:\w+\s+)?{noun}\b", sentence, re.I)
    )


# "How long was Fenne jailed for?", "What sentence did she get?", "How long is his ban?": a penalty's length
_TERM_Q = re.compile(
    r"\bhow long\b[^?]*?\b(?:jailed|imprisoned|sentenced|locked up|in (?:prison|jail)|behind bars|banned|sentence|ban"
    r"|prison term|jail term)\b|\bwhat (?:sentence|prison term|jail term|penalty)\b",
    re.I,
)
_PENALTY = r"(?:sentence|term|ban|suspension|prison|jail)"
_TERM = re.compile(
    rf"\b(?:sentenced|jailed|imprisoned|banned|suspended|locked up)\b[^.;]{{0,40}}?\b{_SPAN}\b"
    rf"|\b{_SPAN}\s+(?:in\s+(?:prison|jail)|behind bars)\b"
    rf"|\b{_JOINED_SPAN}\s+(?:\w+\s+)?{_PENALTY}\b"
    rf"|\b{_PENALTY}\s+of\s+{_SPAN}\b",
    re.I,
)
# what a court could give, not what it gave: "If convicted, Fenne faces up to six years in prison."
_MAY_FACE = re.compile(
    r"\b(?:if (?:convicted|found guilty)|faces?|facing|could (?:get|receive|be)|would face|maximum|up to)\b", re.I
)


_AFTERSHOCK = re.compile(r"\baftershocks?\b", re.I)


def _of_aftershocks(sentence: str, question: str) -> bool:
    """A strength said of the aftershocks ("Seismologists recorded more than 40 aftershocks, the strongest of magnitude
    4.2."), which is not the quake's that "How strong was the quake?" asks; the aftershocks' when it asks of them."""
    if _AFTERSHOCK.search(question):
        return False
    told = _AFTERSHOCK.search(sentence)
    first = _STRENGTH.search(sentence)
    return told is not None and first is not None and told.start() < first.start()


def asks_term(question: str) -> bool:
    """ "How long was Fenne jailed for?": asks the length of a sentence a court gave (or a ban)."""
    return _TERM_Q.search(question) is not None


def gives_term(sentence: str) -> bool:
    """A penalty given, with its length: "sentenced him to three years in prison", "jailed for 18 months", "a
    two-year ban"; not one that may come ("If convicted, Fenne faces up to six years in prison")."""
    return _TERM.search(sentence) is not None and _MAY_FACE.search(sentence) is None


# "How did Lien do?", "How did the Eagles fare?", "How did Per Lien do in the election?": asks how someone did, which
# news tells by a result: a share or a score, a place, or a result's verb ("beating incumbent Per Lien, who took
# 39.1%", "Lien conceded shortly after 22:00")
_OUTCOME_Q = re.compile(
    r"^\s*how\s+(?:did|does|do|has|have|had|is|are|was|were|will)\s+(?P<who>[^?]+?)\s+"
    r"(?:do|doing|done|fare|fared|faring|perform|performed|performing|go|gone|get\s+on|got\s+on)\b(?P<rest>[^?]*)\??\s*$",
    re.I,
)
# a result besides a win (`reports_result`): a share or a count, a place, a loss ("Per Lien, who took 39.1%")
_OUTCOME = re.compile(
    r"\d(?:[.,]\d+)?\s*(?:%|per\s*cent\b|percent\b|votes?\b|seats?\b|points?\b|goals?\b)"
    r"|\b(?:lost|loses|beating|beaten|defeating|took|takes|came|finished|finishing|placed|drew|draws|scored|secured"
    r"|retained|kept|held\s+on|trailed|led|thrashed|crushed|eliminated|knocked\s+out|qualified|advanced|relegated"
    r"|promoted)\b",
    re.I,
)


def asks_outcome(question: str) -> str | None:
    """Who or what "How did Lien do?" asks the result of ("Lien"); None for another question ("How did the fire
    start?", "How did the minister do it?")."""
    m = _OUTCOME_Q.search(question)
    if not m or re.match(r"\s*(?:it|this|that|so|well|badly)\b", m.group("rest") or "", re.I):
        return None
    who = m.group("who").strip()
    return who if content_words(who) else None  # not "How did it go?"


def tells_outcome(sentence: str, who: str) -> bool:
    """A sentence telling how `who` did: it names them and gives a result ("... beating incumbent Per Lien, who
    took 39.1%" for "Lien"; "The Philadelphia Eagles overwhelmed the Kansas City Chiefs 40-22" for "the Eagles")."""
    wanted = {stem(w) for w in content_words(who)}
    if not wanted or not wanted <= stems(sentence):
        return False
    # the result comes after them, as it does of its subject: not "Lien conceded ... and congratulated Holt" for Holt
    first = min((m.start() for m in _TOKEN.finditer(sentence) if stem(m.group().lower()) in wanted), default=0)
    rest = sentence[first:]
    return reports_result(rest) or _OUTCOME.search(rest) is not None


def asks_strength(question: str) -> bool:
    """ "How strong was the earthquake?": asks a quake's magnitude or a storm's category, which a newer count of
    damaged homes does not update."""
    return bool(_STRENGTH_Q.search(question))


def cost_of(question: str) -> str | None:
    """The stem of what a "how much did X cost?" question asks the cost of ("strike"); None for another question."""
    return _costed(question)


def asks_cost(question: str) -> bool:
    """ "How much did the M4 line cost?": asks what something cost, a newer figure being another thing's cost unless
    it says the thing cost it too."""
    return _costed(question) is not None


def _costs(sentence: str, thing: str) -> bool:
    """`sentence` says what `thing` cost, with it heading the words before the verb: "The line cost 2.4 billion
    euros", not "A single ticket on the new M4 line will cost 3.80 euros" (after "on", it says which ticket)."""
    for m in _COST_VERB.finditer(sentence):
        said = m.group(1).lower()
        if stem(said) != thing and canon(said) != canon(thing):  # "The two-day stoppage cost" for the strike
            continue
        before = [w.lower() for w in re.findall(r"[\w’'-]+|[,;:]", sentence[: m.start(1)])][::-1]
        phrase: list[str] = []
        for w in before:
            if w in ",;:" or len(phrase) >= 5:
                break
            phrase.append(w)
        if not _PREPOSITIONS & set(phrase):
            return True
    return False


# "What should owners do?", "What can parents do?", "What are residents told to do?": the advice they are given
_ADVICE_Q = re.compile(
    r"^\W*what\s+(?:(?:should|must|can|could)\s+(?P<who>(?:[\w'’-]+\s+){0,3}?[\w'’-]+?)\s+"
    r"|(?:are|is)\s+(?P<told>(?:[\w'’-]+\s+){0,3}?[\w'’-]+?)\s+(?:being\s+)?(?:told|advised|urged|asked)\s+to\s+)do\b",
    re.I,
)
_ADVICE = re.compile(
    r"\b(?:should|must|ought to|need to|needs to|are (?:being )?(?:advised|urged|told|asked|encouraged) to"
    r"|(?:advised|urged|told|asked|encouraged|warned) (?:[\w'’-]+ ){1,4}?(?:to|not to))\b",
    re.I,
)


def asks_advice(question: str) -> str | None:
    """Who a question asks advice for ("owners" of "What should owners do?"); None for another question."""
    m = _ADVICE_Q.search(question)
    return (m.group("who") or m.group("told")) if m else None


def _advises(sentence: str, who: str) -> bool:
    """ "Owners of X2 bikes ... should stop charging the battery" for "What should owners do?", not "One owner was
    treated for smoke inhalation": it tells them what to do, and names them."""
    return bool(_ADVICE.search(sentence)) and bool(stems(who) & stems(sentence))


def names_slot(question: str) -> bool:
    """True when `question` names the slot its answer fills ("in how many centuries?", "since when?", "who
    leads ...?", "what did the mayor say ...?")."""
    return bool(
        asks_advice(question)
        or asks_verdict(question)
        or asks_charge(question)
        or _SINCE_WHEN.search(question)
        or _BY_HOW_MUCH.search(question)
        or _units(question)
        or _state(question)
        or _role(question)
        or _speaker(question)
        or _doer_verb(question)
        or _wh_verb(question)
        or _wh_noun(question)
        or yes_no_verb(question)
        or asks_again(question)
        or asks_successor(question)
        or asks_beaten(question)
        or _costed(question)
        or asks_strength(question)
        or _lasting(question)
        or asks_term(question)
        or asks_age(question)
        or asks_identity(question)
        or asks_outcome(question)
    )


def fills_slot(sentence: str, question: str) -> bool:
    """True when `sentence` puts an answer of the asked kind next to the question's own word for it:
    "six centuries" for "how many centuries", "400,000 copies" for "how many copies", "since 2017" for
    "since when", "Union leader Rosa Delgado" for "who leads the union". The word that names the slot tells
    the sentence that answers from one that merely holds some number, date or name ("600 years", "said
    Thursday", "The Calder Bay Dockers Union is asking ...")."""
    if _SINCE_WHEN.search(question):
        return bool(_SINCE_DATE.search(sentence))
    if asks_verdict(question):  # "found former mayor Arvid Lunde guilty" for "What was the verdict?"
        return tells_verdict(sentence)
    if asks_charge(question):  # "went on trial on Monday accused of steering ..." for "What is Lunde accused of?"
        return _CHARGE.search(sentence) is not None
    advised = asks_advice(question)
    if advised:
        return _advises(sentence, advised)
    if asks_age(question):  # "Rell, 44, a former schools inspector" for "How old is Tomas Rell?"
        return _gives_age(sentence, question)
    if asks_identity(question):  # "said union secretary Pavel Hrdina" for "Who is Pavel Hrdina?"
        return _describes(sentence, question)
    if asks_strength(question):  # "A magnitude 4.8 earthquake struck ..." for "How strong was the earthquake?"
        return bool(_STRENGTH.search(sentence)) and not _of_aftershocks(sentence, question)
    if asks_term(question):  # "sentenced him to three years in prison" for "How long was Fenne jailed for?"
        return gives_term(sentence)
    who = asks_outcome(question)
    if who:  # "... beating incumbent Per Lien, who took 39.1%" for "How did Lien do?"
        return tells_outcome(sentence, who)
    lasting = _lasting(question)
    if lasting:  # "an 11-day strike" for "How long did the port strike last?"
        return _gives_span(sentence, lasting)
    thing = _costed(question)
    if thing:  # "The line cost 2.4 billion euros" for "How much did the M4 line cost?"
        return _costs(sentence, thing)
    if asks_successor(question):  # "Lukas Brandt will serve as interim chief executive" for "Who replaced Voss?"
        return _names_successor(sentence, question)
    if asks_beaten(
        question
    ):  # "His rival, incumbent mayor Edith Saar, took 47.7% and conceded" for "Who did Rell beat?"
        return _names_beaten(sentence, question)
    event = _wh_noun(question)
    if event:  # "A memorial service will be held ... on December 12." for "When is Agnes Lund's funeral?"
        return _sets_event(sentence, *event, question)
    asked = _wh_verb(question)
    if asked:  # "She died at her home in Port Ilm on Sunday" for "When did Ines Marlow die?" and "Where ...?"
        return _sets_verb(sentence, *asked)
    again = asks_again(question)
    if again:
        # "Is it running again?" after the ferry fire: "The MS Tora returned to service on Thursday", not the
        # replacement boat "that runs twice a day"
        return bool(_RESUMED.search(sentence)) or (_does(sentence, again) and bool(_AGAIN.search(sentence)))
    does = yes_no_verb(question)
    if does:  # "Her lawyer said she would appeal" for "Will Lind appeal?", not "Lind ... has denied wrongdoing"
        return _does(sentence, does)
    if _BY_HOW_MUCH.search(question):  # "raised its main interest rate by a quarter point", not "to 3.5%"
        if _BY_AMOUNT.search(sentence):
            return True
        # a win's or a vote's margin is its score: "overwhelmed the Kansas City Chiefs 40-22", "passed 5-4"
        return asks_margin(question) and bool(_SCORELINE.search(sentence))
    role = _role(question)
    if role:
        return _names_role(sentence, role, set(words(question)), _role_object(question))
    speaker = _speaker(question)
    if speaker:  # "Mayor Alma Fischer called the vote a turning point" for "What did the mayor say about the tram?"
        # and what a court found, by the verb it asks with ("The Orvena district court found that ...")
        return _says(sentence, speaker, _finding(question))
    verb = _doer_verb(question)
    if verb:  # "Councillor Ivo Brandt, who voted against" for "Who voted against the tram?"
        return _names_doer(sentence, verb, set(words(question)))
    units = _units(question)
    state = _state(question) if not units else None
    if state:  # "9 people were still missing" for "how many people are missing?", not "the toll rose to 31"
        toks = _TOKEN.findall(sentence)
        for i, tok in enumerate(toks):
            if _DIGITS.search(tok) or is_number_word(tok):
                if state in {stem(t.lower()) for t in toks[i + 1 : i + 6]}:
                    return True
        return False
    if not units:
        return False
    where = _unit_state(question)
    if where and where not in stems(sentence):
        return False  # "How many children are in hospital?": not "400 children were vaccinated"
    known = set(words(question))
    toks = _TOKEN.findall(sentence)
    much = bool(_HOW_MUCH.search(question))
    big = bool(_HOW_BIG.search(question))
    for i, tok in enumerate(toks):
        low = tok.lower()
        if low in known or not (_DIGITS.search(tok) or is_number_word(low)):
            continue
        if i > 1 and toks[i - 1][:1].isupper() and re.fullmatch(r"\d{1,3}", tok):
            continue  # a name's number: "Route 7 between Ostra and Brenna", "Apollo 11"
        if any(stem(t.lower()) in units for t in toks[i + 1 : i + 3]):
            return True  # "six centuries", "400,000 copies"
        if big and any(stem(t.lower()) in units for t in toks[max(0, i - 3) : i]):
            return True  # "The fire has burned 1,040 hectares" for "How big is the fire?"
        if much and (
            _linked(toks[i + 1 : i + 5], units, _AMOUNT_AFTER) or _linked(toks[:i][::-1][:3], units, _AMOUNT_BEFORE)
        ):
            return True  # "2 million dollars in damage", "estimated the damage at 1.2 million euros"
    return False


_HOW_MUCH = re.compile(r"\bhow much\b", re.I)
# What may stand between an amount and what it measures: "1.2 million euros in damage", "the damage at 1.2"
_AMOUNT_AFTER = frozenset(
    "million billion trillion thousand dollars dollar euros euro pounds yen us $ € £ in of worth".split()
)
_AMOUNT_BEFORE = frozenset("at of to was is were totalled totaled reached about around nearly some over $ € £".split())


def _linked(toks: list[str], units: set[str], between: frozenset[str]) -> bool:
    """`toks` (from the amount outwards) reach a word of `units` across `between` words only."""
    for t in toks:
        if stem(t.lower()) in units:
            return True
        if t.lower() not in between:
            return False
    return False


# A web page's link to another story, kept in scraped text: "Read more: IRS announces tax deadlines",
# "RELATED: ...", "More: ...", "Watch: ...".
_LINK_LABEL = re.compile(
    r"^\s*(?:read more|related(?: stories| coverage)?|see also|more|watch|listen|also read|read next|recommended"
    r"|sign up|click here|subscribe)\b\s*[:|>»–—-]",
    re.I,
)


# What an outlet's name may add to its brand and still be named by the brand alone ("Fox" for Fox News).
_OUTLET_SUFFIXES = frozenset({"news"})


def names_outlet(question: str, outlet: str) -> bool:
    """True when the question names the outlet: its whole name, "the" and its last word when that names a
    newspaper ("the Herald" for the Valdoria Herald), or as a name its first word when that
    is an acronym ("the BBC" for BBC News) or the rest only says "News" ("Fox" for Fox News). A first
    word is often a place ("Washington" of the Washington Post, "Velmar" of Velmar Daily): "What happened
    in Washington?" asks about the place, not the paper. "Al Jazeera" is named only whole."""
    if not outlet.strip():
        return False
    if re.search(rf"\b{re.escape(outlet)}\b", question, re.I):
        return True
    words = re.sub(r"^the\s+", "", outlet, flags=re.I).split()
    first, rest = words[0], words[1:]
    if rest and words[-1].lower() in PAPER_NOUNS and re.search(rf"\b[Tt]he\s+{re.escape(words[-1])}\b", question):
        return True  # "the Herald" for the Valdoria Herald, "the Post" for the Washington Post
    brand = (first.isupper() and first.isalpha()) or all(w.lower() in _OUTLET_SUFFIXES for w in rest)
    return len(first) >= 3 and brand and first in names(question)


def without_outlet(question: str, outlet: str) -> str:
    """`question` without the ways `names_outlet` finds `outlet` named in it: searched in that outlet's
    coverage only, its name is no word to look for ("How do the Velmora Post and ... differ on the homes
    destroyed?" matched the Post's stories naming Velmora, not its count of the homes)."""
    if not names_outlet(question, outlet):
        return question
    out = re.sub(rf"\b(?:the\s+)?{re.escape(outlet)}(?:['’]s)?\b", " ", question, flags=re.I)
    words = re.sub(r"^the\s+", "", outlet, flags=re.I).split()
    if len(words) > 1 and words[-1].lower() in PAPER_NOUNS:
        out = re.sub(rf"\b[Tt]he\s+{re.escape(words[-1])}(?:['’]s)?\b", " ", out)
    if len(words[0]) >= 3 and words[0] in names(out) and names_outlet(out, outlet):
        out = re.sub(rf"\b(?:the\s+)?{re.escape(words[0])}(?:['’]s)?\b", " ", out)  # "the BBC" of BBC News
    return re.sub(r"\s+", " ", out).strip()


# A correction notice that repeats what the outlet withdrew: "An earlier version of this story said the
# extension would cost 310 million euros.", "This article incorrectly stated ...".
_RETRACTED = re.compile(
    r"\b(?:an?|the)\s+(?:earlier|previous|prior|original)\s+version\s+of\s+this\s+(?:story|article|report|post)\b"
    r"|\b(?:this\s+(?:story|article|report|post)(?:\s+has)?|we)\s+(?:incorrectly|wrongly|mistakenly|erroneously)\b"
    # "An article on 27 November said turnout was 41%." (an article, not "a report on Monday said": that is news)
    r"|\b(?:an?|our)\s+(?:article|story|headline|caption)\s+(?:published\s+)?(?:on|dated)\s+[^!?]{1,60}?\s+"
    r"(?:said|stated|reported|gave|described|named|identified|misstated|misidentified|misspelled)\b",
    re.I,
)


def is_retraction(sentence: str) -> bool:
    """A correction notice that tells what an earlier version said: the claim it repeats was withdrawn,
    and what replaces it is in the sentence after ("The council's figure is 290 million euros.")."""
    return bool(_RETRACTED.search(sentence))


# An outlet's note on its own article: "This article was amended on 4 December 2026 to correct the month of the
# collision, which was September, not August.", "This story has been updated with the council's response."
_EDITORIAL_NOTE = re.compile(
    r"^\W*(?:this|the)\s+(?:article|story|report|post|piece|headline)\s+(?:was|has\s+been|had\s+been|is\s+being)\s+"
    r"(?:amended|updated|corrected|changed|edited|revised|clarified)\b",
    re.I,
)


_ASKS_CORRECTION = re.compile(
    r"\b(?:correct(?:ed|s|ing|ions?)|amend(?:ed|s|ments?)?|retract(?:ed|s|ions?)?|errors?|mistakes?|misstat\w*"
    r"|(?:get|gets|got|gotten|getting)\s+(?:\w+\s+){0,3}?wrong|updated\s+(?:the|its|their|this|that)\s+(?:article|story|report))\b"
    # the bare verb, done by someone ("What did the Harbour Tribune correct?", "Did the Herald correct its story?"),
    # not the adjective ("Is that correct?", "Was the figure correct?")
    r"|\b(?:did|does|do|has|have|had|will|would)\s+(?:[\w'’.-]+\s+){1,5}?"
    r"(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?<!\bbe\s)(?<!\bis\s)(?<!\bwas\s)(?<!\bbeen\s)correct\b",
    re.I,
)


# How a question asks about a correction ("What did it get wrong?"): the note answering it rarely says "wrong"
_CORRECTION_WORDS = frozenset(
    stem(w)
    for w in "correct corrected correction corrections wrong error errors mistake mistakes amend amended".split()
)


def asks_correction(question: str) -> bool:
    """A question about what an outlet corrected: "Was the ferry story corrected?", "What did the Herald get
    wrong?", "Any corrections to the tram report?", "What did the Herald correct?" (not "Is that correct?")."""
    return bool(_ASKS_CORRECTION.search(question))


def is_editorial_note(sentence: str) -> bool:
    """A note about the article rather than the news: a correction notice repeating what an earlier version
    said (`is_retraction`), or a note that the article was amended or updated. It answers no question about the
    news by itself (what it corrects is told by the article, or by the correction after it)."""
    return is_retraction(sentence) or bool(_EDITORIAL_NOTE.search(sentence))


# The pronouns a follow-up points back with ("Why was he sacked?"); chat.refers_back adds the reflexives.
PERSONAL_PRONOUNS = frozenset("he him his she her hers they them their theirs it its".split())


def keeps_subject(followup: str) -> bool:
    """A follow-up that points back with a personal pronoun ("Why was he sacked?", "What did China say
    about it?") or names nothing of its own ("Who won?") asks about the conversation's subject; one that
    names something ("And the Fed?") may change it."""
    return any(w in PERSONAL_PRONOUNS for w in re.findall(r"[a-z]+", followup.lower())) or names_nothing(followup)


# Words a question asks with, not about: "How many people died?" asks about people dying, "How will buses get
# around?" about buses.
ASKING_ONLY = frozenset(
    "many much happen happened happening going anything something get gets got getting around".split()
)


def names_nothing_specific(question: str) -> bool:
    """No name, number or place of its own: "Which countries sent help?", not "Who won the Super Bowl?" or
    "How many died in 2023?"; in a chat it may ask about the conversation's subject."""
    return not names(question) and not any(ch.isdigit() for ch in question) and not places(question)


# Acronyms of a role or a measure, not names: each is of something ("Who was named MVP?" of the game the chat is
# about, "Who is the CEO?" of its company, "What was GDP growth?" of its country)
_GENERIC_ACRONYMS = frozenset("mvp ceo cfo coo cto gdp cpi ipo".split())


def names_nothing(question: str) -> bool:
    """ "How many people died?", "Who won?", "What is the death toll?", "Who was named MVP?": no name, number or
    date, and at most two words of its own. In a chat it asks about the conversation's subject, not about every
    death or win in the index; "What happened this week?" (a date range) and "Who won the Super Bowl?" stand alone."""
    if any(
        w[:1].isupper() and w.strip("?!.,:;'’").lower() not in _GENERIC_ACRONYMS for w in question.split()[1:]
    ) or any(ch.isdigit() for ch in question):
        return False
    if places(question):
        return False  # "what did russia propose?", typed in lower case, names Russia
    asking = asking_words(question)  # "Who was the runner-up?": a place in the conversation's race
    own = [w for w in content_words(question) if w not in ASKING_ONLY and stem(w) not in asking]
    if any(w.isalpha() and not is_english(w) and w.lower() not in _GENERIC_ACRONYMS for w in own):
        return False  # "what did nvidia say it is worth?", typed in lower case, names Nvidia
    return (0 < len(own) or bool(asking)) and len(own) <= 2 and not parse_time(question).has_range


def is_link_label(sentence: str) -> bool:
    """A link to another story ("Read more: ...", "RELATED: ..."): it names a story, it does not report one."""
    return bool(_LINK_LABEL.match(sentence))


# A sentence sending the reader elsewhere: "For the latest on Hamlin, visit our live updates here.", "Follow live
# updates here.", "Click here for a list."
_READER_PROMPT = re.compile(
    r"^\W*(?:for (?:the latest|more)\b[^,.]{0,60},\s*)?(?:please\s+)?(?:visit|click|tap|follow|sign up|subscribe"
    r"|download|listen to|watch|read|check out|keep refreshing)\b[^.!?,]{0,80}?\b(?:here|this page|live updates"
    r"|(?:our|the) (?:live|coverage|newsletter|app|podcast|site|website))\b",
    re.I,
)


def is_reader_prompt(sentence: str) -> bool:
    """A sentence that sends the reader to a link, a page or an app: it reports nothing."""
    return bool(_READER_PROMPT.match(sentence))


# A dateline left alone by the sentence splitter: "MOSCOW, June 6. /TASS/.", "LONDON (Reuters) -".
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?[.,]?\s*(?:/[A-Za-z]+/|\([A-Za-z ]+\))?\s*[.,:—–-]*\s*$"
)


def is_dateline(sentence: str) -> bool:
    """A place and date (and agency) alone: it opens a report, it does not state anything."""
    return bool(_DATELINE.match(sentence))


# A sentence that opens by pointing back at an earlier one: a pronoun ("He took the name Leo XIV."), a
# demonstrative ("This follows ...") or a noun standing for an event just told ("The move put the ECB ahead
# of the Fed."). "This week", "That year" name a time; "The news of ..." says what it is about.
_LEANS_BACK = re.compile(
    r"^\s*(?:(?P<word>he|she|it|they|his|her|its|their|such"
    # "Nobody else was hurt.": else than whom the sentence before names
    r"|(?:nobody|no\s+one|none|nothing|everyone|everybody|someone|somebody|anyone)\s+else"
    r"|(?:this|that|these|those)\b(?!\s+(?:week|weekend|year|month|morning|afternoon|evening|night|day|time|season"
    r"|summer|winter|spring|autumn|quarter|decade|century"
    # "This article was amended on 4 December ...": the article itself, not what the sentence before said
    r"|article|story|report|post|page|piece|version)\b))"
    r"|the\s+(?P<event>move|decision|deal|vote|ruling|announcement|change|cut|hike|increase|rise|attack|incident"
    r"|agreement|plan|step|measure|news|statement)\b(?!\s+of\b))\b",
    re.I,
)


# A sentence that points back from inside: "Defender Ivo Kran scored the other goal." (the sentence before says
# who scored the rest)
_REST_OF_SCORE = re.compile(
    r"\bthe\s+other\s+(?:goals?|tr(?:y|ies)|runs?|points?|touchdowns?|baskets?)\b"
    r"|\b(?:scored|added|got|kicked)\s+the\s+(?:other|rest|remaining)\b",
    re.I,
)


# Someone's word on the event, from inside the sentence: "Fed Chair Jerome Powell described the decision as a
# risk-management cut", "The union called the move a betrayal" (what was decided is said before)
_JUDGES_EVENT = re.compile(
    r"^\s*(?:[\w.,’'-]+\s+){1,7}?(?:described|called|defended|praised|criticized|criticised|welcomed|hailed"
    r"|condemned|justified|explained)\s+the\s+(?:move|decision|deal|vote|ruling|announcement|change|cut|hike"
    r"|increase|agreement|plan|step|measure)\b(?!\s+(?:of|to|by|on)\b)",
    re.I,
)


def leans_back(sentence: str, *, judgments: bool = True) -> str | None:
    """How the sentence points back: "word" (it opens with a pronoun or a demonstrative, or gives the rest of a
    score, "scored the other goal": at the sentence before), "event" ("The move ...", "The decision ...", "Powell
    described the decision as ...", unless not `judgments`: at the event the report is about), or None."""
    m = _LEANS_BACK.match(sentence)
    if m is None:
        if judgments and _JUDGES_EVENT.match(sentence):
            return "event"
        return "word" if _REST_OF_SCORE.search(sentence) else None
    return "event" if m.group("event") else "word"


def is_fragment(sentence: str) -> bool:
    """A question, a label ("Golden Globes 2023 winners:") or a shouted heading: text that does not
    state the answer even when it shares the question's words."""
    s = sentence.rstrip()
    if s.endswith(("?", ":")):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def name_phrases(text: str) -> list[str]:
    """The names of `text` as written, a name's words together ("the Bank of England" -> "Bank of England",
    "And the United States?" -> "United States")."""
    single = set(names(text))
    out: list[str] = []
    run: list[str] = []
    for token in re.findall(r"[\w.'’-]+", text):
        word = token.strip(".'’")
        if word in single or (run and word in ("of", "the", "and") and run[-1] in single):
            run.append(word)
            continue
        while run and run[-1] not in single:
            run.pop()
        if run:
            out.append(" ".join(run))
        run = []
    while run and run[-1] not in single:
        run.pop()
    if run:
        out.append(" ".join(run))
    return out


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b")
_PAIR = re.compile(r"\b[A-Z]{2}\b")


class QuestionNames:
    """The names of a question that a sentence may write another way: an acronym spelled out ("most
    valuable player" for MVP), a name as its acronym ("U.S." for the United States), a clipped form in
    full ("Federal Reserve" for Fed), and an outlet the
    question names, found in every sentence of that outlet's passages ("What did TASS say?"). Read off
    the question once; `stems` is called for every candidate sentence."""

    def __init__(self, question: str, *, pairs: bool = False) -> None:
        """`pairs`: two-letter names too ("US", "UK", "EU"), found only as capitalized words ("United States")
        or dotted ("U.S."), never by any words' initials ("union says"); for telling whether a sentence names
        what a question names, not for scoring it (a sentence repeating "across the U.S." of the question
        is not the answer)."""
        self.question = question
        self.acronyms = [(short, stem(short.lower())) for short in acronyms(question)]
        found = dict.fromkeys(_PAIR.findall(question)) if pairs else {}
        self.pairs = [(short, stem(short.lower())) for short in found]
        self.short_forms = [(short, stem(short.lower())) for short in short_forms(question)]
        self.written = [(name, stems(name)) for name in name_phrases(question) if len(name.split()) >= 2]
        self.outlets: dict[str, set[str]] = {}

    def stems(self, sentence: str, outlet: str | None = None) -> set[str]:
        """The sentence's word stems, with the stems of the question's names it holds another way."""
        have = stems(sentence)
        if outlet:
            if outlet not in self.outlets:
                self.outlets[outlet] = stems(outlet) if names_outlet(self.question, outlet) else set()
            have |= self.outlets[outlet]
        for short, key in self.acronyms:
            if key not in have and spells(short, sentence):
                have.add(key)
        for short, key in self.pairs:
            if key not in have and (f"{'.'.join(short)}." in sentence or written_out(short, sentence)):
                have.add(key)
        for short, key in self.short_forms:
            if key not in have and clips(short, sentence):
                have.add(key)
        for name, keys in self.written:
            if not keys <= have and any(spells(a.replace(".", ""), name) for a in _ACRONYM.findall(sentence)):
                have |= keys  # "U.S." for the United States
        return have


def all_named(question: str, sentences: list[str]) -> bool:
    """One sentence names everything the question names, in two or more words ("Who is Tove Lind?": "...
    according to harbour master Tove Lind.") or in a short name ("AfD"): an answer, however little the model knows
    the name."""
    asked = set(names(question))
    # or in one word written with two capitals or more, as a party's or a body's short name is ("What did the AfD
    # get?": "The far-right Alternative for Germany (AfD) came second with 20.8%"), which no other word is
    if len(asked) < 2 and not any(sum(c.isupper() for c in n) >= 2 for n in asked):
        return False
    return any(all(re.search(rf"\b{re.escape(n)}\b", sentence) for n in asked) for sentence in sentences)


def unnamed(question: str, passages: list[Passage]) -> list[str]:
    """The names of a short question ("What did Trump say?") when no passage names any of them (an acronym
    or a clipped name counts written out: "Federal Reserve" for Fed): the passages are about something
    else. A longer question says enough besides its names to be answered without them."""
    asked = names(question)
    if not asked or len(content_words(question)) > SHORT_QUESTION_WORDS:
        return []
    namer = QuestionNames(question, pairs=True)
    keys = {name_key(n) for n in asked}
    if any(keys & namer.stems(f"{p.title} {p.text}", p.outlet) for p in passages):
        return []
    # a name the word stems cannot hold ("Q&A", "AT&T"), written as it is
    written = [re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.I) for n in asked if not n.isalnum()]
    if any(w.search(f"{p.title} {p.text}") for w in written for p in passages):
        return []
    return name_phrases(question) or list(dict.fromkeys(asked))  # "Damar Hamlin", not "Damar or Hamlin"


# ... nor what it asks for ("the final score", "the result", "the death toll"): what a report gives, not names
_NOT_SUBJECTS = frozenset(
    "news same most rest other others world story article report coverage "
    "score scoreline result results outcome reason cause total figure number amount price cost toll"
    # (a court's, which a report tells as "found ... guilty": `asks_verdict`)
    " verdict ruling".split()
)
# "the tram", "the new tram" (a common adjective before it is not what it names)
_THE_NOUN = re.compile(
    r"\bthe\s+(?:(?:new|old|first|last|next|proposed|planned|main|big|final)\s+)?([a-z][a-z-]+)\b(?!\s+(?:of|to|in)\b)"
)


_COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")
# What a match report rarely calls itself: it gives the score instead ("Orvena FC beat Lindholm United 3-1 on
# Saturday" is the report on "the game")
# (and the sport for its match: "Who won the football?" of "Rell FC went top ... with a 2-0 win over Brenna")
_GAME_STEMS = frozenset(
    stem(w) for w in "game match fixture derby football soccer rugby hockey basketball handball".split()
)


def game_word(word: str) -> bool:
    """`word` (as written, or its stem or `canon` form) is one a match report rarely calls itself: "game", "match"."""
    return stem(word) in _GAME_STEMS


def reports_game(text: str) -> bool:
    """`text` gives a score ("3-1"), so it reports a game or match, whether or not it says the word."""
    return _SCORELINE.search(text) is not None


def the_subjects(question: str) -> list[str]:
    """What `question` asks about with "the" ("tram" of "How much will the new tram cost?"), not when ("the
    weekend") nor what it asks for ("the score")."""
    return [
        noun
        for noun in _THE_NOUN.findall(without_time_words(question))  # not "the latest", "the past week"
        if noun not in STOPWORDS and noun not in _NOT_SUBJECTS and stem(noun) not in FOLLOW_UP_ASKING
    ]


def unmentioned(question: str, passages: list[Passage], form: Callable[[str], str] = stem) -> list[str]:
    """What a short question asks about with "the" ("the tram" of "How much will the tram cost?") when no
    passage mentions it (word stems, synonyms as one): the passages are about something else, however
    well "cost" matches a ferry fare. A longer question says enough besides to be answered without it.
    `form`: the words' comparison form (`rag.synonyms.canon`: "the death toll" is mentioned by "killed")."""
    if len(content_words(question)) > SHORT_QUESTION_WORDS:
        return []
    # (and by stem, whatever `form` is: "the opening ceremony" is mentioned by "open on Friday with a ceremony")
    held = {f(w) for p in passages for w in content_words(f"{p.title} {p.text}") for f in (form, stem)}
    # and compounds written as one: "the cleanup" is mentioned by "The clean-up after Storm Hale ..."
    held |= {form(c.replace("-", "")) for p in passages for c in _COMPOUND.findall(f"{p.title} {p.text}".lower())}
    scored = any(reports_game(f"{p.title} {p.text}") for p in passages)
    out = []
    said: set[str] = set()  # the words of what is already reported missing ("house" of "the house speaker")
    role = _ROLE_IS_QUESTION.search(question)
    if role is not None:
        # "Who is the new House speaker?" over reports that name no speaker: "the House" is not what it asks about
        word = role.group("role").lower()
        family = next((f for f in _ROLE_FAMILIES if word in f), frozenset({word}))
        if not any(form(w) in held for w in family):
            out.append(f"the {role.group('qualifier')}{word}")
            said = set(role.group("qualifier").lower().split())
    for noun in the_subjects(question):
        if form(noun) in held or stem(noun) in held or noun in said:
            continue
        if scored and game_word(noun):
            continue
        # a compound is mentioned by its parts ("the clean-up": "The clean-up after Storm Hale ...") or written as one
        parts = [part for part in noun.split("-") if part]
        if "-" in noun and (all(form(part) in held for part in parts) or form("".join(parts)) in held):
            continue
        out.append(f"the {noun}")
    return out


# Words a follow-up asks with, not about ("Since when?", "How much?", "How long for?", "What happened?"), and the
# pronouns it points back with ("Who replaces him?": "him" is the conversation's subject, not a word to look for).
FOLLOW_UP_ASKING = frozenset(
    stem(w)
    for w in "since much many long often far old soon come else exactly one ones".split()
    + [*PERSONAL_PRONOUNS, *ASKING_ONLY]
)
_SCORE_WORDS = frozenset(stem(w) for w in "score scoreline final".split())
# "Who came second?", "Who finished third?", "Who was the runner-up?": a place in a ranking, asked of the race
# the conversation is about; the sentence answering it rarely says "second" ("against 36% for Pavel Dusek")
_RANK_Q = re.compile(
    r"\b(?:came|come|comes|finished|finish|placed|ended|was|were|is)\s+(?:up\s+)?(?:in\s+)?"
    r"(?:first|second|third|fourth|fifth|last)\b|\brunners?[- ]up\b",
    re.I,
)
_RANK_WORDS = frozenset(
    stem(w)
    for w in "came come comes finished finish placed place ended end up first second third fourth fifth last"
    " runner runners".split()
)


# "Was anyone hurt in the snow?", "Did anyone die?", "Were there any casualties?": asks whether a story had
# victims, which a report answers only by saying so
_CASUALTY_Q = re.compile(
    r"\b(?:was|were|has|have|had)\s+(?:anyone|anybody|someone|people|any\s+\w+)\s+(?:been\s+)?"
    r"(?:hurt|injured|killed|wounded|harmed)\b"
    r"|\b(?:did|has|have)\s+(?:anyone|anybody|someone|people)\s+(?:die|died|get\s+hurt|been\s+hurt)\b"
    r"|\b(?:were\s+there|are\s+there|any)\s+(?:any\s+)?(?:casualties|injuries|deaths|fatalities|victims)\b"
    # "How many people died in the storm?", "How many were killed?"
    r"|\bhow\s+many\s+(?:people\s+|persons\s+)?(?:(?:have|had|were|was|are)\s+)?(?:been\s+)?"
    r"(?:died|dead|killed|hurt|injured|wounded)\b"
    # "Who died in the storm?", "Who was hurt?", "Who were the victims?"
    # (not "Who killed him?": that asks who did it)
    r"|\bwho\s+(?:died|(?:was|were|(?:has|have|had)\s+been)\s+(?:killed|hurt|injured|wounded))\b"
    r"|\bwho\s+(?:was|were|are|is)\s+the\s+(?:victims?|dead)\b"
    # "What is the death toll?", "How many deaths were there?", "the number of dead"
    r"|\b(?:death|casualty|injury)\s+tolls?\b|\bhow\s+many\s+(?:deaths|casualties|victims|fatalities|injuries|dead)\b"
    r"|\bnumber\s+of\s+(?:the\s+)?(?:dead|deaths|victims|casualties|fatalities)\b",
    re.I,
)


# words telling whether anyone was hurt: "Two crew members were treated for smoke inhalation at Norrvik hospital",
# "All 83 passengers and 9 crew were brought ashore safely" answer "Was anyone hurt?" as "injured" does
CASUALTY_WORDS = frozenset(
    canon(w)
    for w in "hurt injured killed died dead casualties victims hospital hospitalised unharmed unhurt uninjured safely".split()
)
# dead or hurt that is no person: "dead fish have washed up", "a dead end", "a dead heat"
_NOT_VICTIMS = re.compile(
    r"\bdead\s+(?:fish|birds?|animals?|cattle|livestock|seals?|trees?|wood|leaves|end|ends|heat|zone|weight|batter(?:y|ies))\b",
    re.I,
)


# someone treated for what hurt them, anywhere: "Two firefighters were treated for heat exhaustion", "treated at the
# scene for smoke inhalation" (not a hospital's "treated 40 patients for flu" or "treated as suspicious")
_TREATED = re.compile(
    r"\b(?:treated|hospitali[sz]ed|airlifted|rescued)\b(?:\s+[\w'’-]+){0,4}?\s+(?:for|with)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:burns?|injur(?:y|ies)|smoke\s+inhalation|inhalation|heat\s+exhaustion|exhaustion|heatstroke|hypothermia|shock"
    r"|cuts|wounds?|fractures?|broken\s+\w+|concussion)\b",
    re.I,
)


def tells_of_victims(sentence: str) -> bool:
    """`sentence` tells of someone hurt, killed or unharmed ("Five rail workers were taken to hospital", "Two
    firefighters were treated for heat exhaustion"), not of dead fish."""
    return bool(CASUALTY_WORDS & canons(_NOT_VICTIMS.sub(" ", sentence))) or _TREATED.search(sentence) is not None


def asks_casualties(question: str) -> bool:
    """ "Was anyone hurt in the snow?", "How many people died in the storm?": asks whether a story had victims
    (hurt, killed), or how many."""
    return bool(_CASUALTY_Q.search(question))


def asks_rank(question: str) -> bool:
    """ "Who came second?", "Who was the runner-up?": asks for a place in a ranking, in words the answer rarely has."""
    return bool(_RANK_Q.search(question))


def asking_words(question: str) -> frozenset[str]:
    """The stems a question asks with, which the sentence answering it rarely holds: a place in a ranking's
    ("Who came second?"), a correction's ("What did it get wrong?"), a defeat's ("Who did he beat?"); none for
    another question."""
    return (
        (_RANK_WORDS if asks_rank(question) else frozenset())
        | (_CORRECTION_WORDS if asks_correction(question) else frozenset())
        | (_BEATEN_WORDS if asks_beaten(question) else frozenset())
    )


# "Who did he beat?": "His rival, incumbent mayor Edith Saar, ... conceded" answers, without "beat"
_BEATEN_WORDS = frozenset(
    stem(w)
    for w in "beat defeat overcome edge oust unseat knock eliminate lost lose beaten defeated rival opponent".split()
)


# Verbs that say how a question asks, not what about: "How long will it take to ...?", "What did the union
# want?" (a report says "is asking for", "demands").
_REPORTED_ABOUT = re.compile(
    r"\bwhat\s+(?:did|does|do|has|have|had)\s+(?:[\w’'.-]+\s+){0,6}?"
    r"(?:say|said|report|reported|write|wrote|written)\s+(?:about|on)\b",
    re.I,
)
_ASKING_VERBS = (
    (re.compile(r"\bhow long\b.*\btak(?:e|es|ing)\b", re.I), stems("take")),
    # "How strong was the earthquake?", "How old is he?", "How big was the pay rise?": a magnitude, an age or a
    # figure answers, not the word
    (re.compile(r"\bhow (?:strong|powerful|old|big|large|high)\b", re.I), stems("strong powerful old big large high")),
    (_WANTS, stems("want demand ask")),
    # "What did the court decide?": a ruling's report says what it blocked or ordered, "ruling that ...", and
    # whose decision it was (`_speaker`)
    (
        re.compile(
            r"^\W*(?:and\s+|but\s+)?(?:what|how)\s+(?:did|does|do|has|have|had)\s+"
            r"(?:(?!(?:say|said|tell|told|think|about|on|over|of|in)\b)[\w’'.-]+\s+)+?"
            r"(?:decide|decided|rule|ruled|conclude|concluded)\b",
            re.I,
        ),
        stems("decide decided rule ruled conclude concluded"),
    ),
    # "What caused the fire?": the sentence that answers says "started by a power line", not "caused"
    (
        re.compile(r"\bwhat (?:caused|causes|cause[sd]?|led to|sparked|triggered|started)\b", re.I),
        stems("cause led sparked triggered started"),
    ),
    # "What did the Kestrel Times report about the backlog?": an outlet's report says what happened, not "reported"
    (_REPORTED_ABOUT, stems("say said report reported write wrote written")),
)


def asks_report_about(question: str) -> bool:
    """Whether the question asks what someone said, reported or wrote about a subject ("What did the Kestrel
    Times report about the backlog?"): any sentence of theirs on the subject answers it."""
    return bool(_REPORTED_ABOUT.search(question))


# A question asking who won something, which later reports settle or overturn (a count that was "too close
# to call", a recount, an appeal): "Who won the mayoral race?", "Who was elected speaker?".
_RESULT_Q = re.compile(
    r"\bwho\s+(?:won|wins|has\s+won|will\s+win|(?:was|were|has\s+been|is)\s+(?:elected|declared)"
    r"|is\s+the\s+(?:winner|new))\b",
    re.I,
)


def asks_result(question: str) -> bool:
    """True for a question asking who won or was elected ("Who won the mayoral race?")."""
    return bool(_RESULT_Q.search(question))


# A sentence telling who won: "Merz's bloc won the election", "The Eagles overwhelmed the Chiefs 40-22", "The recount
# confirmed Clara Voss as mayor"; not a preview's "will decide whether Republicans keep control" or "hopes to win"
_RESULT = re.compile(
    r"\b(?:won|wins|winner|winners|victory|victorious|triumph(?:ed|s)?|defeated|defeats|beat|beats|edged|routed"
    r"|overwhelmed|clinched|clinches|swept|conceded|concedes|(?:re-?)?elected|champions?|awarded|named"
    # a choice made: "the Catholic Church chose Cardinal Robert Prevost ... as its new leader" ("Who is the new pope?")
    r"|chose|chosen|selected|appointed|sworn\s+in|inaugurated"
    # a vote's result: "approved the 2027 budget on Friday by 31 votes to 18"
    r"|approved|passed|rejected|adopted|voted\s+down)\b"
    r"|\bconfirmed\s+(?:[\w’'.-]+\s+){1,4}as\b|\bof\s+the\s+vote\b|\b\d+\s+votes?\s+to\s+\d+\b",
    re.I,
)
_NOT_YET = re.compile(
    r"\b(?:will|would|could|might|may|can|to|if|whether|whoever)\s+(?:(?!(?:and|but|said|says)\b)[\w’'-]+\s+){0,3}?"
    r"(?:be\s+|is\s+|are\s+|being\s+)?(?:win|wins|beat|defeat|clinch|sweep|elected|named|awarded|declared|passed"
    r"|chosen|selected|appointed|sworn\s+in|inaugurated"
    r"|approved|adopted|rejected)\b",
    re.I,
)


def reports_result(sentence: str) -> bool:
    """`sentence` tells who won or was elected (a win, a defeat, a scoreline, a share "of the vote", a vote's count or
    outcome), not only that a contest is coming ("will decide", "hopes to win"): what answers `asks_result`."""
    told = _RESULT.search(_NOT_YET.sub(" ", sentence)) is not None
    return told or reports_game(sentence)


def asking_verbs(question: str) -> set[str]:
    """The stems of the verbs `question` asks with ("take" of "How long will it take to clear the backlog?")."""
    return set().union(*(verbs for pattern, verbs in _ASKING_VERBS if pattern.search(question)))


def own_words(focus: str | None) -> set[str]:
    """A follow-up's own words: what it asks about, not how it asks ("What was the final score?" asks with
    all of its words: the sentence giving the score rarely says "score")."""
    if not focus:
        return set()
    asking = (_SCORE_WORDS if asks_score(focus) else set()) | (_VERDICT_WORDS if asks_verdict(focus) else set())
    return stems(focus) - FOLLOW_UP_ASKING - asking - asking_words(focus)


# a sentence naming a cause, which a report gives after what it explains: "... was to blame", "blamed higher steel prices"
_BLAME = re.compile(
    r"\b(?:to blame|blamed|blames|caused by|because|due to|(?:started|sparked|triggered|ignited) by"
    r"|(?:likely|probable|main|root) cause)\b",
    re.I,
)


def names_cause(sentence: str) -> bool:
    """Whether `sentence` names a cause in words that need no other sentence to be one ("Rivolt said a faulty batch
    of cells from one supplier was to blame."), which a report may give well after what it explains."""
    return _BLAME.search(sentence) is not None
