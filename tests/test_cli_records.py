"""The truce command end to end in-process: exit codes and messages people can act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.agreements_fixtures import AGREEMENT_V1, report
from truce.cli.main import main


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRUCE_HOME", str(tmp_path))
    monkeypatch.setenv("TRUCE_DATABASE_URL", f"sqlite:///{tmp_path}/truce.db")
    assert main(["init"]) == 0
    return tmp_path


def test_init_creates_a_private_key(home: Path) -> None:
    key = home / "ledger.key"
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert main(["init"]) == 0  # idempotent: the key is kept


def test_load_file_and_list(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (home / "a.yaml").write_text(AGREEMENT_V1, encoding="utf-8")
    assert main(["agreement", "load", str(home / "a.yaml")]) == 0
    (home / "r.json").write_text(json.dumps(report()), encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "file", str(home / "r.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"] == 1 and out["incident_id"] == 1 and out["case_id"] == 1
    assert main(["incident", "show", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["reports"] == [1]
    assert main(["ledger", "verify"]) == 0


def test_files_saved_with_a_byte_order_mark_load(home: Path) -> None:
    # Windows editors write a BOM; it is an encoding mark, not part of the record
    (home / "a.yaml").write_bytes(b"\xef\xbb\xbf" + AGREEMENT_V1.encode())
    assert main(["agreement", "load", str(home / "a.yaml")]) == 0
    (home / "r.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(report()).encode())
    assert main(["report", "file", str(home / "r.json")]) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id: [unclosed", "line"),
        (b"\xff\xfeid: x", "UTF-8"),
        (b"\x00\x01binary", "binary"),
        (b"", "empty"),
        (AGREEMENT_V1.replace("P1", "").encode(), "provisions[0].id"),
    ],
)
def test_bad_agreement_files_exit_2_and_load_nothing(
    home: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = home / "bad.yaml"
    path.write_bytes(content)
    assert main(["agreement", "load", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert main(["agreement", "show", "test-accord"]) == 2


def test_bad_report_file_exits_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (home / "a.yaml").write_text(AGREEMENT_V1, encoding="utf-8")
    main(["agreement", "load", str(home / "a.yaml")])
    (home / "r.json").write_text('{"agreement_id": "test-accord", "source": ', encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "file", str(home / "r.json")]) == 2
    assert "r.json" in capsys.readouterr().err
    assert main(["report", "file", str(home / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err
