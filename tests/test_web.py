"""URL and feed ingestion over real HTTP, against servers the test starts on 127.0.0.1.

127.0.0.1 is a loopback address, which URL ingestion refuses by default (SSRF); the
tests that fetch from the test server allow it explicitly with `fetch_allow_hosts`,
as an intranet deployment would. The others check what is refused, and that the
refusal happens before any connection is made.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from ingest import netguard
from ingest.items import Skipped
from ingest.limits import Limits
from ingest.netguard import AddressPolicy, BlockedAddress
from ingest.records import Article
from ingest.sources import iter_items
from ingest.web import FetchError, fetch
from rag.errors import ConfigError

from .test_sources import HTML, RSS

pytestmark = pytest.mark.network

ALLOW_LOCAL = Limits(fetch_allow_hosts=("127.0.0.1",))


class _Server:
    def __init__(self, httpd: http.server.ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.port = httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits: list[tuple[str, str]] = []  # (path, Host header) of every request served


@functools.lru_cache(maxsize=1)
def _gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * 20_000_000)


@pytest.fixture
def server():
    pages = {
        "/article": ("text/html; charset=utf-8", HTML.encode()),
        "/feed": ("application/rss+xml", RSS.encode()),
        "/big": ("text/html", b"<html>" + b"x" * 5000 + b"</html>"),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            srv.hits.append((self.path, self.headers.get("Host", "")))
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            if parts.path == "/redirect":  # 302 to ?to=
                self.send_response(302)
                self.send_header("Location", query["to"][0])
                self.end_headers()
                return
            if parts.path.startswith("/chain/"):  # /chain/N: N relative redirects, then the article
                left = int(parts.path.rsplit("/", 1)[1])
                self.send_response(301)
                self.send_header("Location", f"/chain/{left - 1}" if left > 1 else "/article")
                self.end_headers()
                return
            if parts.path == "/trickle":  # a byte every 0.2 s, for ever
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                try:
                    for _ in range(10_000):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                return
            if parts.path == "/bomb":  # 20 MB of zeros, gzip-compressed to ~20 kB
                bomb = _gzip_bomb()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(bomb)))
                self.end_headers()
                self.wfile.write(bomb)
                return
            if parts.path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(10**12))
                self.end_headers()
                return
            if parts.path not in pages:
                self.send_error(404)
                return
            ctype, body = pages[parts.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
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


def _one(url: str, limits: Limits = ALLOW_LOCAL):
    (item,) = list(iter_items([url], limits))
    return item


# --- fetching from an allow-listed server


def test_article_url_is_fetched_and_extracted(server):
    art = _one(f"{server.url}/article")
    assert isinstance(art, Article)
    assert art.outlet == "Valmora Gazette" and "berth 12" in art.text
    assert art.url == "https://gazette.example.org/harbour-reopens"  # the page's canonical URL


def test_feed_url_gives_one_article_per_entry(server):
    # The entries are summaries linking to example.org pages; fetching those is tests/test_fulltext.py's.
    no_pages = Limits(fetch_allow_hosts=("127.0.0.1",), feed_full_text="off")
    items = list(iter_items([f"{server.url}/feed"], no_pages))
    assert [i.title for i in items] == ["Harbour reopens", "Council votes on budget"]


def test_unreachable_and_missing_urls_are_reasons(server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    items = list(iter_items([f"{server.url}/missing", f"http://127.0.0.1:{closed_port}/x"], ALLOW_LOCAL))
    assert "HTTP 404" in items[0].reason
    assert "unreachable" in items[1].reason


def test_size_limits(server):
    small = Limits(fetch_max_bytes=1000, fetch_allow_hosts=("127.0.0.1",))
    assert "larger than 1000 bytes" in _one(f"{server.url}/big", small).reason
    # a declared length over the limit is refused before reading the body
    assert "larger than" in _one(f"{server.url}/huge-declared").reason
    # a gzip bomb: 20 kB on the wire, 20 MB inflated; inflation stops at the limit
    one_mb = Limits(fetch_max_bytes=1_000_000, fetch_allow_hosts=("127.0.0.1",))
    reason = _one(f"{server.url}/bomb", one_mb).reason
    assert "larger than 1000000 bytes" in reason and "decompressed" in reason


def test_one_deadline_bounds_a_server_that_trickles(server):
    limits = Limits(fetch_timeout=1.0, fetch_allow_hosts=("127.0.0.1",))
    t0 = time.monotonic()
    item = _one(f"{server.url}/trickle", limits)
    assert isinstance(item, Skipped) and "timed out after 1s" in item.reason
    assert time.monotonic() - t0 < 30  # a hang guard only: each byte arrives well within any per-read timeout


# --- SSRF: refused by default, before connecting


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "2130706433", "0.0.0.0"],
    ids=["ipv4", "name", "ipv4-mapped-ipv6", "decimal-ipv4", "unspecified"],
)
def test_loopback_is_refused_by_default(server, host):
    item = _one(f"http://{host}:{server.port}/article", Limits())
    assert isinstance(item, Skipped)
    assert "refused" in item.reason and "NEWSRAG_FETCH_ALLOW_HOSTS" in item.reason
    assert server.hits == []  # refused before any connection


@pytest.mark.parametrize(
    "address, reason",
    [
        ("10.1.2.3", "private-network"),
        ("172.16.0.1", "private-network"),
        ("192.168.1.10", "private-network"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("169.254.10.10", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("168.63.129.16", "cloud metadata"),
        ("100.64.0.1", "not a public"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 form of 127.0.0.1
        ("2002:7f00:1::1", "loopback"),  # 6to4 form of 127.0.0.1
        ("fc00::1", "private-network"),
    ],
)
def test_non_public_addresses_are_refused(address, reason):
    with pytest.raises(BlockedAddress, match=reason):
        AddressPolicy.parse([]).check(address, 80)


def test_public_addresses_pass_and_names_are_judged_by_every_address(monkeypatch):
    policy = AddressPolicy.parse([])
    assert policy.check("93.184.216.34", 80) == ["93.184.216.34"]
    assert policy.check("2606:2800:220:1:248:1893:25c8:1946", 443) == ["2606:2800:220:1:248:1893:25c8:1946"]
    monkeypatch.setattr(netguard, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(BlockedAddress, match=r"resolves to 10\.0\.0\.5"):
        policy.check("mixed.example.com", 80)
    with pytest.raises(BlockedAddress, match="metadata host"):
        policy.check("metadata.google.internal", 80)


def test_allow_list_entries(monkeypatch):
    policy = AddressPolicy.parse(["10.0.0.0/8", ".corp.example", "intranet.test", "169.254.0.0/16"])
    assert policy.check("10.20.30.40", 80) == ["10.20.30.40"]
    with pytest.raises(BlockedAddress):
        policy.check("192.168.0.1", 80)
    monkeypatch.setattr(netguard, "resolve", lambda host, port: ["192.168.7.7"])
    assert policy.check("wiki.corp.example", 80) == ["192.168.7.7"]  # subdomain of an allowed domain
    assert policy.check("corp.example", 80) == ["192.168.7.7"]
    assert policy.check("intranet.test", 80) == ["192.168.7.7"]
    with pytest.raises(BlockedAddress):
        policy.check("evilcorp.example", 80)  # not a subdomain
    with pytest.raises(BlockedAddress):
        policy.check("intranet.test.evil.example", 80)
    assert policy.check("169.254.1.1", 80) == ["169.254.1.1"]
    with pytest.raises(BlockedAddress, match="metadata"):
        policy.check("169.254.169.254", 80)  # metadata needs its exact address in the list
    assert AddressPolicy.parse(["169.254.169.254"]).check("169.254.169.254", 80) == ["169.254.169.254"]
    with pytest.raises(ConfigError, match="fetch_allow_hosts"):
        AddressPolicy.parse(["http://not a host/"])


def test_allow_list_setting_from_the_environment(monkeypatch):
    from rag.settings import load_settings

    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "10.1.0.0/16, wiki.corp.example")
    limits = Limits.from_settings(load_settings())
    assert limits.fetch_allow_hosts == ("10.1.0.0/16", "wiki.corp.example")
    assert limits.address_policy().check("10.1.2.3", 80) == ["10.1.2.3"]


# --- redirects: each hop checked again, bounded in number


@pytest.mark.parametrize(
    "target, reason",
    [
        ("http://127.0.0.2:{port}/article", "127.0.0.2 is a loopback address"),
        ("http://10.0.0.1/admin", "private-network"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[::1]:{port}/article", "loopback"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:6379/_INFO", "only http and https"),
    ],
)
def test_redirect_from_an_allowed_server_to_a_private_address_is_refused(server, target, reason):
    target = target.format(port=server.port)
    item = _one(f"{server.url}/redirect?to={target}")
    assert isinstance(item, Skipped)
    assert "refused" in item.reason and reason in item.reason
    assert [path for path, _ in server.hits] == [f"/redirect?to={target}"]  # the target was never requested


def test_redirects_are_followed_up_to_the_limit(server):
    three = Limits(fetch_max_redirects=3, fetch_allow_hosts=("127.0.0.1",))
    assert isinstance(_one(f"{server.url}/chain/3", three), Article)
    two = Limits(fetch_max_redirects=2, fetch_allow_hosts=("127.0.0.1",))
    item = _one(f"{server.url}/chain/3", two)
    assert isinstance(item, Skipped) and "too many redirects (more than 2" in item.reason
    none = Limits(fetch_max_redirects=0, fetch_allow_hosts=("127.0.0.1",))
    assert "too many redirects" in _one(f"{server.url}/chain/1", none).reason


def test_connection_goes_to_the_checked_address(server, monkeypatch):
    """One DNS answer per hop, and the socket connects to it: no second lookup an attacker's
    DNS could answer differently (rebinding). The name does not resolve in real DNS at all."""
    calls = []

    def fake_resolve(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(netguard, "resolve", fake_resolve)
    limits = Limits(fetch_allow_hosts=("news.rebind.test",))
    body, _, final = fetch(f"http://news.rebind.test:{server.port}/article", limits)
    assert b"berth 12" in body and final.endswith("/article")
    assert calls == ["news.rebind.test"]
    assert server.hits == [("/article", f"news.rebind.test:{server.port}")]


def test_the_same_name_answering_a_private_address_is_refused(server, monkeypatch):
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    monkeypatch.setattr(netguard, "resolve", lambda host, port: next(answers))
    policy = AddressPolicy.parse([])
    assert policy.check("rebind.example.com", 80) == ["93.184.216.34"]
    with pytest.raises(FetchError, match="refused"):
        fetch(f"http://rebind.example.com:{server.port}/article", Limits(), policy)
    assert server.hits == []


# --- TLS: the connection is pinned to the checked address, the certificate still checked against the name


@pytest.fixture
def tls_server(tmp_path):
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=news.tls.test",
            "-addext",
            "subjectAltName=DNS:news.tls.test",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd.server_address[1], cert
    httpd.shutdown()
    httpd.server_close()


def test_https_is_pinned_and_still_verifies_the_host_name(tls_server, monkeypatch):
    port, cert = tls_server
    monkeypatch.setattr(netguard, "resolve", lambda host, p: ["127.0.0.1"])
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate, nothing else changes
    limits = Limits(fetch_allow_hosts=("news.tls.test", "other.tls.test"))
    body, _, _ = fetch(f"https://news.tls.test:{port}/article", limits)  # SNI and the check use the name
    assert b"berth 12" in body
    with pytest.raises(FetchError, match="TLS error"):
        fetch(f"https://other.tls.test:{port}/article", limits)  # same address, name not on the certificate
