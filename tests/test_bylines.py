"""Who wrote the news: a byline question is answered from the articles' bylines, in the facade, the chat,
the CLI and with an LLM configured."""

from __future__ import annotations

import json

import pytest

from rag import NewsRAG
from rag.bylines import asks_author

from .conftest import article, write_jsonl
from .llm_fakes import ScriptedLLM

ASKS_AUTHOR = [
    "Who wrote the article about bus fares in Lakeport?",
    "Who wrote it?",
    "who wrote this?",
    "Who is the author of the story on the tram?",
    "Who were the reporters behind this coverage?",
    "Which reporter covered the fare rise?",
    "Who wrote the Gazette's piece on the fares?",
    "What is the byline of the fares story?",
    "Who has written about the ferry strike?",
]
ASKS_ABOUT_THE_NEWS = [
    "Who wrote the letter to the mayor?",
    "Who is the author of the new law?",
    "Who wrote the UN report?",
    "Who wrote the song that won Eurovision?",
    "Who won the Super Bowl?",
]


@pytest.mark.parametrize("question", ASKS_AUTHOR)
def test_a_question_about_an_articles_author(question):
    assert asks_author(question)


@pytest.mark.parametrize("question", ASKS_ABOUT_THE_NEWS)
def test_a_question_about_a_writer_in_the_news(question):
    assert not asks_author(question)


NEWS = [
    article(
        "Bus fares to rise 5% in January",
        "Bus fares in Lakeport will rise by 5% on 1 January, the transport authority said. The mayor wrote a "
        "letter to the authority asking it to freeze fares for students.",
        url="https://gazette.example/fares",
        source="Lakeport Gazette",
        date="2026-12-02",
        byline="By Ana Ruiz and Tom Keller",
    ),
    article(
        "Ferry crews strike over pay",
        "Ferry crews in Lakeport walked out on Monday in a dispute over pay, stranding commuters on the islands.",
        url="https://harbour.example/ferry",
        source="Harbour Post",
        date="2026-12-01",
    ),
]


@pytest.fixture
def rag(tmp_path):
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", NEWS)])
    return rag


def test_who_wrote_an_article_is_answered_with_its_byline(rag, capsys):
    """ "Who wrote the article about bus fares?" was answered by quoting the sentence most like it (here the
    mayor's letter): no sentence states a byline. It names the article, its outlet and date and its authors."""
    from rag.cli import print_sources

    answer = rag.ask("Who wrote the article about bus fares in Lakeport?")
    assert not answer.refused
    assert answer.text.startswith(
        "“Bus fares to rise 5% in January” (Lakeport Gazette, 2026-12-02) is by Ana Ruiz and Tom Keller. [1]"
    )
    assert answer.citations[0].authors == ["Ana Ruiz", "Tom Keller"] and answer.citations[0].quotes == []
    print_sources(answer)
    out = capsys.readouterr().out
    assert "(Lakeport Gazette, 2026-12-02, by Ana Ruiz and Tom Keller)" in out and "“”" not in out
    # an article ingested without a byline is said to carry none, never given an author
    ferry = rag.ask("Who wrote the story about the ferry strike in Lakeport?")
    assert ferry.text.startswith("“Ferry crews strike over pay” (Harbour Post, 2026-12-01) carries no byline. [1]")
    # a writer in the news is still found in the news
    letter = rag.ask("Who wrote the letter to the transport authority?")
    assert "The mayor wrote a letter" in letter.text


def test_who_wrote_the_story_names_the_one_headlined_so(tmp_path):
    """Found with a week of local news: "Who wrote the ferry story?" also named a shipyard report whose text says
    "orders for ferries slowed". A question about one story ("the ferry story") names the one headlined so, when
    one is; "Who wrote about ferries?" still names every report on them."""
    news = [
        *NEWS,
        article(
            "Shipyard profit falls 18%",
            "Aurel Shipyards said its quarterly profit fell 18% as orders for ferries slowed.",
            url="https://business.example/shipyard",
            source="Aurel Business",
            date="2026-12-02",
            byline="By Karin Voss",
        ),
    ]
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", news)])
    one = rag.ask("Who wrote the ferry story?")
    assert [c.title for c in one.citations] == ["Ferry crews strike over pay"]
    every = rag.ask("Who wrote about ferries?")
    assert {c.title for c in every.citations} == {"Ferry crews strike over pay", "Shipyard profit falls 18%"}


def test_who_wrote_it_in_a_chat_names_the_article_the_last_answer_quoted(rag):
    chat = rag.chat(llm=False)
    first = chat.ask("Why are ferry crews in Lakeport on strike?")
    assert "Ferry crews" in first.text
    followup = chat.ask("Who wrote it?")
    assert followup.text.startswith("“Ferry crews strike over pay” (Harbour Post, 2026-12-01) carries no byline.")
    chat.ask("How much will bus fares rise in Lakeport?")
    assert "is by Ana Ruiz and Tom Keller" in chat.ask("Who wrote that story?").text


def test_with_an_llm_a_byline_question_is_still_answered_from_the_byline(tmp_path):
    """The LLM sees no byline in its sources (and the test model invents names): the metadata answers."""
    llm = ScriptedLLM("It was written by John Smith [1].")
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash", llm_client=llm, refuse_threshold=0.05)
    rag.ingest([write_jsonl(tmp_path / "news.jsonl", NEWS)])
    answer = rag.ask("Who wrote the article about bus fares in Lakeport?", llm=True)
    assert "is by Ana Ruiz and Tom Keller" in answer.text and "John Smith" not in answer.text
    assert llm.requests == []  # never asked


