"""Article versions: an outlet's correction is kept as a new version, not a silent replacement.

The manifest's `versions` table holds every version's title and text (see `Manifest.upsert`);
only the current one is in the vector store and the keyword index. This module compares
versions (sentences added and removed, title changed), builds an article's history for
`NewsRAG.history` / `newsrag history`, and marks the retrieved passages of updated articles
so citations can say "updated DATE (version N)".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .models import ArticleHistory, ArticleVersion, Passage, VersionChanges, iso_from_ts
from .text import normalize_space, split_sentences

if TYPE_CHECKING:
    from .manifest import Manifest

MAX_LISTED = 20  # sentences listed per side of a change summary (the counts are exact)
_HEX = frozenset("0123456789abcdef")
MIN_OVERLAP = 4  # characters: a shorter match of a chunk's start with the text's end is taken for chance


def word_count(text: str) -> int:
    return len(text.split())


def reconstruct_text(chunks: list[str]) -> str:
    """An article's text rebuilt from its chunk texts in order (for articles indexed before versions
    were kept). Consecutive chunks overlap by a few sentences; the longest end of the text so far that
    begins the next chunk is dropped from it, so the overlap is removed as far as possible. The result
    is approximate: the chunker stripped the spaces around chunks, and an overlap that does not match
    exactly is kept twice."""
    out = ""
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if not out:
            out = chunk
            continue
        overlap = 0
        for k in range(min(len(out), len(chunk)), MIN_OVERLAP - 1, -1):
            # the overlap is whole words: it starts the chunk and starts a word of the text so far
            if out.endswith(chunk[:k]) and (k == len(out) or out[-k - 1].isspace()):
                overlap = k
                break
        rest = chunk[overlap:]
        if overlap:
            out += rest
        else:
            out += "\n\n" + rest
    return out


def same_words(a: str, b: str) -> bool:
    """The same text, ignoring how it is spaced (a reconstructed text against an article's)."""
    return "".join(a.split()) == "".join(b.split())


def text_hash(title: str, text: str) -> str:
    """As `ingest.records.Article.text_hash`."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()


def sentences(text: str) -> list[str]:
    """The text's sentences (the answerer's splitter), spaces collapsed, empty ones dropped."""
    return [s for s in (normalize_space(x) for x in split_sentences(text)) if s]


def compare(old_title: str, old_text: str, new_title: str, new_text: str) -> VersionChanges:
    """What the new version changed: sentences added and removed (as a multiset: a sentence that only
    moved is no change; one word changed makes one removed and one added), and whether the title
    changed. Deterministic; the lists keep text order and hold at most MAX_LISTED sentences."""
    old, new = sentences(old_text), sentences(new_text)
    old_count, new_count = Counter(old), Counter(new)
    added = _extra(new, old_count)
    removed = _extra(old, new_count)
    return VersionChanges(
        title_changed=normalize_space(old_title) != normalize_space(new_title),
        sentences_added=len(added),
        sentences_removed=len(removed),
        added=added[:MAX_LISTED],
        removed=removed[:MAX_LISTED],
    )


def _extra(items: list[str], other: Counter[str]) -> list[str]:
    """The items (in order) beyond the number of times `other` holds each."""
    left = Counter(other)
    out = []
    for item in items:
        if left[item] > 0:
            left[item] -= 1
        else:
            out.append(item)
    return out


def resolve_article(manifest: Manifest, id_or_url: str) -> str | None:
    """The id of the indexed article with this id, URL (canonicalised as ingest does: tracking
    parameters, fragment and trailing slash dropped) or file (the one article without a URL read from
    that file, as `Article.origin` records it), or None."""
    from ingest.records import canonical_url

    key = (id_or_url or "").strip()
    if not key:
        return None
    if len(key) == 64 and set(key.lower()) <= _HEX and manifest.article(key.lower()) is not None:
        return key.lower()
    url = canonical_url(key)
    if url is not None:
        return manifest.article_id_for_url(url)
    try:
        origin = Path(key).expanduser().resolve().as_uri()
    except (OSError, RuntimeError, ValueError):
        return None
    found = manifest.ids_by_origin([origin]).get(origin, [])
    return found[0] if len(found) == 1 else None


def article_history(manifest: Manifest, article_id: str) -> ArticleHistory | None:
    """Every version of an indexed article, oldest first, each with its changes from the one before.
    An article indexed before versions were kept has one version, rebuilt from its chunks."""
    row = manifest.article(article_id)
    if row is None:
        return None
    stored = manifest.versions(article_id)
    versions: list[ArticleVersion] = []
    if not stored:
        text = reconstruct_text(manifest.chunk_texts(article_id))
        versions.append(
            ArticleVersion(
                version=1,
                seen_at=_iso(row.ingested_at),
                title=row.title,
                words=word_count(text),
                content_hash=row.content_hash,
                text=text,
                reconstructed=True,
            )
        )
    for v in stored:
        before = versions[-1] if versions else None
        versions.append(
            ArticleVersion(
                version=v.version,
                seen_at=_iso(v.seen_at),
                title=v.title,
                words=v.words,
                content_hash=v.content_hash,
                text=v.text,
                changes=compare(before.title, before.text, v.title, v.text) if before else None,
                reconstructed=v.reconstructed,
            )
        )
    return ArticleHistory(article_id=article_id, url=row.url, title=row.title, outlet=row.outlet, versions=versions)


def mark_versions(manifest: Manifest, passages: list[Passage]) -> None:
    """Give the passages of articles with more than one version their current version's number, when
    it was first seen, and what it changed (one query for all, one more per updated article)."""
    if not passages:
        return
    current = manifest.current_versions([p.article_id for p in passages])
    if not current:
        return
    changes: dict[str, VersionChanges | None] = {}
    for p in passages:
        info = current.get(p.article_id)
        if info is None:
            continue
        version, seen_at = info
        if p.article_id not in changes:
            texts = manifest.version_texts(p.article_id, [version - 1, version])
            old, new = texts.get(version - 1), texts.get(version)
            changes[p.article_id] = compare(*old, *new) if old and new else None
        p.version, p.updated_at, p.changes = version, _iso(seen_at), changes[p.article_id]


def _iso(ts: float | None) -> str | None:
    return iso_from_ts(int(ts)) if ts is not None else None
