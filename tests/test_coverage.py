"""Which outlets carried a story: "Which outlets covered the march?" quoted two sentences about the march and named
no outlet (found with the Kestrel news, session 26). It is answered from the outlets of the story's reports, as a
byline question is from their bylines."""

from __future__ import annotations

import pytest

from rag.retrieval import asks_coverage

from .conftest import article, indexed

WIRE = (
    "Workers at the Orrin Bay shipyard walked out on Monday over a pay freeze, the Metalworkers Union said. "
    "About 1,200 workers joined the strike, which the union said would last until the company reopened talks. "
    "The shipyard's owner, Halvard Marine, said it could not afford a pay rise this year."
)


def _report(title: str, text: str, outlet: str, when: str, slug: str) -> dict:
    return article(title, text, source=outlet, published_at=when, url=f"https://{slug}.example/{slug}")


NEWS = [
    _report("Orrin Bay shipyard workers strike over pay freeze", WIRE, "Coast Wire", "2026-11-23T09:00:00Z", "wire"),
    # the same wire story on another site: one story, carried twice
    _report("Shipyard workers strike over pay freeze", WIRE, "Bay Gazette", "2026-11-23T11:00:00Z", "gazette"),
    _report(
        "Orrin Bay shipyard talks to resume",
        "Halvard Marine and the Metalworkers Union agreed on Thursday to resume talks over the Orrin Bay shipyard "
        "strike. The union said pickets would stay in place until a deal was signed.",
        "Harbour Post",
        "2026-11-26T15:00:00Z",
        "talks",
    ),
    _report(
        "Orrin Bay shipyard strike ends with 4% deal",
        "The strike at the Orrin Bay shipyard ended on Tuesday after workers accepted a 4% pay rise from Halvard "
        "Marine. Work resumes on Wednesday.",
        "Coast Wire",
        "2026-12-01T10:00:00Z",
        "deal",
    ),
    _report(
        "Orrin Bay library to open on Sundays",
        "The Orrin Bay library will open on Sundays from January, the town council said.",
        "Harbour Post",
        "2026-11-28T09:00:00Z",
        "library",
    ),
]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    return indexed(tmp_path_factory.mktemp("shipyard"), NEWS, minilm)


@pytest.mark.parametrize(
    ("question", "coverage"),
    [
        ("Which outlets covered the shipyard strike?", True),
        ("What newspapers reported on the strike?", True),
        ("Which news sites have covered it?", True),
        ("Who else covered it?", True),
        ("Who covered the story?", True),
        ("Which sites were damaged in the storm?", False),
        ("What sources say the deal is off?", False),
        ("Who covered the match for the home side?", False),
        ("Who wrote the article about the strike?", False),
    ],
)
def test_a_question_asking_which_outlets_carried_a_story(question, coverage):
    assert asks_coverage(question) is coverage


def test_the_outlets_that_carried_a_story_in_the_order_they_first_reported_it(rag):
    answer = rag.ask("Which outlets covered the shipyard strike?", llm=False)
    assert answer.text.startswith("3 outlets in the index carried this story. ")
    # each outlet once, in the order it first reported the story, its reports oldest first; the wire story is
    # cited from the wire, which ran it first, and the site that ran a copy is named beside it; the library is
    # another story
    assert [(c.outlet, c.published_at[:10]) for c in answer.citations] == [
        ("Coast Wire", "2026-11-23"),
        ("Coast Wire", "2026-12-01"),
        ("Harbour Post", "2026-11-26"),
    ]
    assert (
        "Coast Wire: “Orrin Bay shipyard workers strike over pay freeze” (2026-11-23) [1], also run by Bay Gazette; "
        "“Orrin Bay shipyard strike ends with 4% deal” (2026-12-01) [2]. "
        "Harbour Post: “Orrin Bay shipyard talks to resume” (2026-11-26) [3]."
    ) in answer.text
    assert "library" not in answer.text


def test_who_else_covered_it_in_a_chat(rag):
    session = rag.chat(llm=False)
    assert "1,200 workers" in session.ask("How many workers joined the shipyard strike?").text
    answer = session.ask("Who else covered it?")
    assert answer.text.startswith("3 outlets in the index carried this story.")
    assert {c.outlet for c in answer.citations} >= {"Harbour Post"}
    assert "library" not in answer.text


def test_nothing_on_the_story_is_refused(rag):
    answer = rag.ask("Which outlets covered the volcano eruption?", llm=False)
    assert answer.refused and not answer.citations


def test_one_outlet_named_two_ways_is_one_outlet(tmp_path, minilm):
    """Found by ingesting a page and a dump of one paper beside the sample (session 38): the page names it "The
    Norrland Courier", the dump "Norrland Courier", and "Which outlets covered the Halvik ferry?" counted 3 outlets
    for 2; "What did the Norrland Courier report?" labelled its reports as two outlets'."""
    from ingest.outlets import same_outlet

    assert same_outlet("The Norrland Courier") == same_outlet("norrland  courier") == "norrland courier"
    news = [
        _report(
            "Ferry service to Halvik suspended after engine fire",
            "The ferry service to Halvik has been suspended after a fire broke out in the engine room of the MS Tora.",
            "The Norrland Courier",
            "2026-11-30T07:45:00Z",
            "fire",
        ),
        _report(
            "Halvik ferry back in service",
            "The MS Tora returned to service on Thursday after inspectors cleared the repaired engine room.",
            "Norrland Courier",
            "2026-12-03T09:00:00Z",
            "back",
        ),
        _report(
            "Halvik ferry back on the water",
            "Halvik's only ferry, the MS Tora, is sailing again after engine repairs, the operator said on Thursday.",
            "Halvik Tidende",
            "2026-12-03T10:00:00Z",
            "tidende",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    covered = rag.ask("Which outlets covered the Halvik ferry?", llm=False).text
    assert covered.startswith("2 outlets in the index carried this story. The Norrland Courier: ")
    reported = rag.ask("What did the Norrland Courier report?", llm=False)
    assert "Courier:" not in reported.text  # one outlet's reports, not two outlets' compared
    assert {c.outlet for c in reported.citations} == {"The Norrland Courier", "Norrland Courier"}
    # and so in the index's outlets (`newsrag stats`, the web UI's outlet filter) and in an outlet filter, which named
    # the one paper twice and matched only the spelling given (session 39)
    from rag import Query

    assert {o: n for o, n in rag.stats()["outlets"].items() if "Courier" in o} == {"Norrland Courier": 2}
    for name in ("Norrland Courier", "the norrland courier"):
        filtered = rag.ask(Query("What happened to the Halvik ferry?", outlets=[name]), llm=False)
        assert {c.outlet for c in filtered.citations} == {"The Norrland Courier", "Norrland Courier"}, name
