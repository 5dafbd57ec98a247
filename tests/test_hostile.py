"""Hostile and broken input, one table of fixtures, one parametrized test.

Each case writes its input (big ones are generated here, never committed), declares
what must happen, and is run through `NewsRAG.ingest` / `NewsRAG.ask` next to a good
article. For every case: no exception escapes, each bad item gets its own reason, the
good items are in the index and nothing else is lost, the index holds exactly the
chunks the manifest lists, and time and memory stay bounded (peak RSS growth sampled
during the call; the wall-time bound is only a hang guard). Cases marked `cli` are also
run through the `newsrag` command in a subprocess: a clean exit and no traceback.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rag import NewsRAG
from rag.errors import QuestionError

GOOD_TITLE = "Valmora council approves harbour budget"
GOOD = {
    "title": GOOD_TITLE,
    "text": "The Valmora city council approved a harbour budget of 4.2 million euros on Tuesday. "
    "The money pays for repairs to the main pier and two new cranes.",
    "url": "https://gazette.example.org/budget",
    "outlet": "Valmora Gazette",
    "published_at": "2025-03-04",
}
BODY = " ".join(f"Sentence {i} says the regional ferry service added a late crossing on route {i}." for i in range(12))
HANG_GUARD_S = 120
RSS_BOUND_MB = 300  # generous: what matters is that a 50 MB page or an entity bomb does not cost GBs


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], list[Path]] | None = None  # writes the hostile input, returns the sources
    ingested: tuple[str, ...] = ()  # titles that must be indexed besides the good article
    skipped: tuple[tuple[str, str], ...] = ()  # (source ends with, reason contains), one per bad item
    question: str | None = None  # a question case instead of an ingest case
    question_error: str | None = None  # QuestionError message expected (None: it is answered)
    cli: bool = False
    check: Callable[[NewsRAG], None] | None = None  # extra assertions on the index
    extra: dict = field(default_factory=dict)


# --- the fixtures


def _rss(items: str, decl: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return (
        f'{decl}\n<rss version="2.0"><channel><title>Ferry Wire</title><link>https://ferry.example.org</link>\n{items}'
    )


def _item(title: str, link: str) -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>{BODY}</description></item>"


def truncated_rss(d: Path) -> list[Path]:
    text = _rss(_item("Ferry adds crossing", "https://ferry.example.org/a") + "<item><title>Cut off</title><descr")
    (d / "truncated.rss").write_text(text, encoding="utf-8")
    return [d / "truncated.rss"]


def bogus_encoding_feed(d: Path) -> list[Path]:
    text = _rss(
        _item("Café reopens at the pier", "https://ferry.example.org/cafe") + "</channel></rss>",
        decl='<?xml version="1.0" encoding="x-bogus-42"?>',
    )
    (d / "bogus.xml").write_bytes(text.encode("cp1252"))
    return [d / "bogus.xml"]


def xxe_feed(d: Path) -> list[Path]:
    (d / "secret.txt").write_text("TOPSECRET-XXE-PAYLOAD")
    items = _item("Leak &xxe;", "https://ferry.example.org/xxe").replace("</description>", " &xxe;</description>")
    text = _rss(
        items + "</channel></rss>",
        decl=f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{d}/secret.txt">]>',
    )
    (d / "xxe.rss").write_text(text)
    return [d / "xxe.rss"]


def billion_laughs_feed(d: Path) -> list[Path]:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    decl = '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(ents) + "]>"
    (d / "laughs.rss").write_text(
        _rss(_item("&lol9;", "https://ferry.example.org/lol") + "</channel></rss>", decl=decl)
    )
    (d / "laughs-utf16.xml").write_bytes(  # the same bomb in UTF-16, so a byte search alone would miss it
        _rss(_item("&lol9;", "https://ferry.example.org/lol16") + "</channel></rss>", decl=decl).encode("utf-16")
    )
    return [d / "laughs.rss", d / "laughs-utf16.xml"]


def cp1252_text(d: Path) -> list[Path]:
    (d / "cp1252.txt").write_bytes(
        ("Protest in Málaga\nCafé owners in Málaga protest the “tourist tax” – a 5€ levy.").encode("cp1252")
    )
    return [d / "cp1252.txt"]


def utf16_bom(d: Path) -> list[Path]:
    record = {"title": "Überfahrt verlängert", "text": "Die Fähre nach Nordøy fährt ab März täglich um 22 Uhr."}
    (d / "utf16.jsonl").write_bytes(json.dumps(record, ensure_ascii=False).encode("utf-16"))  # BOM included
    return [d / "utf16.jsonl"]


def nul_bytes(d: Path) -> list[Path]:
    (d / "nul.txt").write_bytes(
        b"Pier\x00 repairs finished\nThe pier\x00 repairs finished\x00 on Monday, the port said.\x00"
    )
    rec = {
        "title": "Null\u0000 title",
        "text": "Text with a \u0000 NUL escape.",
        "url": "https://nul.example.org/a\u0000b",
        "outlet": "Nul\u0000 Post",
        "authors": ["Ann\u0000 Lee"],
    }
    (d / "nul.jsonl").write_text(json.dumps(rec) + "\n")
    return [d / "nul.txt", d / "nul.jsonl"]


def lone_surrogates(d: Path) -> list[Path]:
    rec = {
        "title": "Surrogate \\ud800 title",
        "text": "Body with a lone \\udfff surrogate, and more words.",
        "url": "https://sur.example.org/\\ud800x",
        "outlet": "Sur\\ud800 Times",
        "authors": "Bo\\udc80b",
        "id": "\\ud800",
    }
    (d / "surrogates.jsonl").write_text(json.dumps(rec).replace("\\\\u", "\\u") + "\n")
    odd_name = d / os.fsdecode(b"caf\xe9-not-utf8.txt")  # a file name that is not UTF-8: a lone surrogate in Python
    odd_name.write_text("Odd file name\nThis article sits in a file whose name is not valid UTF-8.")
    (d / "bad-utf8.txt").write_bytes(
        b"Encoded surrogate\nBytes \xed\xa0\x80 of an encoded surrogate, which UTF-8 forbids."
    )
    return [d / "surrogates.jsonl", odd_name, d / "bad-utf8.txt"]


def html_50mb(d: Path) -> list[Path]:
    para = ("<p>" + BODY + "</p>\n").encode()
    with open(d / "huge.html", "wb") as f:
        f.write(b"<html><head><title>Huge</title></head><body><article>")
        for _ in range(50_000_000 // len(para) + 1):
            f.write(para)
        f.write(b"</article></body></html>")
    return [d / "huge.html"]


def nested_tags(d: Path) -> list[Path]:
    n = 100_000
    (d / "nested.html").write_text("<html><body>" + "<div>" * n + BODY + "</div>" * n + "</body></html>")
    return [d / "nested.html"]


def empty_pages(d: Path) -> list[Path]:
    (d / "empty.html").write_bytes(b"")
    (d / "blank.html").write_text("<!DOCTYPE html><html><head><title></title></head><body>\n\n</body></html>")
    return [d / "empty.html", d / "blank.html"]


def boilerplate_page(d: Path) -> list[Path]:
    (d / "boiler.html").write_text(
        "<html><head><title>Ferry Wire</title></head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a> | "
        "<a href='/login'>Log in</a></nav><div class='cookie'>We use cookies. Accept all | Settings</div>"
        "<footer>© Ferry Wire. All rights reserved. Privacy | Terms | Contact</footer></body></html>"
    )
    return [d / "boiler.html"]


def json_wrong_types(d: Path) -> list[Path]:
    records = [
        {"title": 5, "text": 7},
        {"title": ["a"], "text": True},
        {
            "title": "Typed fields ignored",
            "text": BODY,
            "published_at": {"x": 1},
            "authors": 12,
            "url": ["https://a.example"],
            "outlet": {"name": {"deep": 1}},
            "language": 5,
            "id": {"no": "scalar"},
        },
        "just a string",
        42,
        None,
    ]
    (d / "types.json").write_text(json.dumps(records))
    return [d / "types.json"]


def nested_metadata(d: Path) -> list[Path]:
    deep: object = "bottom"
    for _ in range(200):
        deep = {"level": [deep]}
    lines = [
        json.dumps(
            {
                "title": "Nested metadata kept out",
                "text": BODY,
                "metadata": deep,
                "authors": [{"name": {"first": "Ada"}}, {"name": "Bo"}],
                "outlet": {"name": "Ferry Wire"},
            }
        ),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"title": "Deep text", "text": {"text": {"value": {"text": "Text found three levels down."}}}}),
    ]
    (d / "nested.jsonl").write_text("\n".join(lines) + "\n")
    return [d / "nested.jsonl"]


def duplicate_ids(d: Path) -> list[Path]:
    same_url = "https://ferry.example.org/dup"
    records = [
        {"title": "Duplicate one", "text": BODY, "url": same_url},
        {"title": "Duplicate two", "text": BODY + " Changed.", "url": same_url + "?utm_source=x"},
        {"title": "Duplicate three", "text": "Other text.", "url": same_url + "#frag"},
        {"title": "No URL", "text": "Same words."},
        {"title": "No URL", "text": "Same words."},
        {"id": "a1", "title": "Same source id", "text": "First with id a1.", "url": "https://ferry.example.org/a1"},
        {
            "id": "a1",
            "title": "Same source id again",
            "text": "Second with id a1.",
            "url": "https://ferry.example.org/a1-b",
        },
    ]
    (d / "dups.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return [d / "dups.jsonl"]


def _no_secret(rag: NewsRAG) -> None:
    docs = [h.document for h in rag.store.get(rag.store.all_ids())]
    assert not any("TOPSECRET" in doc for doc in docs)


def _clean_text_stored(rag: NewsRAG) -> None:
    for row in rag.manifest.rows():
        for value in (row.title, row.url, row.outlet, row.source):
            assert value is None or ("\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value))
    for hit in rag.store.get(rag.store.all_ids()):
        assert "\x00" not in hit.document and not any("\ud800" <= c <= "\udfff" for c in hit.document)
        hit.document.encode("utf-8")


CASES = [
    Case(
        "truncated-rss",
        truncated_rss,
        ingested=("Ferry adds crossing",),
        skipped=(("truncated.rss#entry2", "feed is malformed"),),
    ),
    Case("bogus-encoding-feed", bogus_encoding_feed, ingested=("Café reopens at the pier",)),
    Case("xxe-feed", xxe_feed, skipped=(("xxe.rss", "declares XML entities"),), check=_no_secret),
    Case(
        "billion-laughs-feed",
        billion_laughs_feed,
        skipped=(("laughs.rss", "declares XML entities"), ("laughs-utf16.xml", "declares XML entities")),
    ),
    Case("cp1252", cp1252_text, ingested=("Protest in Málaga",)),
    Case("utf16-bom", utf16_bom, ingested=("Überfahrt verlängert",)),
    Case("nul-bytes", nul_bytes, ingested=("Pier repairs finished", "Null title"), check=_clean_text_stored),
    Case(
        "lone-surrogates",
        lone_surrogates,
        ingested=("Surrogate title", "Odd file name", "Encoded surrogate"),
        check=_clean_text_stored,
        cli=True,
    ),
    Case("html-50mb", html_50mb, skipped=(("huge.html", "over the 10.0 MB limit"),), cli=True),
    Case("html-100k-nested-tags", nested_tags, skipped=(("nested.html", "too deeply nested"),)),
    Case("empty-pages", empty_pages, skipped=(("empty.html", "empty file"), ("blank.html", "no article text found"))),
    Case("boilerplate-only-page", boilerplate_page, skipped=(("boiler.html", "no article text found"),)),
    Case(
        "json-wrong-types",
        json_wrong_types,
        ingested=("Typed fields ignored",),
        skipped=(
            ("types.json[0]", "text must be a string, got int"),
            ("types.json[1]", "text must be a string, got bool"),
            ("types.json[3]", "expected a JSON object, got str"),
            ("types.json[4]", "expected a JSON object, got int"),
            ("types.json[5]", "expected a JSON object, got NoneType"),
        ),
    ),
    Case(
        "nested-metadata",
        nested_metadata,
        ingested=("Nested metadata kept out", "Deep text"),
        skipped=(("nested.jsonl:2", "nested too deeply"),),
    ),
    Case(
        "duplicate-ids-in-one-batch",
        duplicate_ids,
        ingested=("Duplicate one", "No URL", "Same source id", "Same source id again"),
        skipped=(("dups.jsonl:2", "duplicate of"), ("dups.jsonl:3", "duplicate of"), ("dups.jsonl:5", "duplicate of")),
    ),
    Case("question-empty", question="", question_error="empty"),
    Case("question-only-control-characters", question="\x00\x07\x1b\x7f\u202e\u200b\ufeff\n\t", question_error="empty"),
    Case(
        "question-100k-characters",
        question="What did the Valmora council approve? " + "harbour budget " * 7000,
        cli=True,
    ),
    Case(
        "question-with-control-characters", question="What did the \x00Valmora\x1b[0m council\u0007 approve?\u202e\r\n"
    ),
]


# --- measuring


class PeakRSS:
    """Peak resident set size growth of this process while the block runs, sampled from /proc."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()

    @staticmethod
    def now_mb() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def __enter__(self) -> PeakRSS:
        gc.collect()
        self.base = self.now_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.now_mb() - self.base)
            self._stop.wait(0.005)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self.now_mb() - self.base)


