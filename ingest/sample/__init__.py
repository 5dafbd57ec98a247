"""The bundled sample news: short articles written for newsrag, with real outlets, dates and URLs."""

from pathlib import Path

# The question the sample was written to answer, and the article that answers it
DEMO_QUESTION = "What did Russia propose at the UN?"
DEMO_URL = (
    "https://www.reuters.com/world/middle-east/putin-meets-iranian-foreign-minister-araqchi-kremlin-after-us-strikes-"
    "2025-06-23/"
)


def sample_path() -> Path:
    return Path(__file__).with_name("news.jsonl")
