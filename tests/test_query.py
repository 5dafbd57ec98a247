"""The facade's public values: Query, AnswerStream, IngestProgress; write-time migrations of old indexes."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from rag import NewsRAG
from rag.errors import ConfigError, QuestionError, StoreError
from rag.models import Answer, IngestProgress
from rag.query import MAX_TOP_K, Query
from rag.stream import AnswerStream

from .conftest import SAMPLE, article, write_jsonl

QUESTION = "What did Russia propose at the UN?"


# --- Query
def test_query_cleans_and_keeps_its_options():
    q = Query.of("  What did\tRussia\npropose? ", top_k=3, since="2023-10-01", outlets="Reuters", llm=False)
    assert q.question == "What did Russia propose?" and q.top_k == 3 and q.llm is False
    assert q.outlets == ("Reuters",) and q.filters.since.date() == date(2023, 10, 1)
    assert Query.of(q) is q
    assert Query.of(q, top_k=None, until="2023-12-31") == Query(
        q.question, 3, "2023-10-01", "2023-12-31", ("Reuters",), llm=False
    )
    assert Query.of(QUESTION, since="", outlets=["", " "]).since is None and Query.of(QUESTION).outlets == ()
    assert q.with_question("What did China say?").top_k == 3


@pytest.mark.parametrize("top_k", [0, -5, MAX_TOP_K + 1, True, "3", 2.5])
def test_query_refuses_a_top_k_the_settings_would_refuse(top_k):
    with pytest.raises(QuestionError, match="top_k"):
        Query.of(QUESTION, top_k=top_k)


@pytest.mark.parametrize(
    "options,message",
    [
        ({"since": "last week"}, "YYYY-MM-DD"),
        ({"until": "2020-13-45"}, "YYYY-MM-DD"),
        ({"since": "2024-02-01", "until": "2024-01-01"}, "range is empty"),
        ({"as_of": "tomorrow"}, "YYYY-MM-DD"),
        ({"outlets": [3]}, "outlet"),
        ({"llm": "yes"}, "llm"),
    ],
)
def test_query_refuses_malformed_options(options, message):
    with pytest.raises(QuestionError, match=message):
        Query.of(QUESTION, **options)


def test_query_refuses_an_empty_question_and_unknown_options():
    with pytest.raises(QuestionError, match="empty"):
        Query.of(" \n ")
    with pytest.raises(TypeError, match="topk"):
        Query.of(QUESTION, topk=3)


def test_facade_checks_per_call_top_k_like_the_setting(fake_rag):
    with pytest.raises(ConfigError):
        NewsRAG(data_dir=fake_rag.settings.data_dir, embed_model="hash", top_k=-1)
    for call in (fake_rag.ask, fake_rag.stream, fake_rag.retrieve):
        with pytest.raises(QuestionError, match="top_k"):
            call(QUESTION, top_k=0)
    with pytest.raises(QuestionError, match="top_k"):
        fake_rag.chat().stream(QUESTION, top_k=-5)


# --- AnswerStream
def _answer(text="final"):
    return Answer(question="q", text=text, citations=[], refused=False, mode="extractive")


def test_answer_stream_yields_text_then_holds_the_answer():
    final = _answer()
    seen = []
    stream = AnswerStream(iter(["dr", "aft", final]), on_answer=seen.append)
    it = iter(stream)
    assert next(it) == "dr" and not stream.done
    assert stream.answer() is final and stream.done and seen == [final]  # drains the rest
    assert stream.draft == "draft" and stream.text() == "final"
    assert list(stream) == [] and seen == [final]  # nothing more, the hook ran once


def test_answer_stream_without_an_answer_is_an_error():
    with pytest.raises(RuntimeError, match="without a final Answer"):
        AnswerStream(iter(["only text"])).answer()


def test_facade_stream_and_ask_agree(fake_rag):
    fake_rag.ingest([SAMPLE])
    stream = fake_rag.stream(Query.of(QUESTION, top_k=3))
    pieces = list(stream)
    answer = stream.answer()
    assert pieces == [answer.text] and answer.citations and len(answer.passages) <= 3
    again = fake_rag.ask(QUESTION, top_k=3)
    assert again.to_dict() == answer.to_dict()


# --- ingest progress
def test_one_ingest_for_many_sources_reports_progress_and_the_keyword_index_follows(fake_rag, tmp_path):
    from rag.filters import Filters

    a = write_jsonl(tmp_path / "a.jsonl", [article("Harbour bridge reopens", "The harbour bridge reopened on Monday.")])
    b = write_jsonl(
        tmp_path / "b.jsonl",
        [article("Tram line extended", "The tram line now reaches the airport."), {"title": "no text"}],
    )
    events: list[IngestProgress] = []
    report = fake_rag.ingest([a, b, tmp_path / "missing.jsonl"], progress=events.append)
    assert report.added == 2
    found = {h.article_id for h in fake_rag.keyword.search("harbour tram airport", 10, Filters())}
    assert len(found) == 2  # both articles are in the keyword index, with nothing rebuilt
    assert [e.source_index for e in events[:-1]] == [1, 2, 2, 3]
    assert [e.items for e in events[:-1]] == [1, 2, 3, 4] and events[-2].source == str(tmp_path / "missing.jsonl")
    last = events[-1]
    assert last.done and last.fraction == 1.0 and last.items == 4
    assert (last.added, last.updated, last.unchanged, last.skipped) == (2, 0, 0, len(report.skipped))
    assert events[0].fraction == 0.0 and "source 1 of 3" in events[0].describe()


# --- migrations: run on write, never on read
def _make_old(data_dir, collection):
    """Turn an index into one built before the manifest kept chunk texts and story signatures."""
    with sqlite3.connect(data_dir / f"manifest-{collection}.sqlite") as db:
        db.execute("DELETE FROM chunks")
        db.execute("UPDATE articles SET minhash = NULL, story_id = NULL")


def test_an_old_index_is_upgraded_on_write_not_on_read(tmp_path):
    data = tmp_path / "idx"
    first = NewsRAG(data_dir=data, embed_model="hash")
    first.ingest([SAMPLE])
    expected = first.ask(QUESTION).to_dict()
    collection = first.settings.collection
    first.manifest.close()
    _make_old(data, collection)

    reader = NewsRAG(data_dir=data, embed_model="hash")
    with pytest.raises(StoreError, match="newsrag upgrade"):
        reader.ask(QUESTION)
    assert reader.manifest.chunk_count() == 0  # the read wrote nothing

    writer = NewsRAG(data_dir=data, embed_model="hash")
    assert writer.upgrade() == ["chunk texts in the manifest", "story signatures"]
    assert writer.upgrade() == []
    assert NewsRAG(data_dir=data, embed_model="hash").ask(QUESTION).to_dict() == expected


def test_ingest_upgrades_an_old_index_too(tmp_path):
    data = tmp_path / "idx"
    first = NewsRAG(data_dir=data, embed_model="hash")
    first.ingest([SAMPLE])
    expected = first.ask(QUESTION).to_dict()
    collection = first.settings.collection
    first.manifest.close()
    _make_old(data, collection)
    rag = NewsRAG(data_dir=data, embed_model="hash")
    assert rag.ingest([SAMPLE]).unchanged > 0
    assert rag.ask(QUESTION).to_dict() == expected


def test_a_bare_contraction_is_written_out():
    """ "whats the turnout" quoted one outlet's turnout: not read as "what's the turnout?", it asked for no figure."""
    from rag.query import clean_question

    assert clean_question("whats the turnout.") == "what's the turnout."
    assert clean_question("Why didnt Rell win? Whos next.") == "Why didn't Rell win? Who's next."
    assert clean_question("whatsoever, hasnt") == "whatsoever, hasn't"
    assert Query.of("whos the new mayor").question == "who's the new mayor?"


def test_an_invisible_format_character_is_dropped_not_spaced():
    """A question pasted with zero-width spaces inside a word ("the old\u200b\u200best person") was read as "old est":
    format characters go, other unprintable ones (tabs, line breaks) are spaces."""
    from rag.query import clean_question

    assert clean_question("the old\u200b\u200best person, soft\xadhyphen") == "the oldest person, softhyphen"
    assert clean_question("tab\there, line\nbreak") == "tab here, line break"


def test_a_question_typed_without_its_mark_gets_one():
    """ "Who was MVP" was refused where "Who was MVP?" was answered: the model rates the question with its mark nearer
    the sentence that answers it. A question asked without one gets one; other text stays as typed."""
    from rag.query import clean_question

    assert clean_question("who was mvp") == "who was mvp?"
    assert clean_question("whats the turnout") == "what's the turnout?"
    assert clean_question("Who won?") == "Who won?"
    assert clean_question("tell me about the quake") == "tell me about the quake"
    assert clean_question("Rell age") == "Rell age"
    assert clean_question("How many states? 32") == "How many states? 32"  # it has its mark
