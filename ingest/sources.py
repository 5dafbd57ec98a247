"""Sources to items: folders, JSON/JSONL dumps, text, HTML, feeds (file or URL), article URLs.

Every problem becomes a `Skipped` item with a reason; nothing here raises for bad input.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .archives import ZIP_EXT, member_source, zip_members
from .decode import JsonlLines, NotText, decode_text
from .feeds import looks_like_feed
from .filetypes import (
    ABOUT_FILES_SKIPPED,
    COMPRESSED_EXT,
    FEED_EXT,
    FILE_TYPES,
    HTML_EXT,
    JSON_EXT,
    JSONL_EXT,
    SUPPORTED,
    TABLE_EXT,
    about_the_files,
)
from .fulltext import feed_items, wants_full_text, with_full_text
from .html import article_from_html
from .items import Item, Notice, Skipped
from .limits import Limits, human_bytes
from .outlets import OUTLET_WORDS
from .records import (
    CHARS_PER_WORD,
    DATE_FIELDS,
    MODIFIED_FIELDS,
    RECORD_FIELDS,
    TEXT_FIELDS,
    TITLE_FIELDS,
    Article,
    RecordError,
    ambiguous_date,
    byline_line,
    byline_names,
    date_line,
    day_first,
    printable,
    reads_as_sentence,
    unreadable_date,
)
from .tables import TableError, column_field, table_rows, unread_columns
from .text import markdown_text, without_furniture
from .web import items_from_url


@dataclass(frozen=True)
class Upload:
    """A file a client uploaded (the web UI, the HTTP API), read from `path`, a temporary copy: its articles
    are placed by the `name` it was uploaded under and their titles and dates, not by the copy's path.
    An edited file uploaded again replaces the article the first upload held, as `newsrag ingest` of an
    edited file does; another file uploaded under the same name ("index.html" of another saved page)
    is another article. A path-like: `NewsRAG.ingest` takes it where it takes a path."""

    path: str
    name: str

    def __fspath__(self) -> str:
        return self.path

    @property
    def where(self) -> str:
        return f"upload:{quote(self.name)}"


def is_url(source: str) -> bool:
    """An http(s) URL; the scheme in any case (`HTTP://`, `Https://`)."""
    return source[:8].lower().startswith(("http://", "https://"))


def _lower_scheme(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return scheme.lower() + sep + rest


def check_sources(sources: object) -> list[str | os.PathLike[str]]:
    """The sources `NewsRAG.ingest` was given, as a list; SourceError (naming the bad entry)
    for anything that is not a path, a URL, or a list of them."""
    from .errors import SourceError

    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    if sources is None or isinstance(sources, (bytes, bytearray)) or not isinstance(sources, Iterable):
        raise SourceError(
            f"ingest() takes a file, folder or URL, or a list of them; got {_kind(sources)}. "
            'Pass e.g. "news/" or ["news.jsonl", "https://example.com/feed.xml"].'
        )
    out = list(sources)
    for i, source in enumerate(out):
        if not isinstance(source, (str, os.PathLike)):
            raise SourceError(
                f"source {i + 1} of {len(out)} is {_kind(source)}, not a file, folder or URL; "
                "pass paths (str or pathlib.Path) or http(s) URLs"
            )
        if isinstance(source, str) and not source.strip():
            raise SourceError(
                f"source {i + 1} of {len(out)} is an empty string (it would mean the current folder); "
                'pass the folder by name, e.g. "."'
            )
    return out


def _kind(value: object) -> str:
    return "None" if value is None else f"a {type(value).__name__} ({printable(repr(value))[:60]})"


def iter_items(
    sources: Iterable[str | os.PathLike[str]], limits: Limits | None = None, *, skip_dirs: Iterable[str] = ()
) -> Iterator[Item]:
    """Every item of every source; articles over `limits.max_article_words` are cut to it,
    with a notice. `skip_dirs`: folders a folder source is not read into (the index's own data
    directory when it lies inside the folder ingested: "newsrag --data-dir idx ingest .")."""
    limits = limits or Limits()
    for item in _read_all(sources, limits, tuple(skip_dirs)):
        if isinstance(item, Article):
            item = item.truncated_to(limits.max_article_words)
            if item.truncated:
                yield Notice(
                    item.source or item.id,
                    f"article text is over the limit of {limits.max_article_words:,} words "
                    f"(or {limits.max_article_words * CHARS_PER_WORD:,} characters); only the text up to it "
                    "was kept (NEWSRAG_MAX_ARTICLE_WORDS)",
                )
        yield item


def _read_all(sources: Iterable[str | os.PathLike[str]], limits: Limits, skip_dirs: tuple[str, ...]) -> Iterator[Item]:
    for source in sources:
        raw = os.fspath(source)
        src = printable(os.fsdecode(raw))  # shown in reports: no lone surrogates from odd file names
        if is_url(src):
            items = items_from_url(_lower_scheme(src), limits)
            if wants_full_text(limits, from_url=True):
                items = with_full_text(items, limits)  # the pages of a feed's summary-only entries
            yield from _guarded(items, src)
            continue
        path = Path(os.fsdecode(raw)).expanduser()
        if path.is_dir():
            yield from _guarded(_items_from_folder(path, src, limits, skip_dirs), src)
        elif path.is_file():
            yield from _guarded(
                items_from_file(path, limits, upload=source if isinstance(source, Upload) else None), src
            )
        elif not path.exists():
            yield Skipped(src, "no such file, folder or URL")
        else:
            yield Skipped(src, "not a regular file")


def _items_from_folder(root: Path, src: str, limits: Limits, skip_dirs: tuple[str, ...] = ()) -> Iterator[Item]:
    files, refused = _folder_files(root, limits.follow_symlinks_outside, skip=skip_dirs)
    if not files and not refused:
        yield Skipped(src, "folder has no files")
    yield from refused
    for file in files:
        if about_the_files(file.name):  # the dataset's README.md: what the files are, not one of the articles
            yield Skipped(printable(str(file)), ABOUT_FILES_SKIPPED)
            continue
        yield from _guarded(items_from_file(file, limits), printable(str(file)))


def _folder_files(root: Path, follow_outside: bool, *, skip: Iterable[str] = ()) -> tuple[list[Path], list[Skipped]]:
    """The regular files under `root` (hidden ones and those under a `skip` folder left out), each real file once, and the
    symbolic links refused. A link is followed when its target is inside the folder (a file or
    folder already read under its own name is not read again), or outside it when
    `follow_outside`; otherwise it is refused with a reason."""
    real_root = root.resolve()
    skipped = {Path(d).resolve() for d in skip}
    files: dict[Path, Path] = {}  # real path -> the path it is read under (the first one met)
    seen_dirs: set[Path] = set()
    links: list[Path] = []
    refused: list[Skipped] = []

    def walk(top: Path) -> None:
        if top.resolve() in seen_dirs:
            return
        seen_dirs.add(top.resolve())
        for dirpath, dirnames, filenames in os.walk(top):  # does not descend into directory links
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (here / d).resolve() not in skipped)
            for name in dirnames:
                path = here / name
                if path.is_symlink():
                    links.append(path)
                else:
                    seen_dirs.add(path.resolve())
            for name in sorted(filenames):
                path = here / name
                if name.startswith("."):
                    continue
                if path.is_symlink():
                    links.append(path)
                elif path.is_file():
                    files.setdefault(path.resolve(), path)

    walk(root)
    for link in links:  # grows while links to folders are walked
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):
            refused.append(
                Skipped(printable(str(link)), "broken symbolic link (its target does not exist, or the link loops)")
            )
            continue
        if not _under(target, real_root) and not follow_outside:
            refused.append(
                Skipped(
                    printable(str(link)),
                    "symbolic link to a file or folder outside the folder being ingested; not followed "
                    "(set NEWSRAG_FOLLOW_SYMLINKS_OUTSIDE=true to follow such links)",
                )
            )
        elif target.is_dir():
            walk(link)
        elif target.is_file():
            files.setdefault(target, link)
    return sorted(files.values()), refused


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


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


def items_from_file(path: Path, limits: Limits | None = None, *, upload: Upload | None = None) -> Iterator[Item]:
    """The articles of one file, each placed in it (`Article.placed`): an edited file, or an edited
    record of a file, replaces the article it held when ingested again, even without a URL. An `upload`'s
    articles are placed by its name, each by its title and date (or its record's id)."""
    src = printable(str(path))
    where = upload.where if upload else path.resolve().as_uri()
    if path.suffix.lower() in ZIP_EXT:
        yield from _zip_items(path, src, where, limits or Limits(), whole=upload is None)
        return
    for item in _file_items(path, limits):
        # the file's one article is read from `src` itself; a record from "src:3", "src[2]", "src#entry4"
        if isinstance(item, Article):
            item = item.placed(where, whole=upload is None and item.source == src)
        yield item


def _zip_items(path: Path, src: str, where: str, limits: Limits, *, whole: bool) -> Iterator[Item]:
    """The articles of each file in a zip, each file read as it would be on its own ("news.zip!/2023/a.csv")
    and its articles placed in it ("file:///.../news.zip!/2023/a.csv"), so that an edited archive ingested
    again replaces what its files held."""
    too_big = _size_refusal(path, ".zip", limits)
    if too_big:
        yield Skipped(src, too_big)
        return
    for member in zip_members(path, src, limits):
        if isinstance(member, Skipped):
            yield member
            continue
        msrc, mwhere = member_source(src, member.name), f"{where}!/{quote(member.name)}"
        for item in _guarded(_data_items(member.read, member.ext, msrc, limits), msrc):
            if isinstance(item, Article):
                item = item.placed(mwhere, whole=whole and item.source == msrc)
            yield item


class _Unreadable(Exception):
    """A compressed file that cannot be read, or is too big once uncompressed (the reason is the message)."""


def _gunzipped(path: Path, ext: str, limits: Limits) -> bytes:
    """A gzipped file's bytes, uncompressed; never more than the limits allow (a small file may inflate a
    thousandfold: it is read no further than the limit)."""
    import gzip
    import zlib

    limit, _ = limits.bytes_for(ext)
    try:
        with gzip.open(path) as f:
            data = f.read(limit + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise _Unreadable(f"not a readable gzip file: {exc}") from None
    if len(data) > limit:
        raise _Unreadable(limits.inflated_past(ext))
    return data


def _file_items(path: Path, limits: Limits | None = None) -> Iterator[Item]:
    limits = limits or Limits()
    src = printable(str(path))
    ext = path.suffix.lower()
    gzipped = ext in COMPRESSED_EXT
    if gzipped:  # "news.jsonl.gz" is read as "news.jsonl"
        ext = Path(path.stem).suffix.lower()
    if ext not in SUPPORTED:
        shown = f"{ext}.gz" if gzipped and ext else path.suffix.lower() or "(none)"
        yield Skipped(src, f"unsupported file type {shown}; expected one of {', '.join(FILE_TYPES)}")
        return
    too_big = _size_refusal(path, ext, limits)
    if too_big:
        yield Skipped(src, too_big)
        return
    yield from _data_items(lambda: _gunzipped(path, ext, limits) if gzipped else path.read_bytes(), ext, src, limits)


def _data_items(read: Callable[[], bytes], ext: str, src: str, limits: Limits) -> Iterator[Item]:
    """The items of a file's bytes (`read()`; read again for an .html file that turns out to be a feed, as
    only its decoded text is kept meanwhile), read as its extension `ext` says."""
    try:
        data = read()
    except _Unreadable as exc:
        yield Skipped(src, str(exc))
        return
    except OSError as exc:
        yield Skipped(src, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Skipped(src, "empty file")
        return
    if ext in FEED_EXT:
        yield from feed_items(data, source=src, limits=limits, from_url=False)
        return
    if ext in JSONL_EXT:
        yield from _items_from_jsonl(data, src, limits.max_article_words)
        return
    if ext in TABLE_EXT:
        yield from _items_from_table(data, src, limits.max_article_words, tab=ext == ".tsv")
        return
    try:
        decoded = decode_text(data, html=ext in HTML_EXT)
    except NotText as exc:
        yield Skipped(src, str(exc))
        return
    dayfirst = ext in JSON_EXT and day_first(data)
    del data
    if decoded.note:
        yield Notice(src, decoded.note)
    text = decoded.text
    if ext in JSON_EXT:
        yield from _items_from_json(text, src, limits.max_article_words, dayfirst)
    elif ext in HTML_EXT:
        if looks_like_feed(text):
            yield from feed_items(read(), source=src, limits=limits, from_url=False)
            return
        try:
            yield article_from_html(text, source=src, max_words=limits.max_article_words)
        except RecordError as exc:
            yield Skipped(src, str(exc))
    else:
        yield from _items_from_text(text, src, markdown=ext != ".txt", max_words=limits.max_article_words)


def _items_from_jsonl(data: bytes, src: str, max_words: int) -> Iterator[Item]:
    """One record per line, each line decoded on its own (see `JsonlLines`)."""
    lines = JsonlLines(data)
    dayfirst = day_first(data)
    try:
        for lineno, line in lines:
            yield from _jsonl_record(line, lineno, src, max_words, dayfirst)
    except NotText as exc:
        yield Skipped(src, str(exc))
        return
    for note in lines.notes():
        yield Notice(src, note)


def _jsonl_record(line: str, lineno: int, src: str, max_words: int, dayfirst: bool) -> Iterator[Item]:
    if lineno == 1:
        line = line.removeprefix("\ufeff")
    line = line.removesuffix("\r")
    if not line.strip():
        return
    where = f"{src}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Skipped(where, f"malformed JSON on line {lineno}, column {exc.colno}: {_json_error(exc)}")
        return
    except RecursionError:
        yield Skipped(where, f"JSON on line {lineno} is nested too deeply to read")
        return
    del line
    yield from _from_record(record, where, max_words, dayfirst)


def _items_from_json(text: str, src: str, max_words: int, dayfirst: bool = False) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(src, f"malformed JSON on line {exc.lineno}, column {exc.colno}: {_json_error(exc)}")
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
            yield from _from_record(record, f"{src}[{i}]", max_words, dayfirst)
    else:
        yield from _from_record(data, src, max_words, dayfirst)


def _items_from_table(data: bytes, src: str, max_words: int, *, tab: bool) -> Iterator[Item]:
    """One record a row of a CSV or TSV table (`ingest.tables`), each placed by its line as a JSONL record is;
    its lines are decoded one by one as a JSONL file's are (`JsonlLines`)."""
    lines = JsonlLines(data)
    dayfirst = day_first(data)
    rows = 0
    header: list[str] = []
    try:
        for lineno, record in table_rows((line + "\n" for _, line in lines), tab=tab, header_seen=header):
            rows += 1
            yield from _from_record(record, f"{src}:{lineno}", max_words, dayfirst)
    except (TableError, NotText) as exc:
        yield Skipped(src, str(exc))
        return
    if not rows:
        yield Skipped(src, "the table has a header but no rows")
    unread = unread_columns(header)
    if unread:  # "Titel;Text;Datum;Quelle": the articles were indexed undated, titled by their first words
        yield Notice(src, unread)
    for note in lines.notes():
        yield Notice(src, note)


def _from_record(record: object, where: str, max_words: int, dayfirst: bool = False) -> Iterator[Item]:
    try:
        article = Article.from_mapping(record, source=where, max_words=max_words, dayfirst=dayfirst)
    except RecordError as exc:
        yield Skipped(where, str(exc))
        return
    except RecursionError:
        yield Skipped(where, "record is nested too deeply to read")
        return
    yield article
    date = unreadable_date(record)
    if date:
        yield Notice(where, f"unreadable date {date}: indexed without a date (use ISO 8601, e.g. 2026-12-01)")
    date = ambiguous_date(record, dayfirst=dayfirst)
    if date:
        other = "month" if dayfirst else "day"
        yield Notice(where, f"ambiguous date {date}: if the {other} comes first, write it as ISO 8601 (2026-12-03)")
    date = unreadable_date(record, MODIFIED_FIELDS)
    if date:
        yield Notice(where, f"unreadable update time {date}: indexed without it (use ISO 8601, e.g. 2026-12-01)")


def _json_error(exc: json.JSONDecodeError) -> str:
    """json's message without its dangling "at" ("Unterminated string starting at")."""
    return exc.msg.removesuffix(" at").removesuffix(" starting").lower()


_GLUED = re.compile(r"[a-z][A-Z]")


_MENU_SEPARATOR = re.compile(r"\s+[|•·/›>»]\s+")


def _site_chrome(line: str) -> bool:
    """A line of menu links pasted from a web page without their separators ("HomeLatest WorldNews"):
    a few capitalized words, at least two of them items glued together; or with them ("Home | News | Sport"):
    three or more items of at most three words, each capitalized."""
    words = line.split()
    glued = sum(bool(_GLUED.search(w)) for w in words)
    if 0 < len(words) <= 5 and all(w[:1].isupper() for w in words) and glued >= 2:
        return True
    items = _MENU_SEPARATOR.split(line.strip())
    return len(items) >= 3 and all(0 < len(i.split()) <= 3 and i[:1].isupper() for i in items)


# A Markdown file's YAML front matter (Jekyll, Hugo, Obsidian, saved-article tools): "---", fields, "---".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def front_matter(text: str) -> tuple[dict[str, object], str]:
    """The fields of a Markdown file's front matter (keys lower-cased; dates as ISO strings) and the text
    after it; ({}, text) when it has none or it is not a YAML mapping."""
    import datetime as dt

    import yaml

    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        fields = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(fields, dict):
        return {}, text
    out = {str(k).lower(): (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in fields.items()}
    return out, text[m.end() :]


# A header block of "Field: value" lines above the text, as news exports and pasted notes carry it ("Title: ...",
# "Date: 2026-12-07", "Source: Halden Tidende", "Author: ...", "URL: ...")
_FIELD_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z _-]{0,20}?)\s*:\s*(?P<value>\S.*?)\s*$")


def header_fields(text: str) -> tuple[dict[str, object], str]:
    """The fields of a text's "Field: value" header block (a record's field names, whatever their case and spacing:
    "Title", "Published At", "Source") and the text after it; ({}, text) when its first lines are no such block (two
    fields or more, the title or the date among them: "Note: ..." alone is text)."""
    lines = text.split("\n")
    fields: dict[str, object] = {}
    taken = 0
    for line in lines:
        m = _FIELD_LINE.match(line)
        field = column_field(m.group("key")) if m else None
        if m is None or field not in RECORD_FIELDS or field in TEXT_FIELDS or field in fields:
            break
        fields[field] = m.group("value")
        taken += 1
    if len(fields) < 2 or not (set(fields) & {*TITLE_FIELDS, *DATE_FIELDS}):
        return {}, text
    return fields, "\n".join(lines[taken:])


def _items_from_text(text: str, src: str, *, markdown: bool, max_words: int) -> Iterator[Item]:
    """The article of a text or Markdown file, with what its fields' reading noticed (an ambiguous or unreadable
    date in its front matter or header block)."""
    text = text.strip()
    fields, rest = front_matter(text) if markdown else ({}, text)
    if not fields:
        fields, rest = header_fields(text)
    if fields:
        # "title: ...", "date: ...", "author: ..." are the article's, not its first lines
        body = rest.strip()
        first, _, after = body.partition("\n")
        title = str(fields.get("title") or fields.get("headline") or "").strip()
        if not title and (first.startswith("#") or not markdown) and after.strip():
            fields, body = {**fields, "title": first.lstrip("#").strip()}, after.strip()  # its heading names it
        elif title and first.lstrip("#").strip().casefold() == title.casefold():
            body = after.strip()  # the heading that repeats the title
        body = markdown_text(body) if markdown else without_furniture(body)
        # ("Published At: 12/03/2026" is read month first, and said so, as a JSON record's date is)
        yield from _from_record({**fields, "text": body}, src, max_words, day_first(text.encode()))
        return
    yield _item_from_plain_text(text, src, markdown=markdown, max_words=max_words)


def _item_from_plain_text(text: str, src: str, *, markdown: bool, max_words: int) -> Item:
    """A text file with no fields above it: its first line is the title, a byline and a date line may follow."""
    first, _, rest = text.partition("\n")
    if _site_chrome(first) and rest.strip().partition("\n")[2].strip():
        text = rest.strip()  # a page copied whole: its title is the line after the menu
    first, _, body = text.partition("\n")
    title = first.strip()
    if markdown:
        title = title.lstrip("#").strip()
    body = body.strip()
    if not body:
        return Skipped(src, "text file has a title line but no article text after it")
    header, body = _header_lines(without_furniture(body))
    if markdown:  # "**Why it matters:** ..." is read as its words
        body = markdown_text(body)
    if reads_as_sentence(title):
        body = f"{title}\n\n{body}"  # a lead sentence, not a headline: it names the title and stays in the text
    try:
        return Article.create(title=title, text=body, source=src, max_words=max_words, **header)
    except RecordError as exc:
        return Skipped(src, str(exc))


# The lines a copied article keeps under its headline: "By Ana Ruiz, Lakeport Gazette", "December 2, 2026".
_AFTER_COMMA = re.compile(r"[,|]\s*([^,|]+?)\s*$")
_OUTLET_WORD = re.compile(r"\b(?:" + "|".join(sorted(OUTLET_WORDS)) + r")\b", re.I)


def _header_lines(body: str) -> tuple[dict[str, object], str]:
    """A text file's byline and date lines right under its title, as the article's `authors`, `outlet` and
    `published_at`, and the text without them. A line is taken only when it is short, is not a sentence
    ("By Monday, the council will decide." stays text) and, for a date, names a year."""
    fields: dict[str, object] = {}
    lines = body.split("\n")
    taken = 0
    for line in lines[:3]:
        text = line.strip()
        if not text or text.endswith(".") or len(text.split()) > 10:
            break
        by = byline_line(text)
        dated = date_line(text)
        if by and "authors" not in fields:
            parts = byline_names(by)
            outlets = [p for p in parts if _OUTLET_WORD.search(p)]
            last = _AFTER_COMMA.search(by)
            if not outlets and len(parts) > 1 and last and len(last.group(1).split()) == 1:
                outlets = [parts[-1]]  # "By Ana Ruiz, Northwire": a one-word name after a comma is the outlet
            if outlets:
                fields["outlet"] = outlets[-1]
            fields["authors"] = [p for p in parts if p not in outlets]
        elif "published_at" not in fields and dated is not None:
            fields["published_at"] = dated
        else:
            break
        taken += 1
    return fields, "\n".join(lines[taken:]).strip() if taken else body
