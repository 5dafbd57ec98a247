"""Ingest -> index -> ask with the fast fake embedder and a real embedded Chroma."""

from __future__ import annotations

import pytest

from ingest.records import Article
from rag.chunking import Chunker
from rag.embedding import HashEmbedder
from rag.errors import QuestionError

from .conftest import article, write_jsonl

HARBOUR = " ".join(
    f"Paragraph {i}: the harbour of Valmora handled {1000 + i} containers while crane {i} was repaired."
    for i in range(60)
)


def corpus(tmp_path):
    return write_jsonl(
        tmp_path / "news.jsonl",
        [
            article(
                "Valmora harbour busy",
                HARBOUR,
                url="https://gazette.example.org/harbour",
                outlet="Valmora Gazette",
                published_at="2025-03-03",
            ),
            article(
                "Council approves budget",
                "The Valmora city council approved a road budget of 4.2 million euros on Tuesday.",
                url="https://wire.example.com/budget",
                outlet="Wire",
                published_at="2024-05-01",
            ),
            article(
                "Glacier retreat measured",
                "Scientists measured the Orrin glacier retreating 40 metres in one summer.",
                url="https://science.example.net/glacier",
                outlet="Science Daily",
                published_at="2023-08-10",
            ),
        ],
    )


def test_ingest_then_ask_cites_the_right_passage(fake_rag, tmp_path):
    report = fake_rag.ingest([corpus(tmp_path)])
    assert (report.added, report.updated, report.unchanged, report.skipped) == (3, 0, 0, [])
    answer = fake_rag.ask("How large was the road budget the Valmora council approved?")
    assert not answer.refused and answer.mode == "extractive"
    assert "4.2 million euros" in answer.text and "[1]" in answer.text
    cite = answer.citations[0]
    assert cite.n == 1 and cite.outlet == "Wire" and cite.url == "https://wire.example.com/budget"
    assert cite.quote in cite.text and cite.published_at.startswith("2024-05-01")
    assert cite.chunk_id.startswith(cite.article_id)


def test_reingest_is_idempotent(fake_rag, tmp_path):
    path = corpus(tmp_path)
    first = fake_rag.ingest([path])
    chunks = fake_rag.store.count()
    assert chunks == first.chunks_written > 3
    again = fake_rag.ingest([path])
    assert (again.added, again.updated, again.unchanged, again.chunks_written) == (0, 0, 3, 0)
    assert fake_rag.store.count() == chunks
    assert fake_rag.stats()["chunks"] == chunks


def test_update_replaces_chunks_without_orphans(fake_rag, tmp_path):
    path = corpus(tmp_path)
    fake_rag.ingest([path])
    before = fake_rag.store.count()
    harbour_chunks = [i for i in fake_rag.store.all_ids()]
    short = write_jsonl(
        tmp_path / "update.jsonl",
        [
            article(
                "Valmora harbour busy",
                "Correction: the harbour of Valmora handled 999 containers.",
                url="https://gazette.example.org/harbour",
                outlet="Valmora Gazette",
                published_at="2025-03-03",
            )
        ],
    )
    report = fake_rag.ingest([short])
    assert (report.added, report.updated) == (0, 1) and report.chunks_deleted > 0
    after_ids = set(fake_rag.store.all_ids())
    assert fake_rag.store.count() == before - report.chunks_deleted + report.chunks_written
    assert len(after_ids) < len(harbour_chunks)
    answer = fake_rag.ask("How many containers did the harbour of Valmora handle?")
    assert "999 containers" in answer.text
    assert all("crane" not in p.text for p in answer.passages)  # the old text is gone


def test_date_and_outlet_filters_are_applied_in_the_store(fake_rag, tmp_path):
    fake_rag.ingest([corpus(tmp_path)])
    q = "What did the Valmora council and the harbour and the glacier scientists do?"
    assert {p.outlet for p in fake_rag.retrieve(q, since="2024-01-01").passages} == {"Wire", "Valmora Gazette"}
    assert {p.outlet for p in fake_rag.retrieve(q, until="2024-05-01").passages} == {"Wire", "Science Daily"}
    assert {p.outlet for p in fake_rag.retrieve(q, outlets=["science daily"]).passages} == {"Science Daily"}
    assert {p.outlet for p in fake_rag.retrieve(q, since="2024-05-01", until="2024-05-01").passages} == {"Wire"}