def _cli(*argv: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSRAG_EMBED_MODEL": "hash", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *argv, "--data-dir", str(data)],
        capture_output=True,
        timeout=HANG_GUARD_S,
        env=env,
    )


def _good(d: Path) -> Path:
    path = d / "good.jsonl"
    path.write_text(json.dumps(GOOD) + "\n")
    return path


@pytest.fixture(scope="module", autouse=True)
def _warm_imports():
    """Import the parsers once, so the first case's memory growth is its own and not the imports'."""
    import chromadb  # noqa: F401
    import feedparser  # noqa: F401
    import trafilatura  # noqa: F401
    from llama_index.core.node_parser import SentenceSplitter  # noqa: F401


# --- the one test


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS sampling reads /proc (Linux)")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    rag = NewsRAG(data_dir=tmp_path / "index", embed_model="hash")
    good = _good(inputs)
    if case.question is not None:
        rag.ingest([good])
        _ask_case(case, rag, tmp_path)
        return

    sources = [good, *case.make(inputs)]
    t0 = time.monotonic()
    with PeakRSS() as rss:
        report = rag.ingest(sources)
    assert time.monotonic() - t0 < HANG_GUARD_S
    assert rss.peak_mb < RSS_BOUND_MB, f"peak RSS grew by {rss.peak_mb:.0f} MB"

    # every bad item has its own reason, and nothing else was skipped
    reasons = [(s.source, s.reason) for s in report.skipped]
    assert len(reasons) == len(case.skipped), reasons
    for suffix, why in case.skipped:
        assert any(src.endswith(suffix) and why in reason for src, reason in reasons), (suffix, why, reasons)
    # the good items are indexed, nothing is lost, nothing extra appears
    titles = sorted(r.title for r in rag.manifest.rows())
    assert titles == sorted([GOOD_TITLE, *case.ingested])
    assert report.added == len(titles)
    assert rag.store.count() == rag.stats()["chunks"]  # no orphan vectors, no missing chunks
    assert not rag.ask("What did the Valmora council approve?").refused  # the index still answers
    if case.check:
        case.check(rag)

    if case.cli:
        proc = _cli("ingest", *map(str, sources), "--json", data=tmp_path / "cli-index")
        stderr = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 0 and "Traceback" not in stderr, stderr
        cli_report = json.loads(proc.stdout)
        assert cli_report["added"] == report.added and len(cli_report["skipped"]) == len(report.skipped)


def _ask_case(case: Case, rag: NewsRAG, tmp_path: Path) -> None:
    t0 = time.monotonic()
    with PeakRSS() as rss:
        if case.question_error:
            with pytest.raises(QuestionError, match=case.question_error):
                rag.ask(case.question)
        else:
            answer = rag.ask(case.question)
    assert time.monotonic() - t0 < HANG_GUARD_S
    assert rss.peak_mb < RSS_BOUND_MB
    if not case.question_error:
        assert not answer.refused and "4.2 million euros" in answer.text
        assert answer.question.isprintable() and len(answer.question) <= 2000
        assert all(c.chunk_id in {p.chunk_id for p in answer.passages} for c in answer.citations)
    if case.cli:
        proc = _cli("ask", case.question, "--json", data=rag.settings.data_dir)
        stderr = proc.stderr.decode("utf-8", "replace")
        assert "Traceback" not in stderr
        if case.question_error:
            assert proc.returncode == 1 and stderr.startswith("newsrag: error:") and stderr.strip().count("\n") == 0
            assert case.question_error in stderr
        else:
            assert proc.returncode == 0, stderr
            assert "4.2 million euros" in json.loads(proc.stdout)["answer"]
