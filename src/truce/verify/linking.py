"""Linking reports to incidents: is this account about an event we already know?

A score in 0..1 mixes four signals, each with a reason a verifier can read:
event type (same, or compatible such as shelling ~ armed clash), time (date
windows widened by their precision), place (haversine distance against a
radius that grows with the coarser location precision) and actors. Hard gates
keep unrelated events apart however well the rest fits: incompatible types,
windows more than two days apart, or places more than twice the radius apart
score 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from truce.domain.report import Actor, Location

#: Kinetic events are easily described as one another by different sources.
KINETIC: Final = frozenset(
    {
        "armed_clash",
        "shelling",
        "air_strike",
        "explosive_attack",
        "attack_on_civilians",
        "territory_change",
    }
)
DIPLOMATIC: Final = frozenset({"talks", "ceasefire_agreement"})
RHETORIC: Final = frozenset({"accusation", "threat"})
#: Days of slack added on each side of a window, by date precision.
SLACK_DAYS: Final = {"day": 1, "week": 3, "month": 0, "year": 0}
#: Radius (km) within which two places count as the same, by location precision.
RADIUS_KM: Final = {1: 10.0, 2: 25.0, 3: 50.0, 4: 150.0, 5: 300.0, 6: 1000.0, 7: 1000.0}
WEIGHTS: Final = {"type": 0.3, "time": 0.3, "place": 0.3, "actors": 0.1}


class EventLike(Protocol):
    """What linking reads; ReportDraft and Incident both have it."""

    @property
    def event_type(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def date_end(self) -> dt.date: ...
    @property
    def date_precision(self) -> str: ...
    @property
    def location(self) -> Location | None: ...
    @property
    def actors(self) -> Sequence[Actor]: ...


@dataclass(frozen=True)
class Match:
    score: float
    reasons: list[str]


def type_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if any(a in group and b in group for group in (KINETIC, DIPLOMATIC, RHETORIC)):
        return 0.6
    return 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of radius 6371 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _window(e: EventLike) -> tuple[dt.date, dt.date]:
    slack = dt.timedelta(days=SLACK_DAYS.get(e.date_precision, 0))
    return e.date - slack, e.date_end + slack


def _actor_keys(actors: Iterable[Actor]) -> set[str]:
    keys: set[str] = set()
    for a in actors:
        keys.add("name:" + " ".join(a.name.lower().split()))
        if a.country_code and a.kind in ("state_forces", "government", "armed_group", "militia"):
            keys.add(f"side:{a.country_code}:{a.role}")
    return keys


def match_score(report: EventLike, incident: EventLike) -> Match:
    """How likely ``report`` describes ``incident`` (0..1) and why."""
    reasons: list[str] = []
    type_sim = type_similarity(report.event_type, incident.event_type)
    if type_sim == 0:
        return Match(0.0, [f"event types differ ({report.event_type} vs {incident.event_type})"])
    reasons.append(
        f"same event type ({report.event_type})"
        if type_sim == 1
        else f"compatible event types ({report.event_type} ~ {incident.event_type})"
    )

    r_start, r_end = _window(report)
    i_start, i_end = _window(incident)
    gap = max((i_start - r_end).days, (r_start - i_end).days, 0)
    if gap > 2:
        return Match(0.0, [*reasons, f"dates {gap} days apart"])
    time_sim = 1.0 if gap == 0 else 0.5
    reasons.append("overlapping dates" if gap == 0 else f"dates {gap} day(s) apart")

    place_sim = 0.5
    rl, il = report.location, incident.location
    if rl is not None and il is not None:
        radius = RADIUS_KM[max(rl.precision, il.precision)]
        km = haversine_km(rl.lat, rl.lon, il.lat, il.lon)
        if km > 2 * radius:
            return Match(0.0, [*reasons, f"places {km:.0f} km apart (radius {radius:.0f} km)"])
        place_sim = max(0.0, 1.0 - km / (2 * radius))
        reasons.append(f"places {km:.0f} km apart (radius {radius:.0f} km)")
    else:
        reasons.append("place unknown on one side")

    actor_sim = 0.5
    ra, ia = _actor_keys(report.actors), _actor_keys(incident.actors)
    if ra and ia:
        actor_sim = len(ra & ia) / len(ra | ia)
        reasons.append(f"actor overlap {actor_sim:.0%}")

    score = (
        WEIGHTS["type"] * type_sim
        + WEIGHTS["time"] * time_sim
        + WEIGHTS["place"] * place_sim
        + WEIGHTS["actors"] * actor_sim
    )
    return Match(round(min(1.0, max(0.0, score)), 4), reasons)


IncidentT = TypeVar("IncidentT", bound=EventLike)


def best_match(
    report: EventLike, incidents: Iterable[IncidentT], threshold: float = 0.6
) -> tuple[IncidentT, Match] | None:
    """The highest-scoring incident at or above ``threshold``; the first one wins ties."""
    best: tuple[IncidentT, Match] | None = None
    for incident in incidents:
        match = match_score(report, incident)
        if match.score >= threshold and (best is None or match.score > best[1].score):
            best = (incident, match)
    return best
