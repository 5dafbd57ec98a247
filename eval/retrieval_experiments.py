"""Retrieval ideas tried on a dev set's cached eval index (issue 15, "Retrieval"): what each changes.

    python -m eval.retrieval_experiments ../shared/data/rtqa-2023jan --variant defaults --variant 'title 0.5/20' \\
        --out eval/results/retrieval-experiments-rtqa-2023jan.md

Each variant is a Retriever that wraps the shipped one (nothing here is used by the product):

* `defaults`: the shipped retrieval.
* `pool 30`: the shipped fusion, 30 passages deep, reordered by the question words each passage holds
  (weighted by rarity in the pool) and whether it offers the kind of answer asked for; `pool 30 x0` keeps
  the order (the cost of going deeper alone).
* `strip quiz words`: the question without "this week", "recently", "reportedly", "according to
  reports" (time words still steer the date boost).
* `rocchio B`: pseudo-relevance feedback: the question vector plus B x the mean vector of the top 3
  passages, searched again.
* `title W/N`: article-level retrieval: the question against every article's title (one vector per
  article), the first passage of the N best articles fused as a third ranking of weight W.
* `window W/B/A`: the dense and keyword searches again, only over articles published from B days
  before to A days after the question's date, fused as two more rankings of weight W.
* `entities W` / `entities W dense`: query rewriting from the question's entities: the keyword
  search (and the dense one) again for the question's capitalized words and numbers alone, fused as
  more rankings of weight W.
* `articles W/N` / `articles W/N dense`: article-level retrieval: BM25 over whole articles (title and
  every passage's text), and with `dense` the articles' mean passage vectors too; each of the N best
  articles is represented by its passage most similar to the question, fused as one more ranking per
  article search, of weight W.
* `rm3 W/T/D` / `rm3 W/T/D dense`: pseudo-relevance feedback on the keyword side (RM3-like): the T words
  that weigh most in the first retrieval's D best passages (share of the passage x its fused score x idf),
  not in the question, added to it for a second keyword search (and a dense one), fused at weight W.
* `as of +A`: the archive as it stood on the question's date: articles published more than A days after
  it left out.
* `convex A` / `convex A minmax`: score fusion in place of reciprocal ranks: A x the passage's cosine similarity
  (with `minmax` scaled to 0-1 over the candidates) + (1 - A) x its BM25 score over the best one's.
* `sentences W/N`: small-to-big: every sentence (merged up to 6 words) embedded on its own; the
  chunks holding the question's N nearest sentences fused as a third ranking of weight W. The
  sentence vectors are cached in the eval index's folder (`sentence-vectors.npy`).

Figures: answer_recall@5 / @500w / @1000w / @20 over the top 20 passages, mc_accuracy of
`eval.extractive_choice` over each variant's retrievals (as `eval.tune`), retrieve p50 at top_k 20.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer_type import offers, question_type
from rag.retrieval import Retrieval, Retriever
from rag.text import content_words, split_sentences, stem

from . import extractive_choice as C
from . import metrics as M

_QUIZ_WORDS = re.compile(
    r"\b(?:this|last|past) (?:week|weekend|month|year)\b|\brecently\b|\breportedly\b|\bcurrently\b"
    r"|\baccording to (?:a |a new )?reports?\b",
    re.IGNORECASE,
)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


class _Wrapped(Retriever):
    def __init__(self, inner: Retriever) -> None:
        super().__init__(inner.embedder, inner.store, inner.settings, keyword=inner.keyword, manifest=inner.manifest)

    def _also_read(self, extra: list[str]) -> None:
        """Have the next retrieval read these chunks too (a fused ranking needs their passages);
        the shipped rankings stay as they are. Undo with `del self._keyword_side`."""
        side = Retriever._keyword_side.__get__(self)
        extra = list(dict.fromkeys(extra))  # Chroma reads each id once

        def keyword_side(question, n, filters, vector):
            ids, hits = side(question, n, filters, vector)
            return ids, hits + (self.store.get(extra, query=vector.result()) if extra else [])

        self._keyword_side = keyword_side

    def _fused_with(self, extra: list[tuple[list[str], float]], question: str, top_k: int, filters, as_of, cut=None):
        """The shipped retrieval with more rankings fused in (each shipped ranking cut to `cut` ids)."""
        import rag.retrieval as R

        fuse = R.rrf
        R.rrf = lambda rankings, k: fuse([(ids[:cut], w) for ids, w in rankings] + extra, k)
        self._also_read([i for ids, _ in extra for i in ids])
        try:
            return Retriever.retrieve(self, question, top_k=top_k, filters=filters, as_of=as_of)
        finally:
            R.rrf = fuse
            del self._keyword_side


class PoolRerank(_Wrapped):
    def __init__(self, inner: Retriever, pool: int, lexical: float, kind: float) -> None:
        super().__init__(inner)
        self.pool, self.lexical, self.kind = pool, lexical, kind

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        r = super().retrieve(question, top_k=max(top_k, self.pool), filters=filters, as_of=as_of)
        ps = r.passages
        if ps and (self.lexical or self.kind):
            q, qtype = _stems(question), question_type(question)
            bags = [_stems(p.title + " " + p.text) for p in ps]
            weight = {t: math.log(1 + len(bags) / max(1, sum(t in b for b in bags))) for t in q}
            total = sum(weight.values()) or 1.0
            top = max(p.meta["fused"] for p in ps)
            for p, bag in zip(ps, bags):
                lex = sum(w for t, w in weight.items() if t in bag) / total
                kind = max((offers(s, qtype, question) for s in split_sentences(p.text)[:30]), default=0.0)
                p.meta["fused"] = p.meta["fused"] / top * (1 + self.lexical * lex + self.kind * kind)
            ps.sort(key=lambda p: -p.meta["fused"])
        r.passages = ps[:top_k]
        return r


class StripQuizWords(_Wrapped):
    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        import rag.retrieval as R

        cleaned = re.sub(r"\s+", " ", _QUIZ_WORDS.sub(" ", question)).strip(" ,") or question
        parse = R.parse_time
        R.parse_time = lambda _q, day: parse(question, day)  # the date intent still comes from the whole question
        try:
            r = super().retrieve(cleaned, top_k=top_k, filters=filters, as_of=as_of)
        finally:
            R.parse_time = parse
        r.question = question
        return r


class _FixedQuery:
    """The embedder, except that the question's vector is the one given."""

    def __init__(self, embedder, question: str, vector: np.ndarray) -> None:
        self._embedder, self._question, self._vector = embedder, question, vector

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.array([self._vector]) if texts == [self._question] else self._embedder.embed(texts)


