"""Per-host politeness: at most one request at a time to a host, and a least interval between two.

One `HostGate` per process (`HOSTS`) is shared by everything that fetches on its own
initiative (the pages behind summary-only feed entries, the feed watcher), so two
threads polling feeds of the same outlet still take turns.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Hosts not asked for this long are forgotten (bounds the table on a long-running watcher).
_FORGET_AFTER_S = 3600.0
_PRUNE_AT = 4096


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_done: float = float("-inf")  # time.monotonic() when its last request ended
    users: int = 0  # threads holding or waiting for its lock


def host_key(url: str) -> str:
    """The host a URL's request goes to, lower-case, without port or credentials ("" when none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostGate:
    """Turns for hosts: `with gate.slot(url, interval):` waits until no other request to that
    host is running and `interval` seconds have passed since the last one ended."""

    def __init__(self, clock=time.monotonic, sleep=time.sleep) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._clock = clock
        self._sleep = sleep

    @contextmanager
    def slot(self, url: str, interval: float, stop: threading.Event | None = None) -> Iterator[None]:
        """`stop`: an event that cuts the wait short when set (a watcher shutting down)."""
        key = host_key(url)
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                if len(self._hosts) >= _PRUNE_AT:
                    self._prune()
                host = self._hosts[key] = _Host()
            host.users += 1
        try:
            with host.lock:
                wait = host.last_done + interval - self._clock()
                if wait > 0:
                    if stop is not None:
                        stop.wait(wait)
                    else:
                        self._sleep(wait)
                try:
                    yield
                finally:
                    host.last_done = self._clock()
        finally:
            with self._lock:
                host.users -= 1

    def _prune(self) -> None:
        now = self._clock()
        for key, host in list(self._hosts.items()):
            if host.users == 0 and now - host.last_done > _FORGET_AFTER_S:
                del self._hosts[key]


HOSTS = HostGate()
