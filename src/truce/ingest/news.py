"""Articles and their extracted events as news reports (pure functions, no I/O).

An extracted event (spec/event.md) becomes the body of ``POST /api/reports``
(spec/api.md) with source kind ``news``. The news accuses nobody formally, so
``accused_party`` is null: such an observation may be filed for any date, even
outside the agreement's period, because context before a ceasefire is part of the
record (domain.report.check_against).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from truce.domain.report import MAX_ACTORS, SUMMARY_LIMIT, TEXT_LIMIT
from truce.extract.articles import Article

_WS = re.compile(r"\s+")
_HTTP = re.compile(r"^https?://\S+$")
# "archive.jsonl:12" (line) or "archive.jsonl#id" (record id) or "feed.xml#3" (entry).
_ARCHIVE_SUFFIX = re.compile(r"(?::\d+|#.*)$")


def article_key(article: Article) -> str:
    """The identity of an article: SHA-256 of its title and text, whitespace folded.

    Content, not path or URL, so the same archive ingested from another folder, or a
    story syndicated to two addresses, counts once; 64 hex characters, the width of
    ``ingested_articles.key``.
    """
    title = _WS.sub(" ", article.title or "").strip()
    body = _WS.sub(" ", article.text or "").strip()
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()


def event_dedup_key(key: str, index: int) -> str:
    """The report dedup key of the index-th event of an article (64 hex, fits the column).

    Extraction is deterministic, so a rerun after a crash recomputes the same keys and
    ``file_report`` refuses the events that were already filed.
    """
    return hashlib.sha256(f"news-event\n{key}\n{index}".encode()).hexdigest()


def http_url(article: Article) -> str | None:
    """The article's web address, when it has one (a file path is not a URL)."""
    for candidate in (article.url, article.source):
        if candidate and _HTTP.match(candidate) and len(candidate) <= 2000:
            return candidate
    return None


def outlet_of(article: Article) -> str:
    """The outlet's name: the URL's host, else an outlet the reader found, else the file name."""
    url = http_url(article)
    if url:
        host = (urlsplit(url).hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host[:TEXT_LIMIT]
    named = getattr(article, "outlet", None)  # readers may learn a "Source:" header
    if isinstance(named, str) and named.strip():
        return named.strip()[:TEXT_LIMIT]
    name = PurePath(_ARCHIVE_SUFFIX.sub("", article.source)).name
    return (name or article.source or "unknown")[:TEXT_LIMIT]


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:TEXT_LIMIT]
    return None


def _location(loc: Any) -> dict[str, Any] | None:
    if not isinstance(loc, dict) or loc.get("lat") is None or loc.get("lon") is None:
        return None
    return {
        "name": _text(loc.get("name")),
        "lat": loc["lat"],
        "lon": loc["lon"],
        "country_code": loc.get("country_code"),
        "precision": loc.get("precision") or 1,
        "admin1": _text(loc.get("admin1")),
    }


def _actors(actors: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for a in actors or []:
        name = _text(a.get("name")) if isinstance(a, dict) else None
        if name is None:
            continue
        out.append(
            {
                "name": name,
                "country_code": a.get("country_code"),
                "kind": a.get("kind") or "other",
                "role": a.get("role") or "participant",
            }
        )
    return out[:MAX_ACTORS]


def _fatalities(fat: Any) -> dict[str, Any] | None:
    if not isinstance(fat, dict) or fat.get("best") is None:
        return None
    best = fat["best"]
    return {"best": best, "low": fat.get("low", best), "high": fat.get("high", best)}


def event_report(
    event: dict[str, Any], article: Article, agreement_id: str
) -> dict[str, Any] | str:
    """The news report for one extracted event, or why it cannot be one.

    The report's summary is the text the event was read from and its title the
    article's; the outlet and URL name where it was read.
    """
    if not event.get("date"):
        return "no date (the article gives none and has no publication date)"
    if not event.get("event_type"):
        return "no event type"
    source: dict[str, Any] = {"kind": "news", "outlet": outlet_of(article)}
    url = http_url(article)
    if url:
        source["url"] = url
    summary = str(event.get("text") or "").strip()
    return {
        "agreement_id": agreement_id,
        "source": source,
        "accused_party": None,
        "event_type": event["event_type"],
        "date": event["date"],
        "date_end": event.get("date_end") or event["date"],
        "date_precision": event.get("date_precision") or "day",
        "location": _location(event.get("location")),
        "actors": _actors(event.get("actors")),
        "fatalities": _fatalities(event.get("fatalities")),
        "summary": summary[:SUMMARY_LIMIT],
        "title": _text(article.title),
        "evidence": [],
    }
