"""Docs are tested: every command has help with an example; every setting is in the README."""

from __future__ import annotations

from typing import Any

import typer.main

from tests.conftest import REPO
from truce.cli.main import build_app
from truce.settings import Settings


def _commands(group: Any, prefix: str = "truce") -> list[tuple[str, Any]]:
    # typer vendors its own click, so duck-type groups rather than isinstance-check them
    out = []
    if hasattr(group, "commands"):
        for name, cmd in group.commands.items():
            out.append((f"{prefix} {name}", cmd))
            out.extend(_commands(cmd, f"{prefix} {name}"))
    return out


def test_every_command_has_help_with_an_example() -> None:
    root = typer.main.get_command(build_app())
    commands = _commands(root)
    assert len(commands) >= 15
    missing = [name for name, cmd in commands if "Example:" not in (cmd.help or "")]
    assert missing == []


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    undocumented = [
        f"TRUCE_{name.upper()}"
        for name in Settings.model_fields
        if f"TRUCE_{name.upper()}" not in readme
    ]
    assert undocumented == []


def test_readme_starts_with_the_two_commands() -> None:
    lines = [
        ln for ln in (REPO / "README.md").read_text(encoding="utf-8").splitlines() if ln.strip()
    ]
    code = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert code[0].startswith("make demo") and code[1].startswith("make test")


def test_usage_errors_are_one_message_not_a_traceback(capsys: Any) -> None:
    from truce.cli.main import main

    assert main(["eval", "timex"]) == 2
    err = capsys.readouterr().err
    assert "--gold" in err and "Traceback" not in err
    assert main(["ledger", "prove-inclusion", "--index", "x", "--size", "1"]) == 2
    assert main(["no-such-command"]) == 2
