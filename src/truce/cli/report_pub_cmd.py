"""CLI commands: `truce report daily` and `truce report period` (monitoring reports).

Registered on the `truce report` sub-app by cli/report_cmd.py. The output format
follows the file name given to --out (.pdf or .html); without --out the HTML goes
to standard output.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import service_context
from truce.errors import Invalid


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _write(report: object, out: Path | None) -> None:
    from truce.services import monitoring_report as mr

    assert isinstance(report, mr.MonitoringReport)
    if out is None:
        typer.echo(mr.render_html(report))
        return
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        out.write_bytes(mr.render_pdf(report))
    elif suffix in {".html", ".htm"}:
        out.write_text(mr.render_html(report), encoding="utf-8")
    else:
        raise Invalid(f"--out: {out.name!r} must end in .pdf or .html")
    typer.echo(f"wrote {out} ({len(report.incidents)} incidents, {len(report.verdicts)} verdicts)")


def daily(
    day: Annotated[str, typer.Option("--date", help="The day to report on, YYYY-MM-DD.")],
    out: Annotated[Path | None, typer.Option(help="Write to FILE.pdf or FILE.html.")] = None,
) -> None:
    """Daily monitoring report: summary, table of incidents, map, verdicts (public view).

    Example: truce report daily --date 2025-10-11 --out daily.pdf
    """
    from truce.services import monitoring_report as mr

    when = _day(day, "--date")
    with service_context() as ctx:
        report = mr.daily(ctx, when, None)
    _write(report, out)


def period(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    out: Annotated[Path | None, typer.Option(help="Write to FILE.pdf or FILE.html.")] = None,
) -> None:
    """Periodic monitoring report with weekly figures (public view).

    Example: truce report period --from 2025-10-01 --to 2025-10-31 --out october.pdf
    """
    from truce.services import monitoring_report as mr

    a, b = _day(start, "--from"), _day(end, "--to")
    with service_context() as ctx:
        report = mr.period(ctx, a, b, None)
    _write(report, out)


def register_on(report_app: typer.Typer) -> None:
    """Add `daily` and `period` to the `truce report` sub-app."""
    report_app.command("daily")(daily)
    report_app.command("period")(period)


def register(app: typer.Typer) -> None:
    """Nothing at the top level: these commands live under `truce report` (see report_cmd)."""
