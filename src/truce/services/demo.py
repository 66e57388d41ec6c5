"""The built-in example: the Pakistan–Afghanistan 2025 mechanism, as ordinary writes.

Everything goes through the same services a real deployment uses, so the demo's
ledger is a real ledger and ``truce ledger verify`` holds on it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rich.progress import Progress
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from truce.domain.agreement import parse_moment
from truce.errors import Invalid
from truce.services import agreements as agreement_service
from truce.services import ledger_service
from truce.services import reports as report_service
from truce.services import users as user_service
from truce.services.context import Context, open_context
from truce.services.context import now as _wall_clock
from truce.services.reports import Caller
from truce.settings import Settings
from truce.store.tables import cases, incidents, reports

AGREEMENT_FILES = ("pak-afg-2025.v1.yaml", "pak-afg-2025.v2.yaml")
DEMO_USERS = (
    ("Secretariat desk", "secretariat", None),
    ("Verifier One", "verifier", None),
    ("Liaison officer, Pakistan", "party", "PAK"),
    ("Liaison officer, Afghanistan", "party", "AFG"),
    ("Field monitor team A", "monitor", None),
    ("Board member, Qatar", "board", "QAT"),
    ("Board member, Türkiye", "board", "TUR"),
    ("Public reader", "public", None),
)


@dataclass(frozen=True)
class DemoResult:
    agreement_id: str
    versions: int
    reports: int
    incidents: int
    cases: int
    ledger_size: int
    tokens_file: Path


def demo_text(name: str) -> str:
    return resources.files("truce.demo").joinpath(name).read_text(encoding="utf-8")


def demo_reports() -> list[dict[str, Any]]:
    data = yaml.safe_load(demo_text("reports.yaml"))
    items = data["reports"] if isinstance(data, dict) else data
    return [dict(r) for r in items]


def prepare(settings: Settings, *, fresh: bool = False) -> DemoResult:
    """Create (or, with ``fresh``, recreate) the example database under settings."""
    settings.home.mkdir(parents=True, exist_ok=True)
    if fresh:
        _delete_sqlite(settings.database_url)
    ledger_service.init_key(settings)
    ctx = open_context(settings)
    try:
        with ctx.db.read() as conn:
            if conn.execute(select(func.count()).select_from(reports)).scalar_one():
                raise Invalid(
                    "the database already holds records; run `truce demo --fresh` to start over "
                    "(SQLite) or point TRUCE_DATABASE_URL at an empty database"
                )
        return _load(ctx)
    finally:
        ctx.close()


def _delete_sqlite(url: str) -> None:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        if parsed.get_backend_name() != "sqlite":
            raise Invalid(
                "--fresh deletes a SQLite file; for PostgreSQL drop the database yourself"
            )
        return
    for suffix in ("", "-wal", "-shm"):
        path = Path(parsed.database + suffix)
        if path.exists():
            path.unlink()


def _load(ctx: Context) -> DemoResult:
    loaded = [agreement_service.load(ctx, demo_text(name), by="system") for name in AGREEMENT_FILES]
    agreement_id = loaded[-1].id
    tokens: list[str] = []
    callers: dict[tuple[str, str | None], Caller] = {}
    for name, role, party in DEMO_USERS:
        new = user_service.add_user(ctx, name, role, party)
        tokens.append(f"{role:12} {party or '-':4} user:{new.user.id:<3} {new.token}")
        callers.setdefault((role, party), Caller(new.user.principal, role, party))
    items = demo_reports()
    with Progress(transient=True) as progress:
        task = progress.add_task("filing demo reports", total=len(items))
        for item in items:
            filed_at = item.pop("filed_at", None)
            when = parse_moment(filed_at) if filed_at is not None else None
            kind = item["source"]["kind"]
            if kind == "party":
                caller = callers[("party", item["source"]["party"])]
            elif kind == "monitor":
                caller = callers[("monitor", None)]
            else:
                caller = callers[("secretariat", None)]
            report_service.file_report(ctx, item, caller, filed_at=when)
            progress.advance(task)
    _verification_story(ctx, callers)
    tokens_file = ctx.settings.home / "demo-tokens.txt"
    _write_private(tokens_file, "# role party user token (demo only)\n" + "\n".join(tokens) + "\n")
    with ctx.db.read() as conn:
        n_reports = conn.execute(select(func.count()).select_from(reports)).scalar_one()
        n_incidents = conn.execute(select(func.count()).select_from(incidents)).scalar_one()
        n_cases = conn.execute(select(func.count()).select_from(cases)).scalar_one()
        size = ledger_service.current_size(conn)
    return DemoResult(agreement_id, len(loaded), n_reports, n_incidents, n_cases, size, tokens_file)


def _at(stamp: str) -> Callable[[], datetime]:
    moment = datetime.fromisoformat(stamp)
    return lambda: moment


def _case_on(ctx: Context, day: str) -> int:
    with ctx.db.read() as conn:
        case_id = conn.execute(
            select(cases.c.id)
            .join(incidents, incidents.c.id == cases.c.incident_id)
            .where(incidents.c.date == date.fromisoformat(day))
        ).scalar()
    if case_id is None:
        raise Invalid(f"demo data has no case for the incident of {day}")
    return int(case_id)


def _verification_story(ctx: Context, callers: dict[tuple[str, str | None], Caller]) -> None:
    """Walk the demo's two complaints through verification, as the real actors would.

    Times are replayed on the context's clock so deadlines hold as they did then; the
    ledger still records the real time of each append.
    """
    from truce.services import cases as case_service
    from truce.services import penalties as penalty_service

    verifier = callers[("verifier", None)]
    afg = callers[("party", "AFG")]
    qat = callers[("board", "QAT")]
    monitor = callers[("monitor", None)]
    kurram, chaman = _case_on(ctx, "2025-10-25"), _case_on(ctx, "2025-11-02")
    steps: list[tuple[str, Callable[[], Any]]] = [
        (
            "2025-10-26T09:00:00+00:00",
            lambda: case_service.transition(
                ctx,
                kurram,
                {
                    "to": "under_verification",
                    "reason": "Complaint with casualty figures; news reports of fighting in Kurram on "
                    "the same night. Monitors asked to collect accounts from both sides.",
                },
                verifier,
            ),
        ),
        (
            "2025-10-28T11:30:00+00:00",
            lambda: case_service.respond(
                ctx,
                kurram,
                {
                    "text": "The Islamic Emirate's forces did not open fire first. The fighting began "
                    "when Pakistani posts shelled villages on our side; the attackers named in the "
                    "complaint are not under our command.",
                    "evidence": [],
                },
                afg,
            ),
        ),
        (
            "2025-10-30T14:00:00+00:00",
            lambda: report_service.file_report(
                ctx,
                {
                    "agreement_id": "pak-afg-2025",
                    "source": {"kind": "monitor", "name": "Field monitor team A"},
                    "accused_party": None,
                    "event_type": "armed_clash",
                    "date": "2025-10-25",
                    "date_end": "2025-10-25",
                    "date_precision": "day",
                    "location": {
                        "name": "Kurram",
                        "lat": 33.80,
                        "lon": 70.05,
                        "country_code": "PK",
                        "precision": 3,
                    },
                    "actors": [
                        {
                            "name": "Pakistan Army",
                            "country_code": "PK",
                            "kind": "state_forces",
                            "role": "target",
                        },
                    ],
                    "fatalities": {"best": 30, "low": 30, "high": 30},
                    "summary": "Site visit to the Kurram sector. Local elders and the post commander "
                    "describe armed men crossing from Afghan territory on the night of 25 October "
                    "and a firefight lasting several hours; fresh graves and damaged posts seen.",
                    "evidence": [],
                },
                monitor,
            ),
        ),
        (
            "2025-11-01T15:00:00+00:00",
            lambda: case_service.record_verdict(
                ctx,
                kurram,
                {
                    "outcome": "verified",
                    "provisions": ["P2"],
                    "responsible_party": "AFG",
                    "fatalities": {"best": 23, "low": 23, "high": 30},
                    "reasons": "Two independent news outlets and the complaint agree on time and place; "
                    "the attack was launched from Afghan territory, for which the agreement holds "
                    "the Afghan side responsible whoever carried it out (P2, territory of origin).",
                },
                verifier,
            ),
        ),
        (
            "2025-11-03T08:00:00+00:00",
            lambda: case_service.transition(
                ctx,
                chaman,
                {
                    "to": "under_verification",
                    "reason": "Single-source complaint; field monitors asked to visit the Chaman sector.",
                },
                verifier,
            ),
        ),
        (
            "2025-11-04T10:00:00+00:00",
            lambda: case_service.respond(
                ctx,
                chaman,
                {
                    "text": "Our border units returned fire after a Pakistani post fired first; no "
                    "mortar was used.",
                    "evidence": [],
                },
                afg,
            ),
        ),
        (
            "2025-11-05T12:00:00+00:00",
            lambda: case_service.record_verdict(
                ctx,
                chaman,
                {
                    "outcome": "unverifiable",
                    "provisions": [],
                    "responsible_party": None,
                    "fatalities": {"best": 0, "low": 0, "high": 0},
                    "reasons": "Monitors could not reach the site; the two accounts conflict and no "
                    "independent source describes the exchange.",
                },
                verifier,
            ),
        ),
    ]
    for stamp, action in steps:
        ctx.clock = _at(stamp)
        action()
    penalty = next(p for p in penalty_service.list_penalties(ctx, qat) if p["case_id"] == kurram)
    ctx.clock = _at("2025-11-06T16:00:00+00:00")
    penalty_service.decide(
        ctx,
        penalty["id"],
        {
            "decision": "accept",
            "reasons": "The proposal follows the schedule; a formal censure is proportionate.",
        },
        qat,
    )
    ctx.clock = _at("2025-11-08T10:00:00+00:00")
    case_service.appeal(
        ctx,
        kurram,
        {
            "reasons": "The verdict relies on Pakistani sources; the attackers were not our forces.",
        },
        afg,
    )
    ctx.clock = _wall_clock


def _write_private(path: Path, text: str) -> None:
    if path.exists():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


__all__ = ["DemoResult", "prepare"]
