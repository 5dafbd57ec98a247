"""newsrag's speed and scale benchmark (a script, not a test). See bench/README.md for the commands.

Ingest (on the first --limit articles of a corpus JSONL, default rtqa-2023febmar's, the Jan-Mar archive):
  * newsrag ingest: articles/min and chunks/s with the default fp32 embedder (MiniLM run by
    onnxruntime, torch's vectors), with sentence-transformers itself (torch) and with int8;
  * raw ``SentenceTransformer.encode`` on exactly the chunk texts newsrag embeds (same Chunker,
    same articles), each engine's raw speed on those texts, and each newsrag ingest's share of its
    own engine's raw speed (the overhead ratio, like for like);
  * the llama-index quickstart pipeline (eval.baseline: VectorStoreIndex.from_documents over a
    ChromaVectorStore, default node parser, the same MiniLM as a llama-index embedding) on the
    same articles, in the same run;
  * int8 vs fp32: throughput ratios and the cosine of their vectors on the same chunks.

Query (at each --sizes chunk count): retrieve and ask latency p50/p95 over the corpus's
questions, peak RSS and index size on disk. Each index is built from a real newsrag index of
the corpus (embedded once) by re-inserting its chunks as replicas: ids and article ids get a
``-r<N>`` suffix, vectors a small deterministic perturbation (Gaussian, sigma 0.02 per
dimension, then re-normalized), manifest rows and chunk texts are copied, so the keyword
index and filters see a realistic corpus. Nothing is re-embedded. Each size runs in its own
process so its peak RSS is its own.

Figures are printed and written as JSON and Markdown to --out (default bench/results/).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "rtqa-2023febmar" / "corpus.jsonl"
PERTURB_SIGMA = 0.02
FALLBACK_QUESTIONS = ROOT / "eval" / "sets" / "sample.jsonl"


# --- small helpers


def peak_rss_mb() -> float:
    """This process's peak resident set size. VmHWM, not getrusage: Linux carries ru_maxrss
    over an exec, so a child started from a big parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def subset_corpus(corpus: Path, limit: int | None, work: Path) -> Path:
    """The first `limit` lines of the corpus as their own file (both pipelines read the same one)."""
    if not limit:
        return corpus
    out = work / f"corpus-{limit}.jsonl"
    with corpus.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            dst.write(line)
    return out


def questions_file(corpus: Path) -> Path:
    """The corpus's questions.jsonl beside it, else the bundled sample set."""
    path = corpus.parent / "questions.jsonl"
    return path if path.exists() else FALLBACK_QUESTIONS


def load_questions(path: Path, n: int) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            q = json.loads(line).get("question")
            if q:
                out.append(q)
            if len(out) >= n:
                break
    return out


# --- ingest


def chunk_texts(corpus: Path, embedder, settings) -> tuple[list[str], int]:
    """The exact texts newsrag embeds for these articles (its Chunker, its settings)."""
    from ingest.items import Skipped
    from ingest.sources import iter_items
    from rag.chunking import Chunker

    chunker = Chunker(
        embedder.count_tokens,
        settings.effective_chunk_tokens(embedder.max_tokens),
        settings.chunk_overlap,
        header=settings.chunk_header,
    )
    texts, seen = [], set()
    for item in iter_items([corpus]):
        if isinstance(item, Skipped) or item.id in seen:
            continue
        seen.add(item.id)
        texts.extend(c.embed_text for c in chunker.split(item))
    return texts, len(seen)


def newsrag_ingest(corpus: Path, data_dir: Path, embedder) -> dict[str, Any]:
    from rag import NewsRAG

    shutil.rmtree(data_dir, ignore_errors=True)
    rag = NewsRAG(data_dir=data_dir, embedder=embedder)
    t0 = time.perf_counter()
    report = rag.ingest([corpus])
    seconds = time.perf_counter() - t0
    return {
        "articles": report.added,
        "chunks": report.chunks_written,
        "seconds": round(seconds, 2),
        "embed_seconds": round(report.embed_seconds, 2),
        "articles_per_min": round(report.added / seconds * 60, 1),
        "chunks_per_s": round(report.chunks_written / seconds, 2),
        "index_mb": round(dir_size_mb(data_dir), 1),
    }


