"""Reports: one account of something, exactly the JSON of ``POST /api/reports`` (spec/api.md).

A report is immutable once filed; a correction is a new report whose ``corrects``
names the original. :meth:`ReportDraft.from_dict` checks the shape on its own;
:func:`check_against` adds the checks that need the agreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Final

from truce.domain.agreement import Agreement, AgreementHistory
from truce.domain.event_types import EVENT_TYPE_CODES
from truce.errors import Invalid

SOURCE_KINDS: Final = ("party", "monitor", "news")
DATE_PRECISIONS: Final = ("day", "week", "month", "year")
ACTOR_KINDS: Final = (
    "state_forces", "armed_group", "militia", "civilians",
    "government", "mediator", "international", "other",
)  # fmt: skip
ACTOR_ROLES: Final = ("initiator", "target", "participant", "mediator")
SUMMARY_LIMIT: Final = 20_000
TEXT_LIMIT: Final = 500
MAX_ACTORS: Final = 50
MAX_EVIDENCE: Final = 100
_PARTY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Source:
    kind: str  # party | monitor | news
    party: str | None = None
    outlet: str | None = None
    url: str | None = None
    name: str | None = None  # the monitor team or the author, when given


@dataclass(frozen=True)
class Location:
    name: str | None
    lat: float
    lon: float
    country_code: str | None = None
    precision: int = 1  # UCDP where_prec: 1 exact place … 7 water/airspace
    admin1: str | None = None


@dataclass(frozen=True)
class Actor:
    name: str
    country_code: str | None = None
    kind: str = "other"
    role: str = "participant"


@dataclass(frozen=True)
class Fatalities:
    best: int
    low: int
    high: int


@dataclass(frozen=True)
class ReportDraft:
    agreement_id: str
    source: Source
    event_type: str
    date: dt.date
    date_end: dt.date
    date_precision: str = "day"
    accused_party: str | None = None
    location: Location | None = None
    actors: tuple[Actor, ...] = ()
    fatalities: Fatalities | None = None
    summary: str = ""
    title: str | None = None
    evidence: tuple[str, ...] = ()
    corrects: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportDraft:
        """Validate a report body; Invalid lists every problem with its JSON path."""
        return _parse(data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON body; ``ReportDraft.from_dict(r.to_dict()) == r``."""
        source: dict[str, Any] = {"kind": self.source.kind}
        for key in ("party", "outlet", "url", "name"):
            value = getattr(self.source, key)
            if value is not None:
                source[key] = value
        loc = self.location
        return {
            "agreement_id": self.agreement_id,
            "source": source,
            "accused_party": self.accused_party,
            "event_type": self.event_type,
            "date": self.date.isoformat(),
            "date_end": self.date_end.isoformat(),
            "date_precision": self.date_precision,
            "location": None
            if loc is None
            else {
                "name": loc.name,
                "lat": loc.lat,
                "lon": loc.lon,
                "country_code": loc.country_code,
                "precision": loc.precision,
                "admin1": loc.admin1,
            },
            "actors": [
                {"name": a.name, "country_code": a.country_code, "kind": a.kind, "role": a.role}
                for a in self.actors
            ],
            "fatalities": None
            if self.fatalities is None
            else {
                "best": self.fatalities.best,
                "low": self.fatalities.low,
                "high": self.fatalities.high,
            },
            "summary": self.summary,
            "title": self.title,
            "evidence": list(self.evidence),
            "corrects": self.corrects,
        }


_TOP_KEYS: Final = frozenset(
    {
        "agreement_id", "source", "accused_party", "event_type", "date", "date_end",
        "date_precision", "location", "actors", "fatalities", "summary", "title",
        "evidence", "corrects",
    }
)  # fmt: skip


class _Problems(list[str]):
    def add(self, path: str, what: str) -> None:
        self.append(f"{path}: {what}")

    def unknown_keys(self, data: Mapping[str, Any], known: frozenset[str], path: str) -> None:
        for key in sorted(set(data) - known, key=str):
            self.add(f"{path}.{key}" if path else str(key), "unknown field")

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        *,
        required: bool = False,
        limit: int = TEXT_LIMIT,
    ) -> str | None:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, "must be non-empty text")
            return None
        if len(value) > limit:
            self.add(where, f"is {len(value)} characters long; the limit is {limit}")
            return None
        return value

    def code(
        self, data: Mapping[str, Any], key: str, path: str, pattern: re.Pattern[str], what: str
    ) -> str | None:
        value = self.text(data, key, path)
        if value is not None and not pattern.match(value):
            self.add(f"{path}.{key}" if path else key, f"{value!r} must be {what}")
            return None
        return value

    def number(self, value: object, where: str, low: float, high: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, "must be a number")
            return None
        if not (low <= value <= high):
            self.add(where, f"{value} is outside {low:g}..{high:g}")
            return None
        return float(value)

    def day(self, value: object, where: str, *, required: bool) -> date | None:
        if value is None:
            if required:
                self.add(where, "is required")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value) if len(value) == 10 else None
            except ValueError:
                pass
        self.add(where, f"{value!r} is not an ISO date (YYYY-MM-DD)")
        return None


