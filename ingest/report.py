"""The ingest report: what was added, updated, left unchanged or skipped, and why."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .items import Notice, Skipped

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str) -> str:
    """`text` safe to print on one terminal line: control, format (bidi overrides, zero-width)
    and line/paragraph separator characters written as escapes (\\n, \\x1b, \\u202e), so a file
    name cannot forge a report line, move the cursor or clear the screen."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    if unicodedata.category(ch) in ("Zs",):  # a space-like separator is harmless
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)  # read, but with something to say (encoding, truncation)
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
            "warnings": [{"source": w.source, "message": w.message} for w in self.warnings],
            "chunks_written": self.chunks_written,
            "chunks_deleted": self.chunks_deleted,
            "seconds": round(self.seconds, 3),
        }

    def summary(self, max_skipped: int = 20) -> str:
        """The report as text, one line per skipped item and warning; names and reasons are
        `escaped`, so every line is one line."""
        head = f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, skipped {len(self.skipped)}"
        if self.warnings:
            head += f", {len(self.warnings)} warning{'s' if len(self.warnings) > 1 else ''}"
        lines = [f"{head} ({self.chunks_written} chunks written, {self.chunks_deleted} removed, {self.seconds:.1f}s)"]
        for s in self.skipped[:max_skipped]:
            lines.append(f"  skipped {escaped(s.source)}: {escaped(s.reason)}")
        if len(self.skipped) > max_skipped:
            lines.append(f"  ... and {len(self.skipped) - max_skipped} more skipped")
        for w in self.warnings[:max_skipped]:
            lines.append(f"  warning {escaped(w.source)}: {escaped(w.message)}")
        if len(self.warnings) > max_skipped:
            lines.append(f"  ... and {len(self.warnings) - max_skipped} more warnings")
        return "\n".join(lines)
