"""A terminal progress bar (tqdm on stderr) driven by `NewsRAG.ingest`'s IngestProgress events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .models import IngestProgress


@contextmanager
def ingest_bar(enabled: bool = True, *, desc: str = "ingest") -> Iterator[Callable[[IngestProgress], None] | None]:
    """The progress callback for `rag.ingest(..., progress=...)`: one bar counting the items read,
    its caption the current source and the counts so far. None when disabled."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit=" items", leave=False)

    def update(event: IngestProgress) -> None:
        if event.items > bar.n:
            bar.update(event.items - bar.n)
        where = f"{event.source_index}/{event.sources_total} " if event.sources_total > 1 else ""
        bar.set_postfix_str(f"{where}added {event.added}, updated {event.updated}, skipped {event.skipped}")

    try:
        yield update
    finally:
        bar.close()
