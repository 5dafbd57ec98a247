"""Multi-turn chat: follow-ups are condensed into standalone questions before retrieval.

Like llama-index's CondensePlusContextChatEngine: the follow-up ("What did China say about
it?") and the recent history go to the LLM, which rewrites it as a standalone question
("What did China say about Russia's UN ceasefire resolution?"); that question is retrieved
for and answered with the history in the prompt. The history is per session and bounded by
a token budget (oldest turns dropped first). Without an LLM, or when the rewrite is
unusable, a follow-up that refers back (`refers_back`: "What did China say about it?",
"And China?", "What about the ECB?") is searched together with the previous question; a
question that stands alone ("Who won the Super Bowl?") is searched alone, unless alone it is like
nothing in the index and, searched with the conversation, a passage names most of it ("How much will
repairs cost?" after a question about the ferry).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..answer_type import (
    ASKING_ONLY,
    FOLLOW_UP_ASKING,
    PERSONAL_PRONOUNS,
    QuestionNames,
    answers_role,
    asking_verbs,
    asking_words,
    asks_again,
    asks_role,
    game_word,
    name_key,
    names,
    names_nothing,
    names_nothing_specific,
    names_outlet,
    reports_game,
    the_subjects,
    unmentioned,
    without_outlet,
    yes_no_verb,
)
from ..answering import like_nothing
from ..bylines import asks_author
from ..capitals import in_lower_case, with_capitals
from ..errors import LLMError
from ..index_questions import asks_about_index, asks_answer_sources
from ..models import Answer, Citation
from ..query import Query
from ..retrieval import (
    COMPARING_WORDS,
    SAY_WORDS,
    asks_events,
    asks_only_more,
    asks_whole_news,
    compared_question,
    comparison_asking,
)
from ..small_talk import is_small_talk
from ..spelling import respelled, spelling_note
from ..stream import AnswerStream
from ..synonyms import canon, canons
from ..text import STOPWORDS, content_words, split_sentences, stem, stems, words
from ..timeparse import parse_time, without_time_words
from .answerer import history_pairs

if TYPE_CHECKING:
    from ..api import NewsRAG
    from ..retrieval import Retrieval

CONDENSE_RULES = (
    "Rewrite the follow-up question as one standalone question that can be understood without the conversation: "
    "replace pronouns such as it, they or that with what they refer to. Reply with the question only."
)
MAX_STANDALONE_CHARS = 400
# a question like nothing alone is asked about the conversation when a passage names this much of it
NAMED_SHARE = 2 / 3
OWN_STORY_DEPTH = 3  # a follow-up's own story is among the first this many passages it finds alone
_REFERRING = frozenset("it its they them their this that these those he him his she her there then such".split())
CONDENSE_MAX_TOKENS = 96
_LABEL = re.compile(r"^\s*(?:standalone question|question|rewritten question|q)\s*[:\-]\s*", re.I)
_QUESTION_START = re.compile(
    r"^(what|who|whom|whose|when|where|why|how|which|did|does|do|is|are|was|were|can|could|will|would|has|have|had|"
    r"should|may|might|in what|on what|at what|to what|for what|according to)\b",
    re.I,
)


@dataclass(frozen=True)
class Turn:
    question: str  # the standalone question that was searched and answered
    asked: str  # the user's words
    answer: str
    about: frozenset[str] = frozenset()  # the words (`canon`) of the turn, its answer and the passages it cited
    searched: bool = False  # searched and answered in this session (not told: an API client's history)
    refused: bool = False  # its answer found nothing: no subject for a follow-up to point back at
    citations: tuple[Citation, ...] = ()  # the sources its answer quoted ("list the sources" lists them)
    sources: tuple[str, ...] = ()  # a told turn's sources as its answer listed them ("[1] Title — Outlet — ...")

    @classmethod
    def told(cls, question: str, answer: str, sources: Sequence[str] = ()) -> Turn:
        """A turn of a chat history a client sends (the OpenAI-compatible endpoint's messages), with the sources
        its answer listed."""
        return cls(
            question=question, asked=question, answer=answer, about=words_of(question, answer), sources=tuple(sources)
        )


def words_of(*texts: str) -> frozenset[str]:
    """The content words of `texts` in comparison form (`canon`)."""
    return frozenset(canon(w) for text in texts for w in content_words(text))


class ChatHistory:
    """The newest turns whose questions and answers fit in `budget_tokens`."""

    def __init__(self, budget_tokens: int, count_tokens: Callable[[str], int]) -> None:
        self.budget_tokens = budget_tokens
        self.count_tokens = count_tokens
        self._turns: list[tuple[Turn, int]] = []

    def add(self, turn: Turn) -> None:
        self._turns.append((turn, self.count_tokens(turn.question) + self.count_tokens(turn.answer)))
        total = 0
        keep = 0
        for _, cost in reversed(self._turns):
            if total + cost > self.budget_tokens:
                break
            total += cost
            keep += 1
        self._turns = self._turns[len(self._turns) - keep :]

    @property
    def turns(self) -> list[Turn]:
        return [t for t, _ in self._turns]

    @property
    def tokens(self) -> int:
        return sum(c for _, c in self._turns)

    def clear(self) -> None:
        self._turns.clear()


def _stems(text: str) -> set[str]:
    return {w[:6] for w in content_words(text)}


def clean_standalone(reply: str, followup: str) -> str | None:
    """The model's rewrite as one question, or None when it is not a usable rewrite of `followup`."""
    lines = [ln.strip() for ln in reply.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    text = _LABEL.sub("", lines[0]).strip().strip("\"'“”‘’`*").strip()
    if not text or len(text) > MAX_STANDALONE_CHARS or not content_words(text):
        return None
    if not (text.endswith("?") or _QUESTION_START.match(text)):
        return None  # a statement: the model answered instead of rewriting
    wanted = _stems(followup)
    if wanted and len(wanted & _stems(text)) * 2 < len(wanted):
        return None  # it dropped what the user asked about: an answer, not a rewrite
    if words(text) == words(followup) and (set(words(followup)) & _REFERRING or refers_back(followup)):
        return None  # echoed unchanged, pronouns and all, or naming as little ("What was the final score?")
    return text


# Words that point back at the conversation unless the question itself gives them something to
# point at ("Did Russia say it would veto?": Russia).
_BACK_PRONOUNS = PERSONAL_PRONOUNS | {"itself", "themselves"}
_BACK_DEMONSTRATIVES = frozenset("this that these those such".split())
_SUBJECT_PRONOUNS = frozenset("he she they".split())
_POSSESSIVES = frozenset("its their his her".split())
_EXPLETIVE_IT = re.compile(r"\b(?:is|was|will|would|isn't|wasn't) it (?:true|possible|likely|safe|legal|too)\b", re.I)
_TIME_NOUNS = frozenset(
    "week weekend year month morning afternoon evening night time season summer winter spring autumn fall "
    "day days weeks months years decade century quarter".split()
)
_PREPOSITIONS = frozenset("about on of to for by from with against after before over into at in like than".split())
_COPULAS = frozenset("is are was were be been will".split())
# Ellipsis: a fragment that only makes sense as a continuation ("what about the ECB?", "anything else?").
_ELLIPSIS = re.compile(
    r"^\s*(?:what else|who else|anything else)\b"
    r"|^\s*(?:what|how) about\b|^\s*really\s*\??\s*$",  # bare wh-words: _FRAGMENT; "Tell me more": asks_only_more
    re.I,
)
# A continuation's first word: "and China?" is an ellipsis; "And who scored for the Mariners?" is a whole
# question after it, which refers back only as it would without it ("And what did China say?").
_OPENER = re.compile(r"^\s*(?:and|but|or|also|so|then)\b[\s,]*", re.I)
_WHOLE_QUESTION_WORDS = 3
# A bare question fragment: wh-words with at most a preposition, an adverb of degree or "not" ("What for?",
# "Since when?", "By whom?", "How much?", "How long for?", "Why not?", "Which one?"): nothing to search alone.
_FRAGMENT = re.compile(
    r"^\s*(?:(?:since|until|till|by|for|from|to|with|against|in|at|of)\s+)?"
    r"(?:what|when|where|who|whom|whose|which(?:\s+ones?)?|why|how"
    r"(?:\s+(?:much|many|long|often|far|old|big|soon|come|so|exactly|else))?)"
    r"(?:\s+(?:for|from|to|by|with|not|then|exactly|else|now|again|so))*\s*[?!.]*\s*$",
    re.I,
)
# "What did TASS say?", "How did Moscow react?": who spoke, not about what: the conversation's subject.
_SAID_WHAT = re.compile(
    r"^\s*(?:what|how)\s+(?:did|does|do|has|have|had)\s+(?P<speaker>[\w’'. -]+?)\s+"
    r"(?:say|said|report|reported|respond|responded|react|reacted|reply|replied|answer|answered|think|thought"
    r"|claim|claimed|announce|announced|write|written|argue|argued|comment|commented|add|added)\s*\??\s*$",
    re.I,
)
# A sentence reporting what someone said ("Judge Helena Brask said the council must ..."), not one only naming them
# ("the final two years of President Donald Trump's term")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|announced|stated|added|warned|argued|claimed|wrote|tweeted|posted|urged"
    r"|insisted|declared|replied|responded|according to)\b",
    re.I,
)
# Who says it is what "it" stands for in a question typed in lower case, as a name before it is in one with capitals:
# "why did bed bath and beyond say it may go bankrupt?" (not "did they say it would veto?": a pronoun says it)
_SAYER_OF = re.compile(
    r"\b(?:did|does|do|has|have|had)\s+(?P<sayer>[\w&’'.-]+(?:\s+[\w&’'.-]+){0,5}?)\s+"
    r"(?:say|said|claim|claimed|announce|announced|warn|warned|think|expect|believe|admit|admitted|deny|denied"
    r"|confirm|confirmed|insist|insisted)\s+(?:that\s+)?(?P<pronoun>it|they|he|she|its|their|his|her)\b",
    re.I,
)
_RELATIVE_THAT = re.compile(
    r"\b(?:say|says|said|think|thinks|claim|claims|claimed|believe|true|so|such|now)\s+that\b", re.I
)


def refers_back(question: str) -> bool:
    """True when `question` cannot be searched alone: it is an ellipsis ("and China?", "what about
    the ECB?", "What for?", "Since when?"), or it points back with a pronoun or a demonstrative that nothing in it resolves
    ("What did China say about it?", "Why did they do that?", "How did markets react to this?"), or
    asks who said what without saying about what ("What did TASS say?", "How did Moscow react?"), or
    names nothing of its own ("How many people died?": `names_nothing`).
    "Who won the Super Bowl?", "What happened this week?", "Did Russia say it would veto?" and "What are the top
    stories?" (all of the news: `asks_whole_news`) stand alone."""
    if asks_whole_news(question):
        return False
    return points_back(question) or names_nothing(question) or compares_nothing(question)


def compares_nothing(question: str, outlets: Sequence[str] = ()) -> bool:
    """A question comparing outlets on something it names nothing of ("Do the outlets agree on the death toll?" after
    Storm Ilse; "How do Nordic Wire and Bergvik Posten differ on the death toll?", with the index's `outlets`): without
    the outlets and the words it compares with, it names nothing (`names_nothing`), so it asks about the
    conversation's story, not every death toll in the index."""
    named = [o for o in outlets if names_outlet(question, o)]
    rest = question
    for o in named:
        rest = without_outlet(rest, o)
    compares = comparison_asking(question)
    if not compares and len(named) >= 2 and compared_question(rest, compared=True):
        compares = COMPARING_WORDS
    if not compares:
        return False
    rest = " ".join(w for w in rest.split() if not (words(w) and stem(words(w)[0]) in compares))
    return names_nothing(rest)


def points_back(question: str) -> bool:
    """`refers_back` by its words: an ellipsis, a pronoun or demonstrative, or who said what about nothing."""
    opener = _OPENER.match(question)
    if opener:
        rest = question[opener.end() :]
        if not _QUESTION_START.match(rest) or len(words(rest)) < _WHOLE_QUESTION_WORDS:
            return True  # "and China?", "But why?", "And the cost?"
        return points_back(rest)
    if asks_only_more(question) or any(p.search(question) for p in (_ELLIPSIS, _FRAGMENT, _SAID_WHAT)):
        return True
    compares = comparison_asking(question)
    if compares and not {stem(w) for w in content_words(question)} - compares - ASKING_ONLY:
        return True  # "Do the outlets agree?": on what the conversation is about
    raw = question.split()
    tokens = words(question)
    for i, tok in enumerate(tokens):
        last = i == len(tokens) - 1
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if not last else ""
        if tok in _BACK_PRONOUNS:
            if tok == "it" and _EXPLETIVE_IT.search(question):
                continue  # "is it true that ...": "it" stands for the clause that follows
            possessive = tok in _POSSESSIVES and not last
            # "after he left": a conjunction before a subject pronoun, not a preposition before an object
            governed = prev in _PREPOSITIONS and tok not in _SUBJECT_PRONOUNS
            named = _name_before(raw, tok) or (in_lower_case(question) and _lower_case_name_before(question, tok))
            if not named or (not possessive and (last or governed)):
                return True
        elif tok in _BACK_DEMONSTRATIVES:
            if nxt in _TIME_NOUNS:
                continue  # "this week", "that year": the time is in the question
            if tok == "that" and not last and (prev not in _PREPOSITIONS | {"do", "did", "does", "mean", "means"}):
                continue  # "the resolution that Russia proposed", "is it true that ...": a clause follows
            if tok == "that" and _RELATIVE_THAT.search(question) and not last:
                continue
            return True
    return False


def new_subject(question: str, turn: Turn) -> bool:
    """A question that names nothing of its own (`names_nothing`) but whose words are all new to the
    conversation: "How much will the tram cost?" after questions on a port strike (no turn, answer or
    passage it cited says "tram" or "cost") asks about the tram, not the strike; "What is the death toll?" after
    an earthquake ("23 people had died") and "Who is the prime minister?" (named in its passages) do not, nor
    does a place in a ranking or a mistake ("Who came second?" after an election, "What was the mistake?" after
    a recall: `asking_words` are no subject)."""
    own = _own(question)
    if not turn.about or not own:
        return False
    return not own & turn.about or new_thing(question, turn)


# "What was the margin?", "what's the death toll again?", "What were the terms?": what the conversation's subject's
# word is, not what a subject of its own does ("How much will the ferry cost?")
_ATTRIBUTE = re.compile(
    r"^\W*(?:(?:so|and|ok|okay)[,\s]+)?what(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|its|their|his|her)\s+"
    r"[\w-]+(?:\s+[\w-]+)?(?:\s+again)?\s*[?.!]*\s*$",
    re.I,
)


def asks_attribute(question: str) -> bool:
    """ "What was the margin?": asks what something of the conversation's subject is (its margin), in a word or two."""
    return bool(_ATTRIBUTE.match(question))


def _own(question: str) -> set[str]:
    """What a question asks about, in comparison form (`canon`): its content words but its time words and those it asks
    with ("margin" of "What was the margin?")."""
    asking = asking_words(question)
    return {
        canon(w) for w in content_words(without_time_words(question)) if w not in ASKING_ONLY and stem(w) not in asking
    }


def new_thing(question: str, turn: Turn) -> bool:
    """What `question` asks about with "the" is new to the conversation: "Who won the game on Saturday?" after
    "Who won the runoff?" asks about a game (its "won" is how it asks), which nothing the runoff's turn said names."""
    things = {canon(n) for n in the_subjects(question)}
    return bool(turn.about) and bool(things) and not things & turn.about


def new_name(question: str, turn: Turn) -> bool:
    """`question` names someone or something new to the conversation: "How did Kastby do?" after "Is Route 7 open?"
    (no turn, answer or passage it cited names Kastby) asks about Kastby, not about the road."""
    named = {canon(w) for n in names(question) for w in content_words(n)}
    return bool(turn.about) and bool(named) and not named & turn.about


def new_speaker(question: str, turn: Turn) -> bool:
    """A question asking what someone said about nothing ("What did the pope say?", which points back as
    "What did TASS say?" does) whose speaker the conversation never mentioned (no turn, answer or passage it
    cited names the pope): it asks about the speaker, not about the conversation."""
    said = _SAID_WHAT.search(question)
    if not said or _ELLIPSIS.search(question) or _FRAGMENT.match(question):
        return False
    speaker = {canon(w) for w in content_words(said.group("speaker"))}
    return bool(turn.about) and bool(speaker) and not speaker & turn.about


def _lower_case_name_before(question: str, pronoun: str) -> bool:
    """In a question typed in lower case, what a capital would have marked as a name before `pronoun`: the one
    saying what it opens ("why did bed bath and beyond say it may go bankrupt?"; not "did they say it would veto?"),
    or two words of its own in a row ("how is prince harry promoting his memoir?")."""
    said = _SAYER_OF.search(question)
    if said and said.group("pronoun").lower() == pronoun:
        sayer = content_words(said.group("sayer"))
        if any(w not in _BACK_PRONOUNS and w not in _BACK_DEMONSTRATIVES for w in sayer):
            return True
    run = 0
    for w in words(question):
        if w == pronoun:
            return False
        own = w not in STOPWORDS and w not in ASKING_ONLY and w not in _TIME_NOUNS and stem(w) not in SAY_WORDS
        run = run + 1 if own and not w.isdigit() else 0
        if run >= 2:
            return True
    return False


def _name_before(raw: list[str], pronoun: str) -> bool:
    """A capitalized word (not the question's first, nor "I") before the first `pronoun`: the name it stands for."""
    for j, w in enumerate(raw):
        if words(w) and words(w)[0] == pronoun:
            return False
        if j > 0 and w[:1].isupper() and words(w) and words(w)[0] not in _BACK_PRONOUNS | {"i"}:
            return True
    return False


def heuristic_standalone(followup: str, history: list[Turn], outlets: Sequence[str] = ()) -> str:
    """No LLM: a follow-up that refers back is searched together with the previous question (and, when
    that was a follow-up too, with the question the conversation started from: "And why? (Who is against
    it? What did the council approve?)", never a nest of earlier searches); one that stands alone is
    searched as it is. `outlets`: the index's, which a question comparing them names (`compares_nothing`)."""
    if not history or not (refers_back(followup) or compares_nothing(followup, outlets)):
        return followup
    return redated(followup, history) or with_context(followup, history)


def _after_opener(followup: str) -> str:
    """The follow-up without its opening "and", "but", "what about" ..."""
    opener = _OPENER.match(followup) or re.match(r"^\s*(?:what|how)\s+about\b", followup, re.I)
    return followup[opener.end() :] if opener else followup


def _root_question(history: list[Turn]) -> str | None:
    """The last question the conversation asked that stands alone (a refused one passed over), in its own words."""
    turns = [t for t in history if not t.refused] or history
    root = next((t for t in reversed(turns) if not _leaned(t)), None)
    return _stands_for(root) if root is not None else None


def redated(followup: str, history: list[Turn]) -> str | None:
    """ "and in September 2025?" after "What did the Fed do in July 2023?": the question the conversation asked, again
    with the follow-up's dates ("What did the Fed do in September 2025?"), which stands alone (searched with the
    conversation, it quoted the 2023 report's "another hike would come in September"); None for a follow-up that
    says more than its dates, or when the conversation asked nothing that stands alone."""
    rest = _after_opener(followup)
    when = parse_time(rest)
    if not when.has_range or stems(without_time_words(rest)) - STOPWORDS:
        return None
    asked = _root_question(history)
    if asked is None:
        return None
    new = when.phrases[0]
    old = parse_time(asked).phrases
    if old and old[0] in asked and parse_time(asked).has_range:
        return asked.replace(old[0], new, 1)
    return f"{asked.rstrip(' ?.!')} {new}?"


def outlet_swapped(followup: str, history: list[Turn], outlets: Sequence[str]) -> str | None:
    """ "and Halvik Tidende?" after "What did the Norrland Courier report?": the question the conversation asked, again
    about the outlet the follow-up names ("What did Halvik Tidende report?"); searched with the conversation, it was
    refused, as no passage names Halvik Tidende in its text. None for a follow-up that says more than an outlet of the
    index, or when the question before names no outlet by its name."""
    rest = _after_opener(followup).strip()
    new = next((o for o in outlets if names_outlet(rest, o) and not stems(without_outlet(rest, o)) - STOPWORDS), None)
    asked = _root_question(history) if new else None
    if asked is None:
        return None
    for old in outlets:
        bare = re.sub(r"^the\s+", "", old, flags=re.I)
        named = re.search(rf"\b(?:the\s+)?{re.escape(bare)}\b", asked, re.I)
        if named and old != new:
            return f"{asked[: named.start()]}{new}{asked[named.end() :]}"
    return None


def with_context(followup: str, history: list[Turn]) -> str:
    """`followup` searched with what the conversation asked last (see `heuristic_standalone`), passing over
    questions it found nothing on: "And what did China say?" after the UN draft and "Who will pay for the
    bridge?" (nothing indexed on a bridge) asks about the UN draft."""
    history = [t for t in history if not t.refused] or history
    context = [_stands_for(history[-1])]
    if _leaned(history[-1]):
        for turn in reversed(history[:-1]):
            if not _leaned(turn):
                context.append(_stands_for(turn))
                break
    return f"{followup} ({' '.join(context)})"


# "Back to the election: when does the winner take office?", "Going back to the strike, how long did it last?"
_BACK_TO = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|now|and|but|anyway)[,\s]+)?(?:(?:let['’]?s\s+)?(?:go|going|get|getting|come|coming)\s+)?"
    r"back\s+to\s+(?P<topic>[^:,;?.!—–-]+?)\s*(?:[:,;.!—–-]+\s*|$)",
    re.I,
)


def returning_to(followup: str, history: list[Turn]) -> str | None:
    """A follow-up going back to what an earlier turn was about ("Back to the election: when does the winner take
    office?" after questions on a strike and a ferry): what it asks, searched with the last turn naming that topic
    ("when does the winner take office? (Who won the Tarnby mayoral election?)"); None for another follow-up, or when
    no turn was about it. Searched with the last turn, it asked about the ferry; alone, about every election."""
    back = _BACK_TO.match(followup)
    if not back:
        return None
    topic = {canon(w) for w in content_words(back.group("topic"))}
    # by what the turn itself asked and answered (a follow-up's search also carries the turn before it)
    turn = next(
        (t for t in reversed(history) if topic and not t.refused and topic <= words_of(t.asked, t.answer)), None
    )
    if turn is None:
        return None
    return f"{without_back_to(followup)} ({_stands_for(turn)})"


def without_back_to(followup: str) -> str:
    """What a follow-up going back to a topic asks: "when does the winner take office?" of "Back to the election: when
    does the winner take office?", "What about the election?" of "Back to the election."."""
    back = _BACK_TO.match(followup)
    if not back:
        return followup
    return followup[back.end() :].strip() or f"What about {back.group('topic').strip()}?"


def _stands_for(turn: Turn) -> str:
    """What a turn asked, in words that stand alone: an LLM's standalone rewrite, else the user's words."""
    rewritten = turn.question != turn.asked and not turn.question.startswith(f"{turn.asked} (")
    return turn.question if rewritten else turn.asked


def _leaned(turn: Turn) -> bool:
    """The turn was searched with the conversation: it refers back, or alone it was like nothing indexed
    ("How much will repairs cost?" after the ferry question), so what it asked stands alone only with
    the turn before it."""
    if turn.question == turn.asked:  # searched alone here, or told (an API client's history): then by its words
        return not turn.searched and refers_back(turn.asked)
    return turn.question.startswith(f"{turn.asked} (")


class ChatSession:
    """One conversation. `ask`/`stream` take `Query | str` and the same options as `NewsRAG.ask`/`stream`."""

    def __init__(self, rag: NewsRAG, *, llm: bool | None = None, history_tokens: int | None = None) -> None:
        self.rag = rag
        self.llm = llm
        budget = rag.settings.llm_history_tokens if history_tokens is None else history_tokens
        self.history = ChatHistory(budget, lambda text: rag.embedder.count_tokens(text))

    def reset(self) -> None:
        self.history.clear()

    def standalone(self, question: str, *, llm: bool | None = None) -> str:
        """The follow-up rewritten so that it stands alone (unchanged on the first turn)."""
        turns = self.history.turns
        if not turns:
            return question
        # "Tell me more", "What else?": nothing to rewrite but what was asked before, which the rule says as it
        # was (the test LLM made "Tell me more" after the rail strike "What is the difference between a strike
        # and a walkout?")
        restated = self._restated(question) or returning_to(question, turns)
        if restated:
            return restated
        if self.rag.uses_llm(self._llm(llm)) and not asks_only_more(question):
            history = "\n".join(f"Q: {q}\nA: {a}" for q, a in history_pairs(turns[-3:]))
            messages = [
                {"role": "system", "content": CONDENSE_RULES},
                {
                    "role": "user",
                    "content": f"Conversation:\n{history}\n\nFollow-up question: {question}\nStandalone question:",
                },
            ]
            try:
                reply = self.rag.llm_client.complete(messages, max_tokens=CONDENSE_MAX_TOKENS, temperature=0.0)
            except LLMError:
                reply = ""  # the answer step reports the failure (and falls back); search sensibly meanwhile
            rewritten = clean_standalone(reply, question)
            if rewritten:
                return rewritten
        return heuristic_standalone(question, turns, self.rag.retriever.outlet_names())

    def _restated(self, question: str) -> str | None:
        """A follow-up that only changes the dates or the outlet of the conversation's question, as that question
        (`redated`, `outlet_swapped`): it stands alone, and the answer is about all of it."""
        turns = self.history.turns
        if not turns or not refers_back(question):
            return None
        return redated(question, turns) or outlet_swapped(question, turns, self.rag.retriever.outlet_names())

    def stream(self, query: Query | str, **options: Any) -> AnswerStream:
        """The turn's answer as it is produced (see `NewsRAG.stream`); `query`: a Query, or the
        question with Query's options as keywords. The turn joins the history once its Answer is
        read (`.answer()`, or iterating to the end)."""
        q = Query.of(query, **options)
        fixes = self.rag.misspelled(q.question)
        if fixes:  # "What was the turnuot?": the conversation goes on with the index's word
            q = q.with_question(respelled(q.question, fixes))
        capitals = self.rag.capitals_of(q.question)
        if capitals:  # "why did bed bath and beyond say it ...?": "it" stands for Bed Bath & Beyond, a name
            q = q.with_question(with_capitals(q.question, capitals))
        asked = q.question
        last = self.history.turns[-1] if self.history.turns else None
        if last is not None and (last.citations or last.sources) and asks_answer_sources(asked):
            # "list the sources" after an answer: the sources it quoted, which every client shows beside it, not
            # the index's outlets; not a turn either (an API client's history: the sources its answer listed)
            if last.citations:
                reply = sources_reply([cited(c) for c in last.citations])
            else:
                reply = sources_reply(last.sources, one_a_line=True)
            return AnswerStream(
                iter([reply, Answer(asked, reply, list(last.citations), refused=False, mode="extractive")])
            )
        if is_small_talk(asked) or asks_about_index(asked) or self.rag.unindexed_addresses(asked):
            # "ok thanks", "Which outlets are in the index?", "Summarize https://example.org/story" of an article
            # not indexed: answered without a search, and not a turn the conversation goes on from
            return self.rag.stream(q)
        use = self._llm(q.llm)
        standalone = self.standalone(asked, llm=use)
        history = history_pairs(self.history.turns)
        retrieval = None
        if standalone == asked and self.history.turns:
            # "How much will repairs cost?" after a question about the ferry names no ferry, and alone it
            # is like nothing in the index: what the conversation is about is what it asks after
            retrieval = self.rag.retrieve(q)
            # (not "Who wrote about the tram?": a byline question names the articles it asks about; a sentence
            # holding all it asks about answers it alone when it asks about something new: "Who won the game on
            # Saturday?" after the runoff, answered "... beat Lindholm United 3-1 on Saturday ...")
            new = new_thing(asked, self.history.turns[-1]) or new_name(asked, self.history.turns[-1])
            if _nothing_like(retrieval, self.rag, words_suffice=new) and not asks_author(asked):
                context = with_context(asked, self.history.turns)
                # searched with the user's words as its focus, as a follow-up is: outlets named earlier in the
                # conversation ("And Northwire?") are not compared for "What did the prime minister promise?"
                wider = self.rag.retrieve(Query.of(q.with_question(context), focus=asked))
                if _names_most_of(wider, asked):  # not "How do I knead dough?" after the ferry: still refused
                    standalone, retrieval = context, wider
            elif _names_nothing_specific(asked, retrieval) and not asks_author(asked):
                # "Which countries sent help?" after the earthquake: a question naming nothing is about the
                # conversation when a passage the last answer cited says it ("45 countries had offered to
                # send search and rescue teams"), however well a climate summit's "help developing countries"
                # matches it alone
                context = with_context(asked, self.history.turns)
                wider = self.rag.retrieve(Query.of(q.with_question(context), focus=asked))
                turn = self.history.turns[-1]
                # (not "is the harbour bridge open again?" after the green bridge vote, whose report mentions the
                # harbour bridge: alone it finds a report of its own, "Harbour bridge closed for repairs")
                if _said_in_what_was_cited(wider, asked, turn) and not _own_story(retrieval, asked, turn):
                    standalone, retrieval = context, wider
        elif standalone.startswith(f"{asked} (") and new_speaker(asked, self.history.turns[-1]):
            # what someone the conversation never mentioned said: about the conversation when its passages
            # name them ("What did TASS say?" after the UN draft: TASS's report on it), else about them ("What
            # did the pope say?" after the earthquake)
            retrieval = self.rag.retrieve(Query.of(q.with_question(standalone), focus=asked))
            if not _names_speaker(retrieval, asked, self.history.turns[-1]):
                alone = self.rag.retrieve(q)
                if _names_speaker(alone, asked) and (not _nothing_like(alone, self.rag) or self._quotes_speaker(alone)):
                    standalone, retrieval = asked, alone
        elif standalone.startswith(f"{asked} (") and not points_back(asked) and asks_role(asked):
            # "Who is the fire chief?" after the mayor's promise: the report naming "Fire chief Daniel Okafor"
            # answers it alone, though the conversation has spoken of the fire
            alone = self.rag.retrieve(q)
            if any(answers_role(asked, s) for p in alone.passages for s in split_sentences(p.text)):
                standalone, retrieval = asked, alone
        elif (
            standalone.startswith(f"{asked} (")
            and points_back(asked)
            and asks_events(asked)
            and new_subject(asked, self.history.turns[-1])
        ):
            # "What about the hospital?" after "Who is the union's general secretary?": as an ellipsis it asks
            # who the hospital's general secretary is, which nothing says; then it asks for the news about the
            # hospital, as it does alone. So too when what answers the ellipsis is about none of what was asked
            # before ("What about the comet?" after "Who owns the quarry?": the comet's report, not the quarry's),
            # so that the conversation goes on about the comet ("Tell me more")
            retrieval = self.rag.retrieve(Query.of(q.with_question(standalone), focus=asked))
            before = {canon(w) for w in content_words(self.history.turns[-1].question) if w not in ASKING_ONLY}
            answer = self._extractive(retrieval)
            if answer.refused or not any(before & canons(f"{c.title} {c.text}") for c in answer.citations):
                alone = self.rag.retrieve(q)
                if alone.passages and _names_most_of(alone, asked):
                    standalone, retrieval = asked, alone
        elif (
            standalone.startswith(f"{asked} (")
            and not points_back(asked)
            and new_subject(asked, self.history.turns[-1])
        ):
            # searched with the conversation only for naming nothing of its own, but about none of it
            alone = self.rag.retrieve(q)
            named = _names_most_of(alone, without_time_words(asked))  # "the latest on the strike": the strike
            # a sentence holding all it asks about answers a new subject ("Who won the game on Saturday?" after the
            # runoff: "... beat Lindholm United 3-1 on Saturday ...")
            # (not by a sentence holding its words when it compares the outlets on what names nothing: "Do the
            # outlets agree on the margin?" after the mayoral race is no question about a climate summit's "margin")
            compares = compares_nothing(asked, self.rag.retriever.outlet_names())
            # nor when it asks about one thing, which any report may mention ("What was the margin?" after the
            # mayoral race is not about the summit that passed its text "by a narrow margin")
            one_word = len(_own(asked)) <= 1
            # "What was the turnout?" after "Who won the midterms?" asks for the midterms' turnout, which their
            # reports may not give: not a German election's, found alone
            bridged = asks_attribute(asked) and not self.history.turns[-1].refused
            if named and not bridged and not _nothing_like(alone, self.rag, words_suffice=not (compares or one_word)):
                standalone, retrieval = asked, alone
            else:
                wider = self.rag.retrieve(Query.of(q.with_question(standalone), focus=asked))
                # (not "What was the margin?": what it asks is the conversation's race's, which its reports give in
                # other words, "by 88 votes")
                if (
                    not named
                    and not compares
                    and not asks_attribute(asked)
                    and unmentioned(asked, [*alone.passages, *wider.passages], canon)
                ):
                    # "How much will the ferry cost?" after the UN draft, in an index without a ferry: with the
                    # UN question it quoted a treaty's "20-year" for "how much"; nothing found alone or with the
                    # conversation mentions a ferry, which alone is the answer ("Where was the game played?"
                    # after the Super Bowl: its report says "game")
                    standalone, retrieval = asked, alone
                elif named and self._refused(wider) and not self._refused(alone):
                    # "What did the court decide?" after the rail strike: nothing on the strike says what a court
                    # decided, and the ruling's report, less like the question than an answer needs without the
                    # words of a ruling, answers it alone
                    standalone, retrieval = asked, alone
                else:
                    retrieval = wider
        # the extractive answer is about the user's words (not when they only gave other dates for the question before)
        focus = without_back_to(asked) if standalone != asked and standalone != self._restated(asked) else None
        inner = self.rag.stream(
            Query.of(q.with_question(standalone), llm=use, focus=focus), history=history, retrieval=retrieval
        )

        def remember(answer: Answer) -> None:
            if standalone != asked:
                # what was searched, in the user's words (not "Do agree on the margin? (...)", searched without the
                # words for outlets in general)
                answer.asked, answer.question = asked, standalone
            if fixes and spelling_note(fixes) not in (answer.note or ""):
                answer.note = " ".join(filter(None, [spelling_note(fixes), answer.note]))
            # what the answer quoted from, not every passage retrieved (a refusal quoted none: what it found
            # is not what the conversation is about, and in a small index it is about everything)
            read = [f"{c.title} {c.text}" for c in answer.citations]
            about = words_of(standalone, answer.text, *read)
            self.history.add(
                Turn(
                    question=standalone,
                    asked=asked,
                    answer=answer.text,
                    about=about,
                    searched=True,
                    refused=answer.refused,
                    citations=tuple(answer.citations),
                )
            )

        return AnswerStream(_parts(inner), on_answer=remember)

    def ask(self, query: Query | str, **options: Any) -> Answer:
        return self.stream(query, **options).answer()

    def _quotes_speaker(self, retrieval: Retrieval) -> bool:
        """The extractive answer to `retrieval` quotes a sentence naming whom its "What did X say?" asks about
        ("Judge Helena Brask said ..." for "What did the judge say?"; not an election report's opening for "What
        did Trump say?", though another of its sentences names him)."""
        said = _SAID_WHAT.search(retrieval.asked)
        if not said:
            return False
        answer = self._extractive(retrieval)
        if answer.refused:
            return False
        speaker = stems(said.group("speaker"))
        # (an acronym written out: "Chief executive Karin Dahl" for the CEO)
        namer = QuestionNames(said.group("speaker"))
        return bool(speaker) and any(
            speaker <= namer.stems(c.quote) and _SPEECH.search(c.quote) for c in answer.citations
        )

    def _refused(self, retrieval: Retrieval) -> bool:
        """The extractive answer to `retrieval` refuses (what the answer step would say, without an LLM)."""
        return self._extractive(retrieval).refused

    def _extractive(self, retrieval: Retrieval) -> Answer:
        """The extractive answer to `retrieval`, to judge which search a turn takes."""
        return self.rag.extractive.answer(retrieval, self.rag.scope(retrieval.filters))

    def _llm(self, llm: bool | None) -> bool | None:
        return llm if llm is not None else self.llm


def cited(c: Citation) -> str:
    """A source by its number, as the sources reply lists it: "[1] “Eagles rout Chiefs” (AP, 2025-02-10)"."""
    where = ", ".join(filter(None, [c.outlet, (c.published_at or "")[:10]]))
    return f"[{c.n}] “{c.title}”" + (f" ({where})" if where else "")


def sources_reply(sources: Sequence[str], *, one_a_line: bool = False) -> str:
    """What an answer quoted, each source by its number: "The last answer quoted 2 sources: [1] “Eagles rout Chiefs”
    (AP, 2025-02-10); [2] ...". `one_a_line`: a told answer's "Sources:" lines, which end with their URLs (no period
    glued to the last one)."""
    n = len(sources)
    head = f"The last answer quoted {n} source{'s' if n != 1 else ''}:"
    return head + "\n" + "\n".join(sources) if one_a_line else f"{head} {'; '.join(sources)}."


def _nothing_like(retrieval: Retrieval, rag: NewsRAG, *, words_suffice: bool = False) -> bool:
    """Nothing retrieved is as similar to the question as an answer needs (the answerers would refuse it,
    but, unless `words_suffice`, for a sentence holding every word it asks about: a follow-up is about the
    conversation first); "What did TASS say?" browses, and any passage of it answers."""
    sentences = [s for p in retrieval.passages for s in split_sentences(p.text)]
    return like_nothing(
        retrieval,
        sentences,
        threshold=rag.settings.refuse_threshold,
        embedder=rag.embedder,
        words_suffice=words_suffice,
    )


def _names_speaker(retrieval: Retrieval, question: str, turn: Turn | None = None) -> bool:
    """A passage names who `question` asks about ("the pope" of "What did the pope say?"), or is by them (an
    outlet: "TASS"); with `turn`, a passage that also names what that turn asked about (its names, "Turkey",
    else its words: not the pope's election report for a question on the earthquake in Turkey)."""
    said = _SAID_WHAT.search(question)
    if not said:
        return False
    namer = QuestionNames(question, pairs=True)
    speaker = stems(said.group("speaker"))
    subject: set[str] = set()
    if turn is not None:  # "What happened in June 2023?" is about its dates, which any passage found is from
        asked = without_time_words(turn.question)
        subject = ({name_key(n) for n in names(asked)} or stems(asked) - FOLLOW_UP_ASKING) - speaker
    return bool(speaker) and any(
        speaker <= (held := namer.stems(f"{p.title} {p.text}", p.outlet)) and (not subject or bool(subject & held))
        for p in retrieval.passages
    )


def _names_nothing_specific(question: str, retrieval: Retrieval) -> bool:
    """No name, number, place, outlet, author or dates: "Which countries sent help?", not "Who won the Super
    Bowl?", "What happened this week?" or "What did TASS say?"."""
    return names_nothing_specific(question) and not (
        retrieval.browse or retrieval.intent.has_range or retrieval.compared or retrieval.filters.authors
    )


def _said_in_what_was_cited(retrieval: Retrieval, question: str, turn: Turn) -> bool:
    """A sentence holding `NAMED_SHARE` of the question's own words (by stem, "sent" finds "send", or by
    `canon`, "help" finds "aid") in a passage `turn`'s answer cited (every word of it is among the turn's)."""
    own = {(stem(w), canon(w)) for w in content_words(without_time_words(question)) if w not in ASKING_ONLY}
    if len(own) < 2:
        return False
    need = NAMED_SHARE * len(own)

    def holds(sentence: str) -> bool:
        have = stems(sentence) | words_of(sentence)
        return sum(1 for st, cn in own if st in have or cn in have) >= need

    return any(
        words_of(p.title, p.text) <= turn.about and any(holds(sentence) for sentence in split_sentences(p.text))
        for p in retrieval.passages
    )


def _own_story(retrieval: Retrieval, question: str, turn: Turn) -> bool:
    """A report the conversation did not cite, among the first `OWN_STORY_DEPTH` the question finds alone, is
    titled with all it asks about, two words or more: "Harbour bridge closed for repairs" for "is the harbour
    bridge open again?" (what it asks with, "open" or "sent", aside)."""
    asking = asking_verbs(question) | {stem(v) for v in (asks_again(question), yes_no_verb(question)) if v}
    own = {
        stem(w) for w in content_words(without_time_words(question)) if w not in ASKING_ONLY and stem(w) not in asking
    }
    if len(own) < 2:
        return False
    return any(
        not words_of(p.title, p.text) <= turn.about and own <= stems(p.title)
        for p in retrieval.passages[:OWN_STORY_DEPTH]
    )


def _names_most_of(retrieval: Retrieval, question: str) -> bool:
    """One passage holds at least `NAMED_SHARE` of the question's words (word stems), or names who holds the
    role it asks about ("Union leader Rosa Delgado" for "Who leads the union?")."""
    # not "going" of "going on", nor "caused" of "What caused the fire?"
    skip = asking_verbs(question) | comparison_asking(question)  # nor "outlets", "agree" of a comparison
    asked = {stem(w): canon(w) for w in content_words(question) if w not in ASKING_ONLY and stem(w) not in skip}
    if not asked:
        return False
    need = NAMED_SHARE * len(asked)

    def held(text: str) -> int:
        # as written or in a word news uses for it; "the game" by its score ("Orvena FC beat Lindholm United 3-1")
        have, news, game = stems(text), canons(text), reports_game(text)
        return sum(a in have or c in news or (game and game_word(a)) for a, c in asked.items())

    return any(
        held(p.text) >= need or any(answers_role(question, s) for s in split_sentences(p.text))
        for p in retrieval.passages
    )


def _parts(stream: AnswerStream) -> Iterator[str | Answer]:
    try:
        yield from stream
        yield stream.answer()
    finally:
        stream.close()  # a reader that went away: the LLM stream under it ends now, not at garbage collection
