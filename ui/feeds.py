"""The web UI's Feeds tab: subscribe (URLs, or an uploaded OPML file), the list with each feed's
health, and "poll now" (one forced round of the watcher, with progress). Callbacks here, layout in app.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rag.api import NewsRAG
from rag.errors import SourceError
from rag.feeds_models import FeedResult, FeedStatus, WatchRound, format_duration, parse_duration

from .ingest import _upload_path, split_urls
from .render import sanitize_markdown

Progress = Callable[[float, str], None]


def _cell(text: Any) -> str:
    return sanitize_markdown(str(text)).replace("|", "\\|").replace("\n", " ")


def _url(url: str) -> str:
    """A feed's address as inline code: shown as it is, never a live link, never breaking the table."""
    return "`" + url.replace("`", "%60").replace("|", "%7C").replace("\n", " ") + "`"


def _when(iso: str | None) -> str:
    return iso.replace("T", " ")[:16] + " UTC" if iso else "-"


def feeds_markdown(feeds: Iterable[FeedStatus]) -> str:
    """The subscriptions as a Markdown table (health first), or a hint when there are none."""
    feeds = list(feeds)
    if not feeds:
        return "No feeds yet: add a feed URL or upload an OPML file above."
    lines = [
        "| status | feed | every | last checked | next due | articles | last error |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in feeds:
        d = f.to_dict()
        name = f"{_cell(f.title)} {_url(f.url)}" if f.title else _url(f.url)
        error = f"{f.last_error} ({f.consecutive_errors} in a row)" if f.last_error else ""
        lines.append(
            f"| {_cell(f.status)} | {name} | {format_duration(f.every_s)} | {_when(d['last_checked'])} "
            f"| {_when(d['next_due']) if d['next_due'] else 'now'} | {f.articles} | {_cell(error)} |"
        )
    return "\n".join(lines)


def index_feeds_markdown(feeds: Iterable[FeedStatus]) -> str:
    """For the Index tab: which feeds the index's articles came from, the latest change first ("" without feeds)."""
    feeds = sorted(feeds, key=lambda f: f.last_changed or 0.0, reverse=True)
    if not feeds:
        return ""
    lines = ["", "", "| feed | articles | last changed the index |", "| --- | --- | --- |"]
    for f in feeds:
        name = f"{_cell(f.title)} {_url(f.url)}" if f.title else _url(f.url)
        lines.append(f"| {name} | {f.articles} | {_when(f.to_dict()['last_changed'])} |")
    return "\n".join(lines)


def round_markdown(done: WatchRound) -> str:
    lines = [f"**{_cell(done.summary())}**"]
    lines += [f"- **{_cell(f.status)}** {_url(f.url)}: {_cell(f.detail())}" for f in done.feeds]
    return "\n".join(lines)


class FeedsTab:
    """The Feeds tab's callbacks over one NewsRAG. Errors a user can fix come back as `SourceError`s
    (the app shows them); nothing here takes the writer lock except `poll`."""

    def __init__(self, rag: NewsRAG, *, upload_root: Path) -> None:
        self.rag = rag
        self.upload_root = upload_root

    def table(self) -> str:
        return feeds_markdown(self.rag.feeds())

    def add(self, urls: str | None, every: str | None, opml: Any) -> str:
        """Subscribe to the URLs (one per line) and to every feed of the uploaded OPML file."""
        every_s = parse_duration(every) if every and every.strip() else None
        wanted = split_urls(urls)
        path = self._uploaded(opml)
        if not wanted and path is None:
            raise SourceError("Nothing to add: enter feed URLs or upload an OPML file first.")
        if wanted:
            self.rag.add_feeds(wanted, every_s=every_s)
        if path is not None:
            self.rag.add_opml(path, every_s=every_s)
        return self.table()

    def _uploaded(self, item: Any) -> Path | None:
        raw = _upload_path(item) if item else None
        if not raw:
            return None
        path = Path(raw).resolve()
        if self.upload_root.resolve() not in path.parents:
            raise SourceError("not an uploaded file; upload the OPML file again")
        return path

    def poll(self, progress: Progress | None = None) -> tuple[str, str]:
        """One round of every feed, now; (the round's report, the table)."""
        feeds = self.rag.feeds()
        if not feeds:
            raise SourceError("No feeds to poll: add a feed first.")
        done: list[FeedResult] = []

        def tick(result: FeedResult) -> None:
            done.append(result)
            if progress is not None:
                progress(len(done) / len(feeds), f"{len(done)}/{len(feeds)} feeds: {result.url}")

        if progress is not None:
            progress(0.0, f"polling {len(feeds)} feeds")
        round_ = self.rag.watch(force=True, on_result=tick)
        return round_markdown(round_), self.table()
