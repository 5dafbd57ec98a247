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
    assert "We are sorry" in session.ask("what caused it?").text
    assert session.ask("who apologised?").text.startswith('"We are sorry for the disruption," utility director')


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
