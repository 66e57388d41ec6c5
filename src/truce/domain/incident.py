"""Incidents: one real-world event and the reports that describe it.

Reports are linked to an incident, never merged away; the incident's own fields
are a *view* rebuilt from its reports by the helpers below, so the view can be
recomputed whenever a report joins.

Merging rules (conservative, after ACLED and UCDP):
- date window: the intersection of the reports' windows when they overlap (every
  account agrees it happened then), otherwise their hull; precision is the
  finest among the reports.
- place: the location with the finest precision code (1 exact … 7); ties go to
  the earliest report, so a later vaguer account never blurs a precise one.
- fatalities: ``best`` is the lowest ``best`` any source gives (ACLED records the
  most conservative figure), ``low``/``high`` span every claim.
- actors: the union, one entry per (name, country, kind, role).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truce.domain.report import DATE_PRECISIONS, Actor, Fatalities, Location, ReportDraft


@dataclass(frozen=True)
class Incident:
    id: str
    event_type: str
    date: dt.date
    date_end: dt.date
    date_precision: str
    location: Location | None
    actors: tuple[Actor, ...]
    fatalities: Fatalities | None
    report_ids: tuple[str, ...]


def merge_window(
    windows: Sequence[tuple[dt.date, dt.date, str]],
) -> tuple[dt.date, dt.date, str]:
    """Combine (start, end, precision) windows: intersection if non-empty, else hull."""
    if not windows:
        raise ValueError("no date windows to merge")
    start = max(w[0] for w in windows)
    end = min(w[1] for w in windows)
    if start > end:
        start = min(w[0] for w in windows)
        end = max(w[1] for w in windows)
    precision = min((w[2] for w in windows), key=DATE_PRECISIONS.index)
    return start, end, precision


def merge_location(locations: Iterable[Location | None]) -> Location | None:
    """The most precise location; the first of equally precise ones."""
    best: Location | None = None
    for loc in locations:
        if loc is not None and (best is None or loc.precision < best.precision):
            best = loc
    return best


def merge_fatalities(counts: Iterable[Fatalities | None]) -> Fatalities | None:
    """Conservative best (the lowest best), low/high spanning every claim."""
    known = [c for c in counts if c is not None]
    if not known:
        return None
    best = min(c.best for c in known)
    return Fatalities(
        best, min(min(c.low for c in known), best), max(max(c.high for c in known), best)
    )


def merge_actors(groups: Iterable[Iterable[Actor]]) -> tuple[Actor, ...]:
    seen: dict[tuple[str, str | None, str, str], Actor] = {}
    for group in groups:
        for actor in group:
            key = (" ".join(actor.name.lower().split()), actor.country_code, actor.kind, actor.role)
            seen.setdefault(key, actor)
    return tuple(seen.values())


def incident_from_reports(
    incident_id: str, reports: Sequence[tuple[str, ReportDraft]], event_type: str | None = None
) -> Incident:
    """The incident's view from its (report id, report) pairs, in filing order.

    ``event_type`` defaults to the first report's type: the one that opened it.
    """
    if not reports:
        raise ValueError("an incident needs at least one report")
    drafts = [r for _, r in reports]
    start, end, precision = merge_window([(r.date, r.date_end, r.date_precision) for r in drafts])
    return Incident(
        id=incident_id,
        event_type=event_type or drafts[0].event_type,
        date=start,
        date_end=end,
        date_precision=precision,
        location=merge_location(r.location for r in drafts),
        actors=merge_actors(r.actors for r in drafts),
        fatalities=merge_fatalities(r.fatalities for r in drafts),
        report_ids=tuple(rid for rid, _ in reports),
    )
