"""Question sets and corpora in the formats `newsrag eval` reads.

* native: newsrag's JSONL (eval/questions.py). The RealTimeQA form of ../shared/data/rtqa-*
  ({"id", "question", "choices", "answer_index", "answers", "question_date", "evidence",
  "source"}) is a subset of it.
* realtimeqa: the benchmark's original weekly files. Questions: `YYYYMMDD_qa.jsonl` lines
  {"question_id", "question_date": "YYYY/MM/DD", "question_source", "question_url",
  "question_sentence", "choices", "answer": ["2"] (indices as strings), "evidence" (HTML)};
  a file or a folder of them. Corpus: the matching `YYYYMMDD_gcs.jsonl` search results,
  lines {"question_id", "search_time", "search_result": [{"url", "title", "text", "authors",
  "publish_date"}]}, a file or a folder; converted to article JSONL (deduplicated by URL).
* multihop-rag: MultiHop-RAG's `MultiHopRAG.json` (a list of {"query", "answer",
  "question_type", "evidence_list": [{"url", "fact", ...}]}; null queries and the answer
  "Insufficient information." are unanswerable) with its `corpus.json` (a list of {"title",
  "author", "source", "published_at", "url", "body", "category"}, which newsrag ingests as is).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import EvalSetError

from .cache import corpus_files, files_digest
from .questions import EvalQuestion, as_day, as_strings, check_unique, load_native

FORMATS = ("auto", "native", "realtimeqa", "multihop-rag")
_UNANSWERABLE_MH = "insufficient information"


@dataclass
class EvalSet:
    questions: list[EvalQuestion]
    format: str
    source: Path
    digest: str  # sha256 of the question file(s)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"cannot read {path}: {exc}") from None


def _first_record(path: Path) -> Any:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip():
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    return None
    return None


def _weekly_files(path: Path, suffix: str) -> list[Path]:
    if path.is_dir():
        return sorted(path.rglob(f"*{suffix}"))
    return [path]


def detect_format(path: Path) -> str:
    if not path.exists():
        raise EvalSetError(f"the question set {path} does not exist")
    if path.is_dir():
        if _weekly_files(path, "_qa.jsonl"):
            return "realtimeqa"
        raise EvalSetError(f"{path} is a folder without RealTimeQA *_qa.jsonl files; pass a question file")
    if path.suffix.lower() == ".json":
        data = _load_json(path)
        if isinstance(data, list) and data and isinstance(data[0], dict) and "query" in data[0]:
            return "multihop-rag"
        raise EvalSetError(
            f"{path}: a .json question set must be MultiHop-RAG's list of queries; use JSONL for newsrag's own format"
        )
    first = _first_record(path)
    if isinstance(first, dict) and "question_sentence" in first:
        return "realtimeqa"
    if isinstance(first, dict) and "question" in first:
        return "native"
    raise EvalSetError(
        f"{path}: cannot tell the question-set format from its first line; expected newsrag JSONL "
        '("question"), RealTimeQA ("question_sentence") or MultiHop-RAG JSON ("query"); or pass --format'
    )


def _load_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise EvalSetError(f"{path}: malformed JSON: {exc.msg} (line {exc.lineno})") from None


def load_questions(path: str | os.PathLike[str], fmt: str = "auto") -> EvalSet:
    path = Path(path)
    if fmt not in FORMATS:
        raise EvalSetError(f"unknown question-set format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(path)
    elif not path.exists():
        raise EvalSetError(f"the question set {path} does not exist")
    if fmt == "native":
        files, questions = [path], load_native(path)
    elif fmt == "realtimeqa":
        files = _weekly_files(path, "_qa.jsonl")
        questions = load_realtimeqa_weekly(files)
    else:
        files, questions = [path], load_multihop(path)
    digest = files_digest(files, path if path.is_dir() else path.parent)
    return EvalSet(questions=questions, format=fmt, source=path, digest=digest)


# --- RealTimeQA (original weekly files)


def realtimeqa_question(record: Any, where: str) -> EvalQuestion:
    if not isinstance(record, dict) or not isinstance(record.get("question_sentence"), str):
        raise EvalSetError(f"{where}: not a RealTimeQA question (no 'question_sentence')")
    choices = as_strings(record.get("choices"), "choices", where)
    indices = []
    for a in record.get("answer") or []:
        try:
            i = int(a)
        except (TypeError, ValueError):
            raise EvalSetError(f"{where}: 'answer' must list choice indices, got {a!r}") from None
        if not 0 <= i < len(choices):
            raise EvalSetError(f"{where}: answer index {i} is out of range for {len(choices)} choices")
        indices.append(i)
    qid = record.get("question_id")
    if not qid:
        raise EvalSetError(f"{where}: missing 'question_id'")
    return EvalQuestion(
        id=str(qid),
        question=" ".join(record["question_sentence"].split()),
        answers=tuple(choices[i] for i in indices),
        choices=choices,
        answer_index=indices[0] if indices else None,
        evidence=as_strings(record.get("evidence"), "evidence", where),
        question_date=as_day(record.get("question_date"), "question_date", where),
        meta={k: record[k] for k in ("question_source", "question_url") if record.get(k)},
    )


def load_realtimeqa_weekly(files: list[Path]) -> list[EvalQuestion]:
    out = []
    for path in files:
        for lineno, line in enumerate(_read_text(path).splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalSetError(f"{path}:{lineno}: malformed JSON: {exc.msg}") from None
            out.append(realtimeqa_question(record, f"{path}:{lineno}"))
    return check_unique(out, files[0] if len(files) == 1 else files[0].parent)


def is_gcs_corpus(path: Path) -> bool:
    if path.is_dir():
        return bool(_weekly_files(path, "_gcs.jsonl"))
    if path.name.endswith("_gcs.jsonl"):
        return True
    first = _first_record(path) if path.is_file() and path.suffix.lower() == ".jsonl" else None
    return isinstance(first, dict) and "search_result" in first


def gcs_articles(files: list[Path]) -> list[dict[str, Any]]:
    """Articles from RealTimeQA search-result files, first occurrence of each URL, in file order."""
    seen: set[str] = set()
    out = []
    for path in files:
        for lineno, line in enumerate(_read_text(path).splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalSetError(f"{path}:{lineno}: malformed JSON: {exc.msg}") from None
            for hit in record.get("search_result") or []:
                if not isinstance(hit, dict) or not str(hit.get("text") or "").strip():
                    continue  # the benchmark keeps results whose page could not be fetched, without text
                url = str(hit.get("url") or "")
                key = url or str(hit.get("title") or "") + str(hit["text"])[:200]
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    {
                        "title": hit.get("title"),
                        "url": url or None,
                        "published_at": hit.get("publish_date") or None,
                        "authors": hit.get("authors") or [],
                        "text": hit["text"],
                    }
                )
    return out


def prepare_corpus(path: str | os.PathLike[str], work_dir: Path) -> Path:
    """A path newsrag can ingest: the corpus itself, or RealTimeQA search results converted
    to article JSONL under `work_dir` (named by their content, so reruns reuse it)."""
    path = Path(path)
    corpus_files(path)  # exists and is not empty
    if not is_gcs_corpus(path):
        return path
    files = _weekly_files(path, "_gcs.jsonl")
    digest = files_digest(files, path if path.is_dir() else path.parent)
    out = work_dir / "corpora" / f"realtimeqa-gcs-{digest[:24]}.jsonl"
    if not out.exists():
        articles = gcs_articles(files)
        if not articles:
            raise EvalSetError(f"{path}: the search results hold no article text")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        tmp.replace(out)
    return out


# --- MultiHop-RAG


def multihop_question(record: Any, where: str, index: int) -> EvalQuestion:
    if not isinstance(record, dict) or not isinstance(record.get("query"), str) or not record["query"].strip():
        raise EvalSetError(f"{where}: not a MultiHop-RAG query (no 'query')")
    answer = str(record.get("answer") or "").strip()
    qtype = str(record.get("question_type") or "") or None
    unanswerable = qtype == "null_query" or answer.lower().rstrip(".").startswith(_UNANSWERABLE_MH)
    evidence = [e for e in record.get("evidence_list") or [] if isinstance(e, dict)]
    return EvalQuestion(
        id=str(record.get("id") or f"mh{index:05d}"),
        question=" ".join(record["query"].split()),
        answers=() if unanswerable or not answer else (answer,),
        gold_urls=tuple(str(e["url"]) for e in evidence if e.get("url")),
        evidence=tuple(str(e["fact"]) for e in evidence if e.get("fact")),
        question_type=qtype,
        unanswerable=unanswerable,
    )


def load_multihop(path: Path) -> list[EvalQuestion]:
    data = _load_json(path)
    if not isinstance(data, list):
        raise EvalSetError(f"{path}: MultiHop-RAG queries must be a JSON list")
    return check_unique([multihop_question(r, f"{path}[{i}]", i) for i, r in enumerate(data)], path)
