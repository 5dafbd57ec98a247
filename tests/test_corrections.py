"""A correction article replaces, in the answer, the claim of its outlet's earlier report that it withdrew."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.corrections import revision, withdrawn

from .conftest import article, passage_of, write_jsonl


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("The EU pledged 7 million euros, not 5 million euros.", "5 million euros"),
        ("The vote was 31 to 12, not 21 to 12.", "21 to 12"),
        ("About 6,500 people were evacuated, not 6,000.", "6,000"),
        ("Costs rose 5.5%, not 4.5%, in October.", "4.5%"),
        ("The minister is Pavel Korda, not Petr Korda, as we said.", "Petr Korda"),
        ("It was a drill, not a real attack.", None),
        ("The EU pledged 7 million euros.", None),
    ],
)
def test_what_a_correction_says_was_wrong(sentence, wrong):
    assert withdrawn(sentence) == wrong


@pytest.mark.parametrize(
    ("sentence", "revised"),
    [
        (
            "Holt's share of the vote was also revised to 52.9% after postal ballots were counted.",
            ("Holt's share of the vote", "52.9%"),
        ),
        ("The death toll has been corrected to 14, the ministry said.", ("The death toll", "14")),
        ("Damage estimates were revised upwards to 3.1 million euros.", ("Damage estimates", "3.1 million euros")),
        ("The opening was revised to next spring.", None),  # no figure
        ("Turnout was 61.2%, the highest since 2010.", None),
    ],
)
def test_what_a_correction_says_was_revised_and_to_what(sentence, revised):
    assert revision(sentence) == revised


AID = article(
    "Flood death toll rises to 31",
    "The number of people killed in the floods in Rivania has risen to 31, officials said. "
    "The European Union pledged 5 million euros in emergency aid to Rivania.",
    source="Coastal Ledger",
    date="2026-11-23",
    url="https://ledger.example/toll",
)
CORRECTION = article(
    "Correction: Rivania aid figure",
    "Correction: An article on November 23 about the Rivania floods misstated the European Union's aid. "
    "The EU pledged 7 million euros in emergency aid to Rivania, not 5 million euros.",
    source="Coastal Ledger",
    date="2026-11-24",
    url="https://ledger.example/correction",
)
OTHER = article(
    "EU aid for Rivania",
    "The European Union pledged 5 million euros in emergency aid to Rivania, a spokesman said in Brussels.",
    source="Northwire",
    date="2026-11-23",
    url="https://northwire.example/aid",
)


def _rag(tmp_path, news) -> NewsRAG:
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    return rag


def test_a_corrected_figure_is_answered_with_the_correction(tmp_path):
    """A report and its outlet's correction were both indexed: "How much aid did the EU pledge?" quoted the
    withdrawn 5 million euros first, then the correction."""
    answer = _rag(tmp_path, [AID, CORRECTION]).ask("How much emergency aid did the European Union pledge to Rivania?")
    assert "7 million euros" in answer.text
    assert "pledged 5 million euros" not in answer.text
    assert {c.title for c in answer.citations} == {"Correction: Rivania aid figure"}


def test_a_correction_does_not_withdraw_another_outlets_report(tmp_path):
    answer = _rag(tmp_path, [OTHER, CORRECTION]).ask("How much emergency aid did the European Union pledge to Rivania?")
    assert "a spokesman said in Brussels" in answer.text


def test_a_correction_notice_is_followed_by_the_correction(tmp_path):
    """ "What is the latest on the Rivania floods?" quoted the notice ("... misstated the European Union's aid.")
    alone: the reader learnt that a figure was wrong, not what is right."""
    rag = _rag(tmp_path, [CORRECTION])
    answer = rag.ask("What did the Coastal Ledger correct about the Rivania floods?")
    assert "misstated the European Union's aid. [1] The EU pledged 7 million euros" in answer.text


def test_a_correction_that_gives_the_asked_figure_leads_its_notice(minilm, tmp_path):
    """Found through the HTTP API on hand-written news: "How much will the tram cost?" led with "Correction: An
    article on November 20 misstated the cost of the Calder Bay tram line." and gave the figure second; the
    correction that gives the amount asked for now leads, its notice after it. "What did the correction say?"
    asks for no figure: the notice still leads."""
    notice = article(
        "Correction: tram line cost",
        "Correction: An article on November 20 misstated the cost of the Calder Bay tram line. The line will "
        "cost 430 million dollars, not 340 million dollars.",
        source="Harbor Times",
        date="2026-11-27",
    )
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [notice])])
    cost = rag.ask("How much will the tram cost?", llm=False).text
    assert cost.startswith("The line will cost 430 million dollars, not 340 million dollars. [1] Correction:")
    said = rag.ask("What did the correction say about the tram?", llm=False).text
    assert said.startswith("Correction: An article on November 20 misstated")


def test_an_outlets_correction_notice_is_followed_by_its_correction_when_outlets_are_compared(tmp_path):
    rag = _rag(tmp_path, [OTHER, CORRECTION])
    answer = rag.ask("How do Northwire and the Coastal Ledger differ on what was misstated about Rivania?")
    assert answer.text.count("Coastal Ledger: ") == 1
    assert "misstated the European Union's aid. [2] The EU pledged 7 million euros" in answer.text


TRAM = article(
    "Council approves Calder Bay tram line",
    "The Calder Bay city council voted 7 to 2 on Thursday to build a tram line to the university. "
    "The tram line will cost 340 million dollars and is due to open in 2030, according to the council's plan.",
    source="Harbor Times",
    date="2026-11-20",
    url="https://harbortimes.example/tram",
)
TRAM_CORRECTION = article(
    "Correction: tram line cost",
    "Correction: An article on November 20 misstated the cost of the Calder Bay tram line. "
    "The tram line will cost 430 million dollars, not 340 million dollars.",
    source="Harbor Times",
    date="2026-11-27",
    url="https://harbortimes.example/correction",
)


def test_a_sentence_that_also_answers_something_else_stays_with_its_correction_after_it(tmp_path):
    """Found asking the CLI: "When will the tram line open?" lost "... is due to open in 2030": the sentence
    also gave the withdrawn cost, so the correction took its place. It answers the question, so it stays
    and the correction follows it; "How much will the tram line cost?" still gets the correction alone."""
    rag = _rag(tmp_path, [TRAM, TRAM_CORRECTION])
    when = rag.ask("When will the Calder Bay tram line open?")
    assert "due to open in 2030" in when.text
    at = when.text.index("due to open in 2030")
    assert "430 million dollars, not 340 million dollars" in when.text[at:]
    cost = rag.ask("How much will the Calder Bay tram line cost?")
    assert "430 million dollars" in cost.text and "will cost 340 million dollars" not in cost.text


def test_an_llm_claim_its_source_corrected_is_followed_by_the_correction(tmp_path):
    """Found with the test model: "How much will the tram line cost?" was answered "$340 million [1]", citing
    the report, with the outlet's correction (430 million, not 340) among the sources: the claim is supported
    by the passage it cites, so verification kept it. The correction now follows it, quoted and cited; a
    claim the correction does not touch (the vote) is left alone."""
    from .llm_fakes import ScriptedLLM
    from .test_llm_unit import assert_citations_are_sources

    def reply(messages):
        n = _titles(messages)
        return (
            f"The council voted 7 to 2 to build the tram line [{n['Council approves Calder Bay tram line']}]. "
            f"The tram line will cost $340 million [{n['Council approves Calder Bay tram line']}]."
        )

    llm = ScriptedLLM(reply)
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", llm_client=llm, refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [TRAM, TRAM_CORRECTION])])
    answer = rag.ask("How much will the Calder Bay tram line cost?", llm=True)
    assert answer.mode == "llm", answer.note
    assert answer.text.count("later corrected") == 1
    assert answer.text.index("$340 million") < answer.text.index(
        "Harbor Times later corrected this: “The tram line will cost 430 million dollars, not 340 million dollars.”"
    )
    assert [c.title for c in answer.citations] == [
        "Council approves Calder Bay tram line",
        "Correction: tram line cost",
    ]
    assert_citations_are_sources(answer)


def _titles(messages) -> dict[str, int]:
    import re

    user = messages[-1]["content"]
    return {m.group(2).strip(): int(m.group(1)) for m in re.finditer(r"<<source (\d+) \w+>>\nTitle: (.*)\n", user)}


def test_an_llm_claim_of_a_figure_its_source_revised_is_followed_by_the_revision(tmp_path):
    """A correction that revises a figure without repeating the old one ("... was also revised to 52.9%")
    follows a claim giving the report's figure; the runner-up's figure in the same report is left alone."""
    from .llm_fakes import ScriptedLLM

    report = article(
        "Holt wins Stavby mayoral race",
        "Maren Holt won the Stavby mayoral election on Sunday with 52.4% of the vote. "
        "Per Lien, the incumbent, took 39.1% of the vote.",
        source="Stavby Dagblad",
        date="2026-11-16",
        url="https://dagblad.example/holt",
    )
    fix = article(
        "Correction: Stavby election",
        "Correction: An earlier version of our report misstated the turnout. "
        "Holt's share of the vote was also revised to 52.9% after postal ballots were counted.",
        source="Stavby Dagblad",
        date="2026-11-17",
        url="https://dagblad.example/holt-correction",
    )

    def reply(messages):
        n = _titles(messages)["Holt wins Stavby mayoral race"]
        return f"Maren Holt won the Stavby mayoral election with 52.4% of the vote [{n}]. Per Lien took 39.1% of the vote [{n}]."

    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", llm_client=ScriptedLLM(reply), refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [report, fix])])
    answer = rag.ask("Who won the Stavby mayoral election?", llm=True)
    assert answer.mode == "llm", answer.note
    assert answer.text.count("later corrected") == 1
    assert answer.text.index("52.4%") < answer.text.index("later corrected") < answer.text.index("Per Lien")


def test_outlets_that_give_other_figures_are_both_quoted(minilm, tmp_path):
    """Found on hand-written news: "When will the tram open?" quoted Coastline News' 2029 and never Harbor
    Times' 2030 (its sentence is about the cost too, so less like the question): outlets that disagree on
    the asked figure are both quoted, each cited."""
    tram = article(
        "Council approves Calder Bay tram line",
        "The Calder Bay city council voted 7 to 2 on Thursday to build a tram line from the harbour to the "
        "university. The line will cost 340 million dollars and is due to open in 2030, according to the "
        "council's plan. Councillor Ivo Brandt, who voted against, said the cost would burden taxpayers for "
        "decades. Mayor Alma Fischer called the vote a turning point for the city.",
        source="Harbor Times",
        date="2026-11-20",
        url="https://ht.example/tram",
    )
    others = [
        article(
            "Tram vote splits Calder Bay council",
            "Calder Bay will get a tram line after a 7 to 2 council vote. Officials told Coastline News that the "
            "first trams would run in 2029, a year earlier than the council's plan suggests. The route has 14 "
            "stops between the harbour and the university.",
            source="Coastline News",
            date="2026-11-21",
            url="https://cn.example/tram",
        ),
        article(
            "Correction: tram line cost",
            "Correction: An article on November 20 misstated the cost of the Calder Bay tram line. The line will "
            "cost 430 million dollars, not 340 million dollars.",
            source="Harbor Times",
            date="2026-11-25",
            url="https://ht.example/correction",
        ),
        article(
            "Calder Bay library reopens after flood repairs",
            "The central library of Calder Bay reopened on Tuesday, eleven months after a burst water main "
            "flooded its basement archive. The reopened building has a new children's wing and stays open until "
            "9 p.m. on weekdays.",
            source="Coastline News",
            date="2026-12-01",
            url="https://cn.example/library",
        ),
    ]
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [tram, *others])])
    answer = rag.ask("When will the tram open?", llm=False, as_of="2026-12-05")
    assert "first trams would run in 2029" in answer.text and "due to open in 2030" in answer.text
    assert {"https://ht.example/tram", "https://cn.example/tram"} <= {c.url for c in answer.citations}
    # one outlet's figure alone when no other outlet gives another
    alone = NewsRAG(data_dir=tmp_path / "idx2", embedder=minilm)
    alone.ingest([write_jsonl(tmp_path / "news2.jsonl", others)])
    assert "2030" not in alone.ask("When will the tram open?", llm=False, as_of="2026-12-05").text


def test_figures_with_thousands_separators_are_whole_values():
    """Found on hand-written news: "8,000" and "25,000" were read as {"8", "000"} and {"25", "000"}, so two
    outlets' counts of one march shared a value and were taken to agree; a figure is one value."""
    from rag.answer_type import values

    q = "How many people joined the march?"
    police = values("Police put the crowd at 8,000 on Saturday.", "number", q)
    organisers = values("Organisers said 25,000 people took part in Saturday's march.", "number", q)
    assert police == {"8000"} and organisers == {"25000"}


