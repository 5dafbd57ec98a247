"""A dev set's questions over a bigger archive: does a figure hold when the index grows?

    python -m eval.archive_set ../shared/data/rtqa-2023jan --archive ../shared/data/rtqa-2023febmar/corpus.jsonl \\
        --until 2023-01-31 --out /tmp/rtqa-2023jan-archive

writes `questions.jsonl` (the set's own, unchanged) and `corpus.jsonl` (every article of the archive
published on or before `--until`: the archive as it stood when the set's questions were asked) to
`--out`, for `newsrag eval` or `eval.tune`. Nothing is written into the repository: the data stays in
../shared.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path


def archive_until(archive: Path, until: str, out: Path) -> tuple[int, int]:
    """Copy the archive's articles dated on or before `until` (YYYY-MM-DD) to `out`; (kept, read).
    An undated article is left out: when it was published is unknown."""
    kept = read = 0
    with archive.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            read += 1
            day = (json.loads(line).get("published_at") or "")[:10]
            if day and day <= until:
                dst.write(line if line.endswith("\n") else line + "\n")
                kept += 1
    return kept, read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set_dir", help="a folder with questions.jsonl (e.g. ../shared/data/rtqa-2023jan)")
    parser.add_argument("--archive", required=True, help="the bigger corpus.jsonl")
    parser.add_argument("--until", required=True, help="YYYY-MM-DD: the last publication day kept")
    parser.add_argument("--out", required=True, help="folder to write questions.jsonl and corpus.jsonl to")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(args.set_dir) / "questions.jsonl", out / "questions.jsonl")
    kept, read = archive_until(Path(args.archive), args.until, out / "corpus.jsonl")
    print(f"{kept} of {read} articles published on or before {args.until} -> {out / 'corpus.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
