"""Text clean-up applied to every record read from a source."""

from __future__ import annotations

import html
import re
import unicodedata

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


def without_furniture(text: str) -> str:
    """The article text of a news page without its furniture lines (ad labels, "Read more: ..." links,
    newsletter prompts, share buttons, a photo's caption, the copyright line, a list of other stories' headlines):
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
        if listing or _COPYRIGHT.fullmatch(bare) or (_FURNITURE.fullmatch(bare) and not bare.endswith(".")):
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() if len(kept) < len(lines) else text


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
