"""Built indexes for `newsrag eval --corpus`, cached by what determines their content.

An index directory is named by sha256 of (the corpus bytes, the index-relevant settings,
INDEX_VERSION). A directory counts as built only once its `READY` marker is written; a
half-built one (an interrupted run) is resumed or rebuilt, and a file lock keeps two runs
from building the same index at once.

INDEX_VERSION is the index format: it must change whenever ingest writes other chunks or
other vectors for the same corpus. `FINGERPRINTS` records, per version, `index_fingerprint`
of the bundled sample news ingested with the hash embedder (chunk ids, texts and metadata,
and each chunk's similarity to fixed probe vectors, which moves when the embedded text
moves). tests/test_eval_cache.py recomputes it: when chunking, the chunk header, the record
builder or the ingest pipeline changes its output, the test fails until a new version with
its fingerprint is added, so stale cached indexes are never reused; edits that change no
output (most edits) leave every cache valid. The embedding model's name is part of the key.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.errors import EvalSetError
from rag.text import article_text, split_sentences

FINGERPRINTS = {
    1: "d6fd0f38019e92919ffb093ba6f95baf8890d6d50412fd77ed65c094334c8e1c",
    # sentences open with capitals beyond ASCII ("Über 200 joined."); SPLIT_PROBE joins the fingerprint
    2: "b34c6d03cbe5c4376b7fd6e8456716b87819659cca11ed5425ab177f2e51ea3e",
    # an article's text is written out of URL escapes and cleaned of furniture and promotions; CLEAN_PROBE joins
    3: "8230acda3fe64d72ec8ba0d862689e3eaf891e5c788d6a47fad8a835d7d35bab",
    # a blog feed's "The post ... appeared first on ..." footer and a summary's "[…]" cut too
    4: "29a1cd57e49f3fb036fc1d7abeb247e6e61b2cd743adff63b8d2c2b9d19f7ff8",
}  # INDEX_VERSION -> index_fingerprint of the sample news (tests/test_eval_cache.py)
INDEX_VERSION = max(FINGERPRINTS)
PROBES = ("president election vote", "police said on monday", "company shares market prices")
# sentence boundaries the sample news lacks, which the chunker splits at too: a capital beyond ASCII, initials, a quote
# what an article's text is cleaned of, which the sample news lacks: URL escapes, furniture, a promotion, a feed's marks
CLEAN_PROBE = (
    "Fans cheered%2C sang. Read more\nAdvertisement\nPhoto gallery: Fans sing.\n"
    "The Daily is a news roundup. Subscribe to the newsletter here.\nEnd. [...]\n"
    "The post Fans sing appeared first on The Daily.\nFans left."
)
SPLIT_PROBE = 'Café owners protested. Über 200 joined. Élysée aides said so. J. R. Smith agreed. "Yes." Łódź next.'
READY = "READY.json"
_CHUNK = 1 << 20


def corpus_files(path: Path) -> list[Path]:
    """The files of a corpus: the file itself, or every non-hidden file under a folder, sorted."""
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if files:
            return files
        raise EvalSetError(f"the corpus folder {path} holds no files")
    raise EvalSetError(f"the corpus {path} does not exist; pass a JSONL/JSON file or a folder of articles")


def corpus_digest(path: Path) -> str:
    """sha256 over the corpus files' relative names and bytes."""
    return files_digest(corpus_files(path), path if path.is_dir() else path.parent)


def files_digest(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(root)).encode() + b"\0")
        with f.open("rb") as fh:
            while block := fh.read(_CHUNK):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def index_key(kind: str, digest: str, params: dict[str, Any]) -> str:
    blob = json.dumps(
        {"kind": kind, "corpus": digest, "index_version": INDEX_VERSION, **params}, sort_keys=True, default=str
    )
    return f"{kind}-{hashlib.sha256(blob.encode()).hexdigest()[:24]}"


def index_fingerprint(rag: Any) -> str:
    """sha256 over what an index holds (a NewsRAG, through its store): every chunk's id, text and
    metadata, and its similarity to the embeddings of PROBES (4 decimals), in id order; and how the chunker's
    sentence splitter splits SPLIT_PROBE (boundaries the sample news may not show) and how an article's text is
    cleaned of CLEAN_PROBE's escapes, furniture and promotion."""
    store = rag.store
    ids = sorted(store.all_ids())
    h = hashlib.sha256(json.dumps(split_sentences(SPLIT_PROBE)).encode())
    h.update(article_text(CLEAN_PROBE).encode())
    hits = {hit.id: hit for hit in store.get(ids)}
    for probe in rag.embedder.embed(list(PROBES)):
        sims = {hit.id: hit.similarity for hit in store.get(ids, query=probe)}
        h.update(json.dumps([round(float(sims[i]), 4) for i in ids]).encode())
    for i in ids:
        blob = {"id": i, "text": hits[i].document, "meta": hits[i].metadata}
        h.update(json.dumps(blob, sort_keys=True, default=str).encode() + b"\0")
    return h.hexdigest()


def is_ready(index_dir: Path) -> bool:
    return (index_dir / READY).is_file()


def ready_info(index_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((index_dir / READY).read_text())
    except (OSError, ValueError):
        return {}


def ensure_index(
    index_dir: Path,
    build: Callable[[Path], dict[str, Any]],
    *,
    resumable: bool,
    params: dict[str, Any],
) -> tuple[dict[str, Any], bool]:
    """Build the index in `index_dir` unless it is ready; returns (build info, reused).

    `build(index_dir)` fills the directory and returns what to record. A non-resumable
    build starts from an empty directory when an earlier attempt left one behind.
    """
    from filelock import FileLock

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(index_dir) + ".lock"):
        if is_ready(index_dir):
            return ready_info(index_dir), True
        if index_dir.exists() and not resumable:
            shutil.rmtree(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        info = {**build(index_dir), "params": params, "index_version": INDEX_VERSION}
        (index_dir / READY).write_text(json.dumps(info, indent=2, sort_keys=True, default=str))
        return info, False