def test_a_storys_own_correction_note_does_not_answer_for_it(minilm, tmp_path):
    """Found on hand-written local news: "Who won the mayoral election?" led with the story's closing note
    "Correction: An earlier version of this article said Varga won by 412 votes.": its "Varga won" matched the
    question best, though the note repeats what the outlet withdrew. The story's own sentences answer."""
    result = article(
        "Varga narrowly wins Port Aurel mayoral race",
        "Sofia Varga of the Green Harbour party has been elected mayor of Port Aurel, beating the incumbent "
        "Henrik Dahl by 312 votes, according to official results published on Monday. Turnout was 58%. Dahl "
        "said he would ask for a recount. Correction: An earlier version of this article said Varga won by 412 "
        "votes. She won by 312.",
        source="Aurel Herald",
        date="2026-11-30",
        url="https://ah.example/varga",
    )
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [result])])
    answer = rag.ask("Who won the mayoral election?", llm=False, as_of="2026-12-05").text
    assert answer.startswith("Sofia Varga of the Green Harbour party has been elected mayor")
    assert "412" not in answer


FERRY = article(
    "Ferry operator fined after Tessel crossing collision",
    "The maritime authority has fined Bluewater Ferries 80,000 euros after one of its boats hit a fishing vessel "
    "on the Tessel crossing in September. An investigation found the ferry's captain had been on duty for 14 "
    "hours without a break. Bluewater Ferries said it accepted the findings and had hired six more crew. "
    '"Safety is our first priority," a spokeswoman said. This article was amended on 4 December 2026 to correct '
    "the month of the collision, which was September, not August.",
    source="Harbour Tribune",
    date="2026-12-04",
    url="https://ht.example/ferry-fine",
)


