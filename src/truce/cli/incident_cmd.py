"""CLI commands: incident list|show."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from truce.cli.common import console, echo_json, parse_date_option, service_context

incident_app = typer.Typer(
    help="Incidents and their reports.\n\nExample: truce incident list --type shelling",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(incident_app, name="incident")


@incident_app.command(
    "list",
    help="List incidents, newest first.\n\n"
    "Example: truce incident list --party AFG --from 2025-10-01 --to 2025-10-31",
)
def list_(
    event_type: Annotated[str | None, typer.Option("--type", help="Event type.")] = None,
    party: Annotated[str | None, typer.Option(help="Party code (source or accused).")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    from truce.services.incidents import IncidentFilter, list_incidents

    flt = IncidentFilter(
        event_type,
        party,
        parse_date_option(date_from, "--from"),
        parse_date_option(date_to, "--to"),
        limit=limit,
    )
    from truce.services.visibility import OPERATOR

    with service_context() as ctx:
        result = list_incidents(ctx, flt, OPERATOR)
    if as_json:
        echo_json(result)
        return
    table = Table(
        "id", "date", "type", "place", "killed", "reports", title=f"{result['total']} incidents"
    )
    for i in result["items"]:
        loc = i["location"] or {}
        table.add_row(
            str(i["id"]),
            i["date"],
            i["event_type"],
            loc.get("name") or "",
            str((i["fatalities"] or {}).get("best", "")),
            str(i["report_count"]),
        )
    console.print(table)


@incident_app.command(
    "show",
    help="Show one incident with its reports and corroboration (JSON).\n\n"
    "Example: truce incident show 3",
)
def show(incident_id: Annotated[int, typer.Argument(help="Incident id.")]) -> None:
    from truce.services.incidents import get_incident
    from truce.services.visibility import OPERATOR

    with service_context() as ctx:
        echo_json(get_incident(ctx, incident_id, OPERATOR))
