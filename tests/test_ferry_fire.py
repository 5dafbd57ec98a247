"""Found by ingesting a messy page and dump beside the sample (session 37): a ferry fire, the service back, and a
trimmed copy of the second report from another outlet. Asked in one chat as a reader would."""

from __future__ import annotations

import pytest

from .conftest import SAMPLE, article, write_jsonl

FIRE = (
    "The ferry service between Norrvik and the island of Halvik has been suspended until at least Friday after a "
    "fire broke out in the engine room of the MS Tora on Sunday evening, the operator Nordfjord Lines said. "
    "All 83 passengers and 9 crew were brought ashore safely. Two crew members were treated for smoke inhalation "
    "at Norrvik hospital and released on Monday morning. "
    '"The crew followed every procedure and the fire was out within twenty minutes," said Nordfjord Lines\' chief '
    "executive, Mats Lindqvist. Islanders who need to reach the mainland can use a replacement boat that runs twice "
    "a day, the municipality said. Residents have complained for years that Halvik depends on a single ferry. "
    "The Norwegian Maritime Authority has opened an investigation into the cause of the fire."
)
BACK = (
    "The MS Tora returned to service on Thursday, a day earlier than planned, after inspectors cleared the repaired "
    "engine room, Nordfjord Lines said."
)


@pytest.fixture(scope="module")
def ferry_rag(tmp_path_factory, minilm):
    from rag import NewsRAG

    tmp = tmp_path_factory.mktemp("ferry")
    rag = NewsRAG(data_dir=tmp / "index", embedder=minilm)
    news = [
        article(
            "Ferry service to Halvik suspended after engine fire",
            FIRE,
            outlet="Norrland Courier",
            date="2026-11-30",
            url="https://courier.example.no/fire",
        ),
        article(
            "Halvik ferry back in service",
            BACK + " The investigation into the cause of the fire continues.",
            outlet="Norrland Courier",
            date="2026-12-03",
            url="https://courier.example.no/back",
        ),
        # another outlet's trimmed copy: not alike enough to be collapsed as one story
        article(
            "Halvik ferry back in service",
            BACK,
            outlet="Halvik Tidende",
            date="2026-12-03T10:00:00Z",
            url="https://tidende.example.no/ferry",
        ),
    ]
    rag.ingest([SAMPLE, write_jsonl(tmp / "ferry.jsonl", news)])
    return rag


def test_a_trimmed_copy_is_not_quoted_twice(ferry_rag):
    """ "What happened to the Halvik ferry?" quoted "The MS Tora returned to service ..." twice, [1] and [2], once
    from each outlet; the copy is now another outlet carrying the story quoted."""
    answer = ferry_rag.ask("What happened to the Halvik ferry?", llm=False)
    assert answer.text.count("The MS Tora returned to service") == 1
    assert "engine room of the MS Tora on Sunday" in answer.text
    carried = [o["outlet"] for c in answer.citations for o in c.also_carried_by]
    assert {c.outlet for c in answer.citations} | set(carried) >= {"Halvik Tidende", "Norrland Courier"}


def test_who_was_hurt_is_told_by_the_hospital_and_the_safe_rescue(ferry_rag):
    """ "was anyone hurt?" after the ferry question was refused ("None of the passages I found says that anyone was
    hurt or killed."): being treated in hospital and being brought ashore safely tell it. The crew treated for smoke
    inhalation is quoted, though the fire's own sentence is more like the question."""
    session = ferry_rag.chat()
    session.ask("What happened to the Halvik ferry?")
    hurt = session.ask("was anyone hurt?")
    assert not hurt.refused
    assert "treated for smoke inhalation" in hurt.text and "brought ashore safely" in hurt.text
    alone = ferry_rag.ask("Was anyone hurt in the ferry fire?", llm=False).text
    assert "treated for smoke inhalation" in alone


def test_who_runs_the_company_a_report_calls_the_operator(ferry_rag):
    """ "who runs the ferry company?" quoted the suspension: the report never says "company" (it says "the operator
    Nordfjord Lines"), so its chief executive's sentence was not counted as naming who runs it."""
    session = ferry_rag.chat()
    session.ask("What happened to the Halvik ferry?")
    for answer in (session.ask("who runs the ferry company?"), ferry_rag.ask("Who runs the ferry company?", llm=False)):
        assert answer.text.startswith('"The crew followed every procedure'), answer.text
        assert "Mats Lindqvist" in answer.text


def test_is_it_running_again_is_answered_by_the_return_to_service(ferry_rag):
    """ "is it running again?" after the ferry question quoted the replacement boat "that runs twice a day": news
    says a stopped service has resumed in its own words ("returned to service", "reopened", "resumed"), and such a
    sentence answers, though it does not say "running" and the last answer quoted it."""
    from rag.answer_type import asks_again, fills_slot

    assert asks_again("Is the Halvik ferry running again?") == "running"
    assert asks_again("Is the bridge open again?") == "open"
    assert asks_again("Is the ferry running?") is None
    question = "Is the Halvik ferry running again?"
    assert fills_slot("The MS Tora returned to service on Thursday.", question)
    assert fills_slot("The bridge reopened to traffic on Monday.", "Is the bridge open again?")
    assert not fills_slot("A replacement boat runs twice a day.", question)
    session = ferry_rag.chat()
    session.ask("What happened to the Halvik ferry?")
    for answer in (session.ask("is it running again?"), ferry_rag.ask(question, llm=False)):
        assert answer.text.startswith("The MS Tora returned to service on Thursday"), answer.text


def test_the_sentences_telling_of_victims_are_quoted_together(ferry_rag):
    """ "Was anyone hurt in the Halvik ferry fire?" quoted the fire's opening sentence between "All 83 passengers ...
    brought ashore safely" and "Two crew members were treated ...": runners-up from one report were put in its order,
    which split what answers. Those that answer now keep their places before the others."""
    for text in (
        ferry_rag.ask("Was anyone hurt in the Halvik ferry fire?", llm=False).text,
        ferry_rag.chat().ask("Was anyone hurt in the Halvik ferry fire?").text,
    ):
        safe, treated = text.index("brought ashore safely"), text.index("treated for smoke inhalation")
        opening = text.find("has been suspended")
        assert opening == -1 or opening > max(safe, treated)


def test_what_caused_the_fire_is_not_a_cause_from_another_story(ferry_rag):
    """ "What caused the ferry fire?" quoted the Kremlin's "the attack was aimed at cutting off the water supply to
    Crimea", the one sentence near the question that gives a reason, from a report on the Kakhovka dam. A cause from a
    report the answer does not quote must tell of what is asked (half the question's words); no report gives the
    fire's cause, and the answer says what they do say."""
    answer = ferry_rag.ask("What caused the ferry fire?", llm=False)
    assert "Kremlin" not in answer.text and "Crimea" not in answer.text
    assert "investigation into the cause of the fire" in answer.text
