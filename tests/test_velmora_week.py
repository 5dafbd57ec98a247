"""A hand-written week of Velmora news, polled from three outlets' feeds (a ferry strike and its end, a council
budget two outlets count differently, a storm and its update, job cuts, a cup final): questions a reader asked of
it, and what the answers got wrong."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.answer_type import asks_casualties, fills_slot, offers

from .conftest import article, indexed

NEWS = [
    article(
        "Ferry workers in Velmora walk out over pay",
        'Ferry crews in Velmora began a 48-hour strike on Monday, halting all sailings between the city and the islands of Tarn and Ossel. The Maritime Workers Union said its 420 members rejected an offer of a 3.5% raise. The union wants 7%. Velmora Ferries, the city-owned operator, said about 11,000 passengers a day would be affected. "We have waited two years for a fair offer," said union secretary Pavel Hrdina. The company\'s chief executive, Lotte Brandt, called the strike "deeply irresponsible" and said talks could resume on Thursday.',
        url="https://harbourgazette.example/ferry-strike",
        source="Harbour Gazette",
        published_at="2026-11-30T08:10:00+01:00",
    ),
    article(
        "Velmora ferry strike ends after deal on 5% raise",
        "The ferry strike in Velmora ended on Wednesday after the union and Velmora Ferries agreed a 5% pay rise backdated to July. Sailings to Tarn and Ossel resume on Thursday morning, the company said. Union members will vote on the deal next week. Pavel Hrdina said he would recommend it. The two-day stoppage cost the operator an estimated 600,000 euros in lost fares.",
        url="https://harbourgazette.example/ferry-strike-ends",
        source="Harbour Gazette",
        published_at="2026-12-02T17:45:00+01:00",
    ),
    article(
        "Velmora council passes 2027 budget with cuts to libraries",
        'Velmora city council approved a 1.2 billion euro budget for 2027 on Tuesday night by 27 votes to 18. The budget cuts library opening hours by a fifth and raises parking fees by 10%. Mayor Ilse Varga said the cuts were needed to fund a new tram line to the airport. Opposition leader Samir Haddad said the council had "chosen concrete over books" and promised to reverse the library cuts. The tram line is due to open in 2029 and will cost 340 million euros.',
        url="https://velmoracourier.example/budget",
        source="Velmora Courier",
        published_at="2026-12-01T21:00:00+01:00",
    ),
    article(
        "Velmora approves budget, trims library hours",
        "Velmora city council approved a 1.2 billion euro budget for 2027 on Tuesday night by 26 votes to 19. The budget cuts library opening hours by a fifth and raises parking fees by 10%. Mayor Ilse Varga said the savings would help pay for a tram line to the airport.",
        url="https://nordwire.example/velmora-budget",
        source="Nordwire",
        published_at="2026-12-01T22:30:00+01:00",
    ),
    article(
        "Storm Edda brings flooding to Velmora's old town",
        "Storm Edda brought gusts of up to 130 km/h to Velmora overnight, flooding streets in the old town and cutting power to 8,000 homes. Firefighters rescued two people from a car trapped by floodwater on Quay Street. The national weather service kept its orange warning in place until Thursday evening. Schools in the old town will stay closed on Thursday, the city said.",
        url="https://velmoracourier.example/storm",
        source="Velmora Courier",
        published_at="2026-12-03T07:30:00+01:00",
    ),
    article(
        "Storm Edda: power back for most homes",
        "Power has been restored to all but 900 of the 8,000 homes that lost it when Storm Edda hit Velmora, the grid operator said on Thursday evening. One man, aged 71, died when a tree fell on his car near Ossel, police said. The orange warning was lifted at 6 pm.",
        url="https://harbourgazette.example/storm-update",
        source="Harbour Gazette",
        published_at="2026-12-03T19:15:00+01:00",
    ),
    article(
        "Brightwave to cut 350 jobs at its Velmora plant",
        'Battery maker Brightwave will cut 350 of the 1,400 jobs at its Velmora plant, the company said on Wednesday, blaming weak demand for electric cars. The cuts will be made by March. Brightwave said it would offer voluntary redundancy first. Mayor Ilse Varga said she was "shocked" and would meet the company\'s managers on Friday.',
        url="https://velmoracourier.example/brightwave",
        source="Velmora Courier",
        published_at="2026-12-02T10:00:00+01:00",
    ),
    article(
        "Velmora Rovers win the Coastal Cup",
        "Velmora Rovers beat Stenby Athletic 3-1 in the Coastal Cup final on Sunday, their first trophy in 19 years. Striker Nika Olsen scored twice and captain Erik Dahl added the third with a header. Stenby's consolation goal came from a penalty by Lars Moen in the 88th minute. About 21,000 fans watched the match at Harbour Park.",
        url="https://harbourgazette.example/cup-final",
        source="Harbour Gazette",
        published_at="2026-11-29T22:00:00+01:00",
    ),
]


@pytest.fixture(scope="module")
def velmora(minilm, tmp_path_factory) -> NewsRAG:
    return indexed(tmp_path_factory.mktemp("velmora"), NEWS, minilm)


def test_who_died_is_answered_by_the_death_not_the_storm(velmora):
    """ "Who died in the storm?" led with the storm's gusts and the power cut, and never quoted "One man, aged 71,
    died": it asks whether the storm had victims, as "Did anyone die?" does (not "Who killed him?")."""
    assert asks_casualties("Who died in the storm?") and asks_casualties("Who was hurt?")
    assert not asks_casualties("Who killed the mayor?")
    assert velmora.ask("Who died in the storm?", llm=False).text.startswith("One man, aged 71, died")


