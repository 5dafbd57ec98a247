"""Text clean-up applied to every record read from a source."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Runs of whitespace (newlines included) as one space, ends stripped."""
    return _WS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Normalize unicode, drop control characters (keeping newlines and tabs), tidy blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
