"""The seam between retrieval and answer writing: a small Answerer protocol."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from .answer_type import (
    CASUALTY_WORDS,
    all_named,
    answers_role,
    asking_verbs,
    asks_casualties,
    asks_report_about,
    asks_verdict,
    fills_slot,
    game_word,
    names_cause,
    names_slot,
    offers,
    own_words,
    question_type,
    reports_game,
    tells_of_victims,
    tells_verdict,
    without_outlet,
)
from .embedding import Embedder
from .models import Answer, Passage, SearchScope
from .retrieval import Retrieval
from .synonyms import canon, canons
from .text import ROLE_ACRONYMS, acronyms, content_words, spells, split_sentences, stem, stems
from .timeparse import state_words

# A question whose passages are all less similar to it than `refuse_threshold` is still answered when one
# of their sentences is at least this similar: a short question about one line of a longer passage ("What
# raise did the union accept?" is 0.28 like its passage and 0.82 like "The union accepted a 7 percent
# raise."). `python -m eval.calibrate` (eval/results/calibration-rtqa-2023jan.md) gives the off-topic
# questions' closest sentence under the passage threshold and the real questions' closest sentences.
SENTENCE_ANSWERS = 0.6
SENTENCES_CHECKED = 60  # the passages' first sentences, in their order: the check's cost stays flat


@runtime_checkable
class Answerer(Protocol):
    """Writes an Answer from retrieved passages. `mode` names it in every Answer. `history`: a chat's
    earlier (question, answer) pairs, oldest first (empty outside a chat)."""

    mode: str

    def answer(
        self, retrieval: Retrieval, scope: SearchScope, *, history: Sequence[tuple[str, str]] = ()
    ) -> Answer: ...


def refusal(retrieval: Retrieval, scope: SearchScope, mode: str, why: str) -> Answer:
    return Answer(
        question=retrieval.question,
        text=f"{why} Searched {scope.describe()}.",
        citations=[],
        refused=True,
        mode=mode,
        passages=retrieval.passages,
        scope=scope,
    )


def like_nothing(
    retrieval: Retrieval,
    sentences: Sequence[str],
    *,
    threshold: float,
    embedder: Embedder | None,
    words_suffice: bool = True,
) -> bool:
    """Whether the answerers refuse for finding nothing like the question: no passage is `threshold`
    similar to it, no sentence (of `sentences`, the passages') names every name the question names or who
    holds the role it asks about ("Union leader Rosa Delgado" for "Who leads the union?"), with
    `words_suffice` none holds every word the question asks about (`holds_every_word`), and none is
    `SENTENCE_ANSWERS` similar to it (not compared without an `embedder`). A question that browses
    its dates is like what it browses. A chat deciding whether a follow-up stands alone passes
    `words_suffice=False`: "How much will repairs cost?" after the ferry question is about the ferry,
    whatever other repairs a sentence mentions."""
    if retrieval.browse or max((p.score for p in retrieval.passages), default=0.0) >= threshold:
        return False
    asked = retrieval.asked
    for outlet in retrieval.filters.outlets:  # "What did the Kestrel Times report about the backlog?": its
        asked = without_outlet(asked, outlet)  # reports are searched, and they never print its name
    if all_named(asked, list(sentences)) or any(answers_role(asked, s) for s in sentences):
        return False
    if words_suffice and (
        holds_every_word(asked, sentences)
        or cause_reported(asked, retrieval.passages)
        or told_after(asked, retrieval.passages)
        # "Did the outlets agree on the verdict?": a sentence telling a court's finding ("found ... guilty")
        or (asks_verdict(asked) and any(tells_verdict(s) for s in sentences))
    ):
        return False
    return embedder is None or best_sentence(asked, sentences, embedder) < SENTENCE_ANSWERS


# verbs a question uses for whatever happened to what it asks about, which news says in its own words ("How many
# households were affected?": "The boil-water notice that covered 40,000 households ...")
_VAGUE = frozenset(stem(w) for w in "affected impacted involved concerned".split())
# whom a question asks about when it names no one: "Was anyone hurt?" asks whether someone was
_ANYONE = frozenset(stem(w) for w in "anyone anybody someone somebody everyone everybody nobody".split())
# "Did anyone die?" asks about victims, told as "has died" (not a synonym of "died": German text is full of "Die")
_DYING = frozenset(stem(w) for w in "die dies dying".split())


def _asked_words(question: str) -> set[str]:
    """The stems of what `question` asks about, not how it asks ("When will power be restored?": power, restor)."""
    return own_words(question) - asking_verbs(question) - _VAGUE - _ANYONE


def holds_every_word(question: str, sentences: Sequence[str]) -> bool:
    """One sentence holds every word the question asks about, not how it asks ("When will power be
    restored?": "... crews hoped to restore power to most homes by Thursday evening"): the model rates a
    short question low against a whole article, but such a sentence is what it asks after. A question of
    one such word needs a sentence that also gives the kind of answer it asks for ("What did the mayor
    say?": "The mayor of Norvik, Per Aasen, asked ..."), not any sentence saying "love" for "What is love?"."""
    asked = _asked_words(question)
    if not asked:
        return False
    # a word is held as written or in a word news uses for it: "Who won on Saturday?" by "... beat Lindholm United
    # 3-1 on Saturday ..."
    forms = {stem(w): canon(w) for w in content_words(question)}

    victims = asks_casualties(question)
    told_victims = {a for a in asked if forms.get(a, a) in CASUALTY_WORDS or a in _DYING}

    # a role's acronym as news writes it out: "Chief executive Karin Dahl said ..." holds the CEO (another acronym
    # written out is found by searching with it spelled out: `RetrievalSettings.expand_acronyms`)
    roles = [(short, stem(short.lower())) for short in acronyms(question) if short.lower() in ROLE_ACRONYMS]
    # "Is the container terminal closed?" is told by "Operations at the container terminal were suspended ..."
    state = {stem(w) for w in state_words(question)}

    def holds(sentence: str) -> bool:
        # "Did anyone die in the fires?": "No one was seriously hurt in the fires" tells of the victims it asks about
        need = asked - told_victims if victims and tells_of_victims(sentence) else asked
        have = stems(sentence) | {key for short, key in roles if spells(short, sentence)}
        if state & have:
            need = need - state
        if need <= have:
            return True
        news = canons(sentence)
        # "the game" by a sentence giving its score ("... beat Lindholm United 3-1 on Saturday")
        game = reports_game(sentence)
        return all(a in have or forms.get(a, a) in news or (game and game_word(a)) for a in need)

    held = [s for s in sentences if holds(s)]
    if len(asked) > 1 or not held or asks_report_about(question):
        return bool(held)
    kind = question_type(question)
    slot = names_slot(question)
    # "Was anyone hurt?": "No one was seriously hurt in the fires" tells of victims, which is what it asks
    return any(
        (slot and fills_slot(s, question))
        or (kind != "other" and offers(s, kind, question))
        or (victims and tells_of_victims(s))
        for s in held
    )


def cause_reported(question: str, passages: Sequence[Passage]) -> bool:
    """A "why" question of what a report opens with, which the report explains further down in words that name a
    cause: "What caused the fires?" of "Rivolt recalls 9,000 e-bike batteries after fires" (its title) and its
    "Rivolt said a faulty batch of cells from one supplier was to blame."."""
    if question_type(question) != "reason":
        return False
    asked = _asked_words(question)
    if not asked:
        return False
    for p in passages:
        told = split_sentences(p.text)
        if told and asked <= stems(f"{p.title} {told[0]}") and any(names_cause(s) for s in told[1:]):
            return True
    return False


# a sentence pointing back at what the one before it names: "Crews expect to reconnect most of them by Sunday evening."
POINTS_BACK = re.compile(r"\b(?:it|its|they|them|their|this|these|those|most|all)\b", re.I)


def told_after(question: str, passages: Sequence[Passage]) -> bool:
    """A when / how many / how much / where question answered by a sentence pointing back at what the sentence
    before it names: "When will power be restored?" of "Grid operator Nordnett now says 23,000 homes are without
    power ... Crews expect to reconnect most of them by Sunday evening." (the two hold every word it asks about,
    "reconnect" for "restored", and the second gives a date)."""
    kind = question_type(question)
    if kind not in ("date", "number", "amount", "place"):
        return False
    asked = _asked_words(question)
    if not asked:
        return False
    forms = {stem(w): canon(w) for w in content_words(question)}
    for p in passages:
        told = split_sentences(p.text)
        for before, sentence in zip(told, told[1:]):
            if not POINTS_BACK.search(sentence) or offers(sentence, kind, question) <= 0:
                continue
            pair = f"{before} {sentence}"
            have, news = stems(pair), canons(pair)
            if all(a in have or forms.get(a, a) in news for a in asked):
                return True
    return False


def best_sentence(question: str, sentences: Sequence[str], embedder: Embedder) -> float:
    """The highest cosine similarity of the question to one of the first `SENTENCES_CHECKED` sentences."""
    checked = [s for s in sentences if s.strip()][:SENTENCES_CHECKED]
    if not checked:
        return 0.0
    vectors = embedder.embed([question, *checked])
    return float(max(vectors[1:] @ vectors[0]))


def told_about(retrieval: Retrieval, sentences: Sequence[tuple[int, str]], history: Sequence[tuple[str, str]]) -> bool:
    """A follow-up about what the last answer quoted: of `sentences` ((passage index, sentence) of the
    retrieved passages), one the last answer quoted is in a passage holding every word of the follow-up's
    own, if it has any ("Who scored?" after the cup final's result, the report saying "Striker Tomas Lind
    scored twice."), however unlike the follow-up searched with its context ("Who scored? (Which team won
    the cup?)") the passage is; such a follow-up is not refused for being unlike its passages."""
    if not retrieval.focus or not history:
        return False
    own = own_words(retrieval.focus)  # none: it asks only about the conversation ("What was the score?")
    told = {i for i, sentence in sentences if sentence in history[-1][1]}
    passages = retrieval.passages
    return any(own <= stems(f"{passages[i].title} {passages[i].text}") for i in told)
