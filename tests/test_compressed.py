"""Gzipped dumps ("news.jsonl.gz", "articles.csv.gz"), as big news datasets are shipped, read as their inner type."""

from __future__ import annotations

import gzip
import json

from ingest.items import Notice, Skipped
from ingest.limits import Limits
from ingest.records import Article
from ingest.sources import iter_items

RECORDS = [
    {"title": "Harbour budget approved", "text": "The council approved the harbour budget.", "date": "2026-12-03"},
    {"title": "Ferry timetable published", "text": "The winter ferry timetable is out.", "date": "2026-11-25"},
]


def _read(*paths, limits: Limits | None = None):
    items = list(iter_items([str(p) for p in paths], limits=limits))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)], items


def test_a_gzipped_jsonl_csv_and_feed_are_read_as_their_inner_type(tmp_path):
    jsonl = tmp_path / "news.jsonl.gz"
    jsonl.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in RECORDS).encode()))
    table = tmp_path / "articles.csv.gz"
    table.write_bytes(
        gzip.compress("title,text\nBridge reopens,The rail bridge at Sandvik reopened.\n".encode("cp1252"))
    )
    feed = tmp_path / "feed.xml.gz"
    feed.write_bytes(
        gzip.compress(
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Orlund Weekly</title>'
            b"<item><title>Ferry cut</title><link>https://orlund.example/ferry</link>"
            b"<description>The ferry will run twice a week from January.</description></item></channel></rss>"
        )
    )
    arts, skipped, _ = _read(jsonl, table, feed)
    assert not skipped
    assert [a.title for a in arts] == [
        "Harbour budget approved",
        "Ferry timetable published",
        "Bridge reopens",
        "Ferry cut",
    ]
    assert arts[0].source.endswith("news.jsonl.gz:1") and arts[3].outlet == "Orlund Weekly"


def test_a_gzip_that_is_not_one_or_holds_an_unread_type_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "report.pdf.gz").write_bytes(gzip.compress(b"%PDF-1.4"))
    _, skipped, _ = _read(tmp_path / "broken.jsonl.gz", tmp_path / "report.pdf.gz")
    reasons = {s.source.rsplit("/", 1)[1]: s.reason for s in skipped}
    assert reasons["broken.jsonl.gz"].startswith("not a readable gzip file")
    assert reasons["report.pdf.gz"].startswith("unsupported file type .pdf.gz")


def test_a_small_gzip_that_inflates_past_the_limit_is_refused_unread(tmp_path):
    """A compression bomb: 64 KB that inflate to 64 MB. It is read no further than the file limit."""
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b" " * 64_000_000, compresslevel=9))
    assert bomb.stat().st_size < 200_000
    arts, skipped, items = _read(bomb, limits=Limits(max_file_bytes=1_000_000))
    assert not arts and not [i for i in items if isinstance(i, Notice)]
    assert "uncompressed, the file is over the 1.0 MB limit (NEWSRAG_MAX_FILE_BYTES)" in skipped[0].reason
