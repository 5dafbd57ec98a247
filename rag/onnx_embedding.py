"""The optional int8 embedding backend: the sentence-transformers model run by onnxruntime.

On first use the model's transformer is exported to ONNX with ``torch.onnx.export``,
its graph fused for BERT (onnxruntime's transformer optimizer: fused attention,
skip-layer-norm, bias-GELU) and its weights quantized to int8 with
``onnxruntime.quantization.quantize_dynamic`` (per-channel, signed weights). The
result is cached under ``<data_dir>/models/`` keyed by the model and the recipe, so
later processes only load it. Inference uses onnxruntime and the model's own fast
tokenizer (``tokenizers``), then mean pooling and L2 normalization as the original
sentence-transformers pipeline does.

Measured on the bundled MiniLM (2 AVX2 cores without VNNI; bench/results/rtqa-2023q1-300-ingest.md
and int8-recipes.md): raw throughput about 1.5x torch's and the fp32 ONNX export's, cosine to
the fp32 vectors about 0.99. Per-tensor quantization was tried and dropped: cosine about 0.95
for no speed gain. Activations are quantized per
batch at run time, so a text's vector varies a little with the batch it is in (cosine
about 0.99 between the same text embedded alone and in a batch).

Exporting needs the ``onnx`` package (``pip install 'newsrag[onnx]'``); running a cached
model needs only onnxruntime (a chromadb dependency). sentence-transformers'
``backend="onnx"`` is deliberately not used: it goes through optimum, whose releases pin
an older transformers than gradio needs.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .embedding_common import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MODEL,
    ONE_BY_ONE_MAX_TEXTS,
    model_base_name,
    resolve_model_path,
)
from .errors import ConfigError, EmbedderError

BACKEND = "onnx-int8"
# Bump when the export/optimize/quantize recipe changes, so stale caches are rebuilt.
RECIPE_VERSION = "2"
# Node types whose weights become int8 (measured on 2 AVX2 cores, 96 news chunks):
# ("MatMul", "Attention"): ~1.8x fp32 speed, cosine 0.994 to fp32. Adding EmbedLayerNormalization
# (onnxruntime's default) gains no speed and loses a little (0.9937). ("MatMul",) alone, the fused
# attention left fp32: ~1.5x, cosine 0.995.
QUANTIZED_OPS = ("MatMul", "Attention")
ONNX_INSTALL_HINT = "pip install 'newsrag[onnx]' (or: pip install onnx)"


class OnnxInt8Embedder:
    """A sentence-transformers model (mean pooling) as a dynamically quantized int8 ONNX model.

    With `fp32_queries` (default), small inputs (questions: up to ONE_BY_ONE_MAX_TEXTS texts) run
    on the fp32 ONNX export instead: int8 is for ingest throughput, and a question's vector is
    then exact, so only the chunk side carries the quantization error (measured on rtqa-2023jan:
    see bench/results/int8-eval-rtqa-2023jan.md).
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        cache_dir: str | os.PathLike[str],
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int = 0,
        fp32_queries: bool = True,
    ) -> None:
        self._model_ref = model
        self._cache_dir = Path(cache_dir)
        self._threads = threads
        self._fp32_queries = fp32_queries
        self._queries: OnnxFp32Encoder | None = None  # built on the first question
        self._model_dir = Path(resolve_model_path(model))
        if not (self._model_dir / "config.json").is_file():
            raise EmbedderError(
                f"{self._model_dir} is not a local sentence-transformers model directory (no config.json); "
                f"the {BACKEND} backend needs one. Set NEWSRAG_EMBED_MODEL to a model directory."
            )
        self._runner = OnnxRunner(
            ensure_int8_model(self._model_dir, Path(cache_dir)), self._model_dir, batch_size, threads
        )
        self.onnx_path = self._runner.onnx_path
        self._max_seq_length = _max_seq_length(self._model_dir)
        _, self._counter = _tokenizers(str(self._model_dir), self._max_seq_length)
        self._dim = self._runner.dim

    @property
    def name(self) -> str:
        base = model_base_name(self._model_ref)
        # The recipe is part of the identity: another recipe gives (slightly) other vectors.
        return f"{BACKEND}-v{RECIPE_VERSION}:{base}"

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_seq_length - 2  # [CLS] and [SEP]

    def count_tokens(self, text: str) -> int:
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._fp32_queries and 0 < len(texts) <= ONE_BY_ONE_MAX_TEXTS:
            if self._queries is None:
                self._queries = OnnxFp32Encoder(self._model_dir, self._cache_dir, threads=self._threads)
            return self._queries.embed(texts)
        return self._runner.embed(texts)


