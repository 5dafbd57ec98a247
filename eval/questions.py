"""The evaluation question: one record for every question-set format, and the native JSONL loader.

Native format, one JSON object a line (README "Evaluation"):

    {"id", "question", "answers": [gold strings], "choices", "answer_index",
     "gold_urls", "gold_article_ids", "evidence", "question_date", "question_type",
     "unanswerable": bool, "filters": {"since", "until", "outlets"}}

Only "question" is required. The RealTimeQA form in ../shared/data/rtqa-*/questions.jsonl is
a subset of it ("source" is kept as metadata, not as an outlet filter).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rag.errors import EvalSetError, QuestionError
from rag.filters import Filters


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    answers: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    answer_index: int | None = None
    gold_urls: tuple[str, ...] = ()
    gold_article_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # supporting text or key facts, as given
    question_date: str | None = None  # YYYY-MM-DD: the reference date ("as of") of the question
    question_type: str | None = None
    unanswerable: bool = False
    since: str | None = None
    until: str | None = None
    outlets: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_multiple_choice(self) -> bool:
        return bool(self.choices) and self.answer_index is not None

    @property
    def has_gold_docs(self) -> bool:
        return bool(self.gold_urls or self.gold_article_ids)

    def filter_kwargs(self) -> dict[str, Any]:
        """The question's filters as NewsRAG keywords (since, until, outlets)."""
        return {"since": self.since, "until": self.until, "outlets": list(self.outlets) or None}


def as_strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, (list, tuple)):
        out = []
        for item in value:
            if item is None:
                continue
            if not isinstance(item, (str, int, float)):
                raise EvalSetError(f"{where}: '{name}' must be a list of strings")
            text = str(item).strip()
            if text:
                out.append(text)
        return tuple(out)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (str(value),)
    raise EvalSetError(f"{where}: '{name}' must be a string or a list of strings")


_DAY = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})")


def as_day(value: Any, name: str, where: str) -> str | None:
    """A YYYY-MM-DD day from 'YYYY-MM-DD', 'YYYY/MM/DD' (RealTimeQA) or a full ISO time."""
    if value in (None, ""):
        return None
    m = _DAY.match(str(value).strip())
    try:
        if not m:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise EvalSetError(f"{where}: '{name}' is not a date: {value!r}; use YYYY-MM-DD") from None


def question_from_record(record: Any, where: str, default_id: str) -> EvalQuestion:
    """One native record -> EvalQuestion, with errors that name the line."""
    if not isinstance(record, dict):
        raise EvalSetError(f"{where}: expected a JSON object, got {type(record).__name__}")
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise EvalSetError(f"{where}: missing 'question' text")
    answers = as_strings(record.get("answers", record.get("answer")), "answers", where)
    choices = as_strings(record.get("choices"), "choices", where)
    answer_index = record.get("answer_index")
    if answer_index is not None:
        if isinstance(answer_index, bool) or not isinstance(answer_index, int):
            raise EvalSetError(f"{where}: 'answer_index' must be an integer")
        if not 0 <= answer_index < len(choices):
            raise EvalSetError(f"{where}: 'answer_index' {answer_index} is out of range for {len(choices)} choices")
        if not answers:
            answers = (choices[answer_index],)
    filters = record.get("filters") or {}
    if not isinstance(filters, dict):
        raise EvalSetError(f"{where}: 'filters' must be an object with since, until, outlets")
    since = as_day(filters.get("since"), "filters.since", where)
    until = as_day(filters.get("until"), "filters.until", where)
    outlets = as_strings(filters.get("outlets"), "filters.outlets", where)
    try:
        Filters.build(since, until, list(outlets))
    except QuestionError as exc:
        raise EvalSetError(f"{where}: {exc}") from None
    unanswerable = record.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise EvalSetError(f"{where}: 'unanswerable' must be true or false")
    qid = record.get("id", record.get("question_id"))
    known = {
        "id",
        "question_id",
        "question",
        "answers",
        "answer",
        "choices",
        "answer_index",
        "gold_urls",
        "gold_article_ids",
        "evidence",
        "question_date",
        "question_type",
        "unanswerable",
        "filters",
    }
    return EvalQuestion(
        id=str(qid) if qid not in (None, "") else default_id,
        question=" ".join(question.split()),
        answers=() if unanswerable else answers,
        choices=choices,
        answer_index=answer_index,
        gold_urls=as_strings(record.get("gold_urls"), "gold_urls", where),
        gold_article_ids=as_strings(record.get("gold_article_ids"), "gold_article_ids", where),
        evidence=as_strings(record.get("evidence"), "evidence", where),
        question_date=as_day(record.get("question_date"), "question_date", where),
        question_type=str(record["question_type"]) if record.get("question_type") else None,
        unanswerable=unanswerable,
        since=since,
        until=until,
        outlets=outlets,
        meta={k: v for k, v in record.items() if k not in known},
    )


def load_native(path: Path) -> list[EvalQuestion]:
    """Questions from a native JSONL file; duplicate ids and malformed lines are errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"cannot read the question set {path}: {exc}") from None
    out: list[EvalQuestion] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalSetError(f"{where}: malformed JSON: {exc.msg}") from None
        out.append(question_from_record(record, where, default_id=f"q{lineno}"))
    return check_unique(out, path)


def check_unique(questions: list[EvalQuestion], source: Path) -> list[EvalQuestion]:
    if not questions:
        raise EvalSetError(f"{source} holds no questions")
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise EvalSetError(f"{source}: question id {q.id!r} appears twice; ids must be unique")
        seen.add(q.id)
    return questions
