"""The Gradio app: chat with streamed, cited answers beside their sources; ingest; index stats.

`build_app(rag)` makes the gr.Blocks over one NewsRAG instance (the same API the CLI and
the eval use); `launch(rag)` starts it with the secure defaults of `ui.security`.
Programs can call it with gradio_client: `/chat` is the chat turn (message, history,
filters; an empty history starts a new conversation) and `/ask` returns the
`newsrag ask --json` object.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import gradio as gr

from rag.api import NewsRAG
from rag.errors import ConfigError, NewsRAGError
from rag.llm.chat import ChatSession
from rag.query import MAX_QUESTION_CHARS, Query

from . import render
from .chat import llm_configured, stream_turn, turn_query
from .feeds import FeedsTab, index_feeds_markdown
from .ingest import MergedReport, mb_to_bytes, plan_sources, run_ingest
from .security import auth_pairs, blocked_paths, check_data_dir, exposed_without_login

log = logging.getLogger(__name__)

MAX_TOP_K_SLIDER = 20
MAX_AUTHOR_CHOICES = 1000  # the authors box lists the most prolific bylines; any other name can be typed
UPLOAD_TYPES = list(NewsRAG.FILE_TYPES)
INTERNAL_ERROR = "Something went wrong on the server (the cause is in its log). Try again, or start a new chat."

CSS = """
#newsrag-sources { max-height: 640px; overflow-y: auto; }
.newsrag-sources ol { padding-left: 0; list-style: none; margin: 0; }
.newsrag-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.newsrag-source:target { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent-soft); }
.newsrag-heading { font-weight: 600; margin: 4px 0; }
.newsrag-n { font-weight: 600; }
.newsrag-title { font-weight: 600; }
.newsrag-byline, .newsrag-meta, .newsrag-also { color: var(--body-text-color-subdued); font-size: 0.9em; }
.newsrag-summary-only { font-style: italic; border-bottom: 1px dotted currentColor; cursor: help; }
.newsrag-passage { margin: 6px 0; padding-left: 8px; border-left: 3px solid var(--border-color-primary); white-space: pre-wrap; }
.newsrag-passage mark, .newsrag-quote mark { background: #fde68a; color: #111; padding: 0 2px; }
.newsrag-empty { color: var(--body-text-color-subdued); padding: 12px; }
.newsrag-changes { font-size: 0.9em; margin: 4px 0; }
.newsrag-changes ul { list-style: none; padding-left: 8px; margin: 4px 0; }
"""


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, NewsRAGError):
        return str(exc)
    log.exception("unexpected error in the web UI", exc_info=exc)
    return INTERNAL_ERROR


class NewsRAGApp:
    """The callbacks of the app, bound to one NewsRAG instance (shared by every browser session)."""

    def __init__(self, rag: NewsRAG) -> None:
        self.rag = rag
        self.settings = rag.settings

    # --- chat
    def query(
        self,
        message: str,
        since: str | None,
        until: str | None,
        outlets: list[str] | None,
        top_k: Any,
        use_llm: Any,
        authors: list[str] | None = None,
    ) -> Query:
        """The turn's Query; gr.Error (shown to the user, nothing added to the chat) when unusable."""
        try:
            return turn_query(
                message,
                since=since,
                until=until,
                outlets=outlets,
                top_k=top_k,
                use_llm=use_llm,
                llm_available=llm_configured(self.settings),
                authors=authors,
            )
        except NewsRAGError as exc:
            raise gr.Error(str(exc)) from None

    def respond(
        self,
        message: str,
        history: list[dict[str, Any]] | None,
        session: ChatSession | None,
        since: str | None,
        until: str | None,
        outlets: list[str] | None,
        top_k: Any,
        use_llm: Any,
        authors: list[str] | None = None,
    ):
        """One chat turn: yields (chat history, sources panel, session, question box) as the answer streams.
        An empty `history` starts a new conversation (a fresh session), also for API clients that
        keep their connection and start over with `history=[]`."""
        query = self.query(message, since, until, outlets, top_k, use_llm, authors)
        history = [m for m in (history or []) if isinstance(m, dict)]
        if not history:
            session = None  # nothing shown to the user: nothing earlier may shape this question
        history.append({"role": "user", "content": render.user_markdown(query.question)})
        history.append({"role": "assistant", "content": render.partial_markdown("")})
        yield history, render.empty_sources_html("Searching the index..."), session, ""
        try:
            if session is None:
                session = self.rag.chat()
            stream = stream_turn(self.rag, session, query)
            text = ""
            for piece in stream:
                text += piece
                history[-1] = {"role": "assistant", "content": render.partial_markdown(text)}
                yield history, gr.skip(), session, ""
            answer = stream.answer()
            history[-1] = {"role": "assistant", "content": render.answer_markdown(answer)}
            yield history, render.sources_html(answer), session, ""
        except Exception as exc:
            history[-1] = {"role": "assistant", "content": render.sanitize_markdown(f"\u26a0\ufe0f {_error_text(exc)}")}
            yield history, render.empty_sources_html("No answer, so no sources."), session, ""

    def new_chat(self, session: ChatSession | None):
        if session is not None:
            session.reset()
        return [], render.empty_sources_html(), None, ""

    def ask(
        self,
        question: str,
        since: str = "",
        until: str = "",
        outlets: list[str] | None = None,
        top_k: int = 0,
        llm: bool = True,
        authors: list[str] | None = None,
    ) -> dict[str, Any]:
        """One question, no history: the `newsrag ask --json` object (answer text sanitized)."""
        query = self.query(question, since, until, outlets, top_k, llm, authors)
        try:
            answer = stream_turn(self.rag, None, query).answer()
        except Exception as exc:
            raise gr.Error(_error_text(exc)) from None
        out = answer.to_dict()
        out["answer"] = render.sanitize_text(answer.text, render.cited_hosts(answer.citations))
        return out

    # --- index
    def outlet_choices(self) -> list[str]:
        return sorted(self.rag.stats()["outlets"], key=str.lower)

    def author_choices(self, selected: list[str] | None = None):
        """The authors dropdown: the index's byline names, most articles first (at most
        `MAX_AUTHOR_CHOICES`); a name typed that the list lacks stays selected (the search then finds its
        articles, or says that no article matches)."""
        try:
            names = list(self.rag.authors())[:MAX_AUTHOR_CHOICES]
        except Exception:
            return gr.skip()
        keep = [a for a in (selected or []) if a]
        return gr.update(choices=names + [a for a in keep if a not in names], value=keep)

    def refresh_index(self, selected: list[str] | None = None):
        try:
            stats = self.rag.stats()
        except Exception as exc:
            return gr.skip(), render.sanitize_markdown(_error_text(exc))
        choices = sorted(stats["outlets"], key=str.lower)
        keep = [o for o in (selected or []) if o in choices]
        return gr.update(choices=choices, value=keep), render.stats_markdown(stats) + self.feeds_sources()

    def feeds_sources(self) -> str:
        """The Index tab's list of the feeds the articles came from ("" when there are none)."""
        try:
            return index_feeds_markdown(self.rag.feeds())
        except Exception as exc:  # the counts above still show
            log.warning("cannot list the feeds: %s", exc)
            return ""

    # --- feeds (ui/feeds.py)
    @property
    def feeds(self) -> FeedsTab:
        from gradio import utils as gradio_utils

        return FeedsTab(self.rag, upload_root=Path(gradio_utils.get_upload_folder()))

    def feeds_table(self) -> str:
        try:
            return self.feeds.table()
        except Exception as exc:
            return render.sanitize_markdown(_error_text(exc))

    def add_feeds(self, urls: str | None, every: str | None, opml: Any) -> str:
        try:
            return self.feeds.add(urls, every, opml)
        except Exception as exc:
            raise gr.Error(_error_text(exc)) from None

    def poll_feeds(self, selected: list[str] | None, progress=gr.Progress()):
        """Poll every feed now; (round report, feeds table, outlets dropdown, index stats)."""
        try:
            report, table = self.feeds.poll(lambda f, d: progress(f, desc=d))
        except Exception as exc:
            raise gr.Error(_error_text(exc)) from None
        outlets, stats = self.refresh_index(selected)
        return report, table, outlets, stats

    # --- ingest
    def ingest(self, files: list[Any] | None, urls: str | None, selected: list[str] | None, progress=gr.Progress()):
        """Yields (report, file picker, outlets dropdown, index stats) while ingesting."""
        from gradio import utils as gradio_utils

        report = MergedReport()
        sources = plan_sources(
            files,
            urls,
            upload_root=Path(gradio_utils.get_upload_folder()),
            max_mb=self.settings.ui_max_upload_mb,
            report=report,
        )
        if not sources and not report.skipped:
            raise gr.Error("Nothing to ingest: upload files or enter feed or article URLs first.")
        for status in run_ingest(self.rag, sources, report, lambda f, d: progress(f, desc=d)):
            yield render.sanitize_markdown(status), gr.skip(), gr.skip(), gr.skip()
        outlets, stats = self.refresh_index(selected)
        yield render.report_markdown(report.to_dict()), None, outlets, stats


def build_app(rag: NewsRAG) -> gr.Blocks:
    """The Gradio Blocks app over `rag`. Launch it with `launch()`, which applies the secure defaults."""
    app = NewsRAGApp(rag)
    s = rag.settings
    show_llm = llm_configured(s)
    # questions this index answers: the sample's demo question only when the sample is indexed
    examples = rag.example_questions()
    hint = f"Ask about the news, e.g. {examples[0]}" if examples else "Ask about the news (add some in the Ingest tab)"
    with gr.Blocks(title="newsrag", analytics_enabled=False) as demo:
        session = gr.State(None)
        gr.Markdown("## newsrag\nQuestions about the indexed news, answered with cited passages.")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Chat",
                            elem_id="newsrag-chat",
                            height=520,
                            latex_delimiters=[],
                            sanitize_html=True,
                            allow_tags=False,
                            render_markdown=True,
                            feedback_options=None,
                            buttons=["copy"],
                            allow_file_downloads=False,
                            placeholder="Ask about the indexed news. Each answer cites its passages [n]; they are listed on the right.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder=hint,
                                show_label=False,
                                max_length=MAX_QUESTION_CHARS,
                                lines=1,
                                scale=5,
                                elem_id="newsrag-question",
                                autofocus=True,
                            )
                            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="newsrag-ask")
                        with gr.Row():
                            new_chat = gr.Button("New chat", size="sm", elem_id="newsrag-new-chat")
                        if examples:
                            gr.Examples([[q] for q in examples], inputs=[question], label="Examples")
                        with gr.Accordion("Search options", open=False):
                            with gr.Row():
                                since = gr.Textbox(label="From", placeholder="YYYY-MM-DD", elem_id="newsrag-since")
                                until = gr.Textbox(label="To", placeholder="YYYY-MM-DD", elem_id="newsrag-until")
                            outlets = gr.Dropdown(
                                choices=[],
                                value=[],
                                multiselect=True,
                                label="Outlets (all when empty)",
                                elem_id="newsrag-outlets",
                            )
                            authors = gr.Dropdown(
                                choices=[],
                                value=[],
                                multiselect=True,
                                allow_custom_value=True,
                                label="Authors (all when empty; bylines, most articles first)",
                                elem_id="newsrag-authors",
                            )
                            top_k = gr.Slider(
                                1, max(MAX_TOP_K_SLIDER, s.top_k), value=s.top_k, step=1, label="Passages to retrieve"
                            )
                            use_llm = gr.Checkbox(
                                value=True,
                                label=f"LLM answers ({s.llm_model or s.openai_base_url}); off: extractive quotes",
                                visible=show_llm,
                            )
                    with gr.Column(scale=2):
                        sources = gr.HTML(render.empty_sources_html(), elem_id="newsrag-sources", js_on_load=None)
            with gr.Tab("Ingest", id="ingest"):
                gr.Markdown(
                    f"Add news to the index: upload files ({', '.join(UPLOAD_TYPES)}; up to "
                    f"{s.ui_max_upload_mb:g} MB each) and/or enter RSS/Atom feed or article URLs. "
                    "New articles are searchable in the chat as soon as this finishes."
                )
                files = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, label="Files", elem_id="newsrag-files")
                urls = gr.Textbox(lines=3, label="Feed or article URLs, one per line", elem_id="newsrag-urls")
                ingest = gr.Button("Ingest", variant="primary", elem_id="newsrag-ingest")
                report = gr.Markdown(elem_id="newsrag-report")
            with gr.Tab("Feeds", id="feeds"):
                gr.Markdown(
                    "Follow RSS/Atom feeds: new and corrected articles are indexed when a feed is polled "
                    "(`newsrag serve --watch` or `newsrag watch` poll them when due; **Poll now** polls all)."
                )
                with gr.Row():
                    feed_urls = gr.Textbox(
                        lines=2, label="Feed URLs, one per line", scale=3, elem_id="newsrag-feed-urls"
                    )
                    feed_every = gr.Textbox(label="Every (e.g. 30m, 1h)", scale=1, elem_id="newsrag-feed-every")
                feed_opml = gr.File(file_count="single", file_types=[".opml", ".xml"], label="OPML file")
                with gr.Row():
                    feed_add = gr.Button("Add", variant="primary", elem_id="newsrag-feed-add")
                    feed_poll = gr.Button("Poll now", elem_id="newsrag-feed-poll")
                feed_report = gr.Markdown(elem_id="newsrag-feed-report")
                feed_table = gr.Markdown(elem_id="newsrag-feeds")
            with gr.Tab("Index", id="index"):
                stats = gr.Markdown(elem_id="newsrag-stats")
                refresh = gr.Button("Refresh", size="sm")

        turn_inputs = [question, chatbot, session, since, until, outlets, top_k, use_llm, authors]
        turn_outputs = [chatbot, sources, session, question]
        question.submit(app.respond, turn_inputs, turn_outputs, api_name="chat", concurrency_id="chat")
        ask.click(app.respond, turn_inputs, turn_outputs, api_visibility="private", concurrency_id="chat")
        reset_outputs = [chatbot, sources, session, question]
        new_chat.click(app.new_chat, [session], reset_outputs, api_visibility="private", queue=False)
        chatbot.clear(app.new_chat, [session], reset_outputs, api_visibility="private", queue=False)
        refresh_authors = {"fn": app.author_choices, "inputs": [authors], "outputs": [authors]}
        refresh_authors["api_visibility"] = "private"
        ingest.click(
            app.ingest,
            [files, urls, outlets],
            [report, files, outlets, stats],
            api_name="ingest",
            concurrency_limit=1,
        ).then(**refresh_authors)
        refresh.click(app.refresh_index, [outlets], [outlets, stats], api_visibility="private").then(**refresh_authors)
        feed_add.click(app.add_feeds, [feed_urls, feed_every, feed_opml], [feed_table], api_visibility="private")
        feed_poll.click(
            app.poll_feeds, [outlets], [feed_report, feed_table, outlets, stats], api_visibility="private",
            concurrency_limit=1,
        ).then(**refresh_authors)  # fmt: skip
        demo.load(app.feeds_table, None, [feed_table], api_visibility="private")
        demo.load(app.refresh_index, [outlets], [outlets, stats], api_visibility="private")
        demo.load(**refresh_authors)
        gr.api(app.ask, api_name="ask", concurrency_id="chat")
    return demo


