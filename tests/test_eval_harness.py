"""`newsrag eval` end to end: the bundled sample set over the sample news, newsrag beside the baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.cli import main

from .conftest import ROOT, SAMPLE, write_jsonl

SAMPLE_SET = ROOT / "eval" / "sets" / "sample.jsonl"
FIXTURES = Path(__file__).parent / "fixtures" / "eval"
REQUIRED = (
    "answer_recall@5",
    "answer_recall@500w",
    "mc_accuracy",
    "citation_precision",
    "answer_contains",
    "latency_p50_ms",
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_cli_sample_set_with_baseline_writes_reports_and_reuses_the_cache(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    out_dir = tmp_path / "report"
    code, out, err = run(
        capsys, "eval", SAMPLE_SET, "--corpus", SAMPLE, "--baseline", "--out", out_dir, "--as-of", "2026-01-01"
    )
    assert code == 0, err
    assert "answer_recall@5" in out and "llamaindex-baseline" in out and "report.md" in out
    report = json.loads((out_dir / "report.json").read_text())
    assert set(report) == {"config", "versions", "results"}
    assert [r["pipeline"] for r in report["results"]] == ["newsrag", "llamaindex-baseline"]
    for r in report["results"]:
        assert set(REQUIRED) <= set(r["metrics"])
        assert r["counts"]["questions"] == 29 and len(r["questions"]) == 29
        assert r["counts"]["mc_accuracy"] == 4 and r["counts"]["refusal_accuracy"] == 4
        assert r["counts"]["answer_recall@5"] == 25  # the answerable questions with gold strings
        assert 0.0 <= r["metrics"]["answer_recall@5"] <= 1.0
        assert {"factoid", "date_scoped", "outlet_scoped", "multiple_choice", "unanswerable"} == set(r["by_type"])
    newsrag, base = report["results"]
    assert base["metrics"]["refusal_accuracy"] == 0.0  # the quickstart never refuses
    row = {q["id"]: q for q in newsrag["questions"]}["s01"]
    assert row["question"].startswith("What did Russia") and "answer" in row and row["retrieved"]
    cfg = report["config"]
    assert cfg["questions"] == 29 and cfg["as_of"] == "2026-01-01" and cfg["format"] == "native"
    assert cfg["index"]["newsrag"]["reused"] is False and cfg["index"]["baseline"]["reused"] is False
    assert cfg["index"]["newsrag"]["articles"] == 25 and cfg["index"]["baseline"]["documents"] == 25
    assert str(ROOT) not in cfg["index"]["newsrag"]["dir"]  # the cache never lands inside the repo
    md = (out_dir / "report.md").read_text()
    assert "| `answer_recall@500w` |" in md and "## By question type" in md and "recall_vs_budget.png" in md
    assert (out_dir / "recall_vs_budget.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # second run: same corpus and settings -> the cached indexes, same figures (deterministic)
    out2 = tmp_path / "report2"
    code, _, err = run(
        capsys,
        "eval",
        SAMPLE_SET,
        "--corpus",
        SAMPLE,
        "--baseline",
        "--out",
        out2,
        "--as-of",
        "2026-01-01",
        "--no-text",
    )
    assert code == 0, err
    again = json.loads((out2 / "report.json").read_text())
    assert again["config"]["index"]["newsrag"]["reused"] and again["config"]["index"]["baseline"]["reused"]

    def no_latency(metrics):
        return {k: v for k, v in metrics.items() if "latency" not in k}

    for a, b in zip(report["results"], again["results"]):
        assert no_latency(a["metrics"]) == no_latency(b["metrics"])
    assert "question" not in again["results"][0]["questions"][0] and "answer" not in again["results"][0]["questions"][0]


def test_eval_on_the_configured_index_and_limit(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    data = tmp_path / "idx"
    code, out, err = run(capsys, "eval", SAMPLE_SET, "--data-dir", data)
    assert code == 1 and "is empty" in err and "--corpus" in err  # nothing indexed yet: say what to do
    run(capsys, "ingest", SAMPLE, "--data-dir", data)
    code, out, err = run(capsys, "eval", SAMPLE_SET, "--data-dir", data, "--limit", "3", "--out", tmp_path / "r")
    assert code == 0, err
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert [q["id"] for q in report["results"][0]["questions"]] == ["s01", "s02", "s03"]
    assert report["config"]["data_dir"] == str(data) and len(report["results"]) == 1


def test_eval_errors_are_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    code, _, err = run(capsys, "eval", SAMPLE_SET, "--baseline")
    assert code == 1 and "--corpus" in err and err.count("\n") == 1
    code, _, err = run(capsys, "eval", tmp_path / "nope.jsonl", "--corpus", SAMPLE)
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "eval", SAMPLE_SET, "--corpus", tmp_path / "nope.jsonl")
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "eval", SAMPLE_SET, "--corpus", SAMPLE, "--as-of", "soon")
    assert code == 1 and "YYYY-MM-DD" in err
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"question": "x", "answer_index": 2, "choices": ["a"]}])
    code, _, err = run(capsys, "eval", bad, "--corpus", SAMPLE)
    assert code == 1 and "bad.jsonl:1" in err and "out of range" in err


def test_eval_runs_public_formats_from_fixtures(monkeypatch, tmp_path):
    from eval.command import evaluate
    from rag.settings import load_settings

    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    settings = load_settings(eval_cache_dir=tmp_path / "cache")
    rtqa = evaluate(FIXTURES / "realtimeqa", corpus=FIXTURES / "realtimeqa", baseline=True, settings=settings)
    assert rtqa.config["format"] == "realtimeqa" and rtqa.config["index"]["newsrag"]["articles"] == 3
    for r in rtqa.results:
        assert r.counts["mc_accuracy"] == 3 and r.metrics["mc_accuracy"] is not None
    mh = evaluate(
        FIXTURES / "multihop" / "MultiHopRAG.json", corpus=FIXTURES / "multihop" / "corpus.json", settings=settings
    )
    (res,) = mh.results
    assert res.counts["hit@5"] == 2 and res.metrics["hit@5"] == 1.0  # gold URLs match the ingested articles
    assert res.counts["refusal_accuracy"] == 1
    assert set(res.by_type) == {"inference_query", "temporal_query", "null_query"}


@pytest.mark.slow
def test_sample_set_with_the_real_model_answers_and_cites(tmp_path, minilm):
    from eval.command import evaluate
    from rag.settings import load_settings

    settings = load_settings(eval_cache_dir=tmp_path / "cache")
    run_ = evaluate(SAMPLE_SET, corpus=SAMPLE, baseline=True, settings=settings, embedder=minilm, out=tmp_path / "r")
    newsrag, base = run_.results
    s01 = {q["id"]: q for q in newsrag.questions}["s01"]
    assert not s01["refused"]
    assert s01["metrics"]["answer_contains"] == 1.0 and s01["metrics"]["answer_supported"] == 1.0
    assert s01["metrics"]["citation_precision"] > 0 and s01["metrics"]["hit@5"] == 1.0
    m = newsrag.metrics
    assert m["answer_recall@5"] >= 0.8 and m["hit@5"] >= 0.8
    assert m["answer_contains"] >= 0.6 and m["citation_precision"] >= 0.6
    assert m["refusal_accuracy"] >= 0.5 and m["false_refusal_rate"] <= 0.2
    assert m["mc_accuracy"] >= 0.5
    assert base.metrics["answer_recall@5"] is not None and base.metrics["refusal_accuracy"] == 0.0


def test_context_compression_cuts_each_passage_to_its_best_sentences():
    from eval.context_compression import contexts

    texts = ["A one. A two. A three.", "B one. B two."]
    scored = [(0.9, 0, 1, "B two."), (0.8, 0, 0, "A three."), (0.5, 0, 0, "A one."), (0.2, 0, 1, "B one.")]
    out = contexts(texts, scored)
    assert out["passages"] == texts
    assert out["best sentences"] == ["B two.", "A three.", "A one.", "B one."]
    assert out["top 1 per passage"] == ["A three.", "B two."]
    assert out["top 2 per passage"] == ["A three. A one.", "B two. B one."]
    assert out["first 2 whole, then top 2"] == texts
