"""Settings grouped by concern: each declared once, flat access and NEWSRAG_* names unchanged, `--set`."""

from __future__ import annotations

import json

import pytest

from ingest.limits import Limits
from ingest.settings import FetchSettings
from rag import cli
from rag.cli import main
from rag.errors import ConfigError
from rag.settings import GROUPS, Settings, load_settings, parse_assignments

# The environment variables users have configured: renaming one would silently drop their setting.
ENV_NAMES = {
    *(
        "NEWSRAG_" + name
        for name in """ANSWER_SENTENCES CACHE_DIR CANDIDATES CAPITALS CHROMA_TOKEN CHROMA_TOKEN_HEADER CHROMA_URL CHUNK_HEADER
        CHUNK_OVERLAP CHUNK_TOKENS COLLAPSE_STORIES COLLECTION DATA_DIR DENSE_WEIGHT EMBED_API_BASE
        EMBED_API_BATCH_SIZE EMBED_API_KEY EMBED_API_MAX_TOKENS EMBED_API_MODEL EMBED_BACKEND EMBED_BATCH_SIZE
        EMBED_DEVICE EMBED_MODEL EMBED_ONNX_FP32 EVAL_CACHE_DIR FETCH_ALLOW_HOSTS FETCH_MAX_BYTES FETCH_MAX_REDIRECTS
        FETCH_TIMEOUT FRESHNESS_HALF_LIFE_DAYS FRESHNESS_WEIGHT KEYWORD_WEIGHT LLM_HISTORY_TOKENS LLM_MAX_TOKENS
        LLM_MODEL LLM_RETRIES LLM_SUPPORT_THRESHOLD LLM_TEMPERATURE LLM_TIMEOUT MAX_DOCUMENT_BYTES MAX_FILE_BYTES
        MAX_PER_ARTICLE RECENCY_HALF_LIFE_DAYS RECENCY_RELEVANCE_MARGIN RECENCY_WEIGHT REFUSE_THRESHOLD
        RERANK_CANDIDATES RERANK_MODEL RETRIEVAL_MODE RRF_K SPELLING STORY_THRESHOLD TIME_BOOST TIME_WORDS TOP_K
        UI_AUTH_PASSWORD UI_AUTH_USER UI_CONCURRENCY UI_HOST UI_MAX_UPLOAD_MB UI_PORT UI_QUEUE_SIZE USE_LLM""".split()
    ),
    "NEWSRAG_MAX_ARTICLE_WORDS",
    "NEWSRAG_API_TOKEN",
    "NEWSRAG_API_INGEST",
    "NEWSRAG_API_MAX_BODY_BYTES",
    "NEWSRAG_API_MAX_QUESTION_CHARS",
    "NEWSRAG_API_MAX_TOP_K",
    "NEWSRAG_API_CONCURRENCY_PER_CLIENT",
    "NEWSRAG_API_TIMEOUT_S",
    "NEWSRAG_FETCH_HOST_INTERVAL",
    "NEWSRAG_FEED_EVERY_S",
    "NEWSRAG_FEED_BACKOFF_MAX_S",
    "NEWSRAG_FEED_FAILING_AFTER",
    "NEWSRAG_RETENTION_DAYS",
    "NEWSRAG_RECHECK_HOURS",
    "NEWSRAG_RECHECK_MAX",
    "NEWSRAG_FOLLOW_SYMLINKS_OUTSIDE",
    "NEWSRAG_FETCH_ALLOW_URL_CREDENTIALS",
    "NEWSRAG_FEED_FULL_TEXT",
    "NEWSRAG_FEED_SUMMARY_WORDS",
    "NEWSRAG_FRESHNESS_RELEVANCE_MARGIN",
    "NEWSRAG_EXPAND_ACRONYMS",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
}


def test_every_setting_is_declared_in_exactly_one_group():
    seen: dict[str, str] = {}
    for heading, group in GROUPS:
        for name in group.model_fields:
            assert name not in seen, f"{name} is declared in {seen[name]} and {heading}"
            seen[name] = heading
    assert set(seen) == set(Settings.model_fields)
    assert {group for _, group in GROUPS} == {base for base in Settings.__bases__}


def test_environment_variable_names_are_unchanged():
    assert {Settings.env_name(name) for name in Settings.model_fields} == ENV_NAMES


