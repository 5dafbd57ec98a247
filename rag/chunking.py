"""Articles to chunks: llama-index's SentenceSplitter sized in the embedding model's own tokens.

Each chunk is embedded with a short header (title, outlet, date) in front; the header's
tokens are counted against the budget, so nothing the model reads is silently truncated.
Chunk ids are the article id, a prefix of its content hash and the chunk's position:
re-ingesting the same article gives the same ids, and a changed article's new chunks
never overwrite the old ones, so readers can switch versions atomically (see pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingest.records import Article

from .models import utc_offset_minutes
from .text import split_sentences


@dataclass(frozen=True)
class Chunk:
    id: str
    article_id: str
    position: int
    text: str  # the passage as stored and shown
    embed_text: str  # header + passage, what the model encodes

    def metadata(self, article: Article, n_chunks: int) -> dict[str, Any]:
        return {
            "article_id": article.id,
            "position": self.position,
            "n_chunks": n_chunks,
            "title": article.title,
            "outlet": article.outlet,
            "outlet_key": article.outlet_key,
            "url": article.url,
            "published_ts": article.published_ts,
            "modified_ts": int(article.modified_at.timestamp()) if article.modified_at else None,
            "published_offset": utc_offset_minutes(article.published_at),
            "modified_offset": utc_offset_minutes(article.modified_at),
            "authors": list(article.authors) or None,
            "language": article.language,
            "content_hash": article.content_hash,
            "source_id": article.source_id,
        }


def chunk_id(article_id: str, content_hash: str, position: int) -> str:
    return f"{article_id}:{content_hash[:8]}:{position:04d}"


def header_for(article: Article) -> str:
    parts = [article.title]
    if article.outlet:
        parts.append(article.outlet)
    if article.published_at:
        parts.append(article.published_at.date().isoformat())
    return " | ".join(parts) + "\n"


class Chunker:
    def __init__(self, count_tokens, chunk_tokens: int, overlap: int, header: bool = True) -> None:
        from llama_index.core.node_parser import SentenceSplitter

        if overlap >= chunk_tokens // 2:
            overlap = chunk_tokens // 4
        self._count = lru_cache(maxsize=200_000)(count_tokens)
        self.chunk_tokens = chunk_tokens
        self.header = header
        # The splitter wants a tokenizer returning a sized sequence; a range of the
        # (cached) size avoids tokenizing the same sentence over and over.
        self._splitter = SentenceSplitter(
            chunk_size=chunk_tokens,
            chunk_overlap=overlap,
            tokenizer=lambda text: range(self._size(text)),
            # Our regex sentence splitter: same boundaries as the answerer's and ~20x
            # faster than the nltk punkt default, which would rival embedding time.
            chunking_tokenizer_fn=split_sentences,
            paragraph_separator="\n\n",
        )

    def _size(self, text: str) -> int:
        """The text's size in model tokens, or, for a text with more words than the budget, its
        word count: every word is at least one token, so such a text is too long either way.
        The splitter asks first about the whole article and each paragraph, only compares those
        sizes with the budget, then splits them and measures the pieces exactly; not tokenizing
        them halves the tokenizer's share of chunking."""
        words = len(text.split())
        return words if words > self.chunk_tokens else self._count(text)

    def _fitted(self, header: str) -> str:
        """The header, or as many of its first words as fit in half the budget (none: no header)."""
        half = self.chunk_tokens // 2
        if self._count(header) <= half:
            return header
        words = header[:200].split()[:-1]  # a long title: its first 200 characters, the cut word out
        while words and self._count(" ".join(words) + "\n") > half:
            words.pop()
        return " ".join(words) + "\n" if words else ""

    def split(self, article: Article) -> list[Chunk]:
        header = self._fitted(header_for(article)) if self.header else ""
        texts = (
            self._splitter.split_text_metadata_aware(article.text, header)
            if header
            else self._splitter.split_text(article.text)
        )
        chunks = []
        for position, text in enumerate(t for t in texts if t.strip()):
            chunks.append(
                Chunk(
                    id=chunk_id(article.id, article.content_hash, position),
                    article_id=article.id,
                    position=position,
                    text=text,
                    embed_text=header + text,
                )
            )
        return chunks