def _parse(data: Mapping[str, Any]) -> ReportDraft:
    p = _Problems()
    if not isinstance(data, Mapping):
        raise Invalid("report is invalid", problems=["the report must be a JSON object"])
    p.unknown_keys(data, _TOP_KEYS, "")
    agreement_id = p.text(data, "agreement_id", "", required=True)
    source = _source(p, data.get("source"))
    accused = p.code(data, "accused_party", "", _PARTY, "a three-letter party code (e.g. AFG)")
    event_type = p.text(data, "event_type", "", required=True)
    if event_type is not None and event_type not in EVENT_TYPE_CODES:
        p.add(
            "event_type",
            f"unknown event type {event_type!r} (known: {', '.join(sorted(EVENT_TYPE_CODES))})",
        )
        event_type = None
    start = p.day(data.get("date"), "date", required=True)
    end = p.day(data.get("date_end"), "date_end", required=False) or start
    if start and end and end < start:
        p.add("date_end", f"{end.isoformat()} is before date {start.isoformat()}")
    precision = data.get("date_precision", "day")
    if precision not in DATE_PRECISIONS:
        p.add("date_precision", f"{precision!r} must be one of {', '.join(DATE_PRECISIONS)}")
    location = _location(p, data.get("location"))
    actors = _actors(p, data.get("actors"))
    fatalities = _fatalities(p, data.get("fatalities"))
    summary = data.get("summary", "")
    if summary is None:
        summary = ""
    if not isinstance(summary, str):
        p.add("summary", "must be text")
        summary = ""
    elif len(summary) > SUMMARY_LIMIT:
        p.add("summary", f"is {len(summary)} characters long; the limit is {SUMMARY_LIMIT}")
    title = p.text(data, "title", "")
    evidence = _evidence(p, data.get("evidence"))
    corrects = p.text(data, "corrects", "")
    if p:
        raise Invalid("report is invalid", problems=list(p))
    assert agreement_id and source and event_type and start and end
    return ReportDraft(
        agreement_id=agreement_id,
        source=source,
        event_type=event_type,
        date=start,
        date_end=end,
        date_precision=str(precision),
        accused_party=accused,
        location=location,
        actors=actors,
        fatalities=fatalities,
        summary=summary,
        title=title,
        evidence=evidence,
        corrects=corrects,
    )


def _source(p: _Problems, raw: object) -> Source | None:
    if raw is None:
        p.add("source", "is required")
        return None
    if not isinstance(raw, Mapping):
        p.add("source", 'must be an object like {"kind": "monitor"}')
        return None
    p.unknown_keys(raw, frozenset({"kind", "party", "outlet", "url", "name"}), "source")
    kind = raw.get("kind")
    if kind not in SOURCE_KINDS:
        p.add("source.kind", f"{kind!r} must be one of {', '.join(SOURCE_KINDS)}")
        return None
    party = p.code(raw, "party", "source", _PARTY, "a three-letter party code (e.g. PAK)")
    outlet = p.text(raw, "outlet", "source")
    url = p.text(raw, "url", "source", limit=2000)
    if url is not None and not re.match(r"^https?://\S+$", url):
        p.add("source.url", "must be an http(s) address")
    name = p.text(raw, "name", "source")
    if kind == "party" and party is None and raw.get("party") is None:
        p.add("source.party", "is required when the source is a party")
    if kind != "party" and raw.get("party") is not None:
        p.add("source.party", f"only party sources name a party (this source is {kind})")
    if kind == "news" and outlet is None and raw.get("outlet") is None:
        p.add("source.outlet", "is required when the source is news")
    return Source(str(kind), party, outlet, url, name)


def _location(p: _Problems, raw: object) -> Location | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        p.add("location", "must be an object with lat, lon and precision")
        return None
    known = frozenset({"name", "lat", "lon", "country_code", "precision", "admin1"})
    p.unknown_keys(raw, known, "location")
    lat = p.number(raw.get("lat"), "location.lat", -90, 90)
    lon = p.number(raw.get("lon"), "location.lon", -180, 180)
    precision = raw.get("precision", 1)
    if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= 7:
        p.add("location.precision", f"{precision!r} must be a whole number 1..7 (UCDP where_prec)")
        precision = None
    name = p.text(raw, "name", "location")
    country = p.code(raw, "country_code", "location", _COUNTRY, "two capital letters (ISO 3166)")
    admin1 = p.text(raw, "admin1", "location")
    if lat is None or lon is None or precision is None:
        return None
    return Location(name, lat, lon, country, precision, admin1)


