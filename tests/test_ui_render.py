"""The UI's rendering: answers and sources reach the page escaped, linked only to cited http(s) sources."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from rag.models import Answer, Citation, Passage, SearchScope
from ui import render


def citation(n=1, **over) -> Citation:
    base = dict(
        n=n,
        article_id="a" * 64,
        chunk_id="a" * 64 + ":0000",
        title="UN vote on ceasefire",
        outlet="Reuters",
        url="https://www.reuters.com/world/un-vote",
        published_at="2025-06-23T10:00:00+00:00",
        text="MOSCOW (Reuters) - Earlier text.\n\nRussia put forward a draft\nresolution demanding a ceasefire. Later text.",
        quote="Russia put forward a draft resolution demanding a ceasefire.",
        score=0.7,
    )
    base.update(over)
    return Citation(**base)


def answer(citations, text="Russia proposed a ceasefire. [1]", refused=False, passages=()) -> Answer:
    return Answer(
        question="What did Russia propose?",
        text=text,
        citations=list(citations),
        refused=refused,
        mode="extractive",
        passages=list(passages),
        scope=SearchScope(articles=25, since="2025-01-01", outlets=["Reuters"]),
    )


def test_images_html_and_uncited_links_are_neutralized():
    text = (
        "See ![x](https://evil.example/pixel.png) and <img src=x onerror=alert(1)> <script>alert(1)</script> "
        "[click](https://evil.example/phish) [the report](https://www.reuters.com/world/un-vote) "
        "https://evil.example/raw <https://evil.example/auto> javascript:alert(1)"
    )
    out = render.sanitize_markdown(text, {"reuters.com"})
    assert "evil.example" not in out and "![" not in out
    assert not re.search(r"<[A-Za-z/!]", out), out
    assert "click" in out  # the link text stays
    assert "[the report](https://www.reuters.com/world/un-vote)" in out
    assert out.count(render.LINK_REMOVED) == 2


def test_link_reference_definitions_cannot_turn_markers_into_links():
    out = render.sanitize_markdown("Claim [1].\n\n[1]: https://evil.example/x\n")
    assert "evil.example" not in out
    assert "](" not in render.link_markers(out, []) and "[1]" in out


def test_plain_text_sanitizer_strips_tags_without_escaping():
    out = render.sanitize_text("It's <b>bold</b> & ![i](http://evil.example/i.png) fine")
    assert out == "It's bold &  fine"


@given(st.text(alphabet=st.sampled_from(list("<>![]()/:.ahimgsrc=\"' \nhttpsevil")), max_size=80))
@example("[](>:)")  # found by this test in session 16: a bare target holding ">" was left a link
@example("[](: :)")  # not a link in Markdown (a space in a bare target): nothing to remove
def test_no_raw_tag_or_foreign_link_survives(text):
    out = render.sanitize_markdown(text, {"reuters.com"})
    assert not re.search(r"<[A-Za-z/!?]", out)
    assert not re.search(r"!\[[^\]]*\]\(", out)
    # every link a Markdown renderer makes of it (CommonMark, markdown-it: Gradio's own dependency) goes
    # to the allowed host; an empty target goes nowhere
    for href in _hrefs(out):
        assert href == "" or render.url_host(href) == "reuters.com", (out, href)


def _hrefs(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [child for t in tokens for child in (t.children or [])]
    return [str(t.attrs.get("href", "")) for t in inline if t.type == "link_open"] + [
        str(t.attrs.get("src", "")) for t in inline if t.type == "image"
    ]


def test_markers_link_only_to_cited_numbers():
    out = render.link_markers("A [1]. B [7]. C [2](x)", [1, 2])
    assert f"(#{render.ANCHOR_PREFIX}1)" in out
    assert "[7]" in out and f"{render.ANCHOR_PREFIX}7" not in out
    assert out.endswith("C [2](x)")


def test_answer_markdown_keeps_links_to_cited_hosts_only_and_shows_notes():
    a = answer(
        [citation()],
        text="Per [Reuters](https://www.reuters.com/world/un-vote) and [TASS](https://tass.com/x), a ceasefire [1].",
    )
    a.note = "The LLM server http://127.0.0.1:8080/v1 was unreachable <b>; this is the extractive answer."
    md = render.answer_markdown(a)
    assert "(https://www.reuters.com/world/un-vote)" in md and "tass.com" not in md
    assert f"(#{render.ANCHOR_PREFIX}1)" in md
    assert "`http://127.0.0.1:8080/v1`" in md and "extractive answer" in md and "<b>" not in md  # our note: URL as code


def test_partial_text_has_no_links_at_all():
    md = render.partial_markdown("Reuters says [so](https://www.reuters.com/a) https://www.reuters.com/b")
    assert "reuters.com" not in md and "so" in md


def test_highlight_finds_the_quote_across_line_breaks_and_escapes_everything():
    body, found = render.highlight("a <b>x</b>\nRussia put  forward\na plan. tail", "Russia put forward a plan.")
    assert found
    assert "<mark>Russia put  forward\na plan.</mark>" in body
    assert "&lt;b&gt;" in body and "<b>" not in body
    body, found = render.highlight("nothing here", "absent sentence")
    assert not found and body == "nothing here"


def test_sources_panel_lists_each_citation_with_metadata_and_highlighted_quote():
    c1 = citation(
        1, also_carried_by=[{"outlet": "AP", "url": "https://apnews.com/x"}, {"outlet": "BBC News", "url": None}]
    )
    c2 = citation(2, title="<script>alert(1)</script>", url="javascript:alert(1)", outlet="TASS", quote="not in text")
    html = render.sources_html(answer([c1, c2], text="X [1]. Y [2]."))
    assert f"id='{render.ANCHOR_PREFIX}1'" in html and f"id='{render.ANCHOR_PREFIX}2'" in html
    assert "href='https://www.reuters.com/world/un-vote'" in html and "Reuters" in html and "2025-06-23" in html
    assert "<mark>Russia put forward a draft\nresolution demanding a ceasefire.</mark>" in html
    assert "Also carried by: <a href='https://apnews.com/x'" in html and "BBC News" in html
    assert "javascript:" not in html and "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>not in text</mark>" in html  # a quote not found in the passage is still shown
    assert re.findall(r"href='([^']*)'", html) == ["https://www.reuters.com/world/un-vote", "https://apnews.com/x"]


def test_a_summary_only_source_says_so():
    summary = render.sources_html(answer([citation(1, text_source="summary")]))
    full = render.sources_html(
        answer([citation(1, text_source="full"), citation(2, text_source=None)], text="X [1] [2]")
    )
    assert "summary only" in summary and "newsrag-summary-only" in summary
    assert "summary only" not in full


def test_only_http_links_in_the_sources_panel():
    bad = [
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "https://user:pw@reuters.com/",
        "//evil.example/x",
        "https://x.com/a b",
    ]
    cs = [citation(i + 1, url=u) for i, u in enumerate(bad)] + [citation(len(bad) + 1)]
    html = render.sources_html(answer(cs))
    assert re.findall(r"href='([^']*)'", html) == ["https://www.reuters.com/world/un-vote"]


def test_refusal_panel_says_what_was_searched_and_shows_the_closest_passages():
    p = Passage("c:0000", "c", "Closest <i>text</i>", "Nearest", "DW", None, 1_700_000_000, 0, 0.12)
    html = render.sources_html(answer([], text="I found nothing. Searched 25 articles.", refused=True, passages=[p]))
    assert "No source answers this question" in html
    assert "searched 25 articles published 2025-01-01 to now from Reuters" in html
    assert "Closest passages" in html and "Nearest" in html and "&lt;i&gt;" in html


def test_stats_and_report_markdown_hold_no_paths():
    stats = {
        "articles": 3,
        "chunks": 5,
        "outlets": {"Reuters": 2, "A|B": 1},
        "earliest": "2025-01-01T00:00:00+00:00",
        "latest": "2025-02-01T00:00:00+00:00",
        "last_ingest": "2025-02-02T00:00:00+00:00",
        "data_dir": "/secret/index",
    }
    md = render.stats_markdown(stats)
    assert "/secret" not in md and "| articles | 3 |" in md and "2025-01-01 to 2025-02-01" in md and "A\\|B" in md
    assert "| the index | |" in md  # a header a reader can read (it was an empty row)
    assert "| last ingest | 2025-02-02 00:00 UTC |" in md
    assert "| last ingest | 2025-02-02 09:30 UTC |" in render.stats_markdown(
        {**stats, "last_ingest": "2025-02-02T10:30:00+01:00"}
    )
    rep = render.report_markdown(
        {"added": 2, "updated": 0, "unchanged": 1, "skipped": [{"source": "x.bin", "reason": "binary <b>"}]}
    )
    assert "**added 2**" in rep and "`x.bin`" in rep and "<b>" not in rep


def test_every_sentence_an_answer_quotes_from_a_passage_is_highlighted(fake_rag, tmp_path, monkeypatch):
    """Two sentences quoted from one passage are both its citation's `quotes`, and the sources panel
    marks both (it marked only the first: found in chromium with "And why?" after a ferry question)."""
    from dataclasses import replace

    from .conftest import article, write_jsonl

    text = (
        "The Valmora council voted 7-2 to approve a ferry route to Birch Island. "
        "The ferry will run every hour from April. "
        "Councillor Mara Villen, who voted against the ferry, wants the harbour wall repaired first."
    )
    fake_rag.ingest([write_jsonl(tmp_path / "ferry.jsonl", [article("Valmora ferry approved", text)])])
    answerer = fake_rag.extractive
    monkeypatch.setattr(answerer, "weights", replace(answerer.weights, runner_up_margin=1.0))
    monkeypatch.setattr(answerer, "max_sentences", 2)
    answer = fake_rag.ask("Who voted on the Valmora ferry?", llm=False)
    (c,) = answer.citations
    assert len(c.quotes) == 2 and c.quotes[0] == c.quote and answer.text.count("[1]") == 2
    html = render.citation_html(c)
    assert html.count("<mark>") == 2 and "newsrag-quote" not in html
    body, missing = render.highlight_all("one. two. three.", ["three.", "one.", "absent"])
    assert body == "<mark>one.</mark> two. <mark>three.</mark>" and missing == ["absent"]
