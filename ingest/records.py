"""The article record: one type for every source, with stable ids and a content hash."""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .outlets import outlet_key
from .text import (
    article_text,
    clean_text,
    inline_markup_text,
    looks_like_markup,
    markup_text,
    normalize_space,
    without_url_escapes,
)

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid", "guccounter")

# Names for common news hosts, used when a record carries a URL but no outlet name.
KNOWN_OUTLETS = {
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "bbc.com": "BBC",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian",
    "usatoday.com": "USA Today",
    "npr.org": "NPR",
    "aljazeera.com": "Al Jazeera",
    "tass.com": "TASS",
    "cnbc.com": "CNBC",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "bloomberg.com": "Bloomberg",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "theweek.com": "The Week",
    "politico.com": "Politico",
    "axios.com": "Axios",
    "latimes.com": "Los Angeles Times",
    "independent.co.uk": "The Independent",
    "dw.com": "DW",
    "france24.com": "France 24",
    "espn.com": "ESPN",
}


class RecordError(ValueError):
    """A record that cannot become an article; the message is the reason shown in the report."""


_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"\S+")
# Metadata fields longer than this are cut before cleaning: a title or outlet of megabytes
# is junk, and cleaning it would cost memory in proportion to its size.
MAX_FIELD_CHARS = 4096
MAX_AUTHORS = 100
# The character bound of an article is its word bound times this (see `word_cut`).
CHARS_PER_WORD = 10