def _actors(p: _Problems, raw: object) -> tuple[Actor, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.add("actors", "must be a list")
        return ()
    if len(raw) > MAX_ACTORS:
        p.add("actors", f"has {len(raw)} entries; the limit is {MAX_ACTORS}")
        return ()
    out: list[Actor] = []
    for i, item in enumerate(raw):
        path = f"actors[{i}]"
        if not isinstance(item, Mapping):
            p.add(path, "must be an object with name, kind and role")
            continue
        p.unknown_keys(item, frozenset({"name", "country_code", "kind", "role"}), path)
        name = p.text(item, "name", path, required=True)
        country = p.code(item, "country_code", path, _COUNTRY, "two capital letters (ISO 3166)")
        kind = item.get("kind", "other")
        if kind not in ACTOR_KINDS:
            p.add(f"{path}.kind", f"{kind!r} must be one of {', '.join(ACTOR_KINDS)}")
        role = item.get("role", "participant")
        if role not in ACTOR_ROLES:
            p.add(f"{path}.role", f"{role!r} must be one of {', '.join(ACTOR_ROLES)}")
        if name and kind in ACTOR_KINDS and role in ACTOR_ROLES:
            out.append(Actor(name, country, str(kind), str(role)))
    return tuple(out)


def _fatalities(p: _Problems, raw: object) -> Fatalities | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        p.add("fatalities", 'must be an object {"best", "low", "high"}')
        return None
    p.unknown_keys(raw, frozenset({"best", "low", "high"}), "fatalities")
    values: dict[str, int] = {}
    for key in ("best", "low", "high"):
        value = raw.get(key, raw.get("best") if key != "best" else None)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            p.add(f"fatalities.{key}", f"{value!r} must be a whole number >= 0")
        else:
            values[key] = value
    if len(values) < 3:
        return None
    if not values["low"] <= values["best"] <= values["high"]:
        p.add(
            "fatalities",
            f"need low <= best <= high, got {values['low']}, {values['best']}, {values['high']}",
        )
        return None
    return Fatalities(values["best"], values["low"], values["high"])


def _evidence(p: _Problems, raw: object) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.add("evidence", "must be a list of SHA-256 hex digests")
        return ()
    if len(raw) > MAX_EVIDENCE:
        p.add("evidence", f"has {len(raw)} entries; the limit is {MAX_EVIDENCE}")
        return ()
    out: list[str] = []
    for i, item in enumerate(raw):
        if isinstance(item, str) and _SHA256.match(item):
            if item not in out:
                out.append(item)
        else:
            p.add(f"evidence[{i}]", "must be a SHA-256 digest: 64 lowercase hex characters")
    return tuple(out)


def check_against(
    draft: ReportDraft, agreements: Agreement | AgreementHistory | Sequence[Agreement]
) -> list[str]:
    """Problems that appear only next to the agreement; empty when the report fits it.

    A report that accuses a party must fall (by its date window) in a period when
    some version was in force; an observation that accuses nobody may describe
    anything, because context before a ceasefire is part of the record.
    """
    if isinstance(agreements, Agreement):
        history = AgreementHistory([agreements])
    elif isinstance(agreements, AgreementHistory):
        history = agreements
    else:
        history = AgreementHistory(sorted(agreements, key=lambda a: a.version))
    latest = history.latest
    if latest is None:
        return [f"agreement_id: no agreement {draft.agreement_id!r} is loaded"]
    problems: list[str] = []
    if draft.agreement_id != latest.id:
        problems.append(f"agreement_id: {draft.agreement_id!r} is not agreement {latest.id!r}")
    codes = {code for v in history.versions for code in v.party_codes}
    known = ", ".join(sorted(codes))
    if draft.source.party is not None and draft.source.party not in codes:
        problems.append(f"source.party: {draft.source.party!r} is not a party (known: {known})")
    if draft.accused_party is not None:
        if draft.accused_party not in codes:
            problems.append(
                f"accused_party: {draft.accused_party!r} is not a party (known: {known})"
            )
        elif draft.accused_party == draft.source.party:
            problems.append("accused_party: a party cannot file a complaint against itself")
        start = datetime.combine(draft.date, time(0), UTC)
        end = datetime.combine(draft.date_end, time(23, 59, 59), UTC)
        if not any(
            v.effective <= end and (v.expires is None or v.expires > start)
            for v in history.versions
        ):
            first = history.versions[0].effective.date().isoformat()
            problems.append(
                f"date: {draft.date.isoformat()}..{draft.date_end.isoformat()} is outside the "
                f"agreement's effective period (from {first}); a complaint needs an agreement in force"
            )
    return problems
