"""A hand-written week of Orvena news (a mayoral runoff whose turnout two outlets count differently, a football
match, inflation and a delayed rate cut, job cuts raised after a wire story ran in two papers, a minister jailed, an
earthquake, a corrected repair bill): questions a reader asked of it, and what the answers got wrong."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.answer_type import fills_slot, offers, question_type

from .conftest import article, indexed

NEWS = [
    article(
        "Tomas Rell elected mayor of Orvena in runoff",
        "Tomas Rell of the Green Alliance was elected mayor of Orvena on Sunday, winning the runoff with 52.3% of the vote. His rival, incumbent mayor Edith Saar, took 47.7% and conceded shortly before midnight. Turnout was 61%, the city's election office said. Rell, 44, a former schools inspector, has promised free buses for under-18s and 4,000 new homes by 2030. He will be sworn in on 15 December.",
        url="https://orvenapost.example/politics/rell-wins",
        source="Orvena Post",
        published_at="2026-11-30T07:40:00+01:00",
        authors=["Lea Marsh"],
    ),
    article(
        "Low turnout clouds Rell's victory",
        "Only 58% of registered voters cast a ballot in Sunday's mayoral runoff, down from 66% four years ago, according to the Northern Herald's count of official district tallies. Tomas Rell won by about 9,000 votes. Saar said she would stay on the city council as leader of the opposition.",
        url="https://northernherald.example/orvena-turnout",
        source="Northern Herald",
        published_at="2026-12-01T10:05:00+01:00",
    ),
    article(
        "Orvena FC beat Lindholm 3-1 to go top",
        "Sami Kader scored twice as Orvena FC beat Lindholm United 3-1 on Saturday to go top of the Northern League. Kader opened the scoring in the 12th minute and added a second from the penalty spot after the break. Jonah Pellet headed the third. Lindholm's consolation came from Rui Tavares in stoppage time. Orvena finished ninth last season, their worst finish in a decade. Coach Mara Osei said the win was the best performance of her two years in charge.",
        url="https://orvenapost.example/sport/orvena-lindholm",
        source="Orvena Post",
        published_at="2026-12-05T19:30:00+01:00",
    ),
    article(
        "Orvena inflation rises to 3.1% in November",
        "Consumer prices in Orvena rose 3.1% in November from a year earlier, up from 2.7% in October, the statistics office said on Thursday. Higher heating and food costs drove the increase. Food prices rose 5.4% year on year. Analysts had expected inflation of 2.9%.",
        url="https://northernherald.example/economy/inflation-november",
        source="Northern Herald",
        published_at="2026-12-03T11:00:00+01:00",
    ),
    article(
        "Central bank likely to delay rate cut, economists say",
        "The Orvena central bank is unlikely to cut interest rates at its meeting next week after inflation rose faster than expected, economists said. The bank's main rate has stood at 3.5% since July. Eight of ten economists polled by the Northern Herald now expect the first cut in March, against December before the inflation figures.",
        url="https://northernherald.example/economy/rate-cut-delay",
        source="Northern Herald",
        published_at="2026-12-04T09:20:00+01:00",
    ),
    article(
        "Nordvik Telecom to cut 800 jobs",
        "Nordvik Telecom will cut 800 jobs, about 6% of its workforce, by the end of next year, the company said on Tuesday. Chief executive Ivo Brann said the cuts would save 90 million euros a year. Most of the jobs will go in customer service, which the company is moving online.",
        url="https://baltwire.example/nordvik-jobs",
        source="Baltic Wire",
        published_at="2026-12-01T13:00:00+01:00",
    ),
    article(
        "Nordvik Telecom to cut 800 jobs",
        "Nordvik Telecom will cut 800 jobs, about 6% of its workforce, by the end of next year, the company said on Tuesday. Chief executive Ivo Brann said the cuts would save 90 million euros a year. Most of the jobs will go in customer service, which the company is moving online.",
        url="https://orvenapost.example/business/nordvik-jobs",
        source="Orvena Post",
        published_at="2026-12-01T13:25:00+01:00",
    ),
    article(
        "Nordvik raises job cuts to 1,100 as unions call strike",
        "Nordvik Telecom said on Friday it would cut 1,100 jobs, not 800 as announced on Tuesday, after adding its network division to the plan. The Orvena telecom workers' union called a one-day strike for 14 December.",
        url="https://baltwire.example/nordvik-jobs-raised",
        source="Baltic Wire",
        published_at="2026-12-04T16:45:00+01:00",
    ),
    article(
        "Ex-minister Ada Lind jailed for four years for bribery",
        "Former transport minister Ada Lind was sentenced to four years in prison on Wednesday for taking bribes from a road-building firm. The Orvena district court found that Lind accepted 340,000 euros in exchange for contracts between 2019 and 2021. Her lawyer said she would appeal. Lind, who resigned in 2022, has denied wrongdoing.",
        url="https://orvenapost.example/courts/lind-sentenced",
        source="Orvena Post",
        published_at="2026-12-02T15:10:00+01:00",
    ),
    article(
        "Earthquake shakes northern Orvena, no injuries reported",
        "A magnitude 4.8 earthquake struck northern Orvena early on Thursday, the national seismology institute said. The epicentre was 12 km north of the town of Vessby, at a depth of 9 km. No injuries were reported, but some buildings in Vessby had cracked walls.",
        url="https://northernherald.example/quake-vessby",
        source="Northern Herald",
        published_at="2026-12-03T06:50:00+01:00",
    ),
    article(
        "Harbour bridge repairs to cost 21 million euros",
        "Repairs to Orvena's harbour bridge will cost 21 million euros and take until summer 2027, the city said on Monday. The bridge has been closed to lorries since October, when inspectors found corroded cables. Correction, 1 December: An earlier version of this article said the repairs would cost 12 million euros. They will cost 21 million euros.",
        url="https://orvenapost.example/city/bridge-repairs",
        source="Orvena Post",
        published_at="2026-11-30T12:00:00+01:00",
    ),
]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    return indexed(tmp_path_factory.mktemp("orvena"), NEWS, minilm)


def ask(rag: NewsRAG, question: str) -> str:
    return rag.ask(question, llm=False, as_of="2026-12-06").text


def test_who_won_is_asked_of_the_contest_named_beside_its_names(rag):
    """ "Who won the Orvena mayoral election?" led with "Sami Kader scored twice as Orvena FC beat Lindholm United":
    the football report names Orvena, and "beat" is "won"; what the question says was won besides its names
    ("mayoral election") is in the election reports alone. "Was elected" is winning one."""
    for question in ("Who won the Orvena mayoral election?", "Who won the mayoral election?"):
        assert ask(rag, question).startswith("Tomas Rell "), question
    assert ask(rag, "Who scored for Orvena FC?").startswith("Sami Kader scored twice")


def test_outlets_counting_a_turnout_differently_are_both_quoted(rag):
    """ "What was the turnout in the mayoral runoff?" quoted the Northern Herald's 58% alone: a turnout was no
    figure question, and the Orvena Post's report says "mayor", not "mayoral". Its "Turnout was 61%" joins."""
    assert question_type("What was the turnout in the mayoral runoff?") == "number"
    assert question_type("What was the outcome of the runoff?") == "other"
    answer = ask(rag, "What was the turnout in the mayoral runoff?")
    assert "58%" in answer and "Turnout was 61%" in answer


