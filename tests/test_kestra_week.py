"""A hand-written week of Kestra news (a carmaker's chief executive leaves and is replaced, a rate decision, a
housing march whose size the police and the organisers dispute, a storm's live page, a writer's death, a coach
sacked, a metro line opened): questions a reader asked of it, and what the answers got wrong."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.answer_type import asks_casualties, asks_successor, offers
from rag.retrieval import asks_outlets_compared

from .conftest import article, indexed

NEWS = [
    article(
        "Harlen Motors names interim chief after Voss exit",
        "Harlen Motors chief executive Greta Voss stepped down on Monday after eight years in the job, the carmaker said. Finance director Lukas Brandt will serve as interim chief executive while the board searches for a permanent successor. Voss's departure follows a 30% fall in sales in the third quarter. Harlen shares fell 4% on the news.",
        url="https://kestratimes.example/harlen-voss",
        source="Kestra Times",
        published_at="2026-11-30T09:15:00+01:00",
        authors=["Mina Okafor"],
    ),
    article(
        "Harlen picks rival's executive as new boss",
        "Harlen Motors has appointed Dana Whitlock, a former executive at rival Ostvik Cars, as its new chief executive, the company said on Friday. Whitlock will take over from interim chief Lukas Brandt on 1 February. She will be paid a base salary of 1.2 million euros a year.",
        url="https://wire.example/harlen-whitlock",
        source="Continental Wire",
        published_at="2026-12-04T08:00:00-05:00",
    ),
    article(
        "Central bank holds rates, signals cut next year",
        "The Kestra central bank kept its main interest rate at 4% on Wednesday for the third meeting in a row. Governor Paul Ambrose said the bank expected to start cutting rates in the spring if inflation kept falling. Inflation eased to 2.9% in November from 3.4% in October. Most economists polled by the Kestra Times expect a first cut of a quarter point in March.",
        url="https://kestratimes.example/rates-hold",
        source="Kestra Times",
        published_at="2026-12-02T14:00:00+01:00",
    ),
    article(
        "Thousands march in Kestra over housing costs",
        "Tens of thousands of people marched through central Kestra on Saturday to protest against rising rents. Police put the crowd at 12,000, while organisers said 45,000 people took part. The march was peaceful, police said, and two people were arrested for vandalism.",
        url="https://kestratimes.example/housing-march",
        source="Kestra Times",
        published_at="2026-11-28T19:30:00+01:00",
    ),
    article(
        "Housing march draws record crowd, organisers say",
        "A record 45,000 people joined Saturday's housing march in Kestra, according to the Tenants' Union, which organised it. Union chair Rosa Ilves said the government must freeze rents for two years. Housing minister Erik Sand said a rent freeze would discourage building.",
        url="https://citypaper.example/march",
        source="Kestra City Paper",
        published_at="2026-11-29T10:00:00+01:00",
    ),
    article(
        "Live: Storm Hale reaches Kestra coast",
        "08:10 Storm Hale made landfall near Port Ilm early on Thursday with gusts of 150 km/h, the weather service said. 09:45 About 60,000 homes are without power, the grid operator said. 11:20 All flights from Kestra airport have been cancelled until at least 18:00. 14:05 A man was killed when a tree fell on his car near Port Ilm, police said.",
        url="https://kestratimes.example/live-hale",
        source="Kestra Times",
        published_at="2026-12-03T08:10:00+01:00",
        modified_at="2026-12-03T14:10:00+01:00",
    ),
    article(
        "Kestra writer Ines Marlow dies at 84",
        'Ines Marlow, the Kestra novelist whose book The Salt Road sold more than two million copies, has died at the age of 84, her publisher said on Tuesday. She died at her home in Port Ilm on Sunday after a short illness. Marlow won the National Book Prize in 1998. The culture minister called her "the voice of our coast".',
        url="https://citypaper.example/marlow",
        source="Kestra City Paper",
        published_at="2026-12-01T12:00:00+01:00",
    ),
    article(
        "Kestra United sack coach after fifth straight defeat",
        "Kestra United have sacked coach Jonas Berg after a 3-0 defeat by Port Ilm Athletic on Sunday, their fifth loss in a row. Assistant coach Maria Quist will take charge of the team for Wednesday's cup match. United are 14th in the 18-team league.",
        url="https://sportdesk.example/berg-sacked",
        source="Sport Desk",
        published_at="2026-11-30T21:00:00+01:00",
    ),
    article(
        "Quist's United win cup tie on penalties",
        "Kestra United beat Lindholm 5-4 on penalties in the cup on Wednesday after a 1-1 draw, in Maria Quist's first match in charge. Goalkeeper Tim Sorel saved two penalties.",
        url="https://sportdesk.example/cup-penalties",
        source="Sport Desk",
        published_at="2026-12-02T22:30:00+01:00",
    ),
    article(
        "New metro line opens a year late",
        "Kestra's new M4 metro line opened to passengers on Thursday, a year behind schedule and 20% over budget. The line cost 2.4 billion euros and links the airport with the city centre in 22 minutes. Transport minister Lea Horn said trains would run every four minutes at peak times.",
        url="https://wire.example/m4-opens",
        source="Continental Wire",
        published_at="2026-12-03T06:00:00-05:00",
    ),
    article(
        "Fare rise for M4 riders angers commuters",
        "A single ticket on the new M4 line will cost 3.80 euros, 1 euro more than on other lines, the transport authority said on Friday. Commuter groups called the surcharge unfair.",
        url="https://citypaper.example/m4-fares",
        source="Kestra City Paper",
        published_at="2026-12-04T11:00:00+01:00",
    ),
]

# From an Atom feed about the storm (session 30): the clean-up's cost.
CLEANUP = article(
    "Storm Hale: clean-up to cost 40 million euros, council says",
    "The clean-up after Storm Hale will cost the Port Ilm council about 40 million euros, its finance chief"
    " Nora Vik said on Saturday. The government has promised to pay half.",
    url="https://portilm.example/news/cleanup-cost",
    source="Port Ilm Gazette",
    published_at="2026-12-05T08:30:00+01:00",
)


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    return indexed(tmp_path_factory.mktemp("kestra"), NEWS, minilm)


def ask(rag: NewsRAG, question: str) -> str:
    return rag.ask(question, llm=False, as_of="2026-12-05").text


def test_when_someone_died_is_the_day_of_the_death_not_of_the_report(rag):
    """ "When did Ines Marlow die?" quoted "... has died at the age of 84, her publisher said on Tuesday." alone:
    the day the death was announced, taken for a date the sentence offers. "She died at her home in Port Ilm on
    Sunday" puts a day after the verb asked about; a day after "said" dates only what was said. "Where did she
    die?" is answered the same way, and "won the National Book Prize in 1998" does not join."""
    q = "When did Ines Marlow die?"
    assert offers("Ines Marlow has died at the age of 84, her publisher said on Tuesday.", "date", q) == 0
    assert offers("The mayor announced on Tuesday that she would resign.", "date", "When did the mayor announce it?")
    for question in (q, "Where did Marlow die?"):
        answer = ask(rag, question)
        assert "She died at her home in Port Ilm on Sunday" in answer
        assert "1998" not in answer


