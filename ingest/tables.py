"""News in a table: a CSV or TSV export (a spreadsheet, a dataset's dump, pandas' `to_csv`), one article a row.

The header names the columns; each is matched to a record's field whatever its case and spacing
("Published At", "publishedAt" and "published_at" are one field), so a row is read as a JSON record
would be (`Article.from_mapping`). A pandas index column ("", "Unnamed: 0") is dropped.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator

from .records import DATE_FIELDS, OUTLET_FIELDS, RECORD_FIELDS, TEXT_FIELDS, TITLE_FIELDS

_DELIMITERS = ",;\t|"
_LONGEST_FIELD = 2**31 - 1  # one article may be a long field (csv's default stops at 131,072 characters)
_EXCEL_SEP = re.compile(r"sep=(.)\r?\n?$")  # Excel's first line "sep=;" names the delimiter


class TableError(ValueError):
    """The table cannot be read as articles (no header, no text column, a quote left open)."""


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


_FIELD_BY_KEY = {_key(name): name for name in reversed(RECORD_FIELDS)}  # the first spelling listed wins
_INDEX_COLUMN = re.compile(r"(?:unnamed: ?\d+|index)?", re.I)


def column_field(name: str) -> str | None:
    """The record field a column holds ("Published At" -> "published_at"), its name lower-cased when it is
    none of them; None for a pandas index column."""
    name = name.strip()
    if _INDEX_COLUMN.fullmatch(name):
        return None
    return _FIELD_BY_KEY.get(_key(name), name.casefold())


def _delimiter(header: str, tab: bool) -> str:
    if tab:
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Lines:
    """The table's lines as the csv reader takes them, keeping those of the row being read."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def unread_columns(header: list[str]) -> str | None:
    """What a table's header leaves the articles without: "no title, date or outlet column, and the columns Titel,
    Datum, Quelle are not read: name the columns that hold them "title", "date" and "outlet"" for a German export; None when it
    names a title, a date and an outlet column, or every column is read."""
    fields = {column_field(h) for h in header}
    missing = [
        kind
        for kind, names in (("title", TITLE_FIELDS), ("date", DATE_FIELDS), ("outlet", OUTLET_FIELDS))
        if not fields & set(names)
    ]
    unknown = [h.strip() for h in header if h.strip() and column_field(h) not in RECORD_FIELDS and column_field(h)]
    if not missing or not unknown:
        return None
    lacks = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
    quoted = [f'"{m}"' for m in missing]
    names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    hold = "the column that holds it" if len(missing) == 1 else "the columns that hold them"
    return f"no {lacks} column, and the columns {', '.join(unknown[:8])} are not read: name {hold} {names}"


def table_rows(
    lines: Iterable[str], *, tab: bool = False, header_seen: list[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of a table (`lines`: its lines, each with its line end, read as they are needed) with the line
    it starts on, as a record keyed by `column_field` (`header_seen`: filled with the header's names). Raises TableError before the first row when the header
    names no text column, and after the last row read when the rest cannot be read (a quoted field never
    closed), saying which lines were not read. A stray quote inside a field ('"The Guardian" reports') is read
    as Excel and pandas read it."""
    rest = iter(lines)
    first = next(rest, "").removeprefix("\ufeff")
    excel = _EXCEL_SEP.match(first)
    start = 1
    if excel:
        delimiter, start = excel.group(1), 2
    else:
        rest = itertools.chain([first], rest)
        delimiter = _delimiter(first, tab)
    csv.field_size_limit(_LONGEST_FIELD)
    lines = _Lines(rest)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise TableError(f"cannot read the header on line {start}: {exc}") from None
    if not header or not any(h.strip() for h in header):
        raise TableError("no header row: the first line must name the columns (title, text, date, url, ...)")
    fields = [column_field(h) for h in header]
    if header_seen is not None:  # (the caller's, to say which columns were read as no field)
        header_seen[:] = header
    if not set(fields) & set(TEXT_FIELDS):
        named = ", ".join(h.strip() for h in header if h.strip())[:200]
        raise TableError(
            f"no column holds the articles' text: the header names {named}; "
            f"name that column {', '.join(TEXT_FIELDS[:3])} or {TEXT_FIELDS[3]}"
        )
    read_to = reader.line_num + start - 1
    while True:
        row_start = read_to + 1
        lines.taken.clear()
        try:
            row = next(reader, None)
        except csv.Error as exc:
            if "end of data" in str(exc):
                last = read_to + len(lines.taken)
                raise TableError(
                    f"line {row_start}: a quoted field is never closed; lines {row_start}-{last} were not read "
                    "(a field that starts with a quote must end with one)"
                ) from None
            row = next(csv.reader(lines.taken, delimiter=delimiter), None)  # read leniently, as Excel does
        if row is None:
            return
        read_to = reader.line_num + start - 1
        if not any(value.strip() for value in row):
            continue  # a blank line between rows
        record = {f: v.strip() for f, v in zip(fields, row, strict=False) if f is not None}
        yield row_start, record