def test_flat_access_and_environment_reach_every_group(monkeypatch):
    monkeypatch.setenv("NEWSRAG_TOP_K", "7")  # retrieval
    monkeypatch.setenv("NEWSRAG_FETCH_ALLOW_HOSTS", "intranet.example.com, 10.0.0.0/8")  # fetch (ingest)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # answer, by its unprefixed alias
    monkeypatch.setenv("NEWSRAG_UI_PORT", "8001")  # ui
    settings = load_settings(chunk_overlap=8)  # embedding, as a keyword override
    assert settings.top_k == 7
    assert settings.fetch_allow_hosts == ["intranet.example.com", "10.0.0.0/8"]
    assert settings.openai_base_url == "http://127.0.0.1:9/v1"
    assert settings.ui_port == 8001
    assert settings.chunk_overlap == 8
    assert FetchSettings().fetch_allow_hosts == ["intranet.example.com", "10.0.0.0/8"]


def test_help_is_one_short_line():
    for row in Settings.describe():
        assert row["help"] and "\n" not in row["help"], row["name"]
        assert len(row["help"]) <= 120, f"{row['name']}: move the explanation to docs/settings-notes.md"


def test_markdown_has_one_table_per_group():
    table = Settings.markdown_table()
    for heading, group in GROUPS:
        section = table.split(f"#### {heading}\n", 1)[1].split("####", 1)[0]
        assert {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")} == set(
            group.model_fields
        )


def test_limits_are_the_fetch_settings_declared_once(monkeypatch):
    assert Limits.model_fields.keys() == FetchSettings.model_fields.keys()
    monkeypatch.setenv("NEWSRAG_FETCH_TIMEOUT", "3")
    assert Limits().fetch_timeout == FetchSettings.model_fields["fetch_timeout"].default  # defaults, not the env
    assert Limits.from_settings(load_settings()).fetch_timeout == 3.0
    assert Limits(fetch_max_redirects=2).fetch_max_redirects == 2
    with pytest.raises(ValueError):
        Limits(fetch_max_redirects=-1)


def test_parse_assignments_checks_names_and_values():
    assert parse_assignments(["top_k=8", "retrieval-mode=dense"]) == {"top_k": "8", "retrieval_mode": "dense"}
    with pytest.raises(ConfigError, match="did you mean top_k"):
        parse_assignments(["topk=8"])
    with pytest.raises(ConfigError, match="name=value"):
        parse_assignments(["top_k"])
    with pytest.raises(ConfigError, match=r"--set top_k=0: Input should be greater than or equal to 1"):
        parse_assignments(["top_k=0"])


def test_cli_set_reaches_any_setting(capsys, monkeypatch, tmp_path):
    seen = {}

    def fake_settings_command(args):
        settings = load_settings()
        seen.update(top_k=settings.top_k, data_dir=settings.data_dir, hosts=settings.fetch_allow_hosts)
        seen["key"] = settings.openai_api_key
        return 0

    monkeypatch.setenv("NEWSRAG_TOP_K", "3")
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    monkeypatch.setitem(cli._COMMANDS, "settings", fake_settings_command)
    argv = ["--set", "top_k=9", "--set", f"data_dir={tmp_path}", "settings", "--set", "fetch_allow_hosts=a.example,b"]
    assert main([*argv, "--set", "openai_api_key=from-cli"]) == 0
    assert seen == {"top_k": 9, "data_dir": tmp_path, "hosts": ["a.example", "b"], "key": "from-cli"}
    # the overrides last for the command only
    assert load_settings().top_k == 3 and load_settings().openai_api_key == "from-env"


def test_cli_set_refuses_unknown_names_and_bad_values(capsys):
    assert main(["--set", "top_kk=3", "settings"]) == 1
    assert "no setting is called 'top_kk' (did you mean top_k?)" in capsys.readouterr().err
    assert main(["settings", "--set", "ui_port=http"]) == 1
    assert "--set ui_port=http: Input should be a valid integer" in capsys.readouterr().err


def test_cli_set_with_a_real_command(capsys, tmp_path):
    assert main(["--set", f"data_dir={tmp_path}", "--set", "embed_model=hash", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["data_dir"] == str(tmp_path) and stats["articles"] == 0
