"""Found by ingesting a JSON Lines dump of a mayoral race (two outlets' counts, a recount, a separate correction of the
turnout) beside the sample, and asking about it in one chat (session 40)."""

from __future__ import annotations

import pytest

from .conftest import SAMPLE, article, write_jsonl

HOLM = "https://tarnbytidende.example/holm-wins"
HERALD = "https://coastalherald.example/tarnby-mayor"
CORRECTION = "https://tarnbytidende.example/correction-turnout"
NOTICE = "An earlier version of this article gave the turnout in Sunday's Tarnby election as 58 percent."


@pytest.fixture(scope="module")
def tarnby_rag(tmp_path_factory, minilm):
    from rag import NewsRAG

    tmp = tmp_path_factory.mktemp("tarnby")
    news = [
        article(
            "Holm wins Tarnby mayoral race by 88 votes",
            "TARNBY — Councillor Sara Holm won the Tarnby mayoral election on Sunday by 88 votes, the city's election "
            "office said on Monday.\n\nHolm, of the Green Alliance, took 10,412 votes against 10,324 for the incumbent, "
            "Lars Brandt. Turnout was 58 percent.\n\nBrandt said he would ask for a recount.",
            outlet="Tarnby Tidende",
            date="2026-11-30T08:10:00Z",
            url=HOLM,
        ),
        article(
            "Tarnby mayor's race: Green councillor ahead by 83",
            "Sara Holm leads the incumbent mayor Lars Brandt by 83 votes after Sunday's election in Tarnby, according "
            'to the preliminary count.\n\nBrandt has until Wednesday to request a recount. "Every vote must be counted '
            'again," he told supporters.',
            outlet="Coastal Herald",
            date="2026-11-30",
            url=HERALD,
        ),
        article(
            "Recount confirms Holm as Tarnby mayor",
            "A recount on Thursday confirmed Sara Holm as mayor of Tarnby, widening her lead over Lars Brandt to 91 "
            "votes.\n\nBrandt conceded on Thursday evening and congratulated Holm. She takes office on January 1.",
            outlet="Tarnby Tidende",
            date="2026-12-03T18:00:00Z",
            url="https://tarnbytidende.example/recount",
        ),
        article(
            "Correction: Tarnby turnout",
            f"{NOTICE} It was 61 percent.\n\nCouncillor Sara Holm won the Tarnby mayoral election on Sunday by 88 "
            "votes.",
            outlet="Tarnby Tidende",
            date="2026-12-01T08:00:00Z",
            url=CORRECTION,
        ),
        article(
            "Tarnby port rail strike ends after two days",
            "The two-day strike by train drivers at Tarnby's port railway ended on Thursday after the operator agreed "
            "to a 6 percent pay rise, the union said.\n\nThe union had asked for 8 percent.",
            outlet="Harbour Gazette",
            date="2026-12-03T16:45:00Z",
            url="https://harbourgazette.example/strike-ends",
        ),
        article(
            "Ferry timetable changes from Monday",
            "The Tarnby-Vessby ferry will run every 40 minutes instead of every 30 from Monday, because one of the two "
            "boats is going in for repairs until January 15.",
            outlet="Harbour Gazette",
            date="2026-12-05T10:00:00Z",
            url="https://harbourgazette.example/ferry-timetable",
        ),
    ]
    rag = NewsRAG(data_dir=tmp / "index", embedder=minilm)
    rag.ingest([SAMPLE, write_jsonl(tmp / "tarnby.jsonl", news)])
    return rag


