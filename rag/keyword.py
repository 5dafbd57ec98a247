"""BM25 keyword search over the chunks: SQLite FTS5 inside the manifest.

The manifest keeps an FTS5 table over `chunks.text` (porter stems, unicode61 with diacritics
removed) that triggers keep in step with every chunk upsert and delete, in the same transaction:
an ingest or a delete of k articles costs work proportional to k, and every reader process sees
a committed change at its next search (SQLite WAL: one writer, many readers). There is nothing
to rebuild or reload; `refresh()` is a no-op kept for the callers.

The ranking is bm25s's (what the keyword index was before FTS5): FTS5 finds the `RESCORE_POOL`
best candidates by its own bm25(), and each is scored again with Lucene's BM25 (k1 1.5, b 0.75,
idf ln(1 + (N - df + 0.5) / (df + 0.5))) over Snowball-stemmed words without stop words. FTS5's
bm25() alone (k1 1.2, an idf that falls to zero for common words, Porter stems) cost rtqa-2023jan
0.025 of answer_recall@500w (bench/results/keyword-update.md).

A question becomes an OR of its words (English stop words and one-letter words dropped, each
word quoted, so FTS5 syntax in a question is plain text), ranked by FTS5's bm25(). Common words
would make every search score most of the index, so the search is exact top-k by MaxScore: it
scores the chunks that contain one of the question's rarer words (with every word's bm25 term),
and takes in more words only while a chunk with none of them could still reach the top k.

An older manifest without the FTS5 table (before its one-time upgrade, or published read-only)
is searched through an in-memory copy of its chunks, rebuilt when the manifest changes.
Filters use the same semantics as the Chroma query (`Filters.matches`), in SQL.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from .filters import Filters
from .manifest import KEYWORD_TABLE, Manifest
from .text import fold_accents

# bm25s's English stop words (what the BM25 index used before FTS5), dropped from questions.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there these they"
    " this to was will with".split()
)
TOKENIZER = "porter unicode61 remove_diacritics 2"
MAX_TERMS = 32  # a pasted paragraph keeps its 32 rarest words
K1 = 1.2  # FTS5's bm25() constant: a term adds at most idf * (K1 + 1) to a chunk's score
# A search scores at most WORK_BUDGET (chunks with a lead word) x (question words) terms, a few ms;
# within it the top k is exact, past it chunks with none of the lead (rarest) words are left out.
# The first pass takes a quarter of that; most questions need no second.
WORK_BUDGET = 30_000
FIRST_PASS_WORK = 7_500
FILTER_COST = 8  # reading a chunk's row for the filter costs about as much as scoring 8 words
_COUNTS_KEPT = 50_000  # term counts kept between writes
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's token pattern
RESCORE_POOL = 100  # FTS5 candidates scored again with Lucene's BM25 (twice the 50 that retrieval asks for)
LUCENE_K1, LUCENE_B = 1.5, 0.75
_AVGDL_SAMPLE = 2000  # chunks read to estimate the average chunk length
_TOKENS_KEPT = 20_000  # chunks whose tokens are kept between searches
_LOOKUP_BATCH = 500  # words looked up in the vocabulary per statement
_STEMMERS = threading.local()  # PyStemmer "must not be called concurrently": one stemmer per thread


def _stem_words():
    stem = getattr(_STEMMERS, "stem", None)
    if stem is None:
        try:
            import Stemmer

            stem = Stemmer.Stemmer("english").stemWords
        except ImportError:  # plain words still work
            stem = False
        _STEMMERS.stem = stem
    return stem or None


def bm25_tokens(text: str) -> list[str]:
    """Lower case words of two or more characters, stop words out, Snowball stems (bm25s's tokenizer),
    diacritics folded as the FTS5 tokenizer folds them ("Zürich" is "zurich")."""
    folded = fold_accents(text.lower())
    words = [w for w in _TOKEN.findall(folded) if w not in STOPWORDS]
    stem = _stem_words()
    return stem(words) if stem else words


@dataclass
class KeywordHit:
    chunk_id: str
    article_id: str
    score: float


@dataclass(frozen=True)
class _Term:
    word: str  # as written in the question (lower case), quoted into the MATCH expression
    docs: int  # chunks that contain it

    @property
    def phrase(self) -> str:
        return '"' + self.word.replace('"', '""') + '"'


def query_words(question: str) -> list[str]:
    """The question's search words: lower case, no stop words or one-letter words, each once."""
    words = (w.lower() for w in _WORD.findall(question))
    return list(dict.fromkeys(w for w in words if len(w) > 1 and w not in STOPWORDS))


def _idf(rows: int, docs: int) -> float:
    """FTS5's bm25() idf (fts5_aux.c), floored at 1e-6 for words in more than half the chunks."""
    idf = math.log((max(0, rows - docs) + 0.5) / (docs + 0.5))  # counts read during a delete may exceed rows
    return idf if idf > 0 else 1e-6


def _informative(terms: list[_Term], rows: int) -> list[_Term]:
    """The terms, rarest first, without the words in more than half the chunks when others remain:
    those have FTS5's floor idf (1e-6), so they add at most 2.2e-6 to a score (they only order
    chunks that tie on every other word) and would make the search read their long posting lists."""
    useful = [t for t in terms if 2 * t.docs <= rows]
    return sorted(useful or terms, key=lambda t: (t.docs, t.word))


def _bound(terms: list[_Term], rows: int) -> float:
    """More than any chunk can score from these terms alone."""
    return sum(_idf(rows, t.docs) * (K1 + 1) for t in terms)


class _Stems:
    """The FTS5 tokenizer itself (an in-memory table), to look words up in the index's vocabulary
    exactly as they were indexed (porter stems, folded diacritics)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(w, tokenize='{TOKENIZER}')")
        self._conn.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(words, instance)")

    def __call__(self, words: list[str]) -> list[list[str]]:
        """The index terms of each word (one for almost every word)."""
        out: list[list[str]] = [[] for _ in words]
        with self._lock, self._conn:
            self._conn.executemany("INSERT INTO words(rowid, w) VALUES (?, ?)", list(enumerate(words)))
            for doc, term in self._conn.execute("SELECT doc, term FROM vocab ORDER BY doc, offset"):
                out[doc].append(term)
            self._conn.execute("DELETE FROM words")
        return out


class _Source:
    """Where the FTS5 table lives: `read(sql, args)` runs one statement there."""

    def read(self, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:  # pragma: no cover - interface
        raise NotImplementedError


class _ManifestSource(_Source):
    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._vocab = False

    def read(self, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:
        if not self._vocab:  # fts5vocab over the manifest's table, per connection, in TEMP (read-only is fine)
            self.manifest.read(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{KEYWORD_TABLE}_vocab USING fts5vocab(main, {KEYWORD_TABLE}, row)"
            )
            self._vocab = True
        return self.manifest.read(sql, args)


class _MemorySource(_Source):
    """An older manifest's chunks copied into an in-memory FTS5 index of the same shape."""

    def __init__(self, manifest: Manifest) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        with self._conn:
            self._conn.execute(
                "CREATE TABLE chunks (id TEXT PRIMARY KEY, article_id TEXT NOT NULL, text TEXT NOT NULL,"
                " published_ts INTEGER, outlet_key TEXT)"
            )
            self._conn.execute(
                f"CREATE VIRTUAL TABLE {KEYWORD_TABLE} USING fts5(text, content='chunks', content_rowid='rowid',"
                f" tokenize='{TOKENIZER}')"
            )
            self._conn.execute(f"CREATE VIRTUAL TABLE {KEYWORD_TABLE}_vocab USING fts5vocab({KEYWORD_TABLE}, row)")
            self._conn.executemany("INSERT INTO chunks VALUES (?,?,?,?,?)", manifest.iter_chunks())
            # what a filter reads of the chunks' articles (their UTC offsets, bylines)
            self._conn.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, published_offset INTEGER, authors TEXT)")
            self._conn.executemany("INSERT INTO articles VALUES (?,?,?)", manifest.filter_columns())
            self._conn.execute(f"INSERT INTO {KEYWORD_TABLE}({KEYWORD_TABLE}) VALUES ('rebuild')")

    def read(self, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()


class KeywordIndex:
    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._lock = threading.Lock()
        self._stems = _Stems()
        self._direct: _ManifestSource | None = None
        self._memory: tuple[int, _MemorySource] | None = None  # (manifest generation, its copy)
        self._counts: tuple[int, int, dict[str, int]] = (-1, -1, {})  # (generation, chunks, chunks per term)

    def refresh(self) -> None:
        """Nothing to do: the FTS5 table follows every manifest write in the same transaction.
        Kept so that writers can keep calling it after an ingest or a delete."""

    def _source(self) -> _Source:
        with self._lock:
            if self._direct is not None:
                return self._direct
            if self.manifest.has_keyword_index:  # built here, or by a writer's upgrade meanwhile
                self._memory = None
                self._direct = _ManifestSource(self.manifest)
                return self._direct
            gen = self.manifest.generation
            if self._memory is None or self._memory[0] != gen:
                self._memory = (gen, _MemorySource(self.manifest))
            return self._memory[1]

    def search(self, query: str, k: int, filters: Filters) -> list[KeywordHit]:
        words = query_words(query)
        if not words or k <= 0:
            return []
        source = self._source()
        terms, rows = self._terms(source, words)
        if not terms:
            return []
        pool = self._candidates(source, terms, rows, max(k, RESCORE_POOL), filters)
        return self._rescore(source, query, terms, rows, pool)[:k]

    def chunk_counts(self, words: list[str]) -> dict[str, int]:
        """How many chunks hold each word, as indexed (its stem): a word the index lacks counts 0."""
        stems = self._stems(words)
        wanted = sorted({ss[0] for ss in stems if len(ss) == 1})
        if not wanted:
            return {}
        source = self._source()
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _LOOKUP_BATCH):  # within SQLite's limit on parameters
            part = wanted[start : start + _LOOKUP_BATCH]
            marks = ",".join("?" * len(part))
            found.update(source.read(f"SELECT term, doc FROM {KEYWORD_TABLE}_vocab WHERE term IN ({marks})", part))
        return {w: found.get(ss[0], 0) for w, ss in zip(words, stems, strict=True) if len(ss) == 1}

    def phrase_count(self, phrase: str, limit: int = 5) -> int:
        """How many chunks (up to `limit`) hold `phrase`'s words next to each other, as indexed."""
        words = _WORD.findall(phrase.lower())
        if not words:
            return 0
        quoted = '"' + " ".join(words) + '"'
        rows = self._source().read(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {KEYWORD_TABLE} WHERE {KEYWORD_TABLE} MATCH ? LIMIT ?)",
            (quoted, limit),
        )
        return int(rows[0][0])

    def written_forms(self, word: str, limit: int = 20) -> dict[str, int]:
        """The words as written in (up to `limit`) chunks holding `word` as indexed, that the index stems as it
        stems `word`, with how often they occur there ("mayor" and "mayoral" for "mayore")."""
        stem = self._stems([word])[0]
        if len(stem) != 1:
            return {}
        rows = self._source().read(
            f"SELECT text FROM chunks WHERE rowid IN (SELECT rowid FROM {KEYWORD_TABLE} WHERE {KEYWORD_TABLE} MATCH ?"
            " LIMIT ?)",
            (f'"{word}"', limit),
        )
        counts: dict[str, int] = {}
        for (text,) in rows:
            for w in _WORD.findall(text.lower()):
                counts[w] = counts.get(w, 0) + 1
        found = list(counts)
        return {w: counts[w] for w, ss in zip(found, self._stems(found), strict=True) if ss == stem}

    def cased_forms(self, phrase: str, limit: int = 20) -> dict[str, int]:
        """How `phrase` (a word, or words next to each other) is written, capitals kept, in (up to `limit`) chunks
        holding it, but where it opens a sentence or a line ({"McCarthy": 14} for "mccarthy"; {"House": 12,
        "house": 5} for "house"; {"Bed Bath": 9} for "bed bath")."""
        words = phrase.split()
        if not words or not all(_WORD.fullmatch(w) for w in words):
            return {}
        rows = self._source().read(
            f"SELECT text FROM chunks WHERE rowid IN (SELECT rowid FROM {KEYWORD_TABLE} WHERE {KEYWORD_TABLE} MATCH ?"
            " LIMIT ?)",
            ('"' + " ".join(words) + '"', limit),
        )
        found = re.compile(r"(?<![\w'’-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.I)
        counts: dict[str, int] = {}
        for (text,) in rows:
            for m in found.finditer(text):
                before = text[: m.start()].rstrip(" \t\"“‘'(")
                if before and before[-1] not in ".!?:\n":
                    form = " ".join(m.group(0).split())
                    counts[form] = counts.get(form, 0) + 1
        return counts

    def _rescore(
        self, source: _Source, query: str, terms: list[_Term], rows: int, pool: list[KeywordHit]
    ) -> list[KeywordHit]:
        """The candidates ranked by Lucene's BM25 over bm25s's tokens. A stem's chunk count is the
        FTS5 count of the question word it came from (Porter and Snowball stems agree on almost
        every word); the average chunk length is estimated once per manifest generation."""
        if not pool:
            return pool
        docs: dict[str, int] = {}
        for t in terms:
            for s in bm25_tokens(t.word):
                docs[s] = max(docs.get(s, 0), t.docs)
        q = [s for s in bm25_tokens(query) if docs.get(s)]
        if not q:
            return pool
        # max(0, ...): a count read while a writer deletes chunks may exceed the number of chunks read before it
        idf = {s: math.log(1 + (max(0, rows - docs[s]) + 0.5) / (docs[s] + 0.5)) for s in set(q)}
        avgdl = self._avgdl(source, rows)
        tokenized = self._tokens(source, [h.chunk_id for h in pool])
        scored = []
        for rank, hit in enumerate(pool):
            tokens = tokenized.get(hit.chunk_id, [])
            norm = LUCENE_K1 * ((1 - LUCENE_B) + LUCENE_B * len(tokens) / avgdl)
            counts: dict[str, int] = {}
            for tok in tokens:
                if tok in idf:
                    counts[tok] = counts.get(tok, 0) + 1
            score = sum(idf[s] * counts[s] / (norm + counts[s]) for s in q if s in counts)
            scored.append((-round(score, 9), rank, KeywordHit(hit.chunk_id, hit.article_id, score)))
        scored.sort(key=lambda x: (x[0], x[1]))  # FTS5 matched every candidate: none is dropped
        return [h for _, _, h in scored]

    def _tokens(self, source: _Source, chunk_ids: list[str]) -> dict[str, list[str]]:
        """bm25_tokens of each chunk's text, kept for the next searches (a chunk id names one text:
        its article's content hash is part of it), at most `_TOKENS_KEPT` chunks."""
        with self._lock:
            cache = self.__dict__.setdefault("_token_cache", {})
            out = {c: cache[c] for c in chunk_ids if c in cache}
        missing = [c for c in chunk_ids if c not in out]
        if missing:
            marks = ",".join("?" * len(missing))
            fresh = {
                cid: bm25_tokens(text)
                for cid, text in source.read(f"SELECT id, text FROM chunks WHERE id IN ({marks})", missing)
            }
            out.update(fresh)
            with self._lock:
                if len(cache) + len(fresh) > _TOKENS_KEPT:
                    cache.clear()
                cache.update(fresh)
        return out

    def _avgdl(self, source: _Source, rows: int) -> float:
        generation = self.manifest.generation
        with self._lock:
            cached = getattr(self, "_avg", None)
            if cached is not None and cached[0] == generation:
                return cached[1]
        step = max(1, rows // _AVGDL_SAMPLE)
        sample = source.read(f"SELECT text FROM chunks WHERE rowid % {step} = 0 LIMIT {_AVGDL_SAMPLE}")
        lengths = [len(bm25_tokens(r[0])) for r in sample] or [1]
        avg = max(1.0, sum(lengths) / len(lengths))
        with self._lock:
            self._avg = (generation, avg)
        return avg

    def _candidates(self, source: _Source, terms: list[_Term], rows: int, k: int, filters: Filters) -> list[KeywordHit]:
        """The top k chunks by FTS5's bm25() (exact top-k by MaxScore, within the work budget)."""
        where, args = filters.sql(article_id="c.article_id")
        terms = _informative(terms, rows)
        # each lead chunk is scored on every word (and with a filter, its chunks row is read)
        per_chunk = len(terms) + (FILTER_COST if filters.active else 0)
        first = self._lead(terms, FIRST_PASS_WORK / per_chunk)
        while True:
            hits = self._score(source, terms[:first], terms[first:], where, args, k)
            rest = terms[first:]
            if not rest:
                return hits
            if len(hits) >= k:
                floor = hits[-1].score
                if _bound(rest, rows) <= floor:
                    return hits  # a chunk with only the remaining words scores below the k-th hit
                # take in the next rarer words until the rest can no longer reach the k-th hit
                more = first + 1
                while more < len(terms) and _bound(terms[more:], rows) > floor:
                    more += 1
            else:  # fewer than k chunks have a lead word: take in words until they may fill the k
                more = first + 1
                while more < len(terms) and sum(t.docs for t in terms[:more]) < k:
                    more += 1
            more = self._lead(terms, WORK_BUDGET / per_chunk, more)
            if more <= first:
                return hits  # over the budget: chunks with none of the lead words are left out
            first = more

    @staticmethod
    def _lead(terms: list[_Term], budget: float, upto: int | None = None) -> int:
        """How many of the rarest `terms` (at most `upto`) fit in `budget` chunks; at least one."""
        n, total = 0, 0
        for t in terms[:upto]:
            total += t.docs
            if n and total > budget:
                break
            n += 1
        return n

    def _terms(self, source: _Source, words: list[str]) -> tuple[list[_Term], int]:
        """The words that occur in the index with their chunk counts, and the number of chunks.

        FTS5 counts a term's chunks by reading its whole posting list, so the counts (and the
        number of chunks) are kept until the manifest's next write."""
        stems = self._stems(words)
        wanted = sorted({s for ss in stems for s in ss})
        if not wanted:
            return [], 0
        generation = self.manifest.generation
        with self._lock:
            if self._counts[0] != generation or len(self._counts[2]) > _COUNTS_KEPT:
                self._counts = (generation, -1, {})
            _, rows, docs = self._counts
            missing = [s for s in wanted if s not in docs]
        if missing:
            marks = ",".join("?" * len(missing))
            found = dict(source.read(f"SELECT term, doc FROM {KEYWORD_TABLE}_vocab WHERE term IN ({marks})", missing))
            docs = {**docs, **{s: found.get(s, 0) for s in missing}}
        if rows < 0:
            rows = source.read("SELECT COUNT(*) FROM chunks")[0][0]
        with self._lock:
            if self._counts[0] == generation:
                self._counts = (generation, rows, docs)
        terms = []
        for word, ss in zip(words, stems, strict=True):
            if ss and all(docs[s] for s in ss):
                # a word of several tokens is a phrase: count it as its rarest token (more than it has)
                terms.append(_Term(word, min(docs[s] for s in ss)))
        terms.sort(key=lambda t: (t.docs, t.word))
        return terms[:MAX_TERMS], rows

    @staticmethod
    def _score(
        source: _Source, lead: list[_Term], rest: list[_Term], where: str, args: list[Any], k: int
    ) -> list[KeywordHit]:
        """The top k chunks containing a `lead` word, scored by bm25 over all the words.

        bm25() scores the phrases of its MATCH expression; `(lead) AND (lead OR rest)` matches
        the chunks with a lead word and counts the lead phrases twice, so their own score
        (`lead` alone) is subtracted. CROSS JOIN keeps FTS5 the outer loop (looking FTS5 rows up
        one rowid at a time recomputes the idf of every phrase for each of them). Scores equal to
        9 decimals tie, broken by rowid, so that both ways of scoring give one order."""
        lead_expr = " OR ".join(t.phrase for t in lead)
        fts = KEYWORD_TABLE
        # the chunks row is read only when a filter needs it: a lookup per candidate costs more than its score
        join, cond = (
            (" CROSS JOIN chunks AS c", f" AND c.rowid = {fts}.rowid AND ({where})") if where != "1=1" else ("", "")
        )
        if not rest:
            sql = (
                f"SELECT {fts}.rowid, -bm25({fts}) AS score FROM {fts}{join} WHERE {fts} MATCH ?{cond}"
                f" ORDER BY round(score, 9) DESC, {fts}.rowid LIMIT ?"
            )
            found = source.read(sql, [lead_expr, *(args if join else []), k])
        else:
            both = f"({lead_expr}) AND ({lead_expr} OR {' OR '.join(t.phrase for t in rest)})"
            sql = (
                f"WITH lead AS MATERIALIZED (SELECT rowid AS id, bm25({fts}) AS s FROM {fts} WHERE {fts} MATCH ?)"
                f" SELECT {fts}.rowid, lead.s - bm25({fts}) AS score FROM {fts} CROSS JOIN lead{join}"
                f" WHERE {fts} MATCH ? AND lead.id = {fts}.rowid{cond}"
                f" ORDER BY round(score, 9) DESC, {fts}.rowid LIMIT ?"
            )
            found = source.read(sql, [lead_expr, both, *(args if join else []), k])
        found = [(rowid, score) for rowid, score in found if score > 0]
        if not found:
            return []
        marks = ",".join("?" * len(found))
        chunks = {
            r[0]: r[1:]
            for r in source.read(
                f"SELECT rowid, id, article_id FROM chunks WHERE rowid IN ({marks})", [r for r, _ in found]
            )
        }
        return [KeywordHit(*chunks[rowid], float(score)) for rowid, score in found if rowid in chunks]
