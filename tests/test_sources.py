"""Every kind of source, and every kind of bad input, read into articles or per-item reasons."""

from __future__ import annotations

import json

from ingest.items import Notice, Skipped
from ingest.records import Article
from ingest.sources import iter_items

from .conftest import write_jsonl

LONG_TEXT = " ".join(
    f"Sentence number {i} reports that the harbour authority in Valmora reopened berth {i} after repairs."
    for i in range(40)
)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valmora Gazette</title><link>https://gazette.example.org</link>
<item><title>Harbour reopens</title><link>https://gazette.example.org/harbour</link>
<pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><author>desk@gazette.example.org (Port Desk)</author>
<description>&lt;p&gt;The Valmora harbour reopened on Monday after a week of repairs to the main pier.&lt;/p&gt;</description></item>
<item><title>Council votes on budget</title><link>https://gazette.example.org/budget</link>
<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate>
<description>The city council approved a budget of 4.2 million euros for road works.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Wind farm approved</title><link href="https://atom.example.org/wind"/>
<updated>2025-04-01T12:00:00Z</updated><author><name>Ida Berg</name></author>
<content type="html">&lt;p&gt;Regulators approved a 40-turbine wind farm off the coast of Valmora on Tuesday.&lt;/p&gt;</content></entry>
</feed>"""

HTML = f"""<!DOCTYPE html><html lang="en"><head><title>Harbour reopens | Valmora Gazette</title>
<meta property="og:title" content="Valmora harbour reopens after repairs">
<meta property="og:site_name" content="Valmora Gazette">
<meta name="author" content="Port Desk">
<meta property="article:published_time" content="2025-03-03T09:00:00Z">
<link rel="canonical" href="https://gazette.example.org/harbour-reopens"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe now!</nav>
<article><h1>Valmora harbour reopens after repairs</h1><p>{LONG_TEXT}</p>
<p>Officials said traffic would return to normal within days.</p></article>
<footer>Copyright Valmora Gazette. All rights reserved. Cookie settings.</footer></body></html>"""


def _read(*paths):
    items = list(iter_items([str(p) for p in paths]))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def test_jsonl_json_txt_md_and_folder_recursion(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    write_jsonl(
        tmp_path / "a.jsonl", [{"title": "One", "text": "First text.", "source": "Gazette", "date": "2025-01-02"}]
    )
    (tmp_path / "sub" / "b.json").write_text(
        json.dumps([{"title": "Two", "body": "Second text."}, {"title": "Three", "text": "Third."}])
    )
    (tmp_path / "sub" / "c.json").write_text(json.dumps({"title": "Four", "text": "Fourth text."}))
    (tmp_path / "sub" / "deeper" / "d.txt").write_text("Five\nFifth article body.\n")
    (tmp_path / "sub" / "deeper" / "e.md").write_text("# Six\n\nSixth article body.\n")
    (tmp_path / ".hidden.jsonl").write_text('{"title": "no", "text": "hidden files are ignored"}')
    arts, skipped = _read(tmp_path)
    assert sorted(a.title for a in arts) == ["Five", "Four", "One", "Six", "Three", "Two"]
    assert skipped == []
    one = next(a for a in arts if a.title == "One")
    assert one.outlet == "Gazette" and one.published_at.year == 2025


def test_rss_and_atom_files(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS)
    (tmp_path / "feed.atom").write_text(ATOM)
    arts, skipped = _read(tmp_path / "feed.rss", tmp_path / "feed.atom")
    assert not skipped
    by_title = {a.title: a for a in arts}
    harbour = by_title["Harbour reopens"]
    assert harbour.outlet == "Valmora Gazette"
    assert harbour.url == "https://gazette.example.org/harbour"
    assert "reopened on Monday" in harbour.text and "<p>" not in harbour.text
    assert harbour.published_at.isoformat() == "2025-03-03T09:00:00+00:00"
    wind = by_title["Wind farm approved"]
    assert wind.authors == ("Ida Berg",) and "40-turbine" in wind.text


def test_a_feed_entry_with_an_unreadable_date_is_kept_undated_and_reported(tmp_path):
    (tmp_path / "feed.atom").write_text(ATOM.replace("2025-04-01T12:00:00Z", "sometime soon"))
    items = list(iter_items([str(tmp_path / "feed.atom")]))
    undated = [i for i in items if isinstance(i, Article) and i.published_at is None]
    (notice,) = [i for i in items if isinstance(i, Notice)]
    assert len(undated) == 1 and notice.source.endswith("feed.atom#entry1")
    assert "unreadable date updated='sometime soon'" in notice.message and "RFC 822" in notice.message
    # the same feed with its dates intact says nothing
    (tmp_path / "feed.atom").write_text(ATOM)
    assert not [i for i in iter_items([str(tmp_path / "feed.atom")]) if isinstance(i, Notice)]


def test_a_feed_entrys_relative_link_is_resolved(tmp_path):
    """Found by ingesting a messy feed file: an entry linked as "/news/coach" was indexed with no URL (its
    citation led nowhere, and a later edit of it would be a new article, not a version). It is resolved
    against the feed's URL when fetched, else against the site link the feed gives."""
    from ingest.feeds import articles_from_feed

    feed = RSS.replace("<link>https://gazette.example.org/harbour</link>", "<link>/news/harbour</link>")
    assert "/news/harbour" in feed
    (tmp_path / "feed.xml").write_text(feed)

    def harbour(items):
        return next(i for i in items if isinstance(i, Article) and i.title == "Harbour reopens")

    assert harbour(iter_items([str(tmp_path / "feed.xml")])).url == "https://gazette.example.org/news/harbour"
    fetched = harbour(articles_from_feed(feed, source="https://feeds.example.net/a/rss"))
    assert fetched.url == "https://feeds.example.net/news/harbour"
    # nothing to resolve against: no URL, as before
    bare = feed.replace("<link>https://gazette.example.org</link>", "")
    assert harbour(articles_from_feed(bare, source=str(tmp_path / "f.xml"))).url is None


