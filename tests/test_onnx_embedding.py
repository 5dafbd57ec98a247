"""The int8 ONNX backend: built once into the data dir, close to the fp32 vectors, same token counts."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from rag.errors import ConfigError, IndexMismatchError
from rag.onnx_embedding import BACKEND, RECIPE_VERSION, cached_model_path, mean_pool_normalize

SENTENCES = [
    "Russia proposed a draft resolution at the UN Security Council calling for a ceasefire.",
    "The central bank raised interest rates by a quarter point to fight inflation.",
    "Heavy rain flooded villages downstream after the dam was destroyed.",
    "The striker scored twice in the second half to win the cup final.",
    "Scientists found water ice in craters near the Moon's south pole.",
    "Shares of the chipmaker fell 8% after it cut its revenue forecast.",
]


def test_mean_pooling_ignores_padding_and_normalizes():
    hidden = np.array([[[1.0, 0.0], [3.0, 4.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    out = mean_pool_normalize(hidden, mask)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[0], np.array([2.0, 2.0]) / np.sqrt(8.0), rtol=1e-6)


def test_missing_onnx_package_is_a_config_error_naming_the_install(monkeypatch, tmp_path):
    from rag import NewsRAG

    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx -> ImportError
    rag = NewsRAG(data_dir=tmp_path / "idx", embed_backend=BACKEND)
    with pytest.raises(ConfigError) as err:
        _ = rag.embedder
    assert "pip install 'newsrag[onnx]'" in str(err.value)


def test_backend_setting_is_validated():
    from rag.embedding import make_embedder
    from rag.settings import load_settings

    with pytest.raises(ConfigError, match="embed_backend"):
        load_settings(embed_backend="tensorrt")
    with pytest.raises(ConfigError, match="test fake"):
        make_embedder("hash", backend=BACKEND)


@pytest.fixture(scope="session")
def int8(tmp_path_factory):
    from rag.onnx_embedding import OnnxInt8Embedder

    return OnnxInt8Embedder(cache_dir=tmp_path_factory.mktemp("onnx-cache"))


@pytest.mark.slow
def test_int8_vectors_are_close_to_fp32(int8, minilm):
    from rag.embedding import ONE_BY_ONE_MAX_TEXTS

    texts = [f"{s} ({n})" for n, s in enumerate(SENTENCES * 3)]
    assert len(texts) > ONE_BY_ONE_MAX_TEXTS  # an ingest batch: the int8 model
    a, b = int8.embed(texts), minilm.embed(texts)
    assert a.shape == b.shape == (len(texts), minilm.dim) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cos = (a * b).sum(axis=1)
    assert cos.min() > 0.9 and cos.max() < 0.99999, cos  # close, and really quantized
    # a question runs on the fp32 export: exact, so only the chunks carry quantization error
    q = "What did Russia propose at the UN?"
    np.testing.assert_allclose(int8.embed([q]), minilm.embed([q]), atol=2e-5)
    # the ranking a question induces is kept (texts 0, 6 and 12 are the UN sentence)
    assert int(np.argmax(a @ int8.embed([q])[0])) % 6 == int(np.argmax(b @ minilm.embed([q])[0])) % 6 == 0


@pytest.mark.slow
def test_int8_batches_keep_input_order_and_truncate_like_fp32(int8, minilm):
    long = " ".join(SENTENCES * 30)  # far past the model's 256 tokens
    texts = [long, SENTENCES[0], "", SENTENCES[3]] + [f"{s} ({n})" for n, s in enumerate(SENTENCES * 3)]
    together = int8.embed(texts)
    one_by_one = np.vstack([int8._runner.embed([t]) for t in texts])  # int8, a text at a time
    # dynamic quantization scales activations per batch, so a text's vector depends a little on its batch
    assert ((together * one_by_one).sum(axis=1) > 0.95).all()
    assert float(together[3] @ minilm.embed([SENTENCES[3]])[0]) > 0.9
    assert float(together[0] @ minilm.embed([long])[0]) > 0.9  # both read the first 256 tokens


@pytest.mark.slow
def test_int8_token_counts_and_limits_match_fp32(int8, minilm):
    for text in SENTENCES + [" ".join(SENTENCES * 10), "naïve café — Zürich’s 3.5% rate", ""]:
        assert int8.count_tokens(text) == minilm.count_tokens(text)
    assert int8.max_tokens == minilm.max_tokens and int8.dim == minilm.dim
    assert int8.name == f"onnx-int8-v{RECIPE_VERSION}:all-MiniLM-L6-v2" != minilm.name


@pytest.mark.slow
def test_int8_model_is_built_once_and_cached(int8, tmp_path_factory):
    from rag.onnx_embedding import OnnxInt8Embedder

    path = int8.onnx_path
    assert path.is_file() and path == cached_model_path(int8._model_dir, path.parents[2])
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".onnx"] == ["model.onnx"]  # no fp32 leftovers
    mtime = path.stat().st_mtime_ns
    again = OnnxInt8Embedder(cache_dir=path.parents[2])
    assert again.onnx_path == path and path.stat().st_mtime_ns == mtime


@pytest.mark.slow
def test_index_built_with_fp32_refuses_int8(tmp_path, minilm, int8):
    from rag import NewsRAG

    from .conftest import SAMPLE

    fp32 = NewsRAG(data_dir=tmp_path / "idx", embedder=minilm)
    fp32.ingest([SAMPLE])
    with pytest.raises(IndexMismatchError) as err:
        _ = NewsRAG(data_dir=tmp_path / "idx", embedder=int8).store
    assert "'st:all-MiniLM-L6-v2'" in str(err.value) and f"'{int8.name}'" in str(err.value)
    assert "NEWSRAG_EMBED_BACKEND" in str(err.value)


@pytest.mark.slow
def test_onnx_fp32_gives_the_torch_vectors_for_questions_and_ingest_batches(tmp_path_factory, minilm):
    from rag.embedding import ONE_BY_ONE_MAX_TEXTS, SentenceTransformerEmbedder
    from rag.onnx_embedding import OnnxFp32Encoder

    cache = tmp_path_factory.mktemp("onnx-cache")
    fast = SentenceTransformerEmbedder(batch_size=4, onnx_dir=cache)
    question = ["What did Russia propose at the UN?"]
    v = fast.embed(question)
    assert isinstance(fast._onnx, OnnxFp32Encoder) and fast.backend == "onnx-fp32"  # onnxruntime ran it
    assert fast._onnx.onnx_path == cached_model_path(minilm_dir(), cache, "fp32")
    np.testing.assert_allclose(v, minilm.embed(question), atol=2e-5)
    # an ingest-sized input: sorted by length, batches of 4 padded to their longest, order restored
    texts = [f"{s} Report {n} of the day." if n % 2 else s for n, s in enumerate(SENTENCES * 4)]
    assert len(texts) > ONE_BY_ONE_MAX_TEXTS
    np.testing.assert_allclose(fast.embed(texts), minilm.embed(texts), atol=2e-5)
    assert fast.name == minilm.name  # the same vectors, so the same identity in the index


def minilm_dir():
    from pathlib import Path

    from rag.embedding_common import DEFAULT_MODEL, resolve_model_path

    return Path(resolve_model_path(DEFAULT_MODEL))


@pytest.mark.slow
def test_onnx_fp32_falls_back_to_torch_when_onnx_is_missing(monkeypatch, tmp_path, minilm, caplog):
    from rag.embedding import SentenceTransformerEmbedder

    monkeypatch.setitem(sys.modules, "onnx", None)  # no exporter, no cached model: torch it is
    fast = SentenceTransformerEmbedder(onnx_dir=tmp_path)
    with caplog.at_level("WARNING"):
        v = fast.embed(["Who won the cup final?"])
    assert (
        fast._onnx is False
        and fast.backend == "torch"
        and "ONNX fp32 embedding off" in caplog.text
        and "onnx" in caplog.text
    )
    np.testing.assert_allclose(v, minilm.embed(["Who won the cup final?"]), atol=1e-6)
