"""int8 quantization recipes side by side: raw speed and cosine to fp32 (a script, not a test).

Answers one question: how much faster than fp32 can a dynamically quantized MiniLM run on this
machine, and at what cost in vectors? On the chunk texts newsrag embeds for the first --limit
articles of a corpus (its Chunker, its settings), it times, in interleaved rounds:

  * fp32 references: ``SentenceTransformer.encode`` (torch) at batch 32 (its default) and 16,
    and the fused ONNX fp32 export newsrag ingests with by default;
  * int8 recipes, each run by newsrag's own OnnxRunner (sorted batches of 16):
      - shipped: the fused graph (onnxruntime's BERT optimizer), per-channel signed weights,
        MatMul + fused Attention quantized (what ``embed_backend=onnx-int8`` builds);
      - library defaults: the plain torch.onnx export quantized with ``quantize_dynamic``'s
        defaults (per-tensor weights, every supported op);
      - fused per-tensor: the shipped graph and ops, per-tensor weights.

It prints and writes the median chunks/s of each, its speed over each fp32 reference, and the
cosine of its vectors to torch's (mean, 5th percentile, min). No result here is a target check
by itself: the ingest benchmark (bench.py) and the int8 eval measure the product.

    .venv/bin/python bench/int8_recipes.py --limit 40 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # its sibling bench.py, when run as a script

from bench import DEFAULT_CORPUS, chunk_texts, log, subset_corpus  # noqa: E402


def cpu_flags() -> list[str]:
    """The CPU's int8 dot-product extensions (VNNI is what makes int8 GEMM much faster than fp32)."""
    try:
        flags = next(
            line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")
        ).split()
    except (OSError, StopIteration):
        return []
    return sorted(f for f in flags if f in {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8"})


def build_recipes(model_dir: Path, work: Path) -> dict[str, Path]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from rag import onnx_embedding as oe

    plain = oe.export_onnx(model_dir, work / "fp32.onnx")
    fused = oe.optimize_bert(plain, work / "fused.onnx", oe.read_model_config(model_dir))
    float_default = {"DefaultTensorType": onnx.TensorProto.FLOAT}  # fused contrib ops have no inferred type
    quantize_dynamic(str(plain), str(work / "defaults.onnx"))
    quantize_dynamic(
        str(fused),
        str(work / "fused-per-tensor.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=False,
        op_types_to_quantize=list(oe.QUANTIZED_OPS),
        extra_options=float_default,
    )
    return {
        "onnx fp32 (fused, newsrag default)": fused,
        "int8 shipped (fused, per-channel)": oe.quantize_int8(fused, work / "shipped.onnx"),
        "int8 library defaults (per-tensor)": work / "defaults.onnx",
        "int8 fused per-tensor": work / "fused-per-tensor.onnx",
    }


def timed(fn: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[float, np.ndarray]:
    t0 = time.perf_counter()
    vectors = fn(texts)
    return len(texts) / (time.perf_counter() - t0), vectors


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--limit", type=int, default=40, help="articles whose chunks are encoded (default 40)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds; the median is reported")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = p.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from rag.embedding import SentenceTransformerEmbedder
    from rag.embedding_common import resolve_model_path
    from rag.onnx_embedding import OnnxRunner
    from rag.settings import load_settings

    torch_embedder = SentenceTransformerEmbedder()
    st = torch_embedder.model
    model_dir = Path(resolve_model_path(load_settings().embed_model))
    with tempfile.TemporaryDirectory(prefix="newsrag-int8-") as tmp:
        work = Path(tmp)
        texts, n_articles = chunk_texts(subset_corpus(args.corpus, args.limit, work), torch_embedder, load_settings())
        log(f"{n_articles} articles -> {len(texts)} chunk texts; CPU flags: {' '.join(cpu_flags())}")
        engines: dict[str, Callable[[list[str]], np.ndarray]] = {
            "torch fp32, batch 32": lambda t: st.encode(
                t, batch_size=32, normalize_embeddings=True, convert_to_numpy=True
            ),
            "torch fp32, batch 16": lambda t: st.encode(
                t, batch_size=16, normalize_embeddings=True, convert_to_numpy=True
            ),
        }
        for name, path in build_recipes(model_dir, work).items():
            engines[name] = OnnxRunner(path, model_dir, batch_size=16).embed
        speeds: dict[str, list[float]] = {name: [] for name in engines}
        vectors: dict[str, np.ndarray] = {}
        for name, fn in engines.items():  # warm-up round (first-run allocations), not timed
            vectors[name] = fn(texts[:32])
        for r in range(args.rounds):
            for name, fn in engines.items():
                speed, vectors[name] = timed(fn, texts)
                speeds[name].append(speed)
            log(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in speeds.items()))

    ref = vectors["torch fp32, batch 32"]
    med = {name: statistics.median(v) for name, v in speeds.items()}
    rows = []
    for name in engines:
        cos = np.sum(vectors[name] * ref, axis=1)
        rows.append(
            {
                "engine": name,
                "chunks_per_s": round(med[name], 2),
                "runs": [round(x, 2) for x in speeds[name]],
                "x_torch_bs32": round(med[name] / med["torch fp32, batch 32"], 2),
                "x_torch_bs16": round(med[name] / med["torch fp32, batch 16"], 2),
                "x_onnx_fp32": round(med[name] / med["onnx fp32 (fused, newsrag default)"], 2),
                "cosine_mean": round(float(cos.mean()), 4),
                "cosine_p5": round(float(np.percentile(cos, 5)), 4),
                "cosine_min": round(float(cos.min()), 4),
            }
        )
    result = {
        "command": "python bench/int8_recipes.py " + shlex.join(argv if argv is not None else sys.argv[1:]),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpu_flags": cpu_flags(), "python": platform.python_version()},
        "corpus": str(args.corpus.name if args.corpus == DEFAULT_CORPUS else args.corpus),
        "articles": n_articles,
        "chunks": len(texts),
        "rounds": args.rounds,
        "rows": rows,
    }
    md = [
        f"# int8 recipes: raw speed and cosine to fp32 ({n_articles} articles, {len(texts)} chunks)",
        "",
        f"Command: `{result['command']}` ({result['when']}; CPU flags: {', '.join(result['machine']['cpu_flags'])}).",
        f"Median of {args.rounds} interleaved rounds; cosine to torch fp32's vectors of the same chunks.",
        "",
        "| engine | chunks/s | x torch bs32 | x torch bs16 | x ONNX fp32 | cosine mean | p5 | min |",
        "|---|---|---|---|---|---|---|---|",
    ]
    md += [
        f"| {r['engine']} | {r['chunks_per_s']} | {r['x_torch_bs32']} | {r['x_torch_bs16']} | {r['x_onnx_fp32']} "
        f"| {r['cosine_mean']} | {r['cosine_p5']} | {r['cosine_min']} |"
        for r in rows
    ]
    text = "\n".join(md) + "\n"
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "int8-recipes.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "int8-recipes.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
