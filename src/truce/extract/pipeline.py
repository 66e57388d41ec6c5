"""Articles → events: the extraction pipeline (a pure function of the text).

Stages, in order (each a named callable, see :mod:`truce.extract.nlp`):
``gate`` (cheap relevance regex, before any model) → ``segment`` (spaCy sentences,
split again at ";" because headline digests join several headlines) → ``dates``
(timex) → ``places`` (gazetteer) → ``candidates`` (triggers, type, actors,
fatalities, claims per sentence, :mod:`truce.extract.candidates`) → ``merge`` (one
event per real happening, :mod:`truce.extract.event_merge`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from truce.extract.actors import actor_book, find_actors
from truce.extract.articles import Article
from truce.extract.candidates import all_caps, candidates_stage
from truce.extract.datelines import CLOCK_ONLY, SOURCE_LINE, dateline_day, find_dateline
from truce.extract.event_merge import merge_stage
from truce.extract.nlp import Stage, check_order, load_nlp, stage
from truce.extract.place_cues import main_country, names_a_place
from truce.extract.relevance import is_relevant

if TYPE_CHECKING:
    from spacy.language import Language

    from truce.extract.gazetteer import Gazetteer, Place

__all__ = ["Article", "Extractor", "extract"]


_JOINED = re.compile(r";(?=\S)")


def parse_text(text: str) -> str:
    """Text as the parser should see it, with the same character offsets.

    ALL-CAPS headlines are lower-cased (the tagger reads them as proper nouns), and
    reports joined by a bare ";" ("...tribal area;Incidents and ...") get a line
    break there: spaCy keeps "area;Incidents" as one token, so the reports would
    not be split into segments.
    """
    if all_caps(text):
        low = text.lower()
        if len(low) == len(text):
            text = low
    return _JOINED.sub("\n", text)


class Extractor:
    """Holds the spaCy pipeline and the gazetteer (both loaded lazily, once)."""

    def __init__(self, nlp: Language | None = None, gazetteer: Gazetteer | None = None) -> None:
        self._nlp = nlp
        self._gaz = gazetteer
        # The relevance gate runs in extract_many, before spaCy, so it costs nothing here.
        self.stages: list[Stage] = [_dates, _places, candidates_stage, merge_stage]
        check_order(self.stages, {"article", "text", "doc"})

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            from truce.extract.gazetteer import Gazetteer

            self._gaz = Gazetteer.default()
        return self._gaz

    def extract(self, article: Article) -> list[dict[str, Any]]:
        """Events in one article, as spec/event.md objects."""
        for _, events in self.extract_many([article]):
            return events
        return []

    def extract_many(
        self, articles: Iterable[Article], n_process: int = 1, batch_size: int = 64
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        """Events per article, parsing relevant articles with ``nlp.pipe`` in batches."""
        pending: list[tuple[Article, str]] = []
        for art in articles:
            text = full_text(art)
            if not is_relevant(text, None):
                pending.append((art, ""))
            else:
                pending.append((art, text))
            if len(pending) >= batch_size * max(1, n_process) * 4:
                yield from self._run(pending, n_process, batch_size)
                pending = []
        if pending:
            yield from self._run(pending, n_process, batch_size)

    def _run(
        self, items: list[tuple[Article, str]], n_process: int, batch_size: int
    ) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
        texts = [parse_text(t) for _, t in items if t]
        docs = (
            iter(self.nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
            if texts
            else iter(())
        )
        for art, text in items:
            if not text:
                yield art, []
                continue
            state: dict[str, Any] = {
                "article": art,
                "text": text,
                "doc": next(docs),
                "gazetteer": self.gazetteer,
            }
            for st in self.stages:
                st(state)
            yield art, state["events"]


def full_text(article: Article) -> str:
    """The title (when the body does not start with it) and the body, as one text."""
    body = article.text or ""
    title = (article.title or "").strip()
    if title and not body.lstrip().startswith(title):
        return f"{title}\n\n{body}"
    return body


@stage(
    "dates",
    needs={"text", "article"},
    gives={"timexes", "unresolved", "dct", "dateline", "title_end"},
)
def _dates(state: dict[str, Any]) -> None:
    from truce.extract.timex import tag

    art: Article = state["article"]
    title = (art.title or "").strip()
    state["title_end"] = len(title) if title and state["text"].startswith(title) else 0
    found = find_dateline(state["text"], art.title)
    dct: date | None = art.published
    state["dateline"] = (0, 0)
    if found is not None:
        offset, m = found
        state["dateline"] = (offset, offset + m.end())
        # "Peshawar, Mar 16 (PTI) ... today": the dateline's day anchors "today" and
        # "yesterday" when the report is published the next morning
        dct = dateline_day(m, art.published) or dct
    state["dct"] = dct
    tags = tag(state["text"], dct)
    # A digest's source lines "(Dawn website, Islamabad, in English 3 Feb 25)" and a
    # dated title ("Pakistan security brief 3 Feb 25") give publication days, not events'
    quiet = [m.span() for m in SOURCE_LINE.finditer(state["text"])]
    if any(c.isdigit() for c in state["text"][: state["title_end"]]):
        quiet.append((0, state["title_end"]))
    state["timexes"] = [
        t
        for t in tags
        if t.date_start is not None
        and t.type in ("DATE", "TIME", "DURATION")
        and not CLOCK_ONLY.fullmatch(t.text)
        and not any(a <= t.start < b for a, b in quiet)
    ]
    # "on Sunday" with no publication date: a date the text gives but nobody can resolve
    state["unresolved"] = [
        t.start
        for t in tags
        if t.date_start is None and t.type in ("DATE", "TIME") and "X" in t.value
    ]


@stage(
    "places",
    needs={"text", "dateline"},
    gives={"places", "main_place", "dateline_place", "context_countries"},
)
def _places(state: dict[str, Any]) -> None:
    text: str = state["text"]
    gaz: Gazetteer = state["gazetteer"]
    countries: set[str] = set()
    for m in find_actors(text, all_caps=all_caps(text)):
        if m.country_code:  # "Pakistan", and "Pakistani police" too
            countries.add(m.country_code)
    # "hideouts of the Tehreek-e-Taliban Pakistan": a name inside a group's name is no place
    in_names = [(a.start, a.end) for a in find_actors(text) if a.entry.group == "org"]
    mentions = [
        m
        for m in gaz.mentions(text)
        if names_a_place(text, m)
        and not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in in_names)
    ]
    resolved = gaz.resolve(mentions, countries)
    places = [(m.start, m.end, p) for m, p in resolved]
    state["places"] = places
    # A name two countries' places share ("Kashmir") is settled later by the event's
    # actors; one unambiguous mention of the same place settles it for all.
    alts: dict[Place, tuple[Place, ...]] = {}
    plain: set[Place] = set()
    for pm, p in resolved:
        sides = {c.country_code for c in pm.candidates if c.kind != "country"}
        if len(sides) > 1:
            alts[p] = pm.candidates
        else:
            plain.add(p)
    state["place_alts"] = {p: c for p, c in alts.items() if p not in plain}
    dl_start, dl_end = state["dateline"]
    body = [(s, p) for s, _, p in places if not dl_start <= s < dl_end]
    local = [p for _, p in body if p.kind != "country"]
    main = (
        min(local[:3], key=lambda p: p.precision)
        if local
        else main_country(text, [t for t in places if not dl_start <= t[0] < dl_end])
    )
    filed_from = next(
        (p for s, _, p in places if dl_start <= s < dl_end and p.kind != "country"), None
    )
    state["dateline_place"] = filed_from
    state["main_place"] = main or filed_from
    for _, p in body:
        countries.add(p.country_code)
    state["context_countries"] = countries
    counts: dict[str, int] = {}
    for _, p in body:
        counts[p.country_code] = counts.get(p.country_code, 0) + 1
    # a mediator's capital ("the Doha agreement") is where talks were held, not whose
    # ministries and civilians the article is about
    book = actor_book().countries
    parties = {c: n for c, n in counts.items() if c not in book or book[c].kind != "mediator"}
    counts = parties or counts
    state["main_country"] = max(counts, key=lambda c: counts[c]) if counts else None


_default: Extractor | None = None


def extract(article: Article) -> list[dict[str, Any]]:
    """Events in one article, with the process-wide extractor."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(article)
