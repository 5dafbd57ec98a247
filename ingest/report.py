"""The ingest report: what was added, updated, left unchanged or skipped, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .items import Skipped


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    chunks_written: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def ingested(self) -> int:
        return self.added + self.updated

    @property
    def nothing_ingested(self) -> bool:
        """True when the run had input but none of it could be read."""
        return self.added + self.updated + self.unchanged == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "seconds": round(self.seconds, 3),
        }

    def summary(self, max_skipped: int = 20) -> str:
        lines = [
            f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, skipped {len(self.skipped)}"
            f" ({self.chunks_written} chunks written, {self.chunks_deleted} removed, {self.seconds:.1f}s)"
        ]
        for s in self.skipped[:max_skipped]:
            lines.append(f"  skipped {s.source}: {s.reason}")
        if len(self.skipped) > max_skipped:
            lines.append(f"  ... and {len(self.skipped) - max_skipped} more skipped")
        return "\n".join(lines)
