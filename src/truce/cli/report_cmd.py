"""CLI command: report file (from a JSON/YAML file or from flags)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from truce.cli.common import echo_json, read_structured, service_context
from truce.cli.report_pub_cmd import register_on as register_publications
from truce.errors import Invalid

report_app = typer.Typer(
    help="Reports from parties, monitors and the news.\n\n"
    "Example: truce report file complaint.json",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    register_publications(report_app)  # truce report daily | period
    app.add_typer(report_app, name="report")


@report_app.command(
    "file",
    help="File a report from a JSON/YAML file (the POST /api/reports shape) or "
    "from flags. Prints the new ids.\n\nExample: truce report file complaint.yaml\n\n"
    "Example: truce report file --agreement pak-afg-2025 --source-kind party --party PAK "
    "--accused AFG --type shelling --date 2025-10-12 --place Kurram --lat 33.9 --lon 70.1 "
    "--country PK --summary 'Mortar fire on border posts'",
)
def file(
    path: Annotated[Path | None, typer.Argument(help="Report file (JSON or YAML).")] = None,
    agreement: Annotated[str | None, typer.Option(help="Agreement id.")] = None,
    source_kind: Annotated[str, typer.Option(help="party|monitor|news")] = "party",
    party: Annotated[str | None, typer.Option(help="Reporting party (source kind party).")] = None,
    outlet: Annotated[str | None, typer.Option(help="News outlet (source kind news).")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL (source kind news).")] = None,
    accused: Annotated[str | None, typer.Option(help="Accused party code.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Event type (see DESIGN).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    date_end: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: date)")] = None,
    place: Annotated[str | None, typer.Option(help="Place name.")] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude.")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO country code of the place.")] = None,
    precision: Annotated[int, typer.Option(help="UCDP location precision 1..7.")] = 1,
    killed: Annotated[int | None, typer.Option(help="Fatalities (best).")] = None,
    summary: Annotated[str | None, typer.Option(help="What happened.")] = None,
) -> None:
    from truce.services import reports

    if path is not None:
        data: Any = read_structured(path)
    else:
        if not (agreement and event_type and date and summary):
            raise Invalid(
                "give a report file, or at least --agreement, --type, --date and --summary"
            )
        source: dict[str, Any] = {"kind": source_kind}
        if source_kind == "party":
            source["party"] = party
        if source_kind == "news":
            source.update(outlet=outlet, url=url)
        data = {
            "agreement_id": agreement,
            "source": source,
            "accused_party": accused,
            "event_type": event_type,
            "date": date,
            "date_end": date_end or date,
            "date_precision": "day",
            "location": None
            if place is None
            else {
                "name": place,
                "lat": lat,
                "lon": lon,
                "country_code": country,
                "precision": precision,
            },
            "actors": [],
            "fatalities": None
            if killed is None
            else {"best": killed, "low": killed, "high": killed},
            "summary": summary,
            "evidence": [],
        }
    with service_context() as ctx:
        filed = reports.file_report(ctx, data)
    echo_json(filed.as_dict())