def test_a_wind_is_as_strong_as_its_speed(velmora):
    """ "How strong were the winds?" was refused ("None of the passages mentions the winds": the report says
    "gusts"), and once found, the update's "Power has been restored to all but 900 ..." led as a newer figure."""
    answer = velmora.ask("How strong were the winds?", llm=False)
    assert answer.text.startswith("Storm Edda brought gusts of up to 130 km/h")
    assert "Power has been restored" not in answer.text


def test_a_cost_question_is_not_answered_with_another_storys_cost(velmora):
    """ "How much did the strike cost?" quoted the stoppage's cost, then the tram's "will cost 340 million euros"
    from a budget report, which never says "strike"."""
    text = velmora.ask("How much did the strike cost?", llm=False).text
    assert "600,000 euros" in text and "340 million" not in text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # "The company's chief executive" of a report on Velmora Ferries, though "Ferry crews in Velmora ..." is nearer
        ("Who runs Velmora Ferries?", "The company's chief executive, Lotte Brandt"),
        # a union's secretary leads it; the company's chief executive does not
        ("Who leads the union?", '"We have waited two years for a fair offer," said union secretary Pavel Hrdina.'),
        # who someone is: the sentence giving his title, not "Pavel Hrdina said he would recommend it."
        ("Who is Pavel Hrdina?", '"We have waited two years for a fair offer," said union secretary Pavel Hrdina.'),
        ("Who scored for Stenby?", "Stenby's consolation goal came from a penalty by Lars Moen"),
        # the reason, not "The budget cuts library opening hours by a fifth", nor a job cut's "blaming weak demand"
        ("Why are libraries being cut?", "Mayor Ilse Varga said the cuts were needed to fund a new tram line"),
        ("Why did the ferry workers strike?", "The Maritime Workers Union said its 420 members rejected an offer"),
    ],
)
def test_who_and_why_questions_lead_with_what_answers_them(velmora, question, lead):
    assert velmora.ask(question, llm=False).text.startswith(lead)


def test_a_role_is_the_one_asked_about():
    """A role said to be of something else is not the one asked about; a name or no owner may be it."""
    question = "Who leads the union?"
    assert not fills_slot("The company's chief executive, Lotte Brandt, called the strike irresponsible.", question)
    assert fills_slot("Rosa Delgado, the union's leader, said talks failed.", question)
    assert fills_slot("Its new leader, Rosa Delgado, said talks failed.", question)
    assert fills_slot("The company's chief executive, Lotte Brandt, said so.", "Who runs Velmora Ferries?")
    assert fills_slot("Hrdina, 52, said no.", "Who is Pavel Hrdina?")
    assert not fills_slot("Talks with Pavel Hrdina failed.", "Who is Pavel Hrdina?")


