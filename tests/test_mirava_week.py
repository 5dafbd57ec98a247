"""A hand-written week of Mirava news (storm, trial, football, company): questions a reader asked of it in one
chat, and what the answers got wrong."""

from __future__ import annotations

import pytest

from rag import NewsRAG

from .conftest import article, write_jsonl

NEWS = [
    article(
        "Storm Edda batters Mirava coast, 3 dead",
        "Storm Edda hit the Mirava coast overnight with winds of up to 140 km/h, killing three people, police said on Tuesday. About 20,000 homes lost power. Trains between Mirava and Tolvik were cancelled. Two of the dead were struck by falling trees in Tolvik, police said.",
        source="Mirava Courier",
        published_at="2026-12-01T07:30:00Z",
        url="https://courier.example/edda-1",
        authors=["Jonas Berg"],
    ),
    article(
        "Edda death toll rises to 7 as rivers flood",
        "The death toll from Storm Edda has risen to seven, the interior ministry said on Wednesday, after four people drowned when the Vessa river flooded villages south of Tolvik. Rescue teams evacuated 1,200 residents. Power has been restored to most homes, the grid operator said.",
        source="Nordport Wire",
        published_at="2026-12-02T16:00:00Z",
        url="https://npwire.example/edda-toll",
    ),
    article(
        "Edda death toll rises to 7 as rivers flood",
        "The death toll from Storm Edda has risen to seven, the interior ministry said on Wednesday, after four people drowned when the Vessa river flooded villages south of Tolvik. Rescue teams evacuated 1,200 residents. Power has been restored to most homes, the grid operator said.",
        source="Tolvik Today",
        published_at="2026-12-02T16:25:00Z",
        url="https://tolviktoday.example/edda-toll",
    ),
    article(
        "Mirava to pay storm victims 5,000 crowns each",
        "The Mirava regional council agreed on Thursday to pay 5,000 crowns to each household whose home was flooded by Storm Edda. Council leader Anna Sjö said the fund would cost about 9 million crowns. Opposition councillors said the payment was too small. The council will also ask the government for disaster aid.",
        source="Mirava Courier",
        published_at="2026-12-04T10:00:00Z",
        url="https://courier.example/edda-aid",
        authors=["Jonas Berg", "Lea Holm"],
    ),
    article(
        "Former Tolvik mayor found guilty of bribery",
        "A court in Mirava on Wednesday found former Tolvik mayor Erik Dahlgren guilty of taking bribes from a building firm. Judge Maria Lund sentenced him to two years in prison, suspended. Dahlgren, who denied the charges, said he would appeal. Prosecutors had asked for three years. The building firm, Vessa Bygg, was fined 2 million crowns.",
        source="Nordport Wire",
        published_at="2026-12-03T13:00:00Z",
        url="https://npwire.example/mayor-verdict",
        authors=["Kari Ness"],
    ),
    article(
        "Dahlgren verdict: what happens next",
        "Erik Dahlgren has four weeks to lodge an appeal against his bribery conviction. His lawyer, Nils Ek, said the judge had ignored key evidence. Correction: An earlier version of this article said Dahlgren was sentenced to three years. He was sentenced to two years, suspended.",
        source="Mirava Courier",
        published_at="2026-12-04T08:00:00Z",
        url="https://courier.example/dahlgren-next",
    ),
    article(
        "Tolvik FC sign striker Omar Haddad",
        "Tolvik FC have signed striker Omar Haddad from Bergen United on a three-year contract, the club said on Thursday. The fee was not disclosed, but local media put it at 1.5 million euros. Haddad, 24, scored 14 goals last season. Coach Sara Lind said Haddad would make the team stronger in attack.",
        source="Tolvik Today",
        published_at="2026-12-03T18:00:00Z",
        url="https://tolviktoday.example/haddad",
    ),
    article(
        "Haddad scores twice on Tolvik debut",
        "Omar Haddad scored twice on his debut as Tolvik FC beat Ostby 3-1 on Saturday. Defender Ivo Kran scored the other goal. The win lifted Tolvik to fourth in the league.",
        source="Tolvik Today",
        published_at="2026-12-05T21:00:00Z",
        url="https://tolviktoday.example/haddad-debut",
    ),
    article(
        "Lumo Energy chief executive resigns",
        "Lumo Energy's chief executive Petra Vik resigned on Tuesday after the company's profit fell by 40%. Chairman Hans Rud will lead the company until a successor is found. Lumo shares rose 3% after the announcement.",
        source="Nordport Wire",
        published_at="2026-12-02T09:00:00Z",
        url="https://npwire.example/lumo-ceo",
    ),
]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    tmp = tmp_path_factory.mktemp("mirava")
    rag = NewsRAG(data_dir=tmp / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp / "news.jsonl", NEWS)])
    return rag


def ask(rag: NewsRAG, question: str) -> str:
    return rag.ask(question, llm=False, as_of="2026-12-06").text


