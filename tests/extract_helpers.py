"""Helpers the extractor's rule tests share: one article's events, an event's actors."""

from __future__ import annotations

from datetime import date
from typing import Any

from truce.extract.articles import Article
from truce.extract.pipeline import Extractor


def events(ex: Extractor, text: str, published: date, source: str = "Wire") -> list[dict[str, Any]]:
    """The events of one article with this body, publication day and outlet."""
    return ex.extract(Article("t", text, published=published, outlet=source))


def kinds(ev: dict[str, Any]) -> set[tuple[str | None, str, str]]:
    """An event's actors as (country, kind, role)."""
    return {(a["country_code"], a["kind"], a["role"]) for a in ev["actors"]}