class Rocchio(_Wrapped):
    def __init__(self, inner: Retriever, beta: float, feedback: int = 3) -> None:
        super().__init__(inner)
        self.beta, self.feedback, self._base = beta, feedback, inner.embedder

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        self.embedder = self._base
        first = super().retrieve(question, top_k=max(top_k, 10), filters=filters, as_of=as_of)
        if not first.passages:
            return first
        vectors = self._base.embed([p.text for p in first.passages[: self.feedback]])
        q = first.query_vector + self.beta * vectors.mean(axis=0)
        self.embedder = _FixedQuery(self._base, question, q / np.linalg.norm(q))
        try:
            return super().retrieve(question, top_k=top_k, filters=filters, as_of=as_of)
        finally:
            self.embedder = self._base


class TitleFusion(_Wrapped):
    def __init__(self, inner: Retriever, weight: float, articles: int) -> None:
        super().__init__(inner)
        self.weight, self.articles = weight, articles
        rows = self.manifest.rows()
        self._ids = [r.id for r in rows]
        self._vectors = self.embedder.embed([r.title for r in rows])
        first: dict[str, str] = {}
        for cid, aid, *_ in self.manifest.iter_chunks():  # ids end in the position: the smallest is the first
            if aid not in first or cid < first[aid]:
                first[aid] = cid
        self._first = first

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:

        q = self.embedder.embed([question])[0]
        best = np.argsort(-(self._vectors @ q))[: self.articles]
        extra = [self._first[self._ids[i]] for i in best if self._ids[i] in self._first]
        return self._fused_with([(extra, self.weight)], question, top_k, filters, as_of, cut=50)


