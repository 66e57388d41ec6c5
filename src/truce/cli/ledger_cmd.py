"""CLI commands: ledger (print exactly the bytes the HTTP API serves, for machines)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from truce.errors import NotFound
from truce.services import ledger_service
from truce.services.context import Context, open_context
from truce.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the ``ledger`` sub-app (built here, so nothing is registered twice)."""
    ledger_app = typer.Typer(
        help="The tamper-evident log: checkpoints, entries, proofs, verification, cosigning.\n\n"
        "Example: truce ledger checkpoint",
        no_args_is_help=True,
    )
    for name, func in (
        ("checkpoint", checkpoint),
        ("key", key),
        ("entries", entries),
        ("prove-inclusion", prove_inclusion),
        ("prove-consistency", prove_consistency),
        ("verify", verify),
        ("cosign", cosign),
    ):
        ledger_app.command(name)(func)
    witness_app = typer.Typer(
        help="Parties and witnesses allowed to cosign checkpoints.\n\n"
        "Example: truce ledger witness add witness.example/w1 'witness.example/w1+1a2b3c4d+AQ...'",
        no_args_is_help=True,
    )
    witness_app.command("add")(witness_add)
    ledger_app.add_typer(witness_app, name="witness")
    app.add_typer(ledger_app, name="ledger")


@contextmanager
def _context() -> Iterator[Context]:
    ctx = open_context(Settings())
    try:
        yield ctx
    finally:
        ctx.close()  # each command is one process-lifetime use: release pooled connections


def _out(text: str) -> None:
    # Raw bytes as served over HTTP: no Rich markup, no wrapping.
    sys.stdout.write(text)
    sys.stdout.flush()


def _read_text(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"no such file: {path}") from None


def checkpoint() -> None:
    """Print the latest signed checkpoint note (cosignatures after the mechanism's line).

    Example: truce ledger checkpoint > checkpoint.txt
    """
    with _context() as ctx:
        note = ledger_service.checkpoint(ctx.db)
    _out(note)


def key() -> None:
    """Print the verifier key string (name+keyid+base64 key) that checks the checkpoints.

    Example: truce ledger key > ledger.pub
    """
    with _context() as ctx:
        text = ledger_service.verifier_key(ctx.db)
    _out(text + "\n")


def entries(
    start: int = typer.Option(..., "--start", help="First seq (inclusive)."),
    end: int = typer.Option(
        ..., "--end", help="Last seq + 1 (exclusive), at most the current size."
    ),
) -> None:
    """Print entries start..end-1, one canonical JSON per line.

    Example: truce ledger entries --start 0 --end 10
    """
    with _context() as ctx:
        rows = ledger_service.entries(ctx.db, start, end)
    _out(ledger_service.format_entries(rows))


def prove_inclusion(
    index: int = typer.Option(..., "--index", help="The entry's seq."),
    size: int = typer.Option(..., "--size", help="Tree size (≤ the current checkpoint)."),
) -> None:
    """Print an RFC 9162 inclusion proof as {"index","size","hashes":[base64...]}.

    Example: truce ledger prove-inclusion --index 3 --size 10
    """
    with _context() as ctx:
        proof = ledger_service.prove_inclusion(ctx.db, index, size)
    _out(ledger_service.proof_json(proof))


def prove_consistency(
    old: int = typer.Option(..., "--old", help="The older tree size."),
    new: int = typer.Option(..., "--new", help="The newer tree size (≤ the current checkpoint)."),
) -> None:
    """Print an RFC 9162 consistency proof as {"old","new","hashes":[base64...]}.

    Example: truce ledger prove-consistency --old 5 --new 10
    """
    with _context() as ctx:
        proof = ledger_service.prove_consistency(ctx.db, old, new)
    _out(ledger_service.proof_json(proof))


def verify(
    from_checkpoint: Path | None = typer.Option(
        None,
        "--from-checkpoint",
        help="A checkpoint note saved earlier ('-' for stdin): the log must still contain it.",
    ),
) -> None:
    """Recompute every leaf, node and checkpoint from the entries; exit 0 only if all hold.

    Example: truce ledger verify --from-checkpoint checkpoint.txt
    """
    note = _read_text(from_checkpoint) if from_checkpoint is not None else None
    with _context() as ctx:
        report = ledger_service.verify(ctx.db, note)
    _out(report.summary() + "\n")


def cosign(
    note_file: Path = typer.Argument(
        ..., help="The checkpoint note with the witness's signature line added ('-' for stdin)."
    ),
) -> None:
    """Store a registered party's or witness's signature on one of this log's checkpoints.

    Example: truce ledger cosign cosigned-checkpoint.txt
    """
    note = _read_text(note_file)
    with _context() as ctx:
        names = ledger_service.cosign(ctx.db, note)
    _out("".join(f"cosigned by {n}\n" for n in names))


def witness_add(
    name: str = typer.Argument(..., help="The witness's key name, e.g. witness.example/w1."),
    verifier_key: str = typer.Argument(..., help="Its verifier key string name+keyid+base64."),
) -> None:
    """Allow a party or witness to cosign checkpoints (recorded as a ledger entry).

    Example: truce ledger witness add pak.example/liaison 'pak.example/liaison+0a1b2c3d+AQ...'
    """
    with _context() as ctx:
        seq = ledger_service.add_witness(ctx.db, ctx.ledger(), name, verifier_key)
    _out(f"witness {name} added (ledger entry {seq})\n")
