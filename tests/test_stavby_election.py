"""A hand-written JSONL dump (session 48): a mayoral election, its outlet's correction of the turnout, and a bus
strike that is called off. Asked in a chat as a reader would: "When does Holt take office?" led with "Holt, 41, a
former nurse, promised to ..." (the sentence naming who "She" in "She will take office on January 1." is), though
the question names her."""

from __future__ import annotations

import pytest

from .conftest import indexed_files

ROWS = [
    '{"title": "Maren Holt wins Stavby mayoral race", "outlet": "Stavby Dagblad", "date": "2026-11-16T22:10:00+01:00", "url": "https://stavbydagblad.example/politics/holt-wins", "authors": ["Erik Vang"], "text": "Maren Holt of the Harbour Party won the Stavby mayoral election on Sunday with 52.4% of the vote, beating incumbent Per Lien, who took 39.1%.\\n\\nTurnout was 64%, the highest since 2006, the election office said.\\n\\nHolt, 41, a former nurse, promised to freeze bus fares and build 2,000 homes by 2030. She will take office on January 1.\\n\\nLien conceded shortly after 22:00 and congratulated Holt."}',
    '{"title": "Correction: Stavby turnout", "outlet": "Stavby Dagblad", "date": "2026-11-17T09:30:00+01:00", "url": "https://stavbydagblad.example/politics/holt-wins-correction", "authors": ["Erik Vang"], "text": "Correction: An earlier version of our report on the Stavby mayoral election said turnout was 64%. The election office\'s final figure is 61.2%, the highest since 2010, not 2006.\\n\\nHolt\'s share of the vote was also revised to 52.9% after postal ballots were counted."}',
    '{"title": "Stavby bus drivers vote to strike from Monday", "outlet": "Nordkyst Radio", "date": "2026-11-25T17:00:00+01:00", "url": "https://nordkystradio.example/stavby-bus-strike", "authors": [], "text": "Bus drivers in Stavby voted to strike from Monday, November 30, after pay talks with the operator Fjordbuss broke down, the drivers\' union said.\\n\\nUnion leader Tor Eide said 88% of members backed the walkout. Fjordbuss said it had offered a 3.5% raise; the union wants 6%.\\n\\nThe strike would halt all 14 city bus routes. Mayor-elect Maren Holt urged both sides to return to talks."}',
    '{"title": "Stavby bus strike called off after late deal", "outlet": "Stavby Dagblad", "date": "2026-11-29T21:45:00+01:00", "url": "https://stavbydagblad.example/local/bus-strike-off", "authors": ["Lina Moe"], "text": "A strike by Stavby\'s bus drivers planned for Monday has been called off after the union and Fjordbuss agreed a 4.8% pay rise on Sunday evening, both sides said.\\n\\nBuses will run as normal on Monday, Fjordbuss said. Union leader Tor Eide called the deal \\"a fair compromise\\".\\n\\nMembers will vote on the agreement next week."}',
]


@pytest.fixture(scope="module")
def stavby_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(tmp_path_factory.mktemp("stavby"), {"votes.jsonl": "\n".join(ROWS) + "\n"}, minilm)
    assert report.added == 4
    return rag


def test_she_is_who_the_question_or_the_last_answer_names(stavby_rag):
    assert stavby_rag.ask("When does Holt take office?", llm=False).text == "She will take office on January 1. [1]"
    chat = stavby_rag.chat(llm=False)
    assert chat.ask("Who won the Stavby election?").text.startswith("Maren Holt of the Harbour Party won")
    assert chat.ask("When does she take office?").text == "She will take office on January 1. [1]"
    # asked of "the new mayor", the reader does not know who "She" is: the sentence naming her comes first
    alone = stavby_rag.ask("When does the new mayor take office?", llm=False).text
    assert alone.startswith("Holt, 41, a former nurse") and "She will take office on January 1." in alone


def test_the_corrected_turnout_is_told_with_the_figure_it_replaced(stavby_rag):
    answer = stavby_rag.ask("What was the turnout?", llm=False).text
    assert "61.2%" in answer and answer.index("64%") < answer.index("61.2%")


def test_a_revised_share_of_the_vote_follows_the_report_that_gave_the_first_count(stavby_rag):
    """Found in session 48 and left as a gap: "Who won?" quoted 52.4% with no word of the outlet's correction, which
    revises the share to 52.9% without repeating the old figure. The correction now follows the sentence (it still
    answers who won); asked for the share, the revision answers alone."""
    won = stavby_rag.ask("Who won?", llm=False)
    assert won.text.startswith("Maren Holt of the Harbour Party won")
    assert won.text.index("52.4%") < won.text.index("revised to 52.9%")
    assert [c.title for c in won.citations] == ["Maren Holt wins Stavby mayoral race", "Correction: Stavby turnout"]
    share = stavby_rag.ask("What share of the vote did Holt get?", llm=False).text
    assert share.startswith("Holt's share of the vote was also revised to 52.9%") and "52.4%" not in share


def test_how_someone_did_is_told_by_their_result(stavby_rag):
    """ "How did Lien do?" was refused (one name, and no answer kind), and "How did Per Lien do in the election?" led
    with the outlet's revision of Holt's share. A result told after the name answers: the share he took, that he
    conceded; "Lien ... congratulated Holt" is no result of Holt's."""
    lien = stavby_rag.ask("How did Lien do?", llm=False)
    assert not lien.refused
    assert lien.text.startswith(("Lien conceded", "Maren Holt of the Harbour Party won"))
    assert "who took 39.1%" in lien.text
    full = stavby_rag.ask("How did Per Lien do in the election?", llm=False).text
    assert full.startswith("Maren Holt of the Harbour Party won") and "who took 39.1%" in full
    holt = stavby_rag.ask("How did Holt do?", llm=False).text
    assert holt.startswith("Maren Holt of the Harbour Party won")
    assert holt.index("52.4%") < holt.index("revised to 52.9%")  # the correction after what it corrects


def test_the_strike_called_off_is_told_by_the_newest_report(stavby_rag):
    chat = stavby_rag.chat(llm=False)
    assert chat.ask("Is the bus strike going ahead?").text.startswith("A strike by Stavby's bus drivers planned for")
    assert chat.ask("Are the buses running on Monday?").text.startswith("Buses will run as normal on Monday")