def test_who_is_the_mayor_quotes_no_other_news(velmora):
    """ "Who is the mayor of Velmora?" quoted "Mayor Ilse Varga said ..." and then the storm, which names Velmora:
    what joins a role's answer names the role too."""
    answer = velmora.ask("Who is the mayor of Velmora?", llm=False)
    assert answer.text.startswith("Mayor Ilse Varga said")
    assert "Storm Edda" not in answer.text


def test_due_to_open_is_no_cause():
    assert not offers("The tram line is due to open in 2029.", "reason", "Why is the tram late?")
    assert offers("The tram line is late due to the storm.", "reason", "Why is the tram late?")


def test_outlets_compared_in_a_chat_carry_the_story(velmora):
    """ "Do the outlets agree on the vote?" after the budget's vote compared the Harbour Gazette too, with its ferry
    report's "Union members will vote on the deal next week"."""
    chat = velmora.chat(llm=False)
    chat.ask("How many votes did the budget pass by?")
    answer = chat.ask("Do the outlets agree on the vote?")
    assert {c.outlet for c in answer.citations} == {"Nordwire", "Velmora Courier"}
    assert "27 votes to 18" in answer.text and "26 votes to 19" in answer.text
    # the reader is told where they differ, which two nearly equal sentences hide
    assert answer.note == "The figures differ: Nordwire “26 votes to 19”, Velmora Courier “27 votes to 18”."


def test_a_raise_is_a_rise(velmora):
    """ "How much of a raise did they get?" after the strike's end quoted the rejected 3.5% offer alone: the deal
    says "pay rise"."""
    chat = velmora.chat(llm=False)
    chat.ask("Is the ferry strike over?")
    assert chat.ask("How much of a raise did they get?").text.startswith("The ferry strike in Velmora ended")


def test_a_stoppage_is_the_strike_in_a_chat(velmora):
    """In a chat, "How much did the strike cost?" after "Who runs Velmora Ferries?" led with "The ferry strike in
    Velmora ended ..." (a 5% rise, no cost) above "The two-day stoppage cost the operator ...": a stoppage is the
    strike, so that sentence says what the strike cost."""
    chat = velmora.chat(llm=False)
    chat.ask("What happened with the ferry strike?")
    chat.ask("Who runs Velmora Ferries?")
    assert chat.ask("How much did the strike cost?").text.startswith("The two-day stoppage cost the operator")


def test_what_money_pays_for_is_a_reason(velmora):
    """ "What will the budget pay for?" quoted the vote and the cuts; what it pays for is a purpose."""
    assert velmora.ask("What will the budget pay for?", llm=False).text.startswith("Mayor Ilse Varga said the")


def test_tell_me_more_first_says_what_to_do(velmora):
    """ "Tell me more" as a chat's first question said "I found nothing in the indexed news that answers this
    question"; it asks for more on a story, so the reader is told to ask about one first."""
    chat = velmora.chat(llm=False)
    first = chat.ask("Tell me more")
    assert first.refused and "ask about one first" in first.text
    chat.ask("How many jobs is Brightwave cutting?")
    assert not chat.ask("Tell me more").refused


def test_a_why_follow_up_keeps_the_reason(velmora):
    """In a chat, "Why were libraries cut?" after the outlets' vote counts quoted the cuts and the opposition: the
    mayor's "the cuts were needed to fund a new tram line" does not say "libraries", so it fell out as naming too
    little of the follow-up."""
    chat = velmora.chat(llm=False)
    chat.ask("Do the outlets agree on the budget vote?")
    assert chat.ask("Why were libraries cut?").text.startswith("Mayor Ilse Varga said the cuts were needed")


def one_report(minilm, tmp_path, title: str, slug: str, text: str) -> NewsRAG:
    """One Velmora Courier report of 6 December, indexed."""
    url = f"https://velmoracourier.example/{slug}"
    news = [article(title, text, url=url, source="Velmora Courier", published_at="2026-12-06T09:00:00+01:00")]
    return indexed(tmp_path, news, minilm)


