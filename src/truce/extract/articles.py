"""Article readers: plain text, HTML, RSS/Atom feeds, JSONL archives and folders.

Every reader yields :class:`Article` or :class:`ReadProblem`; a bad file is reported
with its name and the reason, and the batch goes on. Plain text must be UTF-8 (the
`truce extract` contract; a leading byte-order mark is not text); JSONL archives are
UTF-8 too, but one bad line only skips that line. A publication date that a header
or an archive gives and that does not read as a date is such a problem too: it would
leave the article's relative dates unresolved without a word. HTML and feeds are
decoded by their parsers, which honour the declared charset, because real-world
pages are often not UTF-8.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
BOM = "\ufeff"
_HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,30}):[ \t]*(.*)$")
# The keys an article takes from its header; any one of them makes a header block.
_HEADER_KEYS = {"title", "url", "published", "date", "source"}
# Fields that exports carry and Truce has no use for: skipped, in any case.
_IGNORED_KEYS = {
    "author",
    "authors",
    "byline",
    "by",
    "section",
    "category",
    "categories",
    "language",
    "lang",
    "keywords",
    "tags",
    "subject",
    "length",
    "word count",
    "words",
    "edition",
    "page",
    "copyright",
    "rights",
    "updated",
    "modified",
    "description",
    "summary",
    "subtitle",
    "id",
    "type",
}
_SENTENCE_END = re.compile(r"""[.!?]["'”’)]?$""")
_WEEKDAY = re.compile(r"^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\s*,", re.IGNORECASE)
_ISO_START = re.compile(r"\d{4}-\d")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HTML_EXT = {".html", ".htm", ".xhtml"}
_FEED_EXT = {".rss", ".atom", ".xml"}
_JSONL_EXT = {".jsonl", ".ndjson"}


@dataclass
class Article:
    """One news article as text; ``published`` anchors its relative dates."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    # Who published it ("Reuters News", "Dawn"): dailies report the day before.
    outlet: str | None = None


@dataclass(frozen=True)
class ReadProblem:
    """A file (or line of an archive) that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def parse_date(value: str | None) -> date | None:
    """Lenient: an ISO date or datetime (the first 10 characters), else None.

    For dates that other software wrote (HTML metadata); a date a person or an
    export wrote goes through :func:`parse_published`, which refuses what it cannot read.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_published(value: str) -> date:
    """The publication date in an article header or archive field.

    Accepts ISO 8601 dates and date-times (``2025-11-05``, ``2025-11-05T10:00:00+05:00``,
    ``2025-11-05 10:00Z``) and RFC 5322 §3.3 (RFC 2822) dates as feeds and exports write
    them (``Tue, 04 Nov 2025 10:00:00 +0000``, also without the time). The day is the
    one written, not moved to UTC: "yesterday" in the article counts from the
    publisher's day. A weekday that contradicts the date makes the date doubtful and
    is refused. Raises ValueError saying why otherwise.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError as err:
        if _ISO_START.match(text):
            raise ValueError(f"not a valid ISO 8601 date ({err})") from None
    if any(c.isalpha() for c in text):  # RFC 5322 names the month
        for candidate in (text, f"{text} 00:00:00"):
            try:
                day = parsedate_to_datetime(candidate).date()
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
            named = _WEEKDAY.match(text)
            if named and _DAYS.index(named.group(1).lower()) != day.weekday():
                raise ValueError(
                    f"{named.group(1)} does not match {day.isoformat()}, a {day.strftime('%A')}"
                )
            return day
    raise ValueError(
        "not a date (expected ISO 8601 such as 2025-11-05 or an RFC 2822 date such as "
        "'Tue, 04 Nov 2025 10:00:00 +0000')"
    )


