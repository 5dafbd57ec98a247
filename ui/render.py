"""Turning answers, citations, stats and ingest reports into safe Markdown and HTML for the UI.

Nothing from an article or a model reaches the page unescaped. The answer text keeps
basic Markdown (emphasis, lists) but loses raw HTML, images, link reference
definitions and any link or bare URL whose host is not one of the cited sources;
its `[n]` markers become links to the matching card of the sources panel. The
sources panel is HTML built here from our own metadata, every value escaped, with
links only to http(s) URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from rag.llm.sanitize import MARKDOWN_LINK, find_quote, link_target
from rag.models import Answer, Citation, Passage

ANCHOR_PREFIX = "newsrag-src-"
LINK_REMOVED = "[link removed]"
NEAREST_SHOWN = 3  # passages shown with a refusal, so the user sees what was closest
DOT = " \u00b7 "

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|file|javascript|data):[^>\s]*)>", re.I)
# (a sentence's stop or comma after an address is not part of it: "ingest https://example.org/x, or ...")
_BARE_URL = re.compile(
    r"\b(?:https?|ftp)://[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]|\bwww\.[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]", re.I
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")


# --- URLs
def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL without credentials or odd characters, else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url) or any(ch in url for ch in "<>\"'`\\"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return url


def url_host(url: str | None) -> str | None:
    url = safe_url(url)
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def cited_hosts(citations: Iterable[Citation]) -> set[str]:
    return {h for h in (url_host(c.url) for c in citations) if h}


# --- answer text
def _neutralize(
    text: str,
    allowed_hosts: Iterable[str],
    escape: Callable[[str], str],
    foreign: Callable[[str], str] = lambda url: LINK_REMOVED,
) -> str:
    """Drop images and link reference definitions; unlink links and bare URLs to hosts not allowed."""
    allowed = {h.lower().removeprefix("www.") for h in allowed_hosts}
    kept: list[str] = []

    def keep(markdown: str) -> str:
        kept.append(markdown)
        return _PLACEHOLDER.format(len(kept) - 1)

    def allowed_url(url: str) -> str | None:
        host = url_host(url)
        return safe_url(url) if host and host in allowed else None

    def link(m: re.Match[str]) -> str:
        label, url = m.group(1), allowed_url(link_target(m))
        if url is None:
            return label
        return keep(f"[{escape(label)}]({url.replace('(', '%28').replace(')', '%29')})")

    text = (text or "").replace("\x00", "")
    text = _IMAGE.sub("", text)
    text = _REF_DEFINITION.sub("", text)
    text = MARKDOWN_LINK.sub(link, text)
    text = _AUTOLINK.sub(
        lambda m: keep(u) if (u := allowed_url(m.group(1))) else keep(escape(foreign(m.group(1)))), text
    )
    text = _BARE_URL.sub(
        lambda m: keep(u) if (u := allowed_url(m.group(0))) else keep(escape(foreign(m.group(0)))), text
    )
    text = escape(text)
    return _PLACEHOLDER_RE.sub(lambda m: kept[int(m.group(1))], text)


def sanitize_markdown(text: str, allowed_hosts: Iterable[str] = ()) -> str:
    """Model or article text made safe to render as Markdown.

    `<` is escaped, so no raw HTML survives; images and link reference definitions are
    dropped; links keep their text and lose their target unless the target's host is in
    `allowed_hosts`; bare URLs to other hosts become "[link removed]".
    """
    return _neutralize(text, allowed_hosts, lambda t: t.replace("<", "&lt;"))


def note_markdown(note: str) -> str:
    """A note of ours (e.g. which LLM server failed): escaped like an answer, but URLs shown as code, not links."""
    return _neutralize(note, (), lambda t: t.replace("<", "&lt;"), lambda url: "`" + url.replace("`", "") + "`")


def sanitize_text(text: str, allowed_hosts: Iterable[str] = ()) -> str:
    """The same for plain-text consumers (the JSON API): HTML tags removed instead of escaped."""
    return _neutralize(text, allowed_hosts, lambda t: _TAG.sub("", t))


def link_markers(markdown: str, numbers: Iterable[int]) -> str:
    """Turn each `[n]` whose n is a cited source into a link to its card in the sources panel."""
    valid = set(numbers)

    def sub(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in valid:
            return m.group(0)
        return f"[\\[{n}\\]](#{ANCHOR_PREFIX}{n})"

    # a marker that is already a link label ("[1](...)") was handled by the sanitizer
    return re.sub(r"(?<!\\)\[(\d{1,3})\](?!\()", sub, markdown)


def answer_markdown(answer: Answer) -> str:
    """The final answer for the chat: sanitized, markers linked, a note when the answer carries one."""
    if answer.refused and not answer.citations:
        # a refusal is our own text: an address it names ("The article at https://... is not in the index") is shown
        # as code, not removed as an answer's foreign link is
        body = note_markdown(answer.text)
    else:
        body = sanitize_markdown(answer.text, cited_hosts(answer.citations))
    body = link_markers(body, (c.n for c in answer.citations))
    if answer.note and answer.note.strip():
        body += f"\n\n_{note_markdown(answer.note)}_"
    return body


def partial_markdown(text: str) -> str:
    """Text still streaming in: no links of any kind until the cited sources are known."""
    return sanitize_markdown(text) + " \u258c"


def user_markdown(text: str) -> str:
    """The user's question as they typed it: escaped, and an address in it shown as code ("Tell me about
    `https://apnews.com/...`"), not as a link nor as "[link removed]"."""
    return note_markdown(text)


