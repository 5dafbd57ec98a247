"""A corruption trial (a JSONL dump: the opening, a witness, the verdict and its syndicated copy) and a bank's share
slump (an Atom feed), asked about as a reader would (found in session 47): "What was the verdict?" quoted the trial's
opening, "What did the CEO say?" was refused beside "Chief executive Karin Dahl said ...", "How much did the shares
fall?" after "What's the latest?" led with Thursday's rise, and "When will a permanent head be appointed?" missed
"in the spring"."""

from __future__ import annotations

import json

import pytest

from rag.answer_type import (
    asks_charge,
    asks_term,
    asks_verdict,
    fills_slot,
    gives_term,
    offers,
    owned_speaker,
    tells_verdict,
)
from rag.synonyms import leads_with_opposite
from rag.text import spells, written_out

from .conftest import indexed_files


def _article(title: str, outlet: str, date: str, text: str, url: str) -> dict:
    return {"title": title, "outlet": outlet, "date": date, "url": url, "text": text}


COURT = [
    _article(
        "Former Tarnby mayor goes on trial over harbour contracts",
        "Tarnby Courier",
        "2026-11-23T09:00:00+00:00",
        "The former mayor of Tarnby, Olav Fenne, went on trial on Monday accused of steering 14 million crowns of "
        "harbour dredging contracts to a company owned by his brother-in-law.\n\nProsecutor Hanne Solvik told the "
        "district court that Fenne broke procurement rules three times between 2021 and 2023.\n\nFenne denies all charges. "
        "The trial, before Judge Lise Krog, is expected to last two weeks.",
        "https://tarnbycourier.example/news/fenne-trial-opens",
    ),
    _article(
        "Ex-mayor Fenne denies corruption as trial opens",
        "Sundby Post",
        "2026-11-23T15:30:00+00:00",
        "Prosecutors say Fenne arranged for the contracts to go to a firm controlled by his brother-in-law. Olav Fenne, "
        "who led Tarnby for eight years, told the court on Monday he had nothing to hide as his "
        "corruption trial began.\n\nHis brother-in-law, Kai Rusk, is charged separately and will be tried next "
        "year.\n\nIf convicted, Fenne faces up to six years in prison.",
        "https://sundbypost.example/2026/11/23/fenne-trial",
    ),
    _article(
        "Fenne found guilty of corruption, sentenced to three years",
        "Sundby Post",
        "2026-12-04T12:45:00+00:00",
        "Tarnby District Court on Friday found former mayor Olav Fenne guilty of corruption and sentenced him to "
        "three years in prison.\n\nHe was acquitted of one of the three counts. His lawyer said he would appeal. Fenne "
        "remains free pending the appeal.",
        "https://sundbypost.example/2026/12/04/fenne-verdict",
    ),
    _article(
        "Tarnby council picks interim harbour chief",
        "Tarnby Courier",
        "2026-11-30T08:00:00+00:00",
        "Tarnby's council on Monday appointed Sigrid Ness as interim head of the harbour office while a review of "
        "its contracts continues.\n\nThe council said a permanent appointment would be made in the spring.",
        "https://tarnbycourier.example/news/harbour-chief",
    ),
]

MARKETS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sundby Post | Business</title>
  <link href="https://sundbypost.example/business"/>
  <id>https://sundbypost.example/business/feed</id>
  <updated>2026-12-03T18:00:00Z</updated>
  <entry>
    <title>Vellum Bank shares slump 18% after profit warning</title>
    <link href="https://sundbypost.example/2026/12/02/vellum-warning"/>
    <id>https://sundbypost.example/2026/12/02/vellum-warning</id>
    <published>2026-12-02T16:20:00Z</published>
    <content type="html">&lt;p&gt;Shares in Vellum Bank fell 18% on Wednesday, their biggest one-day drop since 2020, after the
lender warned that full-year profit would be about 30% lower than expected.&lt;/p&gt;&lt;p&gt;The bank blamed losses on
commercial property loans. Chief executive Karin Dalby said the bank had set aside 2.1 billion crowns to cover bad
loans.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Vellum Bank shares recover part of losses</title>
    <link href="https://sundbypost.example/2026/12/03/vellum-rebound"/>
    <id>https://sundbypost.example/2026/12/03/vellum-rebound</id>
    <published>2026-12-03T17:05:00Z</published>
    <content type="html">&lt;p&gt;Vellum Bank shares rose 6% on Thursday, recovering some of the previous day's losses, after the
central bank said the banking system remained sound.&lt;/p&gt;&lt;p&gt;The shares are still down 13% for the
week.&lt;/p&gt;</content>
  </entry>
