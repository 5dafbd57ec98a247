"""Questions a reader asked of the bundled sample in session 47 (carried gaps of sessions 45 and 46): "Is the dam still
standing?" led with "The dam held back a reservoir ...", and "What did Turkey's president say?" quoted the Cop31 deal
and Turkey's death toll, not President Erdogan."""

from __future__ import annotations

from rag.timeparse import parse_time, state_words


def test_is_the_dam_still_standing(sample_rag):
    answer = sample_rag.ask("Is the dam still standing?", llm=False)
    lead = answer.text.split(" [")[0]
    assert any(word in lead for word in ("detonated", "blowing up", "destruction", "damaged")), answer.text


def test_what_a_country_s_president_said(sample_rag):
    answer = sample_rag.ask("What did Turkey's president say?", llm=False)
    assert answer.text.startswith("President Recep Tayyip Erdogan"), answer.text


def test_a_state_asked_with_still_is_asked_of_now():
    """ "still" is a recency word, and part of the state asked about: the question asks how it stands now."""
    for question in ("Is the dam still standing?", "Is the strike still on?", "Is the strike ongoing?"):
        assert parse_time(question).state_now, question
    assert "detonated" in state_words("Is the dam still standing?")
    assert not parse_time("What is still open this week?").state_now