def test_how_strong_a_quake_was_is_its_magnitude(rag):
    """ "How strong was the earthquake?" led with a newer report's "damage in 37 homes": a count of homes is no
    reading of the quake's strength, which a newer report does not update."""
    assert question_type("How strong was the earthquake?") == "number"
    assert fills_slot("A magnitude 4.8 earthquake struck", "How strong was the earthquake?")
    assert not fills_slot("Engineers found damage in 37 homes", "How strong was the earthquake?")
    for question in ("How strong was the earthquake?", "What was the magnitude of the earthquake?"):
        assert ask(rag, question).startswith("A magnitude 4.8 earthquake struck northern Orvena"), question


def test_a_place_given_by_its_bearing_from_a_town_answers_where(rag):
    """ "Where was the epicentre of the earthquake?" led with the damage "in Vessby" from a newer report: "12 km north
    of the town of Vessby" gives a place too, and a clear one."""
    question = "Where was the epicentre of the earthquake?"
    assert offers("The epicentre was 12 km north of the town of Vessby.", "place", question) == 1.0
    assert offers("He went north of the border.", "place", question) == 0.0
    assert ask(rag, question).startswith("The epicentre was 12 km north of the town of Vessby")


def test_an_age_is_given_as_news_gives_one(rag):
    """ "How old is Tomas Rell?" led with "Tomas Rell won by about 9,000 votes", a newer report's figure: news gives
    an age after the name ("Rell, 44, a former schools inspector"), as "aged 44" or "the 44-year-old"."""
    assert fills_slot("Rell, 44, a former schools inspector, has promised free buses", "How old is Tomas Rell?")
    assert fills_slot("the seven-year-old mother Ilsa", "How old is Ilsa?")
    assert fills_slot("Lucile Randon, a 118-year old French nun", "What age was she?")
    assert not fills_slot("Saar, 52, conceded", "How old is Tomas Rell?")  # another's age
    assert not fills_slot("Tomas Rell won by about 9,000 votes.", "How old is Tomas Rell?")
    assert ask(rag, "How old is Tomas Rell?").startswith("Rell, 44, a former schools inspector")


