"""Bytes to text: UTF-8 first, BOMs honoured, other encodings detected, binaries refused."""

from __future__ import annotations

import codecs


class NotText(ValueError):
    """The bytes are not text (binary, or no encoding fits)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise NotText("binary file, not text")
    western = _try_cp1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise NotText("could not detect the text encoding")
    return data.decode(best.encoding, errors="replace")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and control / len(head) > 0.10


def _try_cp1252(data: bytes) -> str | None:
    """Windows-1252, the usual non-UTF-8 news encoding, when it decodes cleanly and reads
    like Western text. Detectors misjudge short Western texts (cp775, cp850, ...); text in
    another code page decodes to mostly accented letters here and is left to the detector."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    ascii_letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    accented = sum(1 for ch in text if "\u00c0" <= ch <= "\u00ff")
    if accented > 0.3 * max(ascii_letters, 1):
        return None
    return text
