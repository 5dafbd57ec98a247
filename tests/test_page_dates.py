"""A saved article page whose metadata gives no date: its date line under the headline ("Published Dec. 4, 2026
11:40 p.m. CET") was left in the text, where it was quoted as a sentence, and the article was dated 1 January
2026, htmldate's guess from the year alone. The date line now dates the article (with its time and zone) and
leaves the text; a first of January that the page names nowhere is no date."""

from __future__ import annotations

from ingest.html import article_from_html

PAGE = (
    "<!doctype html><html><head><title>Dock strike ends | Port Tamsk News</title>"
    '<meta property="og:site_name" content="Port Tamsk News"></head><body><nav>Home | News | Sport</nav>'
    "<article><h1>Dock strike ends after nine days</h1>{dateline}"
    "<p>Dock workers at Port Tamsk returned to work on Friday after a nine-day strike, the union said.</p>"
    "<p>They won a 6% pay rise and a shorter working week, and the port expects ships to dock from Saturday.</p>"
    "</article><footer>{footer}</footer></body></html>"
)


def test_a_date_line_under_the_headline_dates_the_page_and_leaves_its_text():
    page = PAGE.format(dateline='<p class="date">Published Dec. 4, 2026 11:40 p.m. CET</p>', footer="Port Tamsk News")
    article = article_from_html(page)
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2026-12-04T23:40:00+01:00"
    assert "Published" not in article.text and article.text.startswith("Dock workers at Port Tamsk")


def test_a_year_alone_is_no_date():
    article = article_from_html(PAGE.format(dateline="", footer="© 2026 Port Tamsk News"))
    assert article.published_at is None
    new_year = PAGE.format(dateline="<p>January 1, 2026</p>", footer="© 2026 Port Tamsk News")
    assert article_from_html(new_year).published_at.date().isoformat() == "2026-01-01"


def test_a_byline_paragraph_under_the_headline_is_the_author_not_a_sentence():
    """Found ingesting a saved wire page with no author metadata: "By Sam Whitlock" stayed in the text and was quoted
    as the start of the first sentence ("By Sam Whitlock E-bike maker Voltra is recalling ..."), and the article had
    no author. The byline line names the author and leaves the text; a role after a comma is no author."""
    page = PAGE.format(dateline="<p>By Mira Lund, Transport Correspondent</p>", footer="Port Tamsk News")
    article = article_from_html(page)
    assert article.authors == ("Mira Lund",)
    assert article.text.startswith("Dock workers at Port Tamsk")
    dated = PAGE.format(dateline="<p>By Mira Lund</p><p>December 4, 2026</p>", footer="Port Tamsk News")
    article = article_from_html(dated)
    assert article.authors == ("Mira Lund",) and article.published_at.date().isoformat() == "2026-12-04"
    assert article.text.startswith("Dock workers at Port Tamsk")


def test_a_sentence_opening_with_by_stays_text():
    page = PAGE.format(dateline="<p>By Monday the port expects a full timetable again</p>", footer="Port Tamsk News")
    article = article_from_html(page)
    assert article.authors == ()
    assert "By Monday" in article.text


def test_a_meta_line_above_the_headline_gives_its_date_and_byline():
    """Found with a saved page (session 48): "Published 4 December 2026, 14:05 · By Anja Berg" in its own box above
    the headline, which the extracted text leaves out: the article had no author and was dated midnight."""
    page = (
        "<html><head><title>Harbour crane collapse injures two | Port Gazette</title></head><body>"
        '<div class="cookie">We use cookies. <button>Accept all</button></div>'
        '<div class="article-meta">Published 4 December 2026, 14:05 · By Anja Berg</div>'
        "<h1>Harbour crane collapse injures two</h1>"
        "<p>A container crane collapsed at Vesthavn port on Thursday afternoon, injuring two dock workers, one of them"
        " seriously, the port authority said.</p><p>The 60-metre crane fell onto an empty berth during high winds."
        " Operations at the container terminal were suspended until further notice.</p></body></html>"
    )
    article = article_from_html(page)
    assert list(article.authors) == ["Anja Berg"]
    assert article.published_at is not None and article.published_at.strftime("%Y-%m-%d %H:%M") == "2026-12-04 14:05"
    assert "Published" not in article.text and "Anja" not in article.text