def test_filter_matching_nothing_refuses_and_says_so(fake_rag, tmp_path):
    fake_rag.ingest([corpus(tmp_path)])
    answer = fake_rag.ask("What did the council approve?", since="2030-01-01")
    assert answer.refused and answer.citations == [] and answer.passages == []
    assert "matches the filters" in answer.text and "0 articles" in answer.text and "2030-01-01" in answer.text
    assert "Its articles are dated" in answer.text
    answer = fake_rag.ask("What did the council approve?", outlets=["Nobody Times"])
    assert answer.refused and "Nobody Times" in answer.text


def test_per_article_cap_lets_other_sources_in(fake_rag, tmp_path):
    fake_rag.ingest([corpus(tmp_path)])
    passages = fake_rag.retrieve("harbour of Valmora containers crane", top_k=5).passages
    per_article = {}
    for p in passages:
        per_article[p.article_id] = per_article.get(p.article_id, 0) + 1
    assert max(per_article.values()) <= fake_rag.settings.max_per_article
    assert len(per_article) >= 2


def test_empty_index_and_bad_questions(fake_rag):
    answer = fake_rag.ask("Anything?")
    assert answer.refused and "index is empty" in answer.text
    with pytest.raises(QuestionError):
        fake_rag.ask("   \x00\x07  ")
    with pytest.raises(QuestionError, match="date"):
        fake_rag.ask("Anything?", since="last tuesday")


def test_chunks_fit_the_budget_and_ids_are_stable():
    emb = HashEmbedder(max_tokens=64)
    chunker = Chunker(emb.count_tokens, 64, 8)
    art = Article.create(title="Valmora harbour", text=HARBOUR, outlet="Gazette", published_at="2025-03-03")
    chunks = chunker.split(art)
    assert len(chunks) > 5
    assert all(emb.count_tokens(c.embed_text) <= 64 for c in chunks)
    assert chunks[0].embed_text.startswith("Valmora harbour | Gazette | 2025-03-03\n")
    assert [c.id for c in chunks] == [f"{art.id}:{art.content_hash[:8]}:{i:04d}" for i in range(len(chunks))]
    assert [c.id for c in chunker.split(art)] == [c.id for c in chunks]
    for i in range(10, 60, 7):  # nothing lost between chunks
        assert any(f"crane {i} " in c.text for c in chunks)


def test_chunking_skips_tokenizing_texts_longer_than_the_budget_and_chunks_the_same():
    emb = HashEmbedder(max_tokens=64)
    seen: list[str] = []

    def count(text: str) -> int:
        seen.append(text)
        return emb.count_tokens(text)

    class ExactChunker(Chunker):  # measures every text, as the splitter alone would
        def _size(self, text: str) -> int:
            return self._count(text)

    text = "\n\n".join([HARBOUR, HARBOUR.replace("crane", "barge")])
    art = Article.create(title="Valmora harbour", text=text, outlet="Gazette", published_at="2025-03-03")
    chunks = Chunker(count, 64, 8).split(art)
    assert seen and max(len(t.split()) for t in seen) <= 64  # the article and its paragraphs were not tokenized
    exact = ExactChunker(emb.count_tokens, 64, 8).split(art)
    assert [(c.id, c.embed_text) for c in chunks] == [(c.id, c.embed_text) for c in exact]


