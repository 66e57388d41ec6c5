"""Daily and periodic monitoring reports, in the manner of the OSCE SMM's daily reports.

A report is: a summary in sentences, a numbered table of incidents, a map with the
same numbers, and the verdicts recorded in the period. It is assembled once as a
:class:`MonitoringReport` and rendered to HTML (Jinja) or PDF (WeasyPrint, from the
same HTML, with a server-side SVG map because a PDF cannot run Leaflet).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import and_, select

from truce.domain.case import CaseState
from truce.errors import Invalid
from truce.services import map_svg
from truce.services.context import Context
from truce.services.dashboard import DashboardFilter, stats
from truce.services.exports import incident_batches
from truce.services.users import User
from truce.services.visibility import case_condition, visible_incidents_clause
from truce.store.tables import agreements, case_events, cases, incidents

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"
MAX_PERIOD_DAYS = 366
_OUTCOMES = [
    str(s) for s in (CaseState.VERIFIED, CaseState.UNVERIFIABLE, CaseState.NOT_A_VIOLATION)
]


@dataclass
class MonitoringReport:
    kind: str  # daily | period
    start: date
    end: date
    title: str
    agreement: str | None
    generated_at: datetime
    summary: list[str]
    incidents: list[dict[str, Any]]
    verdicts: list[dict[str, Any]]
    map_svg: str
    outside_map: int
    weekly: list[dict[str, Any]] = field(default_factory=list)

    @property
    def slug(self) -> str:
        if self.kind == "daily":
            return f"truce-daily-{self.start.isoformat()}"
        return f"truce-period-{self.start.isoformat()}-{self.end.isoformat()}"


def daily(ctx: Context, day: date, user: User | None) -> MonitoringReport:
    """The report for one day (incidents whose date window touches that day)."""
    return _build(ctx, "daily", day, day, user)


def period(ctx: Context, start: date, end: date, user: User | None) -> MonitoringReport:
    """The report for ``start``..``end`` inclusive, with weekly figures."""
    if start > end:
        raise Invalid("from: the first day is after the last day")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise Invalid(f"a periodic report covers at most {MAX_PERIOD_DAYS} days; split the period")
    return _build(ctx, "period", start, end, user)


def _build(ctx: Context, kind: str, start: date, end: date, user: User | None) -> MonitoringReport:
    flt = DashboardFilter(date_from=start, date_to=end)
    items: list[dict[str, Any]] = []
    for batch in incident_batches(ctx, flt, user):
        items.extend(batch)
    rows = []
    for n, item in enumerate(items, start=1):
        r, acled = item["incident"], item["row"]
        rows.append(
            {
                "n": n,
                "id": r.id,
                "date": r.date,
                "date_end": r.date_end,
                "event_type": r.event_type,
                "location": r.location_name or "place not known",
                "country_code": r.country_code,
                "lat": r.lat,
                "lon": r.lon,
                "fatalities": r.fatalities_best,
                "status": item["status"],
                "accused": item["accused"],
                "border_km": item["border_km"],
                "notes": acled["notes"],
                "source": acled["source"],
            }
        )
    verdicts = _verdicts(ctx, start, end, user)
    markers = [
        map_svg.Marker(str(r["n"]), r["lat"], r["lon"], r["event_type"], r["fatalities"])
        for r in rows
        if r["lat"] is not None and r["lon"] is not None
    ]
    outside = sum(1 for m in markers if not map_svg.in_region(m.lat, m.lon)) + sum(
        1 for r in rows if r["lat"] is None
    )
    title = (
        f"Daily report, {_long(start)}"
        if kind == "daily"
        else f"Periodic report, {_long(start)} to {_long(end)}"
    )
    weekly: list[dict[str, Any]] = []
    if kind == "period":
        s = stats(ctx, flt, user)
        weekly = [
            {
                "week": w,
                "incidents": s["incidents_per_week"][i],
                "fatalities": s["fatalities_per_week"][i],
                "by_party": {p: v[i] for p, v in s["incidents_per_party_week"].items()},
            }
            for i, w in enumerate(s["weeks"])
        ]
    return MonitoringReport(
        kind=kind,
        start=start,
        end=end,
        title=title,
        agreement=_agreement_title(ctx),
        generated_at=datetime.now(UTC),
        summary=_summary(kind, start, end, rows, verdicts),
        incidents=rows,
        verdicts=verdicts,
        map_svg=map_svg.render(markers, title=title),
        outside_map=outside,
        weekly=weekly,
    )


def _long(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _agreement_title(ctx: Context) -> str | None:
    with ctx.db.read() as conn:
        row = conn.execute(
            select(agreements.c.title, agreements.c.version)
            .order_by(agreements.c.effective.desc())
            .limit(1)
        ).first()
    return None if row is None else f"{row.title} (version {row.version})"


def _verdicts(ctx: Context, start: date, end: date, user: User | None) -> list[dict[str, Any]]:
    """Case outcomes recorded in the period, newest last, for cases the reader may see."""
    since = datetime(start.year, start.month, start.day, tzinfo=UTC)
    until = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1)
    with ctx.db.read() as conn:
        rows = conn.execute(
            select(
                case_events.c.case_id,
                case_events.c.to_state,
                case_events.c.body,
                case_events.c.at,
                cases.c.accused_party,
                cases.c.incident_id,
                incidents.c.event_type,
                incidents.c.location_name,
                incidents.c.date,
            )
            .select_from(
                case_events.join(cases, cases.c.id == case_events.c.case_id).join(
                    incidents, incidents.c.id == cases.c.incident_id
                )
            )
            .where(
                and_(
                    case_events.c.to_state.in_(_OUTCOMES),
                    case_events.c.at >= since,
                    case_events.c.at < until,
                    visible_incidents_clause(user),
                    case_condition(user),
                )
            )
            .order_by(case_events.c.at, case_events.c.id)
        ).all()
    out = []
    for r in rows:
        body = r.body if isinstance(r.body, dict) else {}
        out.append(
            {
                "case_id": r.case_id,
                "outcome": r.to_state,
                "at": r.at,
                "accused_party": r.accused_party,
                "responsible": body.get("responsible_party") or body.get("party"),
                "provisions": body.get("provisions") or body.get("provision") or [],
                "reasons": body.get("reasons") or body.get("reason") or "",
                "incident_id": r.incident_id,
                "incident": f"{r.event_type.replace('_', ' ')} at {r.location_name or 'unknown place'} "
                f"on {r.date.isoformat()}",
            }
        )
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word.endswith("s") else f"{n} {word}s"


def _summary(
    kind: str, start: date, end: date, rows: list[dict[str, Any]], verdicts: list[dict[str, Any]]
) -> list[str]:
    """Plain sentences, as a reader of an SMM report expects them first."""
    span = f"on {_long(start)}" if kind == "daily" else f"between {_long(start)} and {_long(end)}"
    if not rows:
        first = f"The mechanism recorded no incidents {span}."
    else:
        types = Counter(r["event_type"] for r in rows)
        listed = ", ".join(f"{_plural(n, t.replace('_', ' '))}" for t, n in types.most_common())
        first = f"The mechanism recorded {_plural(len(rows), 'incident')} {span}: {listed}."
    out = [first]
    dead = sum(r["fatalities"] or 0 for r in rows)
    if dead:
        out.append(
            f"Reports put the number of people killed at {dead} (best estimates, conservative)."
        )
    near = [r for r in rows if r["border_km"] is not None and r["border_km"] <= 10]
    if near:
        out.append(
            f"{_plural(len(near), 'incident')} took place within 10 km of the Afghanistan–Pakistan border."
        )
    accused = Counter(p for r in rows for p in r["accused"])
    if accused:
        out.append(
            "Reports alleged responsibility of "
            + ", ".join(f"{p} in {_plural(n, 'incident')}" for p, n in accused.most_common())
            + "."
        )
    open_cases = Counter(r["status"] for r in rows if r["status"] not in ("no_case",))
    if open_cases:
        out.append(
            "Cases: "
            + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(open_cases.items()))
            + "."
        )
    if verdicts:
        v = Counter(x["outcome"] for x in verdicts)
        out.append(
            "Verdicts recorded: "
            + ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(v.items()))
            + "."
        )
    else:
        out.append("No verdict was recorded in this period.")
    return out


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    return env


def render_html(report: MonitoringReport, *, for_pdf: bool = False) -> str:
    """The report as one self-contained HTML page (its style and map are inline)."""
    css = (TEMPLATES.parent / "static" / "report.css").read_text(encoding="utf-8")
    return (
        _env()
        .get_template("monitoring_report.html")
        .render(report=report, css=css, for_pdf=for_pdf, colours=map_svg.TYPE_COLOURS)
    )


def render_pdf(report: MonitoringReport) -> bytes:
    """The report as PDF, through WeasyPrint (needs the system's Pango)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as err:  # OSError: Pango missing on this machine
        raise Invalid(f"PDF output needs WeasyPrint and Pango installed: {err}") from None
    pdf: bytes = HTML(string=render_html(report, for_pdf=True), base_url=str(TEMPLATES)).write_pdf()
    return pdf