def test_a_feed_title_written_as_html_reads_as_text():
    """Found by ingesting an Atom feed: a title of type html was indexed and cited as "Ferry strike ends
    after <em>five</em> days", and an RSS title's "Q&amp;A" kept its entity. A title of type text that
    mentions a tag keeps it."""
    from ingest.feeds import articles_from_feed

    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        '<title type="html">Coastal &lt;b&gt;Ledger&lt;/b&gt;</title><id>urn:l</id>'
        '<entry><title type="html">Ferry strike ends after &lt;em&gt;five&lt;/em&gt; days</title>'
        '<id>urn:l:1</id><link href="https://ledger.example/ferry"/><updated>2026-12-02T11:00:00Z</updated>'
        "<content>The ferry workers' union ended its strike after five days.</content></entry>"
        '<entry><title type="text">Why &lt;br&gt; tags break old mail clients</title>'
        '<id>urn:l:2</id><link href="https://ledger.example/br"/><updated>2026-12-02T11:00:00Z</updated>'
        "<content>An explainer on line breaks.</content></entry></feed>"
    )
    ferry, br = [i for i in articles_from_feed(atom, source="atom.xml") if isinstance(i, Article)]
    assert ferry.title == "Ferry strike ends after five days"
    assert ferry.outlet == "Coastal Ledger"
    assert br.title == "Why <br> tags break old mail clients"
    rss = RSS.replace(
        "<title>Harbour reopens</title>", "<title>Harbour Q&amp;amp;A: &lt;i&gt;what reopens&lt;/i&gt;</title>"
    )
    assert "Q&amp;amp;A" in rss
    titles = [i.title for i in articles_from_feed(rss, source="rss.xml") if isinstance(i, Article)]
    assert "Harbour Q&A: what reopens" in titles


