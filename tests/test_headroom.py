"""eval.headroom: the ceilings behind issue 15's targets, from aggregates only."""

from __future__ import annotations

import json
from datetime import date

from eval.headroom import Tally, baseline_recall, corpus_texts, in_corpus, in_window, render, smallest_budget


def test_a_gold_string_is_found_in_the_corpus_as_whole_words(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {
            "title": "Mega Millions",
            "text": "The jackpot rose to $1.35 billion.",
            "published_at": "2023-01-10T08:00:00Z",
        },
        {"text": "Page 1245 of 2034.", "published_at": "2022-12-30"},
        {"text": "Undated: $1.35 billion."},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    texts = corpus_texts(corpus)
    assert len(texts) == 3
    assert in_corpus(texts, ["$1.35 billion"])
    assert in_corpus(texts, ["mega millions"])  # the title counts
    assert not in_corpus(texts, ["124"])  # not part of a word
    assert not in_corpus(texts, ["", "  "])
    week = in_window(texts, date(2023, 1, 9))  # 10 days before to 3 after: Dec 30 to Jan 12; undated left out
    assert [t.day for t in week] == [date(2023, 1, 10), date(2022, 12, 30)]
    assert [t.day for t in in_window(texts, date(2023, 1, 6))] == [date(2022, 12, 30)]  # Jan 10 is 4 days after
    assert [t.day for t in in_window(texts, date(2023, 1, 13))] == [date(2023, 1, 10)]  # Dec 30 is 14 days before


def test_the_smallest_budget_that_reaches_a_target():
    recall = {500: 0.44, 1000: 0.48, 2000: 0.51, 5000: 0.57}
    assert smallest_budget(recall, 0.513) == 5000
    assert smallest_budget(recall, 0.44) == 500
    assert smallest_budget(recall, 0.6) is None


def test_the_table_gives_counts_and_where_each_target_is_reached(tmp_path):
    t = Tally()
    for hit in (True, True, False, False):
        t.add("in the corpus", True)
        t.add("@500w", hit and False)
        t.add("@1000w", hit)
        t.add("@2000w", hit)
    t.add("@5", None)  # a metric that does not apply is not counted
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {
                "results": [
                    {"pipeline": "newsrag", "metrics": {"answer_recall@500w": 0.9, "answer_recall@1000w": 0.9}},
                    {
                        "pipeline": "llamaindex-baseline",
                        "metrics": {"answer_recall@500w": 0.2, "answer_recall@1000w": 0.4},
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    baseline = baseline_recall(report)
    assert baseline == {500: 0.2, 1000: 0.4}
    table = render("set", "python -m eval.headroom set", t, baseline)
    assert "| a gold string in the corpus | 1.000 (4/4) |" in table
    assert "| newsrag answer recall @1000 words | 0.500 (2/4) |" in table
    assert "| answer_recall@500w >= baseline 0.200 + 0.15 | 0.350 | 1000 words |" in table
    assert "| answer_recall@1000w >= baseline 0.400 + 0.15 | 0.550 | none up to 10000 words |" in table
    assert "| newsrag answer recall @5 passages | – |" in table
    assert "chooser" not in table  # no multiple-choice question, no multiple-choice rows
