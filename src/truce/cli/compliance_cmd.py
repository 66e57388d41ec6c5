"""CLI commands: compliance (recompute penalty proposals from the ledger alone)."""

from __future__ import annotations

import typer
from rich.table import Table

from truce.cli.common import console, service_context
from truce.errors import LedgerIntegrityError
from truce.services import replay as replay_service


def register(app: typer.Typer) -> None:
    """Add the ``compliance`` sub-app."""
    compliance_app = typer.Typer(
        help="Penalty schedule checks.\n\nExample: truce compliance replay",
        no_args_is_help=True,
    )
    compliance_app.command(
        "replay",
        help="Recompute every penalty proposal from the ledger entries alone (agreement texts, "
        "verdicts, case states) and compare with the stored proposals; exit 3 on any difference."
        "\n\nExample: truce compliance replay",
    )(replay)
    app.add_typer(compliance_app, name="compliance")


def replay() -> None:
    with service_context() as ctx:
        report = replay_service.replay(ctx.db)
    table = Table(title=f"Penalty proposals replayed from {report.entries} ledger entries")
    for col in ("penalty", "case", "party", "n", "rule", "proposed", "result"):
        table.add_column(col)
    for p in report.penalties:
        proposed = (
            "" if p.proposed is None else ", ".join(f"{k}={v}" for k, v in p.proposed.items())
        )
        table.add_row(
            str(p.penalty_id),
            str(p.case_id),
            p.party,
            str(p.n),
            p.rule or "(no rule matched)",
            proposed,
            "[green]same[/green]" if not p.problems else "[red]" + "; ".join(p.problems) + "[/red]",
        )
    console.print(table)
    for problem in report.problems:
        console.print(f"[red]{problem}[/red]")
    if not report.ok:
        bad = sum(1 for p in report.penalties if p.problems) + len(report.problems)
        raise LedgerIntegrityError(
            f"compliance replay found {bad} difference(s) with the stored proposals"
        )
    console.print(f"all {len(report.penalties)} penalty proposals match the schedule")
