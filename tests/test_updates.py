"""A death toll is updated: "the latest" (and "how many") is answered with the newest report's figure, even
when that report names little of the question."""

from __future__ import annotations

import pytest

from rag import NewsRAG

from .conftest import article, write_jsonl
from .test_corrections import SHIPYARD_CUTS

NEWS = [
    article(
        "Floods in Rivania kill 12 as river bursts its banks",
        "At least 12 people died on Thursday after the Selva river burst its banks in northern Rivania, the "
        "interior ministry said. Rescue teams searched flooded villages near the town of Ostra. Interior minister "
        "Pavel Korda said 40 people were missing.",
        source="Northwire",
        date="2026-11-20",
        url="https://northwire.example/floods",
    ),
    article(
        "Rivania flood death toll rises to 31",
        "The number of people killed in the floods in northern Rivania has risen to 31, officials said on "
        "Sunday, as water levels began to fall. Interior minister Pavel Korda told reporters that 9 people were "
        "still missing around Ostra. About 6,000 residents have been evacuated.",
        source="Coastal Ledger",
        date="2026-11-23",
        url="https://ledger.example/toll",
    ),
    article(
        "Ostra buries its dead as floodwater recedes",
        "Hundreds gathered in Ostra on Wednesday for the funerals of flood victims. Officials now say 44 people "
        "lost their lives in the floods, and two remain unaccounted for.",
        source="Northwire",
        date="2026-11-26",
        url="https://northwire.example/ostra",
    ),
    article(
        "Velmar council approves tram extension",
        "Velmar city council voted 31 to 12 on Wednesday to extend the tram line to the airport.",
        source="Velmar Daily",
        date="2026-11-27",
        url="https://velmar.example/tram",
    ),
]


@pytest.fixture(scope="module")
def rag(tmp_path_factory, minilm):
    tmp = tmp_path_factory.mktemp("updates")
    rag = NewsRAG(data_dir=tmp / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp / "news.jsonl", NEWS)])
    return rag


@pytest.mark.parametrize(
    "question", ["What is the latest death toll in Rivania?", "How many people died in the Rivania floods?"]
)
def test_the_newest_figure_leads_though_its_report_names_little_of_the_question(rag, question):
    """Found with a flood dump: the answer quoted Sunday's 31 dead; Wednesday's report on the funerals in
    Ostra ("Officials now say 44 people lost their lives") names no Rivania and no death toll, and ranked low."""
    answer = rag.ask(question, as_of="2026-11-28")
    assert answer.text.startswith("Officials now say 44 people lost their lives in the floods")
    assert answer.citations[0].title == "Ostra buries its dead as floodwater recedes"
    assert "31" in answer.text  # the earlier figure stays, cited with its own date
    assert "voted 31 to 12" not in answer.text  # a newer report of another count is not an update


def test_without_a_newer_report_the_answer_is_unchanged(rag):
    answer = rag.ask("How many people died in the Rivania floods?", as_of="2026-11-28", until="2026-11-24")
    assert answer.text.startswith("The number of people killed in the floods in northern Rivania has risen to 31")


def test_how_many_people_are_missing_is_answered_by_a_count_of_the_missing(rag):
    """It led with "The number of people killed ... has risen to 31": more like the question to MiniLM (it
    names Rivania), with the lead sentence's bonus. A count next to "people" and the question's word for
    what they are ("9 people were still missing") names the slot, as "six centuries" does for "how many
    centuries"."""
    answer = rag.ask("How many people are missing in Rivania?", as_of="2026-11-28")
    assert answer.text.startswith("Interior minister Pavel Korda told reporters that 9 people were still missing")


STRIKE = [
    article(
        "Dock workers walk out at Calder Bay port",
        "About 2,000 dock workers at the port of Calder Bay walked off the job on Monday, halting the loading of "
        "container ships. The union is asking for an 8% pay rise.",
        source="Harbor Times",
        date="2026-12-01",
        url="https://harbortimes.example/strike",
    ),
    article(
        "Port talks collapse as strike spreads to rail yard",
        "Talks between the Calder Bay port authority and striking dock workers broke down on Wednesday after six "
        "hours. The union said 2,400 workers were now out, after crews at the rail yard joined the walkout. "
        "Shipping agents estimated that 40 vessels were waiting to unload.",
        source="Coastline News",
        date="2026-12-03",
        url="https://coastline.example/talks",
    ),
]


def test_a_newer_count_of_what_the_question_counts_leads(tmp_path, minilm):
    """Found asking the CLI: "How many workers are on strike in Calder Bay?" led with "Talks ... broke down on
    Wednesday" (no count: it went first as the newer report), and Wednesday's "2,400 workers were now out"
    was not quoted at all (MiniLM finds it no more like Monday's "About 2,000 dock workers ..." than "40
    vessels were waiting"). A newer sentence that counts what the question counts ("workers") updates the
    count; a sentence without one stays behind the counts."""
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", STRIKE)])
    answer = rag.ask("How many workers are on strike in Calder Bay?", as_of="2026-12-04")
    assert answer.text.startswith("The union said 2,400 workers were now out")
    talks = answer.text.find("Talks between")
    assert talks == -1 or answer.text.index("About 2,000 dock workers") < talks
    assert "40 vessels" not in answer.text


def test_a_newer_count_from_another_story_is_no_update(minilm, tmp_path):
    """Found with two weeks of local news in one index: "How many jobs will the shipyard cut?" led with a
    quarry report's "The company said the ruling put 40 jobs at risk.", newer than the shipyard's reports and
    counting jobs, though it names no shipyard. An update must be on the lead's story: name someone or
    somewhere its report names, or hold its share of the question's words."""
    news = [
        SHIPYARD_CUTS,
        article(
            "Court halts Granby quarry expansion",
            "A regional court on Thursday halted the expansion of the Granby quarry near Kestrel. The judge said "
            "the council had not assessed the effect on the river. The company said the ruling put 40 jobs at "
            "risk. Granby Stone said it would appeal.",
            source="Kestrel Echo",
            published_at="2026-12-03T14:00:00Z",
            url="https://ke.example/quarry",
        ),
    ]
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    answer = rag.ask("How many jobs will the shipyard cut?", llm=False, as_of="2026-12-05")
    assert answer.text.startswith("Chief executive Laura Kett said the company would cut 300 jobs")
    assert "40 jobs" not in answer.text
