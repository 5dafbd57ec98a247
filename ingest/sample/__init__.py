"""The bundled sample news: short articles written for newsrag, with real outlets, dates and URLs."""

from pathlib import Path


def sample_path() -> Path:
    return Path(__file__).with_name("news.jsonl")
