"""Every setting, declared once, grouped by concern: name, default, environment variable and help.

Each group is a settings class of its own (`StoreSettings`, `EmbeddingSettings`,
`FetchSettings` from `ingest.settings`, `RetrievalSettings`, `AnswerSettings`,
`UISettings`, `EvalSettings`); `Settings` composes them, so access stays flat
(`settings.top_k`) and every environment variable is NEWSRAG_<NAME>. The settings
table (`newsrag settings --markdown`) is generated from these classes; the reasons and
measurements behind the defaults are in docs/settings-notes.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings

from ingest.settings import ENV_PREFIX, SETTINGS_CONFIG, FetchSettings

__all__ = [
    "ENV_PREFIX",
    "GROUPS",
    "APISettings",
    "AnswerSettings",
    "EmbeddingSettings",
    "EvalSettings",
    "FeedSettings",
    "FetchSettings",
    "RetrievalSettings",
    "Settings",
    "StoreSettings",
    "UISettings",
    "load_settings",
    "parse_assignments",
]


def default_data_dir() -> Path:
    """The per-user data directory (outside any working tree, so Gradio never serves it)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsrag", appauthor=False))


def default_eval_cache_dir() -> Path:
    """Where `newsrag eval --corpus` keeps the indexes it builds (the per-user cache, never a working tree)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsrag", appauthor=False)) / "eval"


def default_cache_dir() -> Path:
    """The per-user cache (models derived from the embedding model live in its models/)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsrag", appauthor=False))


_FACTORY_DEFAULTS = {
    "data_dir": "per-user data dir (e.g. ~/.local/share/newsrag)",
    "eval_cache_dir": "per-user cache dir (e.g. ~/.cache/newsrag/eval)",
    "cache_dir": "per-user cache dir (e.g. ~/.cache/newsrag)",
}


class StoreSettings(BaseSettings):
    """Where the index lives."""

    model_config = SETTINGS_CONFIG

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Directory holding the index (Chroma files, manifest). Keep it outside any served folder.",
    )
    collection: str = Field("newsrag", description="Name of the Chroma collection.")
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (http://host:port). Unset: embedded Chroma under data_dir."
    )
    chroma_token: str | None = Field(None, description="Auth token sent to the Chroma server, if it needs one.")
    chroma_token_header: Literal["Authorization", "X-Chroma-Token"] = Field(
        "Authorization", description="Header carrying chroma_token: `Authorization` (Bearer) or `X-Chroma-Token`."
    )


class EmbeddingSettings(BaseSettings):
    """How text is cut into chunks and turned into vectors."""

    model_config = SETTINGS_CONFIG

    embed_model: str = Field(
        "all-MiniLM-L6-v2", description="sentence-transformers model name or path (the default loads offline)."
    )
    embed_backend: Literal["torch", "onnx-int8", "openai"] = Field(
        "torch",
        description="What computes embeddings: `torch`, `onnx-int8` (needs newsrag[onnx]) or `openai` (embed_api_*).",
    )
    embed_api_base: str | None = Field(
        None, description="Base URL of the OpenAI-compatible embeddings server (embed_backend=openai)."
    )
    embed_api_key: str | None = Field(None, description="API key for the embeddings server (embed_backend=openai).")
    embed_api_model: str | None = Field(
        None, description="Embedding model name sent to the server (embed_backend=openai)."
    )
    embed_api_batch_size: int = Field(128, ge=1, description="Texts per request to the embeddings server.")
    embed_api_max_tokens: int = Field(
        256, ge=16, description="Chunk size limit for embed_backend=openai, counted in MiniLM WordPiece tokens."
    )
    embed_device: str = Field("cpu", description="Torch device for the embedding model (cpu, cuda, mps).")
    embed_onnx_fp32: bool = Field(
        True, description="With embed_backend=torch on cpu, run the model as an ONNX fp32 export (same vectors)."
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description="Per-user cache; models/ under it holds the ONNX export used by embed_onnx_fp32.",
    )
    embed_batch_size: int = Field(16, ge=1, description="Texts per encode batch.")
    chunk_tokens: int = Field(
        0, ge=0, description="Chunk size in model tokens, header included. 0: the model's max sequence length."
    )
    chunk_overlap: int = Field(32, ge=0, description="Overlap between consecutive chunks, in tokens.")
    chunk_header: bool = Field(True, description="Prefix each chunk with title, outlet and date when embedding it.")

    def effective_chunk_tokens(self, model_max_tokens: int) -> int:
        if self.chunk_tokens and self.chunk_tokens > model_max_tokens:
            from .errors import ConfigError

            raise ConfigError(
                f"chunk_tokens={self.chunk_tokens} exceeds the embedding model's limit of {model_max_tokens} "
                "tokens; text past the limit would be silently dropped. Lower NEWSRAG_CHUNK_TOKENS."
            )
        return self.chunk_tokens or model_max_tokens


