"""`newsrag serve --watch` in a real browser: the watcher picks up a new feed entry while the UI is
open, and the open page shows it (Feeds and Index tabs) and answers from it, without a reload.

Debian's headless chromium through Playwright, as tests/test_ui_browser.py; the fake "hash"
embedder and a feed server on 127.0.0.1 (allowed here only)."""

from __future__ import annotations

import threading
import time

import pytest

from rag import NewsRAG

from .feed_server import FeedServer, entry_text, feed_response
from .test_ui_app import free_port
from .test_ui_browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.network]


def wait_until(check, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_serve_watch_shows_a_new_entry_in_the_open_page(browser, tmp_path):  # noqa: F811
    import uvicorn

    from ui.server import build_server

    feeds = FeedServer().start()
    state = {"entries": [{"key": "harbour", "title": "Harbour reopens", "text": entry_text("harbour")}]}
    feeds.routes["/feed"] = lambda _req: feed_response("Valmora Gazette", state["entries"])
    rag = NewsRAG(
        data_dir=tmp_path / "index", embed_model="hash", fetch_allow_hosts=["127.0.0.1"], fetch_host_interval=0
    )
    rag.add_feeds([feeds.url("/feed")], every_s=1)
    port = free_port()
    app = build_server(rag, watch=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    page = None
    try:
        wait_until(lambda: server.started and rag.stats()["articles"] == 1)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator("#newsrag-question textarea").wait_for(timeout=60_000)

        page.get_by_role("tab", name="Feeds").click()
        table = page.locator("#newsrag-feeds")
        table.get_by_text("Valmora Gazette").wait_for(timeout=30_000)
        assert "ok" in table.inner_text()

        # a new entry appears in the feed while the page is open: the background watcher indexes it
        ferry = {
            "key": "ferry",
            "title": "Quokkaland ferries resume",
            "text": entry_text("ferry", extra=" Quokkaland."),
        }
        state["entries"] = [ferry, *state["entries"]]
        wait_until(lambda: rag.stats()["articles"] == 2)

        page.get_by_role("tab", name="Index").click()
        page.get_by_role("button", name="Refresh").click()
        page.wait_for_function(
            "() => /articles\\s*2/.test(document.querySelector('#newsrag-stats').innerText)", timeout=30_000
        )
        assert "Valmora Gazette" in page.locator("#newsrag-stats").inner_text()

        page.get_by_role("tab", name="Chat").click()
        box = page.locator("#newsrag-question textarea")
        box.fill("Quokkaland ferries resume")
        box.press("Enter")
        page.locator("#newsrag-sources").get_by_text("Quokkaland ferries resume").first.wait_for(timeout=60_000)
    finally:
        if page is not None:
            page.close()
        server.should_exit = True
        thread.join(30)
        feeds.stop()
    watcher = app.state.watcher
    assert watcher.stop_event.is_set() and not watcher._thread.is_alive()
