"""A hand-written week of Veltria news (a rate rise, a mayoral race, a rail strike called off, a recall, a cup
final, snow at the airport), from outlets in three time zones: questions a reader asked of it, and what the
answers got wrong."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.answer_type import question_type
from rag.llm.chat import refers_back

from .conftest import article, indexed

NEWS = [
    article(
        "Bank of Veltria raises rates to 3.5%",
        'The Bank of Veltria raised its main interest rate by a quarter point to 3.5% on Thursday, its third rise this year. Governor Ilse Marek said inflation, at 4.8% in November, was still too high. "We will do what is needed to bring prices back under control," Marek told reporters in Brenna. Two of the seven members of the rate committee voted to keep rates unchanged. The bank\'s next meeting is on 28 January.',
        url="https://veltriapost.example/rates-rise",
        source="Veltria Post",
        published_at="2026-12-03T13:05:00+01:00",
        authors=["Jana Holm"],
    ),
    article(
        "Veltria lifts interest rates again",
        "Veltria's central bank raised borrowing costs for the third time this year on Thursday, taking its key rate to 3.5%. Economists had expected the move. The decision was split, with two members voting for no change. Mortgage lenders said monthly payments on a typical loan would rise by about 40 euros.",
        url="https://wire.example/veltria-rates",
        source="Continental Wire",
        published_at="2026-12-03T07:40:00-05:00",
    ),
    article(
        "Veltria lifts interest rates again",
        "Veltria's central bank raised borrowing costs for the third time this year on Thursday, taking its key rate to 3.5%. Economists had expected the move. The decision was split, with two members voting for no change. Mortgage lenders said monthly payments on a typical loan would rise by about 40 euros.",
        url="https://brennadaily.example/wire/veltria-rates",
        source="Brenna Daily",
        published_at="2026-12-03T14:10:00+01:00",
    ),
    article(
        "Sofia Lind leads Brenna mayoral count",
        "Sofia Lind of the Green Alliance was leading the race for mayor of Brenna with 41% of the vote after most ballots were counted on Sunday night. The incumbent, Pavel Dusek, had 37%. Turnout was 58%, the highest in twenty years.",
        url="https://veltriapost.example/brenna-count",
        source="Veltria Post",
        published_at="2026-11-29T23:50:00+01:00",
    ),
    article(
        "Lind wins Brenna mayoral race",
        "Sofia Lind has been elected mayor of Brenna, final results published on Tuesday showed. Lind won 43% of the vote, against 36% for the outgoing mayor Pavel Dusek. Dusek conceded and congratulated Lind. Lind, 39, will take office on 1 January and has promised free buses for schoolchildren.",
        url="https://brennadaily.example/lind-wins",
        source="Brenna Daily",
        published_at="2026-12-01T18:20:00+01:00",
        authors=["Tomas Rek"],
    ),
    article(
        "Rail workers to strike on Monday",
        "Rail workers in Veltria will strike for 24 hours from Monday, the train drivers' union said on Wednesday, after talks on pay broke down. The union wants a 9% rise; the state railway has offered 5%. Almost no trains are expected to run.",
        url="https://wire.example/rail-strike",
        source="Continental Wire",
        published_at="2026-12-02T10:00:00-05:00",
    ),
    article(
        "Rail strike called off after late deal",
        "Monday's rail strike has been called off after the train drivers' union and the state railway reached a deal late on Friday. Drivers will get a 7% rise over two years. Trains will run normally, the railway said.",
        url="https://veltriapost.example/strike-off",
        source="Veltria Post",
        published_at="2026-12-05T00:15:00+01:00",
    ),
    article(
        "Kestrel Motors recalls 12,000 cars over brake fault",
        "Kestrel Motors is recalling 12,000 cars in Veltria because of a fault that can make the brakes fail in the cold. The recall covers the Kestrel Arc built between March and August. Owners will be contacted by letter and repairs will be free. Correction: An earlier version of this article said 21,000 cars were recalled. The correct figure is 12,000.",
        url="https://brennadaily.example/kestrel-recall",
        source="Brenna Daily",
        published_at="2026-12-02T09:30:00+01:00",
        updated_at="2026-12-02T16:00:00+01:00",
    ),
    article(
        "Rovers win cup in extra time",
        "Brenna Rovers won the Veltria Cup on Saturday, beating Port Tamsk 2-1 after extra time. Ana Kovic gave Rovers the lead before Tamsk equalised through Milo Brandt. Substitute Erik Sand headed the winner in the 112th minute. It is Rovers' first cup since 1998.",
        url="https://veltriapost.example/cup-final",
        source="Veltria Post",
        published_at="2026-11-28T21:40:00+01:00",
    ),
    article(
        "Snow closes Brenna airport",
        "Heavy snow closed Brenna airport on Friday morning, and more than 80 flights were cancelled. The airport said it hoped to reopen the runway by the evening. Forecasters expect up to 30 cm of snow in the capital by Saturday.",
        url="https://brennadaily.example/snow-airport",
        source="Brenna Daily",
        published_at="2026-12-04T08:10:00+01:00",
    ),
    article(
        "Brenna airport reopens after snow",
        "Brenna airport reopened on Friday evening after crews cleared the runway, though delays continued. In all, 120 flights were cancelled during the day.",
        url="https://wire.example/brenna-airport-reopens",
        source="Continental Wire",
        published_at="2026-12-04T14:30:00-05:00",
    ),
]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    return indexed(tmp_path_factory.mktemp("veltria"), NEWS, minilm)


def ask(rag: NewsRAG, question: str) -> str:
    return rag.ask(question, llm=False, as_of="2026-12-06").text


def test_a_share_of_the_vote_is_a_number_and_the_final_count_leads(rag):
    """ "What share of the vote did Sofia Lind get?" quoted Sunday night's partial count (41%) alone: "what share
    of" was not read as asking for a number, so Tuesday's final result (43%) was no update of it."""
    for question in ("What share of the vote did Lind get?", "What proportion of voters turned out?"):
        assert question_type(question) == "number"
    answer = ask(rag, "What share of the vote did Sofia Lind get?")
    assert answer.startswith("Lind won 43% of the vote")