TRAM_DELAY = article(
    "Velmora tram line faces one-year delay as costs rise",
    "The airport tram line in Velmora will open a year late, in 2030, and cost 410 million euros instead of"
    " 340 million, the city's transport department said on Saturday. Officials blamed higher steel prices and"
    " a dispute with the main contractor, Nordbau, over drainage works. Deputy mayor Kai Lund said the extra 70"
    ' million euros would come from the city\'s reserves and "not from libraries". Opposition leader Samir Haddad'
    ' called the delay "a scandal" and demanded an independent review.',
    url="https://velmoracourier.example/tram-delay",
    source="Velmora Courier",
    published_at="2026-12-05T14:20:00+01:00",
)


@pytest.fixture(scope="module")
def tram(minilm, tmp_path_factory) -> NewsRAG:
    """The two budget reports (each says the cuts pay for the tram) and the tram's delay."""
    return indexed(tmp_path_factory.mktemp("tram"), [NEWS[2], NEWS[3], TRAM_DELAY], minilm)


@pytest.mark.parametrize(
    "question", ["Why is the tram late?", "Why is the tram delayed?", "Why was the tram postponed?"]
)
def test_why_is_answered_by_the_reason_for_what_it_asks(tram, question):
    """ "Why is the tram late?" led with the budget's "the cuts were needed to fund a new tram line" (a reason, but for
    the cuts) and never quoted "Officials blamed higher steel prices ...", which the delay's report gives right after
    "... will open a year late": a reason said of what the question asks leads, the other reasons go, and what it
    explains follows it. A delay is said "late" and "postponed" too."""
    text = tram.ask(question, llm=False).text
    assert text.startswith("Officials blamed higher steel prices")
    assert "will open a year late" in text
    assert "cuts were needed" not in text and "savings would help" not in text


def test_who_opposes_it_is_the_opposition(tram):
    """ "Who opposes it?" after the tram's news quoted the mayor, who is for it: "opposes" is what the opposition
    does."""
    chat = tram.chat(llm=False)
    chat.ask("What is happening with the tram?")
    assert chat.ask("Who opposes it?").text.startswith("Opposition leader Samir Haddad called the delay")


def test_a_reports_own_question_is_no_answer(minilm, tmp_path):
    """Found in chromium over jan's index: "who won the golden globes?" quoted "Who won big at the 76th annual Golden
    Globes, honoring the best TV shows?" as its third sentence. A sentence asking something states nothing."""
    rag = one_report(
        minilm,
        tmp_path,
        "Harbour Lights wins best film at the Velmora Film Awards",
        "film-awards",
        "Harbour Lights won best film at the Velmora Film Awards on Saturday. Who won big at the Velmora Film"
        " Awards, and who went home empty-handed? Director Mia Sand won best director for North Wind."
        " The ceremony was held at the Old Customs House.",
    )
    text = rag.ask("who won big at the film awards?", llm=False).text
    assert text.startswith("Harbour Lights won best film")
    assert "?" not in text


def test_a_reports_own_question_or_label_does_not_lead(minilm, tmp_path):
    """Found in chromium over jan's index: "what is the mega millions jackpot" was answered "What is the jackpot for
    the Mega Millions?", and then "... the winning number for the mega millions jackpot was:"."""
    rag = one_report(
        minilm,
        tmp_path,
        "Velmora Lotto jackpot grows",
        "lotto",
        "What is the jackpot for the Velmora Lotto?\n\nThe winning numbers for the Velmora Lotto jackpot were:"
        "\n\nThe Velmora Lotto jackpot rose to 12 million euros after no one won on Saturday.",
    )
    text = rag.ask("what is the velmora lotto jackpot", llm=False).text
    assert text.startswith("The Velmora Lotto jackpot rose to 12 million euros")