MORE = [
    article(
        "Ferry timetable cut for winter",
        "The Lakeport ferry will sail every two hours from January, the operator said, citing crew shortages.",
        url="https://gazette.example/ferry-timetable",
        source="Lakeport Gazette",
        date="2026-11-20",
        byline="By Ana Ruiz",
    ),
    article(
        "Ferry crews vote on new pay offer",
        "Ferry crews will vote on Friday on a pay offer of 4% from the Lakeport operator, their union said.",
        url="https://harbour.example/ferry-vote",
        source="Harbour Post",
        date="2026-12-03",
        byline="By Tom Keller",
    ),
]


def test_what_an_author_wrote_is_searched_in_their_articles(rag, tmp_path):
    """ "What has Ana Ruiz written?" was refused ("I found nothing"): a byline is in no passage's text. A
    question that asks what an author wrote (by a name of two words or more in the index's bylines) is
    searched in that author's articles; the refusal, when there is one, says so."""
    rag.ingest([write_jsonl(tmp_path / "more.jsonl", MORE)])
    everything = rag.ask("What has Ana Ruiz written?")
    assert not everything.refused
    assert {c.title for c in everything.citations} == {
        "Bus fares to rise 5% in January",
        "Ferry timetable cut for winter",
    }
    ferries = rag.ask("What did Ana Ruiz write about the ferry?")
    assert [c.title for c in ferries.citations] == ["Ferry timetable cut for winter"]
    assert "every two hours" in ferries.text
    # a refusal says whose articles were searched
    assert rag.scope(rag.retrieve("What did Ana Ruiz report about the tram?").filters).describe() == (
        "2 articles by Ana Ruiz"
    )
    # without a word that asks what was written, a name is searched as any other
    assert rag.retrieve("What did Ana Ruiz say?").filters.authors == ()
    # a name typed without its accents
    tram = article("Tram fares frozen", "Lakeport's tram fares stay the same in 2027.", source="Harbour Post")
    rag.ingest([write_jsonl(tmp_path / "tram.jsonl", [{**tram, "byline": "By Ivana Kottasová"}])])
    found = rag.retrieve("What has Ivana Kottasova written?")
    assert found.filters.authors == ("Ivana Kottasová",) and [p.title for p in found.passages] == ["Tram fares frozen"]
    # a wire byline that is also an outlet of the index names the outlet
    wire = article("Port strike ends", "Dock workers in Lakeport went back to work.", source="Lakeport Wire")
    rag.ingest([write_jsonl(tmp_path / "wire.jsonl", [{**wire, "byline": "Lakeport Wire"}])])
    assert rag.retrieve("What did the Lakeport Wire report?").filters.authors == ()


def test_an_index_built_before_bylines_were_kept_gets_them_on_upgrade(rag, tmp_path):
    rag.manifest.read("SELECT 1")  # opened
    with rag.manifest._writing() as conn:
        conn.execute("UPDATE articles SET authors = NULL")
    from rag.migrations import AUTHORS_UPGRADE, pending

    assert AUTHORS_UPGRADE in pending(rag.manifest, stories=True)
    assert rag.manifest.author_names() == []
    assert AUTHORS_UPGRADE in rag.upgrade()
    assert set(rag.manifest.author_names()) == {"Ana Ruiz", "Tom Keller"}
    assert not pending(rag.manifest, stories=True)


def test_the_author_option_of_the_query_the_cli_and_the_openai_endpoint(rag, tmp_path, capsys):
    """Beside --outlet, --author NAME (a byline, any case, accents optional): only that author's articles."""
    from rag.cli import main
    from rag.query import Query
    from ui.openai_compat import OPTIONS

    assert Query.of("fares", authors="ana ruiz").authors == ("ana ruiz",) and "authors" in OPTIONS
    answer = rag.ask("What will happen to prices?", authors=["ana ruiz"])
    assert answer.citations and {c.authors[0] for c in answer.citations} == {"Ana Ruiz"}
    assert answer.scope.describe() == "1 article by Ana Ruiz"
    nobody = rag.ask("What will happen to prices?", authors=["Nobody Atall"])
    assert nobody.refused and nobody.text.startswith("No article in the index matches the filters.")
    index = ["--data-dir", str(rag.settings.data_dir), "--set", "embed_model=hash", "--set", "refuse_threshold=0.05"]
    code = main([*index, "ask", "--json", "--author", "ANA RUIZ", "bus fares"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and {c["title"] for c in out["citations"]} == {"Bus fares to rise 5% in January"}


def test_a_chat_keeps_the_author_a_pronoun_points_back_to(rag, tmp_path):
    """Found in a chat: "What did she write about the ferry?" after "What has Ana Ruiz written?" quoted
    another reporter's ferry story; "Who wrote about ferries?" after a question on fares named the
    fares story's authors (it was searched with the fares question, and the byline answer named the articles
    the last answer quoted)."""
    rag.ingest([write_jsonl(tmp_path / "more.jsonl", MORE)])
    chat = rag.chat(llm=False)
    chat.ask("What has Ana Ruiz written?")
    ferry = chat.ask("What did she write about the ferry?")
    assert {c.title for c in ferry.citations} == {"Ferry timetable cut for winter"}
    chat = rag.chat(llm=False)
    chat.ask("How much will bus fares rise in Lakeport?")
    ferries = chat.ask("Who wrote about ferries?")  # two words of its own: searched with the fares question
    assert "Bus fares" not in ferries.text and "“Ferry crews strike over pay” (Harbour Post" in ferries.text
