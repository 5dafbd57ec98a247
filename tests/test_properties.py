"""Property tests (hypothesis): chunking covers the text within the token budget with stable ids;
ingesting any set of articles twice changes nothing the second time."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.records import Article
from rag import NewsRAG
from rag.chunking import Chunker, chunk_id
from rag.embedding import HashEmbedder

EMBEDDER = HashEmbedder()

_word = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüéß", min_size=1, max_size=12),
    st.sampled_from(["Valmora", "U.S.", "Dr.", "4.2", "million", "€5", "—", "“quoted”", "(aside)", "e.g.", "3%"]),
    st.text(alphabet="abcxyz0123456789", min_size=30, max_size=400),  # one "word" longer than a chunk
)
_sentence = st.builds(
    lambda ws, end: " ".join(ws).capitalize() + end,
    st.lists(_word, min_size=1, max_size=25),
    st.sampled_from([".", "!", "?", "", "...", ".\u201d"]),
)
_paragraph = st.builds(" ".join, st.lists(_sentence, min_size=1, max_size=8))
_text = st.builds("\n\n".join, st.lists(_paragraph, min_size=1, max_size=6))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _covered(text: str, pieces: list[str]) -> bool:
    """True when the pieces, taken in order, cover every non-space character of the text:
    each must occur so that it continues the covered prefix (overlap allowed, no gap)."""
    flat = _flat(text)
    reach = 0  # flat[:reach] is covered
    for piece in pieces:
        p = _flat(piece)
        at = flat.rfind(p, 0, reach + 1 + len(p))  # the occurrence starting at or before reach + 1 reaching furthest
        if at < 0:
            return False  # not in the text, or only after a gap
        reach = max(reach, at + len(p))
    return reach >= len(flat)


def test_the_coverage_check_sees_gaps():
    assert _covered("a b. c d.", ["a b.", "b. c d."])
    assert not _covered("a b. c d.", ["a b.", "d."])  # "c" lost
    assert not _covered("a b. c d.", ["a b.", "x"])


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=150).filter(lambda t: t.strip()),
    text=_text,
    chunk_tokens=st.integers(min_value=24, max_value=160),
    overlap=st.integers(min_value=0, max_value=40),
    header=st.booleans(),
    outlet=st.one_of(st.none(), st.sampled_from(["Valmora Gazette", "A" * 300])),
)
def test_chunking_covers_the_text_within_budget_with_stable_ids(title, text, chunk_tokens, overlap, header, outlet):
    art = Article.create(title=title, text=text, outlet=outlet, published_at="2025-03-03")
    chunker = Chunker(EMBEDDER.count_tokens, chunk_tokens, overlap, header=header)
    chunks = chunker.split(art)
    assert chunks
    # size bounds: what the model reads (header included) fits the budget
    assert all(EMBEDDER.count_tokens(c.embed_text) <= chunk_tokens for c in chunks), [
        EMBEDDER.count_tokens(c.embed_text) for c in chunks
    ]
    # full coverage: every character of the text is in some chunk, in order
    assert _covered(art.text, [c.text for c in chunks])
    # deterministic ids: article id, content version, position; the same on every run and from a fresh chunker
    assert [c.id for c in chunks] == [chunk_id(art.id, art.content_hash, i) for i in range(len(chunks))]
    again = Chunker(EMBEDDER.count_tokens, chunk_tokens, overlap, header=header).split(art)
    assert [(c.id, c.text, c.embed_text) for c in again] == [(c.id, c.text, c.embed_text) for c in chunks]


_record = st.fixed_dictionaries(
    {"title": st.text(alphabet="abcdefgh ", min_size=1, max_size=20).filter(str.strip), "text": _text},
    optional={
        "url": st.sampled_from([f"https://news.example.org/{i}" for i in range(4)]),
        "outlet": st.sampled_from(["Gazette", "Wire"]),
        "published_at": st.sampled_from(["2025-01-02", "2024-06-30T12:00:00Z"]),
    },
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_record, min_size=1, max_size=6))
def test_ingesting_twice_changes_nothing(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        rag = NewsRAG(data_dir=Path(tmp) / "index", embed_model="hash", chunk_tokens=64)
        first = rag.ingest([path])
        ids = sorted(rag.store.all_ids())
        stats = rag.stats()
        # the index holds exactly the chunks the manifest lists, without duplicates
        assert len(ids) == len(set(ids)) == stats["chunks"] == first.chunks_written
        assert stats["articles"] == first.added
        expected = sorted(chunk_id(r.id, r.content_hash, i) for r in rag.manifest.rows() for i in range(r.n_chunks))
        assert ids == expected

        second = rag.ingest([path])
        assert (second.added, second.updated, second.chunks_written, second.chunks_deleted) == (0, 0, 0, 0)
        assert second.unchanged == first.added
        assert len(second.skipped) == len(first.skipped)  # the same in-run duplicates, nothing else
        assert sorted(rag.store.all_ids()) == ids
        assert rag.stats()["articles"] == stats["articles"] and rag.stats()["chunks"] == stats["chunks"]


def test_a_header_longer_than_half_the_budget_is_cut_to_fit():
    """Found by the property test above: a title of one control character and a 24-token budget gave a
    header the splitter refused ("Metadata length (24) is longer than chunk size (24)")."""
    art = Article.create(title="\x1b", text="A. A. A a a a a. A a a a a a a a a a a a.", published_at="2025-03-03")
    chunks = Chunker(EMBEDDER.count_tokens, 24, 0, header=True).split(art)
    assert chunks and all(EMBEDDER.count_tokens(c.embed_text) <= 24 for c in chunks)
    long = Article.create(title="word " * 80, text="One sentence here. Another one there.", outlet="A" * 300)
    chunks = Chunker(EMBEDDER.count_tokens, 24, 0, header=True).split(long)
    assert chunks and all(EMBEDDER.count_tokens(c.embed_text) <= 24 for c in chunks)
