"""The feeds benchmark (issue 14; a script, not a test): polling N feeds x M entries three times.

A local site (bench/feed_server.py, 127.0.0.1) serves 200 RSS feeds of 20 entries built
from real articles (../shared/data/rtqa-2023jan/corpus.jsonl), full text in
content:encoded, with ETag / Last-Modified. In a fresh data directory the bench runs the
CLI as a user would:

    newsrag feeds add --opml FEEDS.opml        (or: newsrag feeds add URL... with --add urls)
    newsrag watch --once --force --json        round 1: everything is new
    newsrag watch --once --force --json        round 2: nothing changed (304s, 0 chunks embedded)
    (5% of the entries become new or corrected)
    newsrag watch --once --force --json        round 3: work in proportion to the change

and records per round: wall time of the command, the sum of the feeds' own `seconds`,
feeds answered 304 (by the watcher's report and by the server's count), entries added /
updated / unchanged / skipped, chunks embedded, and what the index holds after it.

    .venv/bin/python bench/feeds_bench.py                      # the real default embedder (MiniLM)
    .venv/bin/python bench/feeds_bench.py --embed-model hash   # the pipeline without embedding cost

Results: bench/results/<tag>.md and <tag>.json (tag `feeds` by default), with the command.
The 200 feeds share one host (127.0.0.1), so the per-host politeness interval is set to 0
(`NEWSRAG_FETCH_HOST_INTERVAL=0`); `--env NAME=VALUE` passes other settings to every command.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "rtqa-2023jan" / "corpus.jsonl"
ROUND_KEYS = ("added", "updated", "unchanged", "skipped", "chunks_embedded", "entries")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _feed_server():
    """bench/feed_server.py by its file (bench/ on sys.path would let bench/bench.py shadow the folder)."""
    if "feed_server" not in sys.modules:
        spec = importlib.util.spec_from_file_location("feed_server", ROOT / "bench" / "feed_server.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["feed_server"] = module
        spec.loader.exec_module(module)
    return sys.modules["feed_server"]


class Cli:
    """`newsrag ...` of this checkout, in one data directory, with the bench's environment."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.base = [sys.executable, "-m", "rag.cli"]
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "NEWSRAG_DATA_DIR": str(data_dir),
            "NEWSRAG_FETCH_ALLOW_HOSTS": "127.0.0.1",
            "NEWSRAG_FETCH_HOST_INTERVAL": "0",
            "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            **env,
        }

    def run(self, *args: str, check: bool = True) -> tuple[subprocess.CompletedProcess[str], float]:
        """The finished command (stdout captured, stderr shown) and its wall time."""
        t0 = time.perf_counter()
        done = subprocess.run(
            [*self.base, *args], cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=None, text=True
        )
        seconds = time.perf_counter() - t0
        if check and done.returncode != 0:
            raise SystemExit(f"`newsrag {' '.join(args)}` failed with exit code {done.returncode}")
        return done, seconds


def parse_round(stdout: str) -> list[dict[str, Any]]:
    """The per-feed objects of `watch --json`: a JSON list, an object holding one, or JSON lines."""
    text = stdout.strip()
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        data = []
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    data.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    if isinstance(data, dict):
        data = data.get("feeds") or data.get("results") or [data]
    return [d for d in data if isinstance(d, dict) and "url" in d]


