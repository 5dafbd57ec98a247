"""Remote embeddings: any OpenAI-compatible ``/v1/embeddings`` endpoint, through the ``openai`` package.

Meant for large ingests where a server (a GPU box, a llama.cpp or vLLM server, OpenAI)
embeds faster than the local CPU. Chunks are still sized locally: tokens are counted
with the bundled MiniLM WordPiece tokenizer (``tokenizers`` only, no torch), which
splits English at least as finely as the BPE tokenizers of common embedding models,
and ``embed_api_max_tokens`` caps chunk size. Vectors are L2-normalized here, whatever
the server returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .embedding_common import DEFAULT_MODEL, resolve_model_path
from .errors import ConfigError, EmbedderError

BACKEND = "openai"


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible server; the index records `openai:<model>`."""

    def __init__(
        self,
        *,
        model: str | None,
        base_url: str | None,
        api_key: str | None = None,
        batch_size: int = 128,
        max_tokens: int = 256,
        timeout: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        if not model:
            raise ConfigError(
                "embed_backend='openai' needs the embedding model's name: set NEWSRAG_EMBED_API_MODEL "
                "(e.g. text-embedding-3-small, or the model a local server serves)"
            )
        if not base_url and not api_key:
            raise ConfigError(
                "embed_backend='openai' needs NEWSRAG_EMBED_API_BASE (e.g. http://127.0.0.1:8080/v1) "
                "or NEWSRAG_EMBED_API_KEY for api.openai.com"
            )
        from openai import OpenAI

        self._model = model
        self._batch_size = batch_size
        self._max_tokens = max_tokens
        # Local servers take any key; the client insists on one.
        self._client = OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=max_retries
        )
        self._where = base_url or "api.openai.com"
        self._counter = _word_piece_counter()
        self._dim: int | None = None

    @property
    def name(self) -> str:
        return f"{BACKEND}:{self._model}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._request(["dimension probe"]).shape[1])
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._request(list(texts[i : i + self._batch_size])) for i in range(0, len(texts), self._batch_size)]
        vecs = np.vstack(parts)
        self._dim = vecs.shape[1]
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return (vecs / np.clip(norms, 1e-12, None)).astype(np.float32)

    def _request(self, texts: list[str]) -> np.ndarray:
        import openai

        try:
            res = self._client.embeddings.create(model=self._model, input=texts, encoding_format="float")
        except openai.AuthenticationError:
            raise EmbedderError(
                f"the embedding server at {self._where} rejected the key; set NEWSRAG_EMBED_API_KEY"
            ) from None
        except openai.NotFoundError:
            raise EmbedderError(
                f"the embedding server at {self._where} does not serve model {self._model!r} at /embeddings; "
                "check NEWSRAG_EMBED_API_MODEL and that NEWSRAG_EMBED_API_BASE ends in /v1"
            ) from None
        except openai.APIConnectionError as exc:
            raise EmbedderError(
                f"could not reach the embedding server at {self._where} ({exc}); start it or fix NEWSRAG_EMBED_API_BASE"
            ) from None
        except openai.APIError as exc:
            raise EmbedderError(f"the embedding server at {self._where} failed: {exc}") from None
        rows = sorted(res.data, key=lambda d: d.index)
        if len(rows) != len(texts):
            raise EmbedderError(
                f"the embedding server at {self._where} returned {len(rows)} vectors for {len(texts)} texts"
            )
        vecs = np.asarray([r.embedding for r in rows], dtype=np.float32)
        if vecs.ndim != 2 or vecs.shape[1] == 0:
            raise EmbedderError(f"the embedding server at {self._where} returned malformed vectors")
        return vecs


@lru_cache(maxsize=1)
def _word_piece_counter():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(resolve_model_path(DEFAULT_MODEL)) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok
