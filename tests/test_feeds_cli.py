"""`newsrag feeds ...` and `newsrag watch` from the command line; OPML import; `serve --watch`;
a watcher killed with SIGKILL mid-round. Real HTTP servers on 127.0.0.1 (allowed here only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from rag import NewsRAG
from rag.cli import main

from .conftest import ROOT
from .feed_server import FeedServer, Response, feed_response, rss

pytestmark = pytest.mark.network

LIST_FIELDS = {
    "url",
    "title",
    "every_s",
    "status",
    "last_checked",
    "last_changed",
    "next_due",
    "articles",
    "consecutive_errors",
    "last_error",
}
WATCH_FIELDS = {
    "url",
    "http_status",
    "not_modified",
    "entries",
    "added",
    "updated",
    "unchanged",
    "skipped",
    "chunks_embedded",
    "rechecked",
    "seconds",
}


@pytest.fixture
def server():
    srv = FeedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def env(monkeypatch, tmp_path):
    values = {
        "NEWSRAG_DATA_DIR": str(tmp_path / "index"),
        "NEWSRAG_EMBED_MODEL": "hash",
        "NEWSRAG_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "NEWSRAG_FETCH_HOST_INTERVAL": "0",
        "NEWSRAG_FETCH_TIMEOUT": "5",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_feeds_add_list_watch_remove_json_shapes(env, server, capsys):
    server.routes["/a"] = feed_response("Outlet A", [{"key": "a1"}, {"key": "a2"}], etag='"a"')
    server.routes["/b"] = Response(500, b"down")
    a, b = server.url("/a"), server.url("/b")
    status, out, _ = run(capsys, "feeds", "add", a, b, "--every", "30m")
    assert status == 0 and out.count("subscribed: ") == 2 and "every 30m" in out

    status, out, _ = run(capsys, "feeds", "list", "--json")
    listed = json.loads(out)
    assert [set(f) for f in listed] == [LIST_FIELDS, LIST_FIELDS]
    assert [(f["url"], f["status"], f["every_s"], f["articles"]) for f in listed] == [
        (a, "new", 1800, 0),
        (b, "new", 1800, 0),
    ]

    status, out, err = run(capsys, "watch", "--once", "--force", "--json")
    assert status == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [set(line) for line in lines] == [WATCH_FIELDS, WATCH_FIELDS]
    by_url = {line["url"]: line for line in lines}
    assert by_url[a] | {"seconds": 0} == {
        "url": a,
        "http_status": 200,
        "not_modified": False,
        "entries": 2,
        "added": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "chunks_embedded": by_url[a]["chunks_embedded"],
        "rechecked": 0,
        "seconds": 0,
    }
    assert by_url[a]["chunks_embedded"] >= 2
    assert (by_url[b]["http_status"], by_url[b]["added"]) == (500, 0)
    assert f"newsrag: error        {b}: HTTP 500 Internal Server Error" in err  # the reason, on stderr
    assert "2 feeds polled, 1 failed" in err

    status, out, _ = run(capsys, "watch", "--once", "--force")
    assert status == 0
    assert f"not_modified {a} (HTTP 304" in out and f"error        {b}: HTTP 500" in out

    listed = {f["url"]: f for f in json.loads(run(capsys, "feeds", "list", "--json")[1])}
    assert (listed[a]["status"], listed[a]["articles"], listed[a]["title"]) == ("not_modified", 2, "Outlet A")
    assert (listed[b]["status"], listed[b]["consecutive_errors"], listed[b]["last_error"]) == (
        "error",
        2,
        "HTTP 500 Internal Server Error",
    )
    status, out, _ = run(capsys, "feeds", "list")
    assert "last error (2 in a row): HTTP 500" in out

    assert run(capsys, "feeds", "remove", b)[0] == 0
    status, _, err = run(capsys, "feeds", "remove", b)
    assert status == 1 and "not subscribed" in err
    assert [f["url"] for f in json.loads(run(capsys, "feeds", "list", "--json")[1])] == [a]


def test_cli_refuses_bad_input_with_one_line(env, capsys):
    status, _, err = run(capsys, "feeds", "add", "https://example.org/rss", "--every", "soon")
    assert status == 1 and "not a duration" in err
    status, _, err = run(capsys, "feeds", "add")
    assert status == 1 and "--opml" in err
    status, _, err = run(capsys, "feeds", "add", "file:///etc/passwd")
    assert status == 1 and "not a feed URL" in err
    status, out, err = run(capsys, "watch", "--once")
    assert status == 0 and "no feeds subscribed" in err


OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline type="rss" text="Outlet A" title="Outlet A" xmlUrl="{a}"/>
    <outline type="rss" text="Outlet B" xmlUrl="{b}"/>
    <outline type="rss" text="A again" xmlUrl="{a}"/>
  </outline>
  <outline text="A podcast directory" xmlUrl="ftp://example.org/podcasts"/>
</body></opml>"""