class DateWindow(_Wrapped):
    """The dense and keyword searches run again inside [as_of - before, as_of + after] days and are
    fused as two more rankings of weight `weight`: the week of the question gets candidates of its own
    instead of competing with the whole archive for the 50 places of each ranking."""

    def __init__(self, inner: Retriever, weight: float, before: int, after: int) -> None:
        super().__init__(inner)
        self.weight, self.before, self.after = weight, before, after

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        import datetime as dt

        import rag.retrieval as R
        from rag.filters import Filters

        day = R._as_date(as_of)
        if day is None:
            return super().retrieve(question, top_k=top_k, filters=filters, as_of=as_of)
        window = Filters.build(
            since=max(filters.since.date(), day - dt.timedelta(days=self.before))
            if filters.since
            else day - dt.timedelta(days=self.before),
            until=day + dt.timedelta(days=self.after),
            outlets=filters.outlets,
        )
        n = max(self.settings.candidates, top_k * 4)
        q = self.embedder.embed([question])[0]
        extra_dense = self.store.nearest(q, n, where=window.chroma_where())
        extra_kw = [h.chunk_id for h in self.keyword.search(question, n, window)] if self.keyword else []
        return self._fused_with([(extra_dense, self.weight), (extra_kw, self.weight)], question, top_k, filters, as_of)


class SentenceFusion(_Wrapped):
    """Small-to-big: every sentence of every chunk embedded on its own; the question's nearest
    `sentences` sentences, mapped to their chunks (first appearance order), fused as a third ranking
    of weight `weight`. The sentence vectors are cached next to the eval index (they take minutes)."""

    def __init__(self, inner: Retriever, weight: float, sentences: int, cache: Path) -> None:
        super().__init__(inner)
        self.weight, self.sentences = weight, sentences
        rows = self.manifest.iter_chunks()
        owners, texts = [], []
        for cid, _aid, text, *_ in rows:
            buf = ""
            for sent in split_sentences(text):
                buf = f"{buf} {sent}".strip()
                if len(buf.split()) >= 6:
                    owners.append(cid)
                    texts.append(buf)
                    buf = ""
            if buf:
                owners.append(cid)
                texts.append(buf)
        self._owners = np.array(owners)
        if cache.exists():
            self._vectors = np.load(cache)
        else:
            t = time.perf_counter()
            parts = [self.embedder.embed(texts[i : i + 2048]) for i in range(0, len(texts), 2048)]
            self._vectors = np.vstack(parts).astype(np.float32)
            np.save(cache, self._vectors)
            print(f"embedded {len(texts)} sentences in {time.perf_counter() - t:.0f} s", file=sys.stderr)

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:

        q = self.embedder.embed([question])[0]
        sims = self._vectors @ q
        best = np.argpartition(-sims, self.sentences)[: self.sentences]
        best = best[np.argsort(-sims[best])]
        extra = list(dict.fromkeys(self._owners[best].tolist()))[:50]
        return self._fused_with([(extra, self.weight)], question, top_k, filters, as_of)


_ENTITY = re.compile(r"[A-Z][\w'’.&-]*|\d[\d,.%]*")


def question_entities(question: str) -> str:
    """The question's names and numbers: capitalized words (not stopwords such as "Which", not a
    sentence's first word unless an acronym), and figures ("Damar Hamlin NFL" from "NFL player Damar Hamlin suffered ... which team?")."""
    from rag.text import STOPWORDS

    found = []
    for m in _ENTITY.finditer(question):
        word, before = m.group(0), question[: m.start()].rstrip()
        opens = not before or before[-1] in ".?!:"
        if opens and not (word.isupper() and len(word) > 1):
            continue  # "Huge crowds lined ...": capitalized because it opens the sentence
        if word.lower().strip(".'’") not in STOPWORDS:
            found.append(word)
    return " ".join(found)


class EntityQuery(_Wrapped):
    """Query rewriting from the question's entities: the keyword (and with `dense`, the dense) search
    again for the question's names and numbers alone, fused as more rankings of weight `weight`. Quiz
    questions carry many generic words ("suffered an on-field medical emergency this week"); the names
    alone may find the story the whole question misses."""

    def __init__(self, inner: Retriever, weight: float, dense: bool) -> None:
        super().__init__(inner)
        self.weight, self.dense = weight, dense

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        entities = question_entities(question)
        if not entities or entities == question:
            return super().retrieve(question, top_k=top_k, filters=filters, as_of=as_of)
        n = max(self.settings.candidates, top_k * 4)
        extra = [([h.chunk_id for h in self.keyword.search(entities, n, filters)], self.weight)]
        if self.dense:
            q = self.embedder.embed([entities])[0]
            extra.append((self.store.nearest(q, n, where=filters.chroma_where()), self.weight))
        return self._fused_with(extra, question, top_k, filters, as_of)


