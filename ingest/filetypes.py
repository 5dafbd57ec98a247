"""The file types ingest reads, by extension (one list for the CLI's errors, the web UI's upload box and the docs)."""

from __future__ import annotations

JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
TEXT_EXT = {".txt", ".md", ".markdown"}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".rss", ".atom", ".xml"}
TABLE_EXT = {".csv", ".tsv"}
SUPPORTED = JSON_EXT | JSONL_EXT | TEXT_EXT | HTML_EXT | FEED_EXT | TABLE_EXT
# any of them gzipped, as big dumps are shipped ("news.jsonl.gz", "articles.csv.gz")
COMPRESSED_EXT = {".gz"}
# ... and many files zipped, as datasets are downloaded ("archive.zip" holding CSV or JSON files)
ARCHIVE_EXT = {".zip"}
# in the order a person reads them: dumps, tables, text, pages, feeds, then compressed
FILE_TYPES = (
    ".jsonl",
    ".ndjson",
    ".json",
    ".csv",
    ".tsv",
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".gz",
    ".zip",
)
