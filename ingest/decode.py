"""Bytes to text: UTF-8 first, BOMs honoured, other encodings detected, binaries refused.

A file that is UTF-8 except for a few bad bytes stays UTF-8: the bad bytes become U+FFFD
and the report says so. Another encoding is assumed only when the bytes as a whole are not
UTF-8 (more invalid sequences than valid multi-byte characters), and the report names it.
JSON Lines files are decided line by line (`JsonlLines`): one bad line never changes how
the other lines are read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


class NotText(ValueError):
    """The bytes are not text (binary, or no encoding fits)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ASCII = bytes(range(128))
_REPLACEMENT = "\ufffd"
_REPLACEMENT_UTF8 = _REPLACEMENT.encode("utf-8")
_DETECT_SAMPLE = 200_000


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec the text was decoded with
    note: str | None = None  # for the report: bytes replaced, or the encoding assumed


# An HTML page's own word on its encoding: <meta charset="windows-1252"> or
# <meta http-equiv="Content-Type" content="text/html; charset=windows-1252">, in its first 2 KB.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# What browsers read these labels as (the WHATWG Encoding Standard): Latin-1 pages are Windows-1252.
_AS_BROWSERS_READ = {"latin_1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a <meta> tag of its first 2 KB, when Python knows it."""
    m = _META_CHARSET.search(data[:2048])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None
    return _AS_BROWSERS_READ.get(name, name)


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """The text of `data` (see `decode_text`), without the note."""
    return decode_text(data, html=html).text


def decode_text(data: bytes, *, html: bool = False) -> Decoded:
    """Decode a whole document. NotText for binary data or when no encoding fits. With `html`, a page that
    is not UTF-8 is read in the encoding it declares (`declared_charset`) when its bytes fit it; only
    then, or for other text, is the encoding guessed from the bytes (and the guess noted)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data, encoding)
            return Decoded(text, encoding, _replaced_note(bad, text) if bad else None)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise NotText("binary file, not text")
    text, bad, multibyte = _utf8_evidence(data)
    if multibyte > bad:
        return Decoded(text, "utf-8", _replaced_note(bad, text))
    del text
    declared = declared_charset(data) if html else None
    if declared is not None and declared != "utf-8":
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # the page is not what it says: guessed from its bytes, and noted
    encoding, text = _detect(data)
    return Decoded(text, encoding, f"not UTF-8; decoded as {encoding} (assumed from its bytes)")


def _replaced_note(bad: int, text: str) -> str:
    line = text.count("\n", 0, max(text.find(_REPLACEMENT), 0)) + 1
    what = "1 invalid byte sequence" if bad == 1 else f"{bad} invalid byte sequences"
    return f"{what} replaced with U+FFFD (first on line {line}); the rest was read as UTF-8"


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with replacement; the number of replacements made."""
    text = data.decode(encoding, errors="replace")
    return text, max(text.count(_REPLACEMENT) - _count_encoded_replacements(data, encoding), 0)


def _count_encoded_replacements(data: bytes, encoding: str) -> int:
    if encoding.startswith("utf-8"):
        return data.count(_REPLACEMENT_UTF8)
    return 0  # UTF-16/32 text holding U+FFFD itself is too rare to count separately


def _utf8_evidence(data: bytes) -> tuple[str, int, int]:
    """`data` decoded as UTF-8 with replacement, the number of invalid sequences, and the
    number of valid multi-byte characters. Text in a legacy 8-bit encoding has almost no valid
    multi-byte sequences; UTF-8 with a stray bad byte has many. ASCII bytes are never swallowed
    by a replacement, so the counts come from lengths, without a Python loop over characters."""
    text = data.decode("utf-8", errors="replace")
    non_ascii_bytes = len(data.translate(None, _ASCII))
    non_ascii_chars = len(text) - (len(data) - non_ascii_bytes)
    bad = max(text.count(_REPLACEMENT) - data.count(_REPLACEMENT_UTF8), 0)
    return text, bad, non_ascii_chars - bad


def _detect(data: bytes) -> tuple[str, str]:
    """(encoding, text) for bytes that are not UTF-8: cp1252 when it reads like Western text,
    else what charset_normalizer finds; NotText when nothing fits."""
    western = _try_cp1252(data)
    if western is not None:
        return "cp1252", western
    encoding = _detect_encoding(data[:_DETECT_SAMPLE])
    if encoding is None:
        raise NotText("could not detect the text encoding")
    return encoding, data.decode(encoding, errors="replace")


def _detect_encoding(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


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


def _line_spans(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of each line of `data`, split on b"\\n" only (a JSON string
    may hold U+2028 or a form feed; those do not end a JSON Lines record)."""
    start, lineno, size = 0, 0, len(data)
    while start < size:
        lineno += 1
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        yield lineno, start, end
        start = end + 1


def _line_list(lines: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    more = f" and {len(lines) - limit} more" if len(lines) > limit else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


@dataclass
class JsonlLines:
    """The lines of a JSON Lines file as text, decoded one by one.

    A line that is valid UTF-8 is read as UTF-8. A line that is not is read as UTF-8 with
    U+FFFD replacements when it is mostly UTF-8 (a stray bad byte), else in the encoding
    assumed for the file's non-UTF-8 lines (detected once, from those lines only). The
    record on such a line is kept; `notes()` lists the affected line numbers for the report.
    NotText (raised by `__iter__`) for binary data. A UTF-16/32 file (BOM) is decoded whole.
    """

    data: bytes
    replaced: list[int] = field(default_factory=list)  # lines read as UTF-8 with U+FFFD
    assumed: list[int] = field(default_factory=list)  # lines read in `encoding`
    encoding: str | None = None  # the encoding assumed for the non-UTF-8 lines
    whole_note: str | None = None  # a file decoded at once (BOM): its note

    def __iter__(self) -> Iterator[tuple[int, str]]:
        data = self.data
        for bom, encoding in _BOMS:
            if data.startswith(bom) and encoding != "utf-8-sig":
                decoded = decode_text(data)
                self.whole_note = decoded.note
                for lineno, line in enumerate(decoded.text.split("\n"), 1):
                    yield lineno, line
                return
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        if b"\n" not in data and b"\r" in data:  # classic Mac line ends
            data = data.replace(b"\r", b"\n")
        bad_lines = self._bad_lines(data)
        if bad_lines and _looks_binary(data):
            raise NotText("binary file, not text")
        if bad_lines:
            self.encoding = self._fallback(data, bad_lines)
        for lineno, start, end in _line_spans(data):
            line = data[start:end]
            if lineno not in bad_lines:
                yield lineno, line.decode("utf-8")
                continue
            text, bad, multibyte = _utf8_evidence(line)
            if multibyte > bad or self.encoding is None:
                self.replaced.append(lineno)
                yield lineno, text
            else:
                self.assumed.append(lineno)
                yield lineno, line.decode(self.encoding, errors="replace")

    @staticmethod
    def _bad_lines(data: bytes) -> dict[int, tuple[int, int]]:
        """The lines that are not valid UTF-8: line number -> (start, end)."""
        try:
            data.decode("utf-8")
            return {}
        except UnicodeDecodeError:
            pass
        bad = {}
        for lineno, start, end in _line_spans(data):
            try:
                data[start:end].decode("utf-8")
            except UnicodeDecodeError:
                bad[lineno] = (start, end)
        return bad

    @staticmethod
    def _fallback(data: bytes, bad_lines: dict[int, tuple[int, int]]) -> str | None:
        """The encoding of the lines that are not UTF-8, judged on those lines alone."""
        sample = bytearray()
        for start, end in bad_lines.values():
            sample += data[start:end] + b"\n"
            if len(sample) >= _DETECT_SAMPLE:
                break
        try:
            encoding, _ = _detect(bytes(sample))
        except NotText:
            return None
        return encoding

    def notes(self) -> list[str]:
        """What the report should say about how the file was decoded (after iterating)."""
        out = [self.whole_note] if self.whole_note else []
        if self.replaced:
            out.append(
                f"invalid UTF-8 bytes replaced with U+FFFD on {_line_list(self.replaced)}; "
                "the other lines were read as UTF-8"
            )
        if self.assumed:
            out.append(f"not UTF-8 on {_line_list(self.assumed)}: decoded as {self.encoding} (assumed from its bytes)")
        return out