def test_how_strong_or_how_old_asks_with_its_adjective(rag):
    """In a chat about the runoff, "How strong was the earthquake?" was searched with the conversation and answered
    "Turnout was 61%": no report says "strong", so it seemed to name too little of its own to be asked alone. "How
    strong" and "how old" ask with their adjective, as "how long will it take" does with "take". And "How old is
    he?" after "Who won the mayoral election?" is answered by "Rell, 44"."""
    session = rag.chat(llm=False)
    session.ask("Who won the mayoral election?")
    session.ask("What did his rival do?")
    assert session.ask("How strong was the earthquake?").text.startswith("A magnitude 4.8 earthquake struck")
    session = rag.chat(llm=False)
    session.ask("Who won the mayoral election?")
    age = session.ask("How old is he?")
    assert age.text.startswith("Rell, 44, a former schools inspector")
    assert "9,000 votes" not in age.text and "58%" not in age.text  # what joins an age gives one too


def test_every_outlet_carrying_the_story_is_compared(rag):
    """ "Do the outlets agree on the turnout?" quoted the Northern Herald alone: the Orvena Post's report carries the
    story ("Turnout was 61%") but is less like the question than a refusal's threshold, which only outlets the
    question names are held to."""
    answer = ask(rag, "Do the outlets agree on the turnout?")
    assert "Orvena Post: Turnout was 61%" in answer and "Northern Herald: Only 58%" in answer


def test_how_much_is_no_length_of_time(rag):
    """ "How much did Lind take in bribes?" quoted "sentenced to four years in prison ... for taking bribes" alone,
    "four years" passing for a sum: "how much" never asks a length of time. "Lind accepted 340,000 euros" leads."""
    question = "How much did Lind take in bribes?"
    assert offers("Lind was sentenced to four years in prison for taking bribes.", "amount", question) == 0.0
    assert offers("He was fined 300 for it.", "amount", question) == 0.5
    assert offers("The search took three hours.", "amount", "How much time did the search take?") == 0.5
    assert ask(rag, question).startswith("The Orvena district court found that Lind accepted 340,000 euros")


