"""Article versions: a corrected article is kept as version 2 (issue 14), its history by id or URL,
citations that say it was updated, and indexes from before versions were kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from rag import NewsRAG
from rag.cli import main
from rag.errors import ArticleNotFoundError
from rag.models import VersionChanges
from rag.versions import MAX_LISTED, compare, reconstruct_text, same_words

from .conftest import article, write_jsonl

URL = "https://gazette.example.com/news/harbour-traffic"
TRACKED_URL = URL + "/?utm_source=newsletter&utm_medium=email#top"
LEAD_V1 = "The Valmora harbour authority said shipping traffic rose by eight percent after the pier repairs."
LEAD_V2 = "The Valmora harbour authority said shipping traffic rose by six percent after the pier repairs."
REST = "The mayor welcomed the figures at a press conference on Monday. Officials expect more cruise ships in spring."
QUESTION = "By how much did shipping traffic rise in the Valmora harbour?"


def _rag(tmp_path: Path) -> NewsRAG:
    # the hash embedder's similarities are low: never refuse, so every answer cites
    return NewsRAG(data_dir=tmp_path / "index", embed_model="hash", refuse_threshold=-1)


def _ingest(rag: NewsRAG, tmp_path: Path, name: str, **record) -> None:
    fields = {"url": TRACKED_URL, "source": "Valmora Gazette", "date": "2025-03-03", **record}
    report = rag.ingest([write_jsonl(tmp_path / name, [article(**fields)])])
    assert not report.skipped


def _original(rag: NewsRAG, tmp_path: Path) -> None:
    _ingest(rag, tmp_path, "v1.jsonl", title="Harbour traffic rises", text=f"{LEAD_V1} {REST}")


def _corrected(rag: NewsRAG, tmp_path: Path) -> None:
    _ingest(rag, tmp_path, "v2.jsonl", title="Harbour traffic rises (corrected)", text=f"{LEAD_V2} {REST}")


def _version_rows(rag: NewsRAG) -> int:
    with sqlite3.connect(rag.manifest.path) as conn:
        return conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]


def test_a_corrected_article_becomes_version_2_with_what_changed(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _corrected(rag, tmp_path)
    assert rag.stats()["articles"] == 1
    history = rag.history(URL)
    assert [v.version for v in history.versions] == [1, 2]
    first, second = history.versions
    assert first.title == "Harbour traffic rises" and first.changes is None and not first.reconstructed
    assert first.text == f"{LEAD_V1} {REST}" and second.text == f"{LEAD_V2} {REST}"
    assert first.words == second.words == len(f"{LEAD_V1} {REST}".split())
    assert first.seen_at <= second.seen_at
    assert first.content_hash != second.content_hash == rag.manifest.hashes([history.article_id])[history.article_id][0]
    assert second.changes == VersionChanges(
        title_changed=True, sentences_added=1, sentences_removed=1, added=[LEAD_V2], removed=[LEAD_V1]
    )
    assert second.changes.describe() == "title changed; 1 sentence added, 1 removed"
    assert history.title == "Harbour traffic rises (corrected)" and history.url == URL
    assert history.current is second


def test_a_dump_holding_two_versions_of_an_article_keeps_the_newer(tmp_path):
    """Found by ingesting a wire dump that held a story and, further down, its update (same URL, "updated" a day
    later, a death added): the update was skipped as a "duplicate ... in this run", and the index kept the first
    text. A version newer than the one met first is written after it, as version 2; an older one, or one that says
    no later time, is skipped with a reason that says so (a feed repeating an entry with less text)."""
    v1 = article("Harbour traffic rises", f"{LEAD_V1} {REST}", url=URL, date="2025-03-03T08:00:00Z")
    v2 = {**article("Harbour traffic rises (corrected)", f"{LEAD_V2} {REST}", url=URL), "date": "2025-03-03T08:00:00Z"}
    v2["updated"] = "2025-03-04T09:00:00Z"
    rag = _rag(tmp_path)
    report = rag.ingest([write_jsonl(tmp_path / "dump.jsonl", [v1, v2])])
    assert (report.added, report.updated, report.skipped) == (1, 1, [])
    history = rag.history(URL)
    assert [v.text for v in history.versions] == [f"{LEAD_V1} {REST}", f"{LEAD_V2} {REST}"]
    assert rag.store.count() == rag.stats()["chunks"] == 1  # the first version's chunks are gone from the store
    assert "six percent" in rag.ask(QUESTION, llm=False).text

    newest_first = _rag(tmp_path / "reversed")
    report = newest_first.ingest([write_jsonl(tmp_path / "reversed.jsonl", [v2, v1])])
    assert report.added == 1 and not report.updated
    assert [s.reason for s in report.skipped] == [
        f"duplicate of {tmp_path / 'reversed.jsonl'}:1 in this run (another version, not newer)"
    ]
    assert [v.text for v in newest_first.history(URL).versions] == [f"{LEAD_V2} {REST}"]


def test_history_by_url_with_tracking_parameters_and_by_id(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    by_url = rag.history(TRACKED_URL)
    assert rag.history(URL) == by_url
    assert rag.history(by_url.article_id) == by_url
    assert rag.history(by_url.article_id.upper()) == by_url
    assert rag.history(f"  {URL}/  ") == by_url
    assert [v.version for v in by_url.versions] == [1]


def test_an_unknown_article_raises_an_error_that_says_what_to_do(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    for unknown in ("https://gazette.example.com/news/other", "0" * 64, "not a url", ""):
        with pytest.raises(ArticleNotFoundError, match="newsrag ask --json"):
            rag.history(unknown)


def test_the_answer_cites_the_current_text_and_says_it_was_updated(tmp_path, capsys):
    from ui.render import citation_html

    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _ingest(rag, tmp_path, "other.jsonl", title="Budget approved", text="The council approved a road budget.",
            url="https://wire.example.com/budget")  # fmt: skip
    answer = rag.ask(QUESTION, llm=False)
    assert all(c.version is None and c.updated_at is None and c.updated_label is None for c in answer.citations)
    _corrected(rag, tmp_path)
    answer = rag.ask(QUESTION, llm=False)
    cited = next(c for c in answer.citations if c.url == URL)
    assert "six percent" in cited.text and "eight percent" not in cited.text
    assert "eight percent" not in answer.text
    history = rag.history(URL)
    assert (cited.version, cited.updated_at) == (2, history.current.seen_at)
    assert cited.changes == history.current.changes
    day = history.current.seen_at[:10]
    assert cited.updated_label == f"updated {day} (version 2)"
    # the command line: `ask --json` and the text answer's sources
    cli = ["--data-dir", str(rag.settings.data_dir), "--set", "embed_model=hash", "--set", "refuse_threshold=-1"]
    assert main([*cli, "ask", "--json", "--no-llm", QUESTION]) == 0
    as_json = next(c for c in json.loads(capsys.readouterr().out)["citations"] if c["url"] == URL)
    assert (as_json["version"], as_json["updated_at"]) == (2, history.current.seen_at)
    assert as_json["changes"]["added"] == [LEAD_V2] and as_json["changes"]["removed"] == [LEAD_V1]
    assert main([*cli, "ask", "--no-llm", QUESTION]) == 0
    out = capsys.readouterr().out
    assert f"updated {day} (version 2): title changed; 1 sentence added, 1 removed" in out
    # the UI's source card: the date, the number of versions and the changed sentences (escaped)
    cited.changes.removed = ["<b>eight</b> percent"]
    card = citation_html(cited)
    assert f"updated {day} (2 versions)" in card
    assert "<details class='newsrag-changes'>" in card and LEAD_V2 in card
    assert "&lt;b&gt;eight&lt;/b&gt; percent" in card and "<b>" not in card


def test_the_api_serialisers_carry_the_version(tmp_path):
    from ui.openai_compat import sources_text

    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _corrected(rag, tmp_path)
    answer = rag.ask(QUESTION, llm=False)
    assert "(version 2)" in sources_text(answer)
    mcp = pytest.importorskip("ui.mcp_server")
    result = mcp.ask_result(answer)
    assert result.citations[0].version == 2 and result.citations[0].updated_at
    assert "(version 2)" in mcp.answer_text(result)


def test_the_feed_watchers_write_path_keeps_versions(tmp_path):
    """`NewsRAG._write` (the watcher's pass): the same text from another feed is unchanged and makes
    no version; a corrected text is version 2."""
    from ingest.records import Article
    from ingest.report import IngestReport
    from rag.locking import ingest_lock

    rag = _rag(tmp_path)

    def entry(text: str, outlet: str) -> list[Article]:
        return [Article.create(title="Harbour traffic rises", text=text, url=TRACKED_URL, outlet=outlet)]

    with ingest_lock(rag.settings.data_dir):
        first = rag._write(entry(f"{LEAD_V1} {REST}", "Gazette"), IngestReport(), same_text_unchanged=True)
        again = rag._write(entry(f"{LEAD_V1} {REST}", "Gazette - Top"), IngestReport(), same_text_unchanged=True)
        fixed = rag._write(entry(f"{LEAD_V2} {REST}", "Gazette"), IngestReport(), same_text_unchanged=True)
    assert (first.added, again.unchanged, fixed.updated) == (1, 1, 1)
    history = rag.history(URL)
    assert [v.version for v in history.versions] == [1, 2]
    assert history.current.changes.added == [LEAD_V2] and not history.current.changes.title_changed


def test_a_change_of_metadata_only_makes_no_new_version(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    before = rag.history(URL)
    _ingest(rag, tmp_path, "moved.jsonl", title="Harbour traffic rises", text=f"{LEAD_V1} {REST}",
            source="Valmora Gazette - Business", date="2025-03-04")  # fmt: skip
    after = rag.history(URL)
    assert [v.version for v in after.versions] == [1]
    assert after.outlet == "Valmora Gazette - Business"
    assert after.current.content_hash != before.current.content_hash  # the current row follows the metadata
    assert after.current.content_hash == rag.manifest.hashes([after.article_id])[after.article_id][0]
    assert after.current.seen_at == before.current.seen_at
    assert all(c.version is None for c in rag.ask(QUESTION, llm=False).citations)


def test_delete_removes_the_versions(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _corrected(rag, tmp_path)
    assert _version_rows(rag) == 2
    assert rag.delete([rag.history(URL).article_id]) == 1
    assert _version_rows(rag) == 0
    with pytest.raises(ArticleNotFoundError):
        rag.history(URL)


def test_history_json_and_text_on_the_command_line(tmp_path, capsys):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _corrected(rag, tmp_path)
    data = str(rag.settings.data_dir)
    assert main(["--data-dir", data, "history", TRACKED_URL, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert set(obj) == {"article_id", "url", "title", "outlet", "versions"}
    assert obj["url"] == URL and len(obj["versions"]) == 2
    version_keys = {"version", "seen_at", "title", "words", "content_hash", "changes", "reconstructed"}
    assert all(set(v) == version_keys for v in obj["versions"])
    assert obj["versions"][0]["changes"] is None
    assert obj["versions"][1]["changes"] == {
        "title_changed": True,
        "sentences_added": 1,
        "sentences_removed": 1,
        "added": [LEAD_V2],
        "removed": [LEAD_V1],
    }
    assert main(["--data-dir", data, "history", obj["article_id"], "--json", "--text"]) == 0
    assert json.loads(capsys.readouterr().out)["versions"][1]["text"] == f"{LEAD_V2} {REST}"
    assert main(["--data-dir", data, "history", URL]) == 0
    out = capsys.readouterr().out
    assert "version 2" in out and "title changed; 1 sentence added, 1 removed" in out
    assert f"  - {LEAD_V1}" in out and f"  + {LEAD_V2}" in out
    assert main(["--data-dir", data, "history", "https://gazette.example.com/nothing"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsrag: error: no article with the id, URL or file") and err.count("\n") == 1


def _make_old(rag: NewsRAG) -> Path:
    """The manifest as an index built before versions were kept: no versions table, no text_hash."""
    path = rag.manifest.path
    rag.manifest.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE versions")
        conn.execute("UPDATE articles SET text_hash = NULL")
    return path


def test_an_older_index_is_migrated_and_its_articles_get_their_previous_text_as_version_1(tmp_path):
    long_text = "\n\n".join(
        " ".join(f"Paragraph {p} sentence {i} reports that {p * 10 + i} ships docked at Valmora." for i in range(8))
        for p in range(4)
    )
    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash", chunk_tokens=64, chunk_overlap=16)
    _ingest(rag, tmp_path, "v1.jsonl", title="Harbour traffic rises", text=long_text)
    _ingest(rag, tmp_path, "u1.jsonl", title="Untouched", text=f"{REST} Nothing else.", url="https://x.example/u")
    assert rag.stats()["chunks"] > 4  # several overlapping chunks to rebuild the text from
    path = _make_old(rag)

    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash", chunk_tokens=64, chunk_overlap=16)
    old = rag.history(URL)  # one version, rebuilt from the chunks
    assert len(old.versions) == 1 and old.current.reconstructed and old.current.changes is None
    assert same_words(old.current.text, long_text) and old.current.words == len(long_text.split())
    with sqlite3.connect(path) as conn:  # opening for writing migrated the manifest
        assert conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0] == 0

    corrected = long_text.replace("Paragraph 2 sentence 3 reports that 23", "Paragraph 2 sentence 3 reports that 32")
    _ingest(rag, tmp_path, "v2.jsonl", title="Harbour traffic rises", text=corrected)
    history = rag.history(URL)
    assert [v.version for v in history.versions] == [1, 2]
    assert history.versions[0].reconstructed and not history.versions[1].reconstructed
    assert same_words(history.versions[0].text, long_text)
    assert history.versions[0].seen_at == old.current.seen_at
    changes = history.versions[1].changes
    assert (changes.title_changed, changes.sentences_added, changes.sentences_removed) == (False, 1, 1)
    assert changes.added == ["Paragraph 2 sentence 3 reports that 32 ships docked at Valmora."]
    # a metadata-only change of an older article: its text is kept as version 1, no second version
    _ingest(rag, tmp_path, "u2.jsonl", title="Untouched", text=f"{REST} Nothing else.", url="https://x.example/u",
            source="Another name")  # fmt: skip
    untouched = rag.history("https://x.example/u")
    assert [(v.version, v.reconstructed, v.text) for v in untouched.versions] == [(1, False, f"{REST} Nothing else.")]


def test_a_read_only_index_answers_history(tmp_path):
    from .test_hostile_rag import _chmod_tree, _run

    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    _corrected(rag, tmp_path)
    rag.manifest.close()
    data = rag.settings.data_dir
    old = NewsRAG(data_dir=tmp_path / "old", embed_model="hash")
    _ingest(old, tmp_path, "o.jsonl", title="Harbour traffic rises", text=f"{LEAD_V1} {REST}")
    _make_old(old)
    _chmod_tree(data, writable=False)
    _chmod_tree(old.settings.data_dir, writable=False)
    try:
        for index, versions in ((data, 2), (old.settings.data_dir, 1)):
            run = _run(["-m", "rag.cli", "--data-dir", str(index), "history", URL, "--json"], tmp_path)
            assert run.returncode == 0, run.stderr
            assert len(json.loads(run.stdout)["versions"]) == versions
    finally:
        _chmod_tree(data, writable=True)
        _chmod_tree(old.settings.data_dir, writable=True)


def test_reconcile_forgetting_an_article_keeps_its_versions(tmp_path):
    rag = _rag(tmp_path)
    _original(rag, tmp_path)
    article_id = rag.history(URL).article_id
    rag.store.delete(rag.manifest.chunk_ids([article_id]))  # the store lost the article's chunks
    _corrected(rag, tmp_path)  # reconcile forgets it, then the ingest writes it again
    assert [v.version for v in rag.history(URL).versions] == [1, 2]


def test_compare_counts_sentences_as_a_multiset():
    old = "One fact stays. Another fact moves. A third is dropped."
    new = "Another fact moves. One fact stays. A new fact arrives."
    ch = compare("Title", old, "Title ", new)
    assert ch == VersionChanges(False, 1, 1, ["A new fact arrives."], ["A third is dropped."])
    assert compare("T", old, "T", old).describe() == "no change in the text"
    many = " ".join(f"Fact number {i} is new." for i in range(MAX_LISTED + 5))
    ch = compare("T", "", "U", many)
    assert ch.sentences_added == MAX_LISTED + 5 and len(ch.added) == MAX_LISTED and ch.title_changed


def test_reconstruct_text_removes_the_overlap_of_consecutive_chunks():
    assert reconstruct_text(["The first sentence. The second one.", "The second one. The third."]) == (
        "The first sentence. The second one. The third."
    )
    assert (
        reconstruct_text(["No overlap here.", "Here a new paragraph."]) == "No overlap here.\n\nHere a new paragraph."
    )
    assert reconstruct_text(["Ends in.", "in. is no overlap"]) == "Ends in.\n\nin. is no overlap"
    assert reconstruct_text([]) == ""