def summarize_round(
    feeds: list[dict[str, Any]], wall_s: float, server: dict[str, Any], index: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {"wall_s": round(wall_s, 2), "feeds_reported": len(feeds)}
    for key in ROUND_KEYS:
        out[key] = sum(int(f.get(key) or 0) for f in feeds)
    out["feeds_seconds_sum"] = round(sum(float(f.get("seconds") or 0) for f in feeds), 2)
    out["not_modified"] = sum(1 for f in feeds if f.get("not_modified"))
    out["failed"] = sum(1 for f in feeds if not isinstance(f.get("http_status"), int) or f["http_status"] >= 400)
    out["server_requests"] = server.get("requests")
    out["server_304"] = server.get("not_modified")
    out["index_articles"] = index.get("articles")
    out["index_chunks"] = index.get("chunks")
    return out


def watch_round(cli: Cli, site: Any, name: str) -> dict[str, Any]:
    site.reset_stats()
    log(f"{name}: newsrag watch --once --force --json")
    done, wall = cli.run("watch", "--once", "--force", "--json")
    feeds = parse_round(done.stdout)
    if not feeds:
        raise SystemExit(f"{name}: `watch --json` printed no per-feed object:\n{done.stdout[:2000]}")
    stats, _ = cli.run("stats", "--json")
    summary = summarize_round(feeds, wall, site.stats(), json.loads(stats.stdout))
    log(f"{name}: {json.dumps(summary)}")
    return summary


def checks(rounds: dict[str, dict[str, Any]], change: dict[str, int], n_feeds: int) -> dict[str, Any]:
    r1, r2, r3 = rounds["first"], rounds["unchanged"], rounds["changed"]
    out: dict[str, Any] = {
        "second round embeds 0 chunks": r2["chunks_embedded"] == 0,
        "second round: every feed answered 304": r2["server_304"] == n_feeds and r2["not_modified"] == n_feeds,
        "third round adds the new entries": r3["added"] == change["new"],
        "third round updates the corrected entries": r3["updated"] == change["corrected"],
        "no feed failed": all(r["failed"] == 0 for r in rounds.values()),
    }
    if r1["chunks_embedded"]:
        out["third/first chunks embedded"] = round(r3["chunks_embedded"] / r1["chunks_embedded"], 4)
    if r1["wall_s"]:
        out["third/first wall time"] = round(r3["wall_s"] / r1["wall_s"], 4)
    out["changed share of entries"] = round(change["entries"] / max(r1["entries"], 1), 4)
    return out


def markdown(results: dict[str, Any]) -> str:
    rows = [
        ("wall time of the command (s)", "wall_s"),
        ("sum of per-feed seconds", "feeds_seconds_sum"),
        ("feeds reported", "feeds_reported"),
        ("not modified (watcher) / 304 (server)", None),
        ("server requests", "server_requests"),
        ("entries seen", "entries"),
        ("added / updated / unchanged / skipped", None),
        ("chunks embedded", "chunks_embedded"),
        ("index after: articles / chunks", None),
    ]
    rounds = results["rounds"]
    names = [n for n in ("first", "unchanged", "changed") if n in rounds]
    lines = [
        f"# Feeds bench: {results['feeds']} feeds x {results['entries']} entries",
        "",
        f"Command: `{results['command']}`",
        "",
        f"Date {results['date']}; {results['machine']}; embedder: {results['embedder']}; "
        f"corpus: {results['corpus']} ({results['articles_available']} articles of 200+ words).",
        "",
        "| | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
    ]
    for label, key in rows:
        cells = []
        for n in names:
            r = rounds[n]
            if key:
                cells.append(str(r.get(key)))
            elif label.startswith("not modified"):
                cells.append(f"{r['not_modified']} / {r['server_304']}")
            elif label.startswith("added"):
                cells.append(f"{r['added']} / {r['updated']} / {r['unchanged']} / {r['skipped']}")
            else:
                cells.append(f"{r['index_articles']} / {r['index_chunks']}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    change = results["change"]
    lines += [
        "",
        f"Before the third round {change['entries']} entries ({results['fraction']:.0%}) changed: "
        f"{change['new']} new, {change['corrected']} corrected, in {change['feeds_changed']} feeds.",
        "",
        "| check | result |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in results["checks"].items()]
    lines += ["", f"Load average at the end: {results['load_avg_end']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus JSONL of real articles (%(default)s)")
    p.add_argument("--feeds", type=int, default=200)
    p.add_argument("--entries", type=int, default=20, help="entries per feed")
    p.add_argument("--fraction", type=float, default=0.05, help="share of entries new or corrected before round 3")
    p.add_argument("--embed-model", default=None, help="e.g. hash (default: the configured default embedder)")
    p.add_argument("--add", choices=["opml", "urls"], default="opml", help="subscribe by OPML import or by URLs")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra setting for every command")
    p.add_argument("--work", default=None, help="scratch dir (default: a fresh temp dir)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results"))
    p.add_argument("--tag", default="feeds", help="name of the result files (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.exists():
        p.error(f"{corpus} does not exist; pass --corpus FILE")
    env = dict(item.split("=", 1) for item in args.env)
    if args.embed_model:
        env["NEWSRAG_EMBED_MODEL"] = args.embed_model
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newsrag-feeds-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir = work / "data"
    if data_dir.exists() and any(data_dir.iterdir()):
        p.error(f"{data_dir} is not empty: the bench starts from a fresh data directory (pass another --work)")
    cli = Cli(data_dir, env)
    helps, _ = cli.run("--help", check=False)
    if "watch" not in helps.stdout or "feeds" not in helps.stdout:
        raise SystemExit("this checkout has no `newsrag feeds` / `newsrag watch` (issue 14's watcher) yet")

    fs = _feed_server()
    articles = fs.load_articles(corpus)
    site = fs.FeedSite(articles, feeds=args.feeds, entries=args.entries)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "command": "python "
        + " ".join(shlex.quote(a) for a in ["bench/feeds_bench.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f} at start, "
        f"python {platform.python_version()}",
        "corpus": str(corpus),
        "articles_available": len(articles),
        "feeds": args.feeds,
        "entries": args.entries,
        "fraction": args.fraction,
        "embedder": args.embed_model or "default (all-MiniLM-L6-v2)",
        "work": str(work),
        "rounds": {},
    }
    with site.serve() as server:
        log(f"{args.feeds} feeds x {args.entries} entries at {server.url}; data dir {data_dir}")
        if args.add == "opml":
            opml = work / "feeds.opml"
            opml.write_bytes(site.opml())
            _, results["subscribe_s"] = cli.run("feeds", "add", "--opml", str(opml))
        else:
            _, results["subscribe_s"] = cli.run("feeds", "add", *site.urls())
        listed, _ = cli.run("feeds", "list", "--json")
        results["subscribed"] = len(json.loads(listed.stdout))
        results["rounds"]["first"] = watch_round(cli, site, "round 1 (all new)")
        results["rounds"]["unchanged"] = watch_round(cli, site, "round 2 (unchanged)")
        results["change"] = site.change(args.fraction, args.seed)
        log(f"changed: {results['change']}")
        results["rounds"]["changed"] = watch_round(cli, site, f"round 3 ({args.fraction:.0%} changed)")
    results["checks"] = checks(results["rounds"], results["change"], args.feeds)
    results["load_avg_end"] = round(os.getloadavg()[0], 1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.tag}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    md = markdown(results)
    (out / f"{args.tag}.md").write_text(md + "\n", encoding="utf-8")
    print(md)
    log(f"wrote {out / (args.tag + '.json')} and {out / (args.tag + '.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
