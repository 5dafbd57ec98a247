"""The eval's metric functions and multiple-choice pick on hand-made cases."""

from __future__ import annotations

import pytest

from eval import metrics as M
from eval.choice import evidence_pick
from eval.runner import aggregate

P1 = "The council approved a budget of 4.2 million euros on Tuesday."
P2 = "Scientists said the Orrin glacier retreated 40 metres, the fastest on record."
P3 = "Port Selby beat Harbour Rovers 2-1 after extra time."


def test_normalized_whole_word_matching():
    assert M.contains_any("It cost $4.2 million!", ["4.2 MILLION"])
    assert M.contains_any("U.S.-led talks", ["U.S. led"])  # punctuation becomes space on both sides
    assert M.contains_any("  Love   you,  boys ", ["love you boys"])
    assert not M.contains_any("1245 votes", ["124"])  # whole words only
    assert not M.contains_any("anything", ["", "  ", "!!"])  # empty gold strings never match


def test_answer_recall_at_k_several_gold_strings_and_empty_gold():
    passages = [P1, P2, P3]
    assert M.answer_recall_at_k(passages, ["Harbour Rovers", "Port Selby"], 1) == 0.0
    assert M.answer_recall_at_k(passages, ["Harbour Rovers", "Port Selby"], 3) == 1.0
    assert M.answer_recall_at_k(passages, ["40 metres"], 2) == 1.0
    assert M.answer_recall_at_k(passages, [], 5) is None  # no gold: not applicable
    assert M.answer_recall_at_k([], ["Port Selby"], 5) == 0.0  # nothing retrieved: a miss


def test_answer_recall_at_words_cuts_the_ranked_context():
    first = " ".join(["filler"] * 8) + " gold token"  # 10 words, gold at words 9-10
    assert M.answer_recall_at_words([first], ["gold token"], 10) == 1.0
    assert M.answer_recall_at_words([first], ["gold token"], 9) == 0.0  # the string is cut in half
    second = "gold token here"
    assert M.answer_recall_at_words([first.replace("gold token", "x y"), second], ["gold token"], 12) == 1.0
    assert M.answer_recall_at_words([first.replace("gold token", "x y"), second], ["gold token"], 11) == 0.0
    assert M.answer_recall_at_words([P1], [], 100) is None


def test_hit_and_mrr():
    assert M.hit_at_k([False, True, False], 1) == 0.0
    assert M.hit_at_k([False, True, False], 2) == 1.0
    assert M.mrr([False, False, True]) == pytest.approx(1 / 3)
    assert M.mrr([]) == 0.0 and M.mrr([False]) == 0.0


def test_answer_contains_exact_match_and_token_f1():
    assert M.answer_contains("Port Selby won. [1]", ["Harbour Rovers", "Port Selby"]) == 1.0
    assert M.answer_contains("", ["Port Selby"]) == 0.0  # empty answer
    assert M.answer_contains("Port Selby", []) is None
    assert M.exact_match("The Port Selby! [2]", ["port selby"]) == 1.0  # articles, markers, punctuation ignored
    assert M.exact_match("Port Selby won", ["Port Selby"]) == 0.0
    assert M.token_f1("Port Selby won", ["Port Selby"]) == pytest.approx(0.8)  # p=2/3, r=1
    assert M.token_f1("Selby", ["Harbour Rovers", "Port Selby"]) == pytest.approx(2 / 3)  # best gold counts
    assert M.token_f1("", ["Port Selby"]) == 0.0
    assert M.token_f1("anything", []) is None


def test_citation_precision_gold_strings_facts_and_no_citations():
    assert M.citation_precision([P1, P3], ["Port Selby"], []) == 0.5
    assert M.citation_precision([], ["Port Selby"], []) is None  # nothing cited: not applicable
    assert M.citation_precision([P1], [], []) is None  # nothing to judge against
    facts = M.evidence_facts(
        ["Scientists measured the <b>Orrin glacier</b> retreating 40 metres. Unrelated text here."]
    )
    assert facts[0].startswith("Scientists measured the") and "<b>" not in facts[0]
    assert M.citation_precision([P2, P1], ["no such answer"], facts) == 0.5  # P2 covers the first fact
    assert not M.covers_fact(P1, "")