def test_readers_see_whole_versions_and_reconcile_removes_orphans(fake_rag, tmp_path):
    """What a crashed ingest leaves (chunks without a manifest commit) is invisible, then cleaned."""
    fake_rag.ingest([corpus(tmp_path)])
    before = set(fake_rag.store.all_ids())
    # Simulate a crash after the store write and before the manifest commit of an update.
    from rag.chunking import Chunker

    updated = Article.create(
        title="Council approves budget",
        text="The council approved 9.9 million euros for bridges.",
        url="https://wire.example.com/budget",
        outlet="Wire",
        published_at="2024-05-01",
    )
    chunker = Chunker(fake_rag.embedder.count_tokens, fake_rag.embedder.max_tokens, 8)
    new_chunks = chunker.split(updated)
    fake_rag.store.upsert(
        [c.id for c in new_chunks],
        fake_rag.embedder.embed([c.embed_text for c in new_chunks]),
        [c.text for c in new_chunks],
        [c.metadata(updated, len(new_chunks)) for c in new_chunks],
    )
    answer = fake_rag.ask("How much did the council approve for bridges?")
    assert "9.9 million" not in answer.text and all("9.9 million" not in p.text for p in answer.passages)
    from rag.reconcile import reconcile

    fixed = reconcile(fake_rag.store, fake_rag.manifest)
    assert fixed.orphans_deleted == len(new_chunks)
    assert set(fake_rag.store.all_ids()) == before


class FlakyEmbedder(HashEmbedder):
    """Fails on its n-th call, like a model or a remote embedder going away mid-ingest."""

    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.calls = 0
        self.fail_on = fail_on

    def embed(self, texts):
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("embedder went away")
        return super().embed(texts)


def test_failing_embedder_marks_nothing_done_that_was_not_written(tmp_path):
    from ingest.sources import iter_items
    from rag import NewsRAG
    from rag.pipeline import IngestPipeline

    records = [
        article(
            f"Story {i}",
            f"Report number {i} about the harbour of Valmora. " * 20,
            url=f"https://gazette.example.org/{i}",
        )
        for i in range(12)
    ]
    path = write_jsonl(tmp_path / "many.jsonl", records)
    rag = NewsRAG(data_dir=tmp_path / "idx", embedder=FlakyEmbedder(fail_on=2))
    chunker = Chunker(rag.embedder.count_tokens, 128, 8)
    pipeline = IngestPipeline(
        embedder=rag.embedder, store=rag.store, manifest=rag.manifest, chunker=chunker, flush_chunks=4, lookup_batch=4
    )
    with pytest.raises(RuntimeError, match="went away"):
        pipeline.run(iter_items([path]))
    done = rag.manifest.stats()["articles"]
    assert 0 < done < 12
    assert set(rag.store.all_ids()) == {row[0] for row in rag.manifest.iter_chunks()}  # no orphan vectors
    rag.embedder.fail_on = -1
    report = rag.ingest([path])
    assert report.added == 12 - done and report.unchanged == done
    assert rag.stats()["articles"] == 12
    assert set(rag.store.all_ids()) == {row[0] for row in rag.manifest.iter_chunks()}


def test_same_text_under_another_outlet_is_unchanged_only_when_asked(fake_rag, tmp_path):
    """The feed watcher's rule: one story reached through two feeds (other outlet names) is not
    re-embedded; a plain ingest still records the new metadata."""
    from ingest.items import Item
    from ingest.report import IngestReport
    from rag.locking import ingest_lock

    def story(outlet: str) -> list[Item]:
        return [
            Article.create(
                title="Budget approved",
                text="The Valmora city council approved a road budget of 4.2 million euros on Tuesday.",
                url="https://wire.example.com/budget",
                outlet=outlet,
            )
        ]

    with ingest_lock(fake_rag.settings.data_dir):
        first = fake_rag._write(story("Wire - World"), IngestReport())
        same = fake_rag._write(story("Wire - Top stories"), IngestReport(), same_text_unchanged=True)
        plain = fake_rag._write(story("Wire - Top stories"), IngestReport())
    assert (first.added, same.unchanged, same.chunks_written) == (1, 1, 0)
    assert (plain.updated, plain.unchanged) == (1, 0)
    assert story("x")[0].text_hash == story("y")[0].text_hash != story("x")[0].content_hash
