"""A battery recall, ingested as a saved wire page with its byline as a paragraph and a CSV dump, then asked about as a
reader would in one chat (found in session 46): the byline was quoted as the start of the first sentence, "Why did the
batteries catch fire?" was not answered by "... was to blame", and "What should owners do?" led with "One owner was
treated for smoke inhalation"."""

from __future__ import annotations

import pytest

from rag.answer_type import asks_advice, fills_slot, offers

from .conftest import indexed_files

PAGE = """<html><head><title>Rivolt recalls 9,000 e-bike batteries after fires</title>
<meta property="og:site_name" content="Northwire">
<meta property="article:published_time" content="2026-11-26T14:00:00+00:00">
</head><body>
<div id="menu">Menu | Search | Subscribe</div>
<h1>Rivolt recalls 9,000 e-bike batteries after fires</h1>
<p>By Tova Sand</p>
<p>E-bike maker Rivolt is recalling about 9,000 batteries fitted to its K3 commuter model after three fires in
customers' homes, the consumer safety agency said on Thursday.</p>
<p>No one was seriously hurt in the fires, which broke out while the batteries were charging overnight. One owner was
treated for smoke inhalation.</p>
<p>Owners of K3 bikes sold between March and August 2026 should stop charging the battery and contact Rivolt for a free
replacement, the agency said.</p>
<p>Rivolt said a faulty batch of cells from one supplier was to blame.</p>
<p>Advertisement</p>
</body></html>
"""

DUMP = """headline,body,published,source,url
"Rivolt battery recall widened","Rivolt has widened its battery recall to the K3 Cargo model, bringing the number of \
batteries affected to about 11,500, the company said on Wednesday. A fourth fire is under investigation.",\
02/12/2026,Northwire,https://northwire.example/rivolt-recall-widened
"Harbour ferry fares to rise","Fares on the harbour ferry will rise by 8% in January, the operator said.",\
28/11/2026,Northwire,https://northwire.example/ferry-fares
"""


@pytest.fixture(scope="module")
def recall_rag(tmp_path_factory, minilm):
    rag, report = indexed_files(
        tmp_path_factory.mktemp("recall"), {"recall.html": PAGE, "dump.csv": DUMP.replace("\\\n", "")}, minilm
    )
    assert report.added == 3
    return rag


def test_the_page_byline_is_its_author_and_no_sentence(recall_rag):
    answer = recall_rag.ask("Which e-bike was recalled?", llm=False)
    assert answer.text.startswith("E-bike maker Rivolt is recalling about 9,000 batteries")
    assert answer.citations[0].authors == ["Tova Sand"]


def test_a_chat_on_the_recall(recall_rag):
    chat = recall_rag.chat(llm=False)
    chat.ask("Which e-bike was recalled?")
    assert chat.ask("Was anyone hurt?").text.startswith("No one was seriously hurt in the fires")
    why = chat.ask("Why did the batteries catch fire?")
    assert why.text.startswith("Rivolt said a faulty batch of cells from one supplier was to blame.")
    advice = chat.ask("What should owners do?")
    assert advice.text.startswith("Owners of K3 bikes sold between March and August 2026 should stop charging")


def test_what_is_to_blame_is_a_cause():
    assert offers("Rivolt said a faulty batch of cells from one supplier was to blame.", "reason", "Why?") > 0
    assert offers("Investigators said the driver was not to blame.", "reason", "Why?") > 0


@pytest.mark.parametrize(
    ("question", "who"),
    [
        ("What should owners do?", "owners"),
        ("What can parents do?", "parents"),
        ("What are residents told to do?", "residents"),
        ("What does the company do?", None),
        ("What did the union do?", None),
    ],
)
def test_a_question_asking_what_someone_should_do(question, who):
    assert asks_advice(question) == who


def test_advice_names_whom_it_is_for():
    question = "What should owners do?"
    assert fills_slot("Owners of K3 bikes should stop charging the battery.", question)
    assert fills_slot("Owners are advised to return the bikes.", question)
    assert not fills_slot("One owner was treated for smoke inhalation.", question)
    assert not fills_slot("Parents should keep children at home.", question)


@pytest.mark.parametrize("question", ["Was anyone hurt?", "Did anyone die?", "Was anyone killed in the fires?"])
def test_whether_anyone_was_hurt_is_answered_alone(recall_rag, question):
    """Asked alone of the small index, "Was anyone hurt?" and "Did anyone die?" were refused: a short question is
    little like a report, and no sentence held "anyone", nor "die" ("died" was no form of it). Whom it asks about is
    no word a sentence must hold, "die" is "died", and a sentence telling of victims ("No one was seriously hurt ...")
    holds what a question about victims asks."""
    answer = recall_rag.ask(question, llm=False)
    assert answer.text.startswith("No one was seriously hurt in the fires")


def test_what_is_love_is_still_refused(recall_rag):
    assert recall_rag.ask("What is love?", llm=False).refused


def test_a_german_article_is_no_victim():
    """Found installing the wheel and ingesting a German export beside the recall: with "die" a synonym of "died",
    "Did anyone die?" was answered "Die Fähre nach Nordby fällt bis Freitag aus ..." (the German article "Die")."""
    from rag.answer_type import tells_of_victims

    assert not tells_of_victims("Die Fähre nach Nordby fällt bis Freitag aus, teilte die Reederei mit.")
    assert tells_of_victims("The driver has died in hospital.")


def test_what_caused_the_fires_asked_alone(recall_rag):
    """Found in session 46, fixed in 47: the cause sentence holds no "fire", the report opens with the fires."""
    answer = recall_rag.ask("What caused the fires?", llm=False)
    assert not answer.refused
    assert answer.text.startswith("Rivolt said a faulty batch of cells from one supplier was to blame.")
