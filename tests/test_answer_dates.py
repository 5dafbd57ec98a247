"""An extractive answer that quotes reports far apart in time says each report's date: news writes "on
Wednesday", and two reports' Wednesdays are not the same day (`Weights.dated_apart_days`)."""

from dataclasses import replace

from rag.extractive import _days_apart
from rag.models import Passage

from .conftest import article, write_jsonl


def _hike_and_cut(fake_rag, tmp_path, *, cut_on: str) -> None:
    hike = article(
        "Valmora central bank raises rates",
        "The Valmora central bank raised its deposit rate by a quarter point on Wednesday, to 4.5%.",
        url="https://x.example.com/hike",
        published_at="2024-03-06",
    )
    cut = article(
        "Valmora central bank cuts rates",
        "The Valmora central bank cut its deposit rate by a quarter point on Wednesday, to 4.25%.",
        url="https://y.example.com/cut",
        published_at=cut_on,
    )
    fake_rag.ingest([write_jsonl(tmp_path / "rates.jsonl", [hike, cut])])
    answerer = fake_rag.extractive
    answerer.weights = replace(answerer.weights, runner_up_margin=1.0)  # quote both reports


def test_reports_a_year_apart_are_each_dated(fake_rag, tmp_path):
    _hike_and_cut(fake_rag, tmp_path, cut_on="2025-09-17")
    text = fake_rag.ask("What did the Valmora central bank do?", llm=False).text
    assert "2025-09-17: The Valmora central bank cut" in text
    assert "2024-03-06: The Valmora central bank raised" in text


def test_reports_of_one_week_are_not_dated(fake_rag, tmp_path):
    _hike_and_cut(fake_rag, tmp_path, cut_on="2024-03-10")
    text = fake_rag.ask("What did the Valmora central bank do?", llm=False).text
    assert "cut its deposit rate" in text and "raised its deposit rate" in text
    assert "2024-03" not in text


def test_dating_can_be_switched_off(fake_rag, tmp_path):
    _hike_and_cut(fake_rag, tmp_path, cut_on="2025-09-17")
    fake_rag.extractive.weights = replace(fake_rag.extractive.weights, dated_apart_days=0)
    text = fake_rag.ask("What did the Valmora central bank do?", llm=False).text
    assert "cut its deposit rate" in text and "raised its deposit rate" in text
    assert "2025-09-17" not in text and "2024-03-06" not in text


def test_a_digest_of_far_apart_reports_dates_each(fake_rag, tmp_path):
    summit = article(
        "Leaders gather in Brenek",
        "Delegates from forty countries are gathering in Brenek for the harbour summit this week.",
        url="https://x.example.com/summit",
        published_at="2026-11-08",
    )
    quake = article(
        "Earthquake strikes Brenek",
        "A strong earthquake struck Brenek before dawn on Monday, damaging hundreds of buildings.",
        url="https://y.example.com/quake",
        published_at="2023-02-06",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "brenek.jsonl", [summit, quake])])
    text = fake_rag.ask("What happened in Brenek?", llm=False).text
    assert text.startswith("2026-11-08: Delegates from forty countries")
    assert "2023-02-06: A strong earthquake struck Brenek" in text


def test_undated_reports_are_left_undated():
    def passage(article_id: str, ts: int | None) -> Passage:
        return Passage(article_id + ":0", article_id, "x", "t", None, None, ts, 0, 1.0)

    day = 86400
    assert _days_apart([passage("a", 0), passage("b", None)], 30) == {}
    assert _days_apart([passage("a", 0), passage("b", 31 * day), passage("c", None)], 30).keys() == {"a", "b"}
    assert _days_apart([passage("a", 0), passage("b", 30 * day)], 30) == {}


def test_sample_fed_answer_dates_the_cut_and_the_hike(sample_rag):
    """Found on the sample: "What did the Fed do?" quoted September 2025's cut and July 2023's hike, both "on
    Wednesday", with nothing in the answer to tell them apart."""
    text = sample_rag.ask("What did the Fed do?", llm=False).text
    assert text.startswith("2025-09-17: WASHINGTON, Sept 17 (Reuters) — The Federal Reserve lowered")
    assert "2023-07-26: The Federal Reserve lifted" in text
