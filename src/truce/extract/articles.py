"""Article readers: plain text, HTML, RSS/Atom feeds, JSONL archives and folders.

Every reader yields :class:`Article` or :class:`ReadProblem`; a bad file is reported
with its name and the reason, and the batch goes on. Plain text must be UTF-8 (the
`truce extract` contract); JSONL archives are UTF-8 too, but one bad line only skips
that line. HTML and feeds are decoded by their parsers, which honour the declared
charset, because real-world pages are often not UTF-8.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
_HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z -]{0,30}):\s*(.*)$")
_HEADER_KEYS = {"title", "url", "published", "date", "source"}
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
    """An ISO date or datetime (the first 10 characters), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split an optional ``Key: value`` header block ended by a blank line.

    Only known keys count as a header, so a body that starts with "Note: ..." is
    not eaten. Returns the header (lower-case keys) and the body.
    """
    lines = text.split("\n")
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if header and i > 0:
                return header, "\n".join(lines[i + 1 :])
            return {}, text
        m = _HEADER_RE.match(line.rstrip("\r"))
        if not m or m.group(1).strip().lower() not in _HEADER_KEYS:
            return {}, text
        header[m.group(1).strip().lower()] = m.group(2).strip()
    return {}, text


def article_from_text(text: str, source: str, published: date | None = None) -> Article:
    """Build an article from plain text with an optional header block."""
    header, body = split_header(text)
    pub = published or parse_date(header.get("published") or header.get("date"))
    return Article(
        source=source,
        text=body,
        title=header.get("title") or None,
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
            pub = published or parse_date(str(obj.get("published") or obj.get("pub_date") or ""))
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
