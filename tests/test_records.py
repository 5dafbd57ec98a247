from datetime import UTC

import pytest

from ingest.records import Article, RecordError, canonical_url, parse_date


def test_id_is_sha256_of_canonical_url():
    a = Article.create(title="T", text="Body", url="HTTPS://WWW.Example.com/a/b/?utm_source=x&id=3#top")
    b = Article.create(title="Other title", text="Other body", url="https://www.example.com/a/b?id=3")
    assert canonical_url("HTTPS://WWW.Example.com/a/b/?utm_source=x&id=3#top") == "https://www.example.com/a/b?id=3"
    assert a.id == b.id and len(a.id) == 64
    assert a.content_hash != b.content_hash


def test_id_without_url_uses_normalized_title_and_text():
    a = Article.create(title="  Big   News ", text="Some  text.")
    b = Article.create(title="big news", text="some text.")
    assert a.id == b.id


def test_fields_are_normalized():
    art = Article.from_mapping(
        {
            "headline": "Title",
            "body": "Text here.",
            "link": "https://www.reuters.com/world/x",
            "date": "2025-06-23",
            "author": "Ann Lee and Bo Chan",
            "lang": "EN",
        }
    )
    assert art.outlet == "Reuters"  # from the URL when no outlet field
    assert art.published_at.tzinfo is not None and art.published_at.tzinfo.utcoffset(None).total_seconds() == 0
    assert art.published_ts == 1750636800
    assert art.authors == ("Ann Lee", "Bo Chan")
    assert art.language == "en"


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2025-06-23", "2025-06-23T00:00:00+00:00"),
        ("2025-06-23T10:00:00+02:00", "2025-06-23T10:00:00+02:00"),
        ("Mon, 23 Jun 2025 08:00:00 GMT", "2025-06-23T08:00:00+00:00"),
        (1750636800, "2025-06-23T00:00:00+00:00"),
        ("not a date", None),
        (None, None),
        # found ingesting a scraper's dump: US zone names were read as UTC, five hours off, with a warning
        ("Dec 4, 2026 4:00 PM EST", "2026-12-04T16:00:00-05:00"),
        ("December 3, 2026 9:30 AM PDT", "2026-12-03T09:30:00-07:00"),
        ("2026-12-04 09:15 CET", "2026-12-04T09:15:00+01:00"),
        ("Dec 4, 2026 10:00 IST", "2026-12-04T10:00:00+00:00"),  # ambiguous: as UTC, as before
    ],
)
def test_parse_date(value, iso, recwarn):
    got = parse_date(value)
    assert (got.isoformat() if got else None) == iso
    if got:
        assert got.tzinfo is not None
    assert not [w for w in recwarn if "tzname" in str(w.message)]


def test_record_without_text_is_rejected():
    with pytest.raises(RecordError, match="no text"):
        Article.from_mapping({"title": "Only a title"})
    with pytest.raises(RecordError, match="JSON object"):
        Article.from_mapping(["not", "an", "object"])


def test_a_record_without_a_title_needs_a_text_that_reads_as_a_sentence():
    """Found ingesting a messy dump: {"headline": "", "body": "no title here"} was indexed as an article
    titled "no title here", as a text file whose only line is its title is not."""
    with pytest.raises(RecordError, match="no title and its text is 3 word"):
        Article.from_mapping({"headline": "", "body": "no title here"})
    lead = "Island Ferries will raise fares by 10% from 1 January, the company said."
    assert Article.from_mapping({"body": lead}).title == lead  # one sentence: a brief, kept
    assert Article.from_mapping({"body": "Fares rise\nIsland Ferries will raise fares."}).title == "Fares rise"


def test_content_hash_changes_with_metadata():
    a = Article.create(title="T", text="Body", url="https://x.org/1", published_at="2025-01-01")
    b = Article.create(title="T", text="Body", url="https://x.org/1", published_at="2025-01-02")
    assert a.id == b.id and a.content_hash != b.content_hash
    assert a.published_at.tzinfo == UTC


def test_a_first_line_repeating_the_title_is_not_part_of_the_text():
    """An extracted page often starts with its headline: kept as the title only, so that the first
    sentence quoted is the lead, not "Headline The lead ..."; the id is the one the full text gives."""
    text = "Ferry route approved\nThe council voted 7-2 on Thursday to approve the route."
    a = Article.create(title="Ferry  route approved", text=text)
    assert a.text == "The council voted 7-2 on Thursday to approve the route."
    assert a.id == Article.create(title="Ferry route approved", text=text + " ").id  # id from the full text
    assert a.id != Article.create(title="Ferry route approved", text=a.text).id
    # a text that is only its title line, or that starts otherwise, keeps it
    assert Article.create(title="Short note", text="Short note").text == "Short note"
    assert Article.create(title="Other", text=text).text == text


def test_an_html_body_in_a_dump_is_read_as_its_text():
    """A scraper's dump often holds the page's HTML as the body: its text is indexed, not its tags
    (found ingesting a messy JSONL: the sources panel showed "<p>" and the passage held "p" words)."""
    html_body = (
        "<p>The ferry reopened on Monday after repairs &amp; checks.</p>"
        "<p>Its captain said 64 crossings were booked.</p><script>track()</script>"
    )
    a = Article.from_mapping({"headline": "Ferry reopens", "body": html_body, "link": "https://x.example.org/f"})
    assert a.text == "The ferry reopened on Monday after repairs & checks.\nIts captain said 64 crossings were booked."
    # text that only mentions "<" stays as it is
    plain = "Prices rose as a < b and b > c held; fans sent <3 to the team."
    assert Article.from_mapping({"title": "Maths", "text": plain}).text == plain


