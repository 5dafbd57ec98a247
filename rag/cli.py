"""The `newsrag` command line. Errors become one line on stderr and a non-zero exit here, and only here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

DEMO_QUESTION = "What did Russia propose at the UN?"


def _common(parser: argparse.ArgumentParser, default: Any = None) -> None:
    parser.add_argument(
        "--data-dir", default=default, help="index directory (env NEWSRAG_DATA_DIR; default: the per-user data dir)"
    )


def _llm_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--llm",
        dest="llm",
        action="store_const",
        const=True,
        default=None,
        help="answer with the LLM (OPENAI_BASE_URL / NEWSRAG_LLM_MODEL); an error if none is configured",
    )
    group.add_argument(
        "--no-llm",
        dest="llm",
        action="store_const",
        const=False,
        help="extractive answer, even when an LLM is configured",
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with a URL's credentials removed from its usage errors (they quote the argument)."""

    def error(self, message: str):  # type: ignore[override]
        from ingest.urls import redact_urls

        super().error(redact_urls(message))


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _common(common, default=argparse.SUPPRESS)  # so `newsrag --data-dir X ask` keeps X
    parser = _Parser(prog="newsrag", description="Question answering over news, with every claim cited.")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "ingest", parents=[common], help="add articles: files, folders, JSONL dumps, RSS/Atom feeds, URLs"
    )
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("ask", parents=[common], help="ask a question; the answer cites its passages")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--top-k", type=int, help="passages to retrieve")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    p.add_argument("--outlet", action="append", dest="outlets", metavar="NAME", help="only this outlet (repeatable)")
    _llm_flags(p)

    p = sub.add_parser(
        "chat", parents=[common], help="multi-turn chat in the terminal: follow-up questions keep the context"
    )
    p.add_argument("--top-k", type=int, help="passages to retrieve per question")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    p.add_argument("--outlet", action="append", dest="outlets", metavar="NAME", help="only this outlet (repeatable)")
    _llm_flags(p)

    p = sub.add_parser("stats", parents=[common], help="what the index holds")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("demo", parents=[common], help="ingest the bundled sample news and answer the demo question")
    p.add_argument("question", nargs="?", default=DEMO_QUESTION)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="open the web UI (chat, ingest, index); loads the sample news into an empty index",
    )
    p.add_argument("--host", help="address to bind (env NEWSRAG_UI_HOST; default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, help="port (env NEWSRAG_UI_PORT; default 7860)")
    sample = p.add_mutually_exclusive_group()
    sample.add_argument(
        "--sample", action="store_true", help="ingest the bundled sample news even when the index is not empty"
    )
    sample.add_argument("--no-sample", action="store_true", help="never ingest the bundled sample news")

    p = sub.add_parser(
        "eval",
        parents=[common],
        help="run a question set; report retrieval, answer and citation metrics (README: Evaluation)",
    )
    p.add_argument("questions", metavar="QUESTIONS", help="question set: newsrag JSONL, RealTimeQA or MultiHop-RAG")
    p.add_argument(
        "--corpus",
        metavar="PATH",
        help="ingest this corpus into a cached fresh index first (else: the --data-dir index)",
    )
    p.add_argument(
        "--format", default="auto", choices=["auto", "native", "realtimeqa", "multihop-rag"], help="question-set format"
    )
    p.add_argument(
        "--baseline", action="store_true", help="also run the plain llama-index quickstart pipeline (needs --corpus)"
    )
    p.add_argument("--out", metavar="DIR", help="write report.json, report.md and a PNG plot here")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="reference date for questions without a question_date")
    p.add_argument("--top-k", type=int, help="passages each answer is made from (default: setting top_k)")
    p.add_argument("--depth", type=int, default=20, help="passages retrieved for the retrieval metrics (default 20)")
    p.add_argument("--cache-dir", metavar="DIR", help="where built indexes are cached (env NEWSRAG_EVAL_CACHE_DIR)")
    p.add_argument("--no-text", action="store_true", help="leave question, gold and answer text out of report.json")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("settings", parents=[common], help="list every setting with its env var and default")
    p.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    return parser


# The exit status of a process killed by SIGPIPE (128 + 13), what `yes | head -1` reports for `yes`.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    from rag.errors import NewsRAGError

    try:
        status = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not as a message at interpreter exit
        return status
    except BrokenPipeError:
        return _broken_pipe()
    except NewsRAGError as exc:
        _error(f"newsrag: error: {exc}")
        return 1
    except KeyboardInterrupt:
        _error("newsrag: interrupted")
        return 130
    except Exception as exc:  # the edge: never a traceback at the user
        if os.environ.get("NEWSRAG_DEBUG"):
            raise
        _error(f"newsrag: internal error: {type(exc).__name__}: {exc} (set NEWSRAG_DEBUG=1 to see the traceback)")
        return 1


def _error(message: str) -> None:
    """One line on stderr, without the credentials of any URL in it (user:password@)."""
    from ingest.urls import redact_urls

    try:
        print(redact_urls(message), file=sys.stderr)
    except (BrokenPipeError, ValueError):  # stderr gone too: nothing left to tell
        pass


