"""The `newsrag` command line. Errors become one line on stderr and a non-zero exit here, and only here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ingest.sample import DEMO_QUESTION


def _common(parser: argparse.ArgumentParser, default: Any = None, set_dest: str = "set_global") -> None:
    parser.add_argument(
        "--data-dir", default=default, help="index directory (env NEWSRAG_DATA_DIR; default: the per-user data dir)"
    )
    parser.add_argument(
        "--set",
        action="append",
        dest=set_dest,
        default=[] if default is None else default,
        metavar="NAME=VALUE",
        help="set any setting for this run, as its NEWSRAG_<NAME> variable would (repeatable; `newsrag settings` "
        "lists them); a command's own option (e.g. --top-k) wins",
    )


def _filter_flags(p: argparse.ArgumentParser) -> None:
    """The search filters `ask` and `chat` share."""
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before this day")
    p.add_argument(
        "--outlet",
        action="append",
        dest="outlets",
        metavar="NAME",
        help='only this outlet (repeatable; case and a leading "the" do not matter)',
    )
    p.add_argument(
        "--author", action="append", dest="authors", metavar="NAME", help="only this author's articles (repeatable)"
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
    _common(common, default=argparse.SUPPRESS, set_dest="set_command")  # so `newsrag --data-dir X ask` keeps X
    parser = _Parser(prog="newsrag", description="Question answering over news, with every claim cited.")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        parents=[common],
        help="add articles: files, folders, JSONL dumps, CSV/TSV tables, RSS/Atom feeds, URLs",
    )
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("ask", parents=[common], help="ask a question; the answer cites its passages")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--top-k", type=int, help="passages to retrieve")
    _filter_flags(p)
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day the question's time words count from (last week, latest); default today; later articles are"
        " still searched (add --until)",
    )
    _llm_flags(p)

    p = sub.add_parser(
        "chat", parents=[common], help="multi-turn chat in the terminal: follow-up questions keep the context"
    )
    p.add_argument("--top-k", type=int, help="passages to retrieve per question")
    _filter_flags(p)
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day the question's time words count from (last week, latest); default today; later articles are"
        " still searched (add --until)",
    )
    _llm_flags(p)

    sub.add_parser(
        "upgrade", parents=[common], help="one-time upgrade of an index built by an older newsrag (writes; locks)"
    )

    p = sub.add_parser("stats", parents=[common], help="what the index holds")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser(
        "history", parents=[common], help="the versions of one article (corrections kept), with what each changed"
    )
    p.add_argument(
        "article",
        metavar="ID_OR_URL",
        help="the article's id or URL (as a citation shows it), or the file it was read from",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--text", action="store_true", help="include each version's full text")

    p = sub.add_parser("demo", parents=[common], help="ingest the bundled sample news and answer the demo question")
    p.add_argument("question", nargs="?", default=DEMO_QUESTION)

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the web UI and the HTTP API (REST, OpenAI-compatible, MCP); loads the sample news into an empty index",
    )
    p.add_argument(
        "--host",
        help="address to bind (env NEWSRAG_UI_HOST; default 127.0.0.1, this machine only; beyond it, set NEWSRAG_API_TOKEN)",
    )
    p.add_argument("--port", type=int, help="port (env NEWSRAG_UI_PORT; default 7860)")
    sample = p.add_mutually_exclusive_group()
    sample.add_argument(
        "--sample", action="store_true", help="ingest the bundled sample news even when the index is not empty"
    )
    sample.add_argument("--no-sample", action="store_true", help="never ingest the bundled sample news")
    p.add_argument(
        "--watch", action="store_true", help="also poll the subscribed feeds in the background (as `newsrag watch`)"
    )

    p = sub.add_parser("feeds", parents=[common], help="subscribe to RSS/Atom feeds that `newsrag watch` polls")
    feeds = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    f = feeds.add_parser("add", parents=[common], help="subscribe to feeds (URLs, or every feed of an OPML file)")
    f.add_argument("urls", nargs="*", metavar="URL", help="feed URLs (http or https)")
    f.add_argument("--opml", metavar="FILE", help="subscribe to every feed this OPML file lists")
    f.add_argument(
        "--every", metavar="DURATION", help="time between polls, e.g. 30m, 1h, 900s, 1d (default: setting feed_every_s)"
    )
    f = feeds.add_parser("remove", parents=[common], help="unsubscribe (the feed's articles stay in the index)")
    f.add_argument("url", metavar="URL")
    f = feeds.add_parser("list", parents=[common], help="the subscriptions and their health")
    f.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser(
        "watch", parents=[common], help="poll the subscribed feeds when due and ingest what is new (writes; locks)"
    )
    p.add_argument("--once", action="store_true", help="one round, then exit (for cron)")
    p.add_argument("--force", action="store_true", help="poll every feed now, due or not (the first round)")
    p.add_argument(
        "--every",
        metavar="DURATION",
        help="start a round this often (e.g. 5m); default: when the next feed is due, checking every minute",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per polled feed (JSON Lines)")

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

    sub.add_parser(
        "mcp",
        parents=[common],
        help="serve the MCP tools (search_news, ask_news, index_stats) over stdio, for an MCP client to launch",
    )

    p = sub.add_parser("settings", parents=[common], help="list every setting with its env var and default")
    p.add_argument("--markdown", action="store_true", help="as Markdown: one table per group")
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
        with _settings_overrides(args):
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


@contextmanager
def _settings_overrides(args: argparse.Namespace) -> Iterator[None]:
    """`--set name=value` (before or after the command), checked against `Settings`, is in force for the
    command as the environment variable NEWSRAG_<NAME>=value: every part that reads settings sees it."""
    from rag.settings import ENV_PREFIX, parse_assignments

    values = parse_assignments([*getattr(args, "set_global", []), *getattr(args, "set_command", [])])
    saved = {name: os.environ.get(ENV_PREFIX + name.upper()) for name in values}
    try:
        for name, value in values.items():
            os.environ[ENV_PREFIX + name.upper()] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(ENV_PREFIX + name.upper(), None)
            else:
                os.environ[ENV_PREFIX + name.upper()] = value


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
    from rag.progress import ingest_bar

    rag = _rag(args)
    with ingest_bar(not args.no_progress and sys.stderr.isatty()) as progress:
        report = rag.ingest(args.sources, progress=progress)
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


def print_stream(stream) -> Any:
    """Print an AnswerStream's pieces as they come; then the verified text when it differs from the
    draft, any note (on stderr) and the sources. Returns the final Answer."""
    from rag.stream import checked_tail

    for piece in stream:
        sys.stdout.write(piece)
        sys.stdout.flush()
    answer = stream.answer()
    print(checked_tail(stream.draft, answer.text))
    if answer.note:
        _error(f"newsrag: note: {answer.note}")
    print_sources(answer)
    return answer


def print_sources(answer) -> None:
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            when = (c.published_at or "")[:10]
            meta = ", ".join(x for x in (c.outlet, when, c.byline) if x)
            print(f"  [{c.n}] {c.title}" + (f" ({meta})" if meta else ""))
            if c.version and c.version > 1:
                print(f"      {c.updated_label}: {c.changes.describe() if c.changes else 'corrected'}")
            elif c.updated_label:
                print(f"      {c.updated_label} (the outlet's date)")
            if c.url:
                print(f"      {c.url}")
            for quote in c.quotes or [c.quote] * bool(c.quote):
                print(f"      \u201c{quote}\u201d")


def _query(args: argparse.Namespace, question: str):
    """The Query of the ask/chat options (QuestionError, one line and exit 1, when unusable)."""
    from rag.query import Query

    return Query.of(
        question,
        top_k=args.top_k,
        since=args.since,
        until=args.until,
        outlets=args.outlets,
        authors=args.authors,
        as_of=args.as_of,
        llm=args.llm,
    )


def cmd_ask(args: argparse.Namespace) -> int:
    query = _query(args, args.question)  # checked before the index is opened
    rag = _rag(args)
    if args.json:
        answer = rag.ask(query)
        if answer.note:
            _error(f"newsrag: note: {answer.note}")
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_stream(rag.stream(query))
    return 0


CHAT_HELP = "Ask about the indexed news; follow-up questions keep the context. /reset forgets the conversation, /quit or Ctrl-D ends."


def cmd_chat(args: argparse.Namespace) -> int:
    from rag.errors import QuestionError

    options = _query(args, "(each question replaces this)")  # bad options end the command at once
    rag = _rag(args)
    session = rag.chat(llm=args.llm)
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
            answer = print_stream(session.stream(options.with_question(question)))
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


def cmd_history(args: argparse.Namespace) -> int:
    history = _rag(args).history(args.article)
    if args.json:
        print(json.dumps(history.to_dict(text=args.text), ensure_ascii=False, indent=2))
        return 0
    print(history.title)
    print(f"id: {history.article_id}" + (f"   url: {history.url}" if history.url else ""))
    for v in history.versions:
        changed = v.changes.describe() if v.changes else "first version"
        if v.reconstructed:
            changed += " (text rebuilt from the index's chunks)"
        print(f"\nversion {v.version}  seen {v.seen_at or '-'}  {v.words} words  {changed}")
        print(f"  title: {v.title}")
        if v.changes:
            for sign, listed, total in (("-", v.changes.removed, v.changes.sentences_removed),
                                        ("+", v.changes.added, v.changes.sentences_added)):  # fmt: skip
                for sentence in listed:
                    print(f"  {sign} {sentence}")
                if total > len(listed):
                    print(f"  {sign} ... and {total - len(listed)} more")
        if args.text:
            print("\n" + v.text)
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    rag = _rag(args)
    done = rag.upgrade()
    print(f"upgraded: {', '.join(done)}" if done else "the index is up to date; nothing to upgrade")
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
    from ui.auth import check_bind

    check_bind(rag.settings)  # refuses a non-local bind without a token or a login, before any work
    options = launch_options(rag)  # refuses unsafe settings before any work
    if args.sample or (not args.no_sample and rag.stats()["articles"] == 0):
        print(f"Sample news: {rag.ingest([sample_path()]).summary()}", file=sys.stderr)
    from ui.server import serve

    url = f"http://{options['server_name']}:{options['server_port']}"
    print(f"newsrag: web UI at {url}, API at {url}/api/v1 and {url}/v1, docs at {url}/docs (Ctrl+C to stop)",
          file=sys.stderr)  # fmt: skip
    serve(rag, watch=args.watch)
    return 0


def _duration(text: str | None) -> int | None:
    from rag.feeds_models import parse_duration

    return parse_duration(text) if text else None


def cmd_feeds(args: argparse.Namespace) -> int:
    return _FEEDS_COMMANDS[args.feeds_command](args)


def cmd_feeds_add(args: argparse.Namespace) -> int:
    from rag.errors import SourceError
    from rag.feeds_models import format_duration

    every = _duration(args.every)  # checked before the index is opened
    if not args.urls and not args.opml:
        raise SourceError("give feed URLs or --opml FILE (e.g. newsrag feeds add https://example.org/rss.xml)")
    rag = _rag(args)
    added = rag.add_feeds(args.urls, every_s=every) if args.urls else []
    if args.opml:
        added += rag.add_opml(args.opml, every_s=every)
    for feed in added:
        print(f"subscribed: {feed.url} (every {format_duration(feed.every_s)}; status {feed.status})")
    count = len(rag.feeds())
    print(f"{count} feed{'s' * (count != 1)} subscribed; `newsrag watch` polls them", file=sys.stderr)
    return 0


def cmd_feeds_remove(args: argparse.Namespace) -> int:
    from rag.errors import SourceError

    if not _rag(args).remove_feed(args.url):
        raise SourceError(f"not subscribed: {args.url} (`newsrag feeds list` shows the subscriptions)")
    print(f"unsubscribed: {args.url} (its articles stay in the index)")
    return 0


def cmd_feeds_list(args: argparse.Namespace) -> int:
    from ingest.report import escaped
    from rag.feeds_models import format_duration

    feeds = _rag(args).feeds()
    if args.json:
        print(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False, indent=2))
        return 0
    if not feeds:
        print("no feeds subscribed (newsrag feeds add URL)")
    for f in feeds:
        d = f.to_dict()
        print(f"{f.status:<12} {f.url}" + (f"  ({escaped(f.title)})" if f.title else ""))
        print(
            f"{'':<12} every {format_duration(f.every_s)}, {f.articles} article{'s' if f.articles != 1 else ''}, last checked {d['last_checked'] or '-'}, "
            f"last changed {d['last_changed'] or '-'}, next due {d['next_due'] or 'now'}"
        )
        if f.last_error:
            print(f"{'':<12} last error ({f.consecutive_errors} in a row): {escaped(f.last_error)}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from ingest.report import escaped
    from rag.watch import WatchLoop

    every = _duration(args.every)
    rag = _rag(args)

    def feed_done(result) -> None:
        if not args.json:
            print(escaped(result.line()), flush=True)
            return
        print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        if result.error:  # the JSON objects have the fields only: the reason goes to stderr
            _error(f"newsrag: {escaped(result.line())}")

    def round_done(done, *, quiet_when_idle: bool = False) -> None:
        if not done.feeds and not done.retention_removed:
            if quiet_when_idle:  # the loop: a line per round with work, not one a minute
                return
            if not args.json:
                print("no feed due" if rag.feeds() else "no feeds subscribed (newsrag feeds add URL)", file=sys.stderr)
        _error(f"newsrag: {done.summary()}")

    if args.once:
        round_done(rag.watch(force=args.force, on_result=feed_done))
        return 0
    loop = WatchLoop(
        rag,
        every_s=every,
        force_first=args.force,
        on_round=lambda done: round_done(done, quiet_when_idle=True),
        on_result=feed_done,
        on_error=lambda exc: _error(f"newsrag: watch: {exc} (retrying at the next round)"),
    )
    print("newsrag: watching the subscribed feeds (Ctrl+C to stop)", file=sys.stderr)
    loop.run()
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.command import cmd_eval as run_eval

    return run_eval(args)


def cmd_mcp(args: argparse.Namespace) -> int:
    from ui.mcp_server import run_stdio  # the mcp package is imported only here

    run_stdio(_rag(args))
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from rag.settings import Settings

    if args.markdown:
        print(Settings.markdown_table())
        return 0
    group = None
    for row in Settings.describe():
        if row["group"] != group:
            print(f"[{row['group']}]" if group is None else f"\n[{row['group']}]")
            group = row["group"]
        print(f"{row['name']:<20} {row['env']:<28} default: {row['default']}")
        print(f"{'':<20} {row['help']}")
    return 0


_COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "stats": cmd_stats,
    "history": cmd_history,
    "upgrade": cmd_upgrade,
    "demo": cmd_demo,
    "serve": cmd_serve,
    "feeds": cmd_feeds,
    "watch": cmd_watch,
    "settings": cmd_settings,
    "eval": cmd_eval,
    "mcp": cmd_mcp,
}


_FEEDS_COMMANDS = {"add": cmd_feeds_add, "remove": cmd_feeds_remove, "list": cmd_feeds_list}


def markdown_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """Every `newsrag` command with its arguments and options, as Markdown: docs/cli.md is generated from this
    (`python scripts/update_docs.py`) and tests/test_docs.py checks that it matches the parser."""
    parser = parser or build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    summaries = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    lines = [f"    {_md_usage(parser.prog, parser)} COMMAND", "", *_md_arguments(parser)]
    for name, command in sub.choices.items():
        lines += ["", f"## `{parser.prog} {name}`", "", _md_sentence(summaries.get(name, ""))]
        nested = next((a for a in command._actions if isinstance(a, argparse._SubParsersAction)), None)
        usage = _md_usage(f"{parser.prog} {name}", command) + (" ACTION" if nested else "")
        lines += ["", f"    {usage}", "", *_md_arguments(command)]
        if nested is not None:  # `newsrag feeds add`: one section per action
            helps = {choice.dest: choice.help or "" for choice in nested._choices_actions}
            for action, action_parser in nested.choices.items():
                prog = f"{parser.prog} {name} {action}"
                lines += ["", f"### `{prog}`", "", _md_sentence(helps.get(action, ""))]
                lines += ["", f"    {_md_usage(prog, action_parser)}", "", *_md_arguments(action_parser)]
    return "\n".join(lines)


def _md_documented(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if a.help != argparse.SUPPRESS and not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
    ]


def _md_name(action: argparse.Action) -> str:
    if not action.option_strings:
        name = action.metavar or action.dest.upper()
        return f"[{name}]" if action.nargs == "?" else f"{name}..." if action.nargs in ("+", "*") else name
    flags = ", ".join(action.option_strings)
    if action.nargs == 0:
        return flags
    return f"{flags} {action.metavar or action.dest.upper()}"


def _md_usage(prog: str, parser: argparse.ArgumentParser) -> str:
    actions = _md_documented(parser)
    options = " [options]" if any(a.option_strings for a in actions) else ""
    return prog + options + "".join(f" {_md_name(a)}" for a in actions if not a.option_strings)


def _md_arguments(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | meaning |", "| --- | --- |"]
    for action in sorted(_md_documented(parser), key=lambda a: bool(a.option_strings)):  # positionals first
        meaning = _md_sentence(action.help or "")
        if not action.option_strings and action.nargs == "?":
            meaning += f" Optional, default: `{action.default}`."
        elif not action.option_strings:
            meaning += " Required, one or more." if action.nargs == "+" else " Required."
        if action.choices:
            meaning += f" One of: {', '.join(f'`{c}`' for c in action.choices)}."
        if action.option_strings and action.nargs != 0 and action.default not in (None, argparse.SUPPRESS):
            if "default" not in (action.help or ""):
                meaning += f" Default: `{action.default}`."
        rows.append(f"| `{_md_name(action)}` | {meaning.strip()} |")
    return rows


def _md_sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}{'' if text.endswith('.') else '.'}" if text else ""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
