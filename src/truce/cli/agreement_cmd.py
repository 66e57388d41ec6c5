"""CLI commands: agreement load|show|list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from truce.cli.common import console, read_text, service_context

agreement_app = typer.Typer(
    help="The agreement as data: load versions and amendments, show them.\n\n"
    "Example: truce agreement load pak-afg-2025.yaml",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(agreement_app, name="agreement")


@agreement_app.command(
    "load",
    help="Validate and load an agreement file (or an amendment: same id, "
    "higher version). An invalid file lists every problem and loads nothing.\n\n"
    "Example: truce agreement load agreement.yaml",
)
def load(path: Annotated[Path, typer.Argument(help="Agreement YAML file.")]) -> None:
    from truce.services import agreements

    text = read_text(path)
    with service_context() as ctx:
        loaded = agreements.load(ctx, text, by="system")
    console.print(
        f"loaded {loaded.id} version {loaded.version} (ledger entry {loaded.ledger_index})"
    )


@agreement_app.command(
    "show",
    help="Print an agreement version as YAML (latest unless --version).\n\n"
    "Example: truce agreement show pak-afg-2025 --version 1",
)
def show(
    agreement_id: Annotated[str, typer.Argument(help="Agreement id.")],
    version: Annotated[int | None, typer.Option(help="Version number.")] = None,
) -> None:
    from truce.services import agreements

    with service_context() as ctx:
        text = agreements.source_text(ctx, agreement_id, version)
    typer.echo(text.rstrip("\n"))


@agreement_app.command(
    "list", help="List loaded agreement versions.\n\nExample: truce agreement list"
)
def list_() -> None:
    from truce.services import agreements

    with service_context() as ctx:
        rows = agreements.summaries(ctx)
    table = Table("id", "version", "effective", "title", "ledger")
    for r in rows:
        table.add_row(
            r["id"], str(r["version"]), r["effective"], r["title"], str(r["ledger_index"])
        )
    console.print(table)
