"""Hostile input at the index and the command line (issue 17, items 2, 5 and 6a).

* Credentials in URLs (`http://user:secret@host/...`) are refused by default, used only as
  HTTP basic auth when allowed, and never stored or printed: every test greps all the
  files of the data directory and all the output for the secret.
* A read-only index can be read (stats, ask; CLI and API) and refuses writes with the
  library's own error. The tests run as root in CI, where file permissions are not
  enforced, so the read-only checks run in a subprocess without the capabilities that
  bypass them (`setpriv --bounding-set -dac_override,...`): the permission bits then
  apply to root as to anyone. Run as another user they apply anyway.
* A closed stdout (`newsrag ask ... | head -c 10`) ends the CLI quietly.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.items import Skipped
from ingest.limits import Limits
from ingest.records import Article, canonical_url
from ingest.sources import iter_items
from ingest.urls import has_userinfo, redact_urls, split_userinfo
from ingest.web import FetchError, fetch
from rag import NewsRAG
from rag.cli import main
from rag.errors import StoreError
from rag.manifest import Manifest

from .conftest import article, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cr3t-Pa55"  # the password of every URL in these tests
FEED_SECRET = "feed-s3cr3t"
REDIRECT_SECRET = "redir-s3cr3t"
CANON_SECRET = "canon-s3cr3t"
ALL_SECRETS = (SECRET, FEED_SECRET, REDIRECT_SECRET, CANON_SECRET)

BODY = " ".join(
    f"The Valmora harbour authority reported on Monday that shipping traffic rose by {n} percent after the "
    "repairs to the main pier were finished ahead of schedule."
    for n in range(3, 9)
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Harbour traffic rises</title>
<meta property="article:published_time" content="2025-03-03T09:00:00Z"></head>
<body><article><h1>Harbour traffic rises</h1><p>{BODY}</p></article></body></html>"""
CANON_PAGE = PAGE.replace(
    "</head>", f'<link rel="canonical" href="https://canon:{CANON_SECRET}@gazette.example.org/harbour"></head>'
)
FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Private Wire</title><link>https://wire.example.org</link>
<item><title>Budget approved</title><link>https://eve:{FEED_SECRET}@wire.example.org/budget</link>
<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate>
<description>The city council approved a budget of 4.2 million euros for road works.</description></item>
</channel></rss>"""
AUTH = "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()


# --- a private news server on 127.0.0.1 that wants basic auth


class _Server:
    def __init__(self, httpd: http.server.ThreadingHTTPServer) -> None:
        self.port = httpd.server_address[1]
        self.base = f"127.0.0.1:{self.port}"
        self.hits: list[tuple[str, str | None]] = []  # (path, Authorization header)

    def url(self, path: str, userinfo: str = f"alice:{SECRET}@", host: str = "127.0.0.1") -> str:
        return f"http://{userinfo}{host}:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[_Server]:
    pages = {"/article": PAGE, "/canonical": CANON_PAGE, "/feed": FEED}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            auth = self.headers.get("Authorization")
            srv.hits.append((self.path, auth))
            if self.path.startswith("/redirect-to/"):  # 302 to the rest of the path, as given
                self.send_response(302)
                self.send_header("Location", self.path.removeprefix("/redirect-to/"))
                self.end_headers()
                return
            if self.path.startswith("/open/"):  # no auth needed
                path = self.path.removeprefix("/open")
            elif auth != AUTH:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="news"')
                self.end_headers()
                return
            else:
                path = self.path
            if path not in pages:
                self.send_error(404)
                return
            body = pages[path].encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml" if path == "/feed" else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    srv = _Server(httpd)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    httpd.shutdown()
    httpd.server_close()


def _secrets_in_files(directory: Path) -> list[str]:
    """Every file under `directory` (manifest, its WAL, Chroma's sqlite and segments, BM25, lock files)
    that holds one of the secrets, in any of the forms it could be written."""
    found = []
    forms = [s.encode() for s in ALL_SECRETS] + [s.encode("utf-16-le") for s in ALL_SECRETS]
    forms.append(AUTH.split()[1].encode())
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {form!r}" for form in forms if form in data]
    return found


def _no_secret(text: str) -> None:
    for secret in ALL_SECRETS:
        assert secret not in text


# --- item 2: credentials in URLs


def test_userinfo_is_split_stripped_and_redacted():
    assert split_userinfo("http://alice:p%40ss@news.example.com:8080/a?b=c@d") == (
        "http://news.example.com:8080/a?b=c@d",
        ("alice", "p@ss"),
    )
    assert split_userinfo("https://news.example.com/a@b") == ("https://news.example.com/a@b", None)
    assert has_userinfo("http://@news.example.com/") and not has_userinfo("http://news.example.com/@x")
    assert (
        redact_urls(f"newsrag ingest HTTP://alice:{SECRET}@h/x and ftp://u:{SECRET}@a@b/c")
        == "newsrag ingest HTTP://***@h/x and ftp://***@b/c"
    )
    assert canonical_url(f"https://alice:{SECRET}@News.Example.com/a/") == "https://news.example.com/a"
    art = Article.create(title="T", text="Body text.", url=f"https://alice:{SECRET}@news.example.com/x")
    assert art.url == "https://news.example.com/x" and art.outlet == "news.example.com"


def test_skip_reasons_never_show_credentials(tmp_path):
    items = list(iter_items([f"ftp://alice:{SECRET}@files.example.com/news.jsonl"]))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    _no_secret(items[0].source + items[0].reason)
    assert Skipped(f"http://a:{SECRET}@h/x", f"could not fetch http://a:{SECRET}@h/x").reason == (
        "could not fetch http://***@h/x"
    )


@pytest.mark.network
def test_url_with_credentials_is_refused_by_default_without_a_request(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "127.0.0.1")
    data = tmp_path / "index"
    status = main(["--data-dir", str(data), "ingest", "--no-progress", server.url("/article")])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"skipped http://{server.base}/article: refused: the URL carries credentials" in out
    assert "NEWSRAG_FETCH_ALLOW_URL_CREDENTIALS" in out
    _no_secret(out + err)
    assert server.hits == []  # refused before connecting: the password never left the machine
    assert _secrets_in_files(data) == []

    report = NewsRAG(data_dir=data, embed_model="hash", fetch_allow_hosts=["127.0.0.1"]).ingest(
        [server.url("/feed", userinfo=f"bob:{SECRET}@")]
    )
    assert report.nothing_ingested and "credentials" in report.skipped[0].reason
    _no_secret(json.dumps(report.to_dict()))


@pytest.mark.network
def test_allowed_credentials_are_sent_as_basic_auth_and_stored_nowhere(server, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_URL_CREDENTIALS", "true")
    monkeypatch.setenv("NEWSRAG_REFUSE_THRESHOLD", "-1")  # the hash embedder's similarities are low: always cite
    data = tmp_path / "index"
    sources = [server.url("/article"), server.url("/feed"), server.url("/canonical")]
    # sys.argv is what the lock owner file records while the ingest runs
    monkeypatch.setattr(sys, "argv", ["newsrag", "--data-dir", str(data), "ingest", *sources])
    assert main(["--data-dir", str(data), "ingest", "--no-progress", "--json", *sources]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["added"] == 3 and report["skipped"] == []
    assert {hit for hit in server.hits} == {("/article", AUTH), ("/feed", AUTH), ("/canonical", AUTH)}

    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    assert main(["--data-dir", str(data), "ask", "--json", "--no-llm", "How much did harbour traffic rise?"]) == 0
    assert main(["--data-dir", str(data), "ask", "--no-llm", "What budget did the council approve?"]) == 0
    out2, err2 = capsys.readouterr()
    _no_secret(out + err + out2 + err2)

    rag = NewsRAG(data_dir=data, embed_model="hash")
    urls = {row.url for row in rag.manifest.rows()}
    assert urls == {
        f"http://{server.base}/article",  # the fetched URL, without alice:...@
        "https://wire.example.org/budget",  # the feed entry's link, without eve:...@
        "https://gazette.example.org/harbour",  # the page's canonical link, without canon:...@
    }
    assert {row.source for row in rag.manifest.rows()} == {
        f"http://{server.base}/article",
        f"http://{server.base}/canonical",
        f"http://{server.base}/feed#entry1",
    }
    _no_secret(json.dumps(rag.stats()))
    stored = rag.store.get(rag.store.all_ids())
    assert stored and all(SECRET not in json.dumps(h.metadata) for h in stored)
    for question in ("How much did harbour traffic rise?", "What budget did the council approve?"):
        answer = rag.ask(question, llm=False)
        assert answer.citations
        _no_secret(json.dumps(answer.to_dict()))
    assert _secrets_in_files(data) == []


@pytest.mark.network
def test_redirects_drop_userinfo_and_never_forward_the_credentials(server):
    limits = Limits(fetch_allow_hosts=("127.0.0.1", "localhost"), fetch_allow_url_credentials=True)
    # same origin, a Location with its own userinfo: followed without it, with the user's own auth
    same = f"/redirect-to/http://mallory:{REDIRECT_SECRET}@127.0.0.1:{server.port}/article"
    body, _, final = fetch(server.url(same, userinfo=""), limits, auth=("alice", SECRET))
    assert b"Harbour traffic rises" in body
    assert final == f"http://{server.base}/article"
    assert server.hits[-1] == ("/article", AUTH)
    # another origin (localhost is another host name): no Authorization header goes there
    server.hits.clear()
    other = f"/redirect-to/http://localhost:{server.port}/open/article"
    body, _, final = fetch(server.url(other, userinfo=""), limits, auth=("alice", SECRET))
    assert b"Harbour traffic rises" in body and final == f"http://localhost:{server.port}/open/article"
    assert server.hits == [(other, AUTH), ("/open/article", None)]
    with pytest.raises(FetchError, match="carries credentials"):
        fetch(server.url("/article"), limits)  # credentials go only through `auth`, never inside the URL


def test_the_lock_owner_command_line_is_redacted(tmp_path, monkeypatch):
    from rag.locking import ingest_lock, read_owner

    monkeypatch.setattr(sys, "argv", ["/usr/bin/newsrag", "ingest", f"https://alice:{SECRET}@news.example.com/x"])
    with ingest_lock(tmp_path):
        owner = read_owner(tmp_path)
        assert owner is not None and owner["command"] == "newsrag ingest https://***@news.example.com/x"
        _no_secret((tmp_path / "ingest.lock.owner").read_text())


def test_cli_error_messages_hide_url_credentials(tmp_path, monkeypatch, capsys):
    with socket_closed_port() as port:
        monkeypatch.setenv("NEWSRAG_CHROMA_URL", f"http://admin:{SECRET}@127.0.0.1:{port}")
        monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
        status = main(["--data-dir", str(tmp_path / "d"), "ask", "--no-llm", "anything new?"])
    out, err = capsys.readouterr()
    assert status == 1 and "cannot reach the Chroma server at http://***@127.0.0.1" in err
    _no_secret(out + err)


def test_usage_errors_hide_url_credentials(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ask", "--top-k", f"http://alice:{SECRET}@news.example.com", "question"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "invalid int value: 'http://***@news.example.com'" in err
    _no_secret(err)


@contextlib.contextmanager
def socket_closed_port() -> Iterator[int]:
    """A port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield port


def test_the_ui_ingest_tab_shows_urls_without_credentials(tmp_path):
    from rag.errors import IngestError
    from ui.ingest import MergedReport, plan_sources, run_ingest

    class Recording:
        seen: list[str] = []

        def ingest(self, sources, progress=None):
            self.seen.extend(sources)
            raise IngestError(f"nothing could be ingested from {sources[0]}")

    report = MergedReport()
    urls = f"https://alice:{SECRET}@news.example.com/feed\nftp://bob:{SECRET}@files.example.com/x"
    sources = plan_sources([], urls, upload_root=tmp_path, max_mb=1, report=report)
    rag = Recording()
    statuses = list(run_ingest(rag, sources, report))
    assert statuses == ["Ingesting 1 of 1: https://news.example.com/feed"]
    assert rag.seen == [f"https://alice:{SECRET}@news.example.com/feed"]  # the fetcher decides on the credentials
    _no_secret(json.dumps(report.to_dict()))
    assert {s["source"] for s in report.to_dict()["skipped"]} == {
        "https://news.example.com/feed",
        "ftp://files.example.com/x",
    }


# --- item 5: a read-only index


def _unprivileged() -> list[str]:
    """A command prefix that runs without permission-bypassing capabilities (root's CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH, CAP_FOWNER), so that file modes apply; [] when they apply already."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make file permissions apply")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode(errors='replace').strip()}")
    return prefix


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`python args...` in a subprocess for which file permissions apply."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NEWSRAG_EMBED_MODEL": "hash",
        "NEWSRAG_REFUSE_THRESHOLD": "-1",  # the hash embedder's similarities are low: always cite
        "TMPDIR": str(tmp_path / "tmp"),  # where a read-only index's temporary copy would go
        **env,
    }
    return subprocess.run([*_unprivileged(), sys.executable, *args], env=env, capture_output=True, text=True)


def _build_index(data: Path, tmp_path: Path) -> Path:
    rag = NewsRAG(data_dir=data, embed_model="hash")
    records = [
        article(
            "Harbour traffic rises",
            "The Valmora harbour authority said shipping traffic rose by eight percent after the pier repairs.",
            source="Valmora Gazette",
            date="2025-03-03",
        ),
        article(
            "Budget approved",
            "The city council approved a budget of 4.2 million euros for road works on Tuesday.",
            source="City Wire",
            date="2025-03-04",
        ),
    ]
    assert rag.ingest([write_jsonl(tmp_path / "news.jsonl", records)]).added == 2
    rag.manifest.close()
    return data


@pytest.fixture
def read_only_index(tmp_path) -> Iterator[Path]:
    data = _build_index(tmp_path / "published", tmp_path)
    _chmod_tree(data, writable=False)
    yield data
    _chmod_tree(data, writable=True)  # so that the temporary directory can be removed


def _chmod_tree(root: Path, *, writable: bool) -> None:
    write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod((mode | stat.S_IWUSR) if writable else (mode & ~write))


def _listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in sorted(root.rglob("*"))}


def test_the_read_only_check_really_applies(read_only_index, tmp_path):
    """Guards the tests below: in the subprocess, writing the index must fail."""
    probe = _run(["-c", f"open({str(read_only_index / 'new-file')!r}, 'w')"], tmp_path)
    assert probe.returncode != 0 and "Permission denied" in probe.stderr


def test_cli_stats_and_ask_work_on_a_read_only_index(read_only_index, tmp_path):
    before = _listing(read_only_index)
    stats = _run(["-m", "rag.cli", "--data-dir", str(read_only_index), "stats", "--json"], tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 2
    assert json.loads(stats.stdout)["outlets"] == {"City Wire": 1, "Valmora Gazette": 1}
    for mode in ("hybrid", "dense", "keyword"):
        ask = _run(
            [
                "-m",
                "rag.cli",
                "--data-dir",
                str(read_only_index),
                "ask",
                "--json",
                "--no-llm",
                "What budget was approved?",
            ],
            tmp_path,
            NEWSRAG_RETRIEVAL_MODE=mode,
        )
        assert ask.returncode == 0, ask.stderr
        assert "Budget approved" in {c["title"] for c in json.loads(ask.stdout)["citations"]}
        assert ask.stderr == ""
    assert _listing(read_only_index) == before  # nothing created or touched
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary copy of the Chroma files is gone


API_SCRIPT = """
import json, sys
from rag import NewsRAG
from rag.errors import StoreError
rag = NewsRAG(data_dir=sys.argv[1], embed_model="hash")
out = {"articles": rag.stats()["articles"], "read_only": rag.manifest.read_only}
out["titles"] = [c.title for c in rag.ask("What budget was approved?", llm=False).citations]
for name, call in (("ingest", lambda: rag.ingest([sys.argv[2]])), ("delete", lambda: rag.delete(["x"]))):
    try:
        call()
        out[name] = "no error"
    except StoreError as exc:
        out[name] = str(exc)
for name, call in (
    ("manifest_write", lambda: rag.manifest.delete(["x"])),
    ("store_write", lambda: rag.store.delete(["x"])),
):
    try:
        call()
        out[name] = "no error"
    except StoreError as exc:
        out[name] = str(exc)
print(json.dumps(out))
"""


def test_api_reads_a_read_only_index_and_refuses_writes_with_its_own_error(read_only_index, tmp_path):
    more = write_jsonl(tmp_path / "more.jsonl", [article("Late news", "Something else happened today.")])
    run = _run(["-c", API_SCRIPT, str(read_only_index), str(more)], tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["articles"] == 2 and out["read_only"] is True
    assert "Budget approved" in out["titles"]
    for name in ("ingest", "delete", "manifest_write", "store_write"):
        assert out[name].startswith(f"the index at {read_only_index} is read-only for this user"), (name, out[name])


def test_an_older_read_only_manifest_is_read_without_migrating_it(tmp_path):
    """A manifest from before story detection and chunk texts (no story_id/minhash columns, no
    chunks table) cannot be migrated when read-only; it is read as it is."""
    data = tmp_path / "old"
    rag = NewsRAG(data_dir=data, embed_model="hash")
    rag.ingest([write_jsonl(tmp_path / "n.jsonl", [article("Budget approved", "The council approved a budget.")])])
    path = rag.manifest.path
    rag.manifest.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("DROP INDEX articles_story")
        conn.execute("ALTER TABLE articles DROP COLUMN story_id")
        conn.execute("ALTER TABLE articles DROP COLUMN minhash")
        conn.execute("DROP TABLE chunks")
    _chmod_tree(data, writable=False)
    try:
        script = (
            "import sys, json; from rag import NewsRAG; r = NewsRAG(data_dir=sys.argv[1], embed_model='hash'); "
            "print(json.dumps([r.stats()['articles'], [c.title for c in r.ask('What budget?', llm=False).citations]]))"
        )
        run = _run(["-c", script, str(data)], tmp_path)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout) == [1, ["Budget approved"]]
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        assert "story_id" not in columns  # not migrated
    finally:
        _chmod_tree(data, writable=True)


def test_manifest_forced_read_only_creates_nothing_and_refuses_writes(tmp_path):
    manifest = Manifest(tmp_path / "missing" / "manifest.sqlite", read_only=True)
    assert manifest.stats()["articles"] == 0 and manifest.count() == 0
    with pytest.raises(StoreError, match="read-only"):
        manifest.delete(["x"])
    assert not (tmp_path / "missing").exists()


def test_a_data_dir_that_is_a_file_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")
    not_a_dir = tmp_path / "index.txt"
    not_a_dir.write_text("not an index")
    for command in (["stats"], ["ask", "--no-llm", "anything?"], ["ingest", str(not_a_dir)]):
        assert main(["--data-dir", str(not_a_dir), *command]) == 1
        out, err = capsys.readouterr()
        assert err == (
            f"newsrag: error: data dir {not_a_dir} is a file, not a directory; pass a directory to --data-dir "
            "(NEWSRAG_DATA_DIR)\n"
        ), command
    assert main(["--data-dir", str(not_a_dir / "sub"), "stats"]) == 1
    assert f"is inside {not_a_dir}, which is a file" in capsys.readouterr().err
    with pytest.raises(StoreError, match="is a file, not a directory"):
        NewsRAG(data_dir=not_a_dir, embed_model="hash").stats()
    assert not_a_dir.read_text() == "not an index"


# --- item 6a: a closed stdout


@pytest.mark.parametrize("command", [["ask", "--no-llm", "What budget was approved?"], ["stats"]])
def test_a_closed_stdout_ends_the_cli_quietly(tmp_path, command):
    data = _build_index(tmp_path / "index", tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSRAG_EMBED_MODEL": "hash"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "--data-dir", str(data), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # the reader is gone before the first byte is written, like `| head -c 0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 141)
    assert err == ""
