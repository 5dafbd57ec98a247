"""LLMAnswerer (mode "llm"): grounded prompt -> streamed tokens -> sanitized -> verified citations.

Citations in the final Answer are built from our own passage metadata (title, outlet, URL,
date), never from anything the model wrote. When the LLM fails (LLMError), or when none of
its claims survives verification, the answer is the extractive one with a note saying why.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..answer_type import offers, question_type, unmentioned, unnamed
from ..answering import Answerer, holds_every_word, like_nothing, refusal, told_about
from ..corrections import corrections_of
from ..embedding import Embedder
from ..errors import LLMError
from ..filters import parse_day
from ..models import Answer, Citation, Passage, SearchScope
from ..retrieval import Retrieval, asks_more
from ..stream import AnswerStream
from ..synonyms import canon
from .client import ChatClient
from .loop_guard import LoopGuard
from .prompt import Prompt, answer_prompt
from .sanitize import StreamSanitizer, hosts_of, sanitize_answer, source_sentences
from .verify import (
    CitedSource,
    SupportScorer,
    Verification,
    answer_sentences,
    marker_numbers,
    number_by_appearance,
    says_no_answer,
    strip_markers,
    verify_answer,
)

History = Sequence[tuple[str, str]]
# what an answer to each kind of question must give (rag.answer_type.question_type)
_KIND_WORDS = {"entity": "name", "place": "place", "date": "date", "number": "number", "amount": "amount"}


def reference_day(as_of: Any = None) -> date:
    """The date the prompt calls today: `as_of` when given, else today (UTC)."""
    parsed = parse_day(as_of)
    return parsed.date() if parsed else datetime.now(UTC).date()


class LLMAnswerer:
    mode = "llm"

    def __init__(
        self,
        client: ChatClient,
        *,
        embedder: Embedder | None,
        fallback: Answerer,
        support_threshold: float,
        refuse_threshold: float,
        max_tokens: int,
        temperature: float,
        max_sentences: int,
    ) -> None:
        self.client = client
        self.embedder = embedder
        self.scorer = SupportScorer(embedder)
        self.fallback = fallback
        self.support_threshold = support_threshold
        self.refuse_threshold = refuse_threshold
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.max_sentences = max_sentences

    def answer(self, retrieval: Retrieval, scope: SearchScope, *, as_of: Any = None, history: History = ()) -> Answer:
        return self.stream(retrieval, scope, as_of=as_of, history=history).answer()

    def stream(
        self, retrieval: Retrieval, scope: SearchScope, *, as_of: Any = None, history: History = ()
    ) -> AnswerStream:
        """Text pieces as the model writes them (images and foreign links already stripped); its
        `.answer()` is the final Answer, whose text is the verified one (a refusal or the extractive
        fallback streams no text: its Answer is all there is)."""
        return AnswerStream(self._parts(retrieval, scope, as_of=as_of, history=history))

    def _parts(
        self, retrieval: Retrieval, scope: SearchScope, *, as_of: Any = None, history: History = ()
    ) -> Iterator[str | Answer]:
        passages = retrieval.passages
        if not passages:
            yield refusal(retrieval, scope, self.mode, "No passage matched.")
            return
        asked = retrieval.asked
        # the extractive answer's rules: nothing similar (unless a sentence names all the question names or
        # is as similar as an answer), or a short question whose names no passage holds ("What did Trump say?")
        numbered = [(i, s.text) for i, p in enumerate(passages) for s in source_sentences(p.text)]
        sentences = [sentence for _, sentence in numbered]
        if not told_about(retrieval, numbered, history) and like_nothing(
            retrieval, sentences, threshold=self.refuse_threshold, embedder=self.embedder
        ):
            yield refusal(
                retrieval, scope, self.mode, "I found nothing in the indexed news that answers this question."
            )
            return
        missing = [] if retrieval.browse else unnamed(asked, passages)
        if missing:
            yield refusal(retrieval, scope, self.mode, f"None of the passages I found names {' or '.join(missing)}.")
            return
        absent = [] if retrieval.browse or retrieval.focus else unmentioned(asked, passages, canon)
        if absent:
            yield refusal(retrieval, scope, self.mode, f"None of the passages I found mentions {' or '.join(absent)}.")
            return
        prompt = answer_prompt(
            retrieval.question, passages, today=reference_day(as_of), max_sentences=self.max_sentences, history=history
        )
        sanitizer = StreamSanitizer(hosts_of(p.url for p in passages))
        guard = LoopGuard()
        raw: list[str] = []
        t0 = time.perf_counter()
        first: float | None = None
        pieces = None
        try:
            pieces = self.client.stream(prompt.messages, max_tokens=self.max_tokens, temperature=self.temperature)
            for piece in pieces:
                if first is None:
                    first = time.perf_counter()
                raw.append(piece)
                safe = sanitizer.feed(piece)
                if safe:
                    yield safe
                if guard.feed(piece):
                    break  # the model is looping: nothing new is coming
        except LLMError as exc:
            yield self.fallback_answer(
                retrieval, scope, f"LLM unavailable: {exc}. This is the extractive answer.", history=history
            )
            return
        finally:
            close = getattr(pieces, "close", None)
            if close:
                close()  # a stopped stream: the request to the server ends here
        tail = sanitizer.flush()
        if tail:
            yield tail
        t1 = time.perf_counter()
        answer = self.finish("".join(raw), prompt, retrieval, scope, history=history)
        if answer.verification is not None:
            answer.verification["stopped_looping"] = guard.looping
        answer.timings_ms.update({"llm_first_token": ((first or t1) - t0) * 1000, "llm": (t1 - t0) * 1000})
        yield answer

    def finish(
        self, raw: str, prompt: Prompt, retrieval: Retrieval, scope: SearchScope, *, history: History = ()
    ) -> Answer:
        """Sanitize and verify the model's full text into the final Answer. `history`: the chat's earlier
        (question, answer) pairs, which a follow-up asking for more ("Tell me more") must not repeat."""
        passages = retrieval.passages
        raw = raw.replace(prompt.nonce, " ") if prompt.nonce else raw  # an echoed delimiter token
        text, removed = sanitize_answer(raw, hosts_of(p.url for p in passages))
        written = text  # as the model wrote it, a line to a point
        v = verify_answer(
            text, passages, self.scorer, self.support_threshold, question=retrieval.focus or retrieval.question
        )
        text, removed_late = sanitize_answer(v.text, hosts_of(passages[c.n - 1].url for c in v.cited))
        text = _followed_by_corrections(text, v, passages)
        report = {
            **v.to_dict(),
            "removed_markup": removed + removed_late,
            "withheld_from_prompt": prompt.removed_injections,
            "threshold": self.support_threshold,
        }
        if v.supported_claims == 0 and v.no_answer:
            extractive = self.fallback.answer(retrieval, scope, history=history)
            lead = answer_sentences(strip_markers(extractive.text))[:1]
            if not extractive.refused and holds_every_word(retrieval.focus or retrieval.question, lead):
                # "What did Orlund and Vessby agree?": the test model said the sources do not answer, and "The towns
                # of Orlund and Vessby agreed on Saturday to run a single hospital ..." does
                extractive.note = (
                    "Not the LLM answer: it said the sources do not answer, and a source's sentence holds all the "
                    "question asks about. This is the extractive answer."
                )
                extractive.verification = report
                return extractive
            # the model's own words for it, not what it went on to say ("- The sources did not agree. - ...")
            lines = [s for line in written.splitlines() for s in answer_sentences(line)]
            said = next((s for s in lines if says_no_answer(s)), text)
            answer = refusal(retrieval, scope, self.mode, said.strip(" -*\n"))
            answer.verification = report
            return answer
        if v.supported_claims == 0:
            why = (
                "the LLM cited nothing and none of its sentences is supported by the sources"
                if v.model_citations == 0
                else "none of the LLM's claims is supported by the source it cites"
            )
            answer = self.fallback_answer(
                retrieval, scope, f"Not the LLM answer: {why}. This is the extractive answer.", history=history
            )
            answer.verification = report
            return answer
        instead = self._off_question(text, [passages[c.n - 1] for c in v.cited], retrieval, scope)
        if (
            instead is None
            and history
            and asks_more(retrieval.focus or retrieval.question)
            and _repeats(text, v, history)
        ):
            # "Tell me more" answered with what the last answer said (the test model repeats it)
            instead = self.fallback_answer(
                retrieval,
                scope,
                "Not the LLM answer: it repeats what the earlier answers said, and more was asked. This is the "
                "extractive answer.",
                history=history,
            )
        if instead is not None:
            instead.verification = report
            return instead
        # The reader's numbers follow the answer (the report keeps the prompt's source numbers).
        text, numbers = number_by_appearance(text, [c.n for c in v.cited])
        citations = [Citation.from_passage(numbers[c.n], passages[c.n - 1], c.quote, c.score) for c in v.cited]
        return Answer(
            question=retrieval.question,
            text=text,
            citations=citations,
            refused=False,
            mode=self.mode,
            passages=passages,
            scope=scope,
            verification=report,
        )

    def _off_question(self, text: str, cited: list[Passage], retrieval: Retrieval, scope: SearchScope) -> Answer | None:
        """The extractive answer, with a note saying why, when the model's supported sentences do not answer
        the question: a short question's names are in none of the sources they cite ("Who scored for the
        Mariners?" answered with the union's demands, copied from the last answer), or the question asks for
        a name, place, date, number or amount and they give none ("The dock workers' union [1]." for "Who
        leads the union?") where the extractive answer does ("Union leader Rosa Delgado said ..."); else None."""
        asked = retrieval.focus or retrieval.question
        missing = unnamed(asked, cited)
        kind = question_type(asked)
        if missing:
            why = f"none of the sources it cites names {' or '.join(missing)}"
        elif kind in _KIND_WORDS and not offers(strip_markers(text), kind, asked):
            why = f"it gives no {_KIND_WORDS[kind]}, which the question asks for"
        else:
            return None
        extractive = self.fallback.answer(retrieval, scope)
        if not missing and (extractive.refused or not offers(strip_markers(extractive.text), kind, asked)):
            return None  # no better answer: the model's stands
        extractive.note = f"Not the LLM answer: {why}. This is the extractive answer."
        return extractive

    def fallback_answer(self, retrieval: Retrieval, scope: SearchScope, note: str, *, history: History = ()) -> Answer:
        answer = self.fallback.answer(retrieval, scope, history=history)
        answer.note = note
        return answer


def _repeats(text: str, v: Verification, history: History) -> bool:
    """Every sentence of the answer is one the conversation's answers said, in its words or its source's."""
    told = " ".join(" ".join(strip_markers(a).split()) for _, a in history)

    def said(sentence: str) -> bool:
        quotes = [c.quote for c in v.cited if c.n in marker_numbers(sentence)]
        return (
            " ".join(strip_markers(sentence).split()).rstrip(".") in told
            or bool(quotes)
            and all(" ".join(q.split()) in told for q in quotes)
        )

    return all(said(s) for s in answer_sentences(text))


def _followed_by_corrections(text: str, v: Verification, passages: Sequence[Passage]) -> str:
    """Each verified sentence that repeats what a retrieved correction of its source's outlet withdrew
    ("$340 million [1]." where the outlet later wrote "... 430 million dollars, not 340 million dollars.")
    followed by that correction, quoted and cited: the model is told to prefer corrections, and a small
    one does not. The correction's source joins `v.cited`."""
    out = []
    for sentence in answer_sentences(text):
        out.append(sentence)
        claim = strip_markers(sentence)
        done: set[int] = set()
        for n in dict.fromkeys(marker_numbers(sentence)):
            if not 1 <= n <= len(passages):
                continue
            for j, correction in corrections_of(claim, passages[n - 1], passages):
                if j in done or correction in text:
                    continue
                done.add(j)
                outlet = passages[j].outlet or "The outlet"
                out.append(f"{outlet} later corrected this: “{correction}” [{j + 1}]")
                if all(c.n != j + 1 for c in v.cited):
                    v.cited.append(CitedSource(n=j + 1, quote=correction, score=1.0))
    text = " ".join(out)
    first = {n: k for k, n in reversed(list(enumerate(marker_numbers(text))))}
    v.cited.sort(key=lambda c: first.get(c.n, len(first)))
    return text


def history_pairs(turns: Sequence[Any]) -> list[tuple[str, str]]:
    """(question, answer) pairs for the prompt; citation markers removed, since they named other sources."""
    return [(t.question, strip_markers(t.answer)) for t in turns]
