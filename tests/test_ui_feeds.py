"""The web UI's Feeds tab: its callbacks (ui/feeds.py) against a real feed server on 127.0.0.1."""

from __future__ import annotations

import pytest

from rag import NewsRAG
from rag.errors import ConfigError, SourceError
from ui.feeds import FeedsTab, feeds_markdown, index_feeds_markdown

from .feed_server import FeedServer, Response, feed_response

pytestmark = pytest.mark.network


@pytest.fixture
def server():
    srv = FeedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def tab(tmp_path):
    rag = NewsRAG(
        data_dir=tmp_path / "index", embed_model="hash", fetch_allow_hosts=["127.0.0.1"], fetch_host_interval=0
    )
    (tmp_path / "uploads").mkdir()
    return FeedsTab(rag, upload_root=tmp_path / "uploads")


def test_add_poll_and_the_health_table(tab, server, tmp_path):
    server.routes["/a"] = feed_response("Outlet | A", [{"key": "a1"}, {"key": "a2"}])
    server.routes["/b"] = Response(500, b"")
    assert "No feeds yet" in tab.table()
    table = tab.add(f"{server.url('/a')}\n{server.url('/b')}", "30m", None)
    assert table.count("| new |") == 2 and "| 30m |" in table
    steps = []
    report, table = tab.poll(lambda fraction, desc: steps.append((fraction, desc)))
    assert "2 feeds polled, 1 failed, 2 added" in report
    assert f"- **error** `{server.url('/b')}`: HTTP 500 Internal Server Error" in report
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0 and len(steps) == 3
    rows = {line.split(" | ")[1]: line for line in table.splitlines()[2:]}
    assert "Outlet \\| A" in table  # a title cannot break the table
    row_a = next(line for name, line in rows.items() if server.url("/a") in name)
    assert row_a.startswith("| ok |") and "| 2 |" in row_a
    row_b = next(line for name, line in rows.items() if server.url("/b") in name)
    assert row_b.startswith("| error |") and "HTTP 500 Internal Server Error (1 in a row)" in row_b


def test_opml_upload_must_be_an_upload(tab, server, tmp_path):
    opml = f'<opml><body><outline text="A" xmlUrl="{server.url("/a")}"/></body></opml>'
    uploaded = tmp_path / "uploads" / "feeds.opml"
    uploaded.write_text(opml, encoding="utf-8")
    assert server.url("/a") in tab.add("", "", str(uploaded))
    elsewhere = tmp_path / "feeds.opml"
    elsewhere.write_text(opml, encoding="utf-8")
    with pytest.raises(SourceError, match="not an uploaded file"):
        tab.add("", "", str(elsewhere))


def test_bad_input_is_a_message(tab):
    with pytest.raises(SourceError, match="Nothing to add"):
        tab.add("  ", "", None)
    with pytest.raises(ConfigError, match="not a duration"):
        tab.add("https://example.org/rss", "often", None)
    with pytest.raises(SourceError, match="No feeds to poll"):
        tab.poll()
    assert feeds_markdown([]).startswith("No feeds yet")


def test_the_app_has_a_feeds_tab(tmp_path):
    from ui.app import build_app

    demo = build_app(NewsRAG(data_dir=tmp_path / "index", embed_model="hash"))
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"newsrag-feed-urls", "newsrag-feed-add", "newsrag-feed-poll", "newsrag-feeds"} <= ids


def test_the_index_tab_says_which_feeds_changed_it(tab, server):
    server.routes["/a"] = feed_response("Outlet A", [{"key": "a1"}])
    tab.add(server.url("/a"), "", None)
    tab.poll()
    table = index_feeds_markdown(tab.rag.feeds())
    assert f"| Outlet A `{server.url('/a')}` | 1 |" in table and " UTC |" in table
    assert index_feeds_markdown([]) == ""
