"""The default answerer, no LLM: quote the retrieved sentences that best answer the question.

Each candidate sentence is scored by a mix of (a) cosine similarity between the
question and the sentence (same embedding model), (b) the share of the question's
content words it contains, each word weighted by how few candidate sentences hold it
(the question's focus), (c) its passage's retrieval score, (d) whether it offers the
kind of answer the question asks for (who / which X: a name the question lacks; where /
which country: a place; when: a date; how many / how much: a number or an amount; why: a cause;
rag.answer_type), and more when it puts that answer next to the question's word for it ("six
centuries" for "in how many centuries?", "since 2017" for "since when?"; this term picks the lead,
not the runners-up), (e) a small bonus for an article's first sentence (news leads with its main
fact) and a small penalty for questions, labels and headings; sentences are quoted as plain
text (markup flattened, rag.llm.sanitize.source_sentences) and one addressed to an AI system is
not quoted while another sentence is a candidate, nor is a link to another story ("Read more: ...");
(b) to (e) pick the
20 most promising sentences first, so only those are embedded. The best sentence
and any close runners-up make the answer, each followed by the [n] of its passage. For "latest"/"current"
questions and questions with a date range ("this week", "in March") the passage term follows the
retrieval order instead (it holds the recency blend or the in-range boost), and when the best passage is
from inside the range, the answer comes from inside it (`_in_range_first`). The chosen sentences are
quoted newest report first among those about what the best one is about (news is updated, and
Wednesday's toll supersedes Monday's), then the others; for
"latest" questions a runner-up from a report over 30 days older than the lead's is not quoted, and
under a lead from inside a question's date range no runner-up from outside it is. A follow-up (a
chat question searched with the previous one) is answered by sentences naming its own words when any
candidate does, and its runners-up come from passages about the conversation's subject. A "why"
answer whose lead gives no cause also quotes the best sentence of the lead's passage that gives one. A
lead that opens by pointing back ("He took the name Leo XIV.", "The move put the ECB ahead ...") is quoted
after the sentence it points at.
When no retrieved passage is as similar to the question
as `refuse_threshold`, it refuses and says what was searched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from difflib import SequenceMatcher
from itertools import zip_longest

import numpy as np

from ingest.outlets import same_outlet

from .answer_type import (
    CASUALTY_WORDS,
    FOLLOW_UP_ASKING,
    PERSONAL_PRONOUNS,
    SCALE_WORDS,
    QuestionNames,
    answers_role,
    asked_noun,
    asking_verbs,
    asking_words,
    asks_again,
    asks_age,
    asks_beaten,
    asks_casualties,
    asks_correction,
    asks_cost,
    asks_event,
    asks_identity,
    asks_lasting,
    asks_on_its_own,
    asks_rank,
    asks_result,
    asks_role,
    asks_strength,
    asks_term,
    asks_when_or_where,
    asks_words,
    cost_of,
    counted,
    doer_side,
    doer_subject,
    fills_slot,
    for_side,
    game_word,
    is_dateline,
    is_editorial_note,
    is_fragment,
    is_link_label,
    is_number_word,
    is_reader_prompt,
    is_retraction,
    keeps_subject,
    leans_back,
    name_key,
    name_phrases,
    names,
    names_cause,
    names_nothing,
    names_nothing_specific,
    names_outlet,
    names_slot,
    offers,
    own_words,
    owned_speaker,
    question_type,
    reports_game,
    reports_result,
    rough_count,
    says_outright,
    speaker_asked,
    tells_of_victims,
    the_subjects,
    unmentioned,
    unnamed,
    values,
)
from .answering import POINTS_BACK, like_nothing, refusal, told_about
from .bylines import asks_author, byline_answer, coverage_answer
from .corrections import is_correction, is_notice, supersede, withdrawn
from .embedding import Embedder
from .keyword import bm25_tokens
from .llm.sanitize import hosts_of, source_sentences
from .models import Answer, Citation, Passage, SearchScope
from .places import seats_of
from .retrieval import (
    SAY_WORDS,
    Retrieval,
    asks_coverage,
    asks_events,
    asks_more,
    asks_next,
    asks_only_more,
    asks_timeline,
    compared_question,
    comparison_asking,
    in_range,
    last_touched,
    names_all,
    searched_with,
    written_about,
)
from .spelling import is_english
from .synonyms import canon, canons, leads_with_opposite, opposite_event
from .text import STOPWORDS, acronyms, content_words, split_sentences, stem, stems, words, written_out
from .timeparse import TimeIntent, asks_state_now, days_named, state_words, without_time_words

MAX_CANDIDATES = 64
# a sentence of three words that states a figure of what the sentence before names: "He was 58.", "She was 91."
_SHORT_FIGURE = re.compile(r"^\s*(?:he|she|they)\s+(?:was|is|were|are)\s+\d{1,3}\s*[.!]?\s*$", re.I)
MAX_UPDATE_CANDIDATES = 32  # newer reports' sentences embedded to find an update of a "latest" answer
_DIGIT = re.compile(r"\d")
TOPIC_SHARE = 1 / 3  # a passage holding this share of a conversation's words (weighted) is on its topic
THIN_TOPIC = 2  # a conversation left with fewer words than this (and no name) has no topic
SAME_SUBJECT = 0.7  # a sentence holding this share of the best one's question words (weighted) is on the same subject


@dataclass(frozen=True)
class Weights:
    """How a candidate sentence is scored; chosen on rtqa-2023jan by `python -m eval.answer_tuning`
    (eval/results/answer-tuning-rtqa-2023jan.md)."""

    cosine: float = 0.55  # similarity of the sentence to the question
    lexical: float = 0.15  # share of the question's focus words it holds
    passage: float = 0.10  # its passage's similarity (or rank) for the question
    kind: float = 0.15  # it offers what the question asks for (a name, a place, a number, a date)
    lead: float = 0.03  # the article's first sentence: news leads with its main fact
    date_lead: float = 0.0  # ... for "when", when it gives a date (0: as `lead`; 0.2 tried on jan: -2 questions)
    slot: float = 0.3  # it names the answer next to the question's word for it ("six centuries": how many centuries)
    fragment: float = 0.05  # a question, a label or a heading: shares words, states nothing
    opposite: float = 0.1  # it tells the opposite event of the one asked about ("ended" for "When did it start?")
    phrase: float = 0.0  # share of the question's adjacent word pairs ("take office") it holds side by side
    topic: float = 0.2  # its report holds none of the question words the report holding most of them holds
    embed_candidates: int = 20  # the most promising sentences by the other terms; only these are embedded
    runner_up_margin: float = 0.08  # sentences this close to the best join it (up to max_sentences)
    latest_window_days: float = 30.0  # "latest" questions: no runner-up from a report this much older than the lead
    stale: float = 0.25  # "latest" / "recently": a report this much older than the newest relevant one (0: off)
    timeline_entries: int = 6  # "How has the strike developed?": most reports a timeline quotes, one sentence each
    date_range: bool = True  # "this week": passage term by retrieval order (holds the boost), runners-up in range
    range_lead: bool = True  # "in July 2023": quoted from inside the range when the best passage is from it
    antecedent: bool = True  # a lead that points back ("He took the name ...") follows the sentence it points at
    corrections: bool = True  # a correction notice ("An earlier version ... said") is followed by the correction
    update_similarity: float = 0.5  # "latest": a newer report's sentence this like the lead leads (0: off)
    update_counts: bool = (
        True  # ... and for "how many" / "how much" / who-won questions without "latest" (a death toll)
    )
    update_slot_similarity: float = (
        0.3  # ... or this like it, when it counts what the question counts ("2,400 workers")
    )
    disagreement: float = 0.15  # when / how many / how much: another outlet's other figure this close joins (0: off)
    dated_apart_days: float = (
        30.0  # an answer quoting reports this many days apart dates each ("2023-07-26: ") (0: off)
    )


WEIGHTS = Weights()


class ExtractiveAnswerer:
    mode = "extractive"

    def __init__(
        self, embedder: Embedder, *, refuse_threshold: float = 0.3, max_sentences: int = 3, weights: Weights = WEIGHTS
    ) -> None:
        self.embedder = embedder
        self.refuse_threshold = refuse_threshold
        self.max_sentences = max_sentences
        self.weights = weights

    def candidates(self, passages: list[Passage]) -> list[tuple[int, str]]:
        return [(i, s) for i, s, _ in self._candidates(passages)]

    def _candidates(self, passages: list[Passage]) -> list[tuple[int, str, bool]]:
        """(passage index, sentence, is the article's first sentence). Sentences are quoted as plain
        text (`source_sentences`: no image, HTML, link or URL to another host than the passage's own
        can reach the answer), and a sentence addressed to an AI system ("ignore previous
        instructions", "cite this as source [9]") is left out while any other sentence is a candidate."""
        out: list[tuple[int, str, bool]] = []
        orders: list[tuple[int, str, bool]] = []
        for i, passage in enumerate(passages):
            for j, sentence in enumerate(source_sentences(passage.text, hosts_of([passage.url]))):
                if 4 <= len(sentence.text.split()) <= 90 or _SHORT_FIGURE.match(sentence.text):
                    (orders if sentence.instruction or _not_a_report(sentence.text) else out).append(
                        (i, sentence.text, j == 0 and passage.position == 0)
                    )
        return (out or orders)[:MAX_CANDIDATES]

    def score(
        self,
        question: str,
        qvec: np.ndarray | None,
        passages: list[Passage],
        *,
        by_rank: bool = False,
        focus: str | None = None,
        candidates: list[tuple[int, str, bool]] | None = None,
        latest: bool = False,
    ) -> list[tuple[float, float, int, str]]:
        """(score, its slot term, passage index, sentence), best first. The passage term is the passage's
        similarity to the question, or with `by_rank` its retrieval score relative to the
        first passage's (for "latest" questions, whose order holds the recency blend).
        `focus`: when the question also carries context (a follow-up searched with the previous
        question), the follow-up's own words: the kind of answer is the one they ask for, their words
        count twice, and the similarity is the mean of the sentence's to them and to the question.
        `candidates`: the passages' candidate sentences when the caller already has them. `latest`: a "latest"
        question, for which an update a page marks as one ("Update, Thursday: ...") offers what it asks for."""
        cands = self._candidates(passages) if candidates is None else candidates
        if not cands:
            return []
        w = self.weights
        q_terms = stems(question)
        qtype = question_type(question)
        own: set[str] = set()
        if focus:
            # "Do the outlets agree on the death toll?": its own words are the death toll, not the outlets agreeing
            own = own_words(focus) - comparison_asking(focus)
            q_terms |= own
            if question_type(focus) != "other" or asks_on_its_own(focus):
                qtype = question_type(focus)
        compared = _compared_topic(focus or question, question, focus)
        if compared and question_type(compared) != "other":
            qtype = question_type(compared)  # "Do the outlets agree on the death toll?": a count, in each outlet
        prior = [p.score for p in passages]
        if by_rank and passages and passages[0].meta.get("fused"):
            prior = [float(p.meta.get("fused", 0.0)) / float(passages[0].meta["fused"]) for p in passages]
        namer = QuestionNames(question)
        held = [namer.stems(sentence, passages[i].outlet) for i, sentence, _ in cands]
        weight = _focus_weights(q_terms, held)
        if own:
            weight = {t: v * (2.0 if t in own else 1.0) for t, v in weight.items()}
        total = sum(weight.values())
        # The slot term counts in a passage that names what the question is about (one of its names, when
        # it has any): "its first cut since December" in a report on the Fed does not answer "Since when
        # has the ECB been cutting rates?".
        asked = focus or question
        fills = [False] * len(cands)
        if w.slot and names_slot(asked):
            subject = {name_key(n) for n in names(asked)}
            about = [not subject or bool(subject & stems(f"{p.title} {p.text}")) for p in passages]
            # in a report holding what it asks about besides its names: "Marlow won the National Book Prize" does not
            # answer "Who won the cup match?", nor "Orvena FC beat Lindholm" "Who won the Orvena mayoral election?"
            done = {canon(w) for w in doer_subject(asked) if name_key(w) not in subject}
            if done and asks_role(asked):
                # "Who runs the ferry company?": a report on the ferry calls its company the operator, "Nordfjord
                # Lines' chief executive, Mats Lindqvist" runs it (whose role it is, `fills_slot` checks)
                about = [a and bool(_held(done, f"{p.title} {p.text}")) for a, p in zip(about, passages)]
            elif done:
                about = [a and _all_held(done, f"{p.title} {p.text}") for a, p in zip(about, passages)]
            # what an outlet says is all its report says: "Reuters could not independently verify who was behind the
            # destruction" names Reuters, and says nothing of the dam ("What did Reuters say about the dam?")
            speaker = speaker_asked(asked)
            own_word = [bool(speaker) and names_outlet(speaker, p.outlet or "") for p in passages]
            fills = [about[i] and not own_word[i] and fills_slot(sentence, asked) for i, sentence, _ in cands]
            owned = owned_speaker(asked)
            if owned is not None:
                # "What did Norlund Bank's CEO say?": "Chief executive Karin Dahl said ..." in a report on the bank
                owner, by_role = owned
                mine = [_all_held({canon(w) for w in content_words(owner)}, f"{p.title} {p.text}") for p in passages]
                fills = [
                    f or (mine[i] and not own_word[i] and fills_slot(sentence, by_role))
                    for f, (i, sentence, _) in zip(fills, cands, strict=True)
                ]
            if asks_words(asked):
                # "What did Putin tell Araqchi?": "Putin told Iran's foreign minister ...", not "Putin hosted Abbas
                # Araqchi ...", which opens with him and tells what he did (when a sentence has him say something)
                outright = [f and says_outright(c[1], asked) for f, c in zip(fills, cands, strict=True)]
                if any(outright):
                    fills = outright
        notes_asked = asks_correction(asked)  # "Was the ferry story corrected?": the notes answer it
        pre = []
        # a follow-up's own words are found in the words news uses for one another, as its sentences were chosen
        # ("how many died?": "the number of people confirmed dead"); not a question's every word (tried: on
        # rtqa-2023jan it reworded four answers for no gain, on rtqa-2023febmar it lost two answers)
        canon_of = {t: canon(t) for t in weight if t in own}
        pairs = _pairs(asked) if w.phrase else set()
        off_topic = _off_topic(question, passages) if w.topic else [0.0] * len(passages)
        for (i, sentence, lead), have, fill in zip(cands, held, fills, strict=True):
            same = {canon(t) for t in have} if canon_of else set()
            lex = (
                sum(v for t, v in weight.items() if t in have or (t in canon_of and canon_of[t] in same)) / total
                if total
                else 0.0
            )
            partial = w.lexical * lex + w.passage * prior[i]
            if pairs:  # "when does the winner take office?": "She takes office on January 1", not "election office"
                partial += w.phrase * len(pairs & _pairs(sentence)) / len(pairs)
            # a correction's notice repeats what an earlier version said ("An earlier version of this article
            # said Varga won by 412 votes."): the claim was withdrawn, so it offers no answer of its own; nor
            # does a note that the article was amended ("... on 4 December 2026 to correct the month ...")
            retracted = is_editorial_note(sentence)
            kind = (1.0 if notes_asked else 0.0) if retracted else offers(sentence, qtype, question)
            if latest and _UPDATE_NOTE.match(sentence):
                kind = 1.0
            # (`date_lead`, off: a "when" question's date from a report's first sentence; tried on jan, -2 questions)
            opening = w.date_lead if w.date_lead and qtype == "date" and kind else w.lead
            partial += w.kind * kind + opening * lead - w.fragment * is_fragment(sentence)
            if w.opposite and opposite_event(asked, sentence):
                partial -= w.opposite
            slot = w.slot if fill and not retracted else 0.0
            pre.append((partial + slot, slot, i, sentence))
        # Only the most promising sentences are embedded: the cost of an answer stays flat.
        pre.sort(key=lambda t: -t[0])
        pre = pre[: w.embed_candidates]
        if qvec is None:
            qvec = self.embedder.embed([question])[0]
        vectors = self.embedder.embed([t[3] for t in pre] + ([focus] if focus else []))
        cos = vectors[: len(pre)] @ qvec
        if focus:
            cos = (cos + vectors[: len(pre)] @ vectors[-1]) / 2
        # (a report on another story is put below after the cut, which keeps the sentences embedded as they were)
        # "A deadly plane crash recently occurred in which country?": a sentence of a report over
        # `latest_window_days` older than the newest relevant coverage is last year's crash, not the recent one
        # (a follow-up naming a new subject, "What about the ECB?" after "What's the latest on interest rates?", by the
        # newest report naming it: the ECB's June cut is its latest, however older than the Fed's September one)
        stale = (
            _stale(passages, w.latest_window_days, _naming(focus, passages) if focus else None)
            if latest and w.stale
            else [False] * len(passages)
        )
        scored = [
            (partial + w.cosine * float(c) - w.topic * off_topic[i] - w.stale * stale[i], slot, i, sentence)
            for (partial, slot, i, sentence), c in zip(pre, cos)
        ]
        scored.sort(key=lambda t: -t[0])
        return scored

    def _newer_update(
        self,
        chosen: list[tuple[float, int, str]],
        candidates: list[tuple[int, str, bool]],
        passages: list[Passage],
        question: str = "",
    ) -> tuple[float, int, str] | None:
        """For a "latest" question: the sentence of the newest retrieved report, newer than every chosen one,
        that says what the lead says (embedding similarity at least `update_similarity`; with a number when
        the lead has one): "Officials now say 44 people lost their lives in the floods." (Wednesday, a report
        on the funerals in Ostra) updates "The number of people killed in the floods in northern Rivania has
        risen to 31" (Sunday), though it shares few of the question's words and its passage ranks low."""
        if not chosen:
            return None
        lead = chosen[0][2]
        # "Who won the mayoral race?": the recount's "confirmed Clara Voss as mayor" settles Friday's "too close
        # to call ... leading by 212 votes", and gives a name, not a count
        result = asks_result(question)
        kind = question_type(question)
        # (a count in words too: "sending eleven wagons down an embankment" for "How many wagons derailed?")
        figured = kind if kind in ("number", "amount") else "number"
        digits = bool(_DIGIT.search(lead))  # (a figure in words updated by one in words: not "could take three weeks")

        def figure(sentence: str) -> bool:
            return bool(_DIGIT.search(sentence)) if digits else offers(sentence, figured, question) > 0

        # (in words, only asked for a count: "could run again within two weeks" is no count for "Is the ferry running
        # again?", and any newer report may update it)
        numeric = (digits or (kind in ("number", "amount") and figure(lead))) and not result
        # a strength or an age: updated only by one ("Power has been restored to all but 900 of the 8,000 homes" is
        # no update of "gusts of up to 130 km/h" for "How strong were the winds?"); a cost is also updated in other
        # words ("Engineers now put the cost of repairs at 3.5 million euros")
        fixed = (asks_strength(question) or asks_age(question)) and fills_slot(lead, question)
        # newer than every count quoted (a count's update), or than every sentence quoted
        newest = max(last_touched(passages[i]) or 0 for _, i, s in chosen if not numeric or figure(s))
        quoted = {c[2] for c in chosen}
        # what the question counts, when the lead names it: "Shares in Halvard fell 4%" is no update of "operating
        # profit fell 12% to 410 million kronor" for "How much profit did Halvard make?"
        unit = counted(question) if numeric else set()
        unit = unit if unit and unit <= stems(lead) else set()
        pool = [
            (i, sentence)
            for i, sentence, _ in candidates
            if newest
            and (last_touched(passages[i]) or 0) > newest
            and sentence not in quoted
            and (not numeric or figure(sentence))
            and unit <= stems(sentence)
            # (and tells a result: "Ruth Greenway took her seat on Tuesday" is news of the winner, not who won)
            and (not result or (offers(sentence, "entity", question) > 0 and reports_result(sentence)))
            and (not fixed or fills_slot(sentence, question))
            # (nor the opposite of what it asks: "Norlund Bank shares rose 6% on Thursday" for "How much did the
            # shares fall?")
            and not leads_with_opposite(question, sentence)
        ]
        if pool:  # and on the lead's story: a quarry's "40 jobs at risk" is no update of a shipyard's cuts
            on_story = _on_story(question, passages, chosen[0][1])
            pool = [(i, sentence) for i, sentence in pool if on_story[i]][:MAX_UPDATE_CANDIDATES]
        if not pool:
            return None
        vectors = self.embedder.embed([lead] + [sentence for _, sentence in pool])
        sims = vectors[1:] @ vectors[0]
        # "The union said 2,400 workers were now out" updates "About 2,000 dock workers ... walked off the
        # job" for "How many workers are on strike?": it counts what the question counts, though MiniLM finds
        # it no more like the lead than "40 vessels were waiting"
        slot = bool(question) and numeric and names_slot(question)
        # and a toll's in a sentence telling of victims: "The final death toll stands at 29" updates "The number of
        # people killed ... has reached 31" for "How many people died?", though it names no "people" beside 29
        victims = slot and asks_casualties(question)
        # a count's or an amount's update gives a figure the lead does not ("taking its key rate to 3.5%" is no
        # update of "raised its main interest rate by a quarter point to 3.5%")
        counts = numeric and kind in ("number", "amount")
        like = [
            (last_touched(passages[i]) or 0, float(sim), i, sentence)
            for (i, sentence), sim in zip(pool, sims, strict=True)
            if (
                sim >= self.weights.update_similarity
                or (
                    slot
                    and sim >= self.weights.update_slot_similarity
                    and (fills_slot(sentence, question) or (victims and tells_of_victims(sentence)))
                )
            )
            and (not counts or values(sentence, kind, question) - values(lead, kind, question))
        ]
        if not like:
            return None
        _, _, i, sentence = max(like)
        return (chosen[0][0], i, sentence)

    def _quoted(self, retrieval: Retrieval, scope: SearchScope, parts: list[str], citations: list[Citation]) -> Answer:
        """The answer made of these quoted sentences (each already followed by its [n])."""
        return Answer(
            question=retrieval.question,
            text=" ".join(parts),
            citations=citations,
            refused=False,
            mode=self.mode,
            passages=retrieval.passages,
            scope=scope,
        )

    def _next_events(self, retrieval: Retrieval, scope: SearchScope, history: Sequence[tuple[str, str]]) -> Answer:
        """ "What happened next?" in a chat: the reports on the conversation's story dated after the newest one the
        last answer quoted, oldest first, each by its opening sentence and its day (one report an article, as many
        as `max_sentences`); refused when the index holds nothing newer on it."""
        passages = retrieval.passages
        cands = self._candidates(passages)
        told = history[-1][1]
        quoted = {i for i, sentence, _ in cands if sentence in told}
        lead = _quoted(cands, history)
        if not quoted or lead is None:
            why = "“What happened next?” asks what followed an answer; none of the passages found is one it quoted."
            return refusal(retrieval, scope, self.mode, why)
        since = max(last_touched(passages[i]) or 0 for i in quoted)
        seen = {passages[i].article_id for i in quoted}
        # (the story's words, not how the conversation asked: "caused" of "What caused the Brask derailment?")
        asking = stems(retrieval.focus or retrieval.asked) | _WHY_ASKING
        about = _on_context(retrieval.question, asking, passages, lead)
        # or holding most of the words of the quoted report's title: "Diesel spill from Brask train worse than feared"
        # after "Freight train derails near Brask, spilling diesel into the Olla river"
        title = {stem(w) for w in content_words(passages[lead[0]].title) if not _DIGIT.search(w)}  # (not its "60")
        about = [a or 2 * len(title & stems(f"{p.title} {p.text}")) > len(title) for a, p in zip(about, passages)]
        first: dict[str, int] = {}  # each newer article on the story: its first passage found
        for i, p in enumerate(passages):
            if about[i] and p.article_id not in seen and (last_touched(p) or 0) > since:
                if p.article_id not in first or p.position < passages[first[p.article_id]].position:
                    first[p.article_id] = i
        picked = sorted(first.values(), key=lambda i: (last_touched(passages[i]) or 0, i))[: self.max_sentences]
        untold = [c for c in cands if c[1] not in told]
        citations: list[Citation] = []
        parts: list[str] = []
        for i in picked:
            sentence = _lead_sentence(untold, i, passages[i].title)
            if sentence is None:
                continue
            citations.append(Citation.from_passage(len(citations) + 1, passages[i], sentence, passages[i].score))
            day = (citations[-1].published_at or "")[:10]
            parts.append(f"{day}: " * bool(day) + f"{sentence} [{len(citations)}]")
        if not parts:
            day = datetime.fromtimestamp(since, UTC).date().isoformat() if since else None
            why = "Nothing on what we were discussing in the index is newer than the report the last answer quoted"
            return refusal(retrieval, scope, self.mode, f"{why}{f' ({day})' if day else ''}.")
        return self._quoted(retrieval, scope, parts, citations)

    def _digest(self, retrieval: Retrieval, scope: SearchScope, *, said: Callable[[str], bool] | None = None) -> Answer:
        """ "What happened in February 2023?": the range's news, newest first, one article's opening
        sentence each (an article's first passage when retrieved, its best-ranked one otherwise), as many
        articles as `max_sentences`. Any article of the range answers a question about nothing else, so
        no similarity threshold applies. `said`: what the conversation's answers said (`said_in`), for a follow-up asking for more
        ("Tell me more about the march"): no sentence of them is said again, and an article they quoted
        gives the sentences after."""
        passages = retrieval.passages
        cands = self._candidates(passages)
        if said is not None:
            cands = [c for c in cands if not said(c[1])]
        best: dict[str, int] = {}
        for i, p in enumerate(passages):
            if p.article_id not in best or p.position < passages[best[p.article_id]].position:
                best[p.article_id] = i
        picked = sorted(best.values(), key=lambda i: (-(last_touched(passages[i]) or 0), i))
        timeline = asks_timeline(retrieval.asked) and not retrieval.compared
        if timeline:
            # "How has the rail strike developed?": its reports oldest first, each by its date, then the undated
            picked = sorted(
                best.values(), key=lambda i: (passages[i].published_ts is None, passages[i].published_ts or 0, i)
            )
        elif retrieval.intent.recency and picked and last_touched(passages[picked[0]]):
            # "What's the latest on the harbour toll?": last year's story is superseded, not the latest
            oldest = (last_touched(passages[picked[0]]) or 0) - self.weights.latest_window_days * 86400
            picked = [i for i in picked if (last_touched(passages[i]) or 0) >= oldest]
        limit = max(self.max_sentences, self.weights.timeline_entries) if timeline else self.max_sentences
        if retrieval.compared:
            # "What did the BBC and Al Jazeera report?": each outlet's newest in turn, grouped by outlet
            # (one outlet's name spelled two ways is one outlet: "The Norrland Courier" and "Norrland Courier")
            asked = dict.fromkeys(same_outlet(o) for o in retrieval.compared)
            mine = [[i for i in picked if same_outlet(passages[i].outlet) == o] for o in asked]
            limit = max(limit, sum(1 for m in mine if m))
            turns = [i for rank in zip_longest(*mine) for i in rank if i is not None][:limit]
            picked = [i for m in mine for i in m if i in turns]
        citations: list[Citation] = []
        parts: list[str] = []
        used: list[int] = []  # the passage each citation quotes
        # "What did Ana Ruiz report about the missing?": in each of her articles, the sentence about it
        # "What happened in Calder Bay last week?": likewise, in each article the sentence about Calder Bay
        about = retrieval.filters.authors or asks_events(retrieval.asked)
        topic = written_about(retrieval.asked, retrieval.intent) if about else set()
        # (a title naming the question's names is about it: "Lunde found guilty ..." for "What's the latest on the
        # Lunde case?", though no title says "case")
        named = topic & set(bm25_tokens(" ".join(names(retrieval.asked)))) if topic else set()
        # "What happened in Turkey?": this week's summit and an earthquake of three years ago, each by its date
        dated = _days_apart([passages[i] for i in picked[:limit]], self.weights.dated_apart_days)
        for i in picked:
            # an article whose title names it is about it: its opening sentence ("What happened with the Fed?":
            # "The Federal Reserve lowered ...", not the first sentence to say "Fed")
            titled = bool(topic) and (
                names_all(passages[i].title, topic) or bool(named) and names_all(passages[i].title, named)
            )
            sentence = (None if titled else _topic_sentence(cands, i, topic)) or _lead_sentence(
                cands, i, passages[i].title
            )
            if sentence is None:
                continue
            entries = _dated_entries(cands, i) if timeline else []
            if len(entries) >= LIVE_ENTRIES:
                # "How has the Vessby wildfire developed?" over a live page: its entries, each by its own date and time
                # (the newest as much as there is room for), not the page's newest entry under its first day's date
                entries = entries[-max(1, limit - len(parts)) :]
                citations.append(Citation.from_passage(len(citations) + 1, passages[i], entries[0], passages[i].score))
                citations[-1].quotes.extend(entries[1:])
                parts.extend(f"{e} [{len(citations)}]" for e in entries)
                used.append(i)
                if len(parts) >= limit:
                    break
                continue
            same = next((c for c in citations if any(_similar(sentence, q) for q in c.quotes)), None)
            if same is not None:
                # "What happened to the Halvik ferry?": a trimmed copy of a story already quoted (not alike enough to
                # be collapsed as one story) says it again; it is another outlet carrying that story
                if passages[i].outlet and passages[i].outlet not in {
                    same.outlet,
                    *(o["outlet"] for o in same.also_carried_by),
                }:
                    same.also_carried_by.append({"outlet": passages[i].outlet, "url": passages[i].url})
                continue
            citations.append(Citation.from_passage(len(citations) + 1, passages[i], sentence, passages[i].score))
            opens = retrieval.compared and (
                len(citations) == 1 or same_outlet(citations[-2].outlet) != same_outlet(passages[i].outlet)
            )
            day = (citations[-1].published_at or "")[:10] if timeline else dated.get(passages[i].article_id, "")
            parts.append(
                f"{passages[i].outlet}: " * bool(opens) + f"{day}: " * bool(day) + f"{sentence} [{len(citations)}]"
            )
            # an article that opens with a correction notice: the correction follows it, as in any answer
            for _, _, correction in _with_corrections([(0.0, i, sentence)], cands, 1)[1:]:
                citations[-1].quotes.append(correction)
                parts[-1] += f" {correction} [{len(citations)}]"
            note = _update_note(cands, passages, passages[i].article_id) if retrieval.intent.recency else None
            if note is not None and not timeline and note not in citations[-1].quotes:
                # "What's the latest on the bridge?": a live page's marked update is its latest news ("Update,
                # Thursday: the city now says the bridge will reopen on Saturday"): it follows the page's opening
                citations[-1].quotes.append(note)
                parts[-1] += f" {note} [{len(citations)}]"
            if said is not None:  # "Tell me more": the sentence after it too, as the report goes on
                after = _next_stated(cands, i, sentence)
                if after is not None and after not in citations[-1].quotes:
                    citations[-1].quotes.append(after)
                    parts[-1] += f" {after} [{len(citations)}]"
            used.append(i)
            if len(parts) >= limit:
                break
        if timeline:
            parts = _with_update_notes(parts, citations, passages, cands, limit)
        elif not retrieval.compared and said is None:
            # "What happened with the earthquake?" over one report on it: what it goes on to say, as far as the answer
            # has room ("The epicentre was 12 km north of the town of Vessby ...", "No injuries were reported ...")
            _go_on(parts, citations, used, cands, limit)
        if not parts and said is not None:  # "What else?" when the reports have said all they say
            return refusal(retrieval, scope, self.mode, "The reports I found say nothing more about it.")
        if not parts:
            return refusal(retrieval, scope, self.mode, "The retrieved passages hold no usable sentence.")
        return self._quoted(retrieval, scope, parts, citations)

    def _side_by_side(
        self,
        retrieval: Retrieval,
        scope: SearchScope,
        scored: list[tuple[float, int, str]],
        cands: list[tuple[int, str, bool]],
    ) -> Answer:
        """ "How do TASS and Reuters differ on the dam?": each named outlet's best sentence, then its
        runners-up while the answer has room (`max_sentences`, at least one per outlet), grouped by outlet
        in the order the question names them, each group opened with the outlet's name. An outlet none of
        whose passages is as similar as `refuse_threshold` is not quoted; the note says so. Outlets found carrying
        the story (`Retrieval.carried`: their reports hold its words) are each quoted: "Turnout was 61%" is as
        unlike "Do the outlets agree on the turnout?" as it is short."""
        passages = retrieval.passages
        fold = str.casefold
        mine = {o: [t for t in scored if fold(passages[t[1]].outlet or "") == fold(o)] for o in retrieval.compared}
        topic = _compared_topic(retrieval.asked, retrieval.question, retrieval.focus, compared=True)
        if topic and asks_casualties(topic):
            # "Do the outlets agree on the death toll?": each outlet's sentence telling of victims, where it has one,
            # not its lead on the storm's winds
            # (not a note that the story was updated "with the death in Sandnes": it tells of the update; nor a report
            # on another story: "Do the sources agree?" after "Was anyone hurt?" in a chat on the Ostra fire is not
            # answered by the outlet's obituary of a former mayor who "has died at 88")
            # (the conversation's questions the comparison was searched with, when its own name no story)
            context = re.search(r"\(([^()]*)\)\s*$", retrieval.question) if retrieval.focus else None
            story = _casualty_story(topic) or _casualty_story(context.group(1) if context else "")
            on_story = [not story or _tells_story(story, p) for p in passages]

            def victims(t: tuple[float, int, str]) -> bool:
                return tells_of_victims(t[2]) and not is_editorial_note(t[2]) and on_story[t[1]]

            mine = {
                o: sorted([t for t in ts if on_story[t[1]]] or ts, key=lambda t: not victims(t))
                for o, ts in mine.items()
            }
        best = {o: max((p.score for p in passages if fold(p.outlet or "") == fold(o)), default=0.0) for o in mine}
        heard = [o for o in retrieval.compared if mine[o] and (retrieval.carried or best[o] >= self.refuse_threshold)]
        if not heard:
            why = f"None of {' and '.join(retrieval.compared)} has a passage about this question."
            return refusal(retrieval, scope, self.mode, why)
        chosen = {o: [mine[o][0]] for o in heard}
        room = max(self.max_sentences, len(heard)) - len(heard)
        if self.weights.update_similarity:
            # an outlet's word is its latest: "Do the outlets agree on the margin?" quoted the Tarnby Tidende's "won ...
            # by 88 votes" of Monday, which its recount report of Thursday puts at 91
            for o in heard:
                own = [c for c in cands if fold(passages[c[0]].outlet or "") == fold(o)]
                update = self._newer_update(chosen[o], own, passages, topic or retrieval.asked)
                if update is not None:
                    chosen[o].append(update)
                    room -= 1
        margin = self.weights.runner_up_margin
        extra = sorted((t for o in heard for t in mine[o][1:] if t[0] >= mine[o][0][0] - margin), key=lambda t: -t[0])
        for t in extra:
            if room <= 0:
                break
            group = chosen[next(o for o in heard if t in mine[o])]
            if not any(_similar(t[2], c[2]) for c in group):
                group.append(t)
                room -= 1
        if self.weights.corrections:  # an outlet's correction notice is followed by its correction
            chosen = {o: _with_corrections(group, cands, len(group)) for o, group in chosen.items()}
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        parts: list[str] = []
        for o in heard:
            for k, (s, i, sentence) in enumerate(chosen[o]):
                if i not in numbers:
                    numbers[i] = len(numbers) + 1
                    citations.append(Citation.from_passage(numbers[i], passages[i], sentence, s))
                else:
                    citations[numbers[i] - 1].quotes.append(sentence)
                label = f"{passages[i].outlet}: " if k == 0 else ""
                parts.append(f"{label}{sentence} [{numbers[i]}]")
        answer = self._quoted(retrieval, scope, parts, citations)
        silent = [o for o in retrieval.compared if o not in heard]
        notes = [_figures_differ([(passages[chosen[o][0][1]].outlet or o, chosen[o][0][2]) for o in heard])]
        if silent:
            notes.append(f"Nothing from {' or '.join(silent)} in the index is about this question.")
        answer.note = " ".join(n for n in notes if n) or None
        return answer

    def answer(self, retrieval: Retrieval, scope: SearchScope, *, history: Sequence[tuple[str, str]] = ()) -> Answer:
        """`history`: a chat's earlier (question, answer) pairs; a follow-up asking about what no sentence
        names is not answered with a sentence the last answer already quoted, when another will do."""
        passages = retrieval.passages
        if not passages:
            return refusal(retrieval, scope, self.mode, no_passage_reason(retrieval))
        if asks_only_more(retrieval.asked) and not history:
            # "Tell me more" as a chat's first question: more of nothing (it was "I found nothing in the indexed
            # news that answers this question")
            return refusal(retrieval, scope, self.mode, "“Tell me more” asks for more on a story: ask about one first.")
        if history and asks_next(retrieval.focus or retrieval.asked):
            # "What happened next?" after the derailment: the story's reports after the one the last answer quoted
            return self._next_events(retrieval, scope, history)
        # "Tell me more.", "What else?": nothing the conversation's answers said is said again
        told = " ".join(a for _, a in history) if asks_more(retrieval.asked) else ""
        said = said_in(told) if told else None
        asked = retrieval.asked
        if asks_author(asked) and (retrieval.browse or not unnamed(asked, passages)):
            # "Who wrote it?": the byline, which no sentence states; the articles it asks about are the ones
            # naming its words ("Who wrote the storm article?"), however unlike a short question they are, or an
            # outlet's whose reports it browses ("Who wrote the Westcoast Herald story?")
            return byline_answer(
                retrieval,
                scope,
                mode=self.mode,
                refuse_threshold=self.refuse_threshold,
                limit=self.max_sentences,
                history=history,
            )
        if retrieval.browse:
            return self._digest(retrieval, scope, said=said)
        cands = [c for c in self._candidates(passages) if said is None or not said(c[1])]
        if asks_coverage(retrieval.focus or asked) and not unnamed(asked, passages):
            # "Which outlets covered the march?": the outlets of its reports, which no sentence states
            return coverage_answer(
                retrieval,
                scope,
                mode=self.mode,
                refuse_threshold=self.refuse_threshold,
                limit=max(self.max_sentences, self.weights.timeline_entries),
                history=history,
            )
        # "What did the Harbour Tribune correct?": its note on its own article answers, however unlike the question
        noted = asks_correction(asked) and any(_is_note(s) for _, s, _ in cands)
        if (
            not noted
            and not told_about(retrieval, [(i, sentence) for i, sentence, _ in cands], history)
            and like_nothing(
                retrieval,
                [sentence for _, sentence, _ in cands],
                threshold=self.refuse_threshold,
                embedder=self.embedder,
            )
        ):
            return refusal(
                retrieval,
                scope,
                self.mode,
                "I found nothing in the indexed news that answers this question.",
            )
        missing = unnamed(asked, passages)
        if missing:
            return refusal(
                retrieval,
                scope,
                self.mode,
                f"None of the passages I found names {' or '.join(missing)}.",
            )
        absent = [] if retrieval.focus else unmentioned(asked, passages, canon)
        if absent:  # "How much will the tram cost?" over an index with no tram, only a ferry fare
            return refusal(retrieval, scope, self.mode, f"None of the passages I found mentions {' or '.join(absent)}.")
        on_story: list[bool] | None = None
        if asks_casualties(retrieval.focus or asked):
            # the reports on what it asks about ("Was anyone hurt at the march?": the march's, not the storm's)
            story = _casualty_story(retrieval.focus or asked)
            on_story = [_tells_story(story, p) for p in passages]
            if not story and retrieval.focus:
                # "What is the death toll?" after "What's the latest on Storm Ilse?": the storm's reports, which the
                # conversation searched with it names (not an earthquake's toll, however more like the question),
                # when one of them tells of victims (else the reports titled as theirs are, below: "Was anyone
                # killed?" after the Storm Hale clean-up's cost is answered from the storm's live page)
                context = _casualty_story(retrieval.question)
                told = [_tells_story(context, p) for p in passages]
                if any(told[c[0]] and tells_of_victims(c[1]) for c in cands):
                    on_story = told
            if not any(on_story):
                on_story = [True] * len(passages)
        if on_story is not None and not any(on_story[c[0]] and tells_of_victims(c[1]) for c in cands):
            # "Was anyone hurt in the snow?": the snow reports say nothing of anyone hurt; their "80 flights were
            # cancelled" is no answer, and saying that none of them tells of victims is
            return refusal(
                retrieval, scope, self.mode, "None of the passages I found says that anyone was hurt or killed."
            )
        parts = self.score(
            retrieval.question,
            retrieval.query_vector,
            passages,
            by_rank=retrieval.intent.recency or (self.weights.date_range and retrieval.intent.has_range),
            focus=retrieval.focus,
            candidates=cands,
            latest=retrieval.intent.recency,
        )
        scored = [(sc, i, sentence) for sc, _, i, sentence in parts]
        every = scored
        # The slot term picks the lead ("six centuries" for "how many centuries?"); which sentences join
        # it is decided without it, so a lead found by its slot does not shorten the answer.
        base = {sentence: sc - slot for sc, slot, _, sentence in parts}
        if not scored:
            return refusal(retrieval, scope, self.mode, "The retrieved passages hold no usable sentence.")
        if retrieval.compared:
            return self._side_by_side(retrieval, scope, scored, cands)
        own = own_words(retrieval.focus)
        names_own = QuestionNames(retrieval.focus or "", pairs=True)
        most = 0.0
        # (and one naming nothing specific, "Which countries sent help?" after the earthquake: its rescue teams,
        # not a climate summit's "help developing countries")
        ranked = asks_rank(retrieval.focus or "")  # "Who came second?": asked with its words alone, of the race before
        if (own or ranked) and (keeps_subject(retrieval.focus or "") or names_nothing_specific(retrieval.focus or "")):
            # "Why was he sacked?" after the sacked coach: the sentences naming "sacked" are looked for in
            # the passages about him, not in a Super Bowl report where a quarterback was "sacked"; "Who is the
            # prime minister?" after the earthquake: in the passages on the earthquake (a third of its words)
            context = _conversation(retrieval)
            pronoun = PERSONAL_PRONOUNS & set(words(retrieval.focus or ""))
            if not pronoun and context and names_nothing(retrieval.focus or ""):
                # or the passages the last answer quoted ("Who won?" after the Super Bowl answer)
                told = {i for i, sentence, _ in cands if history and sentence in history[-1][1]}
                about = [t or i in told for i, t in enumerate(_on_topic(context, own, passages))]
                if ranked and told:  # "Who came second?": in the race the last answer told of, not another
                    about = [i in told for i in range(len(passages))]
            else:
                about = _on_context(retrieval.question, own, passages, _quoted(cands, history))
                if pronoun & _PERSON_PRONOUNS:
                    about = _on_person(about, passages, history, cands)
            # a report whose title names all of it is about it ("And the ferry fares?" after the bridge's
            # closure: "Ferry fares rise 10% in January"), whatever the conversation was about; not when it
            # points back ("How much did they pay for him?" after Tolvik's new striker: not "Mirava to pay storm
            # victims 5,000 crowns each")
            if not pronoun:
                about = [a or bool(own) and own <= stems(p.title) for a, p in zip(about, passages, strict=True)]
                # and a report on the story the last answer told of is about it ("Is the strike over?" after the
                # ships waiting off Harwick: the report on talks to end the Harwick strike, though it names no ship)
                told_story = _on_told_story(retrieval.focus or "", history, passages, retrieval.question)
                about = [a or b for a, b in zip(about, told_story, strict=True)]
            asked_canons = {canon(w) for w in own}
            held_most = max((len(asked_canons & canons(t[2])) for t in scored), default=0)
            if own and not any(len(asked_canons & canons(t[2])) >= held_most for t in scored if about[t[1]]):
                # none of their sentences holds what it asks about ("How many stops will it have?" after the
                # mayor's words on the tram: the route's "14 stops" is in another outlet's tram report, which
                # never names the mayor), or as much of it as another passage's ("When did the strike start?" after
                # the union's word and the ships waiting: "... dragged into its fourth day" says "strike", the
                # walkout's report "began an indefinite strike"): the passages sharing a word with the conversation
                # count too, one of its names when it names any (not an Olympics report's "gold medal game" for
                # "Where was the game played?" after "Who won the Super Bowl?")
                said = context or retrieval.question
                namer = QuestionNames(said, pairs=True)
                topic = (
                    {name_key(n) for n in names(said)}
                    or {stem(s) for s in the_subjects(said)} - own
                    or (stems(without_time_words(said)) - own - FOLLOW_UP_ASKING)
                )
                about = [
                    a or bool(topic & namer.stems(f"{p.title} {p.text}", p.outlet))
                    for a, p in zip(about, passages, strict=True)
                ]
            scored = [t for t in scored if about[t[1]]] or scored
        new_subject = _new_subject(retrieval, own)
        if new_subject:
            # "And the United States?" after "What did China say about it?" (the UN vote): the sentences
            # naming the United States are looked for in the passages about the UN vote, not in an
            # Olympics report; when none of those names it, that is the answer
            on = _on_topic(new_subject, own, passages)
            # naming all of it: "the central bank" of a Fed report does not name the Bank of England
            subject = names(retrieval.focus or "")
            scored = [
                t for t in scored if on[t[1]] and _names_each(subject, names_own.stems(t[2], passages[t[1]].outlet))
            ]
            # the reports about it first: "And the Fed?" after the ECB's decision is the Fed's report, not the
            # ECB report's "ahead of the US Federal Reserve" (a country by its government's seat: "What did Russia
            # say?" after the dam's destruction is the report titled "Kremlin calls ...")
            scored.sort(key=lambda t: not _names_each(subject, names_own.stems(passages[t[1]].title)))
            if not scored:
                focus = retrieval.focus or ""
                named = " or ".join(
                    f"the {n}" if re.search(rf"\bthe {re.escape(n)}", focus, re.I) else n for n in name_phrases(focus)
                )
                return refusal(
                    retrieval, scope, self.mode, f"None of the passages on what we were discussing names {named}."
                )
        if own:
            # a follow-up ("Who voted against it?", "what about the cost?") is answered by the sentences
            # that name (nearly) the most of what it asks about, rarer words weighing more: not by the
            # one the earlier question was answered with ("voted 7-2"), nor by one that names only
            # its commonest word; words news uses for one another count as one ("How many people died?":
            # "the number of people confirmed dead has risen to 11,236")
            asked_for = {canon(w) for w in own}
            named = [{canon(w) for w in names_own.stems(t[2], passages[t[1]].outlet)} & asked_for for t in scored]
            weight = _focus_weights(asked_for, named)
            cover = [sum(weight[w] for w in n) for n in named]
            most = max(cover, default=0.0)
            focus = retrieval.focus or ""
            kind = asked_noun(focus)
            about = asked_for - ({canon(stem(kind))} if kind else set())
            slot = names_slot(focus)
            # ... unless a sentence gives what it asks for in its own words ("Rell, 44," for "What is his age?")
            if kind and about and not any(n & about for n in named) and not (slot and _any_fills(scored, focus)):
                # "Which countries voted against it?" after the UN draft: no passage on it says who voted
                # against, and a sentence that only says "the two countries" is not an answer
                return refusal(
                    retrieval, scope, self.mode, f"None of the passages on what we were discussing says that: “{focus}”"
                )
            # "How many workers were on strike?": a sentence counting the workers answers it, whatever else it
            # names ("2,400 workers were now out" does not say "strike"; "The strike is over" does)
            if most > 0:
                # (nor one that gives the reason a "why" asks for: "Mayor Ilse Varga said the cuts were needed to fund
                # a new tram line" for "Why were libraries cut?", which does not say "libraries"; nor one whose
                # sentence before says what it explains: "... had walked out over a pay offer of 2.5%" after "... as
                # the dockworkers' strike entered its third day", for "Why are they striking?")
                why = question_type(focus) == "reason"
                # (nor one saying that what stopped has resumed: "The MS Tora returned to service" for "is it running
                # again?", which does not say "running")
                again = asks_again(focus) is not None
                # (nor one that gives it of whom the sentence before names: "He was 58." after "The driver of the
                # freight train ... has died" for "How old was the driver?")
                named_before = _named_before(scored, cover, most, cands) if slot else set()
                scored = [
                    t
                    for t, c in zip(scored, cover, strict=True)
                    if c >= SAME_SUBJECT * most
                    or (slot and (c > 0 or again or (t[1], t[2]) in named_before) and fills_slot(t[2], focus))
                    or (why and offers(t[2], "reason", focus) > 0 and (c > 0 or _explains(focus, t, cands)))
                ]
        if retrieval.focus and most == 0:
            bare = _bare_subject(retrieval.focus)
            if bare:  # "And the mayor?" after the port director's words: no passage on the strike names one
                return refusal(
                    retrieval, scope, self.mode, f"None of the passages on what we were discussing names {bare}."
                )
            # a follow-up that names nothing of its own ("Since when?", "What for?"), or whose words no
            # sentence holds ("Who replaces him?": no passage says "replace"), is answered from the
            # passages about the conversation's subject ("Since when?" after a question about the pope:
            # not "the highest since 1990" from an election report; "Who replaces him?" after the sacked
            # coach: not "sacked Mahomes six times" from a Super Bowl report)
            about = _on_context(retrieval.question, own, passages, _quoted(cands, history))
            if PERSONAL_PRONOUNS & _PERSON_PRONOUNS & set(words(retrieval.focus)):
                about = _on_person(about, passages, history, cands)  # "Who did he beat?" after "Who won the runoff?"
            elif retrieval.intent.recency:
                # "What's the latest?" after the ships waiting off Harwick: the newest report on the Harwick strike
                told_story = _on_told_story(retrieval.focus, history, passages, retrieval.question)
                about = [a or b for a, b in zip(about, told_story, strict=True)]
            kept = [t for t in scored if about[t[1]]]
            scored = kept or scored
            focus = retrieval.focus
            quoted = _quoted(cands, history)
            kind = question_type(focus)
            if quoted and kind == "reason":
                # "Why?" after the tram's delay ("... will open a year late, in 2030"): what its report gives ("Officials
                # blamed higher steel prices ...") before what another report on the tram does ("the cuts were needed
                # to fund a new tram line"), the first of them in the report's order (a report says why before it quotes
                # the opposition's "demanded an independent review")
                order = {(i, sentence): k for k, (i, sentence, _) in enumerate(cands)}
                told = [t for t in scored if t[1] == quoted[0] and offers(t[2], kind, focus) > 0]
                told.sort(key=lambda t: order.get((t[1], t[2]), 0))
                scored = told + [t for t in scored if t not in told]
                # "why" after "Who won the Tarnby mayoral election?": no report on the race says why, and the
                # ferry's "because one of the two boats is going in for repairs" (its report names Tarnby) is
                # another story's reason; one from a report titled as the quoted one is the story's
                # "Why is she leaving?" after the chief executive's successor: no sentence says "leaving", none on the
                # story gives a reason, and "Shares in Halvard fell 4%" is none (not "Why was he sacked?" after the
                # coach's "dismissed ... a day after a 5-0 home defeat", the event it came after)
                story = stems(passages[quoted[0]].title)
                if (
                    not own
                    and not told
                    and not any(
                        offers(t[2], kind, focus) > 0 and _same_story(story, stems(passages[t[1]].title))
                        for t in scored
                    )
                ) or (
                    own
                    and not any(offers(t[2], kind, focus) > 0 for t in scored)
                    and not any(t[1] == quoted[0] and _AFTER_EVENT.search(t[2]) for t in scored)
                ):
                    return refusal(
                        retrieval, scope, self.mode, "None of the passages on what we were discussing says why."
                    )
            if (asks_age(focus) or asks_strength(focus)) and not _any_fills(kept, focus):
                # "How old is he?" after the football report: none of its sentences gives an age, and quoting the
                # match is no answer
                return refusal(
                    retrieval, scope, self.mode, f"None of the passages on what we were discussing says that: “{focus}”"
                )
            if own and history and not own <= stems(history[-1][0]):
                # it asks about something new ("Who replaces him?"): what the last answer quoted ("Velmar
                # FC dismissed head coach Ruben Salas ...") is what the reader already has; "Who won?" after
                # "Who won the Super Bowl?" asks the same again
                told = history[-1][1]
                # but for one giving what it asks: "How strong was it?" after the quake's "A magnitude 4.8
                # earthquake struck ..." is answered by that magnitude again
                # (and "Is it running again?" after the ferry fire, by "The MS Tora returned to service" again)
                fixed = names_slot(focus) and (
                    asks_age(focus)
                    or asks_strength(focus)
                    or asks_cost(focus)
                    or asks_lasting(focus)
                    # (and "How long was he jailed for?" after the verdict, by its "sentenced him to three years")
                    or asks_term(focus)
                    or asks_again(focus) is not None
                    # (and "Who lost?" after "Who won the Super Bowl?", by "The Philadelphia Eagles overwhelmed the
                    # Kansas City Chiefs 40-22" again: the winner's sentence names the side it beat)
                    or asks_beaten(focus)
                )
                # (and "Was the story corrected?" after the turnout's correction, by its note again)
                noted = asks_correction(focus)
                # (and "Where did he play before?" after "Who is Tomas Vidal?", by "... signed ... Tomas Vidal from
                # Sporting Lisboa Norte" again, when no other sentence gives a place; not "Where was the game played?"
                # by the Super Bowl's "... who also beat New England ...", when "... at the Caesars Superdome" is left)
                place = {t[2]: offers(t[2], "place", focus) for t in scored} if question_type(focus) == "place" else {}
                placeless = not any(v > 0 for sentence, v in place.items() if sentence not in told)
                scored = [
                    t
                    for t in scored
                    if t[2] not in told
                    or (fixed and fills_slot(t[2], focus))
                    or (noted and _is_note(t[2]))
                    or (placeless and place.get(t[2], 0.0) > 0)
                ] or scored
        best_of: list[tuple[float, int, str]] = []  # the sentences whose best sets the runners-up' margin (all: none)
        if on_story is not None:
            if retrieval.focus and not _casualty_story(retrieval.focus) and all(on_story):
                # "Did anyone die?" in a chat: the reports on what the conversation was about (those left above)
                # and the reports whose titles name what theirs name ("Was anyone killed?" after the Storm Hale
                # clean-up's cost: the storm's live page, "Live: Storm Hale reaches Kestra coast")
                kept = {i for _, i, _ in scored}
                titled = {n for i in kept for n in _title_names(passages[i].title)}
                on_story = [i in kept or _titles_any(p.title, titled) for i, p in enumerate(passages)]
            # "Did anyone die in Storm Hale?": a sentence telling of victims in a report on what it names leads ("A
            # man was killed when a tree fell on his car"), however much more the landfall's sentence is like it;
            # what joins it comes from such a report too (not a march's "45,000 people took part")
            # (from every sentence scored: "Did anyone die?" is answered by "A man was killed" again, though the last
            # answer quoted it)
            victims = [t for t in every if on_story[t[1]] and tells_of_victims(t[2])]
            if not victims:  # "Was anyone hurt?" after the march: none of its reports says so
                return refusal(
                    retrieval, scope, self.mode, "None of the passages I found says that anyone was hurt or killed."
                )
            if question_type(asked) == "number":
                # "How many people were hurt in the derailment?": "Five rail workers were taken to hospital with minor
                # injuries" leads, not the "Nobody else was hurt." after it, which counts no one though it says "hurt"
                victims.sort(key=lambda t: offers(t[2], "number", asked) <= 0)
            scored = victims + [t for t in scored if t not in victims]
            # and the runners-up are the victims' own: "Two crew members were treated for smoke inhalation ..."
            # joins "All 83 passengers and 9 crew were brought ashore safely", though the fire's report is more like
            # the question
            best_of = victims
        if self.weights.range_lead:
            scored = _in_range_first(retrieval, passages, scored, self.weights.runner_up_margin)
        filled = {sentence for _, slot, _, sentence in parts if slot}
        single = retrieval.focus or asked
        if asks_correction(single):
            # "Was the story corrected?" after the mayoral race: the outlet's note on what it got wrong leads ("An
            # earlier version of this article gave the turnout ... as 58 percent."), not the race's report, which the
            # conversation's words make more like the question
            notes = [t for t in scored if _is_note(t[2])]
            scored = notes + [t for t in scored if t not in notes]
        named = asks_role(single) or asks_identity(single)
        if named and any(t[2] in filled for t in scored):
            # "Who runs Velmora Ferries?": the sentence naming someone by the role leads ("The company's chief
            # executive, Lotte Brandt, ..."), however much more "Ferry crews in Velmora began a strike" is like it
            scored = sorted(scored, key=lambda t: t[2] not in filled)
        if asks_result(single) and any(reports_result(t[2]) for t in scored[:2]):
            # "Who won the budget vote?": "... approved the 2027 budget on Friday by 31 votes to 18" before the
            # opposition's "voted against", as like the question (between the two best: a result far down is another
            # contest's)
            top = sorted(scored[:2], key=lambda t: not reports_result(t[2]))
            scored = top + scored[2:]
        if asks_event(single) and any(t[2] in filled for t in scored):
            # "When is Agnes Lund's funeral?": "A memorial service will be held ... on December 12." leads, not the
            # report of her death, which names her and dates her years in office
            scored = sorted(scored, key=lambda t: t[2] not in filled)
        if asks_again(single) and any(t[2] in filled for t in scored):
            # "Is the Halvik ferry running again?": "The MS Tora returned to service on Thursday" leads, however much
            # more "Residents have complained for years that Halvik depends on a single ferry" is like it
            scored = sorted(scored, key=lambda t: t[2] not in filled)
        side = doer_side(single)
        if side and any(t[2] in filled and for_side(t[2], side) for t in scored):
            # "Who scored for Lindholm?": "Lindholm's consolation came from Rui Tavares", not "Sami Kader scored twice
            # as Orvena FC beat Lindholm United"
            scored = sorted(scored, key=lambda t: not (t[2] in filled and for_side(t[2], side)))
        best = max(base[t[2]] for t in best_of or scored)
        # A "latest" question is answered by the newest coverage: a runner-up from a report much older
        # than the lead sentence's (last year's rate hike under this week's cut) is superseded news.
        oldest = None
        lead_ts = last_touched(passages[scored[0][1]])
        if retrieval.intent.recency and lead_ts is not None:
            oldest = lead_ts - self.weights.latest_window_days * 86400
        on_subject = _on_context(retrieval.question, own, passages, scored[0][1]) if own else None
        if on_subject is not None and retrieval.focus:  # (and the reports on the story the last answer told of)
            told_story = _on_told_story(retrieval.focus, history, passages, retrieval.question)
            on_subject = [a or b for a, b in zip(on_subject, told_story, strict=True)]
        # "What happened in Lakeport this week?": when the lead is from inside the question's date range,
        # a runner-up from outside it (boosted below it, not filtered out) is other news, not the answer.
        inside = in_range(retrieval.intent) if self.weights.date_range else None
        if inside is not None and not inside(passages[scored[0][1]]):
            inside = None
        chosen: list[tuple[float, int, str]] = []
        held_back: list[tuple[float, int, str]] = []
        if len(retrieval.filters.outlets) == 1 and speaker_asked(single):
            # "What did the Harbour Gazette say about the strike?": each of its reports on the strike, newest first
            # (its later "The ferry strike in Velmora ended on Wednesday ..." was left out for its first report's
            # sentences, which are more like the question)
            chosen = _each_report(single, scored, passages, self.max_sentences)
        status = asks_status(retrieval.intent)
        counts = question_type(asked) in ("number", "amount")
        # and where or when: "Where was the person killed in Storm Ilse?" is not answered by the Turkey earthquake's
        # "killing at least 2,351 people across the two countries", from a report that never names Storm Ilse
        placed = question_type(asked) in ("place", "date")
        named_in = _names_of_lead(asked, passages, scored[0][1]) if counts or placed else None
        # "How much did the strike cost?": not the tram's cost from a budget report, which never says "strike"
        costed = _holds_costed(asked, passages, scored[0][1])
        # "When did Ines Marlow die?": what joins "She died ... on Sunday" says when too, not "won the prize in 1998";
        # "How old is he?": what joins "Rell, 44, ..." gives an age too, not "won by about 9,000 votes"; "Who is the
        # mayor?": what joins "Mayor Ilse Varga said ..." names her role too, not the storm; "What did Russia say?":
        # what joins the Kremlin's word is Russia's word too, not Ukraine's accusation
        # "Who lost?": what joins "The Philadelphia Eagles overwhelmed the Kansas City Chiefs" names who lost too, not
        # "..., who also beat New England after the 2017 season"
        setting = (
            asks_when_or_where(single)
            or asks_age(single)
            or asks_strength(single)
            or named
            or asks_words(single)
            or asks_beaten(single)
        ) and scored[0][2] in filled
        # "What did Nordfrakt say?": whatever else it said joins its word that leads, however less like the question
        # ("The driver ... has died in hospital, Nordfrakt said on Saturday." after "The rail operator, Nordfrakt,
        # said the cause was not yet known.")
        # (asked about nothing else, and not in a chat: "What did Russia say about the Kakhovka dam?" is not joined by
        # Putin's word on Iran, nor is "what did Russia say?" after a question on the dam)
        said = (
            setting
            and asks_words(single)
            and not retrieval.focus
            and not {stem(w) for w in content_words(single)} - stems(speaker_asked(single)) - _SAYING
        )
        for s, i, sentence in scored:
            if len(chosen) >= self.max_sentences:
                break
            if (
                chosen
                and base[sentence] < best - self.weights.runner_up_margin
                and not (said and sentence in filled)
                and not (retrieval.intent.state_now and _fresher(asked, (i, sentence), chosen[0], passages))
                # "Was anyone hurt?": the lead's report tells of its victims in its own words ("Two firefighters were
                # treated for heat exhaustion on Wednesday." with "No residents have been hurt."), however unlike
                and not (best_of and i == chosen[0][1] and (s, i, sentence) in best_of)
            ):
                continue
            if any(_similar(sentence, c[2]) for c in chosen):
                continue
            if _states_nothing(sentence) and (chosen or any(not _states_nothing(t[2]) for t in scored)):
                # a report's own question states nothing: "Who won big at the 76th annual Golden Globes, honoring the
                # best TV shows?" is no runner-up to "'The Fabelmans' is best drama" (found in chromium over jan); nor
                # does it lead ("What is the jackpot for the Mega Millions?" for "what is the mega millions jackpot"),
                # nor a label ("... the winning number for the mega millions jackpot was:"), unless nothing else is left.
                # What the report says right after its question answers it: "Why is the bridge closing? Engineers found
                # corrosion ..." (an explainer's own questions are often the reader's)
                told = _after((s, i, sentence), cands) if _ASKS.search(sentence) else None
                if told and not _states_nothing(told) and not any(c[2] == told for c in chosen):
                    chosen.append((s, i, told))
                continue
            if chosen and is_editorial_note(sentence) and not _noticed(passages[i].title):
                # a story's note on its own amendment is not a runner-up to what it tells; asked about
                # corrections, a note joins from a report on what the question names ("the ferry story")
                if not asks_correction(asked) or not _corrected_subject(asked) & stems(passages[i].text):
                    continue
            if oldest is not None and (last_touched(passages[i]) or 0) < oldest:
                continue
            if chosen and inside is not None and not inside(passages[i]):
                continue
            if chosen and setting and sentence not in filled:
                continue
            if chosen and on_story is not None and not on_story[i]:
                continue
            if (
                chosen
                and on_story is not None
                and counts
                and not tells_of_victims(sentence)
                and _DIGIT.search(sentence)
                and sentence not in filled
            ):
                # "How many people were hurt?": not "He was 58." or "65,000 litres of diesel", which read as counts
                # (but for what it asks: "He was 58." for "How old was the driver who died?")
                continue
            if chosen and on_subject is not None and not on_subject[i]:
                continue  # a follow-up's runner-up comes from a passage about the conversation's subject
            if chosen and named_in is not None and not named_in(i):
                # "How much did Tolvik pay for Haddad?": not "... was fined 2 million crowns" from a report on a
                # Tolvik bribery trial, which never names Haddad (another story's figure is a wrong answer)
                continue
            if chosen and not costed(i):
                continue
            if (
                status
                and any(c[1] == i for c in chosen)
                and _later_report(scored, chosen, i, base, best, margin=self.weights.runner_up_margin)
            ):
                held_back.append((s, i, sentence))
                continue  # "Is the fire still burning?": each report's best sentence first, newest leading
            chosen.append((s, i, sentence))
        # what waited for another report's sentence fills the room left
        chosen += held_back[: max(0, self.max_sentences - len(chosen))]
        if retrieval.intent.state_now and len(chosen) >= self.max_sentences > 1:
            # "Is the strike over?": a newer report telling how it stands ("The strike will continue while talks take
            # place") takes the last runner-up's place when the answer filled up before it was reached
            told = {c[2] for c in chosen}
            if not any(_fresher(asked, (c[1], c[2]), chosen[0], passages) for c in chosen[1:]):
                newer = next(
                    (
                        t
                        for t in scored
                        if t[2] not in told
                        and (on_subject is None or on_subject[t[1]])
                        and _fresher(asked, (t[1], t[2]), chosen[0], passages)
                    ),
                    None,
                )
                if newer is not None:
                    chosen = [*chosen[:-1], newer]
        keys = {name_key(n) for n in names(asked)} if retrieval.intent.state_now else set()
        # "Are the trains running?" names nothing: a report on trains ("Freight train derails near Brask") tells it
        topic = {stem(w) for w in content_words(asked)} - {stem(w) for w in state_words(asked)}
        if retrieval.intent.state_now and chosen and not any(_tells_state(c[2], asked) for c in chosen):
            # "Are the Brask trains running?": no quoted sentence tells it, and "The line between Brask and Hollen
            # will stay closed ..." does, in a report naming what the question names: it joins the answer (and leads)
            # the newest report's first (Saturday's "The line is expected to reopen on December 14." before
            # Thursday's "... will stay closed at least until Monday."), one sentence a report, two at most
            told = {c[2] for c in chosen}
            states: dict[int, tuple[float, int, str]] = {}
            for t in scored:
                if (
                    t[2] not in told
                    and t[1] not in states
                    and _tells_state(t[2], asked)
                    and (on_subject is None or on_subject[t[1]])
                    and _about(keys, topic, stems(f"{passages[t[1]].title} {passages[t[1]].text}"))
                ):
                    states[t[1]] = t
            newest = sorted(states.values(), key=lambda t: -(last_touched(passages[t[1]]) or 0))[:2]
            if newest:  # two reports' states are the answer; one is told after the lead it was quoted beside
                chosen = [*newest, *chosen[: max(0, self.max_sentences - 1 - len(newest))]]
        other = None
        if self.weights.disagreement and chosen and not retrieval.compared:
            # another outlet's age is one too, not its turnout ("How old is he?")
            rivals = [t for t in scored if t[2] in filled] if setting else scored
            if retrieval.focus and not own_words(retrieval.focus):
                # "When?" after "Is there a strike?": the strike's other reports, not "A magnitude 4.8 earthquake
                # struck ... on Thursday" (which "strike" finds): a report on the story shares its title's words
                story = stems(passages[chosen[0][1]].title)
                rivals = [t for t in rivals if _same_story(story, stems(passages[t[1]].title))]
            if on_story is not None:  # another outlet's toll of the same storm, not an earthquake's
                rivals = [t for t in rivals if on_story[t[1]]]
            other = _disagreeing(asked, chosen, rivals, base, passages, best - self.weights.disagreement)
            if other is not None:  # another outlet's figure: in the last runner-up's place when the answer is full
                chosen = chosen[: self.max_sentences - 1] + [other]
        why = retrieval.focus or retrieval.question
        cause = _cause_for(why, chosen, scored, cands)
        explaining = cause if cause is not None and _explains(why, cause, cands) else None
        if cause is None and chosen and not _explains(why, chosen[0], cands):
            # "why did bed bath and beyond say it may go bankrupt?": "... warned ... may need to file for bankruptcy as
            # sales continue to drop" before "... would shutter stores ... in a bid to turn around its business"
            explaining = next((c for c in chosen if _explains(why, c, cands)), None)
        if explaining is not None:
            # "Why is the tram late?": "Officials blamed higher steel prices ..." (said right after "... will open a
            # year late") leads, and "the cuts were needed to fund a new tram line" (a reason for something else) goes
            rest = [c for c in chosen if c[2] != explaining[2] and offers(c[2], "reason", why) <= 0]
            # what it explains, when the answer does not say it yet: the sentence before it, or the one after it
            # when that is what the question asks about
            told = _before(explaining, cands)
            after = _after(explaining, cands)
            if after and _all_held(_why_words(why), f"{explaining[2]} {after}"):
                told = after
            elif told and not _held(_why_words(why), told):
                told = None  # not "He was 58." before the board's finding on the derailment, which it does not tell
            if told and not any(c[2] == told for c in rest):
                rest = [(explaining[0], explaining[1], told), *rest]
            chosen = [explaining, *rest[: self.max_sentences - 1]]
        elif cause is not None:  # it replaces the last runner-up when the answer is full
            chosen = chosen[: max(1, self.max_sentences - 1)] + [cause]
        figures = _figures_for(asked, chosen, scored, self.max_sentences - 1)
        if figures:  # they replace the last runners-up when the answer is full
            chosen = chosen[: max(1, self.max_sentences - len(figures))] + figures
        told_next = _told_next(asked, chosen, cands)
        pointed = chosen[0][2] if told_next is not None else None
        if told_next is not None:  # "Crews expect to reconnect most of them by Sunday evening." right after the lead
            chosen = [chosen[0], told_next, *[c for c in chosen[1:] if c[2] != told_next[2]]][: self.max_sentences]
        if self.weights.corrections:  # a claim its outlet corrected later: the correction in its place
            chosen = supersede(chosen, cands, passages, question_type(asked))
        # The newest report first (a stable sort: same-day sentences keep their score order):
        # news is updated, and a death toll or a vote count from Wednesday supersedes Monday's.
        # Only among sentences about what the best one is about (they hold most of the question's words
        # it holds, rarer words weighing more): a newer sentence about something else (the Bank of
        # England, asked about the ECB) follows them.
        # Not for "when": the time an event happened is not updated by later reports, and the one that
        # states it ("The quake hit at 4:12 a.m.") leads, not a later toll that mentions "Saturday's quake".
        same = _same_subject(
            without_time_words(retrieval.question),
            passages,
            [c[2] for c in chosen],
            [passages[c[1]].title for c in chosen],
            titled=status,
        )
        kind = question_type(asked)
        if kind == "date":
            same = [False] * len(chosen)
        elif kind in ("number", "amount") and chosen and _DIGIT.search(chosen[0][2]):
            # "How many workers are on strike?": a newer sentence with no count ("Talks broke down on
            # Wednesday") does not go before the count that answers, nor one giving no figure the lead does not
            # ("taking its key rate to 3.5%" after "raised its main interest rate by a quarter point to 3.5%")
            same = [
                k
                and bool(_DIGIT.search(c[2]))
                and (n == 0 or bool(values(c[2], kind, asked) - values(chosen[0][2], kind, asked)))
                for n, (k, c) in enumerate(zip(same, chosen, strict=True))
            ]
        elif kind in ("entity", "place") and chosen and offers(chosen[0][2], kind, asked):
            # "Who leads the union?": a newer sentence naming nobody ("The union and the port authority agreed
            # ...") does not go before "Union leader Rosa Delgado said ..."
            same = [k and offers(c[2], kind, asked) > 0 for k, c in zip(same, chosen, strict=True)]
        if self.weights.opposite:
            # nor a newer report of the opposite event: "Norlund Bank shares rose 6% on Thursday" before Wednesday's
            # "Shares in Norlund Bank fell 18%" for "How much did the shares fall?"
            same = [k and not leads_with_opposite(asked, c[2]) for k, c in zip(same, chosen, strict=True)]
        # a cost, a strength or an age: a newer figure leads only when it is one too ("the 118-year-old" before
        # "a 116-year-old"), not a newer report's count of something else ("won by about 9,000 votes")
        fixed = asks_cost(asked) or asks_strength(asked) or asks_age(asked)
        if (kind not in ("number", "amount") or fixed) and chosen and chosen[0][2] in filled:
            # "Who is leading the firefighting?": nor a newer one naming places but not the role ("Firefighters have
            # contained 60% of the Aurel Hills wildfire ...") before "Fire chief Nadia Orlov said ..."; "What did
            # the shipyard announce?": nor the union's word on it before "Aurel Shipyards said ..." (a count's
            # newer figure still leads: "has risen to 31" does not say "died")
            same = [k and c[2] in filled for k, c in zip(same, chosen, strict=True)]
        if retrieval.intent.state_now and chosen:
            # "Is the line between Brask and Hollen closed?": Saturday's "The line is expected to reopen on December
            # 14." before Thursday's "... will stay closed at least until Monday", though it names neither place
            fresher = [k > 0 and _fresher(asked, (c[1], c[2]), chosen[0], passages) for k, c in enumerate(chosen)]
            if any(fresher):
                same = [k == 0 or f or sm for k, (f, sm) in enumerate(zip(fresher, same, strict=True))]
        # (nor a correction: "Food prices rose 4.6%, not 4.1%." is no newer news of the inflation rate than the report
        # it corrects, and one put in a sentence's place or after it keeps that place)
        same = [k and not is_correction(passages[c[1]]) for k, c in zip(same, chosen, strict=True)]
        order = sorted(
            range(len(chosen)), key=lambda k: (0, -(last_touched(passages[chosen[k][1]]) or 0)) if same[k] else (1, k)
        )
        casualties = asks_casualties(asked)

        def answering(sentence: str) -> bool:
            """Whether the sentence gives what the question asks for (all do when it asks for nothing in kind)."""
            if casualties:
                return tells_of_victims(sentence)
            return kind == "other" or offers(sentence, kind, asked) > 0 or sentence in filled

        if kind != "other":
            # what the question asks for leads: "What caused the wildfire?" the sentence giving a cause, not the
            # one restating the fire; "Where did the fire start?" the one saying "near the Ashford reservoir",
            # not "Investigators believe the fire was started by a power line"
            # (a sentence that fills the slot offers it, in its own words: "Four councillors voted against" for "Who
            # voted against the bridge repair?", before the vote's "The Kestra city council voted 9-4 ...")
            # (and the lead the next sentence answers after stays before it: what "them" is)
            order.sort(
                key=lambda k: (
                    offers(chosen[k][2], kind, asked) <= 0 and chosen[k][2] not in filled and chosen[k][2] != pointed
                )
            )
        if kind == "number":
            order = _count_before_rough(order, chosen, asked)
        if casualties:  # "Was anyone killed in the storm?": "A man was killed ...", not the landfall
            order.sort(key=lambda k: not tells_of_victims(chosen[k][2]))
        if retrieval.intent.state_now:
            # "Is the dam still standing?": "... Russian troops had detonated the dam ...", not "The dam held back a
            # reservoir ..." (newest first among those that tell it)
            order.sort(key=lambda k: not _tells_state(chosen[k][2], asked))
        # (the sentences that answer keep their places before the rest of their passage: "Was anyone hurt in the
        # ferry fire?" is "All 83 passengers ... were brought ashore safely. Two crew members were treated for smoke
        # inhalation ...", then the fire's "The ferry service ... has been suspended")
        chosen = _in_passage_order(
            [chosen[k] for k in order], [(i, sentence) for i, sentence, _ in cands], group=answering
        )
        # an update leads: for "latest" questions, and for a count, an amount or who won when the question has
        # no dates of its own ("How much did it rise in July 2025?" asks for July's figure, not a later one)
        updated = kind in ("number", "amount") or asks_result(asked)
        if self.weights.update_similarity and (
            retrieval.intent.recency or (self.weights.update_counts and updated and not retrieval.intent.has_range)
        ):
            # another outlet's other figure, when it is newer and says what the lead says, is its update
            # ("The union said 2,400 workers were now out" on Wednesday, after Monday's "About 2,000"), not a
            # disagreement: it leads
            update = self._newer_update([c for c in chosen if c != other], cands, passages, asked)
            naming = _naming(retrieval.focus, passages) if update is not None and retrieval.focus else None
            if update is not None and naming is not None and not naming[update[1]]:
                update = None  # "What about the ECB?" after "What's the latest on interest rates?": not the Fed's cut
            if update is not None and kind == "date" and not offers(update[2], kind, asked):
                # "When do the clinics open?" after "What's the latest on the outbreak?": "More than 400 children
                # were vaccinated at the weekend clinics" is newer news of them, but no date for a "when"
                update = None
            if update is not None:  # "the latest death toll": Wednesday's report, though it names no Rivania
                chosen = [update, *[c for c in chosen if c[2] != update[2]][: self.max_sentences - 1]]
        if self.weights.update_counts and kind in ("number", "amount") and not retrieval.intent.has_range and chosen:
            # "How many homes were damaged?": the lead's report marks an update with another count of them
            # ("Update, Saturday 11:20: The council now puts the damage at 52 homes."): it supersedes "37 homes"
            note = _marked_update(chosen[0], every, filled, kind, asked)
            if note is not None:
                chosen = [note, *[c for c in chosen if c[2] != note[2]][: self.max_sentences - 1]]
        opening = _newest_opening(retrieval, chosen, cands)
        if opening is not None:
            chosen = [opening, *chosen][: self.max_sentences]
        if self.weights.antecedent:
            # (asked what someone said, their word on "the vote" is the answer, not a pointer to it)
            # (nor asked who holds a role: "Who is the Fed chair?" is answered by "Fed Chair Jerome Powell described
            # the decision as ...", whatever decision it was; nor who someone is: "Who is Petra Olsen?" by "Petra
            # Olsen, who leads Harbour Workers United, called the deal ...")
            judged = (
                speaker_asked(single) or asks_identity(single) or (bool(chosen) and answers_role(single, chosen[0][2]))
            )
            # (nor in a chat when the last answer quoted it: "Her deputy, Jonas Ek, will lead the council" for "Who
            # replaces her?" after the mayor's resignation, which the reader has just read)
            told = history[-1][1] if history else ""
            chosen = _with_antecedent(
                chosen, cands, self.max_sentences, judgments=not judged, told=told, known=f"{single} {told}"
            )
        if self.weights.corrections:
            chosen = _with_corrections(chosen, cands, self.max_sentences, asked)
        numbers: dict[int, int] = {}
        citations: list[Citation] = []
        parts = []
        dated = _days_apart([passages[i] for _, i, _ in chosen], self.weights.dated_apart_days)
        for s, i, sentence in chosen:
            if i not in numbers:
                numbers[i] = len(numbers) + 1
                citations.append(Citation.from_passage(numbers[i], passages[i], sentence, s))
            else:  # another sentence of the same passage: the sources panel highlights it too
                citations[numbers[i] - 1].quotes.append(sentence)
            # "What did the Fed do?": September 2025's cut and July 2023's hike both happened "on Wednesday"; each
            # report's first sentence says which report it is from
            day = dated.pop(passages[i].article_id, "")
            parts.append(f"{day}: " * bool(day) + f"{sentence} [{numbers[i]}]")
        answer = self._quoted(retrieval, scope, parts, citations)
        if asks_result(retrieval.focus or asked) and not any(reports_result(sentence) for _, _, sentence in chosen):
            # "Who won the midterms?" over a preview ("... in midterm elections that will decide whether ..."): what
            # it quotes is about the race, and no result is in it
            answer.note = no_result_note(citations)
        elif question_type(asked) == "date" and chosen:
            # "When did the Hollen bridge reopen?": "... reopened on Thursday ..." says which Thursday only by its
            # report's date, which the reader would have to look up and count from
            answer.note = day_note(passages[chosen[0][1]], chosen[0][2])
        return answer


def day_note(passage: Passage, sentence: str) -> str | None:
    """The dates a sentence gives only as days relative to its report ("on Thursday", "yesterday"), counted from the
    report's date (an update note's from the update's: "Update, Saturday 9am: ..."): "“on Thursday” is Thursday 3
    December 2026, by the date of the Valley Herald report."; None when it gives none, or the report is undated."""
    day = (passage.published_at or "")[:10]
    if _UPDATE_NOTE.match(sentence):
        # "Update, Saturday 9am: Talks have been brought forward to Sunday ..." in Friday's report: its days count from
        # when the outlet updated it (Saturday 5 December), not from Friday (which made it Saturday 28 November)
        day = (passage.modified_at or passage.updated_at or "")[:10] or day
    if not day:
        return None
    named = days_named(sentence, date.fromisoformat(day))
    if not named:
        return None
    by = f"the {passage.outlet} report" if passage.outlet else "the report"
    if day != (passage.published_at or "")[:10]:
        by = f"{by}'s update"
    told = [f"“{words_}” is {when:%A} {when.day} {when:%B %Y}" for words_, when in named]
    listed = told[0] if len(told) == 1 else f"{', '.join(told[:-1])} and {told[-1]}"
    return f"{listed}, by the date of {by}."


def no_result_note(citations: list[Citation]) -> str:
    """The note of an answer to "who won?" whose sentences tell of no result: when the newest report quoted is from."""
    dated = [c for c in citations if c.published_at]
    if not dated:
        return "None of the sentences found says who won."
    newest = max(dated, key=lambda c: c.published_at or "")
    by = f" ({newest.outlet})" if newest.outlet else ""
    return f"None of the sentences found says who won; the newest report quoted is from {newest.published_at[:10]}{by}."


def _days_apart(passages: list[Passage], days: float) -> dict[str, str]:
    """Each article's day ("2023-07-26") when the answer quotes reports published more than `days` apart (a
    relative "on Wednesday" in one of them is then not the other's Wednesday); none otherwise (0: never)."""
    stamps = [p.published_ts for p in passages if p.published_ts is not None]
    if not days or len(stamps) < 2 or max(stamps) - min(stamps) <= days * 86400:
        return {}
    return {p.article_id: (p.published_at or "")[:10] for p in passages if p.published_ts is not None}


# words a casualty question asks with, not about ("Did anyone die in Storm Hale?": the storm is what it asks about)
_CASUALTY_ASKING = frozenset(
    stem(w)
    for w in "anyone anybody someone people persons person die dies dying death deaths toll tolls number casualty casualties injury injuries victim victims".split()
)


def _each_report(
    question: str, scored: list[tuple[float, int, str]], passages: list[Passage], room: int
) -> list[tuple[float, int, str]]:
    """The best sentence of each report holding the question's words (but for how it asks: who says, and the verb),
    newest report first; none when fewer than two reports hold them."""
    about = {stem(w) for w in content_words(question)} - stems(speaker_asked(question)) - _SAYING
    best: dict[int, tuple[float, int, str]] = {}
    for t in scored:
        if t[1] not in best and about and about <= stems(f"{passages[t[1]].title} {passages[t[1]].text}"):
            best[t[1]] = t
    if len(best) < 2:
        return []
    return sorted(best.values(), key=lambda t: -(last_touched(passages[t[1]]) or 0))[:room]


_SAYING = SAY_WORDS | {stem("about")}  # how "What did the Harbour Gazette say about the strike?" asks


def _figures_differ(leads: list[tuple[str, str]]) -> str | None:
    """When outlets' sentences say the same in the same words but for their figures ("by 26 votes to 19", "by 27
    votes to 18"), which the reader should not have to spot: "The figures differ: Nordwire “26 votes to 19”,
    Velmora Courier “27 votes to 18”." None when they agree, or say different things."""
    if len(leads) < 2:
        return None
    first = _TOKENS.findall(leads[0][1])
    spans: dict[str, str] = {}
    for outlet, sentence in leads[1:]:
        other = _TOKENS.findall(sentence)
        match = SequenceMatcher(a=first, b=other, autojunk=False)
        changed = [op for op in match.get_opcodes() if op[0] != "equal"]
        if not changed or match.ratio() < SAME_WORDS:
            continue
        # with the words that say what a figure counts ("2.5" and "3" of "... million euros")
        after = _unit_words(first[changed[-1][2] :])
        a = first[changed[0][1] : changed[-1][2]] + after
        b = other[changed[0][3] : changed[-1][4]] + after
        if not any(_DIGIT.search(t) for t in a + b) or len(a) > MAX_FIGURE_WORDS or len(b) > MAX_FIGURE_WORDS:
            continue
        spans.setdefault(leads[0][0], " ".join(a))
        spans[outlet] = " ".join(b)
    if not spans:
        return None
    return "The figures differ: " + ", ".join(f"{o} “{span}”" for o, span in spans.items()) + "."


def _unit_words(rest: list[str]) -> list[str]:
    """The lower-case words right after a figure, at most two: "million euros" of "2.5 million euros in fares"."""
    out: list[str] = []
    for t in rest[:2]:
        if not (t.isalpha() and t.islower()) or t in STOPWORDS:
            break
        out.append(t)
    return out


_TOKENS = re.compile(r"[\w.,%€$£-]*\w%?|[€$£]")
SAME_WORDS = 0.75  # outlets' sentences this alike (difflib's ratio over their words) say the same thing
MAX_FIGURE_WORDS = 8  # what differs between them is a figure, not another sentence


# what something came after, an event: "a day after a 5-0 home defeat" (not a time: "after seven years in the job")
_AFTER_EVENT = re.compile(r"\bafter\s+(?:a|an|the|its|his|her|their|this|that|last\s+\w+'?s)\s+\S", re.I)


def _casualty_story(question: str) -> set[str]:
    """What a casualty question asks about, as words: {"storm", "hale"} of "Did anyone die in Storm Hale?"."""
    return {
        w.lower()
        for w in content_words(without_time_words(question))
        if stem(w) not in FOLLOW_UP_ASKING and stem(w) not in _CASUALTY_ASKING and canon(w) not in CASUALTY_WORDS
    }


def _tells_story(story: set[str], passage: Passage) -> bool:
    """Whether a report is on the story a casualty question asks about: it holds every word of `story`
    (`_casualty_story`), or a compound of it ("wildfire", "firefighters" for "fire"; "snowstorm" for "storm")."""
    text = f"{passage.title} {passage.text}"
    have = stems(text)
    missing = [w for w in story if stem(w) not in have]
    if not missing:
        return True
    tokens = {t.lower() for t in words(text)}
    return all(len(w) >= 4 and any(t != w and (t.endswith(w) or t.startswith(w)) for t in tokens) for w in missing)


def _title_names(title: str) -> set[str]:
    """The names of two words or more a title holds ("storm hale" of "Storm Hale: clean-up to cost 40 million
    euros"): a single capitalized word ("Kestra writer ...") tells no story apart."""
    return {" ".join(name_key(w) for w in n.split()) for n in name_phrases(title) if len(n.split()) >= 2}


def _titles_any(title: str, names: set[str]) -> bool:
    """Whether `title` names one of `names` (as `_title_names` gives them): "Live: Storm Hale reaches ..." names
    "storm hal"."""
    keys = f" {' '.join(name_key(w) for w in words(title))} "
    return any(f" {n} " in keys for n in names)


def _not_a_report(sentence: str) -> bool:
    """A link to another story ("Read more: ..."), a prompt sending the reader to one ("For the latest on Hamlin,
    visit our live updates here.") or a dateline alone ("MOSCOW, June 6. /TASS/."): quoted only when no other
    sentence is a candidate."""
    return is_link_label(sentence) or is_reader_prompt(sentence) or is_dateline(sentence)


def no_passage_reason(retrieval: Retrieval) -> str:
    """Why a search that found no passage is refused: "No article of those dates names “tram”." for "What
    happened with the tram this month?" when no article of the month does, else "No passage matched."."""
    topic = _asked_about(retrieval) if retrieval.intent.has_range and asks_events(retrieval.asked) else ""
    return f"No article of those dates names “{topic}”." if topic else "No passage matched."


def _asked_about(retrieval: Retrieval) -> str:
    """The words of a "what happened" question that say about what, as typed ("tram" in "What happened with
    the tram this month?")."""
    rest = retrieval.asked
    for phrase in retrieval.intent.phrases:
        rest = rest.replace(phrase, " ")
    topic = written_about(retrieval.asked, retrieval.intent)
    return " ".join(w for w in re.findall(r"[\w’'-]+", rest) if set(bm25_tokens(w)) & topic)


# An outlet's note of what it added to a story later: "Update, December 5: KV Rail said the deal would cost ...",
# "UPDATED 3:40 p.m.: ...", "Editor's note: ..."
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?=: |\s+\d{1,2}[:.]\d{2}\s)")  # "2026-12-05: ...", "2026-12-05 14:10 ..."
# a live page's entry, opened by its time: "14:05 A man was killed ...", and by its day too when the page's entries
# span days ("2026-12-06 19:30 The county lifted the evacuation order ...", as ingest writes a live blog's entries)
_LIVE_ENTRY = re.compile(r"^\s*(?P<day>\d{4}-\d{2}-\d{2}\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)\s+(?=[A-Z\"“‘'])")
LIVE_ENTRIES = 2  # a page with at least this many such entries is a live page
_UPDATE_NOTE = re.compile(r"^\W*(?:update|updated|editor['’]?s note)\b[^.:]{0,40}:\s*\S", re.I)


def _marked_update(
    lead: tuple[float, int, str], scored: list[tuple[float, int, str]], filled: set[str], kind: str, asked: str
) -> tuple[float, int, str] | None:
    """A sentence of the lead's report that marks an update (`_UPDATE_NOTE`), fills the question's slot as the lead
    does and gives a figure the lead does not: "Update, Saturday 11:20: The council now puts the damage at 52
    homes." for "How many homes were damaged?" led by "... found damage in 37 homes ..."."""
    if lead[2] not in filled:
        return None
    mine = values(lead[2], kind, asked)
    return next(
        (
            t
            for t in scored
            if t[1] == lead[1]
            and t[2] != lead[2]
            and _UPDATE_NOTE.match(t[2])
            and t[2] in filled
            and values(t[2], kind, asked) - mine
        ),
        None,
    )


def _is_note(sentence: str) -> bool:
    """An outlet's note on its own story: an amendment's ("This story has been updated ...") or a correction's."""
    return is_editorial_note(sentence) or is_notice(sentence)


def _compared_topic(asked: str, question: str, focus: str | None, *, compared: bool = False) -> str | None:
    """What outlets are compared on, as a question of its own (`compared_question`): of a chat follow-up's own words,
    else of the conversation searched with it ("Do the outlets agree on it? (What is the death toll? ...)")."""
    topic = compared_question(asked, compared=compared)
    if topic is None and focus:
        topic = compared_question(question, compared=compared or bool(comparison_asking(focus)))
    return topic


def _pairs(text: str) -> set[tuple[str, str]]:
    """The adjacent pairs of `text`'s content words, as stems: {("take", "offic")} of "when does she take office?"."""
    seq = [stem(w) for w in content_words(text)]
    return set(zip(seq, seq[1:]))


def _dated_entries(candidates: list[tuple[int, str, bool]], index: int) -> list[str]:
    """The entries of passage `index` that open with their day and time ("2026-12-06 19:30 The county lifted ..."), as
    ingest writes a live blog's (oldest first)."""
    return [s for i, s, _ in candidates if i == index and (m := _LIVE_ENTRY.match(s)) and m.group("day")]


def _update_note(candidates: list[tuple[int, str, bool]], passages: list[Passage], article_id: str) -> str | None:
    """The update note of an article among the candidate sentences ("Update, Thursday: ..."), if any; else, on a live
    page whose entries open with their time, its latest entry, when that is not its opening ("14:05 A man was
    killed ..." after "08:10 Storm Hale made landfall ...")."""
    own = [(s, first) for i, s, first in candidates if passages[i].article_id == article_id]
    note = next((s for s, _ in own if _UPDATE_NOTE.match(s)), None)
    if note is not None:
        return note
    entries = [
        ((m.group("day") or "").strip(), int(m.group(2)) * 60 + int(m.group(3)), s, first)
        for s, first in own
        if (m := _LIVE_ENTRY.match(s))
    ]
    if len(entries) < LIVE_ENTRIES:
        return None
    *_, latest, first = max(entries, key=lambda e: e[:2])
    return None if first else latest


def _with_update_notes(
    parts: list[str],
    citations: list[Citation],
    passages: list[Passage],
    candidates: list[tuple[int, str, bool]],
    limit: int,
) -> list[str]:
    """A timeline's entries (each opened by its date, oldest first) with each cited report's update note as
    an entry of its own, dated by the outlet's update time (else the report's date) and cited as its report:
    "2026-12-04: The 48-hour rail strike ... has been called off ... [3] 2026-12-05: Update, December 5: KV Rail
    said the deal would cost it 6 million euros a year ... [3]" (found with the Kestrel news: the update was
    never quoted, its report being quoted by its opening)."""
    entries = [(m.group(0) if (m := _DAY.match(part)) else "", part) for part in parts]
    for citation in citations:
        note = _update_note(candidates, passages, citation.article_id)
        if note is None or note in citation.quotes or len(entries) >= limit:
            continue
        day = (citation.modified_at or citation.published_at or "")[:10]
        citation.quotes.append(note)
        entries.append((day, f"{day}: " * bool(day) + f"{note} [{citation.n}]"))
    return [part for _, part in sorted(entries, key=lambda e: (not e[0], e[0]))]


def _topic_sentence(candidates: list[tuple[int, str, bool]], index: int, topic: set[str]) -> str | None:
    """The first sentence of passage `index` holding the most of `topic` (`written_about`'s stems); None when
    none holds any."""
    best, most = None, 0
    for i, sentence, _ in candidates:
        held = len(topic & set(bm25_tokens(sentence))) if i == index else 0
        if held > most:
            best, most = sentence, held
    return best


def _lead_sentence(candidates: list[tuple[int, str, bool]], index: int, title: str = "") -> str | None:
    """The first quotable sentence of passage `index` that states something (not a dateline such as
    "MOSCOW, June 6. /TASS/.", a heading or a question)."""
    mine = [sentence for i, sentence, _ in candidates if i == index]
    # nor, in a story (`title` is not a correction's), the notice of a correction and the correction after it
    # ("Correction: An earlier version of this article misstated the recount's cost. It was about 65,000 euros,
    # not 90,000 euros."): the story opens after them
    story = not _noticed(title)
    stated = [
        sentence
        for k, sentence in enumerate(mine)
        if not is_fragment(sentence) and not (story and (_noticed(sentence) or (k and _noticed(mine[k - 1]))))
    ]
    newest = _newest_entry(stated)
    if newest is not None:
        return newest
    return next(iter(stated), None) or next((s for s in mine if not is_fragment(s)), mine[0] if mine else None)


# a live page's entry, opened by its time: "13:30 — Deal reached ...", "9.45am: Talks resume", and its day ("2026-12-06
# 19:30 The county lifted ...", `_LIVE_ENTRY`)
_ENTRY_TIME = re.compile(
    r"^\s*(?P<day>\d{4}-\d{2}-\d{2}\s+)?(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?\s*(?(day)(?:[—–:-]\s*)?|[—–:-]\s*)\S",
    re.I,
)


def _newest_entry(sentences: list[str]) -> str | None:
    """A live page's newest entry, when its passage opens with entries each opened by its time ("10:02 — Union leaders
    meet management.", ..., "13:30 — Deal reached ..."): what happened is where the page has got to, not its first
    entry. None for a passage that does not open so."""

    def minutes(sentence: str) -> tuple[str, int] | None:
        m = _ENTRY_TIME.match(sentence)
        if m is None:
            return None
        hour = int(m.group(2)) % 12 if m.group(4) else int(m.group(2))
        return (m.group("day") or "").strip(), (hour + 12 * (m.group(4) or "").lower().startswith("p")) * 60 + int(
            m.group(3)
        )

    timed = [(t, k, sentence) for k, sentence in enumerate(sentences) if (t := minutes(sentence)) is not None]
    if len(timed) < 2 or timed[0][1] != 0:
        return None
    return max(timed)[2]


_MARKERS = re.compile(r"\s*\[\d+\]")


def said_in(told: str) -> Callable[[str], bool]:
    """Whether a sentence was said in `told` (the conversation's answers): quoted as it is, or an answer's
    sentence of six words or more is in it (an LLM's "Russia tabled a draft resolution demanding an
    immediate ceasefire" of "At the UN Security Council Russia tabled a draft resolution demanding ...")."""
    plain = " ".join(_MARKERS.sub(" ", told).split())
    parts = [p for p in (q.strip(" .;") for q in re.split(r"(?<=[.!?;])\s+", plain)) if len(p.split()) >= 6]

    def said(sentence: str) -> bool:
        return " ".join(sentence.split()) in plain or any(p in sentence for p in parts)

    return said


def _go_on(
    parts: list[str], citations: list[Citation], used: list[int], cands: list[tuple[int, str, bool]], limit: int
) -> None:
    """A digest quoting fewer reports than `limit` sentences: each report's next sentences in turn, newest report
    first, until the answer holds `limit` (or the reports say no more)."""
    room = limit - sum(len(c.quotes) for c in citations)
    while room > 0:
        added = False
        for k, i in enumerate(used):
            if room <= 0:
                break
            after = _next_stated(cands, i, citations[k].quotes[-1])
            if after is None or after in citations[k].quotes:
                continue
            citations[k].quotes.append(after)
            parts[k] += f" {after} [{k + 1}]"
            room -= 1
            added = True
        if not added:
            return


def _next_stated(candidates: list[tuple[int, str, bool]], index: int, sentence: str) -> str | None:
    """The sentence of passage `index` after `sentence` that states something (not a fragment); None at its end."""
    mine = [s for i, s, _ in candidates if i == index]
    rest = mine[mine.index(sentence) + 1 :] if sentence in mine else []
    return next((s for s in rest if not is_fragment(s)), None)


_ABOUT_CORRECTIONS = stems(
    "correct corrected correction corrections amended amend error errors mistake wrong story article report"
)


def _corrected_subject(question: str) -> set[str]:
    """What a question about corrections names besides them: {"ferry"} of "Was the ferry story corrected?"."""
    return stems(question) - _ABOUT_CORRECTIONS


def _noticed(sentence: str) -> bool:
    return is_notice(sentence) or is_retraction(sentence)


def _in_range_first(
    retrieval: Retrieval, passages: list[Passage], scored: list[tuple[float, int, str]], margin: float
) -> list[tuple[float, int, str]]:
    """ "How much did the Fed raise rates in July 2023?": when the retrieval's best passage is from inside
    the question's date range (the boost found coverage of it) and a sentence from inside the range scores
    within `margin` of the best, the answer is quoted from passages inside it: a sentence of a 2024 report
    that happens to say "since August 2023" does not lead. A weak in-range sentence ("Read more: ...") does
    not displace a far better one from outside."""
    inside = in_range(retrieval.intent)
    if inside is None or not passages or not inside(passages[0]) or not scored:
        return scored
    kept = [t for t in scored if inside(passages[t[1]])]
    return kept if kept and kept[0][0] >= scored[0][0] - margin else scored


# A question answered yes or no ("Is the shipyard cutting jobs?", "Will the tram open in 2029?")
_YES_NO = re.compile(r"^\W*(?:is|are|was|were|will|would|does|do|did|has|have|had|can|could|should)\b", re.I)


def _disagreeing(
    asked: str,
    chosen: list[tuple[float, int, str]],
    scored: list[tuple[float, int, str]],
    base: dict[str, float],
    passages: list[Passage],
    floor: float,
) -> tuple[float, int, str] | None:
    """For a when / how many / how much question (or a yes-or-no one whose lead gives a figure): the best sentence (base score at least `floor`) from
    another outlet's passage about what the question names (every one of its words, in the title or the
    text) that gives other figures of the asked kind than every quoted sentence: "the first trams would run
    in 2029" (Coastline News) and "is due to open in 2030" (Harbor Times). When outlets disagree, both are
    quoted; None when none differs."""
    kind = question_type(asked)
    if kind == "other" and _YES_NO.match(asked) and not asks_state_now(asked):
        # "Is the shipyard cutting jobs?": yes, and by how many is where the outlets differ (not "Is the strike
        # over?", whose lead's count of ships waiting is no answer of it)
        kind = next((k for k in ("number", "amount") if values(chosen[0][2], k, asked)), kind)
    if kind not in ("date", "number", "amount"):
        return None
    _, lead_i, lead = chosen[0]
    mine = values(lead, kind, asked)
    lead_outlet = (passages[lead_i].outlet or "").casefold()
    if not mine or not lead_outlet:
        return None
    # a word counts as held as written or as a word news uses for it: "How many people died?" is asked of a
    # report that says "The death toll ... has risen to seven" (`canon`)
    subject = [w for w in content_words(without_time_words(asked)) if stem(w) not in FOLLOW_UP_ASKING]
    named = {n.lower() for n in names(asked)}

    def about(p: Passage, *, contrast: bool) -> bool:
        # every word, or for a sentence setting its figure against a quoted one all but one of three or more that
        # is no name: "Police put the crowd at 12,000, while ..." is in a report on the march that never says
        # "joined" ("How many people joined the housing march?")
        text = f"{p.title} {p.text}"
        held, forms = stems(text), canons(text)
        missing = [w for w in subject if not (stem(w) in held or canon(w) in forms or _derived(stem(w), held))]
        if not missing:
            return True
        return contrast and len(missing) == 1 and len(subject) >= DISAGREEMENT_WORDS and missing[0] not in named

    quoted = {sentence for _, _, sentence in chosen}
    # a figure a quoted sentence sets against its own ("up to 450 jobs were at risk, not the 300 the company
    # announced") is someone else's: the sentence that gives it is still quoted ("... would cut 300 jobs")
    shown = {
        v
        for _, _, sentence in chosen
        for v in values(sentence, kind, asked) - values(withdrawn(sentence) or "", kind, asked)
    }
    for s, i, sentence in scored:
        outlet = (passages[i].outlet or "").casefold()
        if not outlet or outlet == lead_outlet or sentence in quoted:
            continue
        theirs = values(sentence, kind, asked)
        # one that sets another figure against a quoted one speaks to it, however few of the question's words it
        # holds: "Police put the crowd at 12,000, while organisers said 45,000 people took part." after the
        # organisers' "A record 45,000 people joined Saturday's housing march ..."
        contrast = kind != "date" and bool(theirs & shown - SCALE_WORDS)  # not "million" of "21" and "1.5 million"
        if base[sentence] < floor and not contrast:
            continue
        if theirs - shown and about(passages[i], contrast=contrast):
            return (s, i, sentence)
    return None


def _same_story(title: set[str], other: set[str]) -> bool:
    """Two reports' titles (as stems) share `STORY_TITLE_SHARE` of the shorter one's words: "Nordvik raises job cuts
    to 1,100 as unions call strike" and "Nordvik Telecom to cut 800 jobs", not "Earthquake shakes northern Orvena"."""
    return len(title & other) >= STORY_TITLE_SHARE * min(len(title), len(other))


STORY_TITLE_SHARE = 0.5


def _any_fills(scored: list[tuple[float, int, str]], question: str) -> bool:
    """One of the scored sentences fills the question's slot."""
    return any(fills_slot(t[2], question) for t in scored)


def _all_held(words_: set[str], text: str) -> bool:
    """Whether `text` holds each of `words_` (as `canon` gives them), as written, inflected ("rates" by "its deposit
    rate", "cut" by "cutting": `canon` keeps a short word's ending), in a word news uses for it or in its root
    ("mayor" for "mayoral")."""
    return _held(words_, text) == set(words_)


def _held(words_: set[str] | list[str], text: str) -> set[str]:
    """Which of `words_` `text` holds, as `_all_held` tells it (the text's forms read once)."""
    forms = canons(text)
    inflected = stems(text)
    return {
        w
        for w in words_
        if w in forms or stem(w) in inflected or _derived(w, forms) or (game_word(w) and reports_game(text))
    }


def _derived(asked: str, held: set[str]) -> bool:
    """A word `stem` leaves apart from its root is held by the root: "mayoral" by "mayor" ("the mayoral runoff" is
    the one a report on Rell's election as mayor gives a turnout of)."""
    return any(len(h) >= DERIVED_ROOT and asked.startswith(h) for h in held)


DERIVED_ROOT = 5  # a root this long or longer holds its derived forms ("mayor": "mayoral"; not "art": "article")
DISAGREEMENT_WORDS = 3  # a question of this many words finds another outlet's figure in a report lacking one
CAUSE_MARGIN = 0.15  # a cause from another passage than the lead's scores at least this close to it


def _cause_for(
    question: str,
    chosen: list[tuple[float, int, str]],
    scored: list[tuple[float, int, str]],
    cands: list[tuple[int, str, bool]],
) -> tuple[float, int, str] | None:
    """For a "why" question none of whose chosen sentences gives a cause ("Café owners say winter trade is down 20
    percent."):
    the best sentence of the lead's passage that gives one ("The chamber of commerce blamed the ferry
    strike ..."), which the question's words alone rank far below the sentence restating it; else the
    best one of another quoted passage; else the best one of another passage scoring within `CAUSE_MARGIN` of the
    lead ("Why did the dock workers
    strike?": the talks' collapse leads, and the walkout's report says "The Calder Bay Dockers Union is
    asking for an 8% pay rise").
    Also when the chosen ones give a reason for something else ("the cuts were needed to fund a new tram line" for
    "Why is the tram late?") and another sentence `_explains` what it asks ("Officials blamed higher steel prices
    ...", right after "The airport tram line ... will open a year late")."""
    if not chosen or question_type(question) != "reason":
        return None
    quoted = {c[2] for c in chosen}
    causes = [
        t for t in scored if t[2] not in quoted and offers(t[2], "reason", question) and not _other_item(t[2], question)
    ]
    # the lead's report first, then another quoted report ("Why is Nordvik cutting jobs?": the 800 jobs' report says
    # "the cuts would save 90 million euros a year", though the 1,100 jobs' report leads)
    reports = {c[1] for c in chosen}
    if not any(_explains(question, c, cands) for c in chosen):
        explaining = next((t for t in causes if _explains(question, t, cands)), None)
        if explaining is not None:
            return explaining
    if any(offers(c[2], "reason", question) for c in chosen):  # a runner-up gives one: it leads (the answer's order)
        return None
    # from a report the answer does not quote, one that tells of what is asked about: with the sentence before it, it
    # holds half the question's words ("What caused the ferry fire?" is not answered by the Kremlin's "the attack was
    # aimed at cutting off the water supply")
    wanted = _why_words(question)
    return (
        next((t for t in causes if t[1] == chosen[0][1]), None)
        or next((t for t in causes if t[1] in reports), None)
        or next(
            (
                t
                for t in causes
                if t[0] >= chosen[0][0] - CAUSE_MARGIN
                and 2 * len(_held(wanted, f"{_before(t, cands) or ''} {t[2]}")) >= len(wanted)
            ),
            None,
        )
    )


# how a "why" question asks, not what about: "why did bed bath and beyond say it may go bankrupt?"
# or "what caused the notice?" asks what caused the notice
_WHY_ASKING = SAY_WORDS | {
    stem(w) for w in "go goes going went gone happen happened happening cause caused causes causing".split()
}
_OPENING_LABEL = re.compile(r"^[^:.!?]{1,40}:\s")  # "Also in the news: ..."


def _why_words(question: str) -> set[str]:
    """What a "why" question asks about (as `canon` gives its words), not how it asks."""
    asked = _CATCH_FIRE.sub(" fire", without_time_words(question))  # "catch fire" is burning: "three fires"
    return {canon(w) for w in content_words(asked) if stem(w) not in _WHY_ASKING}


_CATCH_FIRE = re.compile(r"\b(?:catch|catches|catching|caught)\s+fire\b", re.I)


def _other_item(sentence: str, question: str) -> bool:
    """A sentence a label opens ("Also in the news: House Republicans are asking for more information ...") starts
    another item of a digest: naming none of the question's words, it gives no reason for what it asks ("why did the
    plane crash in nepal?"), whatever the sentence before it said."""
    return bool(_OPENING_LABEL.match(sentence)) and not _held(_why_words(question), sentence)


# a question mark ending the sentence (a quote may close after it): the report asks, it does not tell; not one inside
# it, where a link's label runs into a headline that does tell ("Who is the House GOP leader?:Kevin McCarthy was once
# rejected for a House internship.")
_ASKS = re.compile(r"\?[\"”’']*\s*$")


# a sentence that only points at what follows it: "Here's how the process works.", "Here is what we know."
_POINTS_ON = re.compile(r"^\W*(?:here(?:['’]s|\s+is|\s+are)|read\s+on|read\s+more|see\s+also)\b", re.I)


def _states_nothing(sentence: str) -> bool:
    """A question the report asks, a label its colon ends ("the winning number for the jackpot was:"), or a short
    pointer to what follows ("Here's how the process works.")."""
    return (
        bool(_ASKS.search(sentence))
        or sentence.rstrip().endswith(":")
        or (bool(_POINTS_ON.search(sentence)) and len(sentence.split()) <= 8)
    )


def _explains(question: str, sentence: tuple[float, int, str], cands: list[tuple[int, str, bool]]) -> bool:
    """Whether a sentence gives the reason a "why" question asks for: it gives a reason, and it with the sentence of
    its passage before it (what it explains), or a cause with its passage's first (what the report is about), holds every word
    of the question ("Officials blamed higher steel prices ..." after "The airport tram line ... will open a year
    late" for "Why is the tram late?"; "Rivolt said a faulty batch of cells ... was to blame." in the report opening
    "Rivolt is recalling about 9,000 batteries ... after three fires" for "Why did the batteries catch fire?"; not "the
    cuts were needed to fund a new tram line", after the library cuts)."""
    if offers(sentence[2], "reason", question) <= 0:
        return False
    # not how it asks: "why did bed bath and beyond say it may go bankrupt?" asks why it may go bankrupt
    wanted = _why_words(question)
    # (or, told first, with what it brought about right after it: "The crane fell onto an empty berth during high
    # winds. Operations at the container terminal were suspended ..." for "Why were operations suspended?")
    told_by = [f"{_before(sentence, cands) or ''} {sentence[2]}", f"{sentence[2]} {_after(sentence, cands) or ''}"]
    if names_cause(sentence[2]):  # (a cause, not what someone "demanded" of a delay the report opens with)
        told_by.append(f"{next((text for i, text, _ in cands if i == sentence[1]), '')} {sentence[2]}")
    for told in told_by:
        # an acronym written out: "The European Central Bank lowered borrowing costs" for "why did the ECB cut rates?"
        held = wanted - {canon(short.lower()) for short in acronyms(question) if written_out(short, told)}
        if held and _all_held(held, told):
            return True
    return False


def _after(sentence: tuple[float, int, str], cands: list[tuple[int, str, bool]]) -> str | None:
    """The sentence of its passage right after it; None for a passage's last."""
    mine = [text for i, text, _ in cands if i == sentence[1]]
    k = mine.index(sentence[2]) if sentence[2] in mine else len(mine)
    return mine[k + 1] if k + 1 < len(mine) else None


def _before(sentence: tuple[float, int, str], cands: list[tuple[int, str, bool]]) -> str | None:
    """The sentence of its passage right before it; None for a passage's first."""
    before = None
    for i, text, _ in cands:
        if i == sentence[1]:
            if text == sentence[2]:
                return before
            before = text
    return None


def _count_before_rough(order: list[int], chosen: list[tuple[float, int, str]], question: str) -> list[int]:
    """A lead that counts only roughly ("Dozens of people were killed in the ferry disaster.") follows the first
    sentence that gives a count of what it counts ("... killing 41 of the 57 people aboard"): one holding the words of
    the question the rough one holds, but for one in four ("disaster"); not another count ("two people were arrested"
    after "Tens of thousands of people marched")."""
    if not order or not rough_count(chosen[order[0]][2], question):
        return order
    held = _held(canons(question), chosen[order[0]][2])
    for k in order[1:]:
        sentence = chosen[k][2]
        if offers(sentence, "number", question) <= 0 or rough_count(sentence, question):
            continue
        if len(held - _held(held, sentence)) <= len(held) // 4:
            return [k, *(j for j in order if j != k)]
    return order


def _named_before(
    scored: list[tuple[float, int, str]], cover: list[float], most: float, cands: list[tuple[int, str, bool]]
) -> set[tuple[int, str]]:
    """The (passage, sentence) pairs that point back ("He was 58.") right after a sentence of their passage naming the
    most of what a follow-up asks about (`cover` of `scored`, at least `SAME_SUBJECT` of `most`)."""
    naming = {(t[1], t[2]) for t, c in zip(scored, cover, strict=True) if c >= SAME_SUBJECT * most}
    return {
        (i, sentence)
        for (j, before, _), (i, sentence, _) in zip(cands, cands[1:])
        if i == j and (j, before) in naming and leans_back(sentence) == "word"
    }


def _naming(focus: str, passages: list[Passage]) -> list[bool] | None:
    """Which passages name what a follow-up names ("the ECB", written out or not); None when it names nothing."""
    wanted = {name_key(n) for n in names(focus)}
    if not wanted:
        return None
    namer = QuestionNames(focus)
    return [bool(wanted & namer.stems(f"{p.title} {p.text}", p.outlet)) for p in passages]


def _stale(passages: list[Passage], window_days: float, about: list[bool] | None = None) -> list[bool]:
    """For a "latest" question, whether each passage's report is over `window_days` older than the
    reference date retrieval blended recency by (the newest relevant report's, up to `as_of`), or
    than the newest passage's when retrieval set none; undated passages are not stale. `about`: the passages on a
    follow-up's own subject, whose newest report is the reference when there is one."""
    touched = [last_touched(p) for p in passages]
    ref = next((p.meta["recency_ref"] for p in passages if "recency_ref" in p.meta), None)
    mine = [t for t, a in zip(touched, about or [], strict=False) if a and t is not None]
    if mine:
        ref = max(mine)
    if ref is None:
        ref = max((t for t in touched if t is not None), default=None)
    if ref is None:
        return [False] * len(passages)
    cut = ref - window_days * 86400
    return [t is not None and t < cut for t in touched]


def _about(keys: set[str], topic: set[str], report: set[str]) -> bool:
    """Whether a report (its stems) is about what a state question asks of: every name it names ("Brask"), or, when
    it names none, one of its other words ("train" for "Are the trains running?")."""
    return keys <= report if keys else bool(topic & report)


def _tells_state(sentence: str, question: str) -> bool:
    """Whether `sentence` holds a word telling the state `question` asks about ("detonated" for "Is the dam still
    standing?"); "over" counts only when no figure follows it ("over 30 ships" tells no strike's end)."""
    family = state_words(question)
    held = {w.casefold() for w in words(sentence)} & family
    # and the states of more than a word: "has been called off", "is still on", "in prison"
    folded = f" {' '.join(words(sentence)).casefold()} "
    held |= {phrase for phrase in family if " " in phrase and f" {phrase} " in folded}
    if held == {"over"}:
        after = [m.group(1) for m in re.finditer(r"\bover\s+([\w-]+)", sentence, re.I)]
        return not any(w[0].isdigit() or is_number_word(w) or w.lower() in ("a", "an", "half", "one") for w in after)
    return bool(held)


def _fresher(question: str, told: tuple[int, str], lead: tuple[float, int, str], passages: list[Passage]) -> bool:
    """For "Is the Brask line open?": whether a sentence of a report newer than the lead's tells how it stands, however
    less like the question ("The line is expected to reopen on December 14." on Saturday, after Thursday's "The line
    between Brask and Hollen will stay closed at least until Monday."): of the question's words the lead holds (but
    the state's own), its report holds one of the names, or every word when there is no name, and the sentence holds
    another of them and a word telling the state asked about ("reopen" for "open"). "Is the line between Brask and
    Hollen closed?" is told in a report naming Brask, not Hollen, "between" or "closed"."""
    i, sentence = told
    newer, older = last_touched(passages[i]), last_touched(passages[lead[1]])
    if newer is None or older is None or newer <= older:
        return False
    state = state_words(question)
    asked = {stem(w) for w in content_words(question)} - {stem(w) for w in state}
    held = asked & stems(lead[2])
    named = {name_key(n) for n in names(question)} & held
    report = stems(f"{passages[i].title} {passages[i].text}")
    told_state = state & {w.casefold() for w in words(sentence)}
    said = (held - named) or held  # what the sentence itself must hold: "line", beside the names
    return (
        bool(held)
        and (bool(named & report) if named else held <= report)
        and bool(said & stems(sentence))
        and bool(told_state)
    )


def _newest_opening(
    retrieval: Retrieval, chosen: list[tuple[float, int, str]], cands: list[tuple[int, str, bool]]
) -> tuple[float, int, str] | None:
    """For "What's the latest on the Lunde case?": the opening sentence of the lead's report (the newest) when the
    lead is another of its sentences and the opening names what the question names ("Kelmar District Court on Friday
    found former mayor Arvid Lunde guilty ..." before its "Lunde remains free pending the appeal."): what the outlet
    led with is the news; None for any other question."""
    intent = retrieval.intent
    if not chosen or not intent.recency or intent.has_range or intent.state_now or not asks_events(retrieval.asked):
        return None
    keys = {name_key(n) for n in names(retrieval.asked)}
    _, i, lead = chosen[0]
    first = next((text for j, text, is_lead in cands if j == i and is_lead), None)
    if not keys or first is None or first == lead or any(c[2] == first for c in chosen):
        return None
    return (chosen[0][0], i, first) if keys <= stems(first) else None


def _told_next(
    question: str, chosen: list[tuple[float, int, str]], cands: list[tuple[int, str, bool]]
) -> tuple[float, int, str] | None:
    """For a when / how many / how much / where question whose lead gives none: the sentence right after it in its
    passage when that one points back at it and gives one, holding a word the question asks about: "Crews expect to
    reconnect most of them by Sunday evening." after "Grid operator Nordnett now says 23,000 homes are without power
    ..." for "When will power be restored?"; None otherwise."""
    kind = question_type(question)
    if not chosen or kind not in ("date", "number", "amount", "place") or offers(chosen[0][2], kind, question) > 0:
        return None
    after = _after(chosen[0], cands)
    if after is None or not POINTS_BACK.search(after) or offers(after, kind, question) <= 0:
        return None
    asked = {canon(w) for w in content_words(question) if stem(w) not in FOLLOW_UP_ASKING}
    if not asked & canons(after):
        return None
    return (chosen[0][0], chosen[0][1], after)


def _figures_for(
    question: str, chosen: list[tuple[float, int, str]], scored: list[tuple[float, int, str]], room: int
) -> list[tuple[float, int, str]]:
    """For a "how many" question whose lead counts only roughly ("Thousands of people marched ..."), or a "how
    many" or "how much" one whose lead gives no figure ("Tolvik FC have signed striker Omar Haddad ..."): the
    sentences of the lead's passage that give a figure no quoted sentence gives ("Police estimated the crowd
    at 8,000.", "... local media put it at 1.5 million euros."), best first, at most `room`; which the
    question's words alone rank far below the sentence restating the march or the signing."""
    kind = question_type(question)
    if not chosen or kind not in ("number", "amount"):
        return []
    lead = chosen[0][2]
    # (an amount's lead that gives only a bare figure, "will raise fares by 10%", is joined by the sum: "A single
    # adult ticket will rise from €3.20 to €3.50." for "How much will ferry fares cost?")
    given = offers(lead, kind, question)
    # (not a correction's notice, "misstated the cost ... on November 20": its correction follows it, below)
    weak = kind == "amount" and given < 1 and not (is_retraction(lead) or is_notice(lead))
    if not (given == 0 or weak or (kind == "number" and rough_count(lead, question))):
        return []
    # "How old was the driver who died?": a figure of what it names (an age: "He was 58."), which a runner-up may give
    # already; not the lead's report's "65,000 litres" or "December 14"
    slot = asks_age(question) or asks_strength(question)
    if slot and any(fills_slot(c[2], question) for c in chosen):
        return []
    casualties = asks_casualties(question)
    quoted = {c[2] for c in chosen}
    shown = {v for c in chosen for v in values(c[2], kind, question)}
    out: list[tuple[float, int, str]] = []
    for t in scored:
        if t[1] != chosen[0][1] or t[2] in quoted or offers(t[2], kind, question) < 1:
            continue
        if slot and not fills_slot(t[2], question):
            continue
        if casualties and not tells_of_victims(t[2]):  # "How many people were hurt?": not "He was 58." nor a date
            continue
        figure = values(t[2], kind, question)
        if not figure - shown:  # (one setting another figure against a quoted one gives that other)
            continue
        out.append(t)
        shown |= figure
        if len(out) >= room:
            break
    return out


def _names_each(subject: list[str], held: set[str]) -> bool:
    """Whether the stems `held` name each of `subject`'s names, a country also by its government's seat ("The Kremlin
    said ..." names Russia)."""
    return all(name_key(n) in held or any(stems(seat) <= held for seat in seats_of(n)) for n in subject)


def _in_passage_order(
    chosen: list[tuple[float, int, str]],
    candidates: list[tuple[int, str]],
    *,
    group: Callable[[str], bool] = lambda sentence: True,
) -> list[tuple[float, int, str]]:
    """The runners-up that come from one passage in the order it has them, each group keeping its places
    in the answer: "The Bank of England has cut rates ... Rates had been held at 5.25% since August 2023."
    reads as the report does, not the other way round. The lead stays first. `group`: the runners-up it
    holds for and those it does not are ordered apart (the sentences that answer stay before the others)."""
    where = {(i, sentence): k for k, (i, sentence) in enumerate(candidates)}
    out = list(chosen)
    for i, g in {(c[1], group(c[2])) for c in chosen[1:]}:
        slots = [k for k in range(1, len(out)) if out[k][1] == i and group(out[k][2]) == g]
        for k, c in zip(slots, sorted((out[k] for k in slots), key=lambda c: where.get((c[1], c[2]), 0))):
            out[k] = c
    return out


def _with_antecedent(
    chosen: list[tuple[float, int, str]],
    candidates: list[tuple[int, str, bool]],
    limit: int,
    *,
    judgments: bool = True,
    told: str = "",
    known: str = "",
) -> list[tuple[float, int, str]]:
    """A lead that opens by pointing back is quoted after what it points at: "He took the name Leo XIV."
    after the sentence before it ("... the Catholic Church chose Cardinal Robert Prevost ..."); "The move
    put the ECB ahead of the Fed." (an event told earlier: `leans_back` says which) after the article's
    first sentence when its passage holds it ("The European Central Bank lowered borrowing costs ..."),
    else after the sentence before. That sentence joins the answer (up to `limit` + 1 sentences): it
    says what the lead is about, it does not compete with the runners-up. Not when the lead opens its passage (nothing before it to quote) or the sentence before is a
    question or a heading. `judgments`: whether someone's word on the event ("Powell described the decision as
    ...") points back too. `told`: what a chat's last answer said; a sentence in it is not quoted again. `known`:
    what the reader has read (the question, the last answer): a person it names is who "she" is ("She will take
    office on January 1." leads for "When does Holt take office?", not "Holt, 41, a former nurse, promised ...")."""
    if not chosen:
        return chosen
    score, i, lead = chosen[0]
    points = leans_back(lead, judgments=judgments)
    if not points:
        return chosen
    order = [(j, sentence) for j, sentence, _ in candidates]
    try:
        k = order.index((i, lead))
    except ValueError:
        return chosen
    if k == 0 or order[k - 1][0] != i:
        return chosen
    before = order[k - 1][1]
    if points == "event":
        before = next((sentence for j, sentence, first in candidates if j == i and first), before)
    else:
        # "He succeeds Pope Francis ...": not "Before the conclave he led the Vatican office ...", which says "he"
        # too, but the sentence further back that names him ("... the Catholic Church chose Cardinal Robert Prevost")
        opening = words(lead)[:1]
        family = _PRONOUN_FAMILIES.get(opening[0], frozenset()) if opening else frozenset()
        back = k - 1
        while family and back > 0 and order[back - 1][0] == i and family & set(words(order[back][1])):
            back -= 1
        before = order[back][1]
        # (a person: not a place whose someone the sentence names, "Tolvik's mayor, Sara Lind, resigned ...")
        named = {name_key(n) for n in names(before) if not n.endswith(("'s", "’s"))}
        if family and named & {name_key(n) for n in names(known)}:
            return chosen
    if is_fragment(before) or (told and before in told):
        return chosen
    rest = [c for c in chosen[1:] if c[2] != before]
    return ([(score, i, before), chosen[0]] + rest)[: limit + 1]


# a person a sentence opens with pronouns for, by the forms one refers back with
_PRONOUN_FAMILIES = {
    w: family for family in (frozenset("he him his".split()), frozenset("she her hers".split())) for w in family
}


def _quoted(candidates: list[tuple[int, str, bool]], history: Sequence[tuple[str, str]]) -> tuple[int, str] | None:
    """The passage (index) and the sentence the last answer led with: what the conversation is about when a
    follow-up points back. "Why?" after "Is the rail strike still on?" (answered "... has been called off after
    ... agreed a 5.5% pay rise") is about that report, not about last week's that says the strike is "still on",
    which holds more of the question's words."""
    told = history[-1][1] if history else ""
    quoted = [(told.find(sentence), i, sentence) for i, sentence, _ in candidates if sentence in told]
    return min(quoted)[1:] if quoted else None


def _on_context(
    question: str, own: set[str], passages: list[Passage], lead: int | tuple[int, str] | None
) -> list[bool]:
    """A follow-up's passages: per passage, whether it holds `SAME_SUBJECT` of the earlier question's
    words that the lead's passage holds (with `lead` None: that the passage holding the most of them
    holds), rarer words weighing more. "Who is against it?" after a question about Lakeport's ferry: a
    sports report that plays "against" a team is not. With `lead` a (passage, sentence) the last answer led
    with, the words that sentence holds, when it holds any: "How many people are still away from home?"
    after "Is the fire still burning?" (answered "Fire chief Nadia Orlov said the blaze was likely started by a
    discarded barbecue.") is about the fire, not about "burning", which the lead's passage holds only as "burns
    to his arms"."""
    held = [stems(f"{p.title} {p.text}") for p in passages]
    # not what it asks with: "beat" of "Who did he beat? (Who won the runoff?)" is no word of the runoff's; nor what an
    # earlier question counted: "wagons" of "Why did it derail? (How many wagons derailed near Brask?)" is no word of
    # the derailment's other reports
    weight = _focus_weights(stems(question) - own - asking_words(question) - counted(question), held)
    said: set[str] = set()
    anchor: set[str] = set()
    if isinstance(lead, tuple):
        lead, sentence = lead
        said = {t for t in weight if t in stems(sentence)}
        if not names(sentence):
            # a sentence naming nobody ("Prosecutors had asked for three years."): the one its report is about,
            # the name it repeats most (Dahlgren), is the subject too: "And his lawyer?" is asked of every report
            # naming him
            anchor = _main_name(passages[lead].text)
    if lead is None:
        cover = [sum(weight[t] for t in h if t in weight) for h in held]
        lead = max(range(len(held)), key=lambda k: (cover[k], -k)) if held else 0
    context = said or {t for t in weight if t in held[lead]}
    need = SAME_SUBJECT * sum(weight[t] for t in context)
    return [sum(weight[t] for t in context & h) >= need or bool(anchor and anchor <= h) for h in held]


_PERSON_PRONOUNS = frozenset("he him his she her hers".split())


def _on_person(
    about: list[bool], passages: list[Passage], history: Sequence[tuple[str, str]], cands: list[tuple[int, str, bool]]
) -> list[bool]:
    """A follow-up pointing back at a person ("When does she start?" after "Who is Harlen's new chief executive?",
    answered "... has appointed Dana Whitlock ..."): she is who the answer named, and the reports on her are the ones
    naming her, not the one on her predecessor's exit ("How did her first match go?" after "Who replaced Jonas
    Berg?" is in a report on her match that never names him); `about` when the answer named nobody, or no passage
    names them."""
    person = _answered_person(history, cands)
    if not person:
        return about
    named = [person in stems(f"{p.title} {p.text}") for p in passages]
    return named if any(named) else about


def _answered_person(history: Sequence[tuple[str, str]], cands: list[tuple[int, str, bool]]) -> str | None:
    """After a "who" question, the one the answer's first sentence named, by the last word (`name_key`) of its
    first name of two words or more that shares no word with the question: "whitlock" of "Harlen Motors has
    appointed Dana Whitlock, ..." for "Who is Harlen's new chief executive?"; None after any other question."""
    if not history or question_type(history[-1][0]) != "entity":
        return None
    lead = _quoted(cands, history)
    if lead is None:
        return None
    asked = {name_key(w) for w in words(history[-1][0])}
    for phrase in name_phrases(lead[1]):
        keys = [name_key(w) for w in phrase.split()]
        if len(keys) >= 2 and not asked & set(keys):
            return keys[-1]
    return None


def _main_name(text: str) -> set[str]:
    """The name (`name_key`) a report repeats most, when one is named more than once; else empty."""
    counts = Counter(_name_keys(text))
    if not counts:
        return set()
    key, n = counts.most_common(1)[0]
    return {key} if n > 1 else set()


def _name_keys(text: str) -> list[str]:
    """The `name_key` of every name the text's sentences hold, in order, repeats kept."""
    return [name_key(n) for sentence in split_sentences(text) for n in names(sentence)]


_OPENER = re.compile(r"^\s*(?:and|but|or|also|so|then|what about|how about)\b", re.I)


def _new_subject(retrieval: Retrieval, own: set[str]) -> str | None:
    """For a follow-up that names a new subject instead of pointing back ("And the Fed?", "and China?",
    "What about the United States?"), the conversation it is asked in without the subject it replaces:
    "Did the ECB cut rates?" -> "Did the cut rates?" (the names of the turn before it go). None for any
    other question, and when nothing of the conversation is left."""
    focus = retrieval.focus or ""
    context = _conversation(retrieval)
    if not own or not names(focus) or keeps_subject(focus) or context is None:
        return None
    # A bare name ("And the Fed?") replaces the subject each earlier question named first ("ECB" of "Did the
    # ECB cut rates?", and "the Fed" of "And the Fed?" after it: the Bank of Japan replaces both); a question
    # of its own ("And what did China say?") asks about all of it.
    rest = _OPENER.sub("", focus)
    for name in name_phrases(focus):
        rest = rest.replace(name, " ")
    bare = not re.sub(r"\bthe\b|[^\w]", "", rest, flags=re.I)
    asked = split_sentences(context) or [context]
    replaced = [n for question in asked for n in name_phrases(question)[:1]] if bare else []
    for name in replaced:
        context = context.replace(name, " ")
    return context if stems(context) - own - FOLLOW_UP_ASKING else None


_QUESTION_WORD = re.compile(
    r"^(?:what|who|whom|whose|when|where|why|how|which|did|does|do|is|are|was|were|can|will|would|has|have|had)\b",
    re.I,
)
BARE_SUBJECT_WORDS = 4


def _bare_subject(focus: str) -> str | None:
    """What an elliptical follow-up names after its opener, when that is all it says ("the mayor" of "And
    the mayor?", "the cost" of "What about the cost?"); None for a question of its own ("And why?", "And
    who scored?") or one without an opener."""
    opener = _OPENER.match(focus)
    if not opener:
        return None
    rest = focus[opener.end() :].strip(" ?!.,")
    if not rest or _QUESTION_WORD.match(rest) or len(words(rest)) > BARE_SUBJECT_WORDS:
        return None
    return rest if stems(rest) - FOLLOW_UP_ASKING else None


def _conversation(retrieval: Retrieval) -> str | None:
    """The earlier questions a follow-up was searched with ("What did the ECB decide?" of "And the Fed?
    (What did the ECB decide?)"); None when it was searched alone."""
    return searched_with(retrieval.question, retrieval.focus)


def _on_told_story(
    focus: str, history: Sequence[tuple[str, str]], passages: list[Passage], question: str = ""
) -> list[bool]:
    """Per passage, whether it names what `focus` asks about with "the" ("strike" of "Is the strike over?"; else
    what the `question` searched, with the conversation, does: "What's the latest? (Is the strike over? ...)") and a
    name of the last answer that is no English word ("Harwick" of "... the Port of Harwick began an indefinite
    strike"): a report on the story the conversation is about, whichever part of it was asked last."""
    subject = {stem(s) for s in the_subjects(focus) or the_subjects(question)}
    told = history[-1][1] if history else ""
    # (not a wire's "AP" nor a numeral's "LIX": a name of the story's own, "Harwick", "Mahomes")
    keys = {name_key(n) for n in names(told) if len(n) >= 4 and not n.isupper() and not is_english(n.lower())}
    if not subject or not keys:
        return [False] * len(passages)
    namer = QuestionNames(told, pairs=True)
    return [
        subject <= stems(f"{p.title} {p.text}") and bool(keys & namer.stems(f"{p.title} {p.text}")) for p in passages
    ]


def _on_topic(context: str, own: set[str], passages: list[Passage]) -> list[bool]:
    """Per passage, whether it holds `TOPIC_SHARE` of the conversation's words (`_new_subject`), rarer
    words weighing more, and one of its names when it names any: "the cut rates" for the Fed's rate cut,
    not an Olympics table for the UN vote."""
    namer = QuestionNames(context, pairs=True)
    held = [namer.stems(f"{p.title} {p.text}") for p in passages]
    topic = stems(without_time_words(context)) - own - FOLLOW_UP_ASKING  # "latest", "this week": no passage's words
    named = {name_key(n) for n in names(context)} & topic
    # or that names it with "the": "Who won the midterms?" is about the passages on the midterms, not a German
    # election's, which holds its "won" (and gives a turnout, for "What was the turnout?")
    subject = set() if named else {stem(s) for s in the_subjects(context)} & topic
    if len(topic) < THIN_TOPIC and not named:
        # "What did the decide?" is what "What did the ECB decide?" leaves for "And the Bank of England?", and
        # "What's the on the?" what "What's the latest on the strike?" leaves for "How many workers were on
        # strike?": a word that is not a name ("Brenek") says no topic, and the passages searched with the
        # conversation are the ones to use
        return [True] * len(passages)
    weight = _focus_weights(topic, held)
    total = sum(weight.values())
    # and a conversation that names its subject is about the passages naming it: "Who won the Super Bowl?"
    # is not about an Olympics report for its "winning"
    return [
        total > 0
        and sum(weight[t] for t in topic & h) >= TOPIC_SHARE * total
        and (not named or bool(named & h))
        and (not subject or bool(subject & h))
        for h in held
    ]


TOPIC_WORDS = 4  # the most words (not asking words) a question has for `_off_topic` to judge reports by


def _off_topic(question: str, passages: list[Passage]) -> list[float]:
    """Per passage, 1 when its report is on another story than the question's, else 0: it holds none of the question's
    words that the passage holding most of them holds (the first such in retrieval order). "Who won the midterms?"
    is the midterms' report's question, whatever a German election's report says of who won; "When will the tram
    open?" is the tram reports', whichever of them says "open", not a library's that "stays open". A follow-up is
    judged by the question searched, with the conversation's words, and the chosen report's article is on its topic
    in every passage of it. Only a question of at most `TOPIC_WORDS` such words has a topic this sharp: in a longer one
    (rtqa's "Japan's government is to offer families how much to relocate from Tokyo to less densely populated
    areas?") the report holding most of its words may be about one of them ("population density") and not the rest."""
    asked = own_words(question) - asking_verbs(question)
    if len(asked) > TOPIC_WORDS:
        return [0.0] * len(passages)
    texts = [asked & stems(f"{p.title} {p.text}") for p in passages]
    if not texts:
        return []
    anchor = max(range(len(texts)), key=lambda i: (len(texts[i]), -i))
    topic, article = texts[anchor], passages[anchor].article_id
    if not topic:
        return [0.0] * len(passages)
    return [0.0 if topic & held or p.article_id == article else 1.0 for p, held in zip(passages, texts, strict=True)]


def _focus_weights(q_terms: set[str], stems: list[set[str]]) -> dict[str, float]:
    """Each question term's weight: rarer among the candidate sentences, more telling (a term every
    sentence shares does not pick one). Terms no candidate holds pick nothing and weigh nothing."""
    n = len(stems)
    out = {}
    for term in q_terms:
        df = sum(1 for s in stems if term in s)
        if df:
            out[term] = math.log(1 + n / df)
    return out


def _names_of_lead(question: str, passages: list[Passage], lead: int) -> Callable[[int], bool]:
    """Whether a passage (by index) names every name of the question that the lead's passage names."""
    namer = QuestionNames(question)
    asked = {name_key(n) for n in names(question)}
    if not asked:
        return lambda i: True
    held: dict[int, set[str]] = {}

    def of(i: int) -> set[str]:
        if i not in held:
            held[i] = asked & namer.stems(f"{passages[i].title} {passages[i].text}", passages[i].outlet)
        return held[i]

    return lambda i: of(lead) <= of(i)


def _holds_costed(question: str, passages: list[Passage], lead: int) -> Callable[[int], bool]:
    """Whether a passage (by index) names what a "how much did X cost?" question asks the cost of, when the lead's
    passage does."""
    thing = cost_of(question)

    def holds(i: int) -> bool:
        return thing in stems(f"{passages[i].title} {passages[i].text}")

    if thing is None or not holds(lead):
        return lambda i: True
    return holds


def _on_story(question: str, passages: list[Passage], lead: int) -> list[bool]:
    """Per passage, whether its report is on the story of passage `lead`: it names someone or somewhere the
    lead's report names, or holds `TOPIC_SHARE` of the question words the lead's report holds (weighted as
    `_same_subject` weighs them). Wednesday's report on the funerals in Ostra ("Officials now say 44 people lost
    their lives in the floods") is on Sunday's toll ("... still missing around Ostra"); a quarry report's "The
    company said the ruling put 40 jobs at risk." is not on the shipyard's job cuts, though it counts jobs."""
    keys = [set(_name_keys(p.text)) for p in passages]
    texts = [f"{p.title} {p.text}" for p in passages]
    held = _same_subject(question, passages, [texts[lead], *texts], share=TOPIC_SHARE)[1:]
    return [h or bool(k & keys[lead]) for h, k in zip(held, keys, strict=True)]


def _same_subject(
    question: str,
    passages: list[Passage],
    sentences: list[str],
    titles: list[str] | None = None,
    *,
    titled: bool = False,
    share: float | None = None,
) -> list[bool]:
    """Per sentence, whether it holds `share` (default `SAME_SUBJECT`) of the question words the first one holds,
    each word weighted by how few of the passages hold it (the rarer, the more it names the subject);
    words news uses for one another count as one ("died", "dead", "killed": `canon`). A sentence that
    opens with a pronoun ("Her margin over Peter Hald narrowed to 187 votes") also holds the words of its
    story's title ("Recount confirms Voss as Velmora mayor"), which names whom the pronoun stands for."""
    weight = _focus_weights(canons(question), [canons(f"{p.title} {p.text}") for p in passages])
    titles = titles or [""] * len(sentences)
    held = [
        {t for t in canons(f"{title} {s}" if titled or _opens_with_pronoun(s) else s) if t in weight}
        for s, title in zip(sentences, titles, strict=True)
    ]
    lead = sum(weight[t] for t in held[0]) if held else 0.0
    share = SAME_SUBJECT if share is None else share
    return [sum(weight[t] for t in h & held[0]) >= share * lead for h in held]


# Time words that ask how a story stands now ("Is the fire still burning?", "What is the latest on ...?"), not
# when something happened ("Which chain recently said ...?")
_STATUS_WORDS = frozenset(
    {
        "latest",
        "newest",
        "most recent",
        "current",
        "currently",
        "now",
        "right now",
        "so far",
        "to date",
        "ongoing",
        "still",
        "again",
    }
)


def asks_status(intent: TimeIntent) -> bool:
    """A question about how a story stands now: each report's best sentence is quoted, newest first."""
    return intent.state_now or (intent.recency and any(p.lower() in _STATUS_WORDS for p in intent.phrases))


def _later_report(
    scored: list[tuple[float, int, str]],
    chosen: list[tuple[float, int, str]],
    i: int,
    base: dict[str, float],
    best: float,
    *,
    margin: float,
) -> bool:
    """Whether a report not yet quoted has a sentence within `margin` of `best` that another sentence of
    passage `i` (already quoted) would keep out."""
    quoted = {c[1] for c in chosen}
    return any(j not in quoted and j != i and base[t] >= best - margin for _, j, t in scored)


def _opens_with_pronoun(sentence: str) -> bool:
    first = re.match(r"\W*([A-Za-z]+)", sentence)
    return first is not None and first.group(1).lower() in PERSONAL_PRONOUNS


def _similar(a: str, b: str) -> bool:
    """The same statement: most words shared, or the shorter one's words all in the longer one ("The union
    said 83% of members backed the deal." beside "The union, Harbour Workers United, said 83% of members
    backed the deal.", from a trimmed syndicated copy)."""
    wa, wb = set(content_words(a)), set(content_words(b))
    if not wa or not wb:
        return a == b
    shared = len(wa & wb)
    return shared / len(wa | wb) > 0.7 or (min(len(wa), len(wb)) >= 5 and shared == min(len(wa), len(wb)))


def _with_corrections(
    chosen: list[tuple[float, int, str]], candidates: list[tuple[int, str, bool]], limit: int, question: str = ""
) -> list[tuple[float, int, str]]:
    """A correction notice quoted ("An earlier version of this story said the extension would cost 310
    million euros.") is followed by the sentence after it in its passage, which says what replaced the
    withdrawn claim ("The council's figure is 290 million euros."): quoted alone, the notice gives the
    reader the figure the outlet took back. When the notice leads and that sentence gives what `question`
    asks for and the notice does not ("How much will the tram cost?": "The line will cost 430 million
    dollars, not 340 million dollars." after "Correction: An article on November 20 misstated the cost
    ..."), the correction leads and the notice follows it. The answer keeps at most `limit` + 1 sentences;
    the last runners-up make room."""
    order = [(j, sentence) for j, sentence, _ in candidates]
    out: list[tuple[float, int, str]] = []
    kept: set[int] = set()  # positions in `out` that must stay: the lead, each notice and its correction
    quoted = {c[2] for c in chosen}
    notes_asked = asks_correction(question)
    for k, (score, i, sentence) in enumerate(chosen):
        at = order.index((i, sentence)) if (i, sentence) in order else -1
        before = order[at - 1] if at > 0 and order[at - 1][0] == i else None
        if notes_asked and before and before[1] not in quoted and (is_retraction(before[1]) or is_notice(before[1])):
            # "Was that figure corrected?" answered by "The correct figure is 12,000.": the notice before it
            # says what was taken back ("An earlier version of this article said 21,000 cars were recalled.")
            kept.add(len(out))
            out.append((score, i, before[1]))
            quoted.add(before[1])
        if k == 0:
            kept.add(len(out))
        out.append((score, i, sentence))
        if not (is_retraction(sentence) or is_notice(sentence)) or (i, sentence) not in order:
            continue
        at = order.index((i, sentence))
        if at + 1 < len(order) and order[at + 1][0] == i and order[at + 1][1] not in quoted:
            kept.update({len(out) - 1, len(out)})
            out.append((score, i, order[at + 1][1]))
            quoted.add(order[at + 1][1])
    while len(out) > limit + 1:
        drop = next((k for k in range(len(out) - 1, -1, -1) if k not in kept), None)
        if drop is None:
            break
        out.pop(drop)
        kept = {k - 1 if k > drop else k for k in kept}
    kind = question_type(question) if question else "other"
    if (
        len(out) > 1
        and kind != "other"
        and out[1][2] not in {c[2] for c in chosen}  # the notice's correction, added above
        and (is_retraction(out[0][2]) or is_notice(out[0][2]))
        and offers(out[1][2], kind, question) > offers(out[0][2], kind, question)
    ):
        out[0], out[1] = (out[0][0], out[1][1], out[1][2]), (out[1][0], out[0][1], out[0][2])
    return out
