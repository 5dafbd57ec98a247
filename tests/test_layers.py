"""The import contract: ingest/ at the bottom, rag/ above it, ui/ and eval/ on top, no cycles.

The contract lives in pyproject.toml ([tool.importlinter]); `lint-imports` checks it. The
second test proves the check bites: a copy of the code with one back-edge added must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("rag", "ingest", "ui", "eval")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the packages under `root` (and only those: PYTHONPATH is `root` alone)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--no-cache",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_code(dest: Path) -> Path:
    """The four packages' Python files and pyproject.toml, copied under `dest`."""
    for package in PACKAGES:
        for src in (ROOT / package).rglob("*.py"):
            if "__pycache__" in src.parts:
                continue
            target = dest / src.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    shutil.copyfile(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_the_import_contract_holds():
    result = lint_imports(ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "0 broken" in output and "BROKEN" not in output, output


@pytest.mark.parametrize(
    ("module", "back_edge", "broken"),
    [
        ("ingest/text.py", "import rag.store", "ui | eval above rag above ingest"),
        ("ingest/records.py", "from eval import metrics", "ui | eval above rag above ingest"),
        ("rag/store.py", "from ui import render", "ui | eval above rag above ingest"),
        ("eval/metrics.py", "from ui import render", "ui and eval are independent clients"),
        ("rag/store.py", "from rag import api", "no import cycles between the modules of a package"),
        ("ingest/records.py", "from ingest import sources", "no import cycles between the modules of a package"),
    ],
)
def test_a_back_edge_breaks_the_contract(tmp_path, module, back_edge, broken):
    root = copy_code(tmp_path)
    path = root / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{back_edge}  # a back-edge\n", encoding="utf-8")
    result = lint_imports(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{broken} BROKEN" in output, output
