"""A storm, ingested as a user saves it (found in session 47): a news page with JSON-LD metadata and an update line, a
live blog, and a pasted note with a "Title: / Date: / Source:" header. The note's header stayed in its text (undated,
no outlet), "Who wrote the Westcoast Herald story?" quoted the storm instead of the byline, and "When will power be
restored?" was refused alone: "Crews expect to reconnect most of them by Sunday evening." points back at the
sentence naming the power cut."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.sources import header_fields
from rag.timeparse import days_named

from .conftest import indexed_files

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Storm Ilse: thousands without power as gusts hit 140km/h | Westcoast Herald</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Storm Ilse: thousands without power as gusts hit 140km/h",
"datePublished":"2026-12-05T07:30:00+00:00","dateModified":"2026-12-05T16:45:00+00:00",
"author":[{"@type":"Person","name":"Mina Lorsen"},{"@type":"Person","name":"Pete Vane"}],
"publisher":{"@type":"Organization","name":"Westcoast Herald"}}
</script>
<link rel="canonical" href="https://westcoastherald.example/weather/storm-ilse-power">
</head><body>
<header><nav>Home | Weather | Sport | Sign in</nav></header>
<article>
<h1>Storm Ilse: thousands without power as gusts hit 140km/h</h1>
<p class="byline">By Mina Lorsen and Pete Vane</p>
<p><strong>Updated 16:45:</strong> Grid operator Norlys now says 23,000 homes are without power, down from 41,000 this
morning. Crews expect to reconnect most of them by Sunday evening.</p>
<p>Storm Ilse brought gusts of up to 140km/h to the west coast overnight, toppling trees and closing the Skarv
bridge.</p>
<p>A man in his 70s was seriously injured when a tree fell on his car near Halden. Police said no one had been
killed.</p>
</article>
<footer>© 2026 Westcoast Herald. All rights reserved.</footer>
</body></html>
"""

LIVE = """<html><head><title>Storm Ilse live: bridge reopens, ferries resume</title>
<meta property="og:site_name" content="Coast Radio News">
<meta property="article:published_time" content="2026-12-06T08:00:00+01:00">
</head><body>
<h1>Storm Ilse live: bridge reopens, ferries resume</h1>
<p>18:20 The Skarv bridge has reopened to all traffic, the road authority says.</p>
<p>10:30 Ferries between Ostvik and Lund are running again, with delays of up to an hour.</p>
</body></html>
"""

NOTE = """Title: Halden council to review tree safety after storm injury
Date: 2026-12-07
Source: Halden Tidende

Halden council will review the safety of roadside trees after a man was seriously injured during Storm Ilse, the
mayor said on Monday.

Mayor Anja Rudd said 1,200 trees along municipal roads would be inspected before the end of January.
"""


@pytest.fixture(scope="module")
def storm_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(
        tmp_path_factory.mktemp("storm"), {"storm.html": PAGE, "live.html": LIVE, "note.txt": NOTE}, minilm
    )
    assert report.added == 3
    return rag


def test_a_note_s_header_block_gives_its_fields(storm_rag):
    answer = storm_rag.ask("How many trees will be inspected?", llm=False)
    cited = answer.citations[0]
    assert (cited.title, cited.outlet, (cited.published_at or "")[:10]) == (
        "Halden council to review tree safety after storm injury",
        "Halden Tidende",
        "2026-12-07",
    )
    assert "Source:" not in cited.text and "Title:" not in cited.text


def test_header_fields():
    fields, rest = header_fields("Title: A\nDate: 2026-12-07\nSource: B\n\nText.")
    assert fields == {"title": "A", "date": "2026-12-07", "source": "B"} and rest.strip() == "Text."
    # one field, or fields that are no record's, are text
    assert header_fields("Note: the figures are provisional.\nMore text.")[0] == {}
    assert header_fields("Warning: high winds\nPlace: Halden\n\nText.")[0] == {}


def test_who_wrote_an_outlet_s_story(storm_rag):
    for question in ("Who wrote the Westcoast Herald story?", "Which Westcoast Herald reporter covered the storm?"):
        answer = storm_rag.ask(question, llm=False)
        assert "is by Mina Lorsen and Pete Vane" in answer.text, question


def test_when_power_will_be_restored(storm_rag):
    answer = storm_rag.ask("When will power be restored?", llm=False)
    assert not answer.refused
    lead, then = answer.text.split(" [1] ")[:2]
    assert lead.endswith("23,000 homes are without power, down from 41,000 this morning.")
    assert then.startswith("Crews expect to reconnect most of them by Sunday evening.")


def test_a_day_someone_expects_to_act_on_is_to_come():
    saturday = date(2026, 12, 5)
    assert days_named("Crews expect to reconnect most of them by Sunday evening.", saturday) == [
        ("Sunday", date(2026, 12, 6))
    ]
    assert days_named("Officials said on Friday the bridge had reopened.", saturday) == [
        ("on Friday", date(2026, 12, 4))
    ]


def test_an_ambiguous_date_in_a_header_block_is_reported(tmp_path):
    """Found feeding the installed wheel a pasted note ("Published At: 12/03/2026", cp1252, CRLF): the date was read
    as 3 December without a word, where a JSON record's is reported."""
    from ingest.items import Notice
    from ingest.records import Article
    from ingest.sources import iter_items

    note = "Headline: Askvik fares to rise\r\nPublished At: 12/03/2026\r\nPublication: Fjordposten\r\n\r\nFares rise 9%.\r\n"
    (tmp_path / "fares.txt").write_bytes(note.encode("cp1252"))
    items = list(iter_items([str(tmp_path / "fares.txt")]))
    (article,) = [i for i in items if isinstance(i, Article)]
    assert (article.title, article.outlet, article.published_at.date().isoformat()) == (
        "Askvik fares to rise",
        "Fjordposten",
        "2026-12-03",
    )
    assert any(
        "ambiguous date published_at='12/03/2026' read as 2026-12-03" in n.message
        for n in items
        if isinstance(n, Notice)
    )