def test_a_yes_or_no_question_is_answered_by_its_verb(rag):
    """ "Will Lind appeal?" led with "Lind, who resigned in 2022, has denied wrongdoing." and quoted "Her lawyer said
    she would appeal." last: the sentence holding what it asks whether she does answers it. It went after the sentence
    naming whom "her" stands for until session 48; the question names her, so the answer now leads."""
    assert fills_slot("Her lawyer said she would appeal.", "Will Lind appeal?")
    assert not fills_slot("Lind, who resigned in 2022, has denied wrongdoing.", "Will Lind appeal?")
    assert fills_slot("Tomas Rell won by about 9,000 votes.", "Did Rell win?")
    answer = ask(rag, "Will Lind appeal?")
    assert answer.index("Her lawyer said she would appeal.") < answer.index("Lind, who resigned in 2022")
    assert answer.startswith("Her lawyer said she would appeal.")  # the reader knows whom "her" stands for


def test_a_bare_follow_up_finds_no_disagreement_in_another_story(rag):
    """ "When?" after "Is there a strike?" quoted the union's "one-day strike for 14 December" and then "A magnitude
    4.8 earthquake struck northern Orvena early on Thursday" as another outlet's date: "struck" is a form of
    "strike", and "When?" names nothing else. Another outlet's date comes from a report on the story (its title
    sharing the lead report's words)."""
    session = rag.chat(llm=False)
    session.ask("Is there a strike?")
    assert session.ask("When?").text == "The Orvena telecom workers' union called a one-day strike for 14 December. [1]"


def test_why_is_answered_by_what_it_is_for_from_a_quoted_report(rag):
    """ "Why is Nordvik cutting jobs?" (and "Why?" after "How many jobs will Nordvik cut?") quoted the two job-cut
    reports and no reason: "the cuts would save 90 million euros a year" says what they are for, in a quoted
    report that is not the lead's."""
    assert offers("Chief executive Ivo Brann said the cuts would save 90 million euros a year.", "reason", "Why?")
    assert ask(rag, "Why is Nordvik cutting jobs?").startswith("Chief executive Ivo Brann said the cuts would save")
    session = rag.chat(llm=False)
    session.ask("How many jobs will Nordvik cut?")
    assert session.ask("Why?").text.startswith("Chief executive Ivo Brann said the cuts would save")


def test_the_latest_news_is_the_newest_reports(tmp_path, minilm):
    """ "What is the latest news?" (the web UI's example question) digested the week's reports whose words were
    nearest "latest news", and left out Saturday's match and market, the newest two. Asked for the latest, the
    week's newest reports lead, newest first."""
    market = article(
        "Vessby Christmas market opens",
        "The Christmas market on Vessby's main square opened on Saturday with 60 stalls. It runs until 23 December.",
        url="https://vessbycourier.example/market",
        source="Vessby Courier",
        published_at="2026-12-05T10:00:00+01:00",
    )
    rag = indexed(tmp_path, [*NEWS, market], minilm)
    for question in ("What is the latest news?", "What's new?"):
        answer = rag.ask(question, llm=False, as_of="2026-12-06")
        assert answer.text.startswith("Sami Kader scored twice"), question
        assert [c.title for c in answer.citations][:2] == [
            "Orvena FC beat Lindholm 3-1 to go top",
            "Vessby Christmas market opens",
        ], question


def test_a_report_s_marked_update_of_a_count_leads(tmp_path, minilm):
    """From a feed whose entry was updated in place (`newsrag watch`): "How many homes were damaged in Vessby?"
    quoted Friday's "damage in 37 homes" alone, though the report now says "Update, Saturday 11:20: The council
    now puts the damage at 52 homes.": the update is the report's own, so no newer report superseded the count."""
    updated = article(
        "Vessby counts the cost of Thursday's quake",
        "Engineers have found damage in 37 homes and the old grain store in Vessby after Thursday's earthquake, the"
        " town council said on Friday.\n\nUpdate, Saturday 11:20: The council now puts the damage at 52 homes.\n\n"
        "Two families were moved to a hotel. The council estimates repairs at 1.5 million euros.",
        url="https://vessbycourier.example/quake-cost",
        source="Vessby Courier",
        published_at="2026-12-04T08:15:00+01:00",
    )
    rag = indexed(tmp_path, [updated], minilm)
    answer = rag.ask("How many homes were damaged in Vessby?", llm=False, as_of="2026-12-06").text
    assert answer.startswith("Update, Saturday 11:20: The council now puts the damage at 52 homes.")
    assert "damage in 37 homes" in answer