def test_html_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(HTML)
    arts, skipped = _read(tmp_path / "page.html")
    assert not skipped
    (art,) = arts
    assert art.title.startswith("Valmora harbour reopens")
    assert art.outlet == "Valmora Gazette"
    assert art.url == "https://gazette.example.org/harbour-reopens"
    assert art.published_at is not None and art.published_at.date().isoformat() == "2025-03-03"
    assert "berth 39" in art.text
    assert "Cookie settings" not in art.text and "Subscribe now" not in art.text


def test_a_news_page_s_furniture_lines_are_not_read_as_article_text(tmp_path):
    """Found quoting a saved page: its "Advertisement" slot stayed a line of the text, so the next sentence
    was quoted as "Advertisement The reopened building has a new children's wing ...". Ad labels, "Read
    more: ..." links and newsletter prompts are dropped; a sentence that starts with such a word is kept."""
    paragraphs = [
        "The central library of Calder Bay reopened on Tuesday after eleven months of flood repairs.",
        "Advertisement",
        "The reopened building has a new children's wing and stays open until 9 p.m. on weekdays.",
        "Story continues below advertisement",
        "Advertising on the library's screens will pay for longer weekend hours, the council said.",
        "Read more: Tram vote splits council",
        "Sign up for our daily newsletter",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><head><title>Library reopens</title></head><body><article>{body}</article></body></html>"
    (tmp_path / "page.html").write_text(page)
    (art,), _ = _read(tmp_path / "page.html")
    kept = [p for p in paragraphs if p[-1] == "."]
    assert art.text.split("\n") == kept
    # the same in a scraper's dump whose body is HTML
    (tmp_path / "dump.jsonl").write_text(json.dumps({"title": "Library reopens", "body": body}) + "\n")
    (art,), _ = _read(tmp_path / "dump.jsonl")
    assert art.text.split("\n") == kept


def test_a_dump_s_plain_text_is_cleaned_of_url_escapes_promotions_and_furniture(tmp_path):
    """Found in real news dumps: a caption copied out of a link ("Ferries%2C buses and trams ...", "Adele%27s"), and
    an outlet's newsletter prompt quoted as the latest news ("The Daybreak is a snappy news roundup. Subscribe to
    the newsletter here."), a gallery link's label quoted with its headline ("Photo gallery: Dozens killed ..."), a
    link's "Read more" ending a paragraph. A plain-text body is cleaned as a page is; a URL's own escapes, and reporting that
    mentions a newsletter or a subscription, are kept."""
    reporting = (
        "The council said 4,000 residents signed up for the new tram pass, and the transport newsletter "
        "sent to every household will list the first routes, which open in May after two years of work on "
        "the tracks between the harbour and the university, the mayor's office said on Tuesday."
    )
    paragraphs = [
        "Ferries%2C buses and trams stopped at noon%3A the strike began in Calder Bay%E2%80%99s harbour.",
        "The Daybreak is a snappy news roundup. Subscribe to the newsletter here.",
        "Union leaders said 56%2C000 workers joined. Video of the march: https://news.example/v/strike%20day",
        "Get our weekly newsletter Sign up here to get the week's top stories.",
        "Read more: Tram vote splits council",
        "Photo gallery: Strikers march through Calder Bay.",
        "Talks resume on Monday, the port authority said. Read more",
        reporting,
        "Thank you for supporting our journalism. You can subscribe to our print edition here.",
    ]
    record = {"title": "Strike stops Calder Bay%27s ferries", "text": "\n".join(paragraphs)}
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n")
    (art,), _ = _read(tmp_path / "dump.jsonl")
    assert art.title == "Strike stops Calder Bay's ferries"
    assert art.text.split("\n") == [
        "Ferries, buses and trams stopped at noon: the strike began in Calder Bay’s harbour.",
        "Union leaders said 56,000 workers joined. Video of the march: https://news.example/v/strike%20day",
        "Strikers march through Calder Bay.",
        "Talks resume on Monday, the port authority said.",
        reporting,
    ]


def test_a_saved_page_without_site_metadata_takes_its_outlet_from_its_title(tmp_path):
    """Found ingesting a saved page in chromium: "Bridge closure extended – Riverton Courier" had no
    og:site_name and no URL, so it was indexed with no outlet. The name beside the headline in its
    <title> is the outlet; a section label ("Opinion: ...") or a headline's own dash is not."""
    body = (
        "<h1>Bridge closure extended by three weeks</h1><p>The Old Mill bridge in Riverton will stay closed "
        "until 19 December, three weeks longer than planned, after engineers found corrosion in two support "
        "beams, the county said on Friday.</p><p>Buses will keep using the detour via Station Road.</p>"
    )

    def outlet(title: str) -> str | None:
        (tmp_path / "page.html").write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>")
        (art,), _ = _read(tmp_path / "page.html")
        assert art.title == "Bridge closure extended by three weeks"
        return art.outlet

    assert outlet("Bridge closure extended – Riverton Courier") == "Riverton Courier"
    assert outlet("Riverton Courier | Bridge closure extended") == "Riverton Courier"
    assert outlet("Bridge closure extended | Local | Riverton Courier") == "Riverton Courier"
    assert outlet("Opinion: Bridge closure extended") is None
    assert outlet("Bridge closure extended - live updates") is None
    # the page's own metadata wins
    named = HTML.replace("Harbour reopens | Valmora Gazette", "Harbour reopens | Some Aggregator")
    (tmp_path / "page.html").write_text(named)
    (art,), _ = _read(tmp_path / "page.html")
    assert art.outlet == "Valmora Gazette"


def test_bad_inputs_each_get_a_reason_and_good_items_survive(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"title": "Good", "text": "A good article."}])
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 50)
    (tmp_path / "mixed.jsonl").write_text(
        '{"title": "Fine", "text": "Fine text."}\n{not json\n{"title": "No text"}\n[1, 2]\n'
    )
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "broken.rss").write_text("<rss><channel><title>x</title><item><title>unterminated")
    (tmp_path / "bad.json").write_text("{oops")
    arts, skipped = _read(tmp_path)
    assert sorted(a.title for a in arts) == ["Fine", "Good"]
    reasons = {s.source.replace(str(tmp_path) + "/", ""): s.reason for s in skipped}
    assert reasons["empty.jsonl"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "line 2" in reasons["mixed.jsonl:2"]
    assert "no text" in reasons["mixed.jsonl:3"]
    assert "JSON object" in reasons["mixed.jsonl:4"]
    assert "unsupported file type .pdf" in reasons["notes.pdf"]
    assert "feed is malformed" in reasons["broken.rss#entry1"]
    assert "malformed JSON" in reasons["bad.json"]
    assert good.exists()


def test_a_date_that_could_be_day_or_month_first_is_reported(tmp_path):
    """Found ingesting a messy dump: "published": "03/12/2026" (3 December, as written in Europe) was indexed
    as 12 March without a word. A slashed or dashed all-number date whose day and month could swap is read
    month first and reported; a dotted one ("3.12.2026") is day first; an unambiguous one says nothing."""
    records = [
        {"title": "Storm losses", "text": "Fishermen count losses.", "published": "03/12/2026"},
        {"title": "Ferry resumes", "text": "Ferries run again.", "date": "3.12.2026"},
        {"title": "Carols", "text": "The choir sings.", "date": "12/25/2026"},
    ]
    items = list(iter_items([str(write_jsonl(tmp_path / "dump.jsonl", records))]))
    dates = {i.title: i.published_at.date().isoformat() for i in items if isinstance(i, Article)}
    assert dates == {"Storm losses": "2026-03-12", "Ferry resumes": "2026-12-03", "Carols": "2026-12-25"}
    (notice,) = [i for i in items if isinstance(i, Notice)]
    assert notice.source.endswith("dump.jsonl:1")
    assert "ambiguous date published='03/12/2026' read as 2026-03-12 (month first)" in notice.message


def test_json_errors_say_where_and_an_unreadable_date_is_reported(tmp_path):
    (tmp_path / "dump.jsonl").write_text(
        '{"title": "Library hours", "text": "The library opens later.", "date": "sometime soon"}\n'
        '{"title": "Cut off", "text": "The line ends\n'
    )
    items = list(iter_items([str(tmp_path / "dump.jsonl")]))
    (article,) = [i for i in items if isinstance(i, Article)]
    assert article.title == "Library hours" and article.published_at is None  # kept, undated
    (notice,) = [i for i in items if isinstance(i, Notice)]
    assert notice.source.endswith("dump.jsonl:1") and "unreadable date date='sometime soon'" in notice.message
    (skipped,) = [i for i in items if isinstance(i, Skipped)]
    # json's own message ends in a dangling "starting at": the report gives the place instead
    assert skipped.reason == "malformed JSON on line 2, column 30: unterminated string"


def test_non_utf8_text_is_decoded(tmp_path):
    text = "Café owners in Málaga protest the new “tourist tax” – a 5€ levy."
    (tmp_path / "cp1252.txt").write_bytes(("Protest in Málaga\n" + text).encode("cp1252"))
    (tmp_path / "utf16.jsonl").write_bytes(
        json.dumps({"title": "UTF-16", "text": text}, ensure_ascii=False).encode("utf-16")
    )
    arts, skipped = _read(tmp_path)
    assert not skipped
    assert {a.title for a in arts} == {"Protest in Málaga", "UTF-16"}
    assert all("Málaga" in a.text and "€" in a.text for a in arts)


def test_missing_path_is_a_reason_not_a_crash(tmp_path):
    arts, skipped = _read(tmp_path / "nope.jsonl")
    assert not arts and "no such file" in skipped[0].reason


def test_a_page_copied_whole_into_a_text_file_keeps_its_headline(tmp_path):
    """The menu pasted above the headline ("HomeLatest WorldNews") is not the title; a real title
    with a glued name stays one."""
    (tmp_path / "copied.txt").write_text(
        "HomeLatest WorldNews\n\nValmora harbour reopens after repairs\n\nThe harbour reopened on Monday.\n"
    )
    (tmp_path / "plain.txt").write_text("McDonald's opens in Valmora\nThe first restaurant opened on Monday.\n")
    (tmp_path / "short.txt").write_text("HomeLatest WorldNews\nOnly one line follows the menu.\n")
    arts, skipped = _read(tmp_path)
    titles = {a.source.rsplit("/", 1)[-1]: a.title for a in arts}
    assert titles["copied.txt"] == "Valmora harbour reopens after repairs"
    assert titles["plain.txt"] == "McDonald's opens in Valmora"
    assert titles["short.txt"] == "HomeLatest WorldNews"  # nothing would be left to be the body
    assert skipped == []


def test_a_page_copied_whole_with_its_chrome_reads_as_its_article(tmp_path):
    """Found pasting a news page into a text file: the menu "Home | News | Sport | ..." became the title, so the
    byline, the outlet and the date under the headline were lost, and the share buttons' labels, the ad slot, the
    photo caption, the "Read more" link, the list of related headlines and the copyright line were indexed as the
    article's sentences ("Velmora tram line ... Share on Facebook Share on X Copy link" was quoted)."""
    (tmp_path / "tram.txt").write_text(
        "Home | News | Sport | Business | Opinion | Subscribe\n"
        "Velmora tram line faces one-year delay as costs rise\n"
        "By Jonas Weil, Velmora Courier\n"
        "Published: 5 December 2026, 14:20\n"
        "Share on Facebook Share on X Copy link\n\n"
        "The airport tram line will open a year late, in 2030, the transport department said on Saturday.\n\n"
        "Advertisement\n\n"
        "Officials blamed higher steel prices.\n\n"
        "Photo: Construction work on Harbour Road. (Velmora Courier)\n\n"
        "Deputy mayor Kai Lund said the money would come from reserves.\n"
        "Read more: Velmora council passes 2027 budget\n"
        "Nordbau did not respond to a request for comment.\n\n"
        "Related stories\n- Storm Edda: power back for most homes\n- Brightwave to cut 350 jobs\n\n"
        "© 2026 Velmora Courier. All rights reserved.\n"
    )
    (arts, _) = _read(tmp_path)
    tram = arts[0]
    assert tram.title == "Velmora tram line faces one-year delay as costs rise"
    assert tram.outlet == "Velmora Courier" and tram.authors == ("Jonas Weil",)
    assert tram.published_at is not None and tram.published_at.day == 5
    assert tram.text == (
        "The airport tram line will open a year late, in 2030, the transport department said on Saturday.\n\n"
        "Officials blamed higher steel prices.\n\n"
        "Deputy mayor Kai Lund said the money would come from reserves.\n"
        "Nordbau did not respond to a request for comment."
    )


def test_a_text_file_that_starts_with_a_sentence_keeps_it_in_the_text(tmp_path):
    """Found ingesting a messy folder: a file whose first line is its lead sentence lost that sentence
    from the text (it became the title only), so no search or answer could quote it."""
    (tmp_path / "cafe.txt").write_text(
        "Café owners in Valmora say winter trade is down 20 percent.\n\n"
        "The chamber of commerce blamed the ferry strike for the drop in visitors.\n"
    )
    (tmp_path / "headline.txt").write_text("Valmora ferry strike ends\n\nFerry workers ended a three-day strike.\n")
    arts, _ = _read(tmp_path)
    by_file = {a.source.rsplit("/", 1)[-1]: a for a in arts}
    cafe = by_file["cafe.txt"]
    assert cafe.title == "Café owners in Valmora say winter trade is down 20 percent."
    assert cafe.text.startswith("Café owners in Valmora say winter trade is down 20 percent.")
    assert "chamber of commerce" in cafe.text
    assert by_file["headline.txt"].text == "Ferry workers ended a three-day strike."  # a headline is not repeated


def test_an_html_file_is_read_in_the_encoding_it_declares(tmp_path):
    """Found ingesting a saved page in the browser: a Windows-1252 page that says so in its <meta> was
    reported "not UTF-8; decoded as cp1252 (assumed from its bytes)", a warning about nothing. A page is
    read in the encoding it declares, without a note; only a page whose bytes do not fit its declaration,
    or that declares none, is guessed from its bytes and noted."""

    def page(charset: str, body: str, encoding: str) -> bytes:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
        html = f"<html><head>{meta}<title>Bridge</title></head><body><article><h1>Bridge closure</h1>"
        more = ["Buses will keep using the detour via Station Road.", "Engineers found corrosion in two beams."]
        if encoding == "koi8_r":
            more = ["Автобусы поедут в объезд по Вокзальной улице.", "Инженеры нашли коррозию в двух балках."]
        paragraphs = "".join(f"<p>{p}</p>" for p in [body, *more])
        return (html + paragraphs + "</article></body></html>").encode(encoding)

    western = "The repairs will cost an extra €450,000, county engineer Dana Kowalczyk said on “Friday”."
    russian = "Мост в Ривертоне останется закрытым до 19 декабря, сообщили власти округа в пятницу вечером."
    cases = [
        ("windows-1252", western, "cp1252", False),
        ("iso-8859-1", western, "cp1252", False),  # read as browsers read it: Windows-1252
        ("koi8-r", russian, "koi8_r", False),
        ("", western, "cp1252", True),  # nothing declared: guessed, and noted
    ]
    for i, (charset, body, encoding, noted) in enumerate(cases):
        path = tmp_path / f"page{i}.html"
        path.write_bytes(page(charset, body, encoding))
        items = list(iter_items([str(path)]))
        (art,) = [x for x in items if isinstance(x, Article)]
        assert body in art.text, charset
        assert bool([x for x in items if isinstance(x, Notice)]) == noted, charset


def test_a_markdown_files_front_matter_gives_its_title_date_outlet_and_author(tmp_path):
    """Found ingesting a saved note: a Markdown file starting with YAML front matter was indexed with the
    title "---" and its fields quoted as the answer's first sentence."""
    (tmp_path / "budget.md").write_text(
        '---\ntitle: "Council approves harbour budget"\ndate: 2026-11-30\noutlet: Lakeport Gazette\n'
        "author: Ana Ruiz\nurl: https://gazette.example/budget\ntags: [harbour, council]\n---\n\n"
        "# Council approves harbour budget\n\nThe Lakeport council approved a harbour budget of 12 million "
        "euros on Monday.\n"
    )
    (tmp_path / "untitled.md").write_text(
        "---\ndate: 2026-12-01\n---\n# Ferry timetable changes\n\nFerries leave earlier.\n"
    )
    (tmp_path / "rule.md").write_text("---\n\nA note that opens with a rule.\n\n---\n\nAnd goes on after it.\n")
    arts, skipped = _read(tmp_path)
    assert not skipped
    by_title = {a.title: a for a in arts}
    budget = by_title["Council approves harbour budget"]
    assert (budget.outlet, budget.authors, budget.url) == (
        "Lakeport Gazette",
        ("Ana Ruiz",),
        "https://gazette.example/budget",
    )
    assert budget.published_at is not None and budget.published_at.date().isoformat() == "2026-11-30"
    assert budget.text.startswith("The Lakeport council approved") and "---" not in budget.text
    ferry = by_title["Ferry timetable changes"]
    assert ferry.text == "Ferries leave earlier." and ferry.published_at.date().isoformat() == "2026-12-01"
    assert any("opens with a rule" in a.text for a in arts)  # not front matter: read as before


def test_a_markdown_body_is_read_as_its_words(tmp_path):
    """Found ingesting a Markdown brief (session 38): "news from December 2" quoted "**Why it matters:** the line was
    the centrepiece of the mayor's climate plan." with its asterisks."""
    (tmp_path / "brief.md").write_text(
        '---\ntitle: "Kestra tram line delayed to 2030"\ndate: 2026-12-02\n---\n\n# Kestra tram line delayed to 2030\n\n'
        "The tram will open in 2030, a year later than planned.\n\n**Why it matters:** the line was the centrepiece "
        "of the [mayor's](https://kestra.example/mayor) climate plan.\n\n- Bids came in *18%* over budget.\n"
    )
    (tmp_path / "plain.md").write_text("# Ferry fares rise\n\nFares rise by **10%** in January, the operator said.\n")
    arts, skipped = _read(tmp_path)
    assert not skipped
    by_title = {a.title: a for a in arts}
    brief = by_title["Kestra tram line delayed to 2030"].text
    assert "Why it matters: the line was the centrepiece of the mayor's climate plan." in brief
    assert "Bids came in 18% over budget." in brief and "*" not in brief and "https" not in brief
    assert by_title["Ferry fares rise"].text == "Fares rise by 10% in January, the operator said."


def test_a_copied_articles_byline_and_date_lines_are_its_metadata(tmp_path):
    """Found ingesting an article pasted into a text file: "By Ana Ruiz, Lakeport Gazette" and "December 2,
    2026" under the headline stayed text, and the article had no author, outlet or date (no date: time
    words and freshness could not place it). A sentence that starts with "By" stays text."""
    (tmp_path / "fares.txt").write_text(
        "Ferry fares frozen for 2027\nBy Ana Ruiz and Tom Keller, Lakeport Gazette\nPublished: December 2, 2026\n\n"
        "Lakeport's ferry operator will keep fares unchanged next year.\n"
    )
    (tmp_path / "vote.txt").write_text(
        "Council to vote on budget\nBy Monday, the council will decide on the harbour budget.\nIt meets at noon.\n"
    )
    (tmp_path / "plain.txt").write_text("Tram line opens\nWednesday\nThe tram line opened to passengers.\n")
    arts, _ = _read(tmp_path)
    by_title = {a.title: a for a in arts}
    fares = by_title["Ferry fares frozen for 2027"]
    assert (fares.authors, fares.outlet) == (("Ana Ruiz", "Tom Keller"), "Lakeport Gazette")
    assert fares.published_at is not None and fares.published_at.date().isoformat() == "2026-12-02"
    assert fares.text == "Lakeport's ferry operator will keep fares unchanged next year."
    vote = by_title["Council to vote on budget"]
    assert vote.text.startswith("By Monday, the council") and vote.authors == ()
    # an outlet without a newspaper word, after a comma, is the outlet too (it was given as an author)
    (tmp_path / "wire.txt").write_text("Port strike ends\nBy Ana Ruiz, Northwire\n\nDock workers went back.\n")
    (tmp_path / "two.txt").write_text("Port reopens\nBy Ana Ruiz, Tom Keller\n\nShips sailed again.\n")
    arts, _ = _read(tmp_path)
    by_title = {a.title: a for a in arts}
    assert (by_title["Port strike ends"].authors, by_title["Port strike ends"].outlet) == (("Ana Ruiz",), "Northwire")
    assert (by_title["Port reopens"].authors, by_title["Port reopens"].outlet) == (("Ana Ruiz", "Tom Keller"), None)
    plain = by_title["Tram line opens"]
    assert plain.published_at is None and plain.text.startswith("Wednesday")  # no year: not a date line


def test_an_unreadable_update_time_is_reported(tmp_path):
    """A record's `updated_at` that cannot be read was dropped without a word, while an unreadable publication
    date is reported: it is reported the same way, and the article is kept with its date."""
    (tmp_path / "dump.jsonl").write_text(
        '{"title": "Comet brighter than expected", "text": "The comet has brightened faster than expected.", '
        '"published_at": "2026-12-05", "updated_at": "not a date"}\n'
    )
    items = list(iter_items([str(tmp_path / "dump.jsonl")]))
    (article,) = [i for i in items if isinstance(i, Article)]
    assert article.published_at is not None and article.modified_at is None
    (notice,) = [i for i in items if isinstance(i, Notice)]
    assert "unreadable update time updated_at='not a date'" in notice.message


def test_a_blog_feed_s_footer_and_a_summary_s_cut_mark_are_not_article_text(tmp_path):
    """Found by ingesting a WordPress-style feed: each entry's content ended "The post Bridge closure: council
    approves £4m repair plan appeared first on Kestra Evening Post.", a sentence holding the title's words (and
    the city's name twice, so a chat follow-up took the ferry report as being about the bridge), and a summary
    ended "€3.50. […]". Both are the platform's, not the report's."""
    content = (
        "<p>The Kestra city council voted 9-4 on Tuesday to approve the repair of the Old Harbour Bridge.</p>"
        "<p>Four councillors voted against.</p>"
        '<p>The post <a href="https://kp.example/bridge">Bridge closure: council approves repair</a> appeared first '
        'on <a href="https://kp.example">Kestra Evening Post</a>.</p>'
    )
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Kestra Evening Post</title><link>https://kp.example/</link>
<item><title>Bridge closure: council approves repair</title><link>https://kp.example/bridge</link>
<pubDate>Tue, 01 Dec 2026 17:05:00 +0000</pubDate><content:encoded><![CDATA[{content}]]></content:encoded></item>
<item><title>Ferry fares to rise</title><link>https://kp.example/fares</link>
<pubDate>Wed, 02 Dec 2026 09:30:00 +0000</pubDate>
<description>Fares will rise by 10%. A single ticket will cost &#8364;3.50. [&#8230;]</description></item>
</channel></rss>"""
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    arts, skipped = _read(tmp_path / "feed.xml")
    by_title = {a.title: a for a in arts}
    assert not skipped
    assert by_title["Bridge closure: council approves repair"].text.split("\n")[-1] == "Four councillors voted against."
    assert by_title["Ferry fares to rise"].text == "Fares will rise by 10%. A single ticket will cost €3.50."
