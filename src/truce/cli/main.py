"""The ``truce`` command: builds the Typer app and maps TruceError to exit codes."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from truce.errors import TruceError

err_console = Console(stderr=True)


def build_app() -> typer.Typer:
    from truce.cli import (
        agreement_cmd,
        compliance_cmd,
        core_cmd,
        extract_cmd,
        incident_cmd,
        ingest_cmd,
        ledger_cmd,
        report_cmd,
    )

    app = typer.Typer(
        name="truce",
        help="Truce: a ceasefire monitoring and verification mechanism.\n\n"
        "Example: truce init && truce demo && truce serve",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    for module in (
        core_cmd,
        agreement_cmd,
        report_cmd,
        incident_cmd,
        ledger_cmd,
        extract_cmd,
        ingest_cmd,
        compliance_cmd,
    ):
        module.register(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app; a TruceError becomes one clear line and its exit code."""
    app = build_app()
    try:
        # With standalone_mode=False, click returns a command's typer.Exit code instead of raising.
        result = app(args=argv, standalone_mode=False)
    except TruceError as err:
        # Plain text, never wrapped: scripts read this line.
        sys.stderr.write(f"error: {err}\n")
        return err.exit_code
    except typer.Exit as ex:
        return int(ex.exit_code or 0)
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except Exception as ex:
        # Usage errors (unknown option, missing parameter) arrive here in non-standalone
        # mode. typer vendors its own click, so recognise them by shape, not by class.
        show, code = getattr(ex, "show", None), getattr(ex, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            return code
        raise
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
