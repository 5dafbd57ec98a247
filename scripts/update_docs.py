"""Regenerate the generated parts of the docs from the code, or check that they are current.

    python scripts/update_docs.py           # rewrite docs/settings.md and docs/cli.md in place
    python scripts/update_docs.py --check   # exit 1 and name the stale pages (tests/test_docs.py checks the same)

Each generated part sits between `<!-- NAME:start -->` and `<!-- NAME:end -->` lines; only the text
between them is replaced: the settings table from `Settings.markdown_table()`, the command reference
from `rag.cli.markdown_reference()` (the argparse parser itself).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generators() -> dict[str, tuple[str, Callable[[], str]]]:
    """Page (relative to the repository root) -> (marker name, function giving the region's text)."""
    from rag.cli import markdown_reference
    from rag.settings import Settings

    return {
        "docs/settings.md": ("settings", Settings.markdown_table),
        "docs/cli.md": ("cli", markdown_reference),
    }


def region_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)\n?(<!-- {name}:end -->)", re.S)


def read_region(text: str, name: str) -> str:
    """The text between a page's markers; ValueError when the markers are missing."""
    match = region_pattern(name).search(text)
    if match is None:
        raise ValueError(f"no <!-- {name}:start --> ... <!-- {name}:end --> markers")
    return match.group(2)


def replace_region(text: str, name: str, content: str) -> str:
    read_region(text, name)  # the markers must be there
    return region_pattern(name).sub(lambda m: f"{m.group(1)}{content}\n{m.group(3)}", text, count=1)


def stale_pages(root: Path = ROOT) -> list[str]:
    """Pages whose generated region differs from what the code generates now."""
    return [
        page
        for page, (name, make) in generators().items()
        if read_region((root / page).read_text(encoding="utf-8"), name) != make()
    ]


def update(root: Path = ROOT) -> list[str]:
    """Rewrite every stale page; returns the pages changed."""
    changed = stale_pages(root)
    for page in changed:
        name, make = generators()[page]
        path = root / page
        path.write_text(replace_region(path.read_text(encoding="utf-8"), name, make()), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate (or check) the generated parts of the docs.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a page is stale")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    pages = stale_pages() if args.check else update()
    verb = "stale" if args.check else "updated"
    for page in pages:
        print(f"{verb}: {page}")
    if not pages:
        print("docs are up to date")
    return 1 if args.check and pages else 0


if __name__ == "__main__":
    sys.exit(main())
