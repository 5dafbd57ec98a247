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
# the files a folder or a dataset's archive carries about itself, not news ("README.md", "LICENSE.txt"): read
# only when named on their own
_ABOUT_FILES = frozenset("readme license licence changelog contributing copying citation code_of_conduct".split())


def about_the_files(name: str) -> bool:
    """True for a folder's README, licence or changelog ("README.md", "LICENSE.txt", "CHANGELOG"): it tells
    what the files are, it is not an article among them."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].split(".", 1)[0]
    return stem.casefold().replace("-", "_") in _ABOUT_FILES


ABOUT_FILES_SKIPPED = (
    "a README, licence or changelog that comes with the news, not an article (name it on its own to ingest it)"
)

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