def test_outlets_compared_on_the_margin_in_a_chat_are_the_races(tarnby_rag):
    """ "Do the outlets agree on the margin?" after "Who won the Tarnby mayoral election?" was refused, naming The
    Guardian, BBC News and Nikkei Asia: "margin" is new to the conversation, so it was searched alone, and sample
    reports saying "margin" were compared. Searched with the conversation it compared Tarnby Tidende alone, since the
    Coastal Herald's report never says "won" or "mayoral". A question comparing the outlets on what names nothing is
    about the conversation, and a report nearly as like the question as the best one, naming what it names, is on the
    story."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    answer = chat.ask("Do the outlets agree on the margin?")
    assert {c.outlet for c in answer.citations} == {"Tarnby Tidende", "Coastal Herald"}
    assert "Coastal Herald: Sara Holm leads the incumbent mayor Lars Brandt by 83 votes" in answer.text
    # and an outlet's latest word: its recount report puts the lead at 91 votes (its Monday report quoted alone said 88)
    assert "widening her lead over Lars Brandt to 91 votes" in answer.text.split("Coastal Herald:")[0]
    # what `newsrag chat` shows as searched: the user's words with the conversation's ("searched as: Do agree on the
    # margin? (...)" had lost "the outlets", which the search sets aside)
    assert answer.question == "Do the outlets agree on the margin? (Who won the Tarnby mayoral election?)"


def test_outlets_compared_on_a_named_race_include_a_report_in_other_words(tarnby_rag):
    answer = tarnby_rag.ask("Do the outlets agree on the margin in the Tarnby mayoral election?", llm=False)
    assert {c.outlet for c in answer.citations} == {"Tarnby Tidende", "Coastal Herald"}


def test_a_figure_an_earlier_version_gave_is_not_quoted_after_its_correction(tarnby_rag):
    """ "What was the turnout in the Tarnby election?" quoted the correction ("... gave the turnout ... as 58 percent.
    It was 61 percent.") and then the report's "Turnout was 58 percent." as if it stood: a correction saying what
    an earlier version gave, not "X, not Y", now withdraws it too."""
    answer = tarnby_rag.ask("What was the turnout in the Tarnby election?", llm=False)
    assert "It was 61 percent." in answer.text
    assert "Turnout was 58 percent." not in answer.text


def test_was_the_story_corrected_in_a_chat_is_answered_by_the_note(tarnby_rag):
    """ "Was the story corrected?" after the race and its turnout quoted the race's report ("Councillor Sara Holm won
    ..."): the note had been quoted for the turnout, and a follow-up is not answered with what the last answer said.
    Asked whether it was corrected, the note is the answer, again."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    assert "It was 61 percent." in chat.ask("What was the turnout?").text
    answer = chat.ask("Was the story corrected?")
    assert answer.text.startswith(NOTICE)
    assert answer.citations[0].url == CORRECTION


def test_said_earlier():
    from rag.corrections import said_earlier

    assert said_earlier(NOTICE) == "58 percent"
    assert said_earlier("An earlier version of this story said the mayor was Lars Brandt.") == "Lars Brandt"
    assert said_earlier("An earlier version of this story was published on Monday.") is None
    assert said_earlier("Turnout was 58 percent.") is None


def test_a_chat_going_back_to_an_earlier_topic_asks_about_it(tarnby_rag):
    """In one chat: the race, then "What about the rail strike?" and "And the ferry?", then "Back to the election:
    when does the winner take office?" was refused ("None of the passages I found names Back": the opener was taken
    for a name), and "Going back to the strike, how long did it last?" likewise ("names Going"). A follow-up going
    back to a topic is searched with the last turn that asked or answered about it, and asks what follows the
    opener."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    chat.ask("What about the rail strike?")
    assert "Tarnby-Vessby ferry" in chat.ask("And the ferry?").text
    answer = chat.ask("Back to the election: when does the winner take office?")
    assert answer.question == "when does the winner take office? (Who won the Tarnby mayoral election?)"
    assert not answer.refused and "Holm" in answer.text and "ferry" not in answer.text
    answer = chat.ask("Going back to the strike, how long did it last?")
    assert answer.question == "how long did it last? (What about the rail strike?)"
    assert answer.text.startswith("The two-day strike by train drivers")


def test_how_a_chat_question_opens_is_no_name():
    from rag.answer_type import names

    for question in (
        "Back to the election: when does the winner take office?",
        "Going back to the strike, how long did it last?",
        "OK so who won?",
        "Anyway, when does she take office?",
        "Quick question: who won?",
    ):
        assert names(question) == [], question
    assert names("Back to Tarnby: who won?") == ["Tarnby"]


def test_who_lost_after_a_race_asks_about_the_race(tarnby_rag):
    """ "Who lost?" after the race was answered from the sample's midterms ("The party that holds the White House
    has usually lost House seats"): "lost" was a word new to the conversation, so a new subject. It asks who was
    beaten, as "Who lost to Orvena FC?" does."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    answer = chat.ask("Who lost?")
    assert "Tarnby" in answer.text and "White House" not in answer.text


def test_what_was_the_margin_after_a_race_is_the_races(tarnby_rag):
    """ "what was the margin?" after the race was refused: "margin" was new to the conversation and no report says it,
    so it was searched alone (as "How much will the ferry cost?" is after the UN draft), and with the conversation the
    answer was refused for no sentence naming "margin" ("was" was taken for the noun it asks for). "What was the X?"
    asks what the conversation's subject's X is, which its reports give in other words."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    answer = chat.ask("what was the margin?")
    assert not answer.refused and "91 votes" in answer.text


def test_small_talk_is_answered_without_a_search_and_not_remembered(tarnby_rag):
    """ "ok thanks" after the race was answered with a sentence of the race's report, and the next follow-up was
    searched with it."""
    from rag.small_talk import REPLY, is_small_talk

    assert tarnby_rag.ask("Thank you so much!", llm=False).text == REPLY
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    answer = chat.ask("ok thanks")
    assert answer.text == REPLY and answer.refused and not answer.citations
    assert answer.scope is None  # the web UI's sources said "searched 38 articles"
    assert len(chat.history.turns) == 1
    assert "61 percent" in chat.ask("What was the turnout?").text
    assert all(is_small_talk(t) for t in ("hi", "ok thanks", "Great, bye!", "Thanks a lot."))
    assert not any(is_small_talk(t) for t in ("Thanks, and who lost?", "Great Britain?", "Who won?", "???", ""))


def test_attributes_and_the_noun_a_question_asks_for():
    from rag.answer_type import asked_noun
    from rag.llm.chat import asks_attribute

    assert asked_noun("what was the margin?") is None
    assert asked_noun("Which countries voted against it?") == "countries"
    assert asks_attribute("what was the margin?") and asks_attribute("What's the death toll again?")
    assert not asks_attribute("How much will the ferry cost?") and not asks_attribute("What did the court decide?")


def test_why_after_a_race_no_report_explains_is_refused_not_another_storys_reason(tarnby_rag):
    """ "why" after "Who won the Tarnby mayoral election?" quoted the ferry's "because one of the two boats is going in
    for repairs": its report names Tarnby, so it was taken for the conversation's, and no report on the race says why
    Holm won."""
    chat = tarnby_rag.chat(llm=False)
    chat.ask("Who won the Tarnby mayoral election?")
    answer = chat.ask("why")
    assert answer.refused and "says why" in answer.text
    assert "because one of the two boats" in chat.ask("Why was the Vessby ferry timetable changed?").text