def test_outlets_that_disagree_on_a_crowd_are_both_quoted(rag):
    """ "How many people joined the housing march?" quoted the organisers' 45,000 alone. The Kestra Times' "Police
    put the crowd at 12,000, while organisers said 45,000 people took part." was passed over: its report never
    says "joined", it repeats the quoted 45,000, and the question's words rank it far below the lead."""
    for question in ("How many people joined the housing march?", "How many people marched in Kestra?"):
        answer = ask(rag, question)
        assert "A record 45,000 people joined" in answer
        assert "Police put the crowd at 12,000" in answer


def test_casualties_lead_and_come_from_the_story_asked_about(rag):
    """ "Was anyone killed in the storm?" led with the landfall; "Did anyone die in Storm Hale?" quoted only the
    landfall; "How many people died in the storm?" led with the march's crowd figures. A sentence telling of victims
    in a report on what is asked about leads (the writer's "She died at her home" is not the storm's), and what
    joins it is from such a report. Of the march, no report tells of anyone hurt: that is the answer."""
    assert asks_casualties("How many people died in the storm?")
    for question in (
        "Was anyone killed in the storm?",
        "Did anyone die in Storm Hale?",
        "How many people died in the storm?",
    ):
        answer = rag.ask(question, llm=False, as_of="2026-12-05")
        assert answer.text.startswith("14:05 A man was killed when a tree fell on his car"), question
        assert {c.title for c in answer.citations} == {"Live: Storm Hale reaches Kestra coast"}, question
    hurt = rag.ask("Was anyone hurt at the march?", llm=False, as_of="2026-12-05")
    assert hurt.refused and hurt.text.startswith("None of the passages I found says that anyone was hurt")


