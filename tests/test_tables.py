"""CSV and TSV tables read as articles, one a row (ingest/tables.py), and the facade's ingest of them."""

from __future__ import annotations

import csv
import io

import pytest

from ingest.filetypes import ARCHIVE_EXT, COMPRESSED_EXT, FILE_TYPES, SUPPORTED
from ingest.items import Notice, Skipped
from ingest.records import Article, day_first
from ingest.sources import iter_items
from ingest.tables import TableError, column_field, table_rows

STRIKE = (
    "Dockworkers at Marrow Harbour began a 48-hour strike on Tuesday, halting container traffic.\n\n"
    'The union said its 1,400 members rejected a pay offer of 3.5 percent. "We have been patient, too patient," '
    "said union leader Petra Olsen."
)
DEAL = "The strike at Marrow Harbour ended on Thursday after the port authority agreed to a 5 percent pay rise."
CAFE = "Café owners on Quay Street said trade fell by half during the strike’s first day."


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    return buf.getvalue()


# a news dataset's dump as pandas writes it: an unnamed index column, "publication" for the outlet
DUMP = _csv(
    [
        ["", "id", "title", "publication", "author", "date", "url", "content"],
        ["0", "4101", "Dockworkers walk out", "Kestrel Times", "Ana Ruiz and Tom Keller", "2026-12-01", "", STRIKE],
        ["1", "4102", "Strike ends with deal", "Kestrel Times", "Tom Keller", "2026-12-03 18:20:00", "", DEAL],
        ["2", "4103", "", "Fenwick Courier", "", "", "", ""],
        ["3", "4104", "Café owners count the cost", "Fenwick Courier", "By Lena Marsh, Staff Writer", "", "", CAFE],
    ]
)