def _broken_pipe() -> int:
    """The reader of stdout went away (`newsrag ask ... | head -c 10`): stop quietly, as Unix tools do.

    As the Python docs recommend (signal module, "Note on SIGPIPE"), stdout is pointed at
    devnull so that flushing it at exit does not raise a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


def _rag(args: argparse.Namespace, **overrides: Any):
    from rag.api import NewsRAG

    return NewsRAG(data_dir=args.data_dir, **overrides)


def cmd_ingest(args: argparse.Namespace) -> int:
    rag = _rag(args)
    report = rag.ingest(args.sources, progress=not args.no_progress and sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.summary())
    if report.nothing_ingested:
        print("newsrag: error: nothing could be ingested from the given sources", file=sys.stderr)
        return 1
    return 0


def print_answer(answer) -> None:
    print(answer.text)
    print_sources(answer)


def print_stream(parts) -> Any:
    """Print streamed pieces as they come; then the verified text when it differs from the draft,
    any note (on stderr) and the sources. Returns the final Answer."""
    from rag.models import Answer

    streamed: list[str] = []
    answer = None
    for part in parts:
        if isinstance(part, Answer):
            answer = part
        else:
            streamed.append(part)
            sys.stdout.write(part)
            sys.stdout.flush()
    assert answer is not None
    draft = " ".join("".join(streamed).split())
    if not draft.endswith(" ".join(answer.text.split())):
        print("\n\nChecked against the sources:\n" + answer.text, end="")
    print()
    if answer.note:
        _error(f"newsrag: note: {answer.note}")
    print_sources(answer)
    return answer


def print_sources(answer) -> None:
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            when = (c.published_at or "")[:10]
            meta = ", ".join(x for x in (c.outlet, when) if x)
            print(f"  [{c.n}] {c.title}" + (f" ({meta})" if meta else ""))
            if c.url:
                print(f"      {c.url}")
            print(f"      \u201c{c.quote}\u201d")


def cmd_ask(args: argparse.Namespace) -> int:
    rag = _rag(args)
    search = {"top_k": args.top_k, "since": args.since, "until": args.until, "outlets": args.outlets, "llm": args.llm}
    if args.json:
        answer = rag.ask(args.question, **search)
        if answer.note:
            _error(f"newsrag: note: {answer.note}")
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_stream(rag.stream(args.question, **search))
    return 0


CHAT_HELP = "Ask about the indexed news; follow-up questions keep the context. /reset forgets the conversation, /quit or Ctrl-D ends."


def cmd_chat(args: argparse.Namespace) -> int:
    from rag.errors import QuestionError

    rag = _rag(args)
    session = rag.chat(llm=args.llm)
    search = {"top_k": args.top_k, "since": args.since, "until": args.until, "outlets": args.outlets}
    interactive = sys.stdin.isatty()
    print(CHAT_HELP, file=sys.stderr)
    while True:
        if interactive:
            sys.stdout.write("\n> ")
            sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question in ("/quit", "/exit"):
            break
        if question == "/reset":
            session.reset()
            print("(conversation forgotten)")
            continue
        try:
            answer = print_stream(session.stream(question, **search))
        except QuestionError as exc:
            print(f"newsrag: {exc}", file=sys.stderr)
            continue
        if answer.asked:
            print(f"(searched as: {answer.question})", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from rag.api import NewsRAG

    stats = NewsRAG(data_dir=args.data_dir).stats()
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    print(f"index: {stats['data_dir']}")
    print(f"articles: {stats['articles']}   chunks: {stats['chunks']}")
    print(f"dates: {stats['earliest'] or '-'} to {stats['latest'] or '-'}   last ingest: {stats['last_ingest'] or '-'}")
    if stats["outlets"]:
        print("outlets: " + ", ".join(f"{o} ({n})" for o, n in stats["outlets"].items()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.sample import sample_path

    rag = _rag(args)
    report = rag.ingest([sample_path()])
    print(f"Sample news: {report.summary()}")
    print(f"Index: {rag.settings.data_dir}\n")
    print(f"Q: {args.question}\n")
    print_answer(rag.ask(args.question))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ingest.sample import sample_path

    rag = _rag(args, ui_host=args.host, ui_port=args.port)
    from ui.app import launch_options  # gradio is imported only here

    options = launch_options(rag)  # refuses unsafe settings before any work
    if args.sample or (not args.no_sample and rag.stats()["articles"] == 0):
        print(f"Sample news: {rag.ingest([sample_path()]).summary()}", file=sys.stderr)
    from ui.app import launch

    print(
        f"newsrag: web UI at http://{options['server_name']}:{options['server_port']} (Ctrl+C to stop)", file=sys.stderr
    )
    launch(rag, quiet=True)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.command import cmd_eval as run_eval

    return run_eval(args)


def cmd_settings(args: argparse.Namespace) -> int:
    from rag.settings import Settings

    if args.markdown:
        print(Settings.markdown_table())
        return 0
    for row in Settings.describe():
        print(f"{row['name']:<20} {row['env']:<28} default: {row['default']}")
        print(f"{'':<20} {row['help']}")
    return 0


_COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "stats": cmd_stats,
    "demo": cmd_demo,
    "serve": cmd_serve,
    "settings": cmd_settings,
    "eval": cmd_eval,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
