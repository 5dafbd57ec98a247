"""newsrag as an MCP server: the tools `search_news`, `ask_news` and `index_stats`, over stdio
(`newsrag mcp`) and streamable HTTP (mounted at "/mcp" by the HTTP app of `newsrag serve`).

A client of the facade only (`NewsRAG`, `Query`). Each tool takes its filters as typed arguments and
returns structured content (the models below are its output schema) plus a text block for a model
to read. Bad input (an empty question, a malformed date, top_k out of range, a wrong type) comes back
as a tool error (`isError`) whose text says what to fix; the server keeps running.

HTTP, as the parent app mounts it:

    asgi_app, lifespan = mcp_asgi_app(rag)
    app = Starlette(routes=[Mount("/mcp", app=asgi_app)], lifespan=lifespan)   # or FastAPI(...)

The endpoint is the mount's root: http://HOST:PORT/mcp/ (a request to /mcp is redirected there
with 307, which MCP clients follow). A mounted app's own lifespan never runs, so the parent must
enter `lifespan` (it runs the MCP session manager), once: the session manager cannot be restarted,
so build a new `mcp_asgi_app` for every new parent app.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from rag.errors import NewsRAGError
from rag.models import byline
from rag.query import MAX_TOP_K, Query

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from rag.api import NewsRAG
    from rag.models import Answer
    from rag.retrieval import Retrieval

SERVER_NAME = "newsrag"
INSTRUCTIONS = (
    "Search and question a news index. ask_news answers a question from the indexed articles and cites "
    "every claim with [n] markers that point at its citations; search_news returns the ranked passages "
    "themselves; index_stats says what the index holds (articles, outlets, dates). Filters: since/until "
    "(YYYY-MM-DD, publication day), outlets (names as index_stats lists them), authors (bylines), as_of (the "
    "day time words such as 'last week' refer to; default today)."
)

T = TypeVar("T")

# --- the tools' typed arguments (their JSON schema is what clients see)
TopK = Annotated[
    int | None,
    # the bounds are published in the schema and checked by Query, whose message names the range
    Field(
        description=f"passages to retrieve, 1 to {MAX_TOP_K} (default: the server's top_k setting)",
        json_schema_extra={"minimum": 1, "maximum": MAX_TOP_K},
    ),
]
Since = Annotated[str | None, Field(description="only articles published on or after this day, YYYY-MM-DD")]
Until = Annotated[str | None, Field(description="only articles published on or before this day, YYYY-MM-DD")]
Outlets = Annotated[
    list[str] | None, Field(description="only articles from these outlets, e.g. ['Reuters', 'AP'] (default: all)")
]
Authors = Annotated[
    list[str] | None, Field(description="only articles whose byline names one of these authors (default: all)")
]
AsOf = Annotated[
    str | None,
    Field(
        description="YYYY-MM-DD: the day time words in the question ('last week', 'yesterday') refer to; default today"
    ),
]
Llm = Annotated[
    bool | None,
    Field(
        description="true: answer with the server's LLM (an error if it has none); false: the extractive "
        "answer (sentences quoted from the passages); default: the server's setting"
    ),
]


# --- the tools' structured output
class PassageResult(BaseModel):
    """One retrieved passage, in rank order."""

    n: int = Field(description="rank, from 1")
    title: str
    outlet: str | None
    authors: list[str] = Field(default_factory=list, description="the article's byline")
    published_at: str | None = Field(description="ISO 8601 publication time")
    url: str | None
    text: str = Field(description="the passage")
    score: float = Field(description="similarity to the query (higher is closer)")
    article_id: str
    chunk_id: str


class SearchResults(BaseModel):
    """The ranked passages for a query."""

    query: str = Field(description="the query as searched (cleaned)")
    passages: list[PassageResult]


class OtherOutlet(BaseModel):
    outlet: str | None
    url: str | None


class CitationResult(BaseModel):
    """A source the answer cites as [n]."""

    n: int = Field(description="the number of its [n] marker in the answer")
    title: str
    outlet: str | None
    authors: list[str] = Field(default_factory=list, description="the article's byline")
    published_at: str | None = Field(description="ISO 8601 publication time")
    url: str | None
    quote: str = Field(description="the sentence of the passage the answer relies on")
    quotes: list[str] = Field(
        default_factory=list, description="every sentence of the passage the answer quotes (quote first)"
    )
    text: str = Field(description="the whole passage")
    score: float
    article_id: str
    chunk_id: str
    also_carried_by: list[OtherOutlet] = Field(default_factory=list, description="other outlets with the same story")
    version: int | None = Field(default=None, description="the article's current version, when it was corrected")
    updated_at: str | None = Field(default=None, description="when that version was first seen (ISO 8601)")
    modified_at: str | None = Field(
        default=None, description="when the outlet says it last updated the article (ISO 8601), if it says"
    )
    updated: str | None = Field(
        default=None,
        description="'updated DATE (version N)' for a corrected article, 'updated DATE' for one its "
        "outlet updated on a later day than it published it",
    )
    text_source: str | None = Field(
        default=None,
        description="'summary' when only the feed's summary of the article could be indexed; 'page' when read "
        "from the entry's page; 'full'",
    )


class AskResult(BaseModel):
    """A cited answer."""

    question: str = Field(description="the question as answered (cleaned)")
    text: str = Field(description="the answer; every claim ends with [n] markers")
    refused: bool = Field(description="true when the index holds nothing that answers the question")
    mode: str = Field(description="'extractive' or 'llm'")
    citations: list[CitationResult]
    note: str | None = Field(default=None, description="why this is not the answer asked for (e.g. LLM fallback)")


class IndexStats(BaseModel):
    """What the index holds."""

    articles: int
    chunks: int
    outlets: dict[str, int] = Field(description="articles per outlet")
    earliest: str | None = Field(description="publication time of the oldest article")
    latest: str | None = Field(description="publication time of the newest article")
    last_ingest: str | None
    data_dir: str = Field(description="the index directory on the server")


# --- the tools
def build_mcp(rag: NewsRAG) -> MCPServer:
    """The MCP server (the official SDK's `MCPServer`, FastMCP's 2.x name) with the three tools over `rag`."""
    server: MCPServer = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS, log_level="WARNING")
    read_only = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)

    @server.tool(title="Search the news", annotations=read_only)
    async def search_news(
        query: Annotated[str, Field(description="what to look for, in words")],
        top_k: TopK = None,
        since: Since = None,
        until: Until = None,
        outlets: Outlets = None,
        authors: Authors = None,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, SearchResults]:
        """The passages of the indexed news that best match `query`, ranked, with their article's title,
        outlet, date and URL. Use ask_news for an answer; this is for reading the sources themselves."""
        q = _query(query, top_k=top_k, since=since, until=until, outlets=outlets, authors=authors, as_of=as_of)
        retrieval = await _in_thread(rag.retrieve, q)
        result = search_results(q, retrieval)
        return CallToolResult(
            content=[TextContent(type="text", text=search_text(result))],
            structured_content=result.model_dump(mode="json"),
        )

    @server.tool(title="Ask the news", annotations=read_only)
    async def ask_news(
        question: Annotated[str, Field(description="a question about the indexed news")],
        top_k: TopK = None,
        since: Since = None,
        until: Until = None,
        outlets: Outlets = None,
        authors: Authors = None,
        as_of: AsOf = None,
        llm: Llm = None,
    ) -> Annotated[CallToolResult, AskResult]:
        """Answer a question from the indexed news. Every claim of the answer ends with [n] markers that
        point at its citations (title, outlet, date, URL and the quoted sentence). When the index holds
        nothing that answers it, the answer says so (refused: true) rather than guessing."""
        q = _query(
            question, top_k=top_k, since=since, until=until, outlets=outlets, authors=authors, as_of=as_of, llm=llm
        )
        answer = await _in_thread(rag.ask, q)
        result = ask_result(answer)
        return CallToolResult(
            content=[TextContent(type="text", text=answer_text(result))],
            structured_content=result.model_dump(mode="json"),
        )

    @server.tool(title="Index statistics", annotations=read_only)
    async def index_stats() -> IndexStats:
        """What the index holds: articles and passages (chunks), articles per outlet, the publication
        dates of the oldest and newest article, and when news was last ingested."""
        return IndexStats(**await _in_thread(rag.stats))

    return server


def _query(question: str, **options: Any) -> Query:
    try:
        return Query.of(question, **options)
    except NewsRAGError as exc:  # QuestionError: empty question, bad dates, top_k out of range
        raise ToolError(str(exc)) from exc


async def _in_thread(fn: Callable[..., T], *args: Any) -> T:
    """A blocking facade call, off the event loop; the library's errors become tool errors (their
    messages say what to do), anything else stays a crash that the SDK reports without details."""
    try:
        return await anyio.to_thread.run_sync(functools.partial(fn, *args))
    except NewsRAGError as exc:
        raise ToolError(str(exc)) from exc


def search_results(query: Query, retrieval: Retrieval) -> SearchResults:
    passages = [
        PassageResult(
            n=n,
            title=p.title,
            outlet=p.outlet,
            authors=list(p.authors),
            published_at=p.published_at,
            url=p.url,
            text=p.text,
            score=round(float(p.score), 4),
            article_id=p.article_id,
            chunk_id=p.chunk_id,
        )
        for n, p in enumerate(retrieval.passages, 1)
    ]
    return SearchResults(query=query.question, passages=passages)


def ask_result(answer: Answer) -> AskResult:
    data = answer.to_dict()
    return AskResult(
        question=data["question"],
        text=data["answer"],
        refused=data["refused"],
        mode=data["mode"],
        citations=[
            CitationResult.model_validate({**d, "updated": c.updated_label})
            for d, c in zip(data["citations"], answer.citations, strict=True)
        ],
        note=data.get("note"),
    )


def _source_line(n: int, title: str, outlet: str | None, published_at: str | None, authors: Sequence[str] = ()) -> str:
    meta = ", ".join(x for x in (outlet, (published_at or "")[:10], byline(authors)) if x)
    return f"[{n}] {title}" + (f" ({meta})" if meta else "")


def answer_text(result: AskResult) -> str:
    """The answer with its [n] markers, then a Sources list (as `newsrag ask` prints it)."""
    lines = [result.text]
    if result.note:
        lines += ["", f"Note: {result.note}"]
    if result.citations:
        lines += ["", "Sources:"]
        for c in result.citations:
            lines.append(_source_line(c.n, c.title, c.outlet, c.published_at, c.authors))
            if c.updated:
                lines.append(f"    {c.updated}")
            if c.url:
                lines.append(f"    {c.url}")
            lines.extend(f"    \u201c{quote}\u201d" for quote in c.quotes or [c.quote] * bool(c.quote))
    return "\n".join(lines)


def search_text(result: SearchResults) -> str:
    if not result.passages:
        return f"No passage matched {result.query!r} (index_stats shows what the index holds)."
    blocks = []
    for p in result.passages:
        head = _source_line(p.n, p.title, p.outlet, p.published_at, p.authors) + f" score {p.score:.3f}"
        blocks.append("\n".join([head, *([f"    {p.url}"] if p.url else []), p.text]))
    return "\n\n".join(blocks)


# --- transports
def mcp_asgi_app(
    rag: NewsRAG, *, host: str | None = None
) -> tuple[Starlette, Callable[[Any], contextlib.AbstractAsyncContextManager[None]]]:
    """(asgi_app, lifespan): the streamable-HTTP app with its endpoint at its root, to mount at "/mcp",
    and the lifespan the parent app must enter (`lifespan(parent_app)`, an async context manager that
    runs the MCP session manager). `host`: the address the parent binds (default: the ui_host
    setting); on a loopback address the SDK's DNS-rebinding protection accepts only loopback Host and
    Origin headers."""
    server = build_mcp(rag)
    app = server.streamable_http_app(streamable_http_path="/", host=host or rag.settings.ui_host)
    session_manager = server.session_manager

    @contextlib.asynccontextmanager
    async def lifespan(_parent: Any) -> AsyncIterator[None]:
        async with session_manager.run():
            yield

    return app, lifespan


def run_stdio(rag: NewsRAG) -> None:
    """Serve the tools over stdin/stdout until the client closes them (`newsrag mcp`)."""
    build_mcp(rag).run("stdio")


def serve_http(rag: NewsRAG, host: str = "127.0.0.1", port: int = 8765) -> None:
    """A minimal HTTP host, as the parent app mounts it: the MCP endpoint at http://HOST:PORT/mcp/
    (for tests and trying it out; `newsrag serve` mounts the same app next to the API and the UI)."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import Mount

    asgi_app, lifespan = mcp_asgi_app(rag, host=host)
    app = Starlette(routes=[Mount("/mcp", app=asgi_app)], lifespan=lifespan)
    uvicorn.run(app, host=host, port=port, log_level="warning")