def launch_options(rag: NewsRAG, *, host: str | None = None, port: int | None = None) -> dict[str, Any]:
    """Keyword arguments for `Blocks.launch` with the secure defaults (checks the data dir first)."""
    s = rag.settings
    check_data_dir(s.data_dir)
    return {
        "server_name": host or s.ui_host,
        "server_port": port if port is not None else s.ui_port,
        "share": False,
        "auth": auth_pairs(s),
        "max_file_size": mb_to_bytes(s.ui_max_upload_mb),
        "blocked_paths": blocked_paths(s),
        "allowed_paths": [],
        "show_error": False,
        "ssr_mode": False,
        "mcp_server": False,
        "enable_monitoring": False,
        "run_history": False,
        "pwa": False,
        "footer_links": ["api"],
        "strict_cors": True,
        "css": CSS,
    }


def launch(
    rag: NewsRAG,
    *,
    host: str | None = None,
    port: int | None = None,
    block: bool = True,
    quiet: bool = False,
) -> tuple[gr.Blocks, str]:
    """Build and start the app; returns (app, local URL). With block=False it serves from a thread."""
    options = launch_options(rag, host=host, port=port)
    s = rag.settings
    if exposed_without_login(s.model_copy(update={"ui_host": options["server_name"]})):
        log.warning(
            "the web UI listens on %s without a login; set NEWSRAG_UI_AUTH_USER and NEWSRAG_UI_AUTH_PASSWORD",
            options["server_name"],
        )
    demo = build_app(rag)
    demo.queue(max_size=s.ui_queue_size, default_concurrency_limit=s.ui_concurrency, api_open=False)
    try:
        demo.launch(prevent_thread_lock=not block, quiet=quiet, **options)
    except OSError as exc:
        raise ConfigError(
            f"the web UI cannot listen on {options['server_name']}:{options['server_port']} ({exc}); "
            "pick another port with --port or NEWSRAG_UI_PORT"
        ) from None
    return demo, demo.local_url