def test_who_replaced_someone_is_who_took_the_post(rag):
    """ "Who replaced Greta Voss?" quoted "... Greta Voss stepped down on Monday ..." alone, which names the
    carmaker, and "Who replaced Jonas Berg?" the sacking: a name the question lacks was all "who" asked for. A
    successor is named beside a word for taking a post ("will serve as interim chief executive", "will take
    charge of the team")."""
    assert asks_successor("Who replaced Greta Voss?") and asks_successor("Who is the new coach?")
    assert not asks_successor("Who won the cup?")
    assert ask(rag, "Who replaced Greta Voss?").startswith("Finance director Lukas Brandt will serve as interim")
    assert ask(rag, "Who replaced Jonas Berg?").startswith("Assistant coach Maria Quist will take charge")
    # a post the question names is the post taken: not "... as its new chief executive" for the new coach
    coach = ask(rag, "Who is the new coach?")
    assert coach.startswith("Assistant coach Maria Quist will take charge") and "Whitlock" not in coach


def test_who_won_is_asked_of_the_contest_named(rag):
    """ "Who won the cup match?" led with "Marlow won the National Book Prize in 1998.": a name right before "won"
    filled the slot in a report that never names a cup or a match, and "Kestra United beat Lindholm" did not ("beat"
    is how news says "won")."""
    assert ask(rag, "Who won the cup match?").startswith("Kestra United beat Lindholm 5-4 on penalties")


def test_why_someone_left_is_what_the_departure_follows(rag):
    """ "Why did Voss step down?" quoted "... stepped down on Monday after eight years in the job" alone, its "after
    eight years" read as a cause, and "Voss's departure follows a 30% fall in sales" as none."""
    question = "Why did Voss step down?"
    assert not offers("Greta Voss stepped down on Monday after eight years in the job.", "reason", question)
    assert ask(rag, question).startswith("Voss's departure follows a 30% fall in sales")


def test_she_is_who_the_answer_named(rag):
    """In a chat, "When does she start?" after "Who is Harlen's new chief executive?" (answered "Harlen Motors has
    appointed Dana Whitlock ...") quoted Greta Voss stepping down on Monday: that report is about Harlen's chief
    executive too. She is the one the answer named, and a post is started in other words ("will take over ... on 1
    February")."""
    session = rag.chat(llm=False)
    assert "Dana Whitlock" in session.ask("Who is Harlen's new chief executive?").text
    assert session.ask("When does she start?").text.startswith(
        "Whitlock will take over from interim chief Lukas Brandt on 1 February."
    )
    session = rag.chat(llm=False)
    assert "Maria Quist" in session.ask("Who replaced Jonas Berg?").text
    # in a report on her first match, which never names the coach she replaced
    assert session.ask("How did her first match go?").text.startswith("Kestra United beat Lindholm 5-4 on penalties")


def test_the_latest_on_a_live_page_is_its_newest_entry(rag):
    """ "What is the latest on Storm Hale?" quoted the live page's first entry ("08:10 Storm Hale made landfall
    ...") alone, though the page was updated at 14:10 with "14:05 A man was killed ...": a live page's entries open
    with their time, and its newest one follows its opening, as a marked update does."""
    answer = ask(rag, "What is the latest on Storm Hale?")
    assert answer.startswith("08:10 Storm Hale made landfall")
    assert "14:05 A man was killed when a tree fell on his car" in answer