def test_what_a_court_found_answers_what_it_found(rag):
    """ "What did the court find?" was refused ("I found nothing ... that answers this question"): "found" was no
    form of "find", so no sentence held the question's words, and a short question is like no passage."""
    answer = rag.ask("What did the court find?", llm=False, as_of="2026-12-06")
    assert not answer.refused
    assert answer.text.startswith("The Orvena district court found that Lind accepted 340,000 euros")


def test_a_short_question_s_words_are_held_in_the_words_news_uses_for_them(rag):
    """ "Who won on Saturday?" was refused: a short question is like no passage enough, and no sentence held "won"
    ("Orvena FC beat Lindholm United 3-1 on Saturday"). A sentence holding each of its words as written or in a word
    news uses for it ("beat" for "won") is what it asks after."""
    answer = rag.ask("Who won on Saturday?", llm=False, as_of="2026-12-06")
    assert not answer.refused
    assert answer.text.startswith("Sami Kader scored twice as Orvena FC beat Lindholm United 3-1 on Saturday")


def test_who_is_in_charge_is_asked_of_the_words_for_a_post(rag):
    """ "Who is in charge of Orvena FC?" led with the match report's "Sami Kader scored twice": "in charge" asked for
    no post, so "Coach Mara Osei said ..." was no answer to it."""
    assert fills_slot("Coach Mara Osei said the win was her best.", "Who is in charge of Orvena FC?")
    assert ask(rag, "Who is in charge of Orvena FC?").startswith("Coach Mara Osei said")


def test_a_match_report_is_on_the_game_it_gives_the_score_of(rag):
    """ "Who won the game?" was refused ("None of the passages I found mentions the game"), and "Who won the game on
    Saturday?" found nothing like it: the match report says "beat Lindholm United 3-1", never "game" or "match". A
    report giving a score is on a game; "at the weekend" is a time, as "this weekend" is."""
    for question in ("Who won the game?", "Who won the match?", "Who won the game on Saturday?"):
        answer = rag.ask(question, llm=False, as_of="2026-12-06")
        assert not answer.refused, question
        assert answer.text.startswith("Sami Kader scored twice as Orvena FC beat Lindholm United 3-1"), question
    assert ask(rag, "Who won the match at the weekend?").startswith("Sami Kader scored twice as Orvena FC beat")


def test_an_age_asked_with_the_noun(rag):
    """ "What is Tomas Rell's age?" led with "Tomas Rell won by about 9,000 votes", and "What is his age?" after the
    runoff was refused: no sentence says "age". Both ask an age, which "Rell, 44," gives."""
    assert ask(rag, "What is Tomas Rell's age?").startswith("Rell, 44, a former schools inspector")
    session = rag.chat(llm=False)
    session.ask("Who won the runoff?")
    age = session.ask("What is his age?")
    assert not age.refused
    assert age.text.startswith("Rell, 44, a former schools inspector")


def test_who_someone_beat_is_the_one_who_lost(rag):
    """ "Who did Rell beat?" quoted "Tomas Rell won by about 9,000 votes" and the football report's "beat"; in a chat
    after "Who won the runoff?", "Who did he beat?" quoted the football report alone. His rival, who conceded, is
    who he beat; "he" is Rell, whom the last answer named."""
    assert fills_slot("His rival, incumbent mayor Edith Saar, took 47.7% and conceded.", "Who did Rell beat?")
    assert fills_slot("Orvena FC beat Lindholm United 3-1 on Saturday.", "Who did Orvena FC beat?")
    assert not fills_slot("Tomas Rell won by about 9,000 votes.", "Who did Rell beat?")
    assert "His rival, incumbent mayor Edith Saar" in ask(rag, "Who did Rell beat?")
    session = rag.chat(llm=False)
    session.ask("Who won the runoff?")
    beaten = session.ask("Who did he beat?")
    assert "Edith Saar" in beaten.text and "Lindholm" not in beaten.text