class RetrievalSettings(BaseSettings):
    """Which passages a question gets: hybrid ranking, time words, recency, stories, reranking."""

    model_config = SETTINGS_CONFIG

    top_k: int = Field(5, ge=1, le=100, description="Passages retrieved and shown as sources.")
    max_per_article: int = Field(2, ge=1, description="At most this many passages from one article in a result.")
    retrieval_mode: Literal["hybrid", "dense", "keyword"] = Field(
        "hybrid", description="dense (Chroma), keyword (BM25) or hybrid (both, fused by reciprocal rank)."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in reciprocal rank fusion.")
    keyword_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in reciprocal rank fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant: score = weight / (rrf_k + rank).")
    candidates: int = Field(50, ge=5, le=500, description="Candidates taken from each ranking before fusion.")
    time_words: Literal["filter", "boost", "off"] = Field(
        "boost",
        description='What a time expression in the question ("last week") does: filter, boost or nothing (off).',
    )
    time_boost: float = Field(1.0, ge=0, description="With time_words=boost: score multiplier bonus inside the range.")
    recency_half_life_days: float = Field(
        30.0, gt=0, description='Half-life of the recency blend for "latest"/"current" questions, in days.'
    )
    recency_weight: float = Field(
        0.5, ge=0, le=1, description='Share of the score replaced by recency for "latest"/"current" questions.'
    )
    freshness_weight: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of the score replaced by freshness for questions without time words (0: off).",
    )
    freshness_half_life_days: float = Field(60.0, gt=0, description="Half-life of the freshness blend, in days.")
    freshness_relevance_margin: float = Field(
        0.4,
        ge=0,
        le=2,
        description="Freshness lifts only passages within this similarity margin of the best one (2: all).",
    )
    recency_relevance_margin: float = Field(
        0.25,
        ge=0,
        le=2,
        description='Recency lifts only passages within this similarity margin of the best one ("latest" questions).',
    )
    expand_acronyms: bool = Field(
        True,
        description='No passage similar enough: search again with acronyms written out ("BOJ (Bank of Japan)").',
    )
    spelling: bool = Field(
        True,
        description='Search a misspelled lower-case word as the index word one edit away ("turnuot": "turnout").',
    )
    capitals: bool = Field(
        True,
        description='A question typed in lower case gets the capitals the index writes ("kevin mccarthy": "Kevin McCarthy").',
    )
    collapse_stories: bool = Field(
        True, description="Show one copy of a syndicated story (the best passage) and list the other outlets."
    )
    story_threshold: float = Field(
        0.7, gt=0, le=1, description="MinHash Jaccard similarity above which two articles are copies of one story."
    )
    rerank_model: str | None = Field(
        None, description="sentence-transformers CrossEncoder name or path to rerank candidates (off when unset)."
    )
    rerank_candidates: int = Field(20, ge=1, description="Candidates the cross-encoder reranks.")


