"""`truce ledger ...` and the /ledger HTTP routes serve the same bytes; errors are one clear line."""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterator

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from truce.cli import ledger_cmd
from truce.cli.main import main
from truce.ledger import checkpoint as cp
from truce.ledger import keys, merkle
from truce.ledger.tiles import TileRef, parse_tile_path, tile_path
from truce.services.context import Context
from truce.web.app import create_app

SIZE = 11


@pytest.fixture
def filled(ctx: Context) -> Context:
    from truce.services import ledger_service

    with ctx.db.write() as conn:  # as the first agreement would
        ledger_service.propose_origin(conn, ctx.ledger(), "truce.local/interfaces")
    for i in range(SIZE):
        with ctx.db.write() as conn:
            ctx.append(conn, "report.filed", f"user:{i}", {"n": i, "text": "ceasefire — held"})
    return ctx


@pytest.fixture
def client(filled: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=filled), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def cli(filled: Context, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TRUCE_DATABASE_URL", filled.settings.database_url)
    monkeypatch.setenv("TRUCE_HOME", str(filled.settings.home))
    return CliRunner()


def _run(cli: CliRunner, *args: str) -> str:
    app = typer.Typer()
    ledger_cmd.register(app)
    result = cli.invoke(app, ["ledger", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("args", "url"),
    [
        (["checkpoint"], "/ledger/checkpoint"),
        (["key"], "/ledger/key"),
        (["entries", "--start", "2", "--end", "5"], "/ledger/entries?start=2&end=5"),
        (["entries", "--start", "0", "--end", "11"], "/ledger/entries?start=0&end=11"),
        (
            ["prove-inclusion", "--index", "7", "--size", "11"],
            "/ledger/proof/inclusion?index=7&size=11",
        ),
        (
            ["prove-consistency", "--old", "3", "--new", "11"],
            "/ledger/proof/consistency?old=3&new=11",
        ),
        (
            ["prove-consistency", "--old", "0", "--new", "4"],
            "/ledger/proof/consistency?old=0&new=4",
        ),
    ],
)
def test_cli_prints_exactly_the_http_body(
    cli: CliRunner, client: TestClient, args: list[str], url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    printed = _run(cli, *args)
    assert printed == response.text
    assert printed.endswith("\n") and not printed.endswith("\n\n")


def test_served_proofs_verify_against_the_served_checkpoint(client: TestClient) -> None:
    head = cp.verify_note(client.get("/ledger/checkpoint").text, client.get("/ledger/key").text)
    assert head.size == SIZE
    lines = client.get(f"/ledger/entries?start=0&end={SIZE}").text.splitlines()
    assert [json.loads(x)["seq"] for x in lines] == list(range(SIZE))
    for index in range(SIZE):
        proof = client.get(f"/ledger/proof/inclusion?index={index}&size={SIZE}").json()
        hashes = [base64.b64decode(h) for h in proof["hashes"]]
        merkle.verify_inclusion(
            merkle.leaf_hash(lines[index].encode()), index, SIZE, hashes, head.root
        )
    assert client.get(f"/ledger/proof/consistency?old={SIZE}&new={SIZE}").json()["hashes"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/ledger/proof/inclusion?index=11&size=11",
        "/ledger/proof/inclusion?index=-1&size=3",
        "/ledger/proof/inclusion?index=0&size=12",
        "/ledger/proof/consistency?old=5&new=4",
        "/ledger/proof/consistency?old=1&new=12",
        "/ledger/entries?start=0&end=12",
    ],
)
def test_out_of_range_is_http_400_with_one_error(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and "\n" not in response.json()["error"]


def test_out_of_range_is_exit_2_with_one_line(
    cli: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ledger", "prove-inclusion", "--index", "11", "--size", "11"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1


def test_verify_command_and_tampered_checkpoint_file(
    cli: CliRunner, client: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    saved = tmp_path_factory.mktemp("cp") / "checkpoint.txt"
    saved.write_text(client.get("/ledger/checkpoint").text, encoding="utf-8")
    assert _run(cli, "verify", "--from-checkpoint", str(saved)).startswith(f"ok: {SIZE} entries")
    forged = saved.read_text(encoding="utf-8").replace(f"\n{SIZE}\n", "\n3\n")
    saved.write_text(forged, encoding="utf-8")
    assert main(["ledger", "verify", "--from-checkpoint", str(saved)]) == 3


def test_witness_cosigns_through_the_cli(
    cli: CliRunner, client: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    witness = cp.NoteSigner("witness.example/w1", keys.generate_key())
    assert "added" in _run(cli, "witness", "add", witness.name, witness.verifier_key())
    note = client.get("/ledger/checkpoint").text
    cosigned = cp.cosign(note, None, [], witness, log_key=client.get("/ledger/key").text)
    path = tmp_path_factory.mktemp("w") / "cosigned.txt"
    path.write_text(cosigned, encoding="utf-8")
    assert _run(cli, "cosign", str(path)) == f"cosigned by {witness.name}\n"
    assert client.get("/ledger/checkpoint").text == cosigned


def test_tiles_serve_level_hashes_and_entry_bundles(client: TestClient) -> None:
    lines = client.get(f"/ledger/entries?start=0&end={SIZE}").text.splitlines()
    leaves = b"".join(merkle.leaf_hash(x.encode()) for x in lines)
    response = client.get(f"/tile/0/000.p/{SIZE}")
    assert response.status_code == 200 and response.content == leaves
    assert client.get("/tile/0/000.p/4").content == leaves[: 4 * 32]
    bundle = client.get(f"/tile/entries/000.p/{SIZE}").content
    first_len = struct.unpack(">H", bundle[:2])[0]
    assert bundle[2 : 2 + first_len] == lines[0].encode()
    assert client.get("/tile/0/000").status_code == 404
    assert client.get(f"/tile/0/000.p/{SIZE + 1}").status_code == 404
    assert client.get("/tile/0/0.p/3").status_code == 400


@pytest.mark.parametrize("index", [0, 7, 999, 1000, 1234067])
def test_tile_paths_round_trip(index: int) -> None:
    for ref in (TileRef(2, index, 256), TileRef(None, index, 17)):
        assert parse_tile_path(tile_path(ref).removeprefix("tile/")) == ref
    assert tile_path(TileRef(0, 1234067, 256)) == "tile/0/x001/x234/067"
