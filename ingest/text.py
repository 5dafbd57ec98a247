"""Text clean-up applied to every record read from a source."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")
# tags that mark a body as HTML rather than text that mentions "<" ("a < b", "<3")
_MARKUP = re.compile(
    r"</?(?:p|br|div|span|a|b|i|em|strong|li|ul|ol|h[1-6]|blockquote|figure|figcaption|img|table|tr|td)\b[^>]*>",
    re.I,
)


def normalize_space(text: str) -> str:
    """Runs of whitespace (newlines included) as one space, ends stripped."""
    return _WS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Normalize unicode, drop control characters (keeping newlines and tabs), tidy blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# A line of a news page that is the page's furniture, not the article: an ad slot's label, a link to
# another story, a newsletter or app prompt ("Advertisement", "Story continues below advertisement",
# "Read more: Tram vote splits council", "Sign up for our newsletter").
_FURNITURE = re.compile(
    r"(?:advertisement|advert|ad|sponsored(?: content)?|skip advertisement|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|continue reading(?: below)?|"
    r"(?:read|see) (?:more|also)|also read|related(?: (?:stories|articles|content|coverage))?|recommended(?: for you)?|"
    r"(?:sign up|subscribe)(?: now)?(?: (?:for|to) (?:our|the) [\w ]*newsletters?)?|"
    r"(?:click|tap) here(?: to [\w ]+)?|download (?:our|the) app|"
    # a photo's caption line: "Photo: Construction work on Harbour Road. (Velmora Courier)"
    r"(?:photo|image|picture|video)(?: credit)?\s*:.{0,200}[^.]|"
    # the share buttons' labels: "Share on Facebook Share on X Copy link"
    r"(?:(?:share(?: (?:this|on|via) \w+)?|copy link|tweet|email|print|save|comments?)\b\s*)+)"
    r"(?:\s*[:|»›>-].{0,160})?",
    re.I,
)
# a page's copyright line: "© 2026 Velmora Courier. All rights reserved."
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b).{0,120}|.{0,80}\ball rights reserved\.?", re.I)
# what lists other stories: "Related stories", "Most read", "More on this story", followed by their headlines
_STORY_LIST = re.compile(
    r"(?:related(?: \w+)?|most (?:read|popular)|more on this (?:story|topic)|read next)\s*:?", re.I
)
_LIST_ITEM = re.compile(r"\s*[-–•*·]\s+\S")
# the label of a link to a gallery, before its headline: "Photo gallery: Dozens killed in plane crash."
_GALLERY = re.compile(r"^\s*(?:photo|image|picture|video)s? gallery\s*:\s*(?=\S)", re.I)
# a link's label left at the end of a paragraph: "... the search will continue on Monday. Read more"; a feed
# summary's cut mark: "... will rise from €3.20 to €3.50. […]"
_TRAILING_LINK = re.compile(
    r"(?<=[.!?\"”’'])\s+(?:read more|continue reading)\s*[.…]?\s*$|\s*\[(?:…|\.\.\.|&hellip;|&#8230;)\]\s*$", re.I
)
# the footer a blog platform adds to each post in its feed: "The post Bridge closure: council approves £4m repair
# plan appeared first on Kestra Evening Post."
_FEED_FOOTER = re.compile(r"the (?:post|article) .{1,300} appeared first on .{1,120}", re.I)


def without_furniture(text: str) -> str:
    """The article text of a news page without its furniture lines (ad labels, "Read more: ..." links,
    newsletter prompts, share buttons, a photo's caption, the copyright line, a list of other stories' headlines,
    a blog feed's "The post ... appeared first on ..." footer; a gallery link's label before its headline, a "Read
    more" label or a summary's "[…]" ending a paragraph):
    each is its own line in the extracted text, and left in it would be read as the start of the next sentence
    ("Advertisement The library reopened ...")."""
    lines = text.split("\n")
    kept: list[str] = []
    listing = False
    for line in lines:
        bare = line.strip()
        if listing and (not bare or _LIST_ITEM.match(line)):
            continue  # "- Storm Edda: power back for most homes" under "Related stories"
        listing = bool(_STORY_LIST.fullmatch(bare))
        if listing or _COPYRIGHT.fullmatch(bare) or _FEED_FOOTER.fullmatch(bare):
            continue
        if _FURNITURE.fullmatch(bare) and not bare.endswith("."):
            continue
        kept.append(_TRAILING_LINK.sub("", _GALLERY.sub("", line)))
    if kept == lines:
        return text
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# a run of URL escapes in running text ("Jessica Chastain%2C Daniel Day-Lewis", "Adele%27s", "%E2%80%99"), left by
# a scraper that copied a caption out of a link; a URL's own escapes ("/search/paul%20newberry") stay as they are
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*", re.I)


def _unescaped(run: str) -> str:
    """What a run of escapes stands for, when that is punctuation, a space or a letter beyond ASCII (what a
    scraper escapes); else the run itself ("5%AB" or "%41" is no escape a page would write)."""
    try:
        plain = unquote(run, errors="strict")
    except UnicodeDecodeError:
        return run
    return run if any(ch.isascii() and (ch.isalnum() or not ch.isprintable()) for ch in plain) else plain


def without_url_escapes(text: str) -> str:
    """Running text with its URL escapes written out ("Chastain%2C Daniel" -> "Chastain, Daniel"); the
    escapes of a URL in the text are kept."""
    if "%" not in text:
        return text
    urls = [m.span() for m in _URL.finditer(text)]
    return _ESCAPES.sub(
        lambda m: m.group() if any(a <= m.start() < b for a, b in urls) else _unescaped(m.group()), text
    )


# A paragraph that sells the outlet, not the news: a newsletter, a subscription or an app ("The Short List is a
# snappy news roundup. Subscribe to the newsletter here.", "Get our weekly newsletter Sign up here to get ...").
_PROMOTION = re.compile(
    r"\b(?:sign(?:ing)? up (?:here|now|today|for (?:our|a digital|text message|email)\b)|"
    r"subscribe (?:here|now|today|to (?:our|the) (?:[\w'’-]+ ){0,3}(?:newsletters?|print edition|podcast))|"
    r"subscribe[.!]|(?:consider|become) (?:a |supporting )?[\w '’-]{0,40}subscri(?:ber|ption)|"
    r"delivered (?:\w+ )?to your (?:inbox|phone)|in your inbox|thank you for supporting our journalism|"
    r"(?:get|follow) (?:the|our) [\w '’-]{0,40}newsletter)",
    re.I,
)
_PROMOTION_CHARS = 400  # a longer paragraph is reporting that mentions a newsletter or a subscription


def without_promotions(text: str) -> str:
    """The text without its paragraphs (lines) of at most 400 characters that ask the reader to sign up or
    subscribe: left in, one is quoted as the latest news ("what's the latest on the speaker vote?")."""
    lines = text.split("\n")
    kept = [line for line in lines if len(line) > _PROMOTION_CHARS or not _PROMOTION.search(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() if len(kept) < len(lines) else text


def article_text(raw: str) -> str:
    """An article's text as it is indexed, from any source: cleaned (`clean_text`), URL escapes written out, and
    without the page's furniture and promotions."""
    return without_promotions(without_furniture(without_url_escapes(clean_text(raw))))


def looks_like_markup(text: str) -> bool:
    """Whether a body is HTML (a scraper's `body` of `<p>` paragraphs), not plain text."""
    return bool(_MARKUP.search(text))


def inline_markup_text(raw: str) -> str:
    """The text of a one-line HTML string (a feed's title of type html: "Strike ends after
    <em>five</em> days", "Q&amp;A"): tags dropped, entities unescaped, spaces tidied."""
    return normalize_space(html.unescape(_TAG.sub("", raw)))


def markup_text(raw: str) -> str:
    """The text of an HTML fragment (a feed entry's content, a dump's HTML body): trafilatura's
    extraction with recall favoured, else the tags dropped; entities unescaped."""
    import trafilatura

    extracted = trafilatura.extract(raw, favor_recall=True)
    return html.unescape(without_furniture(extracted) if extracted else _TAG.sub(" ", raw))


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|tr)>|<br\s*/?>|<hr\s*/?>", re.I)


def markdown_text(raw: str) -> str:
    """The text of a Markdown body: emphasis, links, headings' and lists' marks dropped ("**Why it matters:** the
    line ..." -> "Why it matters: the line ...", "[the council](https://...)" -> "the council"), an image's mark with
    it, each block a paragraph. Rendered by markdown-it (CommonMark), then its tags dropped."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(raw)
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n\n", rendered)))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()
