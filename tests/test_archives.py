"""Zip archives, as news datasets are downloaded (Kaggle's "archive.zip" holding CSV files): each file in the
archive read as it would be on its own, bounded by the limits, never written to disk."""

from __future__ import annotations

import io
import json
import zipfile

from ingest.items import Skipped
from ingest.limits import Limits
from ingest.records import Article
from ingest.sources import iter_items

RECORDS = [
    {"title": "Harbour budget approved", "text": "The council approved the harbour budget.", "date": "2026-12-03"},
    {"title": "Ferry timetable published", "text": "The winter ferry timetable is out.", "date": "2026-11-25"},
]
TABLE = "title,text,publication\nBridge reopens,The rail bridge at Sandvik reopened on Friday.,Orlund Weekly\n"
STORY = (
    "---\ntitle: Quarry plan withdrawn\ndate: 2026-11-30\n---\n\nThe company behind the Marle quarry withdrew its plan."
)


def _zip(path, files: dict[str, bytes | str]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def _read(*paths, limits: Limits | None = None):
    items = list(iter_items([str(p) for p in paths], limits=limits))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_each_file_in_a_zip_is_read_as_its_own_type(tmp_path):
    """Was "unsupported file type .zip". A dataset's archive: a dump, a table and a text file in folders, with
    macOS's leftovers (passed over as a folder's hidden files are) and files of other types (skipped, named)."""
    archive = _zip(
        tmp_path / "archive.zip",
        {
            "news/2026.jsonl": "\n".join(json.dumps(r) for r in RECORDS),
            "news/tables/bridges.csv": TABLE.encode("cp1252"),
            "stories/quarry.md": STORY,
            "README.pdf": b"%PDF-1.4",
            "older.zip": b"PK",
            "__MACOSX/news/._2026.jsonl": b"\x00\x05",
            ".DS_Store": b"\x00",
        },
    )
    arts, skipped = _read(archive)
    assert [a.title for a in arts] == [
        "Harbour budget approved",
        "Ferry timetable published",
        "Bridge reopens",
        "Quarry plan withdrawn",
    ]
    assert arts[0].source.endswith("archive.zip!/news/2026.jsonl:1")
    assert arts[2].outlet == "Orlund Weekly" and arts[3].published_at.date().isoformat() == "2026-11-30"
    reasons = {s.source.rsplit("!/", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"README.pdf", "older.zip"}
    assert reasons["README.pdf"].startswith("unsupported file type .pdf")
    assert "unzip it" in reasons["older.zip"]
    # each article is placed in its file in the archive: an edited archive replaces what its files held
    origins = [a.origin for a in arts]
    assert origins[3] == f"{archive.resolve().as_uri()}!/stories/quarry.md"
    assert origins[0].startswith(f"{archive.resolve().as_uri()}!/news/2026.jsonl#title=")


def test_a_zip_that_is_not_one_or_is_empty_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"not a zip at all")
    _zip(tmp_path / "empty.zip", {"__MACOSX/._x": b"\x00"})
    _, skipped = _read(tmp_path / "broken.zip", tmp_path / "empty.zip")
    reasons = {s.source.rsplit("/", 1)[1]: s.reason for s in skipped}
    assert reasons["broken.zip"].startswith("not a readable zip file")
    assert reasons["empty.zip"] == "the zip file holds no files"


def test_a_zip_bomb_is_read_no_further_than_the_limits(tmp_path):
    """64 KB that inflate to 64 MB: a file over the file limit is skipped unread, and the files of an archive
    together inflate to no more than the file limit (the rest are named, not read)."""
    bomb = _zip(tmp_path / "bomb.zip", {"huge.jsonl": b"\n" * 64_000_000})
    assert bomb.stat().st_size < 200_000
    _, skipped = _read(bomb, limits=Limits(max_file_bytes=1_000_000))
    assert len(skipped) == 1 and "over the 1.0 MB limit" in skipped[0].reason

    many = _zip(tmp_path / "many.zip", {f"part{i}.jsonl": json.dumps(RECORDS[0]) + "\n" * 400_000 for i in range(5)})
    arts, skipped = _read(many, limits=Limits(max_file_bytes=1_000_000))
    assert len(arts) == 2  # 400 KB each: two fit in 1 MB
    assert len(skipped) == 1 and skipped[0].source.endswith("part2.jsonl")
    assert "this file and the 2 after it were not read" in skipped[0].reason


def test_a_zip_whose_header_lies_about_a_size_is_still_bounded(tmp_path):
    """A member's header may claim a small size: it is read no further than the limit all the same."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.jsonl", b"\n" * 5_000_000)
    data = bytearray(buf.getvalue())
    # the central directory's uncompressed size (offset 24 of its entry) says 10 bytes
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (10).to_bytes(4, "little")
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    _, skipped = _read(tmp_path / "liar.zip", limits=Limits(max_file_bytes=1_000_000))
    assert len(skipped) == 1 and skipped[0].source.endswith("liar.zip!/a.jsonl")


def test_a_zip_is_ingested_and_answered_and_ingesting_it_again_changes_nothing(fake_rag, tmp_path):
    archive = _zip(
        tmp_path / "archive.zip",
        {"news/2026.jsonl": "\n".join(json.dumps(r) for r in RECORDS), "stories/quarry.md": STORY},
    )
    first = fake_rag.ingest([archive])
    assert first.added == 3 and not first.skipped
    again = fake_rag.ingest([archive])
    assert again.added == 0 and again.unchanged == 3
    _zip(
        archive,
        {
            "news/2026.jsonl": "\n".join(json.dumps(r) for r in RECORDS),
            "stories/quarry.md": STORY.replace("withdrew its plan", "withdrew its plan on Monday"),
        },
    )
    edited = fake_rag.ingest([archive])
    assert edited.updated == 1 and edited.added == 0
    assert fake_rag.stats()["articles"] == 3
    answer = fake_rag.ask("What happened to the Marle quarry plan?", llm=False)
    assert answer.citations[0].title == "Quarry plan withdrawn" and "on Monday" in answer.text


def test_a_gzipped_file_in_a_zip_is_read_as_on_its_own_and_the_readme_is_not_an_article(tmp_path):
    """Were "an archive inside the zip file is not read" for "news.jsonl.gz", and the dataset's README.md and
    LICENSE indexed as two articles (the first search for "license" or "dataset" quoted them)."""
    import gzip

    archive = _zip(
        tmp_path / "archive.zip",
        {
            "README.md": "# Harbour news dataset\n\nTwo years of council reports, one JSON record a line.",
            "LICENSE.txt": "Creative Commons Attribution 4.0 International",
            "COPYING": "Creative Commons Attribution 4.0 International",  # no extension: was "unsupported file type"
            "data/news.jsonl.gz": gzip.compress("\n".join(json.dumps(r) for r in RECORDS).encode()),
            "data/broken.jsonl.gz": b"\x1f\x8b not gzip at all",
            "data/older.tar.gz": gzip.compress(b"tar"),
        },
    )
    arts, skipped = _read(archive)
    assert [a.title for a in arts] == ["Harbour budget approved", "Ferry timetable published"]
    assert arts[0].source.endswith("archive.zip!/data/news.jsonl.gz:1")
    reasons = {s.source.rsplit("!/", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"README.md", "LICENSE.txt", "COPYING", "data/broken.jsonl.gz", "data/older.tar.gz"}
    assert (
        reasons["README.md"].startswith("a README, licence or changelog")
        and reasons["LICENSE.txt"] == reasons["COPYING"] == reasons["README.md"]
    )
    assert reasons["data/broken.jsonl.gz"].startswith("not a readable gzip file")
    assert "unzip it" in reasons["data/older.tar.gz"]


def test_a_gzipped_file_in_a_zip_is_bounded_once_inflated(tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"huge.jsonl.gz": __import__("gzip").compress(b"\n" * 20_000_000)})
    assert bomb.stat().st_size < 100_000
    arts, skipped = _read(bomb, limits=Limits(max_file_bytes=1_000_000))
    assert not arts and len(skipped) == 1 and "over the 1.0 MB limit" in skipped[0].reason


def test_a_folders_readme_is_not_an_article_unless_named(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "README.md").write_text("# About these files\n\nCouncil reports, one per file.")
    (tmp_path / "news" / "quarry.md").write_text(STORY)
    arts, skipped = _read(tmp_path / "news")
    assert [a.title for a in arts] == ["Quarry plan withdrawn"]
    assert [s.source.rsplit("/", 1)[1] for s in skipped] == ["README.md"]
    assert "name it on its own" in skipped[0].reason
    arts, skipped = _read(tmp_path / "news" / "README.md")  # named: read as the user asked
    assert [a.title for a in arts] == ["About these files"] and not skipped