class ArticleFusion(_Wrapped):
    """Article-level retrieval: BM25 over whole articles (title and every chunk's text, the keyword
    index's tokens), and with `dense` the articles' mean chunk vectors too; each of the `articles` best
    articles is represented by its chunk most similar to the question, fused as one more ranking
    per article search, of weight `weight`. A long article that names the question's words across its
    paragraphs ranks high even when no single passage holds enough of them."""

    def __init__(self, inner: Retriever, weight: float, articles: int, dense: bool = False) -> None:
        import bm25s

        from rag.keyword import bm25_tokens

        super().__init__(inner)
        self.weight, self.articles, self.dense = weight, articles, dense
        chunks: dict[str, list[str]] = {}
        texts: dict[str, list[str]] = {}
        for cid, aid, text, *_ in self.manifest.iter_chunks():
            chunks.setdefault(aid, []).append(cid)
            texts.setdefault(aid, []).append(text)
        titles = {r.id: r.title for r in self.manifest.rows()}
        self._ids = list(chunks)
        self._chunks = chunks
        self._bm25 = bm25s.BM25()
        self._bm25.index(
            [bm25_tokens(titles.get(a, "") + " " + " ".join(texts[a])) for a in self._ids], show_progress=False
        )
        self._tokens = bm25_tokens
        self._vectors = None
        if dense:
            all_ids = [c for a in self._ids for c in chunks[a]]
            vec_of: dict[str, np.ndarray] = {}
            for i in range(0, len(all_ids), 2000):
                res = self.store._collection.get(ids=all_ids[i : i + 2000], include=["embeddings"])
                vec_of.update(zip(res["ids"], np.asarray(res["embeddings"], dtype=np.float32)))
            vecs = []
            for a in self._ids:
                v = np.mean([vec_of[c] for c in chunks[a] if c in vec_of], axis=0)
                vecs.append(v / (np.linalg.norm(v) or 1.0))
            self._vectors = np.array(vecs, dtype=np.float32)

    def _best_chunks(self, order: list[int], q: np.ndarray) -> list[str]:
        ids = [c for i in order for c in self._chunks[self._ids[i]]]
        sims = {h.id: h.similarity for h in self.store.get(ids, query=q)}
        out = []
        for i in order:
            cs = self._chunks[self._ids[i]]
            out.append(max(cs, key=lambda c: sims.get(c, -1.0)))
        return out

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None) -> Retrieval:
        q = self.embedder.embed([question])[0]
        tokens = self._tokens(question)
        extra = []
        if tokens:
            scores = self._bm25.get_scores(tokens)
            order = [int(i) for i in np.argsort(-scores)[: self.articles] if scores[i] > 0]
            extra.append((self._best_chunks(order, q), self.weight))
        if self._vectors is not None:
            order = [int(i) for i in np.argsort(-(self._vectors @ q))[: self.articles]]
            extra.append((self._best_chunks(order, q), self.weight))
        return self._fused_with(extra, question, top_k, filters, as_of)


