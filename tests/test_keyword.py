"""The keyword index: SQLite FTS5 in the manifest, kept in step by triggers (no rebuild)."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import rag.keyword as kw
from rag import NewsRAG
from rag.filters import Filters
from rag.keyword import KeywordIndex, query_words
from rag.manifest import KEYWORD_TABLE, Manifest, ManifestRow
from rag.migrations import KEYWORD_UPGRADE, pending

from .conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
NONE = Filters()


def row(aid: str, published: int | None = 1_700_000_000, outlet: str | None = "Daily Planet") -> ManifestRow:
    key = outlet.lower().replace(" ", "-") if outlet else None
    return ManifestRow(aid, f"h-{aid}", aid, outlet, key, None, published, 1, None)


def add(manifest: Manifest, aid: str, *texts: str, **meta) -> None:
    chunks = [(f"{aid}:{i:04d}", aid, i, text) for i, text in enumerate(texts)]
    manifest.upsert([row(aid, **meta)], chunks)


def ids(hits) -> list[str]:
    return [h.article_id for h in hits]


def check_integrity(manifest: Manifest) -> None:
    """FTS5's own check that the index matches its content table (raises when it does not)."""
    manifest.read(f"INSERT INTO {KEYWORD_TABLE}({KEYWORD_TABLE}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def manifest(tmp_path) -> Manifest:
    return Manifest(tmp_path / "manifest.sqlite")


def test_search_ranks_by_bm25_and_follows_every_write(manifest):
    add(manifest, "a", "The harbour bridge reopened on Monday.", "Traffic was light.")
    add(manifest, "b", "Harbour harbour harbour: the harbour master spoke about the harbour.")
    add(manifest, "c", "Flamingo census on Zanzibar.")
    index = KeywordIndex(manifest)
    assert ids(index.search("harbour", 5, NONE)) == ["b", "a"]  # more occurrences in a shorter chunk first
    hits = index.search("zanzibar flamingos", 5, NONE)  # stems: flamingos -> flamingo
    assert [h.chunk_id for h in hits] == ["c:0000"] and hits[0].score > 0
    add(manifest, "a", "The tunnel reopened instead.")  # a new version replaces the article's chunks
    assert ids(index.search("harbour", 5, NONE)) == ["b"]
    assert ids(index.search("tunnel", 5, NONE)) == ["a"]
    manifest.delete(["b"])
    assert index.search("harbour", 5, NONE) == []
    check_integrity(manifest)


def test_replacing_a_chunk_row_in_place_keeps_the_index_consistent(manifest):
    """INSERT OR REPLACE of an existing chunk id deletes the old row: its delete trigger must fire
    (recursive_triggers), or the old words would stay in the index."""
    add(manifest, "a", "alpha words here")
    with manifest._writing() as conn:
        conn.execute("INSERT OR REPLACE INTO chunks VALUES ('a:0000', 'a', 0, 'omega words', 1, 'daily-planet')")
    index = KeywordIndex(manifest)
    assert index.search("alpha", 5, NONE) == [] and ids(index.search("omega", 5, NONE)) == ["a"]
    check_integrity(manifest)


def test_a_second_connection_sees_writes_without_a_rebuild(tmp_path, manifest):
    add(manifest, "a", "The harbour bridge reopened.")
    reader = KeywordIndex(Manifest(tmp_path / "manifest.sqlite"))
    assert ids(reader.search("harbour", 5, NONE)) == ["a"]
    add(manifest, "b", "A flamingo census on Zanzibar.")
    assert ids(reader.search("flamingo", 5, NONE)) == ["b"]
    manifest.delete(["a"])
    assert reader.search("harbour", 5, NONE) == []


READER = """
import sys
from pathlib import Path
from rag.filters import Filters
from rag.keyword import KeywordIndex
from rag.manifest import Manifest
index = KeywordIndex(Manifest(Path(sys.argv[1])))
for line in sys.stdin:
    print(",".join(h.article_id for h in index.search(line, 5, Filters())) or "-", flush=True)
"""


def test_a_reader_process_sees_adds_and_deletes_at_its_next_search(tmp_path, manifest):
    add(manifest, "a", "The harbour bridge reopened.")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(tmp_path / "manifest.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    try:

        def ask(question: str) -> str:
            assert reader.stdin is not None and reader.stdout is not None
            reader.stdin.write(question + "\n")
            reader.stdin.flush()
            return reader.stdout.readline().strip()

        assert ask("harbour flamingo") == "a"
        add(manifest, "b", "A flamingo census on Zanzibar.")  # written while the reader runs
        assert ask("flamingo") == "b"
        manifest.delete(["a"])
        assert ask("harbour") == "-"
    finally:
        if reader.stdin is not None:
            reader.stdin.close()
        reader.wait(timeout=30)


@pytest.mark.parametrize(
    "question",
    [
        'harbour "bridge',
        "harbour*",
        "NEAR(harbour bridge, 2)",
        "harbour AND NOT bridge",
        "harbour OR",
        "-harbour",
        "text:harbour",
        "^harbour + {bridge}",
        'harbour" OR "x',
        "harbour's (bridge)",
    ],
)
def test_fts5_syntax_in_a_question_is_plain_words(manifest, question):
    add(manifest, "a", "The harbour bridge reopened.")
    add(manifest, "b", "Nothing to see near here.")
    add(manifest, "c", "Something else entirely.")
    hits = KeywordIndex(manifest).search(question, 5, NONE)
    assert ids(hits)[:1] == ["a"]


def test_operator_words_are_searched_as_words(manifest):
    add(manifest, "a", "The harbour bridge reopened.")
    add(manifest, "b", "Nothing to see near here.")
    index = KeywordIndex(manifest)
    assert ids(index.search("NEAR", 5, NONE)) == ["b"]  # the word, not the operator
    assert index.search('" * : - ^ ( )', 5, NONE) == []  # nothing to search for
    assert index.search("", 5, NONE) == [] and index.search("the a of", 5, NONE) == []  # stop words only
    assert query_words('Côte d\'Ivoire "AND" x_y NEAR*') == ["côte", "ivoire", "near"]


def test_diacritics_and_case_are_folded(manifest):
    add(manifest, "a", "Talks in Zürich and São Paulo.")
    index = KeywordIndex(manifest)
    assert ids(index.search("zurich", 5, NONE)) == ["a"] and ids(index.search("SAO PAULO", 5, NONE)) == ["a"]


def test_rescoring_tokens_fold_diacritics_as_the_index_does():
    # each character decomposed (NFKD) and its combining marks dropped; quotes and dashes stay
    text = "Zürich’s CAFÉ — naïve Ångström, São Paulo, ﬁnance, Łódź, 東京 “quoted”"
    reference = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    assert kw.bm25_tokens(text) == kw.bm25_tokens(reference)
    assert kw.bm25_tokens(text)[:4] == ["zurich", "cafe", "naiv", "angstrom"]
    assert "łodz" in kw.bm25_tokens(text) and "東京" in kw.bm25_tokens(text)


def test_filters_have_the_semantics_of_filters_matches(manifest):
    rnd = random.Random(7)
    outlets = ["Daily Planet", "City Wire", None]
    meta = {}
    for i in range(60):
        published = rnd.choice([None, 1_700_000_000 + rnd.randrange(40) * 86400])
        outlet = rnd.choice(outlets)
        add(manifest, f"a{i:02d}", f"budget vote number {i}", published=published, outlet=outlet)
        meta[f"a{i:02d}"] = (published, outlet.lower().replace(" ", "-") if outlet else None)
    index = KeywordIndex(manifest)
    cases = [
        Filters.build("2023-11-20", None, None),
        Filters.build(None, "2023-12-01", None),
        Filters.build("2023-11-18", "2023-12-05", ["City Wire"]),
        Filters.build(None, None, ["Daily Planet", "City Wire"]),
        Filters.build("2030-01-01", None, None),
    ]
    for filters in cases:
        got = set(ids(index.search("budget vote", 100, filters)))
        assert got == {a for a, (p, o) in meta.items() if filters.matches(p, o)}


def _corpus(manifest: Manifest, n: int, seed: int = 3) -> None:
    """Chunks where a few words are everywhere and others rare: the case the pruning is for."""
    rnd = random.Random(seed)
    common = ["said", "people", "state", "year", "government", "report"]
    middle = [f"topic{i}" for i in range(40)]
    rare = [f"name{i}" for i in range(400)]
    rows, chunks = [], []
    for i in range(n):
        words = rnd.choices(common, k=20) + rnd.choices(middle, k=4) + rnd.choices(rare, k=rnd.randrange(3))
        words += ["filler"] * rnd.randrange(30)
        rnd.shuffle(words)
        rows.append(row(f"a{i:05d}", published=1_700_000_000 + i))
        chunks.append((f"a{i:05d}:0000", f"a{i:05d}", 0, " ".join(words)))
    manifest.upsert(rows, chunks)


def _exhaustive(
    index: KeywordIndex, question: str, k: int, filters: Filters = NONE, *, every_word: bool = False
) -> list[tuple[str, float]]:
    """Every chunk with a question word scored: the ranking the pruned search must equal (without
    the words in more than half the chunks, as the search leaves them out, unless `every_word`)."""
    source = index._source()
    terms, rows = index._terms(source, query_words(question))
    terms = terms if every_word else kw._informative(terms, rows)
    where, args = filters.sql(article_id="c.article_id")
    return [(h.chunk_id, round(h.score, 9)) for h in index._score(source, terms, [], where, args, k)]


QUESTIONS = [
    "what did people say about the state government report this year",
    "name7 topic3 said",
    "name12 name300 topic1 topic2 people state",
    "topic5 year",
    "name3",
]


def test_pruned_search_equals_the_exhaustive_ranking(manifest, monkeypatch):
    """The candidate stage (FTS5's bm25() top k by MaxScore) is exact within its work budget."""
    _corpus(manifest, 1500)
    index = KeywordIndex(manifest)
    monkeypatch.setattr(kw, "WORK_BUDGET", 10**9)  # no cost cap: the pruning alone must be exact
    monkeypatch.setattr(kw, "FIRST_PASS_WORK", 1000)  # a first pass that leaves words out
    passes: list[int] = []
    real_score = KeywordIndex._score
    monkeypatch.setattr(KeywordIndex, "_score", staticmethod(lambda *a: passes.append(len(a[1])) or real_score(*a)))
    for question in QUESTIONS:
        for k in (1, 10, 50):
            source = index._source()
            terms, rows = index._terms(source, query_words(question))
            got = [(h.chunk_id, round(h.score, 9)) for h in index._candidates(source, terms, rows, k, NONE)]
            assert got == _exhaustive(index, question, k), (question, k)
        everything = dict(_exhaustive(index, question, 1000, every_word=True))
        for chunk, score in _exhaustive(index, question, 50):  # the words left out add almost nothing
            assert 0 <= everything[chunk] - score < 1e-4
    assert max(passes) > min(passes)  # second passes with more lead words were needed
    since = Filters.build("2023-11-15", None, None)
    assert [h.chunk_id for h in index.search(QUESTIONS[0], 20, since)] == [
        c for c, _ in _exhaustive(index, QUESTIONS[0], 20, since)
    ]


def test_the_cost_cap_keeps_hits_valid_and_mostly_the_same(manifest, monkeypatch):
    _corpus(manifest, 1500)
    index = KeywordIndex(manifest)
    monkeypatch.setattr(kw, "WORK_BUDGET", 2000)  # far below this corpus: the cap decides
    question = "name12 name300 topic1 topic2 people state"
    capped = [h.chunk_id for h in index.search(question, 20, NONE)]
    exact = [c for c, _ in _exhaustive(index, question, 20)]
    assert len(capped) == 20 and len(set(capped)) == 20
    assert capped[:3] == exact[:3]  # chunks with the rare names lead either way


def test_an_old_manifest_is_searched_in_memory_and_upgraded_on_write(tmp_path):
    data = tmp_path / "idx"
    first = NewsRAG(data_dir=data, embed_model="hash")
    first.ingest([SAMPLE])
    question = "What did Russia propose at the UN?"
    expected = [(h.chunk_id, round(h.score, 9)) for h in first.keyword.search(question, 20, NONE)]
    path = first.manifest.path
    first.manifest.close()
    with sqlite3.connect(path) as db:  # as an index built before the FTS5 table
        db.execute(f"DROP TABLE {KEYWORD_TABLE}")
        for name in ("insert", "delete", "update"):
            db.execute(f"DROP TRIGGER {KEYWORD_TABLE}_{name}")
    legacy = data / f"bm25-{first.settings.collection}"
    legacy.mkdir()
    (legacy / "meta.json").write_text("{}")

    reader = NewsRAG(data_dir=data, embed_model="hash")
    assert pending(reader.manifest, stories=True) == [KEYWORD_UPGRADE]
    assert reader.ask(question).citations  # answers before the upgrade (an in-memory copy)
    got = [(h.chunk_id, round(h.score, 9)) for h in reader.keyword.search(question, 20, NONE)]
    assert got == expected
    assert not reader.manifest.has_keyword_index and legacy.exists()  # the read wrote nothing

    writer = NewsRAG(data_dir=data, embed_model="hash")
    assert writer.upgrade() == [KEYWORD_UPGRADE]
    assert writer.manifest.has_keyword_index and not legacy.exists()
    assert writer.upgrade() == []
    check_integrity(writer.manifest)
    # the reader that used the copy switches to the built index at its next search
    again = [(h.chunk_id, round(h.score, 9)) for h in reader.keyword.search(question, 20, NONE)]
    assert again == expected and reader.keyword._memory is None


def test_an_old_read_only_manifest_is_searched_without_writing_it(tmp_path):
    path = tmp_path / "manifest.sqlite"
    manifest = Manifest(path)
    add(manifest, "a", "The harbour bridge reopened.")
    add(manifest, "b", "A flamingo census on Zanzibar.")
    manifest.close()
    with sqlite3.connect(path) as db:
        db.execute(f"DROP TABLE {KEYWORD_TABLE}")
        db.execute("PRAGMA journal_mode=DELETE")
    before = path.read_bytes()
    old = Manifest(path, read_only=True)
    index = KeywordIndex(old)
    assert sorted(ids(index.search("flamingo harbour", 5, NONE))) == ["a", "b"]
    assert ids(index.search("zanzibar", 5, NONE)) == ["b"]
    assert path.read_bytes() == before and not old.has_keyword_index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.sqlite"]


def test_a_current_read_only_manifest_is_searched_in_place(tmp_path, manifest):
    add(manifest, "a", "The harbour bridge reopened.")
    manifest.close()
    index = KeywordIndex(Manifest(tmp_path / "manifest.sqlite", read_only=True))
    assert ids(index.search("harbour", 5, NONE)) == ["a"] and index._memory is None


def test_candidates_are_ranked_as_bm25s_ranked_them(manifest):
    """The keyword ranking is bm25s's Lucene BM25 (the index before FTS5), common words included."""
    bm25s = pytest.importorskip("bm25s")
    texts = [
        "Harbour harbour harbour harbour news today.",
        "Harbour strike news today in the port city.",
        "The strike at the harbour ended after talks with the union.",
        "Union leaders said the strike would continue next week.",
        "Ferry services resumed at the port on Monday.",
        "City council debated the port budget and the harbour plan.",
    ] + [f"Strike news number {i} from elsewhere, said the union." for i in range(3)]
    texts += [f"Weather news number {i}: rain in the city." for i in range(3)]
    for n, text in enumerate(texts):
        add(manifest, f"c{n:02d}", text)
    index = KeywordIndex(manifest)
    question = "Why did the harbour strike end?"
    got = ids(index.search(question, 5, NONE))
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    corpus = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    query = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, show_progress=False)
    vocab = {v: k for k, v in query.vocab.items()}
    scores = retriever.get_scores([vocab[i] for i in query.ids[0]])
    want = [f"c{n:02d}" for n in sorted(range(len(texts)), key=lambda n: (-round(scores[n], 9), n))[:5]]
    assert got == want
    assert kw.bm25_tokens("Zürich's harbours AND the") == ["zurich", "harbour"]
