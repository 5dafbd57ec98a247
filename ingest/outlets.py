"""Outlet names compared the way filters compare them."""

from __future__ import annotations


def outlet_key(outlet: str | None) -> str | None:
    """Case- and space-insensitive form of an outlet name, used for filtering."""
    if not outlet:
        return None
    key = " ".join(outlet.lower().split())
    return key.removeprefix("www.") or None