def word_cut(text: str, max_words: int) -> int | None:
    """Where to cut `text` to keep at most `max_words` whitespace-separated words and at most
    `max_words * CHARS_PER_WORD` characters (text without spaces, such as Chinese or one
    endless token, is bounded too): the offset of the cut, or None when the text fits. Reads
    only as far as the cut."""
    if (len(text) + 1) // 2 <= max_words:  # a word and a separator take two characters at least
        return None
    max_chars = max_words * CHARS_PER_WORD
    count, end = 0, 0
    for match in _WORD.finditer(text, 0, max_chars):
        count += 1
        if count > max_words:
            return end
        end = match.end()
    if len(text) <= max_chars:
        return None
    space = max(text.rfind(" ", max_chars // 2, max_chars), text.rfind("\n", max_chars // 2, max_chars))
    return space if space > 0 else max_chars


def printable(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates (odd file names, JSON escapes like \\ud800) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _clean_field(value: Any) -> str:
    """A metadata field as one clean line: any JSON value flattened to text, control characters,
    NUL bytes and lone surrogates dropped, spaces collapsed."""
    return normalize_space(clean_text(_text_field(value)[:MAX_FIELD_CHARS]))


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no credentials, no fragment, no tracking parameters, no trailing slash."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        ]
    )
    path = parts.path.rstrip("/") or ""
    host = parts.netloc.rpartition("@")[2].lower()  # never keep credentials (user:password@)
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def url_host(url: str | None) -> str | None:
    """The site an address is on, without "www." ("https://www.kestreltimes.example/x" -> "kestreltimes.example")."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.") if url else ""
    return host or None


def outlet_from_url(url: str | None) -> str | None:
    host = url_host(url)
    if not host:
        return None
    for domain, name in KNOWN_OUTLETS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


# (NewsAPI's publishedAt, schema.org's datePublished, a CMS's pub_date)
DATE_FIELDS = (
    "published_at",
    "date",
    "published",
    "pubDate",
    "date_publish",
    "publish_date",
    "publishedAt",
    "datePublished",
    "pub_date",
)
# a record's other fields, each by the names dumps give it, the first one filled winning
TEXT_FIELDS = ("text", "body", "content", "article", "maintext")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "canonical_url")
OUTLET_FIELDS = ("outlet", "source", "site_name", "sitename", "publisher", "publication")
AUTHOR_FIELDS = ("authors", "author", "byline")
LANGUAGE_FIELDS = ("language", "lang")
# when the outlet says it last changed the article (schema.org's dateModified, a CMS's updated_at)
MODIFIED_FIELDS = (
    "modified_at",
    "updated_at",
    "dateModified",
    "date_modified",
    "modified",
    "updated",
    "last_modified",
    "updatedAt",
    "date_modify",
)
# every field a record is read by (a table's column names are matched to these)
RECORD_FIELDS = (
    TEXT_FIELDS
    + TITLE_FIELDS
    + URL_FIELDS
    + OUTLET_FIELDS
    + AUTHOR_FIELDS
    + LANGUAGE_FIELDS
    + DATE_FIELDS
    + MODIFIED_FIELDS
    + ("id",)
)


# "Bridge to close for repairs - Coastline Daily": a headline and its outlet, as feeds and NewsAPI give titles
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•»~]|-{1,2}|::)\s+")


def without_outlet_name(title: str, outlet: str | None) -> str:
    """The title without the outlet's name before or after it ("Bridge to close - Coastline Daily" from Coastline
    Daily is "Bridge to close"); as it was when it names no outlet there."""
    seps = list(_TITLE_SEPARATOR.finditer(title))
    if not outlet or not seps:
        return title
    name = outlet_key(outlet)
    if outlet_key(title[seps[-1].end() :]) == name:
        return title[: seps[-1].start()]
    if outlet_key(title[: seps[0].start()]) == name:
        return title[seps[0].end() :]
    return title


# NewsAPI's cut of an article's text: "... would hurt trade… [+1520 chars]"
_CUT_MARK = re.compile(r"\s*…?\s*\[\+\d+ chars\]\s*$")


def without_cut_mark(text: str) -> str:
    """The text without a news API's mark that it was cut, and without the sentence the cut broke off."""
    if not isinstance(text, str) or not _CUT_MARK.search(text):
        return text
    kept = _CUT_MARK.sub("", text)
    end = max(kept.rfind(". "), kept.rfind(".\n"), kept.rfind('." '), kept.rfind("? "), kept.rfind("! "))
    return kept[: end + 1] if end > 0 else kept


def _field(record: Mapping[str, Any], *names: str) -> tuple[str, Any] | None:
    """The first of `names` that the record fills (not None, empty text or an empty list or object)."""
    for name in names:
        value = record.get(name)
        if value not in (None, "", [], {}):
            return name, value
    return None


def unreadable_date(record: Any, fields: tuple[str, ...] = DATE_FIELDS) -> str | None:
    """The record's publication date as written (the first of `fields` it fills), when it has one
    that `parse_date` cannot read."""
    found = _field(record, *fields) if isinstance(record, Mapping) else None
    if found is None or parse_date(found[1]):
        return None
    return f"{found[0]}={str(found[1])[:40]!r}"


# "03/12/2026", "3.12.2026", "12-03-26": day and month in an order the text does not say
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})\b")


# an all-number date anywhere in a file: "25/12/2026", "12-25-26" (dots are day first everywhere)
_NUMERIC_DATE_ANYWHERE = re.compile(rb"(?<![\d/-])(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-])")


# a dotted date with its year in full ("08.12.2026"): written day first wherever dots are used
_DOTTED_DATE_ANYWHERE = re.compile(rb"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.])")


def day_first(data: bytes) -> bool:
    """Whether a file's all-number dates are written day first: some put a number over 12 first ("25/12/2026")
    or are dotted ("08.12.2026", as Europe writes them), and none puts one second ("12/25/2026"). Its ambiguous
    dates ("03/12/2026") are then read day first too."""
    day = _DOTTED_DATE_ANYWHERE.search(data) is not None
    month = False
    for m in _NUMERIC_DATE_ANYWHERE.finditer(data):
        first, second = int(m.group(1)), int(m.group(3))
        day = day or (first > 12 and 1 <= second <= 12)
        month = month or (second > 12 and 1 <= first <= 12)
        if month:
            return False
    return day


