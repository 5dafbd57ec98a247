"""A hand-written RSS feed of a local outlet (a wildfire and its update, a football result, inflation, an obituary)
and a JSONL dump of a radio station's fire report and the outlet's correction (session 49), asked in a chat as a reader
would. What broke: "What is the inflation rate?" led with the correction of the food prices (it is newer), "How old was
she?" after the obituary was refused ("has died at 88"), "When is Agnes Lund's funeral?" quoted her death and not the
memorial service, "Was anyone hurt in the Ostra fire?" was refused (the radio says "wildfire" and "blaze", and "treated
for heat exhaustion" told of no one hurt), "Do the sources agree?" after "Was anyone hurt?" quoted the obituary, and
"How big is the Ostra fire?" led with "Route 7 between Ostra and Brenna is closed."."""

from __future__ import annotations

import pytest

from rag.answer_type import tells_of_victims

from .conftest import indexed_files

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Valley Courier</title>
<link>https://valleycourier.example/</link>
<description>Local news from the Rell valley</description>
<item>
<title>Wildfire near Ostra forces 1,200 from homes</title>
<link>https://valleycourier.example/fire/ostra-evacuation</link>
<pubDate>Mon, 30 Nov 2026 18:20:00 +0100</pubDate>
<dc:creator>Ida Falk</dc:creator>
<description><![CDATA[<p>A wildfire that broke out on Sunday in dry forest north of Ostra has forced about 1,200 residents to leave their homes, the regional fire service said on Monday.</p><p>The fire has burned 850 hectares and was 10% contained by Monday evening. Fire chief Lars Ekdahl said a discarded barbecue was the most likely cause.</p><p>Route 7 between Ostra and Brenna is closed.</p>]]></description>
</item>
<item>
<title>Ostra fire: evacuees allowed home as crews gain ground</title>
<link>https://valleycourier.example/fire/ostra-evacuees-home</link>
<pubDate>Thu, 03 Dec 2026 09:05:00 +0100</pubDate>
<dc:creator>Ida Falk</dc:creator>
<description><![CDATA[<p>Most of the 1,200 people evacuated from Ostra were allowed to return home on Wednesday evening after firefighters contained 70% of the blaze, the fire service said.</p><p>The fire has burned 1,040 hectares. Route 7 reopened on Thursday morning.</p><p>Residents of the hamlet of Norrby must stay away until at least Saturday.</p>]]></description>
</item>
<item>
<title>Rell FC beat Brenna 2-0 to go top</title>
<link>https://valleycourier.example/sport/rell-brenna</link>
<pubDate>Sun, 29 Nov 2026 17:45:00 +0100</pubDate>
<dc:creator>Jon Berg</dc:creator>
<description><![CDATA[<p>Rell FC went top of the regional league on Sunday with a 2-0 win over Brenna, with goals from Sami Okafor and captain Erik Holm.</p><p>Goalkeeper Tove Nyman saved a penalty in the 70th minute. Rell are one point ahead of Kastby, who drew 1-1 at Solvik.</p>]]></description>
</item>
<item>
<title>Valley inflation eases to 2.8% in November</title>
<link>https://valleycourier.example/economy/inflation-november</link>
<pubDate>Tue, 01 Dec 2026 11:00:00 +0100</pubDate>
<dc:creator>Mona Dahl</dc:creator>
<description><![CDATA[<p>Consumer prices in the region rose 2.8% in the year to November, down from 3.3% in October, the statistics office said on Tuesday.</p><p>Food prices rose 4.1%, while energy prices fell 2.5%. Economists had expected 3.0%.</p>]]></description>
</item>
<item>
<title>Former mayor Agnes Lund dies at 88</title>
<link>https://valleycourier.example/obituary/agnes-lund</link>
<pubDate>Wed, 02 Dec 2026 15:30:00 +0100</pubDate>
<dc:creator>Ida Falk</dc:creator>
<description><![CDATA[<p>Agnes Lund, who served as mayor of Rell from 1994 to 2006 and led the town's rebuilding after the 1997 flood, has died at 88, her family said on Wednesday.</p><p>She died peacefully at home on Tuesday. A memorial service will be held at Rell church on December 12.</p>]]></description>
</item>
</channel>
</rss>
"""
DUMP = r"""{"title": "Ostra blaze now 60 percent contained", "outlet": "Rell Radio", "date": "2026-12-03T07:30:00+01:00", "url": "https://rellradio.example/ostra-60", "authors": [], "text": "Firefighters have contained 60 percent of the wildfire near Ostra, Rell Radio was told on Thursday morning. The blaze has burned about 1,100 hectares.\n\nTwo firefighters were treated for heat exhaustion on Wednesday. No residents have been hurt."}
{"title": "Correction: Valley inflation", "outlet": "Valley Courier", "date": "2026-12-01T15:10:00+01:00", "url": "https://valleycourier.example/economy/inflation-correction", "authors": ["Mona Dahl"], "text": "Correction: An earlier version of this article said food prices rose 4.1%. Food prices rose 4.6%, not 4.1%."}
"""


@pytest.fixture(scope="module")
def ostra_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(tmp_path_factory.mktemp("ostra"), {"news.xml": FEED, "other.jsonl": DUMP}, minilm)
    assert report.added == 7
    return rag


def test_a_correction_is_no_newer_news_of_what_its_report_tells(ostra_rag):
    rate = ostra_rag.ask("What is the inflation rate?", llm=False).text
    assert rate.startswith("Consumer prices in the region rose 2.8% in the year to November")
    food = ostra_rag.ask("How much did food prices rise?", llm=False).text
    assert food.startswith("Food prices rose 4.6%, not 4.1%.")


def test_an_age_at_death_answers_how_old(ostra_rag):
    chat = ostra_rag.chat(llm=False)
    assert chat.ask("Who died?").text.startswith("Agnes Lund, who served as mayor of Rell")
    age = chat.ask("How old was she?")
    assert not age.refused and "has died at 88" in age.text
    assert "has died at 88" in ostra_rag.ask("How old was Agnes Lund?", llm=False).text


def test_the_date_of_an_event_is_told_by_the_sentence_naming_it(ostra_rag):
    for question in ("When is Agnes Lund's funeral?", "When is the funeral?"):
        answer = ostra_rag.ask(question, llm=False).text
        assert answer.startswith("A memorial service will be held at Rell church on December 12."), (question, answer)


def test_who_was_hurt_in_a_fire_the_radio_calls_a_wildfire(ostra_rag):
    answer = ostra_rag.ask("Was anyone hurt in the Ostra fire?", llm=False)
    assert not answer.refused
    assert "Two firefighters were treated for heat exhaustion on Wednesday." in answer.text
    assert "No residents have been hurt." in answer.text
    assert tells_of_victims("Two crew members were treated at the scene for smoke inhalation.")
    assert not tells_of_victims("The clinic treated 40 patients for flu.")


def test_the_outlets_compared_on_who_was_hurt_are_compared_on_the_chats_story(ostra_rag):
    chat = ostra_rag.chat(llm=False)
    chat.ask("How much of the Ostra fire is contained?")
    assert chat.ask("Was anyone hurt?").text.startswith("No residents have been hurt.")
    compared = chat.ask("Do the sources agree?").text
    assert "Agnes Lund" not in compared
    assert "Valley Courier: " in compared and "Rell Radio: " in compared


def test_how_big_a_fire_is_told_by_the_area_it_burned(ostra_rag):
    answer = ostra_rag.ask("How big is the Ostra fire?", llm=False).text
    assert answer.startswith("The fire has burned 1,040 hectares.")
    assert "Route 7" not in answer


def test_a_report_tells_of_its_victims_in_its_own_words(ostra_rag):
    """ "Was anyone hurt?" quoted "No residents have been hurt." alone: the same report's "Two firefighters were
    treated for heat exhaustion on Wednesday." is far less like the question, and it joins as a victim sentence."""
    chat = ostra_rag.chat(llm=False)
    chat.ask("What's the latest on the Ostra fire?")
    hurt = chat.ask("Was anyone hurt?").text
    assert "No residents have been hurt." in hurt
    assert "Two firefighters were treated for heat exhaustion on Wednesday." in hurt


def test_a_name_new_to_the_chat_is_asked_about_alone(ostra_rag):
    """Found in chromium: "How did Kastby do?" after "Is Route 7 open?" was searched with the road ("None of the
    passages on what we were discussing names Kastby"), and "Who won the football?" found no "football"."""
    chat = ostra_rag.chat(llm=False)
    chat.ask("Is Route 7 open?")
    assert chat.ask("How did Kastby do?").text == "Rell are one point ahead of Kastby, who drew 1-1 at Solvik. [1]"
    won = chat.ask("Who won the football?").text
    assert won.startswith("Rell FC went top of the regional league on Sunday with a 2-0 win over Brenna")


def test_whether_a_fire_is_out_is_told_by_how_much_is_contained(ostra_rag):
    """ "Is the fire out?" led with "A wildfire that broke out on Sunday ...": a fire is out when it is extinguished,
    and the newest share contained tells that it is not yet."""
    for question in ("Is the fire out?", "Is the Ostra fire out?"):
        answer = ostra_rag.ask(question, llm=False).text
        assert answer.startswith("Most of the 1,200 people evacuated from Ostra were allowed to return home"), answer


def test_what_happened_next_after_a_report_is_the_newer_one_on_the_story(ostra_rag):
    """Found with the wheel in chromium: "What happened next?" after the radio's 07:30 report said nothing was newer,
    though the Courier's report of 09:05 is on the fire: the radio's title ("Ostra blaze now 60 percent contained")
    counted its "60" as a word of the story."""
    chat = ostra_rag.chat(llm=False)
    chat.ask("How much of the Ostra fire is contained?")
    assert chat.ask("Was anyone hurt?").text.startswith("No residents have been hurt.")
    after = chat.ask("What happened next?")
    assert not after.refused
    assert after.text.startswith(
        "2026-12-03: Most of the 1,200 people evacuated from Ostra were allowed to return home"
    )
