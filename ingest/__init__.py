"""Reading sources into article records: files, JSONL, HTML, feeds, URLs, decoding, the safe fetcher, limits.

The bottom layer: it imports nothing from rag, ui or eval (tests/test_layers.py checks it). Chunking,
embedding and writing the index are rag's (rag/chunking.py, rag/pipeline.py).
"""