def ambiguous_date(record: Any, fields: tuple[str, ...] = DATE_FIELDS, *, dayfirst: bool = False) -> str | None:
    """The record's publication date as written and as read, when it is all numbers with a day and a month
    that could be either ("03/12/2026": read month first, 12 March, as in the US, unless its source writes
    its other dates day first: `dayfirst`), so the reader can say."""
    found = _field(record, *fields) if isinstance(record, Mapping) else None
    if found is None or not isinstance(found[1], str):
        return None
    m = _NUMERIC_DATE.match(found[1])
    if not m or m.group(2) == "." or m.group(1) == m.group(3) or max(int(m.group(1)), int(m.group(3))) > 12:
        return None  # most dates: no second parse
    read = parse_date(found[1], dayfirst=dayfirst)
    if read is None:
        return None
    order = "day first, as the file's other dates" if dayfirst else "month first"
    return f"{found[0]}={found[1].strip()[:40]!r} read as {read.date().isoformat()} ({order})"


# Zone abbreviations news sites write after a time ("Dec 4, 2026 4:00 PM EST"), as UTC offsets in seconds;
# dateutil knows only UTC/GMT and the machine's own zone, and read "EST" as UTC, five hours off. Ambiguous
# ones (IST: India, Ireland or Israel) are left out.
_ZONE_NAMES = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "WET": 0,
        "WEST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "AKST": -9,
        "AKDT": -8,
        "HST": -10,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
        "NZST": 12,
        "NZDT": 13,
    }.items()
}


def parse_date(value: Any, *, dayfirst: bool = False) -> datetime | None:
    """Timezone-aware datetime from ISO strings, RFC 822 feed dates, epoch numbers; naive means UTC. `dayfirst`:
    an all-number date with "/" or "-" ("03/12/2026") is read day first, as its source writes its other dates
    (`day_first`); else month first, as in the US."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        text = value.strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                from dateutil import parser as dateparser

                # "03.12.2026" is day first wherever dots separate a date's numbers; "/" is read month first
                m = _NUMERIC_DATE.match(text)
                with warnings.catch_warnings():  # a zone name it does not know: read as UTC, said nowhere
                    warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
                    dt = dateparser.parse(
                        text, dayfirst=bool(m and (dayfirst or m.group(2) == ".")), tzinfos=_ZONE_NAMES
                    )
            except (ValueError, OverflowError, TypeError):
                return None
    else:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


# A date line under a headline: "Published: December 2, 2026", "Dec. 4, 2026 11:40 p.m. CET", "Updated on 3 Dec 2026"
_DATE_LINE_PREFIX = re.compile(r"^(?:first\s+)?(?:published|updated|posted)(?:\s+on)?\s*:?\s*", re.I)
_YEAR_IN_LINE = re.compile(r"\b(?:19|20)\d\d\b")


def date_line(line: str) -> str | None:
    """The date a short line under a headline gives ("Published Dec. 4, 2026 11:40 p.m. CET" ->
    "Dec. 4, 2026 11:40 p.m. CET"), or None: a line that is a sentence, names no year or reads as no date."""
    text = line.strip()
    if not text or text.endswith(".") or len(text.split()) > 10:
        return None
    dated = _DATE_LINE_PREFIX.sub("", text)
    return dated if _YEAR_IN_LINE.search(dated) and parse_date(dated) is not None else None


_BYLINE_LINE = re.compile(r"^by\s+([A-Z].*)$", re.I)


def byline_line(line: str) -> str | None:
    """The byline a short line under a headline gives ("By Ana Ruiz, Lakeport Gazette" -> "Ana Ruiz, Lakeport
    Gazette"), or None: a line that is a sentence ("By Monday, the council will decide.") or says no "By"."""
    text = line.strip()
    if not text or text.endswith(".") or len(text.split()) > 10:
        return None
    m = _BYLINE_LINE.match(text)
    if not m:
        return None
    # names before any comma: capitalized words ("Ana Ruiz and Tom Keller", "Luis de la Cruz"), not "Monday the port"
    names = re.split(r"[,;|]", m.group(1))[0].split()
    ok = all(w[:1].isupper() or w.casefold() in _NAME_JOINERS for w in names)
    return m.group(1) if ok and names[-1][:1].isupper() else None


_NAME_JOINERS = frozenset("and & de la le van von der den da di du del al bin ibn".split())


def later_than(modified: datetime | None, published: datetime | None) -> datetime | None:
    """`modified` when it is a real update: after `published` (many pages stamp their publication time, or a
    time seconds after it, as "modified"; a stamp within a minute says nothing), or when there is no
    publication date to compare it with."""
    if modified is None or published is None:
        return modified
    return modified if (modified - published).total_seconds() > 60 else None


def reads_as_sentence(line: str) -> bool:
    """A line that reads as a sentence (six words or more, a full stop at the end), not a headline:
    "Café owners in Valmora say winter trade is down 20 percent."."""
    line = line.strip()
    return line.endswith(".") and not line.endswith("..") and len(line.split()) >= 6


def _without_title_line(text: str, title: str) -> str:
    """The text without a first line that repeats the title (an extracted page's headline), so that
    it is not read as part of the first sentence; the title is kept apart. A title that reads as a
    sentence is the article's lead and stays. The id is taken before."""
    first, sep, rest = text.partition("\n")
    if sep and rest.strip() and normalize_space(first).casefold() == normalize_space(title).casefold():
        return text if reads_as_sentence(first) else rest.strip()
    return text


def _text_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n\n".join(_text_field(v) for v in value if v)
    if isinstance(value, Mapping):
        return _text_field(value.get("text") or value.get("value") or value.get("name"))
    return str(value)


def _blank(text: str) -> bool:
    return not text or text.isspace()


# A byline's wrapping: "By Ana Ruiz and Tom Keller", "BY ANA RUIZ | Staff Writer".
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-f]{2,6}|[a-z][a-z0-9]{1,31});", re.I)
_BY = re.compile(r"^\s*by\s+", re.I)
_ROLE = re.compile(
    r"^(?:(?:senior|chief|staff|political|foreign|business|sports?|local|special|contributing)\s+)*"
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|staff)s?$"
    # "Transport Correspondent", "Europe Editor" (not an outlet's staff, which is its byline: "Reuters Staff")
    r"|^(?!.*\bstaff\b)(?:[\w'’-]+\s+){1,3}(?:writer|reporter|correspondent|editor|contributor|columnist|journalist)s?$",
    re.I,
)


