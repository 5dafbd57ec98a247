"""A hand-written Atom feed of a business wire (session 49): a chief executive stepping down, a quarter's profit, job
cuts and a central bank's decision, asked in a chat as a reader would. "Why is she leaving?" after her successor was
answered "Shares in Halvard fell 4% in early trading." (no sentence gives a reason), "Why?" after the job cuts found
no reason in "... as it automates its haulage fleet", and "How much profit did Halvard make?" led with the shares' fall
(a newer report's other figure, taken for the profit's update)."""

from __future__ import annotations

import pytest

from rag.answer_type import offers

from .conftest import indexed_files

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Nordic Business Wire</title>
  <link href="https://nbw.example/"/>
  <updated>2026-12-04T16:00:00Z</updated>
  <id>https://nbw.example/feed</id>
  <entry>
    <title>Halvard Foods chief executive Lena Brix to step down</title>
    <link href="https://nbw.example/halvard-ceo"/>
    <id>https://nbw.example/halvard-ceo</id>
    <published>2026-12-01T07:00:00Z</published>
    <updated>2026-12-01T07:00:00Z</updated>
    <author><name>Oskar Lind</name></author>
    <content type="html">&lt;p&gt;Lena Brix will step down as chief executive of Halvard Foods at the end of March after seven years in the job, the company said on Tuesday.&lt;/p&gt;&lt;p&gt;Finance director Jonas Wik will take over as interim chief executive while the board searches for a successor. Shares in Halvard fell 4% in early trading.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Halvard Foods profit falls 12% as costs bite</title>
    <link href="https://nbw.example/halvard-q3"/>
    <id>https://nbw.example/halvard-q3</id>
    <published>2026-11-12T07:00:00Z</published>
    <author><name>Oskar Lind</name></author>
    <content type="html">&lt;p&gt;Halvard Foods said third-quarter operating profit fell 12% to 410 million kronor, hit by higher energy and packaging costs.&lt;/p&gt;&lt;p&gt;Sales rose 3% to 5.2 billion kronor. The company kept its full-year outlook.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Tessa Mining to cut 600 jobs at Kiruna site</title>
    <link href="https://nbw.example/tessa-jobs"/>
    <id>https://nbw.example/tessa-jobs</id>
    <published>2026-12-03T09:30:00Z</published>
    <author><name>Sara Holm</name></author>
    <content type="html">&lt;p&gt;Tessa Mining will cut 600 jobs at its Kiruna site by the end of 2027 as it automates its haulage fleet, the company said on Thursday.&lt;/p&gt;&lt;p&gt;The miners' union called the cuts "a betrayal" and said it would seek talks. Tessa employs about 4,000 people in Sweden.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Riksbank holds rate at 2.25%</title>
    <link href="https://nbw.example/riksbank-dec"/>
    <id>https://nbw.example/riksbank-dec</id>
    <published>2026-12-04T08:30:00Z</published>
    <author><name>Sara Holm</name></author>
    <content type="html">&lt;p&gt;Sweden's central bank kept its policy rate at 2.25% on Thursday, as expected, and said it could cut once more in the first half of 2027 if inflation keeps easing.&lt;/p&gt;</content>
  </entry>
</feed>
"""


@pytest.fixture(scope="module")
def wire_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(tmp_path_factory.mktemp("wire"), {"wire.atom": FEED}, minilm)
    assert report.added == 4
    return rag


def test_why_is_refused_when_the_conversations_reports_give_no_reason(wire_rag):
    chat = wire_rag.chat(llm=False)
    assert chat.ask("Who is replacing Lena Brix?").text.startswith("Finance director Jonas Wik will take over")
    why = chat.ask("Why is she leaving?")
    assert why.refused and "says why" in why.text


def test_what_a_company_does_meanwhile_is_why(wire_rag):
    chat = wire_rag.chat(llm=False)
    chat.ask("How many jobs is Tessa cutting?")
    why = chat.ask("Why?")
    assert not why.refused and "as it automates its haulage fleet" in why.text
    assert offers("Prices rose as the bank cuts rates.", "reason", "Why did prices rise?") == 1.0
    assert offers("As it stands, the deal is off.", "reason", "Why is the deal off?") == 0.0
    assert offers("The shares fell as it was announced.", "reason", "Why did the shares fall?") == 0.0


def test_another_figure_of_a_newer_report_is_no_update_of_what_is_counted(wire_rag):
    answer = wire_rag.ask("How much profit did Halvard make?", llm=False).text
    assert answer.startswith("Halvard Foods said third-quarter operating profit fell 12% to 410 million kronor")
    assert "Shares in Halvard fell 4%" not in answer
