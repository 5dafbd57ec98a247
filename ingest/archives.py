"""Zip archives (a news dataset as Kaggle and most download pages ship it): each member file's bytes, read no
further than the limits allow, for ingest to read as the file it is. Nothing is written to disk, so a member's
path ("../../etc/passwd") names it and nothing else."""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .filetypes import ABOUT_FILES_SKIPPED, ARCHIVE_EXT, COMPRESSED_EXT, SUPPORTED, about_the_files
from .items import Skipped
from .limits import Limits, human_bytes
from .records import printable

ZIP_EXT = ARCHIVE_EXT


@dataclass(frozen=True)
class Member:
    """One file of an archive: its path in the archive, its extension (lower case; a gzipped member's own: ".jsonl"
    for "news.jsonl.gz") and its bytes (uncompressed)."""

    name: str
    ext: str
    data: bytes

    def read(self) -> bytes:
        return self.data


def member_source(src: str, name: str) -> str:
    """How a member is named in reports: "news.zip!/2023/articles.csv"."""
    return f"{src}!/{printable(name)}"


def _hidden(name: str) -> bool:
    """A folder listing's leftovers (macOS's "__MACOSX/", ".DS_Store"), passed over as a folder's hidden files are."""
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def zip_members(path: Path, src: str, limits: Limits) -> Iterator[Member | Skipped]:
    """The readable members of the zip at `path`, in the archive's order, and a `Skipped` for each that is not:
    one of another type, encrypted, another archive, the README or licence that comes with the files, over the
    file limit once uncompressed, or past the archive's budget (all of its members together inflate to no more
    than `max_file_bytes`: a small archive can inflate a thousandfold). A gzipped member is read uncompressed."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Skipped(src, f"not a readable zip file: {exc}")
        return
    budget = limits.max_file_bytes
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]
        if not infos:
            yield Skipped(src, "the zip file holds no files")
            return
        for n, info in enumerate(infos):
            where = member_source(src, info.filename)
            member = PurePosixPath(info.filename)
            ext, inner = member.suffix.lower(), member.with_suffix("").suffix.lower()
            gzipped = ext in COMPRESSED_EXT and inner in SUPPORTED
            if gzipped:  # "news.jsonl.gz" in the zip is read as "news.jsonl", as on its own
                ext = inner
            elif ext in ZIP_EXT | COMPRESSED_EXT:
                yield Skipped(where, "an archive inside the zip file is not read: unzip it and ingest what it holds")
                continue
            if about_the_files(info.filename) and (ext in SUPPORTED or not ext):  # "README.md", "LICENSE"
                yield Skipped(where, ABOUT_FILES_SKIPPED)
                continue
            if ext not in SUPPORTED:
                yield Skipped(where, f"unsupported file type {ext or '(none)'} in the zip file")
                continue
            if info.flag_bits & 0x1:
                yield Skipped(where, "encrypted: newsrag reads no password-protected archive; unzip it first")
                continue
            limit, _ = limits.bytes_for(ext)
            if info.file_size > limit and not gzipped:  # a gzipped member's own size is known once it is read
                yield Skipped(where, limits.inflated_past(ext))
                continue
            if info.file_size > budget and not gzipped:
                yield Skipped(where, _spent(limits, len(infos) - n - 1))
                return
            try:
                with archive.open(info) as f:  # the header's size may lie: never more than the limit is read
                    if gzipped:
                        with gzip.GzipFile(fileobj=f) as g:
                            data = g.read(min(limit, budget) + 1)
                    else:
                        data = f.read(min(limit, budget) + 1)
            except gzip.BadGzipFile as exc:
                yield Skipped(where, f"not a readable gzip file: {exc}")
                continue
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                yield Skipped(where, f"cannot be read from the zip file: {exc}")
                continue
            if len(data) > limit:
                yield Skipped(where, limits.inflated_past(ext))
                continue
            if len(data) > budget:
                yield Skipped(where, _spent(limits, len(infos) - n - 1))
                return
            budget -= len(data)
            yield Member(info.filename, ext, data)


def _spent(limits: Limits, after: int) -> str:
    return (
        f"the zip file's files come to more than {human_bytes(limits.max_file_bytes)} uncompressed "
        f"(NEWSRAG_MAX_FILE_BYTES): this file and the {after} after it were not read; unzip it and ingest the folder"
    )
