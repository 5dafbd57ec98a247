"""A hand-written RSS feed and a JSONL dump on an earthquake whose toll two outlets count differently (session 48),
asked in a chat as a reader would: "Do the sources agree?" after the toll was refused (the UI's panel of cited reports
is headed "Sources": a reader calls the outlets that), and "How strong was the quake?" led with the strongest
aftershock's magnitude."""

from __future__ import annotations

import pytest

from rag.answer_type import fills_slot
from rag.retrieval import asks_outlets_compared, compared_question

from .conftest import indexed_files

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Meridian Wire</title><link>https://meridianwire.example</link>
<item><title>Magnitude 6.1 quake hits Arven valley, at least 12 dead</title>
<link>https://meridianwire.example/2026/12/01/arven-quake</link>
<pubDate>Tue, 01 Dec 2026 06:10:00 +0000</pubDate>
<description><![CDATA[<p>A magnitude 6.1 earthquake struck the Arven valley early on Tuesday, killing at least 12 people and
damaging hundreds of homes, civil protection officials said.</p><p>The quake's epicentre was 8 kilometres south of
the town of Bellac, at a depth of 10 kilometres.</p><p>Rescue teams were searching collapsed buildings in Bellac and
the nearby village of Orsi.</p>]]></description></item>
<item><title>Arven quake toll rises to 27 as search continues</title>
<link>https://meridianwire.example/2026/12/02/arven-quake-toll</link>
<pubDate>Wed, 02 Dec 2026 18:30:00 +0000</pubDate>
<description><![CDATA[<p>The death toll from Tuesday's earthquake in the Arven valley has risen to 27, civil protection
officials said on Wednesday, with 4 people still missing.</p><p>More than 1,800 people spent the night in tents and
sports halls.</p><p>The government released 40 million euros in emergency aid.</p>]]></description></item>
</channel></rss>
"""
ROWS = [
    '{"title": "Bellac mourns as quake death toll reaches 31", "outlet": "Valley Observer", "date": "2026-12-03T09:00:00+01:00", "url": "https://valleyobserver.example/bellac-mourns", "text": "The number of people killed in Tuesday\'s earthquake has reached 31, the regional hospital in Bellac said on Thursday, higher than the civil protection figure of 27.\\n\\nMayor Clara Duvel declared three days of mourning. Schools in Bellac will stay closed until December 14.\\n\\nSeismologists recorded more than 40 aftershocks, the strongest of magnitude 4.2."}',
    '{"title": "Arven schools reopen a week after quake", "outlet": "Valley Observer", "date": "2026-12-08T07:30:00+01:00", "url": "https://valleyobserver.example/schools-reopen", "text": "Most schools in the Arven valley reopened on Tuesday, a week after the earthquake, though Bellac\'s two schools stay closed until the 14th.\\n\\nThe final death toll stands at 29, civil protection officials said on Monday, after two people counted twice were removed from the list."}',
]


@pytest.fixture(scope="module")
def quake_rag(tmp_path_factory, minilm):
    files = {"quake.xml": FEED, "other.jsonl": "\n".join(ROWS) + "\n"}
    rag, report = indexed_files(tmp_path_factory.mktemp("quake"), files, minilm)
    assert report.added == 4
    return rag


def test_do_the_sources_agree_compares_the_outlets(quake_rag):
    chat = quake_rag.chat(llm=False)
    assert chat.ask("How many people died in the Arven earthquake?").text.startswith(
        "The final death toll stands at 29"
    )
    compared = chat.ask("Do the sources agree?")
    assert not compared.refused
    assert compared.text.startswith("Meridian Wire: ") and "Valley Observer: " in compared.text
    # on what the conversation asked, and each outlet's newest toll: the Valley Observer's final 29, not only its 31
    assert "The final death toll stands at 29" in compared.text, compared.text
    assert compared_question("Do the sources agree? (How many people died?)", compared=True) == "How many people died?"
    assert asks_outlets_compared("Do the reports agree on the death toll?")
    assert not asks_outlets_compared("What did sources close to the talks say?")


def test_how_strong_is_the_quake_s_magnitude_not_an_aftershock_s(quake_rag):
    answer = quake_rag.ask("How strong was the quake?", llm=False)
    assert answer.text.startswith("A magnitude 6.1 earthquake struck the Arven valley"), answer.text
    aftershocks = "Seismologists recorded more than 40 aftershocks, the strongest of magnitude 4.2."
    assert not fills_slot(aftershocks, "How strong was the quake?")
    assert fills_slot(aftershocks, "How strong was the strongest aftershock?")
