"""Agreements: the rulebook of one mechanism, loaded from YAML (spec/agreement.md).

Times: ``effective`` (and the optional ``expires``) must be timezone-aware. A
date without a time (``2025-10-19``) means 00:00 UTC that day; a date-time
without an offset is refused, because "midnight" differs by five hours between
Islamabad and UTC and a case's verdict can turn on it.

Entities keep unknown keys in ``extra`` (the spec welcomes more fields) so that
``load_agreement(dump_agreement(a)) == a`` holds for every agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final, Literal

import yaml

from truce.compliance import expr
from truce.domain.event_types import EVENT_TYPE_CODES
from truce.errors import Conflict, Invalid

PARTY_CODE: Final = re.compile(r"^[A-Z]{3}$")
COUNTRY_CODE: Final = re.compile(r"^[A-Z]{2}$")
RESPONSIBILITIES: Final = ("direct", "territory_of_origin")
Responsibility = Literal["direct", "territory_of_origin"]


@dataclass(frozen=True)
class Party:
    code: str
    name: str
    country_code: str
    forces: tuple[str, ...] = ()
    aligned_groups: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mediator:
    code: str
    name: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    description: str = ""
    countries: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Provision:
    id: str
    text: str
    prohibits: tuple[str, ...]
    applies_to: tuple[str, ...]
    responsibility: Responsibility = "direct"
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    sources_needed: int
    response_days: int
    appeal_days: int
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PenaltyRule:
    """One schedule line: when ``when`` holds, propose ``penalty`` with ``params``."""

    when: str
    penalty: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """The line as people read it, e.g. ``n == 2 → suspension (what: trade, days: 7)``."""
        text = f"{self.when} → {self.penalty}"
        if self.params:
            text += " (" + ", ".join(f"{k}: {v}" for k, v in self.params.items()) + ")"
        return text


@dataclass(frozen=True)
class Penalties:
    window_days: int
    schedule: tuple[PenaltyRule, ...]
    decided_by: tuple[str, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Agreement:
    id: str
    version: int
    title: str
    effective: datetime
    parties: tuple[Party, ...]
    mediators: tuple[Mediator, ...]
    scope: Scope
    provisions: tuple[Provision, ...]
    verification: Verification
    penalties: Penalties
    expires: datetime | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def party_codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.parties)

    def party(self, code: str) -> Party | None:
        return next((p for p in self.parties if p.code == code), None)

    def provision(self, pid: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == pid), None)

    def in_force_at(self, at: datetime) -> bool:
        """Whether ``at`` falls in [effective, expires) of this version alone."""
        return self.effective <= at and (self.expires is None or at < self.expires)


# ---------------------------------------------------------------- loading


class _Checker:
    """Collects every problem with its YAML path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, what: str) -> None:
        self.problems.append(f"{path}: {what}" if path else what)

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, f"must be a mapping, not {_kind(value)}")
        return None

    def seq(self, data: Mapping[str, Any], key: str, path: str, *, required: bool) -> list[Any]:
        if key not in data or data[key] is None:
            if required:
                self.add(_join(path, key), "is required")
            return []
        value = data[key]
        if not isinstance(value, list):
            self.add(_join(path, key), f"must be a list, not {_kind(value)}")
            return []
        return value

    def text(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True
    ) -> str | None:
        if key not in data or data[key] is None:
            if required:
                self.add(_join(path, key), "is required")
            return None
        value = data[key]
        if not isinstance(value, str):
            self.add(_join(path, key), f"must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.add(_join(path, key), "must not be empty")
            return None
        return value

    def integer(self, data: Mapping[str, Any], key: str, path: str, *, minimum: int) -> int | None:
        if key not in data or data[key] is None:
            self.add(_join(path, key), "is required")
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(_join(path, key), f"must be a whole number, not {_kind(value)}")
            return None
        if value < minimum:
            self.add(_join(path, key), f"must be at least {minimum}, not {value}")
            return None
        return value

    def texts(self, data: Mapping[str, Any], key: str, path: str, *, required: bool) -> list[str]:
        out: list[str] = []
        for i, item in enumerate(self.seq(data, key, path, required=required)):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                what = "empty text" if item == "" else _kind(item)
                self.add(f"{_join(path, key)}[{i}]", f"must be non-empty text, not {what}")
        return out

    def moment(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool
    ) -> datetime | None:
        if key not in data or data[key] is None:
            if required:
                self.add(_join(path, key), "is required")
            return None
        try:
            return parse_moment(data[key])
        except ValueError as err:
            self.add(_join(path, key), str(err))
            return None


def parse_moment(value: object) -> datetime:
    """A tz-aware datetime from YAML: aware datetimes and ISO strings; dates mean 00:00 UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                day = date.fromisoformat(text)
                return datetime(day.year, day.month, day.day, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO date or date-time") from None
    else:
        raise ValueError(f"must be an ISO date or date-time, not {_kind(value)}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{value!s} has no time zone offset (write e.g. +05:00 or Z)")
    return moment


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _extra(data: Mapping[str, Any], known: Iterable[str]) -> dict[str, Any]:
    known = set(known)
    return {k: v for k, v in data.items() if k not in known}


def _check_codes(
    c: _Checker, codes: list[str], path: str, allowed: Iterable[str], what: str
) -> None:
    allowed = set(allowed)
    for i, code in enumerate(codes):
        if code not in allowed:
            c.add(
                f"{path}[{i}]",
                f"{code!r} is not {what} (known: {', '.join(sorted(allowed)) or 'none'})",
            )


def load_agreement(text: str | bytes) -> Agreement:
    """Parse and validate an agreement file; Invalid lists every problem with its path."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise Invalid(
                "agreement file is invalid", problems=[f"not UTF-8 text (byte {err.start})"]
            ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        what = getattr(err, "problem", None) or str(err)
        raise Invalid(
            "agreement file is invalid", problems=[f"{where}YAML syntax: {what}"]
        ) from None
    return agreement_from_dict(data)


def agreement_from_dict(data: object) -> Agreement:
    """Validate an already-parsed agreement mapping (see :func:`load_agreement`)."""
    c = _Checker()
    top = c.mapping(data, "")
    if top is None:
        raise Invalid("agreement file is invalid", problems=c.problems)
    agreement_id = c.text(top, "id", "")
    if agreement_id is not None and not re.fullmatch(
        r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", agreement_id
    ):
        c.add("id", f"{agreement_id!r} must be letters, digits, '.', '_' or '-' (at most 100)")
    version = c.integer(top, "version", "", minimum=1)
    title = c.text(top, "title", "")
    effective = c.moment(top, "effective", "", required=True)
    expires = c.moment(top, "expires", "", required=False)
    if effective and expires and expires <= effective:
        c.add("expires", "must be later than effective")

    parties = _parties(c, top)
    mediators = _mediators(c, top)
    codes = [p.code for p in parties] + [m.code for m in mediators]
    for code in sorted({x for x in codes if codes.count(x) > 1}):
        c.add("parties", f"code {code!r} is used more than once among parties and mediators")
    party_codes = [p.code for p in parties]
    if not c.problems and len(parties) < 2 and "parties" in top:
        c.add("parties", "an agreement needs at least two parties")

    scope = _scope(c, top)
    provisions = _provisions(c, top, party_codes)
    verification = _verification(c, top)
    penalties = _penalties(c, top, codes)
    if c.problems:
        raise Invalid("agreement file is invalid", problems=c.problems)
    assert agreement_id and version and title and effective and scope and verification and penalties
    return Agreement(
        id=agreement_id,
        version=version,
        title=title,
        effective=effective,
        parties=tuple(parties),
        mediators=tuple(mediators),
        scope=scope,
        provisions=tuple(provisions),
        verification=verification,
        penalties=penalties,
        expires=expires,
        extra=_extra(top, _TOP_KEYS),
    )


_TOP_KEYS: Final = (
    "id", "version", "title", "effective", "expires", "parties", "mediators",
    "scope", "provisions", "verification", "penalties",
)  # fmt: skip


def _parties(c: _Checker, top: Mapping[str, Any]) -> list[Party]:
    out: list[Party] = []
    for i, raw in enumerate(c.seq(top, "parties", "", required=True)):
        path = f"parties[{i}]"
        item = c.mapping(raw, path)
        if item is None:
            continue
        code = c.text(item, "code", path)
        if code is not None and not PARTY_CODE.match(code):
            c.add(f"{path}.code", f"{code!r} must be three capital letters (e.g. PAK)")
        name = c.text(item, "name", path)
        country = c.text(item, "country_code", path)
        if country is not None and not COUNTRY_CODE.match(country):
            c.add(f"{path}.country_code", f"{country!r} must be two capital letters (ISO 3166)")
        forces = c.texts(item, "forces", path, required=False)
        groups = c.texts(item, "aligned_groups", path, required=False)
        if code and name and country:
            keys = ("code", "name", "country_code", "forces", "aligned_groups")
            out.append(Party(code, name, country, tuple(forces), tuple(groups), _extra(item, keys)))
    return out


def _mediators(c: _Checker, top: Mapping[str, Any]) -> list[Mediator]:
    out: list[Mediator] = []
    for i, raw in enumerate(c.seq(top, "mediators", "", required=False)):
        path = f"mediators[{i}]"
        item = c.mapping(raw, path)
        if item is None:
            continue
        code = c.text(item, "code", path)
        if code is not None and not PARTY_CODE.match(code):
            c.add(f"{path}.code", f"{code!r} must be three capital letters (e.g. QAT)")
        name = c.text(item, "name", path)
        if code and name:
            out.append(Mediator(code, name, _extra(item, ("code", "name"))))
    return out


def _scope(c: _Checker, top: Mapping[str, Any]) -> Scope | None:
    if "scope" not in top or top["scope"] is None:
        return Scope()
    item = c.mapping(top["scope"], "scope")
    if item is None:
        return None
    description = c.text(item, "description", "scope", required=False) or ""
    countries = c.texts(item, "countries", "scope", required=False)
    for i, cc in enumerate(countries):
        if not COUNTRY_CODE.match(cc):
            c.add(f"scope.countries[{i}]", f"{cc!r} must be two capital letters (ISO 3166)")
    return Scope(description, tuple(countries), _extra(item, ("description", "countries")))


def _provisions(c: _Checker, top: Mapping[str, Any], party_codes: list[str]) -> list[Provision]:
    out: list[Provision] = []
    seen: set[str] = set()
    known_types = ", ".join(sorted(EVENT_TYPE_CODES))
    for i, raw in enumerate(c.seq(top, "provisions", "", required=True)):
        path = f"provisions[{i}]"
        item = c.mapping(raw, path)
        if item is None:
            continue
        pid = c.text(item, "id", path)
        if pid is not None:
            if pid in seen:
                c.add(f"{path}.id", f"provision id {pid!r} is used more than once")
            seen.add(pid)
        text = c.text(item, "text", path)
        prohibits = c.texts(item, "prohibits", path, required=True)
        for j, code in enumerate(prohibits):
            if code not in EVENT_TYPE_CODES:
                c.add(
                    f"{path}.prohibits[{j}]", f"unknown event type {code!r} (known: {known_types})"
                )
        applies_to = c.texts(item, "applies_to", path, required=True)
        _check_codes(c, applies_to, f"{path}.applies_to", party_codes, "a party")
        responsibility = item.get("responsibility", "direct")
        if responsibility not in RESPONSIBILITIES:
            c.add(
                f"{path}.responsibility",
                f"{responsibility!r} must be one of {', '.join(RESPONSIBILITIES)}",
            )
            responsibility = "direct"
        if pid and text:
            keys = ("id", "text", "prohibits", "applies_to", "responsibility")
            out.append(
                Provision(
                    pid,
                    text,
                    tuple(prohibits),
                    tuple(applies_to),
                    responsibility,
                    _extra(item, keys),
                )
            )
    return out


def _verification(c: _Checker, top: Mapping[str, Any]) -> Verification | None:
    if "verification" not in top:
        c.add("verification", "is required")
        return None
    item = c.mapping(top["verification"], "verification")
    if item is None:
        return None
    sources = c.integer(item, "sources_needed", "verification", minimum=1)
    response = c.integer(item, "response_days", "verification", minimum=0)
    appeal = c.integer(item, "appeal_days", "verification", minimum=0)
    if sources is None or response is None or appeal is None:
        return None
    keys = ("sources_needed", "response_days", "appeal_days")
    return Verification(sources, response, appeal, _extra(item, keys))


def _penalties(c: _Checker, top: Mapping[str, Any], codes: list[str]) -> Penalties | None:
    if "penalties" not in top:
        c.add("penalties", "is required")
        return None
    item = c.mapping(top["penalties"], "penalties")
    if item is None:
        return None
    window = c.integer(item, "window_days", "penalties", minimum=1)
    rules: list[PenaltyRule] = []
    for i, raw in enumerate(c.seq(item, "schedule", "penalties", required=True)):
        path = f"penalties.schedule[{i}]"
        rule = c.mapping(raw, path)
        if rule is None:
            continue
        when = c.text(rule, "when", path)
        if when is not None:
            try:
                expr.parse(when)
            except Invalid as err:
                c.add(f"{path}.when", f"{err.message} in {when!r}")
                when = None
        penalty = c.text(rule, "penalty", path)
        if when and penalty:
            rules.append(PenaltyRule(when, penalty, _extra(rule, ("when", "penalty"))))
    decided_by = c.texts(item, "decided_by", "penalties", required=True)
    _check_codes(c, decided_by, "penalties.decided_by", codes, "a party or mediator")
    if "decided_by" in item and isinstance(item["decided_by"], list) and not item["decided_by"]:
        c.add("penalties.decided_by", "must name at least one decision-maker")
    if window is None:
        return None
    keys = ("window_days", "schedule", "decided_by")
    return Penalties(window, tuple(rules), tuple(decided_by), _extra(item, keys))


# ---------------------------------------------------------------- amendments


class AgreementHistory:
    """Every version of one agreement, in order; judges which version was in force.

    Provision ids are never reused: an amendment may change the text of a
    provision it keeps, but an id removed by an earlier version may come back
    only with exactly the text it had when last defined (a provision restored
    unchanged is the same promise; a different promise needs a new id).
    """

    def __init__(self, versions: Iterable[Agreement] = ()) -> None:
        self._versions: list[Agreement] = []
        for version in versions:
            self.add(version)

    @property
    def id(self) -> str | None:
        return self._versions[0].id if self._versions else None

    @property
    def versions(self) -> tuple[Agreement, ...]:
        return tuple(self._versions)

    @property
    def latest(self) -> Agreement | None:
        return self._versions[-1] if self._versions else None

    def add(self, version: Agreement) -> None:
        """Append an amendment; Conflict says why one cannot follow the current latest."""
        last = self.latest
        if last is None:
            self._versions.append(version)
            return
        if version.id != last.id:
            raise Conflict(f"agreement {version.id!r} is not an amendment of {last.id!r}")
        if version.version <= last.version:
            raise Conflict(
                f"agreement {version.id!r} version {version.version} is not higher than "
                f"the current version {last.version}"
            )
        if version.effective <= last.effective:
            raise Conflict(
                f"agreement {version.id!r} version {version.version} takes effect "
                f"{version.effective.isoformat()}, not after version {last.version} "
                f"({last.effective.isoformat()})"
            )
        earlier: dict[str, tuple[int, str]] = {}
        for old in self._versions:
            for p in old.provisions:
                earlier[p.id] = (old.version, p.text)
        current = {p.id for p in last.provisions}
        problems = [
            f"provision {p.id!r} was removed after version {earlier[p.id][0]}, where it had "
            "other text; provision ids are never reused: give it a new id"
            for p in version.provisions
            if p.id in earlier and p.id not in current and earlier[p.id][1] != p.text
        ]
        if problems:
            raise Conflict(
                f"agreement {version.id!r} version {version.version} reuses provision ids",
                problems=problems,
            )
        self._versions.append(version)

    def get(self, version: int) -> Agreement | None:
        return next((v for v in self._versions if v.version == version), None)

    def in_force(self, at: datetime) -> Agreement | None:
        """The version in force at ``at`` (tz-aware), or None before the first or after expiry."""
        if at.tzinfo is None:
            raise Invalid("a time without a time zone cannot be judged against an agreement")
        current: Agreement | None = None
        for version in self._versions:
            if version.effective <= at:
                current = version
        if current is not None and current.expires is not None and at >= current.expires:
            return None
        return current
