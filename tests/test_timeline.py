"""A story's timeline: "How has the ferry story developed?" quotes each of its reports once, oldest first, each
opened by its date (found with the Kestrel news, session 26: it quoted the newest three reports newest first,
as "What's the latest?" does, and a follow-up "How has the story developed?" quoted one report)."""

from __future__ import annotations

import pytest

from rag.retrieval import asks_timeline

from .conftest import article, indexed


def _report(title: str, text: str, when: str, slug: str, outlet: str = "Harbour Post") -> dict:
    return article(title, text, source=outlet, published_at=when, url=f"https://{slug}.example/{slug}")


NEWS = [
    _report(
        "Birch Island ferry suspended after storm damages pier",
        "The Birch Island ferry service was suspended on Sunday after a storm damaged the pier at Alder Quay. "
        "The harbour office said the ferry would not run until the pier was inspected.",
        "2026-11-22T08:00:00Z",
        "suspended",
    ),
    _report(
        "Repairs begin on the Alder Quay pier",
        "Divers began repairs on the Alder Quay pier on Wednesday. The harbour office said the Birch Island ferry "
        "could run again within two weeks if the work went to plan.",
        "2026-11-25T12:00:00Z",
        "repairs",
        outlet="Coast Courier",
    ),
    {
        **_report(
            "Birch Island ferry back in service",
            "The Birch Island ferry returned to service on Friday morning after repairs to the Alder Quay pier were "
            "finished ahead of schedule. Fares are unchanged. Update, December 5: The harbour office said a second "
            "boat would join the route in the spring.",
            "2026-12-04T07:30:00Z",
            "resumed",
        ),
        "updated_at": "2026-12-05T10:00:00Z",
    },
    _report(
        "Library extends its opening hours",
        "The town library will open until 9pm on weekdays from January, the council said on Monday.",
        "2026-12-01T09:00:00Z",
        "library",
    ),
]
DAYS = ["2026-11-22", "2026-11-25", "2026-12-04"]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    return indexed(tmp_path_factory.mktemp("ferry"), NEWS, minilm)


@pytest.mark.parametrize(
    ("question", "timeline"),
    [
        ("How has the ferry story developed?", True),
        ("Give me a timeline of the ferry", True),
        ("What has happened so far with the ferry?", True),
        ("How did the pier repairs unfold?", True),
        ("Recap the ferry story", True),
        ("How many people have died so far?", False),
        ("Who has led the race from the start?", False),
        ("What's the latest on the ferry?", False),
    ],
)
def test_a_question_asking_how_a_story_went(question, timeline):
    assert asks_timeline(question) is timeline


@pytest.mark.parametrize(
    "question", ["How has the ferry story developed?", "Give me a timeline of the ferry", "Recap the ferry story"]
)
def test_a_timeline_quotes_each_report_oldest_first_by_its_date(rag, question):
    answer = rag.ask(question, llm=False)
    assert [c.published_at[:10] for c in answer.citations] == DAYS
    assert answer.text.startswith("2026-11-22: The Birch Island ferry service was suspended on Sunday")
    # a report whose title does not name the ferry: its sentence about the ferry
    assert "2026-11-25: The harbour office said the Birch Island ferry could run again" in answer.text
    assert "2026-12-04: The Birch Island ferry returned to service on Friday morning" in answer.text
    assert "library" not in answer.text
    # the outlet's later update to its report is an entry of its own, on the day the outlet gives
    assert answer.text.endswith(
        "2026-12-05: Update, December 5: The harbour office said a second boat would join the route in the spring. [3]"
    )


def test_the_latest_is_still_newest_first(rag):
    answer = rag.ask("What's the latest on the ferry?", llm=False, as_of="2026-12-05")
    assert answer.text.startswith("The Birch Island ferry returned to service")


def test_a_follow_up_asks_for_the_conversations_timeline(rag):
    """ "Is the ferry running again?" asks about now ("again", as "still"): the newest report, not the one
    saying it "could run again within two weeks"."""
    session = rag.chat(llm=False)
    assert "returned to service" in session.ask("Is the Birch Island ferry running again?").text
    story = session.ask("How has the story developed?")
    assert [c.published_at[:10] for c in story.citations] == DAYS