def test_a_question_on_a_new_game_is_asked_alone_in_a_chat(rag):
    """After the runoff, "Who won the game on Saturday?" was searched with the conversation and answered "Tomas Rell
    ... was elected mayor": "won" is in the runoff's turn, but what it asks about, the game, is not."""
    session = rag.chat(llm=False)
    session.ask("Who won the runoff?")
    session.ask("Who did he beat?")
    game = session.ask("Who won the game on Saturday?")
    assert game.text.startswith("Sami Kader scored twice as Orvena FC beat Lindholm United 3-1")


def test_by_how_much_is_answered_by_the_change_s_verb_and_figure(rag):
    """ "By how much did food prices rise?" asks for the change, which news gives after its verb ("Food prices rose
    5.4% year on year") as often as after "by"; "rose to 3.5%" gives a level, not a change."""
    question = "By how much did food prices rise?"
    assert fills_slot("Food prices rose 5.4% year on year.", question)
    assert fills_slot("The bank raised its main rate by a quarter point.", "By how much did the bank raise rates?")
    assert not fills_slot("The main rate rose to 3.5% in July.", question)
    assert ask(rag, question).startswith("Food prices rose 5.4% year on year.")


def test_a_misspelled_word_is_searched_as_the_index_s_word(rag):
    """ "What is the turnuot?" was refused ("I found nothing in the indexed news that answers this question") and
    "Who won the mayorl election?" too ("None of the passages I found mentions the mayorl"): one slip of a key. The
    question is searched with the index's word one edit away, and the answer says so; a name is not "corrected"."""
    answer = rag.ask("What is the turnuot?", llm=False, as_of="2026-12-06")
    assert not answer.refused and "Turnout was 61%" in answer.text
    assert answer.note == "Searched for “turnout” (you wrote “turnuot”)."
    assert answer.question == "What is the turnout?"
    assert ask(rag, "Who won the mayorl election?").startswith("Tomas Rell ")
    assert rag.misspelled("How much will the ferry cost?") == {}
    assert rag.misspelled("What did Ada Lund say?") == {}
    session = rag.chat(llm=False)
    session.ask("Who won the runoff?")
    turnout = session.ask("What was the turnuot?")
    assert "Turnout was 61%" in turnout.text and "you wrote “turnuot”" in turnout.note


def test_a_scale_word_is_no_figure_two_outlets_share(tmp_path, minilm):
    """ "How much did the bridge repairs cost?" added the Vessby Courier's "The council estimates repairs at €1.5
    million" (the quake's repairs) as another outlet's figure for the bridge: "million" was taken for a figure it
    shared with "21 million euros", as if it set its own against that one."""
    bridge = next(a for a in NEWS if a["title"].startswith("Harbour bridge"))
    quake = article(
        "Vessby counts the cost of Thursday's quake",
        "Engineers have found damage in 37 homes and the old grain store in Vessby after Thursday's earthquake, the"
        " town council said on Friday. Two families were moved to a hotel. The council estimates repairs at €1.5"
        " million and has asked the government for help.",
        url="https://vessbycourier.example/quake-cost",
        source="Vessby Courier",
        published_at="2026-12-04T08:15:00+01:00",
    )
    rag = indexed(tmp_path, [bridge, quake], minilm)
    answer = ask(rag, "How much did the bridge repairs cost?")
    assert answer.startswith("Repairs to Orvena's harbour bridge will cost 21 million euros")
    assert "1.5 million" not in answer