# an address in a byline: RSS's "news@paper.example (Mira Solberg)", "Mira Solberg <mira@paper.example>"
_EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
_EMAIL_NAME = re.compile(r"\s*<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?\s*\((?P<name>[^()]+)\)\s*")
_NO_NAME = frozenset("unknown anonymous admin administrator editor noreply no-reply".split())


def byline_names(byline: str) -> list[str]:
    """The names a byline lists: "By Ana Ruiz and Tom Keller" -> Ana Ruiz, Tom Keller; a role ("Staff
    Writer"), an e-mail address ("news@paper.example (Mira Solberg)" -> Mira Solberg) and a placeholder
    ("noreply@blogger.com (Unknown)") are left out."""
    named = _EMAIL_NAME.fullmatch(byline)
    byline = named.group("name") if named else _EMAIL.sub(" ", byline)
    parts = [_BY.sub("", p).strip() for p in re.split(r",|;|\||\s+and\s+|\s+&\s+", byline)]
    return [p for p in parts if p and not _ROLE.match(p) and p.casefold() not in _NO_NAME]


def _authors(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value[:MAX_FIELD_CHARS]
        return byline_names(value)
    if isinstance(value, Mapping):
        value = [value]
    if isinstance(value, list):
        out = []
        for item in value:
            name = _BY.sub("", _text_field(item)).strip()
            if name and not _ROLE.match(name):
                out.append(name)
        return out
    return [str(value)]


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    published_at: datetime | None = None
    language: str | None = None
    source: str | None = None  # where it was read from (path:line, feed URL, ...)
    source_id: str | None = None  # the id the source gave it, if any
    content_hash: str = ""
    truncated: bool = False  # the text was cut to `max_words` words (see Article.create)
    # Where the text comes from, for feed entries: "page" (the entry's page, fetched), "full" (the feed
    # carried the article), "summary" (only the feed's summary: no full text could be had), None when
    # unknown (every other source). Not part of
    # `id` or `content_hash`.
    text_source: str | None = None
    # Where an article without a URL lives, so that an edited copy replaces it instead of being added
    # beside it (its id is its title and text, which the edit changed): a file's URI for the one article
    # of a file, else the file's or feed's URI and the record's id (or its title and date). Set by
    # `placed`; None for an article with a URL (the URL identifies it). Not part of `id` or `content_hash`.
    origin: str | None = None
    # When the outlet says it last updated the article, if later than `published_at`; None when it does
    # not say (or says the publication time). Part of `content_hash` (when set), not of `id`.
    modified_at: datetime | None = None

    @property
    def published_ts(self) -> int | None:
        return int(self.published_at.timestamp()) if self.published_at else None

    @property
    def outlet_key(self) -> str | None:
        return outlet_key(self.outlet)

    @property
    def text_hash(self) -> str:
        """sha256 of the title and text alone: what a reader sees change (a correction), unlike
        `content_hash`, which also moves with the metadata (outlet name, date, authors, language)."""
        return hashlib.sha256(f"{self.title}\n\n{self.text}".encode()).hexdigest()

    @classmethod
    def create(
        cls,
        *,
        title: str | None,
        text: str,
        url: str | None = None,
        outlet: str | None = None,
        authors: Any = None,
        published_at: Any = None,
        language: str | None = None,
        source: str | None = None,
        source_id: str | None = None,
        max_words: int | None = None,
        text_source: str | None = None,
        modified_at: Any = None,
        dayfirst: bool = False,
    ) -> Article:
        """The article, cleaned. `max_words`: keep only the first so many words of the text
        (cut before cleaning, so a huge record costs no more than its first words); the
        article's `truncated` then says it was cut. `text_source`: see the field."""
        raw = _text_field(text)
        cut = word_cut(raw, max_words) if max_words else None
        if cut is not None:
            raw = raw[:cut]
        text = article_text(raw)
        del raw
        title = normalize_space(without_url_escapes(clean_text(_text_field(title)[:MAX_FIELD_CHARS])))
        if not text:
            raise RecordError("no article text")
        if not title:
            first = text.split("\n", 1)[0]
            title = first[:120].rstrip() + ("…" if len(first) > 120 else "")
        url_c = canonical_url(_clean_field(url) if isinstance(url, str) else None)
        named = _clean_field(outlet)
        outlet_name = named or outlet_from_url(url_c) or None
        # the name a record gives ("Bridge to close - Coastline Daily" from NewsAPI's Coastline Daily); not one read
        # from the URL, which only guesses it (and leaves the eval corpora's "... | CNN" titles, and their index, as
        # they were)
        title = without_outlet_name(title, named or None)
        when = parse_date(published_at, dayfirst=dayfirst)
        modified = later_than(parse_date(modified_at, dayfirst=dayfirst), when)
        auth = tuple(a for a in (_clean_field(x) for x in _authors(authors)[:MAX_AUTHORS]) if a)
        lang = _clean_field(language).lower()[:35] or None
        identity = url_c or (normalize_space(title).lower() + "\n" + normalize_space(text).lower())
        art_id = hashlib.sha256(identity.encode("utf-8")).hexdigest()
        text = _without_title_line(text, title)
        fields = [title, text, url_c, outlet_name, when.isoformat() if when else None, list(auth), lang]
        if modified:  # appended only when known: the hash of an article without it is as before
            fields.append(modified.isoformat())
        content = json.dumps(fields, ensure_ascii=False)
        return cls(
            id=art_id,
            title=title,
            text=text,
            url=url_c,
            outlet=outlet_name,
            authors=auth,
            published_at=when,
            language=lang,
            source=printable(source) if source else source,
            source_id=_clean_field(source_id) or None,
            content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
            truncated=cut is not None,
            text_source=text_source,
            modified_at=modified,
        )

    def truncated_to(self, max_words: int) -> Article:
        """This article with its text cut to `max_words` words (itself when it is not longer);
        the id and content hash are those of the cut text."""
        if word_cut(self.text, max_words) is None:
            return self
        return Article.create(
            title=self.title,
            text=self.text,
            url=self.url,
            outlet=self.outlet,
            authors=list(self.authors),
            published_at=self.published_at,
            language=self.language,
            source=self.source,
            source_id=self.source_id,
            max_words=max_words,
            text_source=self.text_source,
            modified_at=self.modified_at,
        ).placed_as(self.origin)

    def placed(self, where: str, *, whole: bool) -> Article:
        """This article with its `origin` under `where` (a file's or feed's URI): `where` itself when the
        article is the whole of it (`whole`: a text, Markdown or HTML file), else the record in it, by the
        id the source gave it, or by its title and date. An article with a URL keeps none."""
        if self.url:
            return self
        if whole:
            return self.placed_as(where)
        if self.source_id:
            return self.placed_as(f"{where}#id={self.source_id}")
        when = self.published_at.date().isoformat() if self.published_at else ""
        return self.placed_as(f"{where}#title={normalize_space(self.title).casefold()}|{when}")

    def placed_as(self, origin: str | None) -> Article:
        return self if origin == self.origin else replace(self, origin=origin)

    @classmethod
    def from_mapping(
        cls, record: Any, *, source: str | None = None, max_words: int | None = None, dayfirst: bool = False
    ) -> Article:
        """From a JSON object with the usual news fields (title, text|body|content, url|link,
        source|outlet|site_name, published_at|date|published, authors|author, language|lang)."""
        if not isinstance(record, Mapping):
            raise RecordError(f"expected a JSON object, got {type(record).__name__}")

        def pick(*names: str) -> Any:
            found = _field(record, *names)
            return found[1] if found else None

        text = pick(*TEXT_FIELDS)
        if text is not None and not isinstance(text, (str, list, Mapping)):
            raise RecordError(f"the record's text must be a string, got {type(text).__name__} ({str(text)[:40]})")
        if text is None or _blank(_text_field(text)):
            raise RecordError(
                f"record has no text (its {', '.join(TEXT_FIELDS[:3])} or {TEXT_FIELDS[3]} field is missing or empty)"
            )
        if isinstance(text, str) and looks_like_markup(text):  # a scraper's HTML body: its text, not its tags
            text = markup_text(text)
        text = without_cut_mark(text)
        url = pick(*URL_FIELDS)
        title = pick(*TITLE_FIELDS)
        if isinstance(title, str) and (_ENTITY.search(title) or looks_like_markup(title)):
            title = inline_markup_text(title)  # a scraper's "Mayor&#8217;s Q&amp;A", "<em>five</em> days"
        if title is None or _blank(_text_field(title)):
            raw = _text_field(text).strip()
            body = normalize_space(clean_text(raw))
            if "\n" not in raw and not reads_as_sentence(body):
                # {"headline": "", "body": "no title here"}: a placeholder, not an article (as a text file
                # whose only line is its title is skipped)
                raise RecordError(
                    f"record has no title and its text is {len(body.split())} word(s) that do not read as a "
                    "sentence; nothing to index"
                )
        return cls.create(
            title=title,
            text=text,
            url=url if isinstance(url, str) else None,
            outlet=pick(*OUTLET_FIELDS),
            authors=pick(*AUTHOR_FIELDS),
            published_at=pick(*DATE_FIELDS),
            modified_at=pick(*MODIFIED_FIELDS),
            language=pick(*LANGUAGE_FIELDS),
            source=source,
            source_id=pick("id") if isinstance(pick("id"), (str, int)) else None,
            max_words=max_words,
            dayfirst=dayfirst,
        )