def test_a_dumps_byline_and_escaped_title_read_as_a_reader_would():
    """Found ingesting a scraper's JSONL dump: "By Ana Ruiz and Tom Keller" gave the author "By Ana Ruiz",
    and the title "Mayor&#8217;s plan for Q&amp;A sessions" was cited with its entities."""

    def authors(value):
        return Article.from_mapping({"title": "Fares", "text": "Bus fares rise.", "byline": value}).authors

    assert authors("By Ana Ruiz and Tom Keller") == ("Ana Ruiz", "Tom Keller")
    assert authors("BY Ana Ruiz | Staff Writer") == ("Ana Ruiz",)
    assert authors(["by Ana Ruiz", {"name": "Tom Keller"}, "Staff"]) == ("Ana Ruiz", "Tom Keller")
    assert authors("Byron Smith & Andy Anderson") == ("Byron Smith", "Andy Anderson")

    def title(value):
        return Article.from_mapping({"title": value, "text": "Bus fares rise."}).title

    assert title("Mayor&#8217;s plan for Q&amp;A sessions") == "Mayor\u2019s plan for Q&A sessions"
    assert title("Strike ends after <em>five</em> days") == "Strike ends after five days"
    assert title("AT&T results beat forecasts") == "AT&T results beat forecasts"
    assert title("Why a < b matters") == "Why a < b matters"


def test_a_citation_carries_its_articles_byline(fake_rag, tmp_path, capsys):
    """The byline was read at ingest and stored with each chunk, but no answer showed it: a reader could not
    see who wrote a cited report. It reaches the citation, the CLI's sources, the sources panel and the API."""
    from rag.cli import print_sources
    from ui.render import citation_html
    from ui.rest import passage_dict

    from .conftest import write_jsonl

    fares = {
        "title": "Bus fares to rise 5% in January",
        "text": "Bus fares in Lakeport will rise by 5% on 1 January, the transport authority said.",
        "url": "https://gazette.example/fares",
        "source": "Lakeport Gazette",
        "date": "2026-12-02",
        "byline": "By Ana Ruiz and Tom Keller",
    }
    fake_rag.ingest([write_jsonl(tmp_path / "dump.jsonl", [fares])])
    answer = fake_rag.ask("How much will bus fares rise in Lakeport?")
    (cited,) = answer.citations
    assert cited.authors == ["Ana Ruiz", "Tom Keller"] and cited.byline == "by Ana Ruiz and Tom Keller"
    assert answer.to_dict()["citations"][0]["authors"] == ["Ana Ruiz", "Tom Keller"]
    print_sources(answer)
    assert "(Lakeport Gazette, 2026-12-02, by Ana Ruiz and Tom Keller)" in capsys.readouterr().out
    assert "by Ana Ruiz and Tom Keller" in citation_html(cited)
    assert passage_dict(1, answer.passages[0])["authors"] == ["Ana Ruiz", "Tom Keller"]
    from ui.mcp_server import answer_text, ask_result
    from ui.openai_compat import sources_text

    assert "2026-12-02 — by Ana Ruiz and Tom Keller" in sources_text(answer)
    assert "(Lakeport Gazette, 2026-12-02, by Ana Ruiz and Tom Keller)" in answer_text(ask_result(answer))


def test_a_folder_holding_the_index_is_ingested_without_it(tmp_path):
    """Found running the README's commands from a news folder with the wheel installed: `newsrag --data-dir
    idx ingest .` read its own index the second time, reporting ten skipped Chroma and SQLite files."""
    from rag import NewsRAG

    from .conftest import write_jsonl

    write_jsonl(tmp_path / "news.jsonl", [{"title": "Fares", "text": "Bus fares rise by 5% in January."}])
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_model="hash")
    assert rag.ingest([tmp_path]).added == 1
    again = rag.ingest([tmp_path])
    assert (again.added, again.unchanged, again.skipped) == (0, 1, [])


def test_a_newsapi_record_reads_as_it_is():
    """Found ingesting a NewsAPI dump: its `publishedAt` gave no date, the title kept " - Coastline Daily" and the text
    ended "... would hurt trade… [+1520 chars]"."""
    a = Article.from_mapping(
        {
            "source": {"id": None, "name": "Coastline Daily"},
            "author": "Ria Holm",
            "title": "Velmora harbour bridge to close for repairs - Coastline Daily",
            "url": "https://coastline.example/bridge",
            "publishedAt": "2026-12-04T12:00:00Z",
            "content": "The harbour bridge will close for six weeks. Buses will be diverted. Shopkeepers said the closure"
            " would hurt trade… [+1520 chars]",
        }
    )
    assert a.outlet == "Coastline Daily" and a.published_at is not None and a.published_at.day == 4
    assert a.title == "Velmora harbour bridge to close for repairs"
    assert a.text == "The harbour bridge will close for six weeks. Buses will be diverted."
    # the outlet's name stays when it is all there is, or part of the headline
    assert Article.from_mapping(
        {"title": "Live - Ukraine war", "text": "Text.", "source": "Coastline Daily"}
    ).title == ("Live - Ukraine war")
    assert Article.from_mapping({"datePublished": "2026-12-01", "title": "T", "text": "Some text here."}).published_at
