"""Keyword index update cost and search latency: the old bm25s full rebuild against SQLite FTS5.

Builds synthetic manifests of 10k and 100k chunks from real news text (sentences of
../shared/data/rtqa-2023febmar/corpus.jsonl, read at run time: each synthetic article takes a run of
sentences of one real article with every fourth sentence from another, cut into chunks of about
900 characters like the real index's), then measures, at each size:

* update: adding 100 articles (5 chunks each) and making the keyword index current.
  before = the manifest write + the bm25s full rebuild and save that `KeywordIndex.refresh()` did
  after every ingest until this change (the old algorithm is copied below, `_old_rebuild`);
  after = the manifest write alone (the FTS5 triggers update the index in the same transaction);
  also deleting those 100 articles again (after).
* search: p50/p95 latency of `KeywordIndex.search` (k=50, the default `candidates`) over the
  questions of rtqa-2023jan and -febmar, unfiltered and with an outlet + date filter; the old
  bm25s search on the same chunks for comparison; the share of FTS5's top 50 that bm25s also
  ranks in its top 50; and a check that the pruned search (MaxScore) returns exactly the
  exhaustive bm25 ranking (every chunk that has a question word scored).

    nice -n 10 .venv/bin/python bench/keyword_update.py [--sizes 10000 100000] [--out bench/results/keyword-update.md]

Writes the Markdown to --out and the figures beside it as JSON (same name, .json). The corpus
text is only read; nothing of it is written to the results.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.filters import Filters  # noqa: E402
from rag.keyword import KeywordIndex, query_words  # noqa: E402
from rag.manifest import Manifest, ManifestRow  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CHUNK_CHARS = 900
CHUNKS_PER_ARTICLE = 5
OUTLETS = [f"Outlet {i}" for i in range(30)]
T0 = 1_672_531_200  # 2023-01-01
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_sentences(corpus: Path) -> list[list[str]]:
    articles = []
    with corpus.open() as fh:
        for line in fh:
            text = json.loads(line)["text"]
            sentences = [s.strip() for s in _SENTENCE.split(text) if 3 <= len(s.split()) <= 80]
            if len(sentences) >= 10:
                articles.append(sentences)
    return articles


class Synth:
    """Deterministic news-like articles from real sentences."""

    def __init__(self, articles: list[list[str]], seed: int) -> None:
        self.articles = articles
        self.rnd = random.Random(seed)

    def article(self, aid: str) -> tuple[ManifestRow, list[tuple[str, str, int, str]]]:
        main, other = self.rnd.choice(self.articles), self.rnd.choice(self.articles)
        i, j = self.rnd.randrange(len(main)), self.rnd.randrange(len(other))
        chunks: list[tuple[str, str, int, str]] = []
        text, n = "", 0
        while len(chunks) < CHUNKS_PER_ARTICLE:
            if n % 4 == 3:
                sentence, j = other[j % len(other)], j + 1
            else:
                sentence, i = main[i % len(main)], i + 1
            n += 1
            text = f"{text} {sentence}".strip()
            if len(text) >= CHUNK_CHARS:
                chunks.append((f"{aid}:{len(chunks):04d}", aid, len(chunks), text))
                text = ""
        outlet = self.rnd.choice(OUTLETS)
        row = ManifestRow(
            aid,
            f"h-{aid}",
            main[0][:80],
            outlet,
            outlet.lower().replace(" ", "-"),
            f"https://example.com/{aid}",
            T0 + self.rnd.randrange(90 * 86400),
            len(chunks),
            "bench",
        )
        return row, chunks

    def batch(self, prefix: str, n: int) -> tuple[list[ManifestRow], list[tuple[str, str, int, str]]]:
        rows, chunks = [], []
        for a in range(n):
            row, cs = self.article(f"{prefix}{a:06d}")
            rows.append(row)
            chunks.extend(cs)
        return rows, chunks


# --- the old algorithm (rag/keyword.py at ec041fa): full bm25s rebuild from every chunk, saved


def _old_tokenize(texts: list[str]):
    import bm25s
    import Stemmer

    return bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english").stemWords, show_progress=False)


def _old_rebuild(manifest: Manifest, directory: Path):
    import bm25s

    rows = manifest.iter_chunks()
    retriever = bm25s.BM25()
    retriever.index(_old_tokenize([r[2] for r in rows]), show_progress=False)
    ids = [r[0] for r in rows]
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    retriever.save(str(tmp / "bm25"), show_progress=False)
    meta = {
        "ids": ids,
        "articles": [r[1] for r in rows],
        "published": [r[3] for r in rows],
        "outlets": [r[4] for r in rows],
    }
    (tmp / "meta.json").write_text(json.dumps(meta))
    shutil.rmtree(directory, ignore_errors=True)
    tmp.rename(directory)
    return retriever, ids


def _old_search(retriever, ids: list[str], question: str, k: int) -> list[str]:
    import numpy as np

    tokens = _old_tokenize([question])
    inv = {v: key for key, v in tokens.vocab.items()}
    words = [inv[i] for i in tokens.ids[0]] if tokens.ids else []
    if not words:
        return []
    scores = retriever.get_scores(words)
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [ids[i] for i in top if scores[i] > 0]


# --- measurements


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def questions() -> list[str]:
    out = []
    for name in ("rtqa-2023jan", "rtqa-2023febmar"):
        path = DATA / name / "questions.jsonl"
        if path.exists():
            out += [json.loads(line)["question"] for line in path.open()]
    return out


def run_size(size: int, synth: Synth, work: Path, qs: list[str], k: int) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(work / "manifest.sqlite")
    n_articles = size // CHUNKS_PER_ARTICLE
    t = time.perf_counter()
    for start in range(0, n_articles, 1000):
        manifest.upsert(*synth.batch(f"base{start:06d}-", min(1000, n_articles - start)))
    build_s = time.perf_counter() - t
    result: dict = {"chunks": manifest.chunk_count(), "build_manifest_with_fts_s": round(build_s, 1)}

    # before: the manifest write + the bm25s full rebuild and save (what every ingest did)
    old_dir = work / "bm25-old"
    _old_rebuild(manifest, old_dir)  # the index as it stood before the update
    rows, chunks = synth.batch("new-old-", 100)
    t = time.perf_counter()
    manifest.upsert(rows, chunks)
    t_write = time.perf_counter() - t
    retriever, old_ids = _old_rebuild(manifest, old_dir)
    t_total = time.perf_counter() - t
    result["before_add_100_s"] = round(t_total, 3)
    result["before_rebuild_s"] = round(t_total - t_write, 3)
    manifest.delete([r.id for r in rows])  # back to the same size for the FTS5 run

    # after: the manifest write is the index update
    index = KeywordIndex(manifest)
    index.search("warm up", 5, Filters())
    rows, chunks = synth.batch("new-fts-", 100)
    t = time.perf_counter()
    manifest.upsert(rows, chunks)
    index.refresh()
    result["after_add_100_s"] = round(time.perf_counter() - t, 3)
    probe = chunks[0][3]
    visible = Manifest(work / "manifest.sqlite")  # another connection, as another process would open it
    result["added_visible_to_a_new_reader"] = any(
        h.article_id == rows[0].id for h in KeywordIndex(visible).search(probe[:300], 20, Filters())
    )
    t = time.perf_counter()
    manifest.delete([r.id for r in rows])
    result["after_delete_100_s"] = round(time.perf_counter() - t, 3)
    manifest.upsert(rows, chunks)  # keep them for the searches below

    # search latency and agreement
    retriever, old_ids = _old_rebuild(manifest, old_dir)
    filt = Filters.build("2023-02-01", "2023-03-15", ["Outlet 3", "Outlet 7", "Outlet 11"])
    fts_ms, fts_f_ms, old_ms, overlap, exact = [], [], [], [], 0
    for q in qs[:5]:  # warm-up
        index.search(q, k, Filters())
        _old_search(retriever, old_ids, q, k)
    for q in qs:
        t = time.perf_counter()
        hits = index.search(q, k, Filters())
        fts_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.search(q, k, filt)
        fts_f_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        old = _old_search(retriever, old_ids, q, k)
        old_ms.append((time.perf_counter() - t) * 1000)
        if old:
            overlap.append(len({h.chunk_id for h in hits} & set(old)) / len(old))
        source = index._source()
        terms, rows = index._terms(source, query_words(q))
        pruned = index._candidates(source, terms, rows, k, Filters()) if terms else []
        full = index._score(source, terms, [], "1=1", [], k) if terms else []
        exact += [(h.chunk_id, round(h.score, 9)) for h in pruned] == [(h.chunk_id, round(h.score, 9)) for h in full]
    result["search_ms"] = {"p50": pct(fts_ms, 0.5), "p95": pct(fts_ms, 0.95), "max": pct(fts_ms, 1.0)}
    result["search_filtered_ms"] = {"p50": pct(fts_f_ms, 0.5), "p95": pct(fts_f_ms, 0.95)}
    result["old_search_ms"] = {"p50": pct(old_ms, 0.5), "p95": pct(old_ms, 0.95)}
    result["top50_shared_with_bm25s"] = round(statistics.mean(overlap), 3) if overlap else None
    result["pruned_equals_exhaustive"] = f"{exact}/{len(qs)}"
    manifest.close()
    visible.close()
    return result


def write_markdown(out: Path, results: dict, command: str) -> None:
    lines = [
        "# Keyword index: update cost and search latency (bm25s full rebuild vs SQLite FTS5)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {os.cpu_count()} cores, load average {results['load_before']} before the run "
        "(shared with other jobs: latencies are upper bounds). Synthetic manifests of real news "
        "sentences (rtqa-2023febmar corpus), 5 chunks of ~900 characters per article; "
        f"{results['questions']} questions (rtqa-2023jan + febmar), k = {results['k']}.",
        "",
        "| chunks | add 100 articles, before (write + bm25s rebuild + save) | of which the rebuild "
        "| add 100 articles, after (FTS5, same transaction) | delete 100, after |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results["sizes"]:
        lines.append(
            f"| {r['chunks']:,} | {r['before_add_100_s']} s | {r['before_rebuild_s']} s "
            f"| {r['after_add_100_s']} s | {r['after_delete_100_s']} s |"
        )
    lines += [
        "",
        "| chunks | FTS5 search p50 / p95 / max ms | filtered (3 outlets, 6 weeks) p50 / p95 ms "
        "| old bm25s search p50 / p95 ms | top 50 also in bm25s top 50 | FTS5 candidates: pruned = exhaustive |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["sizes"]:
        s, f, o = r["search_ms"], r["search_filtered_ms"], r["old_search_ms"]
        lines.append(
            f"| {r['chunks']:,} | {s['p50']} / {s['p95']} / {s['max']} | {f['p50']} / {f['p95']} "
            f"| {o['p50']} / {o['p95']} | {r['top50_shared_with_bm25s']} | {r['pruned_equals_exhaustive']} |"
        )
    lines += [
        "",
        "* before: `KeywordIndex.refresh()` as of ec041fa (bm25s index of every chunk, English stop words, "
        "Snowball stems, saved to `bm25-<collection>/`), after the same manifest write.",
        "* after: the manifest write alone; FTS5 triggers on `chunks` update the index in that transaction "
        "and a reader opened afterwards finds the new chunks "
        f"({', '.join(str(r['added_visible_to_a_new_reader']) for r in results['sizes'])}).",
        "* pruned = exhaustive: questions whose top 50 (ids and scores) from the MaxScore search equal "
        "the ranking that scores every chunk with a question word.",
        "* The old search loaded the whole index in memory (every reader process rebuilt or reloaded it "
        "after each ingest); FTS5 reads the manifest's pages.",
    ]
    out.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--corpus", type=Path, default=DATA / "rtqa-2023febmar" / "corpus.jsonl")
    parser.add_argument("--out", type=Path, default=Path("bench/results/keyword-update.md"))
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--work", type=Path, default=None, help="where the manifests go (default: a temp dir)")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}: pass --corpus PATH (a corpus.jsonl of news articles)")
    articles = load_sentences(args.corpus)
    qs = questions()
    load = os.getloadavg()[0]
    work = args.work or Path(tempfile.mkdtemp(prefix="newsrag-kwbench-"))
    sizes = []
    try:
        for size in args.sizes:
            r = run_size(size, Synth(articles, seed=size), work / str(size), qs, args.k)
            print(json.dumps(r), flush=True)
            sizes.append(r)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    command = "nice -n 10 .venv/bin/python bench/keyword_update.py " + " ".join(sys.argv[1:])
    results = {"command": command.strip(), "load_before": round(load, 2), "questions": len(qs), "k": args.k}
    results["sizes"] = sizes
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(args.out, results, results["command"])
    print(args.out.read_text())


if __name__ == "__main__":
    main()