def _header_field(line: str) -> tuple[str | None, str] | None:
    """``(key, value)`` for a header field, the key ``None`` for one Truce skips;
    ``None`` for a line that is no field (prose, or a dateline "PESHAWAR: ...")."""
    m = _HEADER_RE.match(line.rstrip("\r"))
    if not m:
        return None
    name, value = m.group(1).strip(), m.group(2).strip()
    key = " ".join(name.split()).lower()
    if key in _HEADER_KEYS:
        return key, value
    if key in _IGNORED_KEYS:
        return None, value
    if name.isupper() or (len(value.split()) >= 8 and _SENTENCE_END.search(value)):
        return None  # a Dawn-style dateline, or a sentence that starts "Note: ..."
    return None, value


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split an optional header block of ``Key: value`` lines from the body.

    The block is the text up to the first blank line (or the whole text, for a file
    that is only a header); it counts as a header when every line is a ``Key: value``
    field and at least one key is one Truce uses (Title, URL, Published, Date, Source).
    Other fields (Author, Byline, Section, Keywords...) are skipped. A body that starts
    "Note: ..." or with a dateline "PESHAWAR: At least five..." is not a header: a
    block with no known key, or with a line in capitals or of prose, is body. Lines may
    end in CRLF; a leading byte-order mark is ignored. Returns the known fields
    (lower-case keys, first value wins) and the body.
    """
    lines = text.removeprefix(BOM).split("\n")
    header: dict[str, str] = {}
    known = False
    end = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            end = i
            break
        field = _header_field(line)
        if field is None:
            return {}, text
        key, value = field
        if key is not None:
            known = True
            header.setdefault(key, value)
    if not known or end == 0:
        return {}, text
    return header, "\n".join(lines[end + 1 :])


def article_from_text(
    text: str, source: str, published: date | None = None
) -> Article | ReadProblem:
    """Build an article from plain text with an optional header block.

    ``published`` overrides the header's date; without it a header ``Published:``
    (or ``Date:``) that does not read as a date is a problem, not silently dropped,
    since the article's relative dates hang on it.
    """
    header, body = split_header(text)
    pub = published
    if pub is None:
        key = "published" if header.get("published") else "date"
        if header.get(key):
            try:
                pub = parse_published(header[key])
            except ValueError as err:
                return ReadProblem(
                    source, f"bad {key.capitalize()}: value {header[key]!r} in header: {err}"
                )
    title = header.get("title") or None
    if not body.strip() and not title:
        return ReadProblem(source, "no article text after the header block")
    return Article(
        source=source,
        text=body,
        title=title,
        url=header.get("url") or None,
        published=pub,
        outlet=header.get("source") or None,
    )


def _check_size(path: Path) -> ReadProblem | None:
    size = path.stat().st_size
    if size == 0:
        return ReadProblem(str(path), "empty file")
    if size > MAX_BYTES:
        return ReadProblem(str(path), f"file too large ({size // (1024 * 1024)} MB > 50 MB)")
    return None


def decode_utf8(raw: bytes, source: str) -> str | ReadProblem:
    """UTF-8 text, or the problem: binary (NUL bytes) or another encoding."""
    if b"\x00" in raw[:8192]:
        return ReadProblem(source, "binary file (NUL bytes), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return ReadProblem(source, f"not UTF-8 text (invalid byte at offset {err.start})")
    if not text.strip():
        return ReadProblem(source, "empty file (only whitespace)")
    return text


def read_text_file(path: Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """A plain-text article (UTF-8, optional header block)."""
    problem = _check_size(path)
    if problem:
        yield problem
        return
    text = decode_utf8(path.read_bytes(), str(path))
    if isinstance(text, ReadProblem):
        yield text
        return
    yield article_from_text(text, str(path), published)


def read_html_file(path: Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """An HTML page: main text and metadata through trafilatura; broken HTML is reported."""
    problem = _check_size(path)
    if problem:
        yield problem
        return
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        yield ReadProblem(str(path), "binary file (NUL bytes), not HTML")
        return
    yield from html_to_articles(raw, str(path), published)


def html_to_articles(
    raw: bytes | str, source: str, published: date | None = None
) -> Iterator[Article | ReadProblem]:
    """Extract one article from HTML bytes or text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(raw, with_metadata=True)
    except Exception as err:  # trafilatura raises many types on malformed markup
        yield ReadProblem(source, f"unreadable HTML ({type(err).__name__})")
        return
    if doc is None:
        yield ReadProblem(source, "no article text found in HTML")
        return
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = (meta.get("text") or "").strip()
    if not text:
        yield ReadProblem(source, "no article text found in HTML")
        return
    yield Article(
        source=source,
        text=text,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        published=published or parse_date(meta.get("date")),
    )


def read_feed_file(path: Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """An RSS/Atom feed: each entry is an article (summary or content as text)."""
    import feedparser

    problem = _check_size(path)
    if problem:
        yield problem
        return
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo and not feed.entries:
        reason = getattr(feed.get("bozo_exception"), "getMessage", lambda: "malformed")()
        yield ReadProblem(str(path), f"feed does not parse ({reason})")
        return
    if not feed.entries:
        yield ReadProblem(str(path), "feed has no entries")
        return
    for i, entry in enumerate(feed.entries):
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "") or ""
        body = _strip_tags(body)
        title = entry.get("title") or None
        if not body and not title:
            yield ReadProblem(f"{path}#{i + 1}", "feed entry has no text")
            continue
        pub = published
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if pub is None and parsed:
            pub = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        yield Article(
            source=entry.get("link") or f"{path}#{i + 1}",
            text=body,
            title=title,
            url=entry.get("link") or None,
            published=pub,
        )


_TAG_RE = re.compile(r"<[^>]+>")


def _strip_tags(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(_TAG_RE.sub(" ", html)).strip()


def read_jsonl_file(path: Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """A JSONL archive: one {"text", "title", "url", "published", "id"} object per line."""
    problem = _check_size(path)
    if problem:
        yield problem
        return
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                yield ReadProblem(where, f"bad JSON line ({type(err).__name__})")
                continue
            if (
                not isinstance(obj, dict)
                or not isinstance(obj.get("text"), str)
                or not obj["text"].strip()
            ):
                yield ReadProblem(where, 'line has no "text" string')
                continue
            pub = published
            stamp = obj.get("published") or obj.get("pub_date")
            if pub is None and stamp:
                try:
                    pub = parse_published(str(stamp))
                except ValueError as err:
                    yield ReadProblem(where, f"bad published value {stamp!r}: {err}")
                    continue
            ident = obj.get("id")
            yield Article(
                source=str(obj.get("url") or (f"{path}#{ident}" if ident is not None else where)),
                text=obj["text"],
                title=obj.get("title") if isinstance(obj.get("title"), str) else None,
                url=obj.get("url") if isinstance(obj.get("url"), str) else None,
                published=pub,
                outlet=obj.get("source") if isinstance(obj.get("source"), str) else None,
            )


def read_source(path: str | Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """Read a file or a folder (recursively), choosing the reader by extension."""
    p = Path(path)
    if not p.exists():
        yield ReadProblem(str(p), "no such file or directory")
        return
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        if not files:
            yield ReadProblem(str(p), "folder has no files")
        for f in files:
            yield from read_source(f, published)
        return
    ext = p.suffix.lower()
    try:
        if ext in _HTML_EXT:
            yield from read_html_file(p, published)
        elif ext in _FEED_EXT:
            yield from read_feed_file(p, published)
        elif ext in _JSONL_EXT:
            yield from read_jsonl_file(p, published)
        else:
            yield from read_text_file(p, published)
    except OSError as err:
        yield ReadProblem(str(p), f"cannot read ({err.strerror or err})")