def test_answer_supported_needs_the_cited_sentence_to_state_the_answer():
    cited = {1: P3, 2: P1}
    assert M.answer_supported("Port Selby beat Harbour Rovers. [1]", cited, ["Port Selby"]) == 1.0
    # the answer is stated but cites a passage that does not hold it
    assert M.answer_supported("Port Selby beat Harbour Rovers. [2]", cited, ["Port Selby"]) == 0.0
    # stated without any citation
    assert M.answer_supported("Port Selby beat Harbour Rovers.", cited, ["Port Selby"]) == 0.0
    # the cited sentence is another one; the one stating the answer carries no marker
    assert M.answer_supported("The budget passed. [2] Port Selby won.", cited, ["Port Selby"]) == 0.0
    assert M.answer_supported("Budget [2] and Port Selby [2][1]", cited, ["Port Selby"]) == 1.0
    assert M.answer_supported("", cited, ["Port Selby"]) == 0.0
    assert M.answer_supported("Port Selby [1]", cited, []) is None


def test_choice_refusal_and_percentiles():
    assert M.mc_correct(2, 2, 4) == 1.0 and M.mc_correct(None, 2, 4) == 0.0  # no pick counts wrong
    assert M.mc_correct(1, None, 4) is None and M.mc_correct(1, 1, 0) is None
    assert M.refusal_correct(True, True) == 1.0 and M.refusal_correct(False, True) == 0.0
    assert M.refusal_correct(True, False) is None
    assert M.false_refusal(True, False, ["x"]) == 1.0 and M.false_refusal(True, True, []) is None
    assert M.percentile([], 50) is None
    assert M.percentile([10.0, 20.0, 30.0, 40.0], 50) == pytest.approx(25.0)
    assert M.percentile([5.0], 95) == 5.0


def test_evidence_pick_is_rank_weighted_and_never_guesses():
    passages = [P3, "Harbour Rovers fans were disappointed.", "Harbour Rovers will try again."]
    # Port Selby: rank 1 (1.0); Harbour Rovers: ranks 1, 2, 3 (1 + 1/2 + 1/3)
    assert evidence_pick(["Port Selby", "Harbour Rovers", "Mill Town"], passages) == 1
    assert evidence_pick(["Port Selby", "Mill Town"], passages) == 0
    assert evidence_pick(["Mill Town", "Eastgate"], passages) is None  # no evidence
    assert evidence_pick(["Port Selby", "Harbour Rovers"], [P3]) is None  # exact tie
    assert evidence_pick([], passages) is None
    assert evidence_pick(["Port Selby"], []) is None


def test_aggregate_averages_only_where_defined():
    rows = [
        {
            "metrics": {"answer_contains": 1.0, "mc_accuracy": 0.0},
            "timings_ms": {"total": 10.0, "retrieve": 4.0, "answer": 6.0},
        },
        {"metrics": {"answer_contains": 0.0}, "timings_ms": {"total": 30.0, "retrieve": 10.0, "answer": 20.0}},
        {"metrics": {"refusal_accuracy": 1.0}, "timings_ms": {"total": 20.0, "retrieve": 5.0, "answer": 15.0}},
    ]
    values, counts = aggregate(rows)
    assert values["answer_contains"] == 0.5 and counts["answer_contains"] == 2
    assert values["mc_accuracy"] == 0.0 and counts["mc_accuracy"] == 1
    assert values["citation_precision"] is None and counts["citation_precision"] == 0
    assert values["latency_p50_ms"] == 20.0 and values["retrieve_latency_p50_ms"] == 5.0
    assert counts["questions"] == 3