def test_what_a_report_says_after_its_own_question_answers_it(minilm, tmp_path):
    """Found with a news page saved to a text file: "why is the bridge closing" quoted the closure, not "Engineers found
    corrosion ...", which the page gives right after its own "Why is the bridge closing?"."""
    rag = one_report(
        minilm,
        tmp_path,
        "Harbour bridge in Velmora to close for repairs",
        "bridge-repairs",
        "The harbour bridge in Velmora will close for eight weeks from 10 January for repairs costing 6.1 million"
        " euros, the council said on Thursday.\n\nWhy is the bridge closing? Engineers found corrosion in two of its"
        " steel cables during an inspection in October.",
    )
    text = rag.ask("why is the bridge closing", llm=False).text
    assert text.startswith("Engineers found corrosion in two of its steel cables")


def test_what_someone_said_is_where_they_say_it(minilm, tmp_path):
    """Found in chromium over jan's index: "what did biden say about the classified documents?" led with a headline's
    label ("Biden classified documents: What we know ...") and then "... found by aides to President Joe Biden ...,
    according to media reports", where the reports say it, not Biden; "Biden told reporters he was 'surprised'" is
    what he said."""
    rag = one_report(
        minilm,
        tmp_path,
        "Varga tram plan: what we know",
        "tram-plan",
        "Varga tram plan: What we know and how it compares to Stenby's line. The first section of the tram line"
        " was approved by a council led by Mayor Ilse Varga, according to city records. Varga told reporters the"
        ' line was "worth every euro" of its cost.',
    )
    text = rag.ask("What did Varga say about the tram plan?", llm=False).text
    assert text.startswith("Varga told reporters the line was")


def test_why_someone_said_it_is_the_reason_for_what_they_said(minilm, tmp_path):
    """Found in chromium over jan's index: "why did bed bath and beyond say it may go bankrupt?" led with its store
    closures' "in a bid to turn around its beleaguered business" (a reason, for the closures): the warning "... may
    need to file for bankruptcy as sales continue to drop" gives the reason for what it asks."""
    rag = one_report(
        minilm,
        tmp_path,
        "Brightwave warns it may close its Velmora plant",
        "brightwave-plant",
        "In March, Brightwave announced it would cut 350 jobs in a bid to lower its costs. Brightwave warned on"
        " Thursday that it may have to close its Velmora plant as orders continue to drop.",
    )
    text = rag.ask("why did brightwave say it may close the plant", llm=False).text
    assert text.startswith("Brightwave warned on Thursday that it may have to close")


def test_a_place_is_the_town_a_report_names_by_its_kind(minilm, tmp_path):
    """Found in chromium over jan's index: "where did the plane crash in nepal" led with "Search for the missing
    underway in Nepal plane crash ruin", whose only place the question names; "... on its approach to the tourist town
    of Pokhara" says where."""
    rag = one_report(
        minilm,
        tmp_path,
        "Small plane crashes in Velmora region",
        "plane-crash",
        "Search for the missing underway in Velmora plane crash. A small passenger plane crashed in Velmora on"
        " Monday on its approach to the fishing town of Brisk, killing four of the six people aboard.",
    )
    text = rag.ask("where did the plane crash in velmora", llm=False).text
    assert text.startswith("A small passenger plane crashed in Velmora on Monday")


def test_a_bare_why_is_answered_from_the_report_just_quoted(minilm, tmp_path):
    """ "Why?" after "When will the tram open?" (answered by the delay's "... will open a year late, in 2030") led
    with the budget report's "the cuts were needed to fund a new tram line", then with the opposition's
    "demanded an independent review": the delay's report gives the reason first ("Officials blamed ...")."""
    news = [
        NEWS[2],  # the budget, with the tram's first date and cost
        article(
            "Velmora tram line faces one-year delay as costs rise",
            "The airport tram line in Velmora will open a year late, in 2030, and cost 410 million euros instead of"
            " 340 million, the city's transport department said on Saturday. Officials blamed higher steel prices and"
            " a dispute with the main contractor, Nordbau, over drainage works. Opposition leader Samir Haddad called"
            ' the delay "a scandal" and demanded an independent review.',
            url="https://velmoracourier.example/tram-delay",
            source="Velmora Courier",
            published_at="2026-12-05T14:20:00+01:00",
        ),
    ]
    chat = indexed(tmp_path, news, minilm).chat(llm=False)
    assert chat.ask("When will the tram open?").text.startswith(
        "The airport tram line in Velmora will open a year late"
    )
    assert chat.ask("Why?").text.startswith("Officials blamed higher steel prices")


