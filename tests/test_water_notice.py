"""Found by ingesting a plain-text article (title, byline and date on its first lines) beside the sample and asking in
one chat as a reader would (session 38)."""

from __future__ import annotations

import pytest

from .conftest import SAMPLE

NOTE = """Kestra water utility lifts boil-water notice
By Mira Holm, Kestra Evening Post
December 5, 2026

KESTRA — The boil-water notice that covered 40,000 households in east Kestra since Tuesday was lifted on Saturday \
morning after tests showed the water was safe, the Kestra water utility said.

The notice was issued after a main burst near the Aul river pumping station on Monday night. Schools in the area \
reopened on Thursday.

"We are sorry for the disruption," utility director Jonas Feld said.
"""


@pytest.fixture(scope="module")
def water_rag(tmp_path_factory, minilm):
    from rag import NewsRAG

    tmp = tmp_path_factory.mktemp("water")
    note = tmp / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    rag = NewsRAG(data_dir=tmp / "index", embedder=minilm)
    rag.ingest([SAMPLE, note])
    return rag


def test_a_plain_text_articles_byline_and_date_are_read(water_rag):
    answer = water_rag.ask("Is the water safe to drink in Kestra?", llm=False)
    assert "lifted on Saturday morning" in answer.text
    cited = answer.citations[0]
    assert cited.title == "Kestra water utility lifts boil-water notice"
    assert cited.published_at.startswith("2026-12-05") and "Mira Holm" in cited.authors


def test_who_apologised_is_who_said_sorry(water_rag):
    """ "who apologised?" after "what caused it?" (answered with the burst main and the director's "We are sorry ...")
    quoted the notice again: the sentence the last answer quoted was left out, since nothing said it answers. News
    says "sorry" for an apology."""
    session = water_rag.chat()
    session.ask("Is the water safe to drink in Kestra?")
    # (since session 39 "what caused it?" quotes the burst main alone: what the notice was issued after)
    assert session.ask("what caused it?").text.startswith("The notice was issued after a main burst")
    assert session.ask("who apologised?").text.startswith('"We are sorry for the disruption," utility director')


def test_who_apologised_asked_alone_is_who_said_sorry(water_rag):
    """Asked on its own, "Who apologised for the water notice in Kestra?" led with the notice lifted ("the Kestra water
    utility said"): the director's "We are sorry ..." names him after the quotation, not before the verb. One who says
    in the first person that they did it did it. "apologised" is searched as the reports spell it, and the note says
    it is another spelling, not a typo."""
    answer = water_rag.ask("Who apologised for the water notice in Kestra?", llm=False)
    assert answer.text.startswith('"We are sorry for the disruption," utility director Jonas Feld said.')
    assert answer.note.startswith("Searched for “apologized” (another spelling of “apologised”).")


@pytest.mark.parametrize("question", ["Why was the boil-water notice issued?", "What caused the boil-water notice?"])
def test_why_the_notice_was_issued_is_what_it_was_issued_after(water_rag, question):
    """ "Why was the boil-water notice issued?" led with the Kremlin's "the attack was aimed at cutting off the water
    supply to Crimea" (a reason for something else, in a report on another story) and never quoted "The notice was
    issued after a main burst ...": what a thing was done after is why, when it is what the question asks about."""
    answer = water_rag.ask(question, llm=False)
    assert answer.text.startswith("The notice was issued after a main burst"), answer.text
    assert "Kremlin" not in answer.text


def test_why_the_notice_was_lifted_is_not_why_it_was_issued(water_rag):
    from rag.answer_type import offers

    assert not offers("The notice was issued after a main burst.", "reason", "Why was the notice lifted?")
    assert not offers("The fire was put out after two hours.", "reason", "Why was the fire put out?")
    answer = water_rag.ask("Why was the boil-water notice lifted?", llm=False)
    assert answer.text.startswith("KESTRA — The boil-water notice") and "after tests showed" in answer.text
    assert "main burst" not in answer.text


def test_how_many_were_affected_is_answered_by_the_count(water_rag):
    """ "How many households were affected?" was refused as like nothing indexed: no sentence says "affected", the
    word a question uses for whatever happened to them, and MiniLM rates the short question low."""
    from rag.answering import holds_every_word

    answer = water_rag.ask("How many households were affected?", llm=False)
    assert not answer.refused and "40,000 households" in answer.text
    q = "How many households were affected?"
    assert holds_every_word(q, ["The notice covered 40,000 households in east Kestra."])
    assert not holds_every_word(q, ["Households in east Kestra were told to boil water."])  # no count
    assert not holds_every_word("How many people were affected by the flood?", ["About 300 people were evacuated."])