class OnnxRunner:
    """An ONNX sentence-transformers model (last hidden state out) run by onnxruntime with the
    model's fast tokenizer, then mean pooling and L2 normalization: texts sorted by length and
    encoded `batch_size` at a time (less padding), one batch at a time (2 cores: concurrent runs
    only thrash). Up to ONE_BY_ONE_MAX_TEXTS texts (questions) run a text at a time: no padding,
    so the cost follows the real tokens."""

    def __init__(
        self, onnx_path: Path, model_dir: Path, batch_size: int = DEFAULT_BATCH_SIZE, threads: int = 0
    ) -> None:
        self.onnx_path = onnx_path
        self._batch_size = batch_size
        self._session = _load_session(str(onnx_path), threads)
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._encoder, _ = _tokenizers(str(model_dir), _max_seq_length(model_dir))
        self.dim = int(self._session.get_outputs()[0].shape[-1] or read_model_config(model_dir)["hidden_size"])
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        size = 1 if len(texts) <= ONE_BY_ONE_MAX_TEXTS else self._batch_size
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._lock:
            for start in range(0, len(order), size):
                idx = order[start : start + size]
                out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._encoder.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": mask,
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        try:
            hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._input_names})[0]
        except Exception as exc:
            raise EmbedderError(f"the ONNX model {self.onnx_path} failed to run: {exc}") from None
        return mean_pool_normalize(hidden, mask)


