"""One writer per data directory: an OS file lock held for the whole ingest.

The lock is `filelock.FileLock` (flock on Unix), so the kernel releases it when the
holder exits, however it exits (SIGKILL included): a crashed ingest never leaves a
stale lock behind. Who holds it (PID, host, start time, command) is written to a
sidecar file next to it, because opening the lock file may truncate it; a second
writer reads that file to say whom it is waiting for. Readers (ask, stats) never take
this lock.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .datadir import check_not_a_file, read_only_message, writable
from .errors import IndexLockedError, StoreError

LOCK_NAME = "ingest.lock"
OWNER_NAME = "ingest.lock.owner"
# A holder writes its owner file right after taking the lock; a contender that finds
# the lock taken waits this long for that file before reporting an unknown holder.
_OWNER_WAIT_S = 1.0


def lock_paths(data_dir: Path) -> tuple[Path, Path]:
    return data_dir / LOCK_NAME, data_dir / OWNER_NAME


def _owner_record() -> dict[str, Any]:
    from ingest.urls import redact_urls

    command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": redact_urls(command)[:200],  # a URL's user:password@ is never written down
    }


def read_owner(data_dir: Path) -> dict[str, Any] | None:
    """The holder recorded in the sidecar file, or None when there is none (or it is unreadable)."""
    _, owner = lock_paths(data_dir)
    try:
        record = json.loads(owner.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("pid"), int) else None


def _alive(owner: dict[str, Any] | None) -> bool:
    """False for no record, or for a record left by a dead process on this host (an ingest killed
    before it could remove it); the kernel has released that process's lock already."""
    if owner is None:
        return False
    if owner.get("host") != socket.gethostname():
        return True
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _locked_message(data_dir: Path, owner: dict[str, Any] | None) -> str:
    from ingest.urls import redact_urls  # an owner file written by an older version may hold credentials

    if owner is None:
        who = "index is locked by another process (its PID is not recorded yet)"
    else:
        where = "" if owner.get("host") == socket.gethostname() else f" on host {owner.get('host')}"
        detail = ", ".join(
            x
            for x in (
                f"since {owner.get('since')}" if owner.get("since") else "",
                f"running `{redact_urls(str(owner['command']))}`" if owner.get("command") else "",
            )
            if x
        )
        who = f"index is locked by PID {owner['pid']}{where}" + (f" ({detail})" if detail else "")
    return (
        f"{who}: another ingest is writing to {data_dir}. Wait for it to finish and run this ingest again "
        "(asking questions works meanwhile); only one ingest may write to a data directory at a time."
    )


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's writer lock, or raise IndexLockedError at once if another process holds it."""
    from filelock import FileLock, Timeout

    lock_file, owner_file = lock_paths(data_dir)
    check_not_a_file(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {data_dir}: {exc.strerror or exc}") from None
    lock = FileLock(str(lock_file), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        owner = read_owner(data_dir)
        deadline = time.monotonic() + _OWNER_WAIT_S
        while not _alive(owner) and time.monotonic() < deadline:
            time.sleep(0.05)
            owner = read_owner(data_dir)
        if not _alive(owner):
            owner = None
        raise IndexLockedError(_locked_message(data_dir, owner)) from None
    except OSError as exc:
        if not writable(data_dir) or not writable(lock_file):
            raise StoreError(read_only_message(data_dir)) from None
        raise StoreError(
            f"cannot lock {lock_file}: {exc.strerror or exc}; check the data directory's permissions"
        ) from None
    try:
        try:
            tmp = owner_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(_owner_record()), encoding="utf-8")
            os.replace(tmp, owner_file)
        except OSError:
            pass  # who holds the lock is a courtesy to the next writer; the lock itself is held
        yield
    finally:
        try:
            owner_file.unlink(missing_ok=True)
        finally:
            lock.release()