def raw_encode(st, texts: list[str], batch_size: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    st.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    seconds = time.perf_counter() - t0
    return {"chunks": len(texts), "seconds": round(seconds, 2), "chunks_per_s": round(len(texts) / seconds, 2)}


def llamaindex_ingest(corpus: Path, index_dir: Path, embedder) -> dict[str, Any]:
    from eval.baseline import build_baseline_index

    shutil.rmtree(index_dir, ignore_errors=True)
    t0 = time.perf_counter()
    info = build_baseline_index(index_dir, corpus, embedder)
    seconds = time.perf_counter() - t0
    return {
        "articles": info["documents"],
        "nodes": info["nodes"],
        "seconds": round(seconds, 2),
        "articles_per_min": round(info["documents"] / seconds * 60, 1),
        "nodes_per_s": round(info["nodes"] / seconds, 2),
        "index_mb": round(dir_size_mb(index_dir), 1),
    }


def bench_ingest(corpus: Path, work: Path, backends: list[str], with_baseline: bool) -> dict[str, Any]:
    import numpy as np

    from rag.embedding import SentenceTransformerEmbedder
    from rag.settings import load_settings

    settings = load_settings(data_dir=work / "unused")
    t0 = time.perf_counter()
    fp32 = SentenceTransformerEmbedder(batch_size=settings.embed_batch_size)
    out: dict[str, Any] = {"model_load_s": round(time.perf_counter() - t0, 2)}
    texts, n_articles = chunk_texts(corpus, fp32, settings)
    longest = max(fp32.count_tokens(t) for t in texts)
    out["chunks"] = {
        "articles": n_articles,
        "chunks": len(texts),
        "longest_tokens": longest,
        "model_max_tokens": fp32.max_tokens,
        "truncated": sum(fp32.count_tokens(t) > fp32.max_tokens for t in texts),
    }
    log(f"{n_articles} articles -> {len(texts)} chunks (longest {longest} tokens, limit {fp32.max_tokens})")
    fp32.embed(texts[:64])  # warm-up: first batches pay one-time costs

    log("raw SentenceTransformer.encode on the same chunk texts")
    out["raw_encode"] = raw_encode(fp32.model, texts, settings.embed_batch_size)
    log(f"  {out['raw_encode']['chunks_per_s']} chunks/s")

    results: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    embedders: dict[str, Any] = {}
    for backend in backends:
        if backend == "torch":  # sentence-transformers itself
            emb = fp32
        else:
            t0 = time.perf_counter()
            if backend == "onnx-fp32":  # the default: the same model and vectors, run by onnxruntime
                emb = SentenceTransformerEmbedder(batch_size=settings.embed_batch_size, onnx_dir=work / "onnx-cache")
                emb.embed(texts[:64])
                if emb.backend != "onnx-fp32":
                    raise SystemExit("the ONNX fp32 encoder is unavailable here (see the warning above)")
            elif backend == "onnx-int8":
                from rag.onnx_embedding import OnnxInt8Embedder

                emb = OnnxInt8Embedder(cache_dir=work / "onnx-cache", batch_size=settings.embed_batch_size)
                emb.embed(texts[:64])
            else:
                raise SystemExit(f"unknown backend {backend!r}; use torch, onnx-fp32, onnx-int8")
            out.setdefault("model_build_or_load_s", {})[backend] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            emb.embed(texts)
            secs = time.perf_counter() - t0
            raw[backend] = {
                "chunks": len(texts),
                "seconds": round(secs, 2),
                "chunks_per_s": round(len(texts) / secs, 2),
            }
            log(f"raw {backend} embed: {raw[backend]['chunks_per_s']} chunks/s")
        embedders[backend] = emb
        log(f"newsrag ingest, backend {backend}")
        results[backend] = newsrag_ingest(corpus, work / f"newsrag-{backend}", emb)
        log(f"  {results[backend]['articles_per_min']} articles/min, {results[backend]['chunks_per_s']} chunks/s")
    out["newsrag"] = results
    out["raw_embed"] = raw
    # like for like: each newsrag ingest against its own engine's raw speed on the same texts
    # (torch: raw SentenceTransformer.encode; onnx-fp32 / onnx-int8: that engine's raw embed)
    own = {b: (raw[b] if b in raw else out["raw_encode"])["chunks_per_s"] for b in results}
    out["vs_own_raw_engine"] = {b: round(r["chunks_per_s"] / own[b], 3) for b, r in results.items()}
    base = "onnx-fp32" if "onnx-fp32" in results else "torch"
    if base in results and "onnx-int8" in results:
        out["int8_speedup"] = {
            b: round(results["onnx-int8"]["chunks_per_s"] / results[b]["chunks_per_s"], 3)
            for b in ("onnx-fp32", "torch")
            if b in results
        }
        sample = texts[:: max(1, len(texts) // 500)]
        a, b = embedders["onnx-int8"].embed(sample), fp32.embed(sample)
        cos = (a * b).sum(axis=1)
        out["int8_vs_fp32_cosine"] = {
            "n": len(sample),
            "mean": round(float(cos.mean()), 4),
            "min": round(float(cos.min()), 4),
            "p5": round(float(np.percentile(cos, 5)), 4),
        }
    if with_baseline:
        log("llama-index quickstart pipeline on the same articles")
        out["llamaindex"] = llamaindex_ingest(corpus, work / "llamaindex", fp32)
        log(f"  {out['llamaindex']['articles_per_min']} articles/min, {out['llamaindex']['nodes_per_s']} nodes/s")
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


# --- query


def replicate_index(
    base_dir: Path, target_dir: Path, size: int, embedder_name: str, dim: int, collection: str
) -> dict[str, Any]:
    """Copy the base index's chunks into `target_dir` until it holds `size` chunks (see module doc)."""
    import numpy as np

    from rag.manifest import Manifest, ManifestRow
    from rag.store import ChromaStore

    base_store = ChromaStore(embedder_name=embedder_name, dim=dim, path=base_dir / "chroma", collection=collection)
    base_manifest = Manifest(base_dir / f"manifest-{collection}.sqlite")
    got = base_store._collection.get(include=["embeddings", "documents", "metadatas"])
    ids, vecs, docs, metas = (
        got["ids"],
        np.asarray(got["embeddings"], dtype=np.float32),
        got["documents"],
        got["metadatas"],
    )
    rows = {r.id: r for r in base_manifest.rows()}
    texts = {cid: (aid, text) for cid, aid, text, _, _ in base_manifest.iter_chunks()}
    by_article: dict[str, list[int]] = {}
    for i, m in enumerate(metas):
        by_article.setdefault(m["article_id"], []).append(i)

    shutil.rmtree(target_dir, ignore_errors=True)
    store = ChromaStore(embedder_name=embedder_name, dim=dim, path=target_dir / "chroma", collection=collection)
    manifest = Manifest(target_dir / f"manifest-{collection}.sqlite")
    written, replica, t0 = 0, 0, time.perf_counter()
    while written < size:
        rng = np.random.default_rng(replica)
        noise = rng.normal(0.0, PERTURB_SIGMA, size=vecs.shape).astype(np.float32) if replica else 0.0
        rvecs = vecs + noise
        rvecs /= np.linalg.norm(rvecs, axis=1, keepdims=True)
        suffix = f"-r{replica}" if replica else ""
        batch_ids, batch_vecs, batch_docs, batch_metas, mrows, mchunks = [], [], [], [], [], []
        for aid, idx in by_article.items():
            if written + len(batch_ids) >= size:
                break
            idx = idx[: size - written - len(batch_ids)]
            new_aid = aid + suffix
            for i in idx:
                new_id = ids[i].replace(aid, new_aid, 1)
                batch_ids.append(new_id)
                batch_vecs.append(rvecs[i])
                batch_docs.append(docs[i])
                batch_metas.append({**metas[i], "article_id": new_aid})
                mchunks.append(
                    (new_id, new_aid, int(metas[i].get("position", 0)), texts.get(ids[i], (aid, docs[i]))[1])
                )
            row = rows[aid]
            mrows.append(
                ManifestRow(
                    **{
                        **row.__dict__,
                        "id": new_aid,
                        "n_chunks": len(idx),
                        "story_id": (row.story_id + suffix) if row.story_id else None,
                    }
                )
            )
        store.upsert(batch_ids, np.stack(batch_vecs), batch_docs, batch_metas)
        manifest.upsert(mrows, mchunks)
        written += len(batch_ids)
        replica += 1
    return {"chunks": store.count(), "replicas": replica, "build_s": round(time.perf_counter() - t0, 1)}


def fp32_index(work: Path) -> Path | None:
    """The real fp32 index the ingest part built (onnx-fp32 and torch give the same vectors)."""
    return next((work / f"newsrag-{b}" for b in ("onnx-fp32", "torch") if (work / f"newsrag-{b}").is_dir()), None)


def query_worker(args: argparse.Namespace) -> dict[str, Any]:
    """One index size, in its own process: build the replica index, then time retrieve and ask."""
    from rag import NewsRAG
    from rag.embedding import embedder_from_settings
    from rag.settings import load_settings

    work, size = Path(args.work), args.query_worker
    emb = embedder_from_settings(load_settings())  # as the product runs: questions through the ONNX encoder
    real = fp32_index(work)
    if real is None:
        raise SystemExit(f"no fp32 newsrag index under {work}: run the ingest part first (--only ingest)")
    base = NewsRAG(data_dir=real, embedder=emb)
    target = work / f"query-{size}"
    log(f"building a {size}-chunk index from {base.manifest.chunk_count()} real chunks")
    built = replicate_index(real, target, size, emb.name, emb.dim, base.settings.collection)
    rag = NewsRAG(data_dir=target, embedder=emb)
    t0 = time.perf_counter()
    rag.keyword.refresh()
    built["keyword_index_s"] = round(time.perf_counter() - t0, 1)
    questions = load_questions(Path(args.questions), args.queries)
    for q in questions[:3]:  # warm-up: model, HNSW pages, keyword index load
        rag.ask(q)
    retrieve_ms, ask_ms = [], []
    for q in questions:
        t0 = time.perf_counter()
        rag.retrieve(q)
        retrieve_ms.append((time.perf_counter() - t0) * 1000)
    stages: dict[str, list[float]] = {}
    for q in questions:
        t0 = time.perf_counter()
        answer = rag.ask(q)
        ask_ms.append((time.perf_counter() - t0) * 1000)
        for stage, ms in (answer.timings_ms or {}).items():
            stages.setdefault(stage, []).append(ms)
    return {
        "size": size,
        "index": built,
        "questions": len(questions),
        "retrieval_mode": rag.settings.retrieval_mode,
        "retrieve_ms": {"p50": round(pct(retrieve_ms, 50), 1), "p95": round(pct(retrieve_ms, 95), 1)},
        "ask_ms": {"p50": round(pct(ask_ms, 50), 1), "p95": round(pct(ask_ms, 95), 1)},
        "ask_stage_p50_ms": {k: round(pct(v, 50), 1) for k, v in stages.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "index_mb": round(dir_size_mb(target), 1),
    }


def bench_query(corpus: Path, questions: Path, work: Path, sizes: list[int], queries: int) -> dict[str, Any]:
    base = fp32_index(work)
    if base is None:
        from rag.embedding import SentenceTransformerEmbedder

        base = work / "newsrag-onnx-fp32"
        log("no base index yet: ingesting the corpus with the default fp32 embedder first")
        newsrag_ingest(corpus, base, SentenceTransformerEmbedder(onnx_dir=work / "onnx-cache"))
    out = {
        "how": f"replicas of the real {base.name} index: ids suffixed -r<N>, vectors + N(0, {PERTURB_SIGMA}) "
        "per dimension then re-normalized, manifest rows and chunk texts copied; no re-embedding",
        "questions_file": str(questions),
        "sizes": [],
    }
    for size in sizes:
        cmd = [
            sys.executable,
            __file__,
            "--query-worker",
            str(size),
            "--work",
            str(work),
            "--questions",
            str(questions),
            "--queries",
            str(queries),
        ]
        res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
        result = json.loads(res.stdout.strip().splitlines()[-1])
        log(
            f"  {size} chunks: retrieve p50 {result['retrieve_ms']['p50']} ms, ask p50 {result['ask_ms']['p50']} ms, "
            f"peak RSS {result['peak_rss_mb']} MB"
        )
        out["sizes"].append(result)
    return out


# --- report


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# newsrag benchmark ({results['date']})",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Machine: {results['machine']}",
        "",
    ]
    ing = results.get("ingest")
    if ing:
        c = ing["chunks"]
        lines += [
            "## Ingest",
            "",
            f"{c['articles']} articles -> {c['chunks']} chunks; longest chunk {c['longest_tokens']} "
            f"tokens of {c['model_max_tokens']}; truncated: {c['truncated']}.",
            "",
            "| pipeline | articles/min | chunks/s | seconds | index MB |",
            "| --- | --- | --- | --- | --- |",
        ]
        for backend, r in ing["newsrag"].items():
            lines.append(
                f"| newsrag ({backend}) | {r['articles_per_min']} | {r['chunks_per_s']} | {r['seconds']} | {r['index_mb']} |"
            )
        raw = ing["raw_encode"]
        lines.append(
            f"| raw SentenceTransformer.encode (same chunk texts) | | {raw['chunks_per_s']} | {raw['seconds']} | |"
        )
        for backend, r in ing.get("raw_embed", {}).items():
            lines.append(f"| raw {backend} embed (same chunk texts) | | {r['chunks_per_s']} | {r['seconds']} | |")
        if "llamaindex" in ing:
            r = ing["llamaindex"]
            lines.append(
                f"| llama-index quickstart ({r['nodes']} nodes) | {r['articles_per_min']} | {r['nodes_per_s']} nodes/s "
                f"| {r['seconds']} | {r['index_mb']} |"
            )
        lines.append("")
        for backend, ratio in ing.get("vs_own_raw_engine", {}).items():
            engine = "raw SentenceTransformer.encode" if backend == "torch" else f"the raw {backend} engine"
            lines.append(f"* newsrag ({backend}) ingest runs at {ratio:.1%} of {engine} on the same texts.")
        if "int8_speedup" in ing:
            cos = ing["int8_vs_fp32_cosine"]
            ratios = ", ".join(f"{v}x vs newsrag ({k})" for k, v in ing["int8_speedup"].items())
            lines.append(
                f"* int8 ingest throughput: {ratios}; cosine int8 vs fp32 on {cos['n']} chunks: "
                f"mean {cos['mean']}, p5 {cos['p5']}, min {cos['min']}."
            )
        lines += [f"* peak RSS of the ingest run: {ing['peak_rss_mb']} MB", ""]
    q = results.get("query")
    if q:
        lines += [
            "## Query",
            "",
            f"Indexes: {q['how']}.",
            "",
            "| chunks | retrieve p50 / p95 ms | ask p50 / p95 ms | peak RSS MB | index MB | build s | questions |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in q["sizes"]:
            lines.append(
                f"| {r['index']['chunks']} | {r['retrieve_ms']['p50']} / {r['retrieve_ms']['p95']} | "
                f"{r['ask_ms']['p50']} / {r['ask_ms']['p95']} | {r['peak_rss_mb']} | {r['index_mb']} | "
                f"{r['index']['build_s']} | {r['questions']} |"
            )
        for r in q["sizes"]:
            parts = ", ".join(f"{k} {v}" for k, v in r.get("ask_stage_p50_ms", {}).items())
            lines.append(
                f"* {r['index']['chunks']} chunks, ask stages p50 ms: {parts}; keyword index build "
                f"{r['index'].get('keyword_index_s')} s; retrieval mode {r['retrieval_mode']}."
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus JSONL (default: %(default)s)")
    p.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    p.add_argument("--only", choices=["ingest", "query", "all"], default="all")
    p.add_argument(
        "--backends",
        default="onnx-fp32,torch,onnx-int8",
        help="ingest backends, comma-separated: onnx-fp32 (the default embedder), torch, onnx-int8",
    )
    p.add_argument("--no-baseline", action="store_true", help="skip the llama-index quickstart pipeline")
    p.add_argument("--sizes", default="10000,100000", help="query index sizes in chunks, comma-separated")
    p.add_argument("--queries", type=int, default=50, help="questions timed per size")
    p.add_argument("--work", default=None, help="scratch dir for indexes (default: a fresh temp dir)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"), help="where results go")
    p.add_argument("--tag", default=None, help="name of the result files (default: bench-<date>)")
    p.add_argument(
        "--questions", default=None, help="questions JSONL for the query timings (default: beside the corpus)"
    )
    p.add_argument("--query-worker", type=int, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.query_worker:
        print(json.dumps(query_worker(args)))
        return 0
    corpus = Path(args.corpus)
    if not corpus.exists():
        p.error(f"{corpus} does not exist; pass --corpus FILE")
    import tempfile

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newsrag-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sub = subset_corpus(corpus, args.limit, work)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "command": "python "
        + " ".join(shlex.quote(a) for a in ["bench/bench.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f} at start, "
        f"python {platform.python_version()}",
        "corpus": str(corpus),
        "limit": args.limit,
        "work": str(work),
    }
    if args.only in ("ingest", "all"):
        backends = [b for b in args.backends.split(",") if b]
        results["ingest"] = bench_ingest(sub, work, backends, not args.no_baseline)
    if args.only in ("query", "all"):
        questions = Path(args.questions) if args.questions else questions_file(corpus)
        results["query"] = bench_query(sub, questions, work, [int(s) for s in args.sizes.split(",") if s], args.queries)
    results["load_avg_end"] = round(os.getloadavg()[0], 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tag = args.tag or f"bench-{datetime.now(UTC).strftime('%Y%m%d-%H%M')}"
    (out / f"{tag}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md = markdown(results)
    (out / f"{tag}.md").write_text(md + "\n", encoding="utf-8")
    print(md)
    log(f"wrote {out / (tag + '.json')} and {out / (tag + '.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