def test_a_casualty_follow_up_is_asked_of_the_story_before(rag):
    """In chromium: "Was anyone hurt?" after the march's crowd quoted the tenants' demand for a rent freeze, and
    "Did anyone die?" after the latest on Storm Hale quoted the flights and the power cuts: the follow-up named no
    story, so none was asked about, and the sentence telling of the death had been quoted by the answer before."""
    session = rag.chat(llm=False)
    session.ask("How many people joined the housing march?")
    hurt = session.ask("Was anyone hurt?")
    assert hurt.refused and hurt.text.startswith("None of the passages I found says that anyone was hurt")
    session = rag.chat(llm=False)
    session.ask("What is the latest on Storm Hale?")
    assert session.ask("Did anyone die?").text.startswith("14:05 A man was killed when a tree fell on his car")


def test_a_compound_is_mentioned_by_its_parts(tmp_path, minilm):
    """From an Atom feed: "How much will the clean-up cost?" was refused ("None of the passages I found mentions
    the clean-up"), "The clean-up after Storm Hale will cost ..." being read as "clean" and "up". "The cleanup"
    is mentioned by it too; "the tram" still is not."""
    rag = indexed(tmp_path, [CLEANUP], minilm)
    for question in ("How much will the clean-up cost?", "How much will the cleanup cost?"):
        assert "about 40 million euros" in rag.ask(question, llm=False).text
    tram = rag.ask("How much will the tram cost?", llm=False)
    assert tram.refused and "mentions the tram" in tram.text


def test_how_the_outlets_compare_on_a_story_naming_none(rag):
    """ "How did the outlets report the housing march?" and "Do the newspapers agree on the size of the housing
    march?" were answered as any question, from whichever outlet's words were nearer: a reader asking how the
    coverage compares names no outlet. The outlets carrying the story (those whose reports hold what the best one
    holds of the question) are compared, each opened by its name; "Which outlets covered the march?" still lists
    them, and "according to media reports" asks no comparison."""
    assert not asks_outlets_compared("Which outlets covered the housing march?")
    assert not asks_outlets_compared("According to media reports, who won the cup?")
    for question in (
        "How did the outlets report the housing march?",
        "Do the newspapers agree on the size of the housing march?",
    ):
        answer = rag.ask(question, llm=False, as_of="2026-12-05")
        assert answer.text.startswith(("Kestra City Paper: ", "Kestra Times: ")), question
        assert "Kestra City Paper: " in answer.text and "Kestra Times: " in answer.text, question
        assert {c.outlet for c in answer.citations} == {"Kestra City Paper", "Kestra Times"}


def test_what_a_side_wants_is_what_it_says_must_be_done(rag):
    """ "What do the tenants want?" quoted the march and its crowd: the union's demand is put as "Union chair Rosa
    Ilves said the government must freeze rents for two years", which says neither "want" nor "demand"."""
    assert ask(rag, "What do the tenants want?").startswith("Union chair Rosa Ilves said the government must freeze")


def test_what_something_cost_is_told_by_the_sentence_where_it_is_costed(rag):
    """ "How much did the M4 line cost?" led with "A single ticket on the new M4 line will cost 3.80 euros": it
    names the M4 and the line, the newer report; but the line there only says which ticket. "The line cost 2.4
    billion euros" has the line before "cost"."""
    assert ask(rag, "How much did the M4 line cost?").startswith("The line cost 2.4 billion euros")


def test_a_casualty_follow_up_reaches_the_story_s_other_reports(tmp_path, minilm):
    """From the installed wheel, in chromium: "Was anyone killed?" after "How much will the clean-up cost?" (the
    Storm Hale clean-up) was refused, though the storm's live page says "A man was killed ...": the conversation's
    reports were the clean-up's alone. A report whose title names what theirs name is on the story too."""
    live = next(a for a in NEWS if a["title"].startswith("Live: Storm Hale"))
    marlow = next(a for a in NEWS if a["title"].startswith("Kestra writer Ines Marlow"))
    session = indexed(tmp_path, [CLEANUP, live, marlow], minilm).chat(llm=False)
    assert "about 40 million euros" in session.ask("How much will the clean-up cost?").text
    assert session.ask("Was anyone killed?").text.startswith("14:05 A man was killed when a tree fell on his car")
