"""An article without a URL, edited and ingested again, replaces the one read from the same file or
record (`Article.origin`) as its next version, instead of being added beside it under the id its
new text gives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ingest.sources import Upload, items_from_file
from rag import NewsRAG
from rag.cli import main

from .conftest import article, write_jsonl

TRAM = """Calder council approves tram line
By Ana Ruiz, Calder Herald
Published: November 3, 2026

The Calder council voted on Tuesday to approve the new tram line. The line will open in 2029 and cost {cost} million euros.
"""
STRIKE = "Dockers at the port of Calder ended their strike on Friday. The union accepted a {raise_} percent raise."
CUP = "Calder United meet Ostra in the cup final tonight at the old stadium."


def _rag(tmp_path: Path) -> NewsRAG:
    return NewsRAG(data_dir=tmp_path / "index", embed_model="hash", refuse_threshold=-1)


def _texts(rag: NewsRAG) -> list[str]:
    return sorted(" ".join(rag.manifest.chunk_texts(r.id)) for r in rag.manifest.rows())


def _dump(path: Path, raise_: int, **strike) -> Path:
    return write_jsonl(
        path,
        [
            article("Port strike ends", STRIKE.format(raise_=raise_), outlet="Northwire", date="2026-11-20", **strike),
            article("Cup final tonight", CUP),
        ],
    )


def test_an_edited_text_file_replaces_its_article_as_version_2(tmp_path):
    rag = _rag(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    tram = notes / "tram.txt"
    tram.write_text(TRAM.format(cost=400), encoding="utf-8")
    assert rag.ingest([notes]).added == 1
    tram.write_text(TRAM.format(cost=450), encoding="utf-8")
    report = rag.ingest([notes])
    assert (report.added, report.updated) == (0, 1)
    assert rag.stats()["articles"] == 1
    (text,) = _texts(rag)
    assert "450 million" in text and "400 million" not in text
    answer = rag.ask("How much will the tram cost?")
    assert "450 million" in answer.text and "400 million" not in answer.text
    history = rag.history(str(tram))  # by the file it was read from
    assert [v.version for v in history.versions] == [1, 2]
    assert history.versions[1].changes.sentences_added == 1
    assert rag.ingest([notes]).unchanged == 1


def _upload(tmp_path: Path, copy: str, name: str, text: str) -> Upload:
    """A file as a client uploads it: a temporary copy in a folder of its own, under the name it was sent with."""
    folder = tmp_path / "uploads" / copy
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return Upload(str(folder / name), name)


def test_an_edited_upload_replaces_its_article(tmp_path):
    """Found in the web UI: an edited tram.txt uploaded again was added beside the first, each upload being
    a temporary copy under another path, and `ask` could quote the old cost. An upload is placed by the
    name it was sent with and its title; another page under the same name is another article."""
    rag = _rag(tmp_path)
    assert rag.ingest([_upload(tmp_path, "a", "tram.txt", TRAM.format(cost=400))]).added == 1
    report = rag.ingest([_upload(tmp_path, "b", "tram.txt", TRAM.format(cost=450))])
    assert (report.added, report.updated) == (0, 1)
    (text,) = _texts(rag)
    assert "450 million" in text and "400 million" not in text
    assert rag.ingest([_upload(tmp_path, "c", "tram.txt", "Cup final tonight\n\n" + CUP)]).added == 1
    assert rag.stats()["articles"] == 2


def test_an_edited_record_of_a_dump_replaces_its_article_and_leaves_the_others(tmp_path):
    rag = _rag(tmp_path)
    dump = _dump(tmp_path / "dump.jsonl", 6)
    assert rag.ingest([dump]).added == 2
    _dump(dump, 7)
    report = rag.ingest([dump])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    texts = _texts(rag)
    assert len(texts) == 2 and any("7 percent" in t for t in texts) and not any("6 percent" in t for t in texts)


def test_a_record_is_found_by_its_id_when_its_title_changed_too(tmp_path):
    rag = _rag(tmp_path)
    dump = write_jsonl(tmp_path / "dump.jsonl", [article("Strike ends", STRIKE.format(raise_=6), id="s-1")])
    rag.ingest([dump])
    write_jsonl(dump, [article("Port strike ends after four days", STRIKE.format(raise_=7), id="s-1")])
    assert rag.ingest([dump]).updated == 1
    assert [r.title for r in rag.manifest.rows()] == ["Port strike ends after four days"]


def test_the_same_file_name_in_another_folder_is_another_article(tmp_path):
    rag = _rag(tmp_path)
    for folder, cost in (("a", 400), ("b", 450)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "tram.txt").write_text(TRAM.format(cost=cost), encoding="utf-8")
        assert rag.ingest([tmp_path / folder]).added == 1
    assert rag.stats()["articles"] == 2


def test_two_records_with_one_title_and_date_are_each_kept_when_one_is_edited(tmp_path):
    """A live blog's entries under one title: which indexed one an edited entry is cannot be told, so
    it is added, and neither indexed entry is lost."""
    rag = _rag(tmp_path)
    live = [article("Live: Calder floods", f"Update {i}: the river rose {i} metres overnight.") for i in (1, 2)]
    dump = write_jsonl(tmp_path / "live.jsonl", live)
    rag.ingest([dump])
    write_jsonl(dump, [live[0], article("Live: Calder floods", "Update 2: the river rose 3 metres overnight.")])
    assert rag.ingest([dump]).added == 1
    texts = _texts(rag)
    assert len(texts) == 3 and any("rose 2 metres" in t for t in texts)


def test_an_article_with_a_url_is_never_placed(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [article("A", "Some text here.", url="https://example.com/a")])
    (item,) = items_from_file(path)
    assert item.origin is None


def test_origins_name_the_file_and_the_record(tmp_path):
    (tmp_path / "t.md").write_text("# Tram\n\nThe tram opens in 2029.\n", encoding="utf-8")
    (item,) = items_from_file(tmp_path / "t.md")
    assert item.origin == (tmp_path / "t.md").resolve().as_uri()
    (item,) = items_from_file(
        write_jsonl(tmp_path / "d.jsonl", [article("Port Strike  Ends", "Text.", date="2026-11-20")])
    )
    assert item.origin == (tmp_path / "d.jsonl").resolve().as_uri() + "#title=port strike ends|2026-11-20"
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Northwire</title>'
        '<item><guid isPermaLink="false">nw-17</guid><title>Strike ends</title><description>The strike ended.</description></item>'
        "</channel></rss>",
        encoding="utf-8",
    )
    (item,) = items_from_file(feed)
    assert item.origin == feed.resolve().as_uri() + "#id=nw-17"


def test_an_index_from_before_origins_gets_them_when_ingested_again(tmp_path):
    rag = _rag(tmp_path)
    tram = tmp_path / "tram.txt"
    tram.write_text(TRAM.format(cost=400), encoding="utf-8")
    rag.ingest([tram])
    with sqlite3.connect(rag.manifest.path) as conn:  # as an older version wrote it
        conn.execute("UPDATE articles SET origin = NULL")
    assert rag.ingest([tram]).unchanged == 1  # records the origin
    tram.write_text(TRAM.format(cost=450), encoding="utf-8")
    assert rag.ingest([tram]).updated == 1
    assert rag.stats()["articles"] == 1


def test_history_of_a_file_on_the_command_line(tmp_path, capsys):
    tram = tmp_path / "tram.txt"
    tram.write_text(TRAM.format(cost=400), encoding="utf-8")
    data = str(tmp_path / "index")
    assert main(["--data-dir", data, "--set", "embed_model=hash", "ingest", str(tram)]) == 0
    tram.write_text(TRAM.format(cost=450), encoding="utf-8")
    assert main(["--data-dir", data, "--set", "embed_model=hash", "ingest", str(tram)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "--set", "embed_model=hash", "history", str(tram), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [v["version"] for v in out["versions"]] == [1, 2]
    assert main(["--data-dir", data, "--set", "embed_model=hash", "history", str(tmp_path / "other.txt")]) == 1
    assert "no article with the id, URL or file" in capsys.readouterr().err
