"""Syndicated copies: near-duplicate articles (one wire story on many sites) share a story id.

MinHash over word 5-gram shingles of the normalized body, with LSH (datasketch) to find
candidates; an article joins the story of the earliest indexed article it nearly
duplicates (estimated Jaccard >= threshold), else starts its own (story id = its id).
Signatures live in the manifest, so the LSH is rebuilt from it, never pickled.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .text import normalize_for_match

NUM_PERM = 64
SHINGLE = 5
SCHEME = "affine32"  # stored signatures must be read back with the scheme that made them


def _shingles(text: str) -> set[bytes]:
    tokens = normalize_for_match(text).split()
    if len(tokens) < SHINGLE:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]).encode() for i in range(len(tokens) - SHINGLE + 1)}


def signature(text: str):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    shingles = _shingles(text)
    if shingles:
        m.update_batch(list(shingles))
    return m


def to_bytes(m) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class StoryIndex:
    def __init__(self, threshold: float = 0.7) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, object] = {}
        self._story: dict[str, str] = {}

    @classmethod
    def from_signatures(cls, rows: Iterable[tuple[str, str | None, bytes | None]], threshold: float) -> StoryIndex:
        index = cls(threshold)
        for article_id, story_id, sig in rows:
            if sig:
                index._add(article_id, from_bytes(sig), story_id or article_id)
        return index

    def _add(self, article_id: str, sig, story_id: str) -> None:
        if article_id in self._sigs:
            self._lsh.remove(article_id)
        self._lsh.insert(article_id, sig)
        self._sigs[article_id] = sig
        self._story[article_id] = story_id

    def assign(self, article_id: str, text: str) -> tuple[str, bytes]:
        """The story id for this article (and its signature to store); registers it."""
        sig = signature(text)
        best: tuple[float, str] | None = None
        for other in self._lsh.query(sig):
            if other == article_id:
                continue
            sim = sig.jaccard(self._sigs[other])
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, other)
        story = self._story[best[1]] if best else article_id
        self._add(article_id, sig, story)
        return story, to_bytes(sig)
