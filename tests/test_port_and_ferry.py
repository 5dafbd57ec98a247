"""A saved port-news page (its date and byline in a box above the headline, a cookie banner, a "Read more" box and
readers' comments) and a semicolon export of two local stories, ingested and asked about as a reader would (found in
session 48): "Is the container terminal closed?" was refused beside "Operations at the container terminal were
suspended until further notice.", "When is the first ferry?" led with the story's "the operator said on Tuesday"
and not "The first departure is at 06:15.", and "Who wrote the crane story?" found no byline."""

from __future__ import annotations

import pytest

from rag.answer_type import offers

from .conftest import indexed_files

PAGE = """<html><head><title>Harbour crane collapse injures two | Port Gazette</title>
<script>window.dataLayer=[];function gtag(){}</script></head>
<body><div class="cookie">We use cookies. <button>Accept all</button></div>
<div class="article-meta">Published 4 December 2026, 14:05 · By Anja Berg</div>
<h1>Harbour crane collapse injures two</h1>
<p>A container crane collapsed at Vesthavn port on Thursday afternoon, injuring two dock workers, one of them
seriously, the port authority said.</p>
<p>The 60-metre crane fell onto an empty berth during high winds. Operations at the container terminal were suspended
until further notice.</p>
<aside><h3>Read more</h3><ul><li><a href="/a">Port Gazette wins regional award</a></li></ul></aside>
<p>The labour inspectorate has opened an investigation. The crane was built in 1998 and was last inspected in March,
the operator, Vesthavn Terminals, said.</p>
<div class="comments"><h3>Comments (2)</h3><p>Jens: This was bound to happen!</p></div>
<footer>© Port Gazette 2026</footer></body></html>
"""
TABLE = (
    "headline;published;source;body;link\r\n"
    '"Ferry Ostvik-Lund back on schedule";08.12.2026;Coast Radio News;"The Ostvik-Lund ferry is back on its normal '
    'timetable after storm repairs, the operator said on Tuesday. The first departure is at 06:15.";'
    "https://coastradio.example/ferry-schedule\r\n"
    '"Halden library reopens after flood";07/12/2026;Halden Tidende;"Halden\'s main library reopened on Monday after '
    'three weeks of repairs to its flooded basement. About 4,000 books were lost.";https://haldentidende.example/library\r\n'
)


@pytest.fixture(scope="module")
def port_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(tmp_path_factory.mktemp("port"), {"page.html": PAGE, "local.csv": TABLE}, minilm)
    assert report.added == 3
    return rag


def test_a_state_asked_in_another_word_of_its_family_is_answered(port_rag):
    for question in ("Is the container terminal closed?", "Is the container terminal open?"):
        answer = port_rag.ask(question, llm=False)
        assert answer.text.startswith("Operations at the container terminal were suspended"), (question, answer.text)


def test_a_time_of_day_answers_when(port_rag):
    for question in ("When is the first ferry?", "What time is the first ferry?"):
        answer = port_rag.ask(question, llm=False)
        assert answer.text.startswith("The first departure is at 06:15."), (question, answer.text)
    assert offers("The bridge reopened at 18:20.", "date", "When did the bridge reopen?") == 1.0
    # a score or a ratio is no time
    assert offers("Lindholm won 3:1 at home.", "date", "When did Lindholm win?") == 0.0


def test_the_byline_above_the_headline_is_the_story_s(port_rag):
    answer = port_rag.ask("Who wrote the crane story?", llm=False)
    assert "Anja Berg" in answer.text, answer.text


def test_the_dotted_file_dates_its_slashed_row_day_first(port_rag):
    answer = port_rag.ask("When did the Halden library reopen?", llm=False)
    assert answer.citations and answer.citations[0].published_at is not None
    assert answer.citations[0].published_at.startswith("2026-12-07")


def test_why_is_answered_by_what_happened_just_before(port_rag):
    """Found in session 48 and left as a gap: "Why were operations at Vesthavn suspended?" quoted only the suspension.
    The crane's fall, told right before it, is why; the high winds it fell in are why it collapsed."""
    suspended = port_rag.ask("Why were operations at the container terminal suspended?", llm=False).text
    assert suspended.startswith("The 60-metre crane fell onto an empty berth during high winds.")
    assert "Operations at the container terminal were suspended" in suspended
    for question in ("What caused the crane collapse?", "Why did the crane collapse?"):
        answer = port_rag.ask(question, llm=False).text
        assert answer.startswith("The 60-metre crane fell onto an empty berth during high winds."), (question, answer)
    assert offers("The crane fell during high winds.", "reason", "Why did the crane fall?") == 1.0
    assert offers("The crane fell during the night.", "reason", "Why did the crane fall?") == 0.0
