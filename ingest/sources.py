"""Sources to items: folders, JSON/JSONL dumps, text, HTML, feeds (file or URL), article URLs.

Every problem becomes a `Skipped` item with a reason; nothing here raises for bad input.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .decode import NotText, decode_bytes
from .feeds import articles_from_feed, looks_like_feed
from .html import article_from_html
from .items import Item, Skipped
from .limits import Limits, human_bytes
from .records import Article, RecordError, printable
from .web import items_from_url

JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
TEXT_EXT = {".txt", ".md", ".markdown"}
HTML_EXT = {".html", ".htm"}
FEED_EXT = {".rss", ".atom", ".xml"}
SUPPORTED = JSON_EXT | JSONL_EXT | TEXT_EXT | HTML_EXT | FEED_EXT


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def iter_items(sources: Iterable[str | os.PathLike[str]], limits: Limits | None = None) -> Iterator[Item]:
    limits = limits or Limits()
    for source in sources:
        raw = os.fspath(source)
        src = printable(os.fsdecode(raw))  # shown in reports: no lone surrogates from odd file names
        if is_url(src):
            yield from _guarded(items_from_url(src, limits), src)
            continue
        path = Path(os.fsdecode(raw)).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            if not files:
                yield Skipped(src, "folder has no files")
            for file in files:
                yield from _guarded(items_from_file(file, limits), printable(str(file)))
        elif path.is_file():
            yield from _guarded(items_from_file(path, limits), src)
        elif not path.exists():
            yield Skipped(src, "no such file, folder or URL")
        else:
            yield Skipped(src, "not a regular file")


def _guarded(items: Iterator[Item], src: str) -> Iterator[Item]:
    """The source's items; a failure no check foresaw (a parser bug on odd input) ends that
    source with a Skipped reason instead of the whole run. Items read before it are kept."""
    try:
        yield from items
    except (Exception, RecursionError) as exc:  # the per-source edge: one bad source never stops the run
        yield Skipped(src, f"could not be read: unexpected {type(exc).__name__}: {printable(str(exc))[:200]}")


def _size_refusal(path: Path, ext: str, limits: Limits) -> str | None:
    """Why the file is too big to read (None when it is not), decided before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it reports the problem
    if size > limits.max_file_bytes:
        return (
            f"file is {human_bytes(size)}, over the {human_bytes(limits.max_file_bytes)} limit "
            "(NEWSRAG_MAX_FILE_BYTES); split it into smaller files"
        )
    if ext in HTML_EXT | FEED_EXT and size > limits.max_document_bytes:
        return (
            f"page is {human_bytes(size)}, over the {human_bytes(limits.max_document_bytes)} limit for one HTML "
            "page or feed (NEWSRAG_MAX_DOCUMENT_BYTES)"
        )
    return None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def items_from_file(path: Path, limits: Limits | None = None) -> Iterator[Item]:
    limits = limits or Limits()
    src = printable(str(path))
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        yield Skipped(src, f"unsupported file type {ext or '(none)'}; expected one of {', '.join(sorted(SUPPORTED))}")
        return
    too_big = _size_refusal(path, ext, limits)
    if too_big:
        yield Skipped(src, too_big)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(src, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Skipped(src, "empty file")
        return
    if ext in FEED_EXT:
        yield from articles_from_feed(data, source=src)
        return
    try:
        text = decode_bytes(data)
    except NotText as exc:
        yield Skipped(src, str(exc))
        return
    if ext in JSONL_EXT:
        yield from _items_from_jsonl(text, src)
    elif ext in JSON_EXT:
        yield from _items_from_json(text, src)
    elif ext in HTML_EXT:
        if looks_like_feed(text):
            yield from articles_from_feed(data, source=src)
            return
        try:
            yield article_from_html(text, source=src)
        except RecordError as exc:
            yield Skipped(src, str(exc))
    else:
        yield _item_from_text(text, src, markdown=ext != ".txt")


def _items_from_jsonl(text: str, src: str) -> Iterator[Item]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{src}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"malformed JSON on line {lineno}: {exc.msg}")
            continue
        except RecursionError:
            yield Skipped(where, f"JSON on line {lineno} is nested too deeply to read")
            continue
        yield _from_record(record, where)


def _items_from_json(text: str, src: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(src, f"malformed JSON: {exc.msg} (line {exc.lineno})")
        return
    except RecursionError:
        yield Skipped(src, "JSON is nested too deeply to read")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list):
        if not data:
            yield Skipped(src, "JSON list is empty")
        for i, record in enumerate(data):
            yield _from_record(record, f"{src}[{i}]")
    else:
        yield _from_record(data, src)


def _from_record(record: object, where: str) -> Item:
    try:
        return Article.from_mapping(record, source=where)
    except RecordError as exc:
        return Skipped(where, str(exc))
    except RecursionError:
        return Skipped(where, "record is nested too deeply to read")


def _item_from_text(text: str, src: str, *, markdown: bool) -> Item:
    lines = text.strip().split("\n")
    title = lines[0].strip()
    if markdown:
        title = title.lstrip("#").strip()
    body = "\n".join(lines[1:]).strip()
    if not body:
        return Skipped(src, "text file has a title line but no article text after it")
    try:
        return Article.create(title=title, text=body, source=src)
    except RecordError as exc:
        return Skipped(src, str(exc))
