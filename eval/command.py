"""`newsrag eval`: load a question set, build (or reuse) the indexes, run the pipelines, write the report."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.embedding import Embedder, embedder_from_settings
from rag.errors import ConfigError, EvalSetError
from rag.settings import Settings, load_settings

from .cache import corpus_digest, ensure_index, index_key
from .loaders import load_questions, prepare_corpus
from .metrics import FACT_COVERAGE
from .pipelines import EvalPipeline, NewsRAGPipeline
from .questions import as_day
from .runner import DEFAULT_DEPTH, K_VALUES, WORD_BUDGETS, EvalOptions, PipelineResult, run


@dataclass
class EvalRun:
    config: dict[str, Any]
    results: list[PipelineResult]
    outputs: dict[str, Path]


def newsrag_index(corpus: Path, digest: str, settings: Settings, embedder: Embedder, *, progress: bool):
    """NewsRAG over the corpus, in a cached index directory; returns (rag, build info, reused)."""
    from rag.api import NewsRAG

    params = {
        "embedder": embedder.name,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "chunk_header": settings.chunk_header,
    }
    index_dir = settings.eval_cache_dir / index_key("newsrag", digest, params)
    rag = NewsRAG(settings=settings.model_copy(update={"data_dir": index_dir}), embedder=embedder)

    def build(_: Path) -> dict[str, Any]:
        from rag.progress import ingest_bar

        with ingest_bar(progress, desc="newsrag index") as on_item:
            report = rag.ingest([corpus], progress=on_item)
        if report.nothing_ingested:
            raise EvalSetError(f"nothing could be ingested from the corpus {corpus}:\n{report.summary()}")
        return {
            "articles": report.added + report.updated + report.unchanged,
            "skipped": len(report.skipped),
            "chunks": rag.stats()["chunks"],
            "seconds": round(report.seconds, 1),
        }

    # newsrag's ingest is idempotent, so an interrupted build resumes where it stopped
    info, reused = ensure_index(index_dir, build, resumable=True, params=params)
    if reused:
        rag.upgrade()  # cached by an older version: what a fresh build would hold (e.g. bylines in the manifest)
    return rag, {**info, "dir": str(index_dir), "reused": reused}


def dev_set_index(folder: Path):
    """(NewsRAG over the set's corpus with the default settings, its questions) for a folder holding
    questions.jsonl and corpus.jsonl: what the tuning scripts (eval.answer_tuning,
    eval.retrieval_experiments) start from. The index is the eval's cached one."""
    settings = load_settings()
    questions = load_questions(str(folder / "questions.jsonl")).questions
    corpus = prepare_corpus(str(folder / "corpus.jsonl"), settings.eval_cache_dir)
    rag, _ = newsrag_index(corpus, corpus_digest(corpus), settings, embedder_from_settings(settings), progress=False)
    return rag, questions


def baseline_index(corpus: Path, digest: str, settings: Settings, embedder: Embedder, *, top_k: int, progress: bool):
    from .baseline import BASELINE_VERSION, LlamaIndexBaseline, build_baseline_index

    params = {"embedder": embedder.name, "baseline_version": BASELINE_VERSION}
    index_dir = settings.eval_cache_dir / index_key("baseline", digest, params)
    info, reused = ensure_index(
        index_dir,
        lambda d: build_baseline_index(d, corpus, embedder, progress=progress),
        resumable=False,  # llama-index adds nodes under fresh random ids: a rerun would duplicate them
        params=params,
    )
    return LlamaIndexBaseline(index_dir, embedder, top_k=top_k), {**info, "dir": str(index_dir), "reused": reused}


def evaluate(
    questions_path: str | os.PathLike[str],
    *,
    corpus: str | os.PathLike[str] | None = None,
    fmt: str = "auto",
    baseline: bool = False,
    out: str | os.PathLike[str] | None = None,
    limit: int | None = None,
    as_of: str | None = None,
    top_k: int | None = None,
    depth: int = DEFAULT_DEPTH,
    include_text: bool = True,
    progress: bool = False,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    command: str | None = None,
) -> EvalRun:
    """Everything `newsrag eval` does, callable from Python (tests pass a fake embedder)."""
    from rag.api import NewsRAG
    from rag.query import check_top_k

    settings = settings or load_settings()
    if limit is not None and limit < 1:
        raise ConfigError("--limit must be at least 1")
    if depth < max(K_VALUES):
        raise ConfigError(
            f"--depth must be at least {max(K_VALUES)} (answer_recall@{max(K_VALUES)} needs that many passages)"
        )
    as_of = as_day(as_of, "--as-of", "newsrag eval") if as_of else None
    evalset = load_questions(questions_path, fmt)
    questions = evalset.questions[:limit] if limit else evalset.questions
    top_k = check_top_k(top_k) or settings.top_k  # the same bounds as `newsrag ask --top-k`
    if top_k != settings.top_k:
        settings = settings.model_copy(update={"top_k": top_k})
    embedder = embedder or embedder_from_settings(settings)

    config: dict[str, Any] = {
        "name": f"{evalset.source.parent.name}/{evalset.source.name}",
        "question_set": str(questions_path),
        "question_set_sha256": evalset.digest,
        "format": evalset.format,
        "questions": len(questions),
        "questions_in_set": len(evalset.questions),
        "limit": limit,
        "as_of": as_of,
        "top_k": top_k,
        "depth": depth,
        "k_values": list(K_VALUES),
        "word_budgets": list(WORD_BUDGETS),
        "fact_coverage": FACT_COVERAGE,
        "include_text": include_text,
        "command": command,
        "index": {},
    }
    pipelines: list[EvalPipeline] = []
    if corpus is not None:
        ingestible = prepare_corpus(corpus, settings.eval_cache_dir)
        digest = corpus_digest(ingestible)
        config.update(corpus=str(corpus), corpus_sha256=digest)
        rag, config["index"]["newsrag"] = newsrag_index(ingestible, digest, settings, embedder, progress=progress)
        pipelines.append(NewsRAGPipeline(rag, top_k=top_k))
        if baseline:
            base, config["index"]["baseline"] = baseline_index(
                ingestible, digest, settings, embedder, top_k=top_k, progress=progress
            )
            pipelines.append(base)
    else:
        if baseline:
            raise ConfigError("--baseline builds its own index from the corpus: pass --corpus FILE as well")
        rag = NewsRAG(settings=settings, embedder=embedder)
        if rag.stats()["articles"] == 0:
            raise ConfigError(
                f"the index at {settings.data_dir} is empty: ingest news first (newsrag ingest ...) "
                "or pass --corpus FILE to evaluate on a corpus"
            )
        config["data_dir"] = str(settings.data_dir)
        pipelines.append(NewsRAGPipeline(rag, top_k=top_k))

    results = run(
        pipelines, questions, EvalOptions(depth=depth, as_of=as_of, include_text=include_text, progress=progress)
    )
    outputs: dict[str, Path] = {}
    if out is not None:
        from .report import write_outputs

        outputs = write_outputs(Path(out), config, results)
    return EvalRun(config, results, outputs)


def command_line(args: Any) -> str:
    """The canonical `newsrag eval` command for these arguments, recorded in the report."""
    parts = ["newsrag", "eval", str(args.questions)]
    for flag, value in (
        ("--corpus", args.corpus),
        ("--format", None if args.format == "auto" else args.format),
        ("--out", args.out),
        ("--limit", args.limit),
        ("--as-of", args.as_of),
        ("--top-k", args.top_k),
        ("--depth", None if args.depth == DEFAULT_DEPTH else args.depth),
    ):
        if value is not None:
            parts += [flag, str(value)]
    if args.baseline:
        parts.append("--baseline")
    if args.no_text:
        parts.append("--no-text")
    return shlex.join(parts)


def cmd_eval(args: Any) -> int:
    from .report import console_summary

    settings = load_settings(data_dir=args.data_dir, eval_cache_dir=args.cache_dir)
    progress = not args.no_progress and sys.stderr.isatty()
    result = evaluate(
        args.questions,
        corpus=args.corpus,
        fmt=args.format,
        baseline=args.baseline,
        out=args.out,
        limit=args.limit,
        as_of=args.as_of,
        top_k=args.top_k,
        depth=args.depth,
        include_text=not args.no_text,
        progress=progress,
        settings=settings,
        command=command_line(args),
    )
    print(f"{result.config['name']}: {result.config['questions']} questions")
    print(console_summary(result.results))
    for kind, path in result.outputs.items():
        print(f"{kind}: {path}")
    return 0