def _items(tmp_path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return list(iter_items([str(path)]))


def _articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_a_dataset_dump_reads_one_article_a_row_with_its_fields(tmp_path):
    items = _items(tmp_path, "news.csv", DUMP)
    arts = _articles(items)
    assert [a.title for a in arts] == ["Dockworkers walk out", "Strike ends with deal", "Café owners count the cost"]
    strike = arts[0]
    assert strike.outlet == "Kestrel Times" and strike.authors == ("Ana Ruiz", "Tom Keller")
    assert (
        strike.text.startswith("Dockworkers at Marrow Harbour")
        and '"We have been patient, too patient,"' in strike.text
    )
    assert strike.published_at.date().isoformat() == "2026-12-01"
    assert arts[1].published_at.hour == 18 and arts[2].authors == ("Lena Marsh",)
    # each row is placed by its line, as a JSONL record is; the quoted text's line breaks move the next row down
    assert [a.source.rsplit(":", 1)[1] for a in arts] == ["2", "5", "7"]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(skipped) == 1 and skipped[0].source.endswith("news.csv:6") and "no text" in skipped[0].reason


def test_column_names_match_fields_whatever_their_case_and_spacing():
    assert column_field("Published At") == "published_at"
    assert column_field("publishedAt") == "published_at"
    assert column_field(" Headline ") == "headline"
    assert column_field("Body") == "body"
    assert column_field("Unnamed: 0") is None and column_field("") is None
    assert column_field("Section") == "section"  # kept, read by nothing


def test_excel_semicolons_its_sep_line_and_a_tsv(tmp_path):
    excel = "sep=;\r\n" + _csv(
        [["Headline", "Body", "Published At", "Source"], ["Ferry cut", DEAL, "2026-11-30", "Orlund Weekly"]], ";"
    )
    [ferry] = _articles(_items(tmp_path, "excel.csv", excel.encode("utf-8-sig")))
    assert (ferry.title, ferry.outlet, ferry.published_at.day) == ("Ferry cut", "Orlund Weekly", 30)
    assert ferry.source.endswith("excel.csv:3")
    no_sep = _csv([["title", "text", "date"], ["Ferry cut", DEAL, "2026-11-30"]], ";")
    assert [a.title for a in _articles(_items(tmp_path, "semi.csv", no_sep))] == ["Ferry cut"]
    tsv = _csv(
        [
            ["title", "text", "outlet"],
            ["Bridge reopens", "The rail bridge reopened, at last, on Wednesday.", "Sandvik Post"],
        ],
        "\t",
    )
    [bridge] = _articles(_items(tmp_path, "export.tsv", tsv))
    assert bridge.text == "The rail bridge reopened, at last, on Wednesday." and bridge.outlet == "Sandvik Post"


def test_a_windows_1252_export_is_decoded_and_says_so(tmp_path):
    items = _items(tmp_path, "excel.csv", _csv([["title", "text"], ["Café owners", CAFE]]).encode("cp1252"))
    [cafe] = _articles(items)
    assert cafe.title == "Café owners" and "strike’s" in cafe.text
    assert any(isinstance(i, Notice) and "cp1252" in i.message for i in items)


def test_a_quote_left_open_names_the_lines_not_read(tmp_path):
    text = (
        "title,text,date\n"
        'Good row,"Harbour pilots joined the walkout on Tuesday.",2026-12-01\n'
        'Bad row,"This text never closes its quote,2026-12-02\n'
        "Lost row,Another row swallowed by the open quote.,2026-12-02\n"
    )
    items = _items(tmp_path, "broken.csv", text)
    assert [a.title for a in _articles(items)] == ["Good row"]
    [skipped] = [i for i in items if isinstance(i, Skipped)]
    assert "lines 3-4 were not read" in skipped.reason


def test_a_table_without_a_text_column_is_skipped_whole_naming_its_columns(tmp_path):
    items = _items(tmp_path, "scores.csv", "name,score\nA,1\nB,2\n")
    assert [(type(i).__name__, i.reason) for i in items if isinstance(i, Skipped)] == [
        (
            "Skipped",
            "no column holds the articles' text: the header names name, score; name that column text, body, content or article",
        )
    ]
    assert not _articles(items)
    [only_header] = [i for i in _items(tmp_path, "empty.csv", "title,text\n") if isinstance(i, Skipped)]
    assert "no rows" in only_header.reason


def test_long_fields_and_ragged_rows(tmp_path):
    long_text = " ".join(["The harbour authority reopened a berth after repairs."] * 4000)  # over csv's 131072 default
    rows = "title,text\n" + _csv([["Long", long_text]]) + "Short,A short row with an extra value.,surplus\nNo text\n"
    items = _items(tmp_path, "long.csv", rows)
    assert [a.title for a in _articles(items)] == ["Long", "Short"]
    assert [i.source.rsplit(":", 1)[1] for i in items if isinstance(i, Skipped)] == ["4"]


def test_table_rows_raise_before_any_row_without_a_header():
    with pytest.raises(TableError, match="no header"):
        list(table_rows(["\n", "\n"]))


def test_every_file_type_is_listed_once_for_the_upload_box():
    from rag import NewsRAG

    assert set(FILE_TYPES) == SUPPORTED | COMPRESSED_EXT | ARCHIVE_EXT and len(FILE_TYPES) == len(set(FILE_TYPES))
    assert {".csv", ".tsv", ".ndjson"} <= set(NewsRAG.FILE_TYPES)


def test_an_edited_row_replaces_its_article_when_the_table_is_ingested_again(fake_rag, tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(DUMP, encoding="utf-8")
    first = fake_rag.ingest([str(path)])
    assert first.added == 3 and len(first.skipped) == 1
    path.write_text(DUMP.replace("5 percent pay rise", "6 percent pay rise"), encoding="utf-8")
    again = fake_rag.ingest([str(path)])
    assert (again.added, again.updated, again.unchanged) == (0, 1, 2)
    answer = fake_rag.ask("What pay rise ended the strike at Marrow Harbour?")
    assert any("6 percent" in c.text for c in answer.citations)
    assert not any("5 percent" in c.text for c in answer.citations)


def test_a_stray_quote_inside_a_field_is_read_as_excel_reads_it(tmp_path):
    text = 'title,text\n"The Guardian" says,The harbour reopened on Friday.\nNext,The ferry sailed on Saturday.\n'
    assert [a.title for a in _articles(_items(tmp_path, "quotes.csv", text))] == ["The Guardian says", "Next"]


@pytest.mark.parametrize("name", ["eu.csv", "eu.jsonl", "eu.json"])
def test_a_file_that_writes_its_dates_day_first_has_its_ambiguous_ones_read_day_first(tmp_path, name):
    """A European spreadsheet's "03/12/2026" is 3 December: its "25/11/2026" says the file writes the day first.
    It was read as 12 March, three months off for every "last week" question."""
    import json

    rows = [
        {"title": "Harbour budget approved", "text": "The council approved the harbour budget.", "date": "03/12/2026"},
        {"title": "Ferry timetable published", "text": "The winter ferry timetable is out.", "date": "25/11/2026"},
    ]
    if name.endswith(".csv"):
        data = _csv([["title", "text", "date"], *([r["title"], r["text"], r["date"]] for r in rows)])
    elif name.endswith(".jsonl"):
        data = "\n".join(json.dumps(r) for r in rows) + "\n"
    else:
        data = json.dumps(rows)
    items = _items(tmp_path, name, data)
    assert {a.title: a.published_at.date().isoformat() for a in _articles(items)} == {
        "Harbour budget approved": "2026-12-03",
        "Ferry timetable published": "2026-11-25",
    }
    [notice] = [i for i in items if isinstance(i, Notice)]
    assert "read as 2026-12-03 (day first, as the file's other dates): if the month comes first" in notice.message
    # a file writing one date month first ("12/25/2026") reads them all month first, as before
    us = data.replace("25/11/2026", "11/25/2026")
    assert "2026-03-12" in {a.published_at.date().isoformat() for a in _articles(_items(tmp_path, "us" + name[2:], us))}


def test_a_file_that_dots_its_other_dates_reads_its_ambiguous_ones_day_first(tmp_path):
    """Found with a hand-written semicolon export (session 48): its "07/12/2026" beside "08.12.2026" was read as 12
    July, five months off; a dotted date is written day first, so the file writes the day first."""
    data = "headline;published;body\nFerry back on schedule;08.12.2026;The ferry runs again.\n"
    data += "Library reopens;07/12/2026;The library reopened on Monday.\n"
    items = _items(tmp_path, "local.csv", data)
    assert {a.title: a.published_at.date().isoformat() for a in _articles(items)} == {
        "Ferry back on schedule": "2026-12-08",
        "Library reopens": "2026-12-07",
    }
    # a version number is no date, and a month-first date still wins over a dotted one
    assert not day_first(b"version 1.2.3 of 2026")
    assert not day_first(b"08.12.2026 and 12/25/2026")


def test_columns_named_in_another_language_are_said_to_be_unread(tmp_path):
    """Found with a German spreadsheet export ("Titel;Text;Datum;Quelle"): its articles were indexed undated, titled by
    their first words and with no outlet, and the ingest said nothing of the three columns it did not read."""
    table = _csv([["Titel", "Text", "Datum", "Quelle"], ["Fähre fällt aus", DEAL, "07.12.2026", "Nordby Bote"]], ";")
    items = _items(tmp_path, "export.csv", table)
    [article] = _articles(items)
    assert article.published_at is None and article.outlet is None
    [notice] = [i for i in items if isinstance(i, Notice)]
    assert notice.message == (
        "no title, date or outlet column, and the columns Titel, Datum, Quelle are not read: name the columns that "
        'hold them "title", "date" and "outlet"'
    )
    # a table naming its title, date and outlet says nothing of the columns it does not read
    dump = _items(tmp_path, "dump.csv", DUMP)
    assert not [i for i in dump if isinstance(i, Notice)]
