"""Helpers shared by CLI commands: settings, context, reading input files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from truce.errors import Invalid, TooLarge
from truce.services.context import Context, open_context
from truce.settings import Settings

console = Console()
MAX_INPUT_BYTES = 5_000_000


@contextmanager
def service_context(settings: Settings | None = None) -> Iterator[Context]:
    ctx = open_context(settings or Settings())
    try:
        yield ctx
    finally:
        ctx.close()


def read_text(path: Path, *, limit: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 file whole, refusing missing, oversized, binary or non-UTF-8 files.

    A leading byte-order mark is dropped: it is an encoding mark, not text.
    """
    if str(path) != "-" and not path.is_file():
        raise Invalid(f"{path}: no such file")
    if str(path) == "-":
        import sys

        raw = sys.stdin.buffer.read(limit + 1)
    else:
        if path.stat().st_size > limit:
            raise TooLarge(f"{path}: file is larger than {limit} bytes")
        raw = path.read_bytes()
    if len(raw) > limit:
        raise TooLarge(f"{path}: input is larger than {limit} bytes")
    if b"\x00" in raw:
        raise Invalid(f"{path}: looks like a binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Invalid(f"{path}: not UTF-8 text (invalid byte at offset {err.start})") from None


def read_structured(path: Path) -> Any:
    """A JSON or YAML document from a file (JSON if it parses as JSON, else YAML)."""
    text = read_text(path)
    if not text.strip():
        raise Invalid(f"{path}: file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise Invalid(f"{path}: neither valid JSON nor valid YAML{where}") from None


def parse_date_option(value: str | None, flag: str) -> date | None:
    """A YYYY-MM-DD command-line value; None when the option was not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{flag}: {value!r} is not a date (YYYY-MM-DD)") from None


def echo_json(obj: Any) -> None:
    import sys

    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
