"""CLI commands: init, demo, serve, db upgrade, user add|revoke|list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import console, service_context
from truce.settings import Settings

db_app = typer.Typer(help="Database schema.\n\nExample: truce db upgrade", no_args_is_help=True)
user_app = typer.Typer(
    help="People, roles and API tokens.\n\nExample: truce user add 'Amina Khan' --role party --party PAK",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command(
        help="Prepare TRUCE_HOME: signing key (0600) and database schema.\n\nExample: truce init"
    )(init)
    app.command(
        help="Load the built-in Pakistan–Afghanistan 2025 example (agreement, reports, users).\n\n"
        "Example: truce demo --fresh"
    )(demo)
    app.command(help="Serve the web pages and the HTTP API.\n\nExample: truce serve --port 8000")(
        serve
    )
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")


def init() -> None:
    from truce.services import ledger_service

    settings = Settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    existed = settings.key_path.exists()
    ledger_service.init_key(settings)
    with service_context(settings):
        pass
    where = settings.key_path.resolve()
    console.print(f"signing key: {where} ({'already there' if existed else 'created, mode 0600'})")
    console.print(f"database: {settings.database_url} (schema up to date)")
    console.print(
        "next: `truce agreement load FILE`; the log's origin and verifier key "
        "(`truce ledger key`) follow from the first agreement"
    )


def demo(
    fresh: Annotated[
        bool, typer.Option(help="Delete the SQLite database first (SQLite only).")
    ] = False,
) -> None:
    from truce.services import demo as demo_service

    settings = Settings()
    result = demo_service.prepare(settings, fresh=fresh)
    console.print(
        f"demo ready: agreement {result.agreement_id} v1–v{result.versions}, "
        f"{result.reports} reports, {result.incidents} incidents, {result.cases} cases, "
        f"ledger size {result.ledger_size}"
    )
    console.print(f"tokens for the demo users are in {result.tokens_file} (mode 0600)")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    import uvicorn

    from truce.web.app import create_app

    app = create_app(Settings())
    console.print(f"Truce on http://{host}:{port}/  (API docs at /api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")


@db_app.command("upgrade", help="Apply schema migrations.\n\nExample: truce db upgrade")
def db_upgrade() -> None:
    with service_context():
        pass
    console.print("database schema is up to date")


@user_app.command(
    "add",
    help="Add a user; prints the API token once, as the last line.\n\n"
    "Example: truce user add 'Verifier One' --role verifier",
)
def user_add(
    name: Annotated[str, typer.Argument(help="The person's name.")],
    role: Annotated[str, typer.Option(help="secretariat|verifier|board|party|monitor|public")],
    party: Annotated[
        str | None, typer.Option(help="Party code (required for party and board).")
    ] = None,
) -> None:
    from truce.services import users

    with service_context() as ctx:
        new = users.add_user(ctx, name, role, party)
    console.print(
        f"user {new.user.id}: {new.user.name} ({new.user.role}{', ' + new.user.party if new.user.party else ''})"
    )
    console.print("token (shown once, keep it safe):")
    typer.echo(new.token)


@user_app.command("revoke", help="Revoke a user's token.\n\nExample: truce user revoke 3")
def user_revoke(user_id: Annotated[int, typer.Argument(help="User id.")]) -> None:
    from truce.services import users

    with service_context() as ctx:
        u = users.revoke(ctx, user_id)
    console.print(f"revoked user {u.id} ({u.name})")


@user_app.command("list", help="List users (never their tokens).\n\nExample: truce user list")
def user_list() -> None:
    from rich.table import Table

    from truce.services import users

    with service_context() as ctx:
        rows = users.list_users(ctx)
    table = Table("id", "name", "role", "party", "created", "revoked")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            r["role"],
            r["party"] or "",
            r["created_at"][:19],
            "yes" if r["revoked"] else "",
        )
    console.print(table)


__all__ = ["Path", "register"]