def test_how_much_was_paid_is_answered_with_the_fee_of_the_story_asked_about(rag):
    """ "How much did Tolvik pay for Haddad?" led with the newer debut report's "beat Ostby 3-1" (a score read as a
    sum), and quoted "The building firm, Vessa Bygg, was fined 2 million crowns." from a report on a Tolvik bribery
    trial, which never names Haddad. A count's or an amount's runner-up now comes from a report naming every name
    of the question that the lead's report names; a lead giving no figure is followed by its report's figure."""
    answer = ask(rag, "How much did Tolvik pay for Haddad?")
    assert answer.startswith("The fee was not disclosed, but local media put it at 1.5 million euros.")
    assert "3-1" not in answer and "2 million crowns" not in answer


def test_a_lead_giving_no_figure_is_followed_by_its_reports_figure(minilm, tmp_path):
    """Over the signing, the debut and the bribery trial alone, "How much did Tolvik pay for Haddad?" quoted only
    "Tolvik FC have signed striker Omar Haddad ...": the fee, in the sentence after it, ranked too far below. A
    "how much" or "how many" lead that gives no figure is followed by the figure its report gives, which leads."""
    news = [a for a in NEWS if "Haddad" in a["title"] or "bribery" in a["title"]]
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    answer = ask(rag, "How much did Tolvik pay for Haddad?")
    assert answer.startswith("The fee was not disclosed, but local media put it at 1.5 million euros.")


def test_a_follow_up_pointing_back_is_not_taken_by_a_headline_sharing_its_verb(rag):
    """In chromium: "How much did they pay for him?" after "Who is Tolvik's new striker?" quoted "The Mirava
    regional council agreed on Thursday to pay 5,000 crowns to each household ...": a report whose title names all
    the follow-up's words ("Mirava to pay storm victims ...") counted as on its subject. That holds for a follow-up
    naming something new ("And the ferry fares?"), not for one pointing back with "they" and "him"."""
    session = rag.chat(llm=False)
    assert "Omar Haddad" in session.ask("Who is Tolvik's new striker?").text
    answer = session.ask("How much did they pay for him?").text
    assert answer.startswith("The fee was not disclosed, but local media put it at 1.5 million euros.")


def test_the_rest_of_a_score_follows_the_sentence_it_completes(rag):
    """ "Who scored on Haddad's debut?" led with "Defender Ivo Kran scored the other goal.", the sentence before it
    (who scored the rest) second: a sentence giving the rest of a score points back, as "He ..." does."""
    answer = ask(rag, "Who scored on Haddad's debut?")
    assert answer.startswith(
        "Omar Haddad scored twice on his debut as Tolvik FC beat Ostby 3-1 on Saturday. [1] Defender"
    )


def test_an_earlier_count_in_other_words_is_quoted_beside_the_newest(minilm, tmp_path):
    """ "How many people died in Storm Edda?" quoted the live page's "nine people died" alone: the wire's earlier
    "The death toll from Storm Edda has risen to seven" was not taken for a count of the same deaths, its report
    never saying "died". Another outlet's figure is looked for in reports holding the question's words as written
    or as words news uses for them ("death" for "died")."""
    live = article(
        "Storm Edda: live updates",
        "The interior ministry now says nine people died in Storm Edda, after two bodies were found near the Vessa "
        "river. Trains between Mirava and Tolvik are running again, the rail operator said.",
        source="Mirava Courier",
        published_at="2026-12-05T13:05:00Z",
        url="https://courier.example/edda-live",
    )
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [*NEWS, live])])
    answer = ask(rag, "How many people died in Storm Edda?")
    assert answer.startswith("The interior ministry now says nine people died in Storm Edda")
    assert "The death toll from Storm Edda has risen to seven" in answer


def test_which_outlets_covered_a_story_no_report_names_in_the_questions_words(rag):
    """ "Which outlets covered the Dahlgren trial?" named the Mirava Courier alone: no report says "trial", so the
    answer fell back to the best-ranked article. When no report names every word, the reports naming every name
    of the question are the story (the wire's verdict report names Dahlgren too)."""
    answer = ask(rag, "Which outlets covered the Dahlgren trial?")
    assert answer.startswith("2 outlets in the index carried this story.")
    assert "Nordport Wire: “Former Tolvik mayor found guilty of bribery”" in answer and "Mirava Courier: " in answer


def test_a_follow_up_after_a_sentence_naming_nobody_is_about_whom_its_report_is_about(rag):
    """ "And his lawyer?" after "What did the prosecutors want?" (answered "Prosecutors had asked for three years.")
    was refused as naming no lawyer: the conversation's subject was what that sentence holds, "prosecutors", and
    only the wire's report says it. A sentence naming nobody stands for the one its report names most (Dahlgren):
    the Courier's report on him says "His lawyer, Nils Ek, said ..."."""
    session = rag.chat(llm=False)
    session.ask("What happened to Erik Dahlgren?")
    assert "Prosecutors had asked for three years." in session.ask("What did the prosecutors want?").text
    lawyer = session.ask("And his lawyer?")
    assert not lawyer.refused and "His lawyer, Nils Ek, said the judge had ignored key evidence." in lawyer.text