def test_opml_import(env, server, capsys, tmp_path):
    server.routes["/a"] = feed_response("Outlet A", [{"key": "a1"}])
    server.routes["/b"] = feed_response("Outlet B", [{"key": "b1"}])
    path = tmp_path / "feeds.opml"
    path.write_text(OPML.format(a=server.url("/a"), b=server.url("/b")), encoding="utf-8")
    status, out, _ = run(capsys, "feeds", "add", "--opml", str(path), "--every", "1h")
    assert status == 0
    listed = json.loads(run(capsys, "feeds", "list", "--json")[1])
    assert [(f["url"], f["title"], f["every_s"]) for f in listed] == [
        (server.url("/a"), "Outlet A", 3600),
        (server.url("/b"), "Outlet B", 3600),
    ]
    assert run(capsys, "watch", "--once", "--json")[0] == 0
    assert NewsRAG(embed_model="hash").stats()["articles"] == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<html><body>not opml</body></html>", "not an OPML file"),
        ('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "y">]><opml><body/></opml>', "declares XML entities"),
        ("<opml><body><outline text='empty folder'/></body></opml>", "lists no feeds"),
        ("<opml><body", "not a readable OPML file"),
    ],
)
def test_bad_opml_is_refused(env, capsys, tmp_path, text, reason):
    path = tmp_path / "bad.opml"
    path.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "feeds", "add", "--opml", str(path))
    assert status == 1 and reason in err


def test_sigkill_mid_round_leaves_a_consistent_index_and_the_next_round_completes(env, server, tmp_path):
    entries = [{"key": f"x{i}"} for i in range(3)]
    server.routes["/fast"] = feed_response("Fast", entries)
    server.routes["/slow"] = [Response(200, rss("Slow", [{"key": "s1"}]), {"Content-Type": "application/rss+xml"}, delay=30),
                              feed_response("Slow", [{"key": "s1"}])]  # fmt: skip
    server.routes["/last"] = feed_response("Last", [{"key": "l1"}])
    rag = NewsRAG(embed_model="hash")
    rag.add_feeds([server.url("/fast"), server.url("/slow"), server.url("/last")])
    child_env = {**os.environ, **env, "NEWSRAG_FETCH_TIMEOUT": "60", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "watch", "--once", "--force", "--json"],
        env=child_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not server.hits("/slow") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert server.hits("/slow"), "the watcher never reached the slow feed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    after = NewsRAG(embed_model="hash")
    listed = {f.url: f for f in after.feeds()}
    assert [listed[server.url(p)].status for p in ("/fast", "/slow", "/last")] == ["ok", "new", "new"]
    assert after.stats()["articles"] == 3
    done = after.watch()  # the unfinished feeds are still due
    assert sorted((f.url, f.added) for f in done.feeds) == [(server.url("/last"), 1), (server.url("/slow"), 1)]
    assert after.stats()["articles"] == 5
    assert {f.status for f in after.feeds()} == {"ok"}
    assert set(after.store.all_ids()) == {row[0] for row in after.manifest.iter_chunks()}
    again = after.watch(force=True)
    assert again.chunks_embedded == 0 and after.stats()["articles"] == 5


