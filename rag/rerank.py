"""Optional cross-encoder reranking (off by default: no reranker ships offline)."""

from __future__ import annotations

from functools import lru_cache

from .errors import ConfigError


@lru_cache(maxsize=2)
def load_cross_encoder(model: str, device: str = "cpu"):
    try:
        from sentence_transformers import CrossEncoder

        return CrossEncoder(model, device=device)
    except Exception as exc:
        raise ConfigError(
            f"could not load the reranker {model!r}: {exc}. Set NEWSRAG_RERANK_MODEL to a local CrossEncoder "
            "directory, or unset it to turn reranking off."
        ) from None
