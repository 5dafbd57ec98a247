"""The data directory on disk: is it usable, and may this process write to it?

A published, shared index is often read-only to the processes that query it, so the
read path (ask, stats) must not need write access: `writable` tells the manifest and
the vector store when to open their files read-only instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import StoreError


def check_not_a_file(directory: Path) -> None:
    """StoreError when `directory`, or a folder above it, is a regular file (a mistyped --data-dir)."""
    for candidate in (directory, *directory.parents):
        try:
            if not candidate.exists():
                continue
            if candidate.is_dir():
                return
        except OSError as exc:  # e.g. a folder above it that this user may not enter
            raise StoreError(f"cannot access the data dir {directory}: {exc.strerror or exc}") from None
        if candidate == directory:
            problem = f"data dir {directory} is a file, not a directory"
        else:
            problem = f"data dir {directory} is inside {candidate}, which is a file, not a directory"
        raise StoreError(f"{problem}; pass a directory to --data-dir (NEWSRAG_DATA_DIR)")


def writable(path: Path) -> bool:
    """Whether this process may write `path` (a file or a directory), or create it when it is missing.

    Judged by the OS's permission check (`os.access`), so a read-only bind mount, a chmod
    a-w tree or another user's files all count as read-only."""
    try:
        if path.exists():
            if not os.access(path, os.W_OK):
                return False
            return path.is_dir() or os.access(path.parent, os.W_OK | os.X_OK)  # journals are created beside a file
        for parent in path.parents:
            if parent.exists():
                return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
    except OSError:  # cannot even look: not writable
        return False
    return False


def read_only_message(path: Path) -> str:
    return (
        f"the index at {path} is read-only for this user; questions and stats work, but ingest and delete "
        "need write access to the data directory (or use another --data-dir)"
    )