def test_do_the_outlets_agree_asks_about_the_conversation(velmora):
    """ "do the outlets agree?" after the budget's vote, typed with nothing of its own, was refused ("I found nothing
    in the indexed news that answers this question"); then it compared the ferry report too, whose "Union members
    will vote on the deal" shares "vote" with the budget question."""
    chat = velmora.chat(llm=False)
    chat.ask("how many votes did the budget pass by")
    answer = chat.ask("do the outlets agree?")
    assert {c.outlet for c in answer.citations} == {"Nordwire", "Velmora Courier"}


def test_what_an_outlet_said_about_a_story_is_each_of_its_reports(velmora):
    """ "What did the Harbour Gazette say about the strike?" quoted its first report only: its later "The ferry strike
    in Velmora ended on Wednesday ..." is less like the question than the walkout's sentences. Each of its reports
    on the strike gives its best sentence, the newest first."""
    text = velmora.ask("What did the Harbour Gazette say about the strike?", llm=False).text
    assert text.startswith("The ferry strike in Velmora ended on Wednesday")
    assert "Ferry crews in Velmora began a 48-hour strike" in text


def test_a_count_leads_before_a_rough_one(minilm, tmp_path):
    """Found in chromium over real news: "how many people were killed in the nepal plane crash" led with a digest's
    "Dozens killed in ... plane crash." and only then quoted its "... killing 68 of the 72 people aboard"."""
    text = (
        one_report(
            minilm,
            tmp_path,
            "Velmora ferry disaster: what we know",
            "ferry-what-we-know",
            "Dozens of people were killed in the Velmora ferry disaster. A passenger ferry sank in a storm off Velmora on"
            " Saturday, killing 41 of the 57 people aboard, the coast guard said. Rescue boats searched the bay through"
            " the night.",
        )
        .ask("how many people were killed in the velmora ferry disaster", llm=False)
        .text
    )
    assert text.startswith("A passenger ferry sank in a storm off Velmora on Saturday, killing 41 of the 57 people")


def test_a_digest_s_next_item_gives_no_reason(minilm, tmp_path):
    """Found in chromium over real news: "why did the plane crash in nepal" led with a digest's "Also in the news:
    House Republicans are asking for more information about ...", a demand, said right after the crash's sentence.
    A sentence a label opens starts another item: naming nothing the question asks about, it is no reason for it."""
    text = (
        one_report(
            minilm,
            tmp_path,
            "Morning digest: ferry sinks off Velmora, budget vote, storm warning",
            "morning-digest",
            "A passenger ferry sank in a storm off Velmora on Saturday, killing 41 of the 57 people aboard. Divers"
            " recovered the ship's data recorder on Sunday. Also in the news: opposition councillors are asking for"
            " more information about the city's budget cuts. Forecasters warn of another storm on Tuesday.",
        )
        .ask("why did the ferry sink off velmora", llm=False)
        .text
    )
    assert "Also in the news" not in text.split("[1]")[0]


def test_a_prompt_sending_the_reader_elsewhere_is_not_quoted(minilm, tmp_path):
    """Found over real news: "Is Damar Hamlin still in hospital?" quoted "For the latest on Hamlin, visit our live
    updates here.", a link's prompt inside an editor's note, which no ingest rule on whole paragraphs removes."""
    text = (
        one_report(
            minilm,
            tmp_path,
            "Harbour Road collapse: rescuers pull 12 from rubble",
            "harbour-road-rescue",
            "Rescuers pulled 12 people from the collapsed Harbour Road building in Velmora on Sunday. Editor's note: the"
            " city updated the count on Sunday evening. For the latest on the Harbour Road rescue, visit our live updates"
            " here. The search will continue overnight, the fire service said.",
        )
        .ask("what's the latest on the harbour road rescue", llm=False)
        .text
    )
    assert "Rescuers pulled 12 people" in text and "live updates" not in text