def mean_pool_normalize(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' mean pooling over real tokens, then L2 normalization."""
    m = mask[..., None].astype(np.float32)
    pooled = (hidden.astype(np.float32) * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def cache_key(model_dir: Path) -> str:
    """Changes when the model's config or weights or the recipe change."""
    h = hashlib.sha256(RECIPE_VERSION.encode())
    h.update((model_dir / "config.json").read_bytes())
    for weights in sorted(model_dir.glob("*.safetensors")) + sorted(model_dir.glob("pytorch_model*.bin")):
        h.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return h.hexdigest()[:16]


def cached_model_path(model_dir: Path, cache_dir: Path, precision: str = "int8") -> Path:
    backend = BACKEND if precision == "int8" else "onnx-fp32"
    return cache_dir / "models" / f"{model_dir.name}-{backend}-{cache_key(model_dir)}" / "model.onnx"


def ensure_int8_model(model_dir: Path, cache_dir: Path) -> Path:
    """The cached int8 model, exported and quantized first when missing (one process at a time)."""
    return ensure_model(model_dir, cache_dir, "int8")


def ensure_model(model_dir: Path, cache_dir: Path, precision: str) -> Path:
    """The cached ONNX model (`int8`: fused then quantized; `fp32`: fused only, the same
    vectors as torch), exported first when missing (one process at a time)."""
    target = cached_model_path(model_dir, cache_dir, precision)
    if target.is_file():
        return target
    from filelock import FileLock

    _check_mean_pooling(model_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / ".export.lock")):
        if target.is_file():  # another process finished it while we waited
            return target
        work = target.parent / "work"
        work.mkdir(exist_ok=True)
        try:
            fp32 = export_onnx(model_dir, work / "fp32.onnx")
            fused = optimize_bert(fp32, work / "fused.onnx", read_model_config(model_dir))
            if precision == "int8":
                fused = quantize_int8(fused, work / "int8.onnx")
            os.replace(fused, target)
        finally:
            for leftover in work.iterdir():
                leftover.unlink()
            work.rmdir()
    return target


class OnnxFp32Encoder(OnnxRunner):
    """The same model exported to ONNX in fp32 and run by onnxruntime: the same vectors as torch
    (cosine 1.0 to 1e-6). On 2 CPU cores one question takes about a third of torch's time (torch's
    per-operator overhead dominates tiny inputs) and ingest batches about 0.8 of it."""

    def __init__(
        self, model_dir: Path, cache_dir: Path, batch_size: int = DEFAULT_BATCH_SIZE, threads: int = 0
    ) -> None:
        super().__init__(ensure_model(model_dir, cache_dir, "fp32"), model_dir, batch_size, threads)


def _require_onnx() -> None:
    try:
        import onnx  # noqa: F401
    except ImportError:
        raise ConfigError(
            f"embed_backend={BACKEND!r} needs the onnx package to build its model on first use: {ONNX_INSTALL_HINT}"
        ) from None


def export_onnx(model_dir: Path, out: Path) -> Path:
    """The transformer's last hidden state as an ONNX graph with dynamic batch and sequence axes."""
    _require_onnx()
    import warnings

    import torch
    import transformers
    from transformers import AutoModel

    transformers.utils.logging.disable_progress_bar()
    # Eager attention exports the classic BERT attention pattern that onnxruntime's optimizer fuses.
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {
        "input_ids": {0: "batch", 1: "seq"},
        "attention_mask": {0: "batch", 1: "seq"},
        "token_type_ids": {0: "batch", 1: "seq"},
        "last_hidden_state": {0: "batch", 1: "seq"},
    }
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHidden(model),
                (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                str(out),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,  # the TorchScript exporter: no onnxscript needed, handles BERT fine
            )
    except Exception as exc:
        raise EmbedderError(f"exporting {model_dir} to ONNX failed: {exc}") from None
    return out


def optimize_bert(src: Path, out: Path, config: dict) -> Path:
    """Fuse attention, layer norms and GELU (onnxruntime's transformer optimizer)."""
    from onnxruntime.transformers import optimizer

    try:
        opt = optimizer.optimize_model(
            str(src),
            model_type="bert",
            num_heads=int(config.get("num_attention_heads", 0)),
            hidden_size=int(config.get("hidden_size", 0)),
            opt_level=1,
        )
        opt.save_model_to_file(str(out))
    except Exception as exc:
        raise EmbedderError(f"optimizing the ONNX model {src} failed: {exc}") from None
    return out


def quantize_int8(src: Path, out: Path) -> Path:
    """Dynamic int8 quantization: signed per-channel weights, activations quantized at run time."""
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # quantize_dynamic logs a pre-processing hint on the root logger
    try:
        quantize_dynamic(
            str(src),
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=list(QUANTIZED_OPS),
            # fused contrib ops have no inferred output type; they are float
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    except Exception as exc:
        raise EmbedderError(f"quantizing the ONNX model {src} to int8 failed: {exc}") from None
    finally:
        root.setLevel(level)
    return out


def read_model_config(model_dir: Path) -> dict:
    """The model's config.json (hidden size, max positions)."""
    return json.loads((model_dir / "config.json").read_text(encoding="utf-8"))


def _max_seq_length(model_dir: Path) -> int:
    st_conf = model_dir / "sentence_bert_config.json"
    if st_conf.is_file():
        value = json.loads(st_conf.read_text(encoding="utf-8")).get("max_seq_length")
        if value:
            return int(value)
    return int(read_model_config(model_dir).get("max_position_embeddings", 512))


def _check_mean_pooling(model_dir: Path) -> None:
    pooling = model_dir / "1_Pooling" / "config.json"
    if pooling.is_file():
        conf = json.loads(pooling.read_text(encoding="utf-8"))
        if not conf.get("pooling_mode_mean_tokens", False):
            raise EmbedderError(
                f"{model_dir} does not use mean pooling; the {BACKEND} backend reproduces mean pooling only. "
                "Use NEWSRAG_EMBED_BACKEND=torch for this model."
            )


@lru_cache(maxsize=4)
def _load_session(path: str, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
    # Idle intra-op threads sleep instead of spinning: a question is embedded while the keyword
    # search runs in another thread, and on 2 cores the spinning threads took its CPU (febmar's
    # retrieve p50, first pass: bench/results/retrieve-latency-rtqa-2023febmar.md). Batch
    # throughput for ingest did not change.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    try:
        return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise EmbedderError(
            f"could not load the {BACKEND} model {path}: {exc}. Delete that file to rebuild it."
        ) from None


@lru_cache(maxsize=4)
def _tokenizers(model_dir: str, max_seq_length: int):
    """(encoder: truncating at the model's limit and padding to the batch's longest, counter: neither)."""
    from tokenizers import Tokenizer

    path = Path(model_dir) / "tokenizer.json"
    if not path.is_file():
        raise EmbedderError(
            f"{model_dir} has no tokenizer.json; the {BACKEND} backend needs the model's fast tokenizer"
        )
    counter = Tokenizer.from_file(str(path))
    counter.no_truncation()
    counter.no_padding()
    encoder = Tokenizer.from_file(str(path))
    encoder.enable_truncation(max_length=max_seq_length)
    pad_token = "[PAD]"
    tok_conf = Path(model_dir) / "tokenizer_config.json"
    if tok_conf.is_file():
        pad_token = json.loads(tok_conf.read_text(encoding="utf-8")).get("pad_token") or pad_token
        if isinstance(pad_token, dict):
            pad_token = pad_token.get("content", "[PAD]")
    pad_id = encoder.token_to_id(pad_token)
    encoder.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token=pad_token)
    return encoder, counter
