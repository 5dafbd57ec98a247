"""The feeds benchmark's local news site (bench/feed_server.py): conditional GET and the 5% switch."""

from __future__ import annotations

import http.client
import importlib.util
import json
import re
import sys

import pytest

from ingest.feeds import articles_from_feed
from ingest.records import Article

from .conftest import ROOT, shared

pytestmark = pytest.mark.network


def _load_bench_module(name: str):
    """bench/NAME.py by its file (bench/ on sys.path would let bench/bench.py shadow the folder)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


feed_server = _load_bench_module("feed_server")


def _get(server, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def _post(server, path: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


@pytest.fixture
def site():
    site = feed_server.FeedSite(feed_server.synthetic_articles(50), feeds=200, entries=20)
    with site.serve() as server:
        yield site, server


def _entries(site) -> dict[str, str]:
    """guid -> text of every entry the site serves now."""
    return {e.guid: e.text for f in site.feeds for e in f.entries}


def test_a_matching_etag_or_date_gets_304_and_nothing_else_does(site):
    site, server = site
    status, headers, body = _get(server, "/feeds/7.xml")
    assert status == 200 and headers["ETag"] and headers["Last-Modified"] and b"<rss" in body
    items = list(articles_from_feed(body, source="feed"))
    assert len(items) == 20 and all(isinstance(a, Article) and a.text_source == "full" for a in items)
    assert all(a.url.startswith(f"{server.url}/news/7/") for a in items)
    assert _get(server, "/feeds/7.xml", **{"If-None-Match": headers["ETag"]})[:3:2] == (304, b"")
    assert _get(server, "/feeds/7.xml", **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert _get(server, "/feeds/7.xml", **{"If-None-Match": '"other"'})[0] == 200
    assert _get(server, "/feeds/8.xml", **{"If-None-Match": headers["ETag"]})[0] == 200  # another feed's tag
    stats = _get(server, "/admin/stats")
    assert json.loads(stats[2])["not_modified"] == 2


def test_the_switch_changes_five_percent_of_the_entries(site):
    site, server = site
    before = _entries(site)
    tags = {i: _get(server, f"/feeds/{i}.xml")[1]["ETag"] for i in range(200)}
    changed = _post(server, "/admin/change?fraction=0.05&seed=3")
    assert changed == {"new": 100, "corrected": 100, "entries": 200, "feeds_changed": changed["feeds_changed"]}
    after = _entries(site)
    assert len(after) == len(before) == 4000
    assert len(after.keys() - before.keys()) == 100  # new stories
    corrected = [g for g in after.keys() & before.keys() if after[g] != before[g]]
    assert len(corrected) == 100 and all("Correction:" in after[g] for g in corrected)
    statuses = {i: _get(server, f"/feeds/{i}.xml", **{"If-None-Match": tags[i]})[0] for i in range(200)}
    assert sum(s == 200 for s in statuses.values()) == changed["feeds_changed"] > 50
    assert set(statuses.values()) == {200, 304}


def test_the_opml_lists_every_feed(site):
    site, server = site
    status, _, body = _get(server, "/feeds.opml")
    urls = re.findall(r'xmlUrl="([^"]+)"', body.decode())
    assert status == 200 and urls == [f"{server.url}/feeds/{i}.xml" for i in range(200)]


def test_real_articles_are_long_enough_to_count_as_full_text():
    articles = feed_server.load_articles(shared("rtqa-2023jan", "corpus.jsonl"))
    assert len(articles) > 100 and min(len(a["text"].split()) for a in articles) >= 200


def test_the_bench_reads_any_shape_of_watch_json_and_writes_its_table():
    bench = _load_bench_module("feeds_bench")
    feed = {"url": "http://127.0.0.1/feeds/0.xml", "http_status": 304, "not_modified": True, "entries": 0}
    one = json.dumps(feed)
    assert bench.parse_round(f"[{one}]") == bench.parse_round(one + "\n" + one)[:1] == [feed]
    assert bench.parse_round(json.dumps({"feeds": [feed], "retention": {}})) == [feed]
    r1 = bench.summarize_round(
        [{"url": "u", "http_status": 200, "entries": 20, "added": 20, "chunks_embedded": 200, "seconds": 3}],
        5.0,
        {"requests": 1, "not_modified": 0},
        {"articles": 20, "chunks": 200},
    )
    r2 = bench.summarize_round([feed], 1.0, {"requests": 1, "not_modified": 1}, {"articles": 20, "chunks": 200})
    r3 = bench.summarize_round(
        [{"url": "u", "http_status": 200, "entries": 20, "added": 1, "updated": 1, "chunks_embedded": 20}],
        1.5,
        {"requests": 1, "not_modified": 0},
        {"articles": 21, "chunks": 210},
    )
    change = {"new": 1, "corrected": 1, "entries": 2, "feeds_changed": 1}
    rounds = {"first": r1, "unchanged": r2, "changed": r3}
    checks = bench.checks(rounds, change, n_feeds=1)
    assert checks["second round embeds 0 chunks"] and checks["third round updates the corrected entries"]
    assert checks["third/first chunks embedded"] == 0.1
    md = bench.markdown(
        {
            "feeds": 1,
            "entries": 20,
            "command": "python bench/feeds_bench.py",
            "date": "d",
            "machine": "m",
            "embedder": "hash",
            "corpus": "c",
            "articles_available": 3,
            "rounds": rounds,
            "change": change,
            "fraction": 0.05,
            "checks": checks,
            "load_avg_end": 0.5,
        }
    )
    assert (
        "| chunks embedded | 200 | 0 | 20 |" in md and "| not modified (watcher) / 304 (server) | 0 / 0 | 1 / 1 |" in md
    )