def test_who_came_second_is_asked_of_the_race_before(rag):
    """ "Who came second?" after "Who won the Brenna mayoral election?" quoted the cup final ("beating Port Tamsk
    2-1"): its words were taken for a new subject, and no election report says "came" or "second". A place in a
    ranking is asked of the race the last answer told of; "Who was the runner-up?" refers back too."""
    assert refers_back("Who was the runner-up?") and refers_back("Who came second?")
    session = rag.chat(llm=False)
    assert "Sofia Lind" in session.ask("Who won the Brenna mayoral election?").text
    second = session.ask("Who came second?")
    assert "Pavel Dusek" in second.text
    assert {c.title for c in second.citations} <= {
        "Lind wins Brenna mayoral race",
        "Sofia Lind leads Brenna mayoral count",
    }


def test_by_how_much_is_answered_with_the_change_not_the_level(rag):
    """ "By how much did the Bank of Veltria raise rates?" led with the wire's "taking its key rate to 3.5%" (the
    newer report, read as an update of the count) before "raised its main interest rate by a quarter point". A
    question asking by how much fills its slot with "by ..."; a newer sentence without it does not go first."""
    answer = ask(rag, "By how much did the Bank of Veltria raise rates?")
    assert answer.startswith("The Bank of Veltria raised its main interest rate by a quarter point")


def test_how_big_a_rise_is_answered_with_a_rise(rag):
    """ "How big is the rail workers' pay rise?" led with "Rail workers in Veltria will strike for 24 hours ...":
    its "24" was a number and nothing asked for what the number measures. "How big is the ..." now names its
    slot, as "how many centuries" does: a figure next to "rise" ("a 7% rise", the deal's, the newest)."""
    answer = ask(rag, "How big is the rail workers' pay rise?")
    assert answer.startswith("Drivers will get a 7% rise over two years.")


def test_what_it_got_wrong_is_answered_by_the_correction(rag):
    """In chromium: "What did it get wrong?" after "Did any outlet correct a story?" was refused ("None of the
    passages on what we were discussing says that"): "get wrong" was not read as asking about a correction (only
    "got wrong" was), and "wrong", which no note says, was taken for what it asks about. "Was that figure
    corrected?" after the recall quoted "The correct figure is 12,000." without the notice before it, which says
    what was taken back; "What was the mistake?" after it was searched alone and refused."""
    session = rag.chat(llm=False)
    assert "12,000" in session.ask("Did any outlet correct a story?").text
    wrong = session.ask("What did it get wrong?").text
    assert "said 21,000 cars were recalled" in wrong and "The correct figure is 12,000." in wrong
    session = rag.chat(llm=False)
    assert "12,000 cars" in session.ask("How many cars did Kestrel recall?").text
    corrected = session.ask("Was that figure corrected?").text
    assert corrected.startswith("Correction: An earlier version of this article said 21,000 cars were recalled.")
    assert "The correct figure is 12,000." in corrected
    assert "said 21,000 cars" in session.ask("What was the mistake?").text


def test_a_timeline_of_a_story_named_in_other_words(rag):
    """ "How has the rail dispute developed?" was answered as a plain question (no dates, newest first): no report
    says "dispute", so no report counted as the story. The reports naming what the best-ranked one names of it
    ("rail") are the story. "How has the Brenna mayoral count changed?" listed every report from Brenna (the cup
    final, the airport, the rate rise): of a place's reports, those naming something else it asks about are the
    story. "How has ... changed?" asks for a timeline too."""
    rail = ask(rag, "How has the rail dispute developed?")
    assert rail.startswith("2026-12-02: Rail workers in Veltria will strike")
    assert "2026-12-05: Monday's rail strike has been called off" in rail
    count = rag.ask("How has the Brenna mayoral count changed?", llm=False, as_of="2026-12-06")
    assert count.text.startswith("2026-11-29: Sofia Lind of the Green Alliance was leading")
    assert {c.title for c in count.citations} == {
        "Lind wins Brenna mayoral race",
        "Sofia Lind leads Brenna mayoral count",
    }


def test_was_anyone_hurt_is_answered_by_saying_no_report_tells_of_victims(rag):
    """ "Was anyone hurt in the snow?" quoted "Forecasters expect up to 30 cm of snow ..." and the cancelled
    flights: no snow report says anyone was hurt, which is what the reader needs to hear."""
    for question in ("Was anyone hurt in the snow?", "Were there any casualties in the snow?"):
        answer = rag.ask(question, llm=False, as_of="2026-12-06")
        assert answer.refused and answer.text.startswith("None of the passages I found says that anyone was hurt")
