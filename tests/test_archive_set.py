"""eval.archive_set: a dev set's questions over the archive as it stood when they were asked."""

from __future__ import annotations

import json

from eval.archive_set import archive_until, main


def test_the_archive_keeps_articles_published_by_the_cutoff(tmp_path):
    archive = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a", "published_at": "2023-01-31", "text": "kept: the last day"},
        {"id": "b", "published_at": "2023-02-01", "text": "after the cutoff"},
        {"id": "c", "published_at": None, "text": "undated"},
        {"id": "d", "published_at": "2019-05-02T10:00:00Z", "text": "kept: older"},
    ]
    archive.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert archive_until(archive, "2023-01-31", out) == (2, 4)
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["a", "d"]


def test_the_command_copies_the_questions(tmp_path):
    src = tmp_path / "set"
    src.mkdir()
    (src / "questions.jsonl").write_text('{"id": "q1", "question": "Who?"}\n', encoding="utf-8")
    archive = tmp_path / "archive.jsonl"
    archive.write_text('{"id": "a", "published_at": "2023-01-02", "text": "x"}\n', encoding="utf-8")
    dest = tmp_path / "dest"
    assert main([str(src), "--archive", str(archive), "--until", "2023-01-01", "--out", str(dest)]) == 0
    assert (dest / "questions.jsonl").read_text(encoding="utf-8") == (src / "questions.jsonl").read_text(
        encoding="utf-8"
    )
    assert (dest / "corpus.jsonl").read_text(encoding="utf-8") == ""
