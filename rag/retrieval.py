"""The read path's first half: question -> filtered, fused, de-duplicated, diversified passages.

Dense (Chroma) and keyword (BM25) rankings are fused by weighted reciprocal rank
(score = w / (rrf_k + rank)); time words in the question filter or boost by date (a question
about nothing but its dates, "What happened in February 2023?", or an outlet, "What did TASS
say?", is filtered to them and browses the article openings);
"latest"-type questions blend in recency; copies of one syndicated story collapse to
the best one, which lists the other outlets; no article contributes more than
`max_per_article` passages. Every filter is applied inside both searches.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

import numpy as np

from .answer_type import PERSONAL_PRONOUNS, asks_correction, asks_words, names, names_outlet, without_outlet
from .embedding import Embedder
from .filters import Filters
from .keyword import bm25_tokens
from .models import Passage, stored_offset
from .store import StoredHit, VectorStore
from .text import content_words, expand_acronyms, fold_accents, normalize_space, split_sentences, stem, stems, words
from .timeparse import TimeIntent, parse_time
from .versions import mark_versions

if TYPE_CHECKING:
    from .keyword import KeywordIndex
    from .manifest import Manifest
    from .settings import Settings


@dataclass
class Retrieval:
    question: str
    passages: list[Passage]
    filters: Filters
    query_vector: np.ndarray | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    intent: TimeIntent = field(default_factory=TimeIntent)
    focus: str | None = None  # what the answer is about, when `question` also carries context (Query.focus)
    browse: bool = False  # the question asks what happened in its date range, about nothing in particular
    compared: tuple[str, ...] = ()  # the outlets a question compares ("How do TASS and Reuters differ on ...?")
    carried: bool = False  # the compared outlets are those whose reports hold the story's words (none named)
    respelled: dict[str, str] = field(default_factory=dict)  # misspelled words searched as the index's ("turnuot")

    @property
    def asked(self) -> str:
        """What the answer is about: the focus or the question, without the author it is filtered by
        ("What did Sam Reyes write about chess?" asks about chess; no passage names its author)."""
        return unauthored(self.focus or self.question, self.filters.authors)


def _folded(name: str) -> str:
    """A name as names are matched: spaces collapsed, accents dropped, any case ("ivana kottasova")."""
    return fold_accents(" ".join(name.split())).casefold()


def written_about(question: str, intent: TimeIntent) -> set[str]:
    """What a question about an author's articles asks them about, as keyword-index stems (`bm25_tokens`,
    which make "ferries" and "ferry" one): {"chess"} for "What did Sam Reyes write about chess?", nothing
    for "What has Ana Ruiz written this week?"."""
    rest = question
    for phrase in intent.phrases:
        rest = rest.replace(phrase, " ")
    asking = _NEWS_WORDS | SAY_WORDS | _BYLINE_WORDS
    return set(bm25_tokens(" ".join(w for w in content_words(rest) if stem(w) not in asking)))


def names_all(text: str, topic: set[str]) -> bool:
    """`text` holds every stem of `topic` (as `written_about` gives them)."""
    return topic <= set(bm25_tokens(text))


def names_share(text: str, topic: set[str], share: float) -> bool:
    """`text` holds `share` of the stems of `topic` (all of them: `names_all`)."""
    return len(topic & set(bm25_tokens(text))) >= share * len(topic)


def searched_with(question: str, focus: str | None) -> str | None:
    """The earlier questions a follow-up `focus` was searched with ("What did the ECB decide?" of `question` "And the
    Fed? (What did the ECB decide?)"); None when it was searched alone."""
    prefix = f"{focus} ("
    if not focus or not question.startswith(prefix) or not question.endswith(")"):
        return None
    return question[len(prefix) : -1]


def _earlier_questions(question: str, focus: str) -> list[str]:
    """The questions a follow-up was searched with, one by one: "Is the strike over?" and "How many ships are
    waiting?" of "What's the latest? (Is the strike over? How many ships are waiting?)"."""
    context = searched_with(question, focus) or ""
    return [q for q in re.split(r"(?<=[?.!])\s+", context) if q.strip()]


def unauthored(question: str, authors: Sequence[str]) -> str:
    """`question` without the names of `authors` (any case)."""
    for name in authors:
        said = rf"(?<!\w){re.escape(name)}(?:['’]s)?(?!\w)"
        if not re.search(said, question, flags=re.I):  # typed without its accents ("Kottasova")
            question, said = fold_accents(question), rf"(?<!\w){re.escape(fold_accents(name))}(?:['’]s)?(?!\w)"
        question = re.sub(said, " ", question, flags=re.I)
    return " ".join(question.split())


def passage_from_hit(hit: StoredHit) -> Passage:
    m = hit.metadata
    return Passage(
        chunk_id=hit.id,
        article_id=str(m.get("article_id", "")),
        text=hit.document,
        title=str(m.get("title", "")),
        outlet=m.get("outlet"),
        url=m.get("url"),
        published_ts=int(m["published_ts"]) if m.get("published_ts") is not None else None,
        position=int(m.get("position", 0)),
        score=float(hit.similarity),
        meta=m,
        authors=stored_authors(m.get("authors")),
        modified_ts=int(m["modified_ts"]) if m.get("modified_ts") is not None else None,
        published_offset=stored_offset(m.get("published_offset")),
        modified_offset=stored_offset(m.get("modified_offset")),
    )


def stored_authors(stored: Any) -> list[str]:
    """The byline as chunking stores it in Chroma's metadata ("Ana Ruiz; Tom Keller")."""
    if isinstance(stored, str):
        return [a.strip() for a in stored.split(";") if a.strip()]
    return [str(a) for a in stored] if isinstance(stored, list) else []


def cap_per_article(passages: list[Passage], cap: int, k: int) -> list[Passage]:
    """Keep the ranking, but at most `cap` passages of any one article, so several sources reach the answer."""
    out: list[Passage] = []
    per: dict[str, int] = {}
    for p in passages:
        if per.get(p.article_id, 0) >= cap:
            continue
        per[p.article_id] = per.get(p.article_id, 0) + 1
        out.append(p)
        if len(out) >= k:
            break
    return out


def rrf(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion of several rankings of ids (rank 1 = best)."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        if weight <= 0:
            continue
        for rank, key in enumerate(ids, 1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused


def merge_filters(filters: Filters, intent: TimeIntent) -> Filters:
    """The explicit filters narrowed to the question's own date range."""
    if not intent.has_range:
        return filters
    since = datetime.combine(intent.since, datetime.min.time(), tzinfo=UTC) if intent.since else None
    until = datetime.combine(intent.until, datetime.max.time(), tzinfo=UTC) if intent.until else None
    if filters.since and (since is None or filters.since > since):
        since = filters.since
    if filters.until and (until is None or filters.until < until):
        until = filters.until
    return replace(filters, since=since, until=until)


LATEST_NEWS_DAYS = 7  # "What's the latest?" browses this many days of news, to the newest article

_WORKER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsrag-keyword")


class Retriever:
    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        settings: Settings,
        *,
        keyword: KeywordIndex | None = None,
        manifest: Manifest | None = None,
    ) -> None:
        self.embedder = embedder
        self.store = store
        self.settings = settings
        self.keyword = keyword
        self.manifest = manifest
        self._reranker = None
        self._outlets: tuple[int, list[str]] | None = None  # (manifest generation, its outlets)
        # (manifest generation, every byline name by its folded form, those a question may name)
        self._authors: tuple[int, dict[str, str], dict[str, str]] | None = None

    def retrieve(
        self, question: str, *, top_k: int, filters: Filters, as_of: Any = None, focus: str | None = None
    ) -> Retrieval:
        """`focus`: a chat follow-up's own words when `question` also carries the conversation: only
        the outlets they name are compared ("What did the BBC report? (What is Reuters reporting?)" asks
        for the BBC)."""
        compared = self._compared_outlets(focus or question, filters)
        if compared:
            return self._compare(question, compared, top_k=top_k, filters=filters, as_of=as_of)
        if not filters.outlets and self.manifest is not None and asks_outlets_compared(focus or question):
            # "How did the outlets report the housing march?": the outlets carrying the story, compared
            story = without_outlets_words(question)
            first = self.retrieve(
                story, top_k=top_k, filters=filters, as_of=as_of, focus=focus and without_outlets_words(focus)
            )
            outlets = _story_outlets(story, first)
            if len(outlets) < 2:
                return first
            return replace(self._compare(story, outlets, top_k=top_k, filters=filters, as_of=as_of), carried=True)
        speaker = None if filters.outlets else self._speaking_outlet(focus or question)
        if speaker:  # "What did the Herald say about the death toll?": the Herald's coverage of it
            filters = replace(filters, outlets=(speaker,))
        author = None if filters.authors else self._written_by(focus or question)
        if author is None and not filters.authors and focus and PERSONAL_PRONOUNS & set(words(focus)):
            # "What did she write about Ostra?" after "What has Ana Ruiz written?": still her articles
            author = self._written_by(question)
        if author:  # "What has Ana Ruiz written?", "What did Sam Reyes report about chess?": their articles
            filters = replace(filters, authors=(author,))
        if filters.authors and not filters.author_articles and self.manifest is not None:
            # "--author 'ana ruiz'": the byline as stored ("Ana Ruiz"), and the ids of its articles
            stored = self._author_names(every=True)
            authors = tuple(dict.fromkeys(stored.get(_folded(a), a) for a in filters.authors))
            filters = replace(filters, authors=authors, author_articles=tuple(self.manifest.articles_by(authors)))
        if filters.authors:  # searched for what it asks of their articles: no passage names its author
            search = unauthored(question, filters.authors)
            found = self._retrieve(search, top_k=top_k, filters=filters, as_of=as_of)
            topic = written_about(search, found.intent)
            about = [p for p in found.passages if names_all(f"{p.title} {p.text}", topic)] if topic else []
            if about and not found.browse:
                # "What did Sam Reyes write about chess?": his articles that name chess, however unlike the
                # question a short query is to them
                found = replace(found, passages=about, browse=True)
            return replace(found, question=question)
        # a timeline, or which outlets carried a story: as many of its reports as can be found
        depth = max(top_k, STORY_DEPTH) if asks_timeline(question) or asks_coverage(focus or question) else top_k
        first = self._retrieve(question, top_k=depth, filters=filters, as_of=as_of)
        if first.intent.has_range and not first.browse and asks_events(question):
            # "What happened in Calder Bay last week?": that week's articles that name Calder Bay, newest
            # first, however unlike a question about nothing in particular their words are
            topic = written_about(question, first.intent)
            about = [p for p in first.passages if names_all(f"{p.title} {p.text}", topic)] if topic else []
            if about:
                return replace(first, passages=about, browse=True)
            if topic and not any(topic & set(bm25_tokens(f"{p.title} {p.text}")) for p in first.passages):
                # "What happened with the tram this month?" when no article of the month names a tram: not
                # that month's other news
                return replace(first, passages=[])
        if not first.intent.has_range and not first.browse and asks_events(question):
            # "What happened with the Fed?": the stories about it, those whose titles name it, newest first
            # (this month's cut before 2023's hike), not the sentence most like a question about nothing in
            # particular ("Powell described the decision as a risk-management cut")
            # "What's the latest on interest rates?": the stories that name it anywhere, the recency blend having
            # already kept the relevant ones (the Fed's cut is titled "Fed cuts rates")
            # A timeline: every report naming it, as the latest does (a story's later reports are titled for what
            # happened next: "KV Rail improves pay offer, strike still on")
            topic = written_about(question, first.intent)
            named = [n for n in names(question) if stem(n.lower()) not in _NEWS_WORDS]  # not "Recap", "Give"
            narrowed: list[Passage] = []
            if asks_timeline(question) and named:
                # the story is who and where it is about: "How has the story developed? (Is the Birch Island ferry
                # running again?)" is every report naming Birch Island, not only those saying "running"; of those,
                # the ones naming something else it asks about, when any does ("How has the Brenna mayoral count
                # developed?": the reports on the count, not every report from Brenna)
                words_asked, topic = topic, set(bm25_tokens(" ".join(named)))
                others = words_asked - topic
                held = [set(bm25_tokens(f"{p.title} {p.text}")) for p in first.passages]
                narrowed = [p for p, h in zip(first.passages, held, strict=True) if topic <= h and others & h]
            anywhere = first.intent.recency or asks_timeline(question)
            about = (lambda p: f"{p.title} {p.text}") if anywhere else _headed
            # a follow-up naming nothing of its own ("How has that story developed?"): the reports naming half of
            # what the conversation asked ("Who will pay for the deal? Give me a timeline of the rail strike")
            share = 0.5 if focus and not written_about(focus, first.intent) else 1.0
            titled = narrowed or ([p for p in first.passages if names_share(about(p), topic, share)] if topic else [])
            if focus and not narrowed and not written_about(focus, first.intent):
                # "What's the latest? (Is the strike over? How many ships are waiting?)": the reports on any one
                # question the conversation asked (the talks on the strike, which name no ship) count too
                asked = [t for t in (written_about(q, first.intent) for q in _earlier_questions(question, focus)) if t]
                titled = [p for p in first.passages if p in titled or any(names_share(about(p), t, 0.5) for t in asked)]
            if not titled and asks_timeline(question) and len(topic) > 1 and first.passages:
                # "How has the rail dispute developed?" when no report says "dispute": the reports naming what
                # the best-ranked one names of it ("rail"), when that is half of it or more
                held = topic & set(bm25_tokens(about(first.passages[0])))
                if len(held) >= len(topic) / 2:
                    titled = [p for p in first.passages if names_all(about(p), held)]
            if titled:
                return replace(first, passages=titled, browse=True)
        best = max((p.score for p in first.passages), default=0.0)
        if not self.settings.expand_acronyms or best >= self.settings.refuse_threshold:
            return first
        # "What did the BOJ end?": nothing similar enough to answer from (the embedding model barely
        # knows "BOJ"), but the passages found write it "Bank of Japan": search again with that name
        # beside the acronym. Only then: on questions that already match, a second search moved
        # nothing on rtqa-2023jan and lost one question of rtqa-2023febmar ("MLB").
        expanded = expand_acronyms(question, [p.text for p in first.passages])
        if expanded == question:
            return first
        second = self._retrieve(expanded, top_k=top_k, filters=filters, as_of=as_of)
        second.timings_ms["acronyms_first_pass"] = sum(first.timings_ms.values())
        return replace(second, question=question)

    def _retrieve(self, question: str, *, top_k: int, filters: Filters, as_of: Any = None) -> Retrieval:
        s = self.settings
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        intent = (
            parse_time(question, _as_date(as_of), weekdays=asks_events(question))
            if s.time_words != "off"
            else TimeIntent()
        )
        newest = (
            s.time_words != "off" and not intent.has_range and asks_events(question) and only_time(question, intent)
        )
        if newest:
            intent = self._latest_days(intent, as_of)  # "What's the latest?": the newest week of news
        browse = intent.has_range and only_time(question, intent)
        only = [] if browse else self._outlets_only(question, intent)
        if only and not filters.outlets:
            # "What did TASS say?", "What is Reuters reporting this week?": an outlet's coverage (of the
            # range, when the question has one), however little its words resemble the question's; a
            # chat follow-up comes first: "What did the BBC report? (What is Reuters reporting?)"
            filters, browse = replace(filters, outlets=(only[0],)), True
        elif only:
            browse = True  # "What did the BBC and Al Jazeera report?", searched one outlet at a time
        if filters.authors and not browse:
            # "What has Ana Ruiz written?" (searched without her name): her articles, however little their
            # words resemble the question's
            browse = not written_about(question, intent)
        if s.time_words == "filter" or (intent.has_range and (browse or asks_events(question))):
            # "What happened in February 2023?" names no subject: the range is all it asks about, and a
            # boost would let a better-worded article from another month lead; "What happened in Calder
            # Bay last week?" asks for that week's news of its subject, not this week's
            filters = merge_filters(filters, intent)
        # BM25 needs no vector: it runs in a worker thread while the question is embedded and the
        # dense search runs (the embedder and SQLite release the GIL for most of it), then reads its own
        # passages there too, so most of the keyword side costs no time on the critical path.
        n = max(s.candidates, top_k * 4)
        use_keyword = s.retrieval_mode in ("keyword", "hybrid") and self.keyword is not None
        use_dense = s.retrieval_mode in ("dense", "hybrid")
        vector: Future[np.ndarray] = Future()
        searched = searched_text(question)
        pending = (
            _WORKER.submit(self._keyword_side, keyword_text(searched), n, filters, vector) if use_keyword else None
        )
        try:
            qvec = self.embedder.embed([searched])[0]
        except BaseException as exc:
            vector.set_exception(exc)
            raise
        vector.set_result(qvec)
        t1 = time.perf_counter()
        timings["embed"] = (t1 - t0) * 1000
        rankings: list[tuple[list[str], float]] = []
        hits: dict[str, StoredHit] = {}
        if use_dense:
            if filters.since_is_day or filters.until_is_day:
                # Chroma is asked for the days widened by the largest UTC offsets (it cannot add a chunk's
                # offset to its time): twice as many, so that n are left once those outside are dropped
                wide = self.store.query(qvec, 2 * n, where=filters.chroma_where())
                dense = [h for h in wide if filters.admits(passage_from_hit(h))][:n]
            else:
                dense = self.store.query(qvec, n, where=filters.chroma_where())
            hits.update((h.id, h) for h in dense)
            rankings.append(([h.id for h in dense], s.dense_weight))
        t2 = time.perf_counter()
        timings["dense"] = (t2 - t1) * 1000
        if pending is not None:
            kw_ids, kw_hits = pending.result()
            for h in kw_hits:
                hits.setdefault(h.id, h)
            rankings.append((kw_ids, s.keyword_weight if s.retrieval_mode == "hybrid" else 1.0))
        t3 = time.perf_counter()
        timings["keyword"] = (t3 - t2) * 1000  # what the keyword side added after the dense one
        fused = rrf(rankings, s.rrf_k)
        passages = []
        for cid, score in fused.items():
            if cid in hits:
                p = passage_from_hit(hits[cid])
                p.meta = {**p.meta, "fused": score}
                passages.append(p)
        passages = self._current_versions(passages)
        self._time_adjust(passages, intent, as_of)
        passages.sort(key=lambda p: (-p.meta["fused"], p.chunk_id))
        if browse and (newest or intent.recency):
            # "What is the latest news?": the newest reports' openings, not those whose words are nearest "news" (the
            # digest of a week lacked Saturday's football and Christmas market, the newest two)
            passages.sort(key=lambda p: (p.position != 0, -(last_touched(p) or 0)))
        elif browse:  # what happened, about nothing in particular: the articles' openings say it first
            passages.sort(key=lambda p: p.position != 0)
        if s.rerank_model:
            passages = self._rerank(question, passages)
        if s.collapse_stories and self.manifest is not None:
            passages = self._collapse(passages, newest=intent.recency)
        passages = cap_per_article(passages, s.max_per_article, top_k)
        if s.collapse_stories and self.manifest is not None:
            self._also_carried_by(passages)
        if self.manifest is not None:
            mark_versions(self.manifest, passages)  # a corrected article: its version and when it changed
        if self.manifest is not None and passages:
            sources = self.manifest.text_sources([p.article_id for p in passages])
            for p in passages:
                p.text_source = sources.get(p.article_id)
        timings["fuse"] = (time.perf_counter() - t3) * 1000
        return Retrieval(question, passages, filters, qvec, timings, intent, browse=browse)

    def _latest_days(self, intent: TimeIntent, as_of: Any) -> TimeIntent:
        """ "What's new?", "What's the latest?": a question about nothing but the news asks for the newest
        coverage, as "this week" would, counted back from the newest article up to the reference date (an
        archive that stops in March answers with March's news, not with nothing)."""
        if self.manifest is None:
            return intent
        ref = _as_date(as_of) or date.today()
        newest = self.manifest.newest_published(day_timestamp(ref, end=True))
        if newest is None:
            return intent
        until = datetime.fromtimestamp(newest, UTC).date()
        return replace(intent, since=until - timedelta(days=LATEST_NEWS_DAYS - 1), until=until)

    def _outlets_only(self, question: str, intent: TimeIntent) -> list[str]:
        """The outlets of the index a question names when it asks about nothing else ("What did TASS
        say?"; "What did TASS say about the dam?" asks about the dam), in the order it names them."""
        rest = _unasked(question, intent) - SAY_WORDS
        if not rest or len(rest) > 6 or self.manifest is None:
            return []
        named = [o for o in self.outlet_names() if names_outlet(question, o)]
        if not named or rest - {stem(w) for o in named for w in content_words(o)}:
            return []
        return sorted(named, key=lambda o: _first_mention(question, o))

    def _speaking_outlet(self, question: str) -> str | None:
        """The one outlet of the index a question has say, report or write something ("What did the Herald
        say about the death toll?"), or asks what it corrected ("What did the Harbour Tribune correct?": its note
        on its own article, which never names it): another outlet's sentence would put words in its mouth."""
        if self.manifest is None:
            return None
        if not ({stem(w) for w in words(question)} & SAY_WORDS or asks_correction(question)):
            return None
        named = [o for o in self.outlet_names() if names_outlet(question, o)]
        return named[0] if len(named) == 1 else None

    def _written_by(self, question: str) -> str | None:
        """The one author of the index (a name of two words or more in an article's byline) a question asks
        what they wrote or reported ("What has Ana Ruiz written?", "Articles by Mina Ferro"); a name alone
        ("What did Ana Ruiz say?") may be someone in the news."""
        if self.manifest is None or not {stem(w) for w in words(question)} & _BYLINE_WORDS:
            return None
        names = self._author_names()
        if not names:
            return None
        tokens = re.findall(r"[^\W\d_][\w’'.-]*", question)
        found: list[str] = []
        for n in (4, 3, 2):
            for i in range(len(tokens) - n + 1):
                name = names.get(_folded(" ".join(tokens[i : i + n])).rstrip(".’'"))
                if name and not any(name in f for f in found):
                    found.append(name)
        return found[0] if len(found) == 1 else None

    def _author_names(self, *, every: bool = False) -> dict[str, str]:
        """The index's byline names by their folded form (`_folded`): with `every`, all of them; else those
        a question may name, of two words or more and not also an outlet's name. Read again only after a
        write."""
        assert self.manifest is not None
        generation = self.manifest.generation
        if self._authors is None or self._authors[0] != generation:
            outlets = {_folded(o) for o in self.outlet_names()}
            names = {_folded(n): n for n in self.manifest.author_names()}
            # a wire byline ("Associated Press") that is also an outlet of the index is the outlet's
            named = {k: n for k, n in names.items() if len(k.split()) >= 2 and k not in outlets}
            self._authors = (generation, names, named)
        return self._authors[1] if every else self._authors[2]

    def _compared_outlets(self, question: str, filters: Filters) -> list[str]:
        """The index's outlets a question names when it names two or more and no outlet filter is set
        ("How do TASS and Reuters differ on the dam?", "What did the BBC and Al Jazeera report?"), in the
        order it names them."""
        if filters.outlets or self.manifest is None:
            return []
        named = [o for o in self.outlet_names() if names_outlet(question, o)]
        return sorted(named, key=lambda o: _first_mention(question, o)) if len(named) >= 2 else []

    def _compare(self, question: str, outlets: list[str], *, top_k: int, filters: Filters, as_of: Any) -> Retrieval:
        """Each named outlet's own best passages, searched apart and taken in turn: the outlet whose
        words are nearer the question's would otherwise fill the answer alone."""
        each = max(1, -(-top_k // len(outlets)))
        # each searched without the outlets' names: in one outlet's coverage they are no word to look for
        search = question
        for o in outlets:
            search = without_outlet(search, o)
        if not _unasked(search, parse_time(search)) - SAY_WORDS - _COMPARE_WORDS:
            search = question  # "What did the BBC and Al Jazeera report?": their coverage, browsed by their names
        parts = [
            self.retrieve(search, top_k=each, filters=replace(filters, outlets=(o,)), as_of=as_of) for o in outlets
        ]
        passages = [p for rank in zip_longest(*(r.passages for r in parts)) for p in rank if p is not None]
        timings: dict[str, float] = {}
        for r in parts:
            for k, v in r.timings_ms.items():
                timings[k] = timings.get(k, 0.0) + v
        return Retrieval(
            question,
            passages[: max(top_k, len(outlets))],
            replace(parts[0].filters, outlets=tuple(outlets)),  # with the question's range when browsing
            parts[0].query_vector,
            timings,
            parts[0].intent,
            browse=all(r.browse for r in parts),
            compared=tuple(outlets),
        )

    def outlet_names(self) -> list[str]:
        """The index's outlets, read again only after a write (a GROUP BY over every article)."""
        assert self.manifest is not None
        generation = self.manifest.generation
        if self._outlets is None or self._outlets[0] != generation:
            self._outlets = (generation, self.manifest.outlet_names())
        return self._outlets[1]

    def _keyword_side(
        self, question: str, n: int, filters: Filters, vector: Future[np.ndarray]
    ) -> tuple[list[str], list[StoredHit]]:
        """The keyword ranking and its passages, their similarity to the question's vector."""
        assert self.keyword is not None
        ids = [h.chunk_id for h in self.keyword.search(question, n, filters)]
        return ids, (self.store.get(ids, query=vector.result()) if ids else [])

    def _current_versions(self, passages: list[Passage]) -> list[Passage]:
        """Only chunks of the article version the manifest has committed: during an ingest a
        reader sees the old article or the new one, never a mix, and never orphans."""
        if self.manifest is None or not passages:
            return passages
        current = self.manifest.hashes([p.article_id for p in passages])
        return [
            p
            for p in passages
            if p.article_id in current
            and p.meta.get("content_hash", current[p.article_id][0]) == current[p.article_id][0]
        ]

    def _time_adjust(self, passages: list[Passage], intent: TimeIntent, as_of: Any) -> None:
        s = self.settings
        inside = in_range(intent)
        if s.time_words == "boost" and inside is not None:
            for p in passages:
                if inside(p):
                    p.meta["fused"] *= 1.0 + s.time_boost
        fresh = not intent.recency and not intent.has_range and s.freshness_weight > 0
        if fresh or (intent.recency and s.recency_weight > 0):
            weight, half_life = (
                (s.freshness_weight, s.freshness_half_life_days)
                if fresh
                else (s.recency_weight, s.recency_half_life_days)
            )
            ref = _as_date(as_of) or date.today()
            ref_ts = day_timestamp(ref, end=True)
            # similarity below which a passage gets no lift: freshness breaks near-ties (a new article far
            # less similar than the best is not lifted); "latest": the newest relevant coverage leads,
            # however old, and unrelated news never does
            margin = s.freshness_relevance_margin if fresh else s.recency_relevance_margin
            floor = max((p.score for p in passages), default=0.0) - margin
            # how new a report is: when its outlet last updated it, when it says so (a live page updated on
            # Thursday is Thursday's news, though first published on Monday), else when it was published
            touched = [last_touched(p) for p in passages]
            if intent.recency:
                newest = max(
                    (t for p, t in zip(passages, touched, strict=True) if p.score >= floor and t is not None),
                    default=None,
                )
                if newest is not None and newest < ref_ts:
                    ref_ts = newest
                for p in passages:  # the answerer's "stale" is judged from the same date
                    p.meta["recency_ref"] = ref_ts
            decays: dict[int, float] = {}
            for k, p in enumerate(passages):
                ts = touched[k]
                if p.score >= floor and ts is not None:
                    age_days = abs(ref_ts - ts) / 86400  # after the reference date is not fresher
                    decays[k] = math.pow(0.5, age_days / half_life)
            # An article without a date (a text file, a page that states none) is neither fresh nor stale for
            # the freshness blend: it takes the middle of the dated ones' (all of them when none is dated), not
            # the oldest's; a "latest" question still wants coverage known to be new.
            unknown = statistics.median(decays.values()) if fresh and decays else (1.0 if fresh else 0.0)
            for k, p in enumerate(passages):
                if p.score < floor:
                    decay = 0.0
                else:
                    decay = decays.get(k, unknown)
                p.meta["fused"] *= (1 - weight) + weight * decay

    def _collapse(self, passages: list[Passage], *, newest: bool = False) -> list[Passage]:
        """Keep the passages of the best-ranked copy of each story; drop the other copies. When an earlier
        copy holds the same passages word for word (a wire story and a site's copy of it), that copy is
        cited in their place: the outlet that first ran the words, not whichever copy ranked a hair higher.
        `newest` (a "latest" question): the copy its outlet touched last instead ("What's the latest on Storm Ilse?"
        quoted a site's copy of the wire's first text, not the wire's update of it)."""
        stories = self.manifest.stories([p.article_id for p in passages])
        chosen: dict[str, str] = {}
        touched: dict[str, float] = {}  # when the chosen copy was last touched
        for p in passages:
            story = stories.get(p.article_id, p.article_id)
            p.meta["story_id"] = story
            when = last_touched(p) or 0
            if story not in chosen or (newest and when > touched[story]):
                chosen[story], touched[story] = p.article_id, when
        out = [p for p in passages if chosen[p.meta["story_id"]] == p.article_id]
        originals = _originals(passages, chosen)
        return [originals.get(p.chunk_id, p) for p in out]

    def _also_carried_by(self, passages: list[Passage]) -> None:
        members = self.manifest.story_members([p.meta.get("story_id", p.article_id) for p in passages])
        for p in passages:
            others = []
            for aid, outlet, url in members.get(p.meta.get("story_id", p.article_id), []):
                if aid != p.article_id and outlet and outlet != p.outlet and outlet not in [o for o, _ in others]:
                    others.append((outlet, url))
            p.also_carried_by = others

    def _rerank(self, question: str, passages: list[Passage]) -> list[Passage]:
        if self._reranker is None:
            from .rerank import load_cross_encoder

            self._reranker = load_cross_encoder(self.settings.rerank_model, self.settings.embed_device)
        head = passages[: self.settings.rerank_candidates]
        scores = self._reranker.predict([(question, p.text) for p in head], show_progress_bar=False)
        for p, sc in zip(head, scores):
            p.meta["rerank"] = float(sc)
        head.sort(key=lambda p: -p.meta["rerank"])
        return head + passages[len(head) :]


def _headed(p: Passage) -> str:
    """What a report is headed with: its title, and for its opening passage the opening sentence, when the title shares
    a word with it ("Port strike over, but backlog to last weeks", which opens "... at the Port of Velmora ...", is a
    report on the Port of Velmora)."""
    if p.position:
        return p.title
    opening = split_sentences(p.text[:600])[:1]
    if not opening or not set(bm25_tokens(p.title)) & set(bm25_tokens(opening[0])):
        return p.title
    return f"{p.title} {opening[0]}"


def _originals(passages: list[Passage], chosen: dict[str, str]) -> dict[str, Passage]:
    """For each story whose chosen copy (`chosen`: story -> article id) has an earlier-published copy among
    `passages` with the same text in every one of its passages: chunk id of the chosen copy's passage ->
    the earliest such copy's passage."""

    def same(p: Passage) -> str:
        return " ".join(p.text.split())

    by_article: dict[str, list[Passage]] = {}
    for p in passages:
        by_article.setdefault(p.article_id, []).append(p)
    swaps: dict[str, Passage] = {}
    for story, kept in chosen.items():
        mine = by_article[kept]
        first = mine[0].published_ts
        copies = sorted(
            (ps for aid, ps in by_article.items() if aid != kept and ps[0].meta.get("story_id") == story),
            key=lambda ps: ps[0].published_ts or 0,
        )
        for ps in copies:
            if first is None or ps[0].published_ts is None or ps[0].published_ts >= first:
                break
            texts = {same(q): q for q in ps}
            if all(same(p) in texts for p in mine):
                for p in mine:  # the copy takes the chosen one's place in the ranking
                    q = texts[same(p)]
                    q.meta = {**q.meta, "fused": p.meta.get("fused", q.meta.get("fused"))}
                    swaps[p.chunk_id] = q
                break
    return swaps


# Words of a question that asks what happened, not about what: "What happened in February 2023?",
# "What was in the news last week?", "Top stories from yesterday".
_NEWS_WORDS = frozenset(
    stem(w)
    for w in "happen happened happening happens news going go on story stories headline headlines event events "
    "top biggest big main key important major world today day report reported reports anything something "
    "else update updates development developments any "
    "develop developed developing unfold unfolded unfolding evolve evolved timeline chronology recap give show still "
    # "Summarize the news", "Brief me", "What is the most recent article?", "Give me a news roundup"
    "summary summaries summarize summarise brief briefing digest roundup overview highlights article articles "
    "recent recently latest newest lately current currently".split()
)


# A question that asks what happened ("What happened in Calder Bay last week?", "What's going on in
# Ukraine?", "What was the news from Paris yesterday?"), not a fact of the news ("Which company ... this week?").
_ASKS_EVENTS = re.compile(
    r"^\W*(?:so\s+|and\s+)?what(?:['’]s|\s+is|\s+was|\s+has|\s+have|\s+were|\s+are)?\s+(?:been\s+)?(?:the\s+)?"
    r"(?:latest\s+|big\s+|main\s+|top\s+)?(?:happen\w*|going\s+on|new\b|news\b)"
    # "What's the latest on the fire?", "What are the latest developments in the recount?", "Any updates on X?"
    r"|^\W*(?:so\s+|and\s+)?(?:what(?:['’]s|\s+is|\s+are)\s+the\s+|any\s+)"
    r"(?:latest|newest|news\b|updates?\b|developments?\b)(?:\s+(?:news|updates?|developments?))?\s*(?:on|about|with|in|from|for|regarding|\?|$)"
    # "Tell me about the hospital.", "Tell me more about the recount"
    r"|^\W*(?:so\s+|and\s+|now\s+)?(?:please\s+)?(?:tell|update|brief)\s+me\s+(?:more\s+|something\s+)?(?:about|on)\b"
    # "Tell me more." and "What else?" in a chat, searched with what it asked before ("Tell me more (What
    # about the hospital?)")
    r"|^\W*(?:please\s+)?(?:tell|give|show)\s+me\s+more\s*(?:please\s*)?[?!.]*\s*\("
    r"|^\W*(?:and\s+)?what\s+else\s*[?!.]*\s*\("
    # "What about the hospital?" as the whole question (in a chat, an ellipsis first: rag.llm.chat)
    r"|^\W*(?:so\s+|and\s+|now\s+)?(?:what|how)\s+about\s+[^?()]+\?*\s*$"
    # "news from Thursday", "Headlines from December 2", "any stories on the strike?"
    r"|^\W*(?:any\s+|the\s+|show\s+me\s+(?:the\s+)?)?(?:news|headlines|stories|reports)\s+(?:from|on|of|about)\b"
    # "Summarize it", "Sum up the strike", "Give me a summary", "What's the gist?": the story's opening, not the
    # sentences that say "summary"
    r"|^\W*(?:so\s+|and\s+|now\s+)?(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:summari[sz]e|sum\s+up|recap)\b"
    r"|^\W*(?:so\s+|and\s+)?(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:give|show|write)\s+me\s+(?:a\s+|the\s+)?"
    r"(?:short\s+|quick\s+|brief\s+)?(?:summary|recap|rundown|overview|round-?up|gist)\b"
    r"|^\W*(?:what(?:['’]s|\s+is)\s+the\s+)?(?:summary|gist)\b",
    re.I,
)

# Words that ask for a summary, never what it is about: left out of a search that asks what happened ("Give me a
# summary (Who won the Super Bowl?)" found the phone maker's feature that can "summarize text")
_SUMMARY_WORDS = re.compile(
    r"\b(?:summari[sz](?:e|es|ed|ing)|summary|summaries|sum\s+up|recap|rundown|overview|gist)\b", re.I
)


def searched_text(question: str) -> str:
    """What is searched for `question`: a question asking what happened without its summary words."""
    if not asks_events(question):
        return question
    rest = normalize_space(_SUMMARY_WORDS.sub(" ", question))
    return rest if content_words(rest) else question


def keyword_text(question: str) -> str:
    """What BM25 searches for `question`: a question asking what someone said without its speech verb ("What did
    Lagarde say?" looks for "Lagarde": "say" ranked Apple's keynote, which says "says" often, above the ECB report
    quoting "President Christine Lagarde said")."""
    if not asks_words(question):
        return question
    rest = " ".join(w for w in question.split() if stem(re.sub(r"\W", "", w.lower())) not in SAY_WORDS)
    return rest if content_words(rest) else question


STORY_DEPTH = 20  # passages a question about a whole story reads (a timeline, which outlets carried it)
# A question asking how a story went, from its start: "How has the rail strike story developed?", "Give me a
# timeline of the strike", "What has happened so far with the strike?", "How did the recount unfold?"
_ASKS_TIMELINE = re.compile(
    r"\bhow\s+(?:has|have|did|do|does)\s+[^?]*?\b(?:develop|developed|unfold|unfolded|evolve|evolved|progress|progressed|changed)\b"
    r"|\bhow\s+(?:has|have|did|do|does)\s+[^?]*?\bchange\s*[?.!]*\s*$"
    r"|\btime\s*line\b|\bchronology\b|\brecap\b"
    # not "How many have died so far?"
    r"|\b(?:what\s+(?:has|have)\s+happened|the\s+story)\b[^?]*\b(?:so\s+far|from\s+the\s+(?:start|beginning))\b",
    re.I,
)


def asks_timeline(question: str) -> bool:
    """True when the question asks how a story went, from its start ("How has the rail strike developed?"); a
    chat's follow-up by its own words, not by the conversation searched with it ("Who will pay for the deal? (Give
    me a timeline of the rail strike)" asks who pays)."""
    return bool(_ASKS_TIMELINE.search(_without_context(question)))


def _without_context(question: str) -> str:
    """A chat's search without the conversation it carries in parentheses: "And why? (Who is against it?)"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", question)


# A question asking which outlets carried a story: "Which outlets covered the march?", "What newspapers reported
# on the strike?", "Who else covered it?"
_ASKS_COVERAGE = re.compile(
    r"\b(?:which|what)\s+(?:other\s+)?(?:news\s+)?(?:outlets?|newspapers?|papers?|media|publications?|(?:web)?sites?"
    r"|sources?|news\s+organi[sz]ations?|broadcasters?|channels?)\s+(?:(?:have|has|had|also)\s+)*"
    r"(?:covered|cover|covers|reported|report|reports|wrote|write|ran|run|carried|carry|published|publish)\b"
    r"|\bwho\s+(?:else\s+)?(?:(?:has|have)\s+)?(?:covered|carried|ran|published)\s+(?:it|this|that|the\s+(?:story|news|report))\b"
    r"|\bwho\s+else\s+(?:reported|covered|wrote)\b",
    re.I,
)


def asks_coverage(question: str) -> bool:
    """True when the question asks which outlets carried a story ("Which outlets covered the march?")."""
    return bool(_ASKS_COVERAGE.search(_without_context(question)))


# A follow-up asking for more than the last answer said: "Tell me more about the march", "What else?"
_ASKS_MORE = re.compile(
    r"\b(?:tell|give|show)\s+me\s+more\b|\bmore\s+(?:on|about|details?)\b|^\W*(?:and\s+)?what\s+else\b", re.I
)


# A question asking only for more: "Tell me more.", "What else?", "And what else?", "Anything else?"
_BARE_MORE = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:(?:please\s+)?(?:tell|give|show)\s+me\s+more|what\s+else|anything\s+else)"
    r"\s*(?:please\s*)?[?!.]*\s*$",
    re.I,
)


# "What happened next?", "What happened after that?", "And then?", "What has happened since?": what followed what the
# conversation's last answer told
_ASKS_NEXT = re.compile(
    r"^\W*(?:and\s+|so\s+|ok(?:ay)?[,\s]+)?(?:what\s+(?:happened|happens|came|comes|has\s+happened)\s+"
    r"(?:next|after\s+(?:that|this)|then|since(?:\s+then)?)|(?:and\s+)?then\s+what|and\s+then|what\s+next)\s*[?!.]*\s*"
    r"(?:\([^()]*\))?\s*$",
    re.I,
)


def asks_next(question: str) -> bool:
    """True for a follow-up asking what happened after what the last answer told ("What happened next?")."""
    return bool(_ASKS_NEXT.match(question))


def asks_only_more(question: str) -> bool:
    """True for a question asking for more and nothing else ("Tell me more.", "What else?")."""
    return bool(_BARE_MORE.match(question))


def asks_more(question: str) -> bool:
    """True when the question asks for more than has been said ("Tell me more about the march")."""
    return bool(_ASKS_MORE.search(question))


def asks_events(question: str) -> bool:
    """True when the question asks what happened (in its time range, about its subject if it has one)."""
    return bool(_ASKS_EVENTS.search(question)) or asks_timeline(question) or asks_news_only(question)


# ... and of those, the ones asking for all of the news, not a story's: "What are the top stories?", "Headlines",
# "Brief me", "What's in the news?" (in a chat "What's the latest?" and "Any updates?" ask about its story)
_WHOLE_NEWS = re.compile(
    r"\b(?:headlines?|(?:top|biggest|big|main|major|key)\s+(?:news\s+)?(?:stories|story|news)|round-?up|digest|"
    r"briefing|brief\s+me|(?:in|summari[sz]e|recap)\s+the\s+news|news\s+summary)\b",
    re.I,
)


def asks_whole_news(question: str) -> bool:
    """`asks_news_only`, for all of the news: "Top stories", "Headlines", "Brief me", "Summarize the news"."""
    return asks_news_only(question) and bool(_WHOLE_NEWS.search(question))


def asks_news_only(question: str) -> bool:
    """True when every word of the question but its time words asks for news: "Top stories", "Headlines",
    "Summarize the news", "Brief me", "What is the most recent article?", "Latest" (not "What?" or "Who won?")."""
    rest = question
    for phrase in parse_time(question).phrases:
        rest = rest.replace(phrase, " ")
    return bool(content_words(question)) and all(stem(w) in _NEWS_WORDS for w in content_words(rest))


# ... and the words that ask what an outlet reported ("What did TASS say?", "What is Reuters reporting?").
SAY_WORDS = frozenset(
    stem(w)
    for w in "say said says saying report reports reported reporting write writes wrote written cover covers "
    "covered covering publish published tell told announce announced claim claimed respond responded react "
    "reacted think comment commented decide decided conclude concluded".split()
)


# ... and the words that ask how outlets' coverage compares ("How do TASS and Reuters differ?").
_COMPARE_WORDS = frozenset(
    stem(w) for w in "differ differs different difference differences compare compared comparison coverage".split()
)


# Words that ask what someone wrote: "What has Ana Ruiz written?", "Articles by Mina Ferro".
# Not "say" or "tell": "What did Boris Johnson say?" asks the news about him, not his own columns.
_BYLINE_WORDS = frozenset(
    stem(w)
    for w in "by write writes wrote written writing report reports reported reporting cover covers covered covering "
    "publish published article articles story stories piece pieces column columns byline".split()
)


# "How did the outlets report the march?", "Do the newspapers agree on the crowd?", "How does the coverage differ?":
# asks how the outlets carrying a story compare, naming none of them
_OUTLETS_IN_GENERAL = ("outlets", "newspapers", "papers", "media", "news sources", "sources", "reports")
_OUTLET_NOUN = "(?:" + "|".join(n.replace(" ", r"\s+") for n in _OUTLETS_IN_GENERAL) + ")"
_OUTLETS_WORDS = re.compile(r"\b(?:different\s+|various\s+|the\s+)?" + _OUTLET_NOUN + r"\b", re.I)
_DIFFERING = frozenset(stem(w) for w in "agree agrees disagree disagrees".split()) | _COMPARE_WORDS
_COMPARING = _DIFFERING | SAY_WORDS
_OUTLETS_SAY = re.compile(
    r"\b(?:how|what)\s+(?:did|do|does|have|has)\s+(?:the\s+|different\s+|various\s+)?"
    + _OUTLET_NOUN
    + r"\s+(?:report|say|cover|write|describe|tell)",
    re.I,
)
MAX_COMPARED_OUTLETS = 3  # outlets a story's comparison quotes (one sentence each at least)


def asks_outlets_compared(question: str) -> bool:
    """True for a question asking how the outlets carrying a story compare, naming none ("How did the outlets
    report the housing march?", "Do the newspapers agree on the crowd size?"); not for "Which outlets covered the
    march?" (`asks_coverage`)."""
    plain = _without_context(question)
    if asks_coverage(plain) or not _OUTLETS_WORDS.search(plain):
        return False
    # comparing words, or the outlets as the ones saying it; not "according to media reports, ..."
    return bool(stems(plain) & _DIFFERING) or bool(_OUTLETS_SAY.search(plain))


_OUTLET_NOUNS = frozenset(stems(" ".join(_OUTLETS_IN_GENERAL)))


COMPARING_WORDS = _COMPARING | _OUTLET_NOUNS  # the stems a question comparing outlets asks with


def comparison_asking(question: str) -> frozenset[str]:
    """The stems a question comparing the outlets asks with, not about ("outlets", "agree" of "Do the outlets agree
    on the vote?"); none for another question."""
    return COMPARING_WORDS if asks_outlets_compared(question) else frozenset()


# what outlets are asked to agree or differ on: "Do the outlets agree on the death toll?", "How do the papers differ
# over who blew up the dam?"
_COMPARED_ON = re.compile(
    r"\b(?:agree|agrees|disagree|disagrees|differ|differs)\s+(?:on|about|over)\s+(?P<what>[^?()]+)", re.I
)
_POINTING = frozenset({"it", "this", "that", "them", "these", "those", "this story", "that story", "the story"})
_WH = re.compile(r"^(?:who|whom|whose|what|when|where|which|why|how)\b", re.I)


def compared_question(question: str, *, compared: bool = False) -> str | None:
    """What a question comparing the outlets asks them, as a question of its own ("What is the death toll?" for "Do
    the outlets agree on the death toll?", "who blew up the dam?" for "... agree on who blew up the dam?"): the kind
    of answer each outlet's sentence offers. None for another question, or one naming nothing they compare on.
    `compared`: the outlets are known to be compared (`Retrieval.compared`), so the question needs not say "outlets"."""
    if not compared and not asks_outlets_compared(question):
        return None
    on = _COMPARED_ON.search(_without_context(question))
    what = on.group("what").strip(" .!") if on else ""
    if not on or what.lower() in _POINTING:
        # "Do the outlets agree on it? (What is the death toll? ...)", "Do the sources agree? (How many people died
        # ...?)": what the conversation asked last
        context = re.search(r"\(([^()?]+\?)", question[len(_without_context(question)) :])
        return context.group(1).strip() if context else None
    return f"{what}?" if _WH.match(what) else f"What is {what}?"


def without_outlets_words(question: str) -> str:
    """The question without the words naming outlets in general: "How did report the housing march?"."""
    return normalize_space(_OUTLETS_WORDS.sub(" ", question))


def _story_outlets(question: str, retrieval: Retrieval) -> list[str]:
    """The outlets, best-ranked first, of the retrieved passages holding every word of the question that the best
    one holds (`MAX_COMPARED_OUTLETS` at most), and `STORY_SHARE` of the conversation's words the best one's text
    holds when the question carries a conversation (rarer words weighing more): the Kestra Times and the Kestra City Paper for "Do agree on the size of the housing march?", though the
    Times never says "size"."""
    if not retrieval.passages:
        return []
    asked = _unasked(_without_context(question), retrieval.intent) - _COMPARING
    # the story is the one nearest the question, not a fresher report the freshness blend ranked above it ("Do the
    # outlets agree on who blew up the dam?" compared a storm report's "winds gusted up to 140 km/h" with the dam's)
    anchor = max(range(len(retrieval.passages)), key=lambda i: (retrieval.passages[i].score, -i))
    first = retrieval.passages[anchor]
    held = [stems(f"{p.title} {p.text}") for p in retrieval.passages]
    # in a chat, the conversation's words the best passage's text holds say which story: "Do the outlets agree on the
    # vote?" after the budget vote compares the budget's reports, not a ferry report's "members will vote on the deal"
    # (most of them, rarer words weighing more: "budget" more than "vote")
    story = (_unasked(question, retrieval.intent) - _COMPARING - asked) & stems(first.text)
    weight = {w: math.log(1 + len(held) / sum(w in h for h in held)) for w in story if any(w in h for h in held)}
    asked &= held[anchor]
    named = stems(" ".join(names(question))) & held[anchor]
    out: list[str] = []
    for p, words_ in zip(retrieval.passages, held, strict=True):
        outlet = p.outlet or ""
        on_story = sum(weight[w] for w in weight if w in words_) >= STORY_SHARE * sum(weight.values())
        # or nearly as like the question as the best one, naming what it names: "Tarnby mayor's race: Green councillor
        # ahead by 83" is on the story of "Who won the Tarnby mayoral election?", though it never says "mayoral"
        near = p.score >= STORY_SIMILAR * first.score and named <= words_
        if not ((asked <= words_ and on_story) or near):
            continue
        # and the outlets of the story's other copies, which the story collapse left out of the ranking: a site's
        # copy of a wire's first text tells the story as it stood before the wire's update ("Do the outlets agree
        # on the death toll?" after Storm Ilse: the wire's one death against the site's copy that names none)
        for o in [outlet, *(o for o, _ in p.also_carried_by)]:
            if o and o not in out:
                out.append(o)
    return out[:MAX_COMPARED_OUTLETS]


# a compared outlet's passage holds this share of the conversation's words (weighted) the best one holds
STORY_SHARE = 0.5
# ... or its similarity to the question is this share of the best one's
STORY_SIMILAR = 0.8


def _unasked(question: str, intent: TimeIntent) -> set[str]:
    """The question's word stems without its time words and the words that only ask for news."""
    rest = question
    for phrase in intent.phrases:
        rest = rest.replace(phrase, " ")
    return {stem(w) for w in content_words(rest)} - _NEWS_WORDS


def _first_mention(question: str, outlet: str) -> int:
    """Where the question first names the outlet (its whole name, its first word or "the" and its last)."""
    low, name = question.lower(), outlet.lower()
    parts = re.sub(r"^the\s+", "", name).split()
    found = [i for i in (low.find(name), low.find(parts[0]), low.find(f"the {parts[-1]}")) if i >= 0]
    return min(found, default=len(question))


def only_time(question: str, intent: TimeIntent) -> bool:
    """True when, without its time words, the question names nothing but the news itself."""
    return not _unasked(question, intent)


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def last_touched(p: Passage) -> int | None:
    """The later of a passage's publication and its outlet's update time (None: undated)."""
    if p.published_ts is None:
        return None
    return max(p.published_ts, p.modified_ts or p.published_ts)


def in_range(intent: TimeIntent) -> Callable[[Passage], bool] | None:
    """For a question with a date range ("this week", "in March"), whether a passage is dated inside it."""
    if not intent.has_range:
        return None
    lo, hi = day_timestamp(intent.since, end=False), day_timestamp(intent.until, end=True)

    def inside(p: Passage) -> bool:
        ts = p.local_ts  # the day the outlet dated it
        return ts is not None and (lo is None or ts >= lo) and (hi is None or ts <= hi)

    return inside


def day_timestamp(d: date | None, *, end: bool) -> int | None:
    if d is None:
        return None
    t = datetime.max.time() if end else datetime.min.time()
    return int(datetime.combine(d, t, tzinfo=UTC).timestamp())
