"""A real browser on the app: Playwright drives Debian's headless chromium over the sample news (real MiniLM).

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium; .ci/run does it).
The screenshot goes to the test's tmp dir, and also to $SCREENSHOT_TO when set
(`SCREENSHOT_TO=docs/screenshot.png ./test.sh -m browser` refreshes the README's).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import DEMO_QUESTION
from .test_ui_app import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (install Debian's chromium: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e .[test])")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def app_url(sample_rag):
    from ui.app import launch

    demo, url = launch(sample_rag, port=free_port(), block=False, quiet=True)
    yield url
    demo.close()


def test_the_demo_question_in_a_real_browser(browser, app_url, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(app_url) and not r.url.startswith("data:") else None,
    )
    page.goto(app_url)
    box = page.locator("#newsrag-question textarea")
    box.wait_for(timeout=60_000)
    box.fill(DEMO_QUESTION)
    box.press("Enter")

    # the streamed answer arrives with its [n] markers linked to the sources panel
    marker = page.locator("#newsrag-chat a[href='#newsrag-src-1']").first
    marker.wait_for(timeout=120_000)
    reply = page.locator("#newsrag-chat").inner_text()
    assert "draft resolution" in reply and "[1]" in reply

    # the sources panel shows the cited ceasefire-resolution passage, its quote highlighted
    card = page.locator("#newsrag-src-1")
    card.wait_for(timeout=30_000)
    highlighted = card.locator("mark").first.inner_text()
    assert "draft resolution" in highlighted and "ceasefire" in highlighted
    assert "Reuters" in card.inner_text()
    link = card.locator("a.newsrag-title")
    assert link.get_attribute("href").startswith("https://www.reuters.com/")
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"

    marker.click()  # leads to the card, in the same page
    assert page.evaluate("document.querySelector(':target')?.id") == "newsrag-src-1"
    assert outside == [], f"the page loaded resources from elsewhere: {outside}"

    shot = tmp_path / "screenshot.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("SCREENSHOT_TO"):
        shutil.copyfile(shot, os.environ["SCREENSHOT_TO"])

    # a new chat empties the conversation and the sources panel
    page.locator("#newsrag-new-chat").click()
    page.locator("#newsrag-sources .newsrag-empty").wait_for(timeout=10_000)
    assert "draft resolution" not in page.locator("#newsrag-chat").inner_text()
    page.close()


def test_chat_follow_ups_in_a_real_browser(browser, app_url):
    """No LLM (the UI's default): after the UN question, "Who won the Super Bowl?" is searched alone and
    cites the Super Bowl article; after a new chat, "And what did China say?" keeps the UN context."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(app_url)
    box = page.locator("#newsrag-question textarea")
    box.wait_for(timeout=60_000)
    chat = page.locator("#newsrag-chat")
    card = page.locator("#newsrag-src-1")

    def ask(question: str, before: int) -> None:
        box.fill(question)
        box.press("Enter")
        # one more linked [1] marker once the turn's answer has arrived
        page.wait_for_function(
            "n => document.querySelectorAll(\"#newsrag-chat a[href='#newsrag-src-1']\").length > n",
            arg=before,
            timeout=120_000,
        )

    def markers() -> int:
        return chat.locator("a[href='#newsrag-src-1']").count()

    ask(DEMO_QUESTION, 0)
    assert "draft resolution" in chat.inner_text()
    ask("Who won the Super Bowl?", markers())
    page.wait_for_function(
        "() => (document.querySelector('#newsrag-src-1')?.innerText || '').includes('Super Bowl')", timeout=30_000
    )
    assert "Eagles" in chat.inner_text().split("Who won the Super Bowl?")[-1]
    assert "Super Bowl" in card.inner_text() and "AP" in card.inner_text()

    page.locator("#newsrag-new-chat").click()
    page.locator("#newsrag-sources .newsrag-empty").wait_for(timeout=10_000)
    ask(DEMO_QUESTION, 0)
    ask("And what did China say?", markers())
    page.wait_for_function(
        "() => (document.querySelector('#newsrag-src-1')?.innerText || '').includes('Araqchi')", timeout=30_000
    )
    assert "China" in chat.inner_text().split("And what did China say?")[-1]
    page.close()


def test_the_authors_box_in_a_real_browser(browser, app_url):
    """Search options: the authors box lists the index's bylines; picking one searches only their articles."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(app_url)
    box = page.locator("#newsrag-question textarea")
    box.wait_for(timeout=60_000)
    page.get_by_text("Search options").click()
    picker = page.locator("#newsrag-authors input")
    picker.click()
    picker.fill("Reuters St")
    page.get_by_role("option", name="Reuters Staff").click()
    page.keyboard.press("Escape")
    box.fill("What did the Fed decide?")
    box.press("Enter")
    card = page.locator("#newsrag-src-1")
    card.wait_for(timeout=120_000)
    cards = page.locator("#newsrag-sources [id^='newsrag-src-']")
    assert cards.count() >= 1
    assert all("by Reuters Staff" in cards.nth(i).inner_text() for i in range(cards.count()))
    page.close()