def test_the_news_on_one_story_goes_on_as_its_report_does(rag):
    """ "What happened with the earthquake?" and "Tell me about the earthquake" quoted the report's opening sentence
    alone: the digest gives one sentence a report, and one report's title names the earthquake. With room left, the
    report goes on: where the epicentre was, that no one was hurt."""
    for question in ("What happened with the earthquake?", "Tell me about the earthquake"):
        answer = ask(rag, question)
        assert answer.startswith("A magnitude 4.8 earthquake struck northern Orvena"), question
        assert "The epicentre was 12 km north of the town of Vessby" in answer and "No injuries were reported" in answer


def test_a_follow_up_asking_an_age_or_a_strength_is_answered_by_one_or_refused(rag):
    """In a chat, "How old is he?" after the football match quoted the match report, which gives no age; "How strong
    was it?" after "What was the earthquake?" quoted the repair bill, leaving out the magnitude the last answer had
    quoted, which is what it asks."""
    session = rag.chat(llm=False)
    session.ask("Who won the game on Saturday?")
    age = session.ask("How old is he?")
    assert age.refused and "How old is he?" in age.text
    session = rag.chat(llm=False)
    session.ask("What was the earthquake?")
    strength = session.ask("How strong was it?")
    assert strength.text.startswith("A magnitude 4.8 earthquake struck northern Orvena")


def test_what_a_court_found_is_what_it_states_it_found(rag):
    """ "What did the court find about Ada Lind?" led with her sentencing, and "The Orvena district court found that
    ..." came second: "find" asks as "say" does, and the court next to "found" is the one stating it."""
    assert fills_slot("The Orvena district court found that Lind accepted 340,000 euros.", "What did the court find?")
    assert not fills_slot("Former transport minister Ada Lind was sentenced.", "What did the court find?")
    assert ask(rag, "What did the court find about Ada Lind?").startswith("The Orvena district court found that Lind")
    # and what it decided or ruled, it states by finding (refused until session 33: no report says "decide")
    assert ask(rag, "What did the court decide?").startswith("The Orvena district court found that Lind")
    assert fills_slot("The judge ordered a retrial.", "What did the judge rule?")


def test_how_big_asks_for_a_figure_with_its_adjective(tmp_path, minilm):
    """From a messy JSONL dump: "how big was the pay rise" was refused ("I found nothing in the indexed news that
    answers this question"): no sentence says "big". "How big / large / high" ask with their adjective, as "how
    strong" does; a figure answers."""
    ferry = article(
        "Ferry strike ends in Orvena",
        "The ferry workers' strike ended on Friday after the operator agreed to a 6% pay rise. Services resume on"
        " Monday.",
        source="Orvena Post",
        published_at="2026-12-04T10:00:00+01:00",
    )
    rag = indexed(tmp_path, [ferry], minilm)
    for question in ("how big was the pay rise", "How large was the pay rise?"):
        answer = rag.ask(question, llm=False, as_of="2026-12-06")
        assert not answer.refused, question
        assert "6% pay rise" in answer.text, question


def test_who_scored_for_a_side_is_its_own_scorer(rag):
    """ "Who scored for Lindholm?" quoted "Sami Kader scored twice as Orvena FC beat Lindholm United": a consolation
    is a goal, it comes "from" its scorer, and the side's own ("Lindholm's consolation") leads (known gap until
    session 33)."""
    assert rag.ask("Who scored for Lindholm?", llm=False).text.startswith(
        "Lindholm's consolation came from Rui Tavares"
    )
    assert rag.ask("Who scored for Orvena?", llm=False).text.startswith("Sami Kader scored twice")


def test_when_will_is_not_answered_by_since_when(rag):
    """ "When?" after "Will the central bank cut rates?" led with "The bank's main rate has stood at 3.5% since July"
    (known gap until session 33): asked when something will happen, "since July" says how long things have been."""
    assert offers("The bank's main rate has stood at 3.5% since July.", "date", "When has it stood?") == 1.0
    assert offers("The bank's main rate has stood at 3.5% since July.", "date", "When will it cut?") == 0.0
    chat = rag.chat(llm=False)
    chat.ask("Will the central bank cut rates?")
    assert chat.ask("When?").text.startswith("Eight of ten economists polled by the Northern Herald now expect")