def test_a_note_that_the_article_was_amended_answers_only_a_question_about_corrections(minilm, tmp_path):
    """Found ingesting a saved page: "When did the ferry collision happen?" led with '"Safety is our first
    priority," a spokeswoman said.' and then the page's closing note "This article was amended on 4 December 2026
    to correct the month ...": the note's date made it a "when" answer, and its "This" was read as pointing back
    at the sentence before. The note is about the article; it answers a question about corrections."""
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [FERRY])])
    when = rag.ask("When did the ferry collision happen?", llm=False, as_of="2026-12-05").text
    assert when.startswith("The maritime authority has fined Bluewater Ferries 80,000 euros")
    assert "amended" not in when and "Safety is our first priority" not in when
    corrected = rag.ask("Was the ferry story corrected?", llm=False, as_of="2026-12-05").text
    assert corrected.startswith("This article was amended on 4 December 2026")


SHIPYARD_CUTS = article(
    "Aurel Shipyards profit falls 18%, 300 jobs to go",
    "Aurel Shipyards said on Wednesday that its quarterly profit fell 18% to 42 million euros. Chief "
    "executive Laura Kett said the company would cut 300 jobs at its Port Aurel yard next year.",
    source="Aurel Business",
    published_at="2026-12-02T09:00:00Z",
    url="https://ab.example/shipyard",
)


