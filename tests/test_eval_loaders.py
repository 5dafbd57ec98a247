"""Question-set loaders (native, RealTimeQA, MultiHop-RAG) on small fixtures written in each format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.loaders import detect_format, gcs_articles, load_questions, prepare_corpus
from rag.errors import EvalSetError

from .conftest import ROOT, shared, write_jsonl

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SAMPLE_SET = ROOT / "eval" / "sets" / "sample.jsonl"


def test_bundled_sample_set_loads_with_all_kinds_of_questions():
    s = load_questions(SAMPLE_SET)
    assert s.format == "native" and len(s.questions) == 29
    by_id = {q.id: q for q in s.questions}
    assert by_id["s01"].answers == ("draft resolution", "immediate and unconditional ceasefire")
    assert by_id["s01"].question_date == "2025-06-24" and by_id["s01"].gold_urls
    assert by_id["s15"].since == "2025-09-01" and by_id["s15"].until == "2025-09-30"
    assert by_id["s19"].outlets == ("TASS",)
    assert by_id["s22"].is_multiple_choice and by_id["s22"].choices[by_id["s22"].answer_index] == "3.75%"
    assert sum(q.unanswerable for q in s.questions) == 4
    assert all(not q.answers for q in s.questions if q.unanswerable)


def test_native_defaults_and_errors(tmp_path):
    p = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {"question": "Who won?", "choices": ["A", "B"], "answer_index": 1},
            {"id": "x", "question": "When?", "answer": "Tuesday", "evidence": ["fact one.", "fact two."]},
        ],
    )
    q1, q2 = load_questions(p).questions
    assert q1.id == "q1" and q1.answers == ("B",)  # gold string from the choice
    assert q2.answers == ("Tuesday",) and q2.evidence == ("fact one.", "fact two.")
    bad_cases = [
        ({"question": ""}, "missing 'question'"),
        ({"question": "x", "choices": ["A"], "answer_index": 3}, "out of range"),
        ({"question": "x", "filters": {"since": "last week"}}, "not a date"),
        ({"question": "x", "filters": {"since": "2024-02-01", "until": "2024-01-01"}}, "date range is empty"),
        ({"question": "x", "unanswerable": "yes"}, "true or false"),
    ]
    for record, message in bad_cases:
        path = write_jsonl(tmp_path / "bad.jsonl", [record])
        with pytest.raises(EvalSetError, match=message):
            load_questions(path)
    dup = write_jsonl(tmp_path / "dup.jsonl", [{"id": "a", "question": "x"}, {"id": "a", "question": "y"}])
    with pytest.raises(EvalSetError, match="appears twice"):
        load_questions(dup)
    (tmp_path / "broken.jsonl").write_text('{"question": "ok"}\n{not json\n')
    with pytest.raises(EvalSetError, match=r"broken.jsonl:2: malformed JSON"):
        load_questions(tmp_path / "broken.jsonl", "native")
    with pytest.raises(EvalSetError, match="does not exist"):
        load_questions(tmp_path / "missing.jsonl")


def test_realtimeqa_weekly_questions_from_a_file_or_a_folder():
    one = load_questions(FIXTURES / "realtimeqa" / "20240105_qa.jsonl")
    assert one.format == "realtimeqa" and [q.id for q in one.questions] == ["20240105_0", "20240105_1"]
    q = one.questions[0]
    assert q.question_date == "2024-01-05" and q.answer_index == 0 and q.answers == ("Valmora",)
    assert q.evidence and "<a" in q.evidence[0]  # kept as given; metrics strip the tags
    assert q.meta["question_source"] == "CNN"
    both = load_questions(FIXTURES / "realtimeqa")
    assert [q.id for q in both.questions] == ["20240105_0", "20240105_1", "20240112_0"]
    assert both.questions[2].answers == ("Port Selby",)


def test_realtimeqa_search_results_become_a_deduplicated_corpus(tmp_path):
    files = sorted((FIXTURES / "realtimeqa").glob("*_gcs.jsonl"))
    arts = gcs_articles(files)
    urls = [a["url"] for a in arts]
    assert urls == [  # the page without text is dropped, the repeated URL kept once
        "https://news.example.com/valmora-tram",
        "https://science.example.net/orrin-glacier",
        "https://sport.example.org/northern-cup-final",
    ]
    assert arts[0]["published_at"] == "2024/01/03" and arts[0]["authors"] == ["A. Writer"]
    out = prepare_corpus(FIXTURES / "realtimeqa", tmp_path)
    assert out.parent == tmp_path / "corpora" and len(out.read_text().splitlines()) == 3
    assert prepare_corpus(FIXTURES / "realtimeqa", tmp_path) == out  # same content, same file
    from ingest.sources import iter_items

    items = list(iter_items([out]))
    assert [i.published_at.date().isoformat() for i in items] == ["2024-01-03", "2024-01-02", "2024-01-07"]
    plain = FIXTURES / "multihop" / "corpus.json"
    assert prepare_corpus(plain, tmp_path) == plain  # an article corpus is used as is


def test_multihop_rag_queries_and_corpus():
    s = load_questions(FIXTURES / "multihop" / "MultiHopRAG.json")
    assert s.format == "multihop-rag" and len(s.questions) == 3
    inf, temporal, null = s.questions
    assert inf.answers == ("Corvane",) and inf.question_type == "inference_query"
    assert inf.gold_urls == (
        "https://wiredaily.example.com/corvane-valmora",
        "https://techledger.example.com/corvane-factory",
    )
    assert inf.evidence[1].startswith("The Valmora factory makes")
    assert temporal.answers == ("Yes",) and not temporal.unanswerable
    assert null.unanswerable and null.answers == () and null.question_type == "null_query"
    from ingest.sources import iter_items

    items = list(iter_items([FIXTURES / "multihop" / "corpus.json"]))
    assert [i.outlet for i in items] == ["Wire Daily", "Tech Ledger", "Wire Daily"]
    assert items[0].authors == ("A. Writer",) and items[0].published_at.isoformat().startswith("2023-10-02")


def test_format_detection(tmp_path):
    assert detect_format(SAMPLE_SET) == "native"
    assert detect_format(FIXTURES / "realtimeqa") == "realtimeqa"
    assert detect_format(FIXTURES / "multihop" / "MultiHopRAG.json") == "multihop-rag"
    (tmp_path / "x.jsonl").write_text(json.dumps({"title": "an article, not a question"}) + "\n")
    with pytest.raises(EvalSetError, match="cannot tell the question-set format"):
        detect_format(tmp_path / "x.jsonl")
    (tmp_path / "y.json").write_text("{}")
    with pytest.raises(EvalSetError, match="MultiHop-RAG"):
        detect_format(tmp_path / "y.json")


def test_shared_rtqa_questions_load_as_native():
    path = shared("rtqa-2023jan", "questions.jsonl")
    s = load_questions(path)
    assert s.format == "native" and len(s.questions) == 120
    assert all(q.is_multiple_choice and q.question_date and q.answers for q in s.questions)
