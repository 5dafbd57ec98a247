"""Talking to the LLM: a small ChatClient protocol and its `openai`-package implementation.

Every failure becomes `LLMError` with a message naming the server and the fix. Retries with
exponential backoff (the openai client's own: connection errors, 408/409/429 and 5xx) happen
only before any text arrives, where a retry cannot duplicate output; a stream that breaks
midway is reported, never silently restarted.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import ConfigError, LLMError

if TYPE_CHECKING:
    from ..settings import Settings

Message = dict[str, str]
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
LOCAL_PLACEHOLDER_KEY = "no-key-needed"  # local servers ignore the key, the openai package demands one


@runtime_checkable
class ChatClient(Protocol):
    """What the answerer needs from an LLM. `label` names the server in messages."""

    label: str

    def complete(self, messages: Sequence[Message], *, max_tokens: int, temperature: float) -> str: ...

    def stream(self, messages: Sequence[Message], *, max_tokens: int, temperature: float) -> Iterator[str]: ...


def llm_configured(settings: Settings) -> bool:
    """An LLM counts as configured when a base URL or a model name is set."""
    return bool(settings.openai_base_url or settings.llm_model)


def use_llm(settings: Settings, llm: bool | None = None, *, client_given: bool = False) -> bool:
    """The per-call decision: `llm` (True/False) wins, then the `use_llm` setting, then "configured?"
    (a base URL or model in the settings, or a client handed to NewsRAG).

    Asking for the LLM when none is configured is a ConfigError that says what to set.
    """
    configured = client_given or llm_configured(settings)
    wanted = llm if llm is not None else settings.use_llm
    if wanted is None:
        return configured
    if wanted and not configured:
        raise ConfigError(
            "LLM answers were requested but no LLM is configured: set OPENAI_BASE_URL (an OpenAI-compatible "
            "server, e.g. http://127.0.0.1:8080/v1) or NEWSRAG_LLM_MODEL (with OPENAI_API_KEY for OpenAI), "
            "or drop --llm / NEWSRAG_USE_LLM"
        )
    return bool(wanted)


def _transport_errors() -> tuple[type[BaseException], ...]:
    """Errors a broken stream can raise below the openai layer (its HTTP library), plus OSError."""
    errors: list[type[BaseException]] = [OSError]
    for name in ("httpx2", "httpx"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        errors.append(module.HTTPError)
        errors.append(module.StreamError)
    return tuple(errors)


class OpenAIChatClient:
    """Chat completions through the `openai` package, against OpenAI or an OpenAI-compatible server."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str | None,
        timeout: float,
        retries: int,
    ) -> None:
        if not base_url and not api_key:
            raise ConfigError(
                "no OPENAI_API_KEY for OpenAI: set OPENAI_API_KEY, or set OPENAI_BASE_URL to a local "
                "OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio)"
            )
        self.base_url = (base_url or OPENAI_DEFAULT_URL).rstrip("/")
        self.label = self.base_url
        self.timeout = timeout
        self.retries = retries
        self._model = model
        self._api_key = api_key or LOCAL_PLACEHOLDER_KEY

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIChatClient:
        return cls(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            model=settings.llm_model,
            timeout=settings.llm_timeout,
            retries=settings.llm_retries,
        )

    @cached_property
    def _client(self) -> Any:
        from openai import OpenAI

        return OpenAI(base_url=self.base_url, api_key=self._api_key, timeout=self.timeout, max_retries=self.retries)

    @cached_property
    def model(self) -> str:
        """The configured model, or the server's first model (one-model servers: llama.cpp, LM Studio)."""
        if self._model:
            return self._model
        import openai

        try:
            models = [m.id for m in self._client.models.list()]
        except openai.OpenAIError as exc:
            raise self._translate(exc) from None
        if not models:
            raise LLMError(f"the LLM server at {self.label} lists no model; load one, or set NEWSRAG_LLM_MODEL")
        return models[0]

    def complete(self, messages: Sequence[Message], *, max_tokens: int, temperature: float) -> str:
        import openai

        try:
            response = self._client.chat.completions.create(
                model=self.model, messages=list(messages), max_tokens=max_tokens, temperature=temperature
            )
        except openai.OpenAIError as exc:
            raise self._translate(exc) from None
        if not response.choices:
            raise LLMError(f"the LLM server at {self.label} returned no answer; check that it serves chat completions")
        return response.choices[0].message.content or ""

    def stream(self, messages: Sequence[Message], *, max_tokens: int, temperature: float) -> Iterator[str]:
        import openai

        try:
            chunks = self._client.chat.completions.create(
                model=self.model, messages=list(messages), max_tokens=max_tokens, temperature=temperature, stream=True
            )
        except openai.OpenAIError as exc:  # retried by the client before we get here
            raise self._translate(exc) from None
        started = time.monotonic()
        finished = False
        try:
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
                finished = finished or bool(chunk.choices and chunk.choices[0].finish_reason)
            if not finished:  # a server that closes the connection mid-answer: the body just ends
                raise LLMError(
                    f"the stream from the LLM server at {self.label} ended before the server said the answer was "
                    f"complete (no finish_reason, after {time.monotonic() - started:.0f}s); check the server's log"
                )
        except openai.OpenAIError as exc:
            raise self._translate(exc) from None
        except _transport_errors() as exc:
            waited = time.monotonic() - started
            raise LLMError(
                f"the stream from the LLM server at {self.label} broke after {waited:.0f}s ({type(exc).__name__}: {exc}); "
                "check the server's log, or raise NEWSRAG_LLM_TIMEOUT if it is slow"
            ) from None
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()

    def _translate(self, exc: Exception) -> LLMError:
        import openai

        where = f"the LLM server at {self.label}"
        detail = _detail(exc)
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(
                f"{where} did not answer within {self.timeout:g}s (after {self.retries} retries); "
                "raise NEWSRAG_LLM_TIMEOUT, use a smaller model, or check that the server is not overloaded"
            )
        if isinstance(exc, openai.APIConnectionError):
            return LLMError(
                f"cannot reach {where} ({detail}); start the server or fix OPENAI_BASE_URL, "
                "or answer without the LLM (--no-llm)"
            )
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return LLMError(f"{where} rejected the API key ({detail}); set OPENAI_API_KEY to a valid key")
        if isinstance(exc, openai.RateLimitError):
            return LLMError(
                f"{where} is rate limiting us (HTTP 429, still after {self.retries} retries: {detail}); "
                "wait and ask again, or raise NEWSRAG_LLM_RETRIES"
            )
        if isinstance(exc, openai.NotFoundError):
            return LLMError(
                f"{where} has no model {self._model or '(default)'!r} or no chat endpoint ({detail}); "
                "set NEWSRAG_LLM_MODEL to one the server lists at /v1/models, and check that OPENAI_BASE_URL ends in /v1"
            )
        if isinstance(exc, openai.BadRequestError):
            return LLMError(
                f"{where} refused the request ({detail}); if the prompt is too long for the model's context, "
                "lower NEWSRAG_TOP_K or NEWSRAG_LLM_MAX_TOKENS"
            )
        if isinstance(exc, openai.APIStatusError):
            return LLMError(f"{where} answered HTTP {exc.status_code} ({detail}); check the server's log")
        return LLMError(f"{where} failed ({type(exc).__name__}: {detail}); check the server and OPENAI_BASE_URL")


def _detail(exc: Exception) -> str:
    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    return text[:300] or type(exc).__name__
