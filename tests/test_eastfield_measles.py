"""Found by ingesting a hand-written Atom feed and a messy JSON Lines dump into a new index (session 45): a measles
outbreak whose count grows over a week, a club's new striker; asked as a reader would, in a chat."""

from __future__ import annotations

import pytest

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harlow Valley Post</title>
  <link href="https://hvpost.example/"/>
  <updated>2026-12-06T09:00:00Z</updated>
  <id>urn:hvpost</id>
  <entry>
    <title>Measles outbreak at Eastfield schools grows to 14 cases</title>
    <link href="https://hvpost.example/health/measles-eastfield-14"/>
    <id>urn:hvpost:measles-2</id>
    <published>2026-12-04T07:00:00Z</published>
    <updated>2026-12-04T18:30:00Z</updated>
    <author><name>Dana Okafor</name></author>
    <content type="html">&lt;p&gt;The measles outbreak linked to two Eastfield primary schools has grown to 14 confirmed cases, the county health department said on Friday, up from six on Monday.&lt;/p&gt;&lt;p&gt;Three children have been admitted to Harlow General Hospital. None is in intensive care.&lt;/p&gt;&lt;p&gt;Dr Ines Marsh, the county's director of public health, urged parents to check that their children had received both doses of the MMR vaccine. Vaccination clinics will open at both schools on Saturday.&lt;/p&gt;&lt;p&gt;Unvaccinated pupils who were exposed have been told to stay home for 21 days.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Six measles cases confirmed in Eastfield</title>
    <link href="https://hvpost.example/health/measles-eastfield"/>
    <id>urn:hvpost:measles-1</id>
    <published>2026-11-30T12:00:00Z</published>
    <author><name>Dana Okafor</name></author>
    <content type="html">&lt;p&gt;Six cases of measles have been confirmed among pupils at Eastfield's Brook Lane and Millbrook primary schools, the county health department said on Monday.&lt;/p&gt;&lt;p&gt;The first case was a child who had returned from a family trip abroad, officials said.&lt;/p&gt;&lt;p&gt;Measles is one of the most contagious diseases; vaccination rates at the two schools are below 85%, the department said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Harlow FC sign striker Tomas Vidal from Lisbon club</title>
    <link href="https://hvpost.example/sport/vidal-signs"/>
    <id>urn:hvpost:vidal</id>
    <published>2026-12-05T16:00:00Z</published>
    <author><name>Sam Reyes</name></author>
    <content type="html">&lt;p&gt;Harlow FC have signed the Portuguese striker Tomas Vidal from Sporting Lisboa Norte on a three-year contract, the club announced on Saturday.&lt;/p&gt;&lt;p&gt;The fee was not disclosed, but local media put it at about 4 million euros, a club record.&lt;/p&gt;&lt;p&gt;Vidal, 24, scored 17 goals last season. Manager Rita Byrne said he would give the team "a cutting edge it has lacked".&lt;/p&gt;</content>
  </entry>
</feed>
"""
DUMP = """{"headline": "Eastfield measles: health chief says outbreak 'not yet peaked'", "body": "<p>Public health director Ines Marsh said on Sunday the Eastfield measles outbreak had 'not yet peaked', with 19 cases now confirmed.</p><p>More than 400 children were vaccinated at the weekend clinics, she said.</p><p>A fourth child was taken to hospital on Saturday.</p>", "source": "County Radio", "date": 1796551200, "byline": "By Lee Park and Ana Costa", "link": "https://countyradio.example/news/measles-19"}
{"headline": "", "body": "   ", "source": "County Radio", "date": "yesterday", "link": "https://countyradio.example/empty"}
{"title": "Harlow FC complete Vidal deal", "text": "Harlow FC confirmed the signing of Tomas Vidal on Saturday. The striker joins for a fee reported to be 4.5 million euros. He will wear the number 9 shirt.", "outlet": "Valley Sport", "published": "06/12/2026", "url": "https://valleysport.example/vidal-deal"}
"""


@pytest.fixture(scope="module")
def eastfield_rag(tmp_path_factory, minilm):
    from .conftest import indexed_files

    rag, report = indexed_files(tmp_path_factory.mktemp("eastfield"), {"post.atom": FEED, "dump.jsonl": DUMP}, minilm)
    assert report.added == 5  # the record with no text is skipped
    return rag


def test_how_many_in_hospital_counts_those_in_hospital(eastfield_rag):
    """ "How many children are in hospital?" after "What's the latest on the measles outbreak?" led with "More than 400
    children were vaccinated at the weekend clinics": a count of children, not of those in hospital."""
    from rag.answer_type import fills_slot

    q = "How many children are in hospital?"
    assert not fills_slot("More than 400 children were vaccinated at the weekend clinics, she said.", q)
    assert fills_slot("Three children have been admitted to Harlow General Hospital.", q)
    session = eastfield_rag.chat(llm=False)
    session.ask("What's the latest on the measles outbreak?")
    hurt = session.ask(q)
    assert "400" not in hurt.text and "Three children have been admitted to Harlow General Hospital." in hurt.text


def test_when_after_a_latest_question_is_not_led_by_a_newer_sentence_without_a_date(eastfield_rag):
    """ "When do the clinics open?" after "What's the latest on the measles outbreak?" led with Sunday's "More than 400
    children were vaccinated at the weekend clinics" (newer news of the clinics, taken for an update of the answer),
    not "Vaccination clinics will open at both schools on Saturday."."""
    session = eastfield_rag.chat(llm=False)
    session.ask("What's the latest on the measles outbreak?")
    when = session.ask("When do the clinics open?")
    assert when.text.startswith("Vaccination clinics will open at both schools on Saturday.")


def test_where_did_he_play_before_is_answered_by_the_sentence_that_says_it_again(eastfield_rag):
    """In chromium: "Where did he play before?" after "Who is Tomas Vidal?" quoted the signing's confirmation and his
    goals: the answer, "... signed ... Tomas Vidal from Sporting Lisboa Norte", was what the last answer quoted, and a
    follow-up asking about something new is not answered with it again. For a "where" question it is, when no other
    sentence gives a place."""
    session = eastfield_rag.chat(llm=False)
    session.ask("Who is Tomas Vidal?")
    where = session.ask("Where did he play before?")
    assert "from Sporting Lisboa Norte" in where.text.split(" [1]")[0]