</feed>
"""


@pytest.fixture(scope="module")
def news_rag(tmp_path_factory, minilm):
    dump = "".join(json.dumps(a) + "\n" for a in COURT)
    rag, report = indexed_files(
        tmp_path_factory.mktemp("court"), {"court.jsonl": dump, "markets.atom": MARKETS}, minilm
    )
    assert report.added == 6
    return rag


def test_the_verdict_is_the_court_finding(news_rag):
    chat = news_rag.chat(llm=False)
    verdict = chat.ask("What was the verdict in the Fenne trial?")
    assert verdict.text.startswith("Tarnby District Court on Friday found former mayor Olav Fenne guilty")
    alone = news_rag.ask("What was the verdict?", llm=False)
    assert not alone.refused
    assert alone.text.startswith("Tarnby District Court on Friday found former mayor Olav Fenne guilty")


def test_the_charge_leads_for_what_he_is_accused_of(news_rag):
    answer = news_rag.ask("What is Fenne accused of?", llm=False)
    assert answer.text.startswith("The former mayor of Tarnby, Olav Fenne, went on trial on Monday accused of")


def test_a_time_to_come_without_a_date_answers_when(news_rag):
    assert news_rag.ask("When will a permanent head be appointed?", llm=False).text.startswith(
        "The council said a permanent appointment would be made in the spring."
    )
    # (after the sentence naming whose brother-in-law he is: its "told the court on Monday" dates what was said)
    rusk = news_rag.ask("When will Kai Rusk be tried?", llm=False)
    assert "His brother-in-law, Kai Rusk, is charged separately and will be tried next year. [1]" in rusk.text


def test_the_ceo_is_the_chief_executive(news_rag):
    for question in ("What did the CEO say?", "What did Vellum Bank's CEO say?"):
        answer = news_rag.ask(question, llm=False)
        assert not answer.refused, question
        assert answer.text.startswith("Chief executive Karin Dalby said the bank had set aside"), question


def test_a_fall_is_not_updated_by_the_next_day_rise(news_rag):
    chat = news_rag.chat(llm=False)
    chat.ask("What's the latest on Vellum Bank?")
    fall = chat.ask("How much did the shares fall?")
    assert fall.text.startswith("Shares in Vellum Bank fell 18% on Wednesday")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("What was the verdict in the Fenne trial?", True),
        ("What was the outcome of the trial?", True),
        ("Was Fenne convicted?", True),
        ("What was the score?", False),
        ("Was the mayor elected?", False),
    ],
)
def test_asks_verdict(question, verdict):
    assert asks_verdict(question) is verdict


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ("The court found former mayor Olav Fenne guilty of corruption and sentenced him to three years.", True),
        ("He was acquitted of one of the three counts.", True),
        ("The court also ordered him to repay 600,000 crowns.", True),
        ("If convicted, Fenne faces up to six years in prison.", False),
        ("He could be sentenced to life.", False),
        ("Fenne denies all charges.", False),
    ],
)
def test_tells_verdict(sentence, told):
    assert tells_verdict(sentence) is told


def test_the_charge_slot():
    assert asks_charge("What is Fenne accused of?") and asks_charge("What was she charged with?")
    assert not asks_charge("Who was charged?")
    assert fills_slot("Fenne went on trial on Monday accused of steering contracts.", "What is Fenne accused of?")
    assert not fills_slot("Fenne was sentenced to three years.", "What is Fenne accused of?")


def test_a_role_acronym_is_written_out_short_of_a_letter():
    assert written_out("CEO", "Chief executive Karin Dalby said ...") == "Chief executive"
    assert spells("CFO", "said finance chief Ola Berg")
    assert not spells("CEO", "The executive committee met.")


def test_owned_speaker():
    assert owned_speaker("What did Vellum Bank's CEO say?") == ("Vellum Bank", "What did the CEO say?")
    assert owned_speaker("What did the CEO say?") is None


def test_leads_with_opposite():
    q = "How much did the shares fall?"
    assert leads_with_opposite(q, "Shares rose 6% on Thursday, recovering some of the previous day's losses.")
    assert not leads_with_opposite(q, "Shares fell 18% on Wednesday after rising early in the day.")
    assert not leads_with_opposite(q, "Shares fell 18% on Wednesday.")


@pytest.mark.parametrize(
    ("sentence", "offered"),
    [
        ("The council said a permanent appointment would be made in the spring.", True),
        ("Rusk will be tried next year.", True),
        ("A decision is expected in the coming weeks.", True),
        ("The council met on a spring morning.", False),
    ],
)
def test_a_time_to_come_is_a_date_for_a_question_about_the_future(sentence, offered):
    assert (offers(sentence, "date", "When will a permanent head be appointed?") > 0) is offered
    # (not for a question about the past: "last spring" dates nothing)
    assert offers(sentence, "date", "When was the head appointed?") == 0


def test_a_day_after_whom_someone_told_dates_the_telling():
    when = "When will Kai Rusk be tried?"
    assert offers("Fenne told the court on Monday he had nothing to hide.", "date", when) == 0
    assert offers("Fenne told reporters on Monday that he would appeal.", "date", when) == 0
    assert offers("Officials said the line would reopen on Monday.", "date", when) > 0


def test_a_time_to_come_of_what_is_unlikely_is_no_answer():
    unlikely = "The central bank is unlikely to cut interest rates at its meeting next week, economists said."
    assert offers(unlikely, "date", "When will the bank cut rates?") == 0


def test_the_ceo_asked_in_a_chat_about_the_trial(news_rag):
    """The trial has no chief executive: the question is searched alone, and "Chief executive Karin Dalby said ..."
    names the CEO it asks about (found in the browser)."""
    chat = news_rag.chat(llm=False)
    chat.ask("What was the verdict in the Fenne trial?")
    assert chat.ask("What did the CEO say?").text.startswith("Chief executive Karin Dalby said")


def test_is_he_in_prison(news_rag):
    answer = news_rag.ask("Is Fenne in prison?", llm=False)
    assert "Fenne remains free pending the appeal." in answer.text
    assert not answer.text.startswith("If convicted")
    assert news_rag.ask("Is Fenne free?", llm=False).text.startswith("Fenne remains free pending the appeal.")


def test_who_is_the_prosecutor(news_rag):
    assert news_rag.ask("Who is the prosecutor?", llm=False).text.startswith("Prosecutor Hanne Solvik told")


def test_the_role_of_an_owner():
    assert owned_speaker("What did the CEO of Vellum Bank say?") == ("Vellum Bank", "What did the CEO say?")
    assert owned_speaker("What did the president of Turkey say?") == ("Turkey", "What did the president say?")
    assert owned_speaker("What did the head of the union say?") is None


def test_what_the_ceo_of_the_bank_said(news_rag):
    answer = news_rag.ask("What did the CEO of Vellum Bank say?", llm=False)
    assert answer.text.startswith("Chief executive Karin Dalby said the bank had set aside")


def test_do_the_outlets_agree_on_the_verdict(news_rag):
    answer = news_rag.ask("Did the outlets agree on the verdict?", llm=False)
    assert not answer.refused
    sundby = next(c for c in answer.citations if c.outlet == "Sundby Post")
    assert tells_verdict(sundby.quote)
    assert asks_verdict("Did the outlets agree on the verdict?")


def test_the_latest_on_the_case_is_the_newest_report_s_opening(news_rag):
    """ "What's the latest on the Fenne case?" led with "Fenne remains free pending the appeal.", a sentence further
    down the verdict report: what the newest report opened with is the news."""
    answer = news_rag.ask("What's the latest on the Fenne case?", llm=False)
    assert answer.text.startswith("Tarnby District Court on Friday found former mayor Olav Fenne guilty")


def test_how_long_he_was_jailed_for_is_the_sentence_the_court_gave(news_rag):
    """Found in session 48: "How long was Fenne jailed for?" led with "Fenne remains free pending the appeal." and
    then "If convicted, Fenne faces up to six years in prison.": the term the court gave leads, not one he faced."""
    for question in ("How long was Fenne jailed for?", "What sentence did Fenne get?", "How long is Fenne's sentence?"):
        answer = news_rag.ask(question, llm=False)
        assert answer.text.startswith("Tarnby District Court on Friday found former mayor Olav Fenne guilty"), question
    # in a chat after the verdict, whose answer quoted it: the sentence giving the term answers again
    chat = news_rag.chat(llm=False)
    chat.ask("What was the verdict in the Fenne trial?")
    again = chat.ask("How long was he jailed for?").text
    assert again.startswith("Tarnby District Court on Friday found former mayor Olav Fenne guilty"), again


@pytest.mark.parametrize(
    ("sentence", "given"),
    [
        ("The court sentenced him to three years in prison.", True),
        ("She was jailed for 18 months on Tuesday.", True),
        ("The club was handed a two-year ban.", True),
        ("If convicted, Fenne faces up to six years in prison.", False),
        ("He could get a sentence of ten years.", False),
        ("The trial is expected to last two weeks.", False),
    ],
)
def test_gives_term(sentence, given):
    assert gives_term(sentence) is given
    assert asks_term("How long was he jailed for?") and not asks_term("How long did the trial last?")