class RelevanceModel(_Wrapped):
    """Pseudo-relevance feedback on the keyword side (RM3-like): the words that weigh most in the
    first retrieval's `feedback` best passages (term share in a passage x the passage's fused score x
    idf), `terms` of them not in the question, added to the question for a second keyword search (and
    with `dense` a dense one of the same text), fused as more rankings of weight `weight`."""

    def __init__(self, inner: Retriever, weight: float, terms: int, feedback: int, dense: bool) -> None:
        super().__init__(inner)
        self.weight, self.terms, self.feedback, self.dense = weight, terms, feedback, dense

    def expansion(self, question: str, passages) -> list[str]:
        from rag.keyword import bm25_tokens

        asked = set(bm25_tokens(question))
        scores: dict[str, float] = {}
        forms: dict[str, str] = {}
        top = passages[: self.feedback]
        total = sum(p.meta["fused"] for p in top) or 1.0
        for p in top:
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", p.title + " " + p.text)]
            stems = bm25_tokens(" ".join(words))
            if not stems:
                continue
            share = p.meta["fused"] / total
            counts: dict[str, int] = {}
            for st in stems:
                counts[st] = counts.get(st, 0) + 1
            for w in words:
                st = bm25_tokens(w)
                if st:
                    forms.setdefault(st[0], w.lower())
            for st, c in counts.items():
                if st not in asked and len(st) > 2:
                    scores[st] = scores.get(st, 0.0) + share * c / len(stems)
        cand = sorted(scores, key=lambda t: -scores[t])[: self.terms * 4]
        df = self.keyword.chunk_counts([forms.get(t, t) for t in cand])
        rows = self.manifest.chunk_count()
        ranked = sorted(cand, key=lambda t: -scores[t] * math.log(1 + rows / (1 + df.get(forms.get(t, t), 0))))
        return [forms.get(t, t) for t in ranked[: self.terms]]

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None, focus=None) -> Retrieval:
        first = super().retrieve(question, top_k=max(top_k, self.feedback), filters=filters, as_of=as_of)
        extra_words = self.expansion(question, first.passages)
        if not extra_words:
            return first
        expanded = question + " " + " ".join(extra_words)
        n = max(self.settings.candidates, top_k * 4)
        extra = [([h.chunk_id for h in self.keyword.search(expanded, n, filters)], self.weight)]
        if self.dense:
            q = self.embedder.embed([expanded])[0]
            extra.append((self.store.nearest(q, n, where=filters.chroma_where()), self.weight))
        return self._fused_with(extra, question, top_k, filters, as_of)


class AsOfCut(_Wrapped):
    """The archive as it stood on the question's date: articles published more than `after` days after it are
    left out (the eval's one index holds the whole set's archive, later follow-ups included)."""

    def __init__(self, inner: Retriever, after: int) -> None:
        super().__init__(inner)
        self.after = after

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None, focus=None) -> Retrieval:
        from dataclasses import replace
        from datetime import date, timedelta

        from rag.filters import parse_day

        if as_of:
            until = date.fromisoformat(str(as_of)[:10]) + timedelta(days=self.after)
            filters = replace(filters, until=parse_day(until.isoformat(), end=True))
        return super().retrieve(question, top_k=top_k, filters=filters, as_of=as_of, focus=focus)


class _Recorded:
    """A store or keyword index that notes each hit's score (its `similarity` or `score`) as it returns it."""

    def __init__(self, inner: Any, scores: dict[str, float], attr: str) -> None:
        self._inner, self._scores, self._attr = inner, scores, attr

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)
        if name not in ("query", "get", "search"):
            return method

        def recorded(*args, **kwargs):
            hits = method(*args, **kwargs)
            for h in hits:
                self._scores[getattr(h, "id", None) or h.chunk_id] = float(getattr(h, self._attr))
            return hits

        return recorded


class ScoreFusion(_Wrapped):
    """Convex combination of scores in place of reciprocal ranks (Bruch et al., "An Analysis of Fusion Functions for
    Hybrid Retrieval"): alpha x the passage's cosine similarity to the question (with `minmax`, scaled to 0-1 over
    the candidates) + (1 - alpha) x its BM25 score over the best one's (0 when BM25 did not find it)."""

    def __init__(self, inner: Retriever, alpha: float, minmax: bool) -> None:
        super().__init__(inner)
        self.alpha, self.minmax = alpha, minmax
        self._store, self._keyword = inner.store, inner.keyword

    def retrieve(self, question: str, *, top_k: int, filters, as_of: Any = None, focus=None) -> Retrieval:
        import rag.retrieval as R

        sims: dict[str, float] = {}
        bm25: dict[str, float] = {}
        self.store = _Recorded(self._store, sims, "similarity")
        self.keyword = _Recorded(self._keyword, bm25, "score")

        def fuse(rankings, k):
            ids = list(dict.fromkeys(i for ranked, _ in rankings for i in ranked))
            cos = [sims.get(i, 0.0) for i in ids]
            lo, hi = (min(cos), max(cos)) if self.minmax and cos else (0.0, 1.0)
            top = max(bm25.values(), default=0.0) or 1.0
            return {
                i: 1e-9 + self.alpha * (c - lo) / ((hi - lo) or 1.0) + (1 - self.alpha) * bm25.get(i, 0.0) / top
                for i, c in zip(ids, cos)
            }

        rrf = R.rrf
        R.rrf = fuse
        try:
            return Retriever.retrieve(self, question, top_k=top_k, filters=filters, as_of=as_of, focus=focus)
        finally:
            R.rrf = rrf
            self.store, self.keyword = self._store, self._keyword


