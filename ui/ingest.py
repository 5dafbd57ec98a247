"""The Ingest tab's work: uploaded files and feed/article URLs into the same index the chat reads.

Uploads are accepted only from Gradio's upload folder (a request cannot name another
file on the server), checked against the size limit, ingested together with the URLs in
one `rag.ingest` run (its progress events drive the progress bar), reported under their
original names (never a server path) and deleted afterwards.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.sources import Upload
from ingest.urls import redact_urls, strip_userinfo
from rag.api import NewsRAG
from rag.errors import NewsRAGError
from rag.models import IngestProgress

from .security import url_refusal

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]


@dataclass
class Source:
    target: str  # an uploaded file's path or a URL
    name: str  # what the user sees
    upload: bool = False

    @property
    def ingested(self) -> str | Upload:
        """What rag.ingest receives: the URL, or the upload placed by its name (an edited file uploaded
        again replaces the article the first upload held)."""
        return Upload(self.target, self.name) if self.upload else self.target


@dataclass
class MergedReport:
    """IngestReport.to_dict() summed over the sources of one UI request."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # read, but the user should know (encoding, dates)
    chunks_written: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0

    def skip(self, source: str, reason: str) -> None:
        self.skipped.append({"source": source, "reason": reason})

    def add(self, report: dict[str, Any], rename: Callable[[str], str]) -> None:
        for key in ("added", "updated", "unchanged", "chunks_written", "chunks_deleted"):
            setattr(self, key, getattr(self, key) + int(report.get(key, 0)))
        self.seconds += float(report.get("seconds", 0.0))
        for s in report.get("skipped", []):
            self.skip(rename(str(s.get("source", ""))), rename(str(s.get("reason", ""))))
        for w in report.get("warnings", []):
            self.warnings.append(
                {"source": rename(str(w.get("source", ""))), "message": rename(str(w.get("message", "")))}
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": list(self.skipped),
            "warnings": list(self.warnings),
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "seconds": round(self.seconds, 3),
        }


def mb_to_bytes(mb: float) -> int:
    """Megabytes as Gradio counts them (1 MB = 1024 * 1024 bytes)."""
    return int(mb * 1024 * 1024)


def split_urls(text: str | None) -> list[str]:
    return [u for u in re.split(r"[\s,]+", text or "") if u]


def _upload_path(item: Any) -> str | None:
    if isinstance(item, (str, os.PathLike)):
        return str(item)
    path = getattr(item, "path", None) or getattr(item, "name", None)
    if isinstance(item, dict):
        path = item.get("path") or item.get("name")
    return str(path) if path else None


def plan_sources(
    files: Iterable[Any] | None,
    urls: str | None,
    *,
    upload_root: Path,
    max_mb: float,
    report: MergedReport,
) -> list[Source]:
    """The sources to ingest; anything refused goes into `report` with the reason."""
    sources: list[Source] = []
    root = upload_root.resolve()
    for item in files or []:
        raw = _upload_path(item)
        if not raw:
            continue
        path = Path(raw).resolve()
        name = path.name
        if root not in path.parents:
            report.skip(name, "not an uploaded file")
            continue
        try:
            size = path.stat().st_size
        except OSError:
            report.skip(name, "the upload is gone; upload it again")
            continue
        if size > mb_to_bytes(max_mb):
            report.skip(name, f"larger than the {max_mb:g} MB upload limit")
            continue
        sources.append(Source(str(path), name, upload=True))
    for url in split_urls(urls):
        why = url_refusal(url)
        shown = strip_userinfo(url)  # a URL's user:password@ is never shown or logged
        if why:
            report.skip(shown, why)
        else:
            sources.append(Source(url, shown))
    return sources


def run_ingest(
    rag: NewsRAG,
    sources: list[Source],
    report: MergedReport,
    progress: Progress | None = None,
    *,
    poll_seconds: float = 0.2,
) -> Iterator[str]:
    """Ingest every source into `rag` in ONE run (one reconcile, one keyword-index rebuild),
    yielding a status line whenever the ingest's progress moves; uploads are deleted after.

    The ingest runs in a worker thread and reports IngestProgress events; they are turned into
    `progress(fraction, status)` calls here, in the caller's thread (Gradio's progress is
    bound to the request's thread)."""
    if not sources:
        if progress is not None:
            progress(1.0, "done")
        return
    names = {s.target: s.name for s in sources if s.upload}

    def rename(text: str) -> str:
        """Upload paths shown by their file names; URLs without their credentials (user:password@)."""
        for target, name in names.items():
            text = text.replace(target, name)
        return redact_urls(text)

    latest: list[IngestProgress | None] = [None]
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["report"] = rag.ingest([s.ingested for s in sources], progress=lambda e: latest.__setitem__(0, e))
        except BaseException as exc:  # handed to the request's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="ui-ingest", daemon=True)
    try:
        shown: IngestProgress | None = None
        status = f"Ingesting 1 of {len(sources)}: {sources[0].name}"
        if progress is not None:
            progress(0.0, status)
        yield status
        worker.start()
        while worker.is_alive():
            worker.join(poll_seconds)
            event = latest[0]
            if event is None or event is shown or event.done:
                continue
            shown = event
            status = (
                f"Ingesting {event.source_index} of {event.sources_total}: {rename(event.source)} "
                f"({event.items} items read, {event.added + event.updated} added or updated)"
            )
            if progress is not None:
                progress(event.fraction, status)
            yield status
        error = outcome.get("error")
        if isinstance(error, NewsRAGError):
            for src in sources:
                report.skip(src.name, rename(str(error)))
        elif error is not None:  # the cause goes to the log, never to the browser
            log.error("ingest failed", exc_info=error)
            for src in sources:
                report.skip(src.name, f"internal error ({type(error).__name__}); see the server log")
        else:
            report.add(outcome["report"].to_dict(), rename)
        if progress is not None:
            progress(1.0, "done")
    finally:
        if worker.is_alive():
            worker.join()  # the uploads are still being read
        for src in sources:
            if src.upload:
                try:
                    os.remove(src.target)
                except OSError:
                    pass