@pytest.mark.parametrize("question", ["How many jobs will the shipyard cut?", "Is the shipyard cutting jobs?"])
def test_a_figure_one_outlet_sets_against_its_own_does_not_hide_the_report_that_gives_it(minilm, tmp_path, question):
    """Found with a week of local news: "How many jobs will the shipyard cut?" quoted the union's "up to 450 jobs
    ... were at risk, not the 300 the company announced" alone. Its "not the 300" counted as showing the company's
    figure, so the company's own report ("would cut 300 jobs") was left out. Both sides are quoted now, and for
    "Is the shipyard cutting jobs?" too (session 28): a yes-or-no question whose lead gives a figure is answered
    with the other outlets' figures, as "how many" is."""
    news = [
        SHIPYARD_CUTS,
        article(
            "Union says 450 shipyard jobs at risk",
            "The metalworkers' union said on Wednesday that up to 450 jobs at Aurel Shipyards were at risk, not the "
            "300 the company announced, because contractors would also be cut.",
            source="Coast Post",
            published_at="2026-12-02T17:00:00Z",
            url="https://cp.example/union",
        ),
    ]
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    answer = rag.ask(question, llm=False, as_of="2026-12-05").text
    assert "up to 450 jobs" in answer and "would cut 300 jobs" in answer


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("What did the Harbour Tribune correct?", "This article was amended on 4 December 2026"),
        ("What did the Aurel Herald correct?", "Correction: An earlier version of this article"),
        ("Did the Aurel Herald correct its election story?", "Correction: An earlier version of this article"),
        ("What did the Aurel Herald correct about the tram?", "None of the passages I found mentions the tram."),
    ],
)
def test_what_an_outlet_corrected_is_asked_with_the_bare_verb(minilm, tmp_path, question, note):
    """Found with a week of local news: "What did the Harbour Tribune correct?" was refused. "correct" as a verb did
    not read as asking about a correction ("Is that correct?" still does not); the outlet, which no passage names,
    was not searched as the one that corrected; and its note, unlike the question, read as no answer."""
    result = article(
        "Varga wins Port Aurel mayoral race",
        "Sofia Varga has been elected mayor of Port Aurel, beating Henrik Dahl by 312 votes. Correction: An earlier "
        "version of this article said Varga won by 412 votes.",
        source="Aurel Herald",
        date="2026-11-30",
        url="https://ah.example/varga",
    )
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", [FERRY, result])])
    assert rag.ask(question, llm=False, as_of="2026-12-05").text.startswith(note)