class AnswerSettings(BaseSettings):
    """How answers are written: the extractive answerer and the LLM (OpenAI or any compatible server)."""

    model_config = SETTINGS_CONFIG

    refuse_threshold: float = Field(
        0.30, description="Best passage's cosine similarity below which the extractive answerer refuses."
    )
    answer_sentences: int = Field(
        3,
        ge=1,
        le=10,
        description="Most sentences the extractive answer quotes (one more for what its lead points back to).",
    )
    openai_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("NEWSRAG_OPENAI_API_KEY", "OPENAI_API_KEY", "openai_api_key"),
        description="API key of the LLM server (env: OPENAI_API_KEY).",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("NEWSRAG_OPENAI_BASE_URL", "OPENAI_BASE_URL", "openai_base_url"),
        description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (env: OPENAI_BASE_URL).",
    )
    llm_model: str | None = Field(
        None, description="Model name sent to the LLM server. Setting it (or a base URL) enables LLM answers."
    )
    use_llm: bool | None = Field(
        None, description="LLM answers: unset = when a base URL or llm_model is set; true = always; false = never."
    )
    llm_temperature: float = Field(
        0.1, ge=0, le=2, description="Sampling temperature of LLM answers (low: stick to the sources)."
    )
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="Most tokens the LLM may write per answer.")
    llm_timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for the LLM server (to connect, and between streamed pieces)."
    )
    llm_retries: int = Field(
        2, ge=0, le=10, description="Retries on connection errors, 429 and 5xx, before any text arrives."
    )
    llm_support_threshold: float = Field(
        0.5, ge=0, le=1, description="Support score a sentence needs from the passage it cites to keep the citation."
    )
    llm_history_tokens: int = Field(
        1024, ge=0, description="Token budget of the chat history sent with follow-up questions (oldest dropped first)."
    )


class UISettings(BaseSettings):
    """The web UI (`newsrag serve`)."""

    model_config = SETTINGS_CONFIG

    ui_host: str = Field(
        "127.0.0.1", description="Address the web UI binds to (0.0.0.0 exposes it: then also set ui_auth_*)."
    )
    ui_port: int = Field(7860, ge=1, le=65535, description="Port of the web UI.")
    ui_auth_user: str | None = Field(
        None, description="Username the web UI asks for (with ui_auth_password). Unset: no login."
    )
    ui_auth_password: SecretStr | None = Field(None, description="Password the web UI asks for (with ui_auth_user).")
    ui_max_upload_mb: float = Field(20.0, gt=0, description="Largest file the web UI accepts for ingest, in MB.")
    ui_queue_size: int = Field(
        64, ge=1, description="Most requests the web UI holds waiting; further requests are told the queue is full."
    )
    ui_concurrency: int = Field(
        2, ge=1, description="Requests of one kind (chat, ingest) the web UI runs at the same time."
    )


class APISettings(BaseSettings):
    """The HTTP API of `newsrag serve`: REST /api/v1, OpenAI-compatible /v1, MCP /mcp."""

    model_config = SETTINGS_CONFIG

    api_token: SecretStr | None = Field(
        None, description="Bearer token every /api, /v1 and /mcp request must carry. Unset: no token (loopback only)."
    )
    api_ingest: bool = Field(True, description="Offer POST /api/v1/ingest (false: the route answers 403).")
    api_max_body_bytes: int = Field(
        25_000_000, ge=1024, description="Largest request body the API accepts, in bytes (larger: 413)."
    )
    api_max_question_chars: int = Field(
        2000, ge=1, le=2000, description="Longest question (or chat message) the API accepts, in characters."
    )
    api_max_top_k: int = Field(20, ge=1, le=100, description="Largest top_k an API request may ask for.")
    api_concurrency_per_client: int = Field(
        4, ge=1, description="Requests one client (IP address) may have running at once; more get 429."
    )
    api_timeout_s: float = Field(
        120.0, gt=0, description="Seconds an API request may take before it ends with 504 (or an error event)."
    )


class FeedSettings(BaseSettings):
    """Subscribed feeds (`newsrag feeds`, `newsrag watch`): how often, how politely, how long kept."""

    model_config = SETTINGS_CONFIG

    feed_every_s: int = Field(3600, ge=1, description="Seconds between two polls of a feed added without --every.")
    feed_backoff_max_s: int = Field(
        86400, ge=1, description="Longest wait before retrying a failing feed (the wait doubles per error up to this)."
    )
    feed_failing_after: int = Field(
        5, ge=1, description="Consecutive errors after which a feed is listed as `failing` (it is still retried)."
    )
    retention_days: int = Field(
        0, ge=0, description="The watcher removes articles published more than this many days ago (0: keep all)."
    )
    recheck_hours: float = Field(
        48.0,
        ge=0,
        description="Hours after publication during which a feed's fetched pages are read again at each poll (0: never).",
    )
    recheck_max: int = Field(20, ge=0, description="At most this many pages read again per feed poll, newest first.")