# --- sources panel
def highlight(passage: str, quote: str) -> tuple[str, bool]:
    """The passage as HTML with the quoted sentence inside <mark>; (html, found). The quote may be the
    sentence as plain text (answers quote sentences with their markup flattened): found all the same."""
    body, missing = highlight_all(passage, [quote])
    return body, not missing


def highlight_all(passage: str, quotes: list[str]) -> tuple[str, list[str]]:
    """The passage as HTML with each quoted sentence inside <mark>; (html, the quotes not found in it)."""
    spans, missing = [], []
    for quote in quotes:
        span = find_quote(passage, quote)
        if span and not any(span[0] < end and start < span[1] for start, end in spans):
            spans.append(span)
        elif not span:
            missing.append(quote)
    out, pos = [], 0
    for start, end in sorted(spans):
        out += [_escape_html(passage[pos:start]), "<mark>", _escape_html(passage[start:end]), "</mark>"]
        pos = end
    out.append(_escape_html(passage[pos:]))
    return "".join(out), missing


def _day(iso: str | None) -> str | None:
    return iso[:10] if iso else None


def _minute(iso: str | None) -> str | None:
    """An ISO timestamp to the minute, for a reader: "2026-12-04T16:55:01+00:00" -> "2026-12-04 16:55 UTC"."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _title_html(title: str, url: str | None) -> str:
    title = _escape_html(title or "(untitled)")
    url = safe_url(url)
    if url is None:
        return f"<span class='newsrag-title'>{title}</span>"
    return (
        f"<a class='newsrag-title' href='{html.escape(url, quote=True)}' target='_blank' "
        f"rel='noopener noreferrer nofollow'>{title}</a>"
    )


def _also_carried_html(citation: Citation) -> str:
    parts = []
    for item in citation.also_carried_by:
        name, url = item.get("outlet") or item.get("url"), safe_url(item.get("url"))
        if not name:
            continue
        if url:
            parts.append(
                f"<a href='{html.escape(url, quote=True)}' target='_blank' rel='noopener noreferrer nofollow'>"
                f"{_escape_html(str(name))}</a>"
            )
        else:
            parts.append(_escape_html(str(name)))
    if not parts:
        return ""
    return f"<div class='newsrag-also'>Also carried by: {', '.join(parts)}</div>"


def updated_text(c: Citation) -> str | None:
    """ "updated DATE (N versions)" for a citation of an article with more than one version, "updated DATE"
    for one its outlet says it updated on a later day (Citation.updated_day)."""
    day = c.updated_day
    if c.version and c.version > 1:
        return f"updated {day} ({int(c.version)} versions)" if day else f"updated ({int(c.version)} versions)"
    return f"updated {day}" if day else None


def _changes_html(c: Citation) -> str:
    """The sentences the current version added and removed, in a collapsed <details> block."""
    ch = c.changes
    if ch is None:
        return ""
    items = [f"<li class='newsrag-removed'>− {_escape_html(s)}</li>" for s in ch.removed]
    items += [f"<li class='newsrag-added'>+ {_escape_html(s)}</li>" for s in ch.added]
    more = (ch.sentences_removed - len(ch.removed)) + (ch.sentences_added - len(ch.added))
    if more > 0:
        items.append(f"<li>... and {more} more</li>")
    return (
        f"<details class='newsrag-changes'><summary>What changed in version {int(c.version or 0)}: "
        f"{_escape_html(ch.describe())}</summary><ul>{''.join(items)}</ul></details>"
    )


SUMMARY_ONLY_HTML = (
    "<span class='newsrag-summary-only' title=\"Only the feed's summary of this article could be indexed: "
    'its page could not be fetched or read">summary only</span>'
)


def citation_html(c: Citation) -> str:
    body, missing = highlight_all(c.text, c.quotes or ([c.quote] if c.quote else []))
    quote = "".join(f"<div class='newsrag-quote'><mark>{_escape_html(q)}</mark></div>" for q in missing)
    byline = DOT.join(_escape_html(x) for x in (c.outlet, _day(c.published_at), c.byline, updated_text(c)) if x)
    if c.text_source == "summary":
        byline = DOT.join(x for x in (byline, SUMMARY_ONLY_HTML) if x)
    return (
        f"<li class='newsrag-source' id='{ANCHOR_PREFIX}{int(c.n)}'>"
        f"<div class='newsrag-head'><span class='newsrag-n'>[{int(c.n)}]</span> {_title_html(c.title, c.url)}</div>"
        f"<div class='newsrag-byline'>{byline}</div>"
        f"{quote}<blockquote class='newsrag-passage'>{body}</blockquote>"
        f"{_changes_html(c)}{_also_carried_html(c)}</li>"
    )


def _passage_html(p: Passage) -> str:
    byline = DOT.join(_escape_html(x) for x in (p.outlet, _day(p.published_at), f"score {p.score:.2f}") if x)
    return (
        f"<li class='newsrag-source newsrag-nearest'>"
        f"<div class='newsrag-head'>{_title_html(p.title, p.url)}</div>"
        f"<div class='newsrag-byline'>{byline}</div>"
        f"<blockquote class='newsrag-passage'>{_escape_html(p.text)}</blockquote></li>"
    )


def sources_html(answer: Answer) -> str:
    """The sources panel for one answer: its cited passages, or for a refusal what was searched."""
    searched = answer.scope.describe() if answer.scope is not None else None
    meta = [f"answer: {_escape_html(answer.mode)}"]
    if searched:
        meta.append(f"searched {_escape_html(searched)}")
    head = f"<div class='newsrag-meta'>{DOT.join(meta)}</div>"
    if answer.refused or not answer.citations:
        out = [
            "<div class='newsrag-sources newsrag-refused'>",
            "<div class='newsrag-heading'>No source answers this question</div>",
            head,
        ]
        nearest = answer.passages[:NEAREST_SHOWN]
        if nearest:
            out.append("<div class='newsrag-heading'>Closest passages (not used)</div><ol>")
            out.extend(_passage_html(p) for p in nearest)
            out.append("</ol>")
        out.append("</div>")
        return "".join(out)
    cards = "".join(citation_html(c) for c in answer.citations)
    return f"<div class='newsrag-sources'><div class='newsrag-heading'>Sources</div>{head}<ol>{cards}</ol></div>"


def empty_sources_html(message: str = "The passages an answer cites appear here.") -> str:
    return f"<div class='newsrag-sources newsrag-empty'>{_escape_html(message)}</div>"


# --- index and ingest
def stats_markdown(stats: Mapping[str, Any]) -> str:
    """The Index tab: counts, outlets, dates covered, last ingest (no file paths)."""
    outlets = stats.get("outlets") or {}
    lines = [
        "| the index | |",
        "| --- | --- |",
        f"| articles | {int(stats.get('articles') or 0)} |",
        f"| chunks | {int(stats.get('chunks') or 0)} |",
        f"| outlets | {len(outlets)} |",
        f"| published | {_md_cell(_day(stats.get('earliest')) or '-')} to {_md_cell(_day(stats.get('latest')) or '-')} |",
        f"| last ingest | {_md_cell(_minute(stats.get('last_ingest')) or '-')} |",
    ]
    if outlets:
        lines += ["", "| outlet | articles |", "| --- | --- |"]
        lines += [f"| {_md_cell(name)} | {int(n)} |" for name, n in outlets.items()]
    return "\n".join(lines)


def report_markdown(report: Mapping[str, Any], max_skipped: int = 50) -> str:
    """An ingest report (IngestReport.to_dict()) as Markdown."""
    warnings = list(report.get("warnings") or [])
    noted = f", {len(warnings)} warning{'s' if len(warnings) > 1 else ''}" if warnings else ""
    head = (
        f"**added {int(report.get('added', 0))}**, updated {int(report.get('updated', 0))}, "
        f"unchanged {int(report.get('unchanged', 0))}, skipped {len(report.get('skipped') or [])}{noted} "
        f"({int(report.get('chunks_written', 0))} chunks written, {int(report.get('chunks_deleted', 0))} removed, "
        f"{float(report.get('seconds', 0.0)):.1f}s)"
    )
    lines = [head]
    skipped = list(report.get("skipped") or [])
    for s in skipped[:max_skipped]:
        lines.append(f"- skipped `{_code(str(s.get('source', '')))}`: {sanitize_markdown(str(s.get('reason', '')))}")
    if len(skipped) > max_skipped:
        lines.append(f"- ... and {len(skipped) - max_skipped} more skipped")
    for w in warnings[:max_skipped]:
        lines.append(f"- warning `{_code(str(w.get('source', '')))}`: {sanitize_markdown(str(w.get('message', '')))}")
    if len(warnings) > max_skipped:
        lines.append(f"- ... and {len(warnings) - max_skipped} more warnings")
    return "\n".join(lines)


# --- helpers
def _escape_html(text: str) -> str:
    return html.escape(str(text), quote=True)


def _md_cell(text: str) -> str:
    return sanitize_markdown(str(text)).replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")