BYELECTION = article(
    "Lindqvist wins Orsby West byelection",
    "Independent candidate Marta Lindqvist won the Orsby West council byelection on Thursday night with 2,914 "
    "votes. Turnout was 41%.",
    source="Orsby Courier",
    date="2026-11-27",
    url="https://courier.example/byelection",
)
DATED_CORRECTION = article(
    "Correction: Orsby West turnout",
    "An article on 27 November said turnout in the Orsby West byelection was 41%. The correct figure was 31%. "
    "We apologise for the error.",
    source="Orsby Courier",
    date="2026-12-01",
    url="https://courier.example/correction",
)


def test_a_correction_naming_the_article_by_its_date_withdraws_its_figure(tmp_path):
    """Found on a CSV dump: a correction in a common form ("An article on 27 November said turnout ... was 41%. The
    correct figure was 31%.") was not read as one: "What was the turnout?" quoted its first sentence alone, the
    withdrawn 41% as if it stood, and never the right figure."""
    answer = _rag(tmp_path, [BYELECTION, DATED_CORRECTION]).ask("What was the turnout in the Orsby West byelection?")
    assert "The correct figure was 31%." in answer.text
    assert "Turnout was 41%." not in answer.text


def test_a_report_citing_another_by_its_date_is_no_correction():
    from rag.answer_type import is_retraction
    from rag.corrections import is_correction, said_earlier

    assert said_earlier("An article on 27 November said turnout in the Orsby West byelection was 41%.") == "41%"
    assert is_retraction("An article on 27 November said turnout in the Orsby West byelection was 41%.")
    assert not is_retraction("A report on Monday said growth was 2%.")
    report = passage_of("A report on Monday said growth was 2% in the third quarter.", title="Growth slows")
    assert not is_correction(report)