def variant(name: str, inner: Retriever, cache_dir: Path | None = None) -> Retriever:
    if name == "defaults":
        return inner
    if name.startswith("convex "):
        alpha, _, scale = name[len("convex ") :].partition(" ")
        return ScoreFusion(inner, float(alpha), scale == "minmax")
    if name.startswith("as of +"):
        return AsOfCut(inner, int(name[len("as of +") :]))
    if name.startswith("rm3 "):
        spec, _, dense = name[4:].partition(" ")
        w, t, d = spec.split("/")
        return RelevanceModel(inner, float(w), int(t), int(d), dense == "dense")
    if name.startswith("articles "):
        weight, _, dense = name[9:].partition(" ")
        w, n = weight.split("/")
        return ArticleFusion(inner, float(w), int(n), dense == "dense")
    if name.startswith("entities "):
        weight, _, dense = name[9:].partition(" ")
        return EntityQuery(inner, float(weight), dense == "dense")
    if name.startswith("sentences "):
        weight, sentences = name.split()[1].split("/")
        return SentenceFusion(
            inner, float(weight), int(sentences), (cache_dir or Path("/tmp")) / "sentence-vectors.npy"
        )
    if name.startswith("window "):
        weight, before, after = name.split()[1].split("/")
        return DateWindow(inner, float(weight), int(before), int(after))
    if name.startswith("pool "):
        pool, _, rest = name[5:].partition(" ")
        lexical, kind = {"x0": (0.0, 0.0), "": (0.5, 0.0), "kind": (1.0, 0.3)}[rest]
        return PoolRerank(inner, int(pool), lexical, kind)
    if name == "strip quiz words":
        return StripQuizWords(inner)
    if name.startswith("rocchio "):
        return Rocchio(inner, float(name.split()[1]))
    if name.startswith("title "):
        weight, articles = name.split()[1].split("/")
        return TitleFusion(inner, float(weight), int(articles))
    raise SystemExit(f"unknown variant {name!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "set_dir", help="a folder with questions.jsonl and corpus.jsonl (e.g. ../shared/data/rtqa-2023jan)"
    )
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    from .command import dev_set_index

    folder = Path(args.set_dir)
    rag, questions = dev_set_index(folder)
    shipped = rag.retriever
    rows = []
    for name in args.variant or ["defaults"]:
        rag.__dict__["_retriever_built"] = variant(name, shipped, Path(rag.settings.data_dir))
        rag.retrieve("warm up", top_k=5)
        r5, r500, r1000, r20, mc, lat = [], [], [], [], [], []
        for q in questions:
            t = time.perf_counter()
            texts = [p.text for p in rag.retrieve(q.question, top_k=20, as_of=q.question_date).passages]
            lat.append((time.perf_counter() - t) * 1000)
            r5.append(M.answer_recall_at_k(texts, q.answers, 5))
            r500.append(M.answer_recall_at_words(texts, q.answers, 500))
            r1000.append(M.answer_recall_at_words(texts, q.answers, 1000))
            r20.append(M.answer_recall_at_k(texts, q.answers, 20))
            if q.choices:
                g = C.gather(rag, q.question, list(q.choices), as_of=q.question_date)
                picked = C.score(q.question, list(q.choices), g, ref_ts=None).index
                mc.append(M.mc_correct(picked, q.answer_index, len(q.choices)))
        row = f"| {name} | {M.mean_text(r5)} | {M.mean_text(r500)} | {M.mean_text(r1000)} | {M.mean_text(r20)} | {M.mean_text(mc)} | {statistics.median(lat):.0f} |"
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    rag.__dict__["_retriever_built"] = shipped
    table = (
        "| variant | answer_recall@5 | @500w | @1000w | @20 | mc_accuracy | retrieve p50 ms (top 20) |\n"
        "|---|---|---|---|---|---|---|\n" + "\n".join(rows)
    )
    print(table)
    if args.out:
        cmd = "python -m eval.retrieval_experiments " + " ".join(
            f"'{a}'" if " " in a else a for a in (argv if argv is not None else sys.argv[1:])
        )
        Path(args.out).write_text(f"# Retrieval experiments on {folder.name}\n\n`{cmd}`\n\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