class EvalSettings(BaseSettings):
    """`newsrag eval`."""

    model_config = SETTINGS_CONFIG

    eval_cache_dir: Path = Field(
        default_factory=default_eval_cache_dir,
        description="Where `newsrag eval --corpus` caches the indexes it builds (keyed by corpus and index settings).",
    )


# (heading, group) in the order the settings table lists them.
GROUPS: tuple[tuple[str, type[BaseSettings]], ...] = (
    ("Store", StoreSettings),
    ("Embedding and chunking", EmbeddingSettings),
    ("Input limits and URL fetching", FetchSettings),
    ("Retrieval", RetrievalSettings),
    ("Answers and LLM", AnswerSettings),
    ("Web UI", UISettings),
    ("HTTP API", APISettings),
    ("Feeds and retention", FeedSettings),
    ("Evaluation", EvalSettings),
)


class Settings(
    EvalSettings,
    FeedSettings,
    APISettings,
    UISettings,
    AnswerSettings,
    RetrievalSettings,
    FetchSettings,
    EmbeddingSettings,
    StoreSettings,
):
    """newsrag's configuration: every group, flat (`settings.top_k`). Environment variables override
    defaults; keyword arguments (``NewsRAG(top_k=8)``) and CLI options override both."""

    model_config = SETTINGS_CONFIG

    @classmethod
    def env_name(cls, field: str) -> str:
        info = cls.model_fields[field]
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            return str(alias.choices[1])
        return ENV_PREFIX + field.upper()

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One row per setting, group by group: group, name, env var, default and help."""
        rows = []
        for heading, group in GROUPS:
            for name, info in group.model_fields.items():
                if info.default_factory is not None:
                    default = _FACTORY_DEFAULTS.get(name, "(computed)")
                else:
                    default = info.default
                rows.append(
                    {
                        "group": heading,
                        "name": name,
                        "env": cls.env_name(name),
                        "default": default,
                        "help": info.description or "",
                    }
                )
        return rows

    @classmethod
    def markdown_table(cls) -> str:
        """One Markdown table per group, each under a `####` heading."""
        blocks: list[str] = []
        rows = cls.describe()
        for heading, _ in GROUPS:
            lines = [
                f"#### {heading}",
                "",
                "| setting | environment variable | default | meaning |",
                "| --- | --- | --- | --- |",
            ]
            for row in rows:
                if row["group"] != heading:
                    continue
                default = "unset" if row["default"] is None else f"`{row['default']}`"
                lines.append(f"| `{row['name']}` | `{row['env']}` | {default} | {row['help']} |")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)


def _config_error(exc: Exception) -> Exception:
    from pydantic import ValidationError

    from .errors import ConfigError

    assert isinstance(exc, ValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors())
    return ConfigError(f"invalid settings: {problems}")


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit keyword overrides (None values ignored)."""
    from pydantic import ValidationError

    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        raise _config_error(exc) from None


def parse_assignments(assignments: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`name=value` strings (the CLI's `--set`) as a dict, checked against `Settings`: ConfigError for
    a malformed assignment, an unknown setting name or a value the setting does not accept."""
    from pydantic import ValidationError

    from .errors import ConfigError

    values: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip().replace("-", "_").lower()
        if not sep or not name:
            raise ConfigError(f"--set {assignment!r}: write name=value, e.g. --set top_k=8")
        if name not in Settings.model_fields:
            close = _closest(name, list(Settings.model_fields))
            hint = f" (did you mean {close}?)" if close else ""
            raise ConfigError(
                f"--set {assignment!r}: no setting is called {name!r}{hint}; `newsrag settings` lists them"
            )
        values[name] = value
    try:
        Settings(**values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            where = f"--set {name}={values[name]}" if name in values else name or "settings"
            problems.append(f"{where}: {error['msg']}")
        raise ConfigError("invalid settings: " + "; ".join(problems)) from None
    return values


def _closest(name: str, names: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, names, n=1)
    return found[0] if found else None