def test_serve_watch_picks_up_a_new_entry_and_stops_at_shutdown(env, server):
    from fastapi.testclient import TestClient

    from ui.server import build_server

    state = {"entries": [{"key": "first"}]}
    server.routes["/feed"] = lambda _req: feed_response("Live", state["entries"])
    rag = NewsRAG(embed_model="hash")
    rag.add_feeds([server.url("/feed")], every_s=1)
    app = build_server(rag, ui=False, watch=True)
    with TestClient(app) as client:
        deadline = time.monotonic() + 30
        while rag.stats()["articles"] < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert rag.stats()["articles"] == 1
        state["entries"] = [{"key": "second"}, {"key": "first"}]
        while rag.stats()["articles"] < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert rag.stats()["articles"] == 2
        assert client.get("/api/v1/stats").status_code in (200, 401)
        watcher = app.state.watcher
    assert watcher.stop_event.is_set() and not watcher._thread.is_alive()


def test_watch_refuses_at_once_while_another_writer_holds_the_lock(env, server, capsys, tmp_path):
    from rag.locking import ingest_lock

    server.routes["/a"] = feed_response("A", [{"key": "a1"}])
    NewsRAG(embed_model="hash").add_feeds([server.url("/a")])
    with ingest_lock(tmp_path / "index"):
        status, _, err = run(capsys, "watch", "--once")
    assert status == 1 and "locked" in err and server.requests == []
    assert run(capsys, "watch", "--once")[0] == 0 and len(server.requests) == 1


# `newsrag` as a terminal starts it: Ctrl+C (SIGINT) handled and not blocked. In 3 of 5 full-suite runs (never
# with this file alone) the watch never saw the SIGINT: faulthandler showed its loop still waiting for the
# next round. A child inherits an ignored SIGINT and the signal mask of the process that starts it, and
# the test process had run hundreds of tests and their libraries; the child now sets both as a terminal would.
CLI_WITH_CTRL_C = (
    "import runpy, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT});"
    " signal.signal(signal.SIGINT, signal.default_int_handler); sys.argv[0] = 'newsrag';"
    " runpy.run_module('rag.cli', run_name='__main__')"
)


def test_watch_loop_runs_rounds_until_interrupted(env, server, tmp_path):
    server.routes["/a"] = feed_response("A", [{"key": "a1"}])
    NewsRAG(embed_model="hash").add_feeds([server.url("/a")])
    out_path, err_path = tmp_path / "out", tmp_path / "err"
    with out_path.open("w") as out_file, err_path.open("w") as err_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI_WITH_CTRL_C, "watch", "--force", "--every", "1s", "--json"],
            env={**os.environ, **env, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"},
            cwd=ROOT,
            stdout=out_file,
            stderr=err_file,
        )
        try:
            deadline = time.monotonic() + 60
            while "1 feeds polled" not in err_path.read_text() and time.monotonic() < deadline:
                assert proc.poll() is None, err_path.read_text()
                time.sleep(0.1)
            time.sleep(2.5)  # two more rounds: the feed is not due again (every 1h), so it is not asked again
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:  # hung: faulthandler writes every thread's stack to stderr
                proc.send_signal(signal.SIGABRT)
                proc.wait(10)
                pytest.fail("watch did not stop within 30 s of SIGINT:\n" + err_path.read_text()[-6000:])
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    out, err = out_path.read_text(), err_path.read_text()
    assert proc.returncode == 130, err
    assert len(server.hits("/a")) == 1
    assert [json.loads(line)["added"] for line in out.splitlines()] == [1]
    assert "1 feeds polled, 0 failed, 1 added" in err and "interrupted" in err
    assert "0 feeds polled" not in err  # idle rounds are quiet
