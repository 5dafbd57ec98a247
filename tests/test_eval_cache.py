"""The eval cache's index format version follows what ingest writes (see eval/cache.py)."""

from __future__ import annotations

from eval.cache import FINGERPRINTS, INDEX_VERSION, index_fingerprint, index_key

from .conftest import SAMPLE


def test_index_version_changes_when_ingest_output_changes(fake_rag):
    fake_rag.ingest([SAMPLE])
    now = index_fingerprint(fake_rag)
    assert now == FINGERPRINTS[INDEX_VERSION], (
        "ingest now writes other chunks or vectors for the sample news than index format "
        f"{INDEX_VERSION} did: add version {INDEX_VERSION + 1}: {now!r} to FINGERPRINTS in eval/cache.py "
        "(cached eval indexes are then rebuilt)"
    )


def test_each_version_has_its_own_fingerprint_and_its_own_key():
    assert INDEX_VERSION == max(FINGERPRINTS) and len(set(FINGERPRINTS.values())) == len(FINGERPRINTS)
    assert index_key("newsrag", "d", {"embedder": "x"}) != index_key("newsrag", "d", {"embedder": "y"})


def test_the_fingerprint_sees_what_is_embedded_not_only_the_chunk_texts(tmp_path):
    from rag import NewsRAG

    headless = NewsRAG(data_dir=tmp_path / "headless", embed_model="hash", chunk_header=False)
    headless.ingest([SAMPLE])  # same chunk texts, other embedded text (no title header): other vectors
    assert index_fingerprint(headless) != FINGERPRINTS[INDEX_VERSION]
