"""`truce extract`, `truce timex` and `truce eval extract` as a user runs them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from truce.cli.main import main

ARTICLE = "Title: Border clash\nPublished: 2025-10-13\n\nAfghan forces attacked Pakistani posts in Kurram on Saturday, killing 23 soldiers, the ISPR said.\n"


def test_extract_prints_jsonl_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    code = main(["extract", str(bad), str(good)])
    out, err = capsys.readouterr()
    assert code == 2
    first, summary = err.strip().splitlines()
    assert "bad.txt" in first and "binary" in first and "1 input(s)" in summary
    (ev,) = [json.loads(line) for line in out.splitlines()]
    assert (
        ev["source"] == str(good) and ev["date"] == "2025-10-11" and ev["fatalities"]["best"] == 23
    )
    assert ev["claimed_by"] == "ISPR"


def test_extract_stdin_with_published_and_json_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "Militants attacked a checkpoint in Bannu yesterday, killing two policemen."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body.encode("utf-8"))))
    assert main(["extract", "-", "--published", "2025-11-05", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert events[0]["date"] == "2025-11-04" and events[0]["source"] == "-"


def test_extract_rejects_bad_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(f), "--published", "05/11/2025"]) == 2
    assert "--published" in capsys.readouterr().err


def test_timex_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "t.txt"
    f.write_text("Talks resume tomorrow.", encoding="utf-8")
    assert main(["timex", str(f), "--dct", "2025-11-05"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line) == {
        "start": 13,
        "end": 21,
        "text": "tomorrow",
        "type": "DATE",
        "value": "2025-11-06",
    }


def test_eval_extract_saves_numbers(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.json"
    gold = shared_dir / "corpus" / "dev"
    assert main(["eval", "extract", "--gold", str(gold), "--limit", "40", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result["headlines"]) == {"ours", "dateparser", "spacy"}
    seed = result["articles"]["ours"]  # the seed article: every event, every field
    assert seed["precision"] == seed["recall"] == 1.0
    for field in ("date_exact", "date_end", "event_type", "place_25km", "actors", "claimed_by"):
        assert seed[field] == 1.0, field
    assert result["headlines"]["ours"]["event_type"] >= 0.8
    assert "extract: headlines" in capsys.readouterr().out


def test_relative_date_without_publication_date_is_null_not_borrowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """spec/event.md: without a publication date relative dates stay unresolved."""
    text = (
        "On 10 October 2025 Pakistan and Afghanistan held talks in Doha. Pakistani troops "
        "clashed with Afghan forces near Torkham on Sunday, killing three soldiers.\n"
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    for extra, clash_date in (([], None), (["--published", "2025-10-13"], "2025-10-12")):
        assert main(["extract", str(path), *extra]) == 0
        events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        dates = {e["event_type"]: e["date"] for e in events}
        assert dates == {"talks": "2025-10-10", "armed_clash": clash_date}


def test_extract_reports_a_bad_published_header_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(ARTICLE.replace("2025-10-13", "last Tuesday"), encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(bad), str(good)]) == 2
    out, err = capsys.readouterr()
    first, summary = err.strip().splitlines()
    assert str(bad) in first and "'last Tuesday'" in first and "1 input(s)" in summary
    assert [json.loads(line)["source"] for line in out.splitlines()] == [str(good)]
    # --published overrides the header: the file is read
    assert main(["extract", str(bad), "--published", "2025-10-13"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["date"] == "2025-10-11"


def test_extract_reads_a_header_with_fields_it_does_not_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(
        ARTICLE.replace("Title: Border clash\n", "Title: Border clash\nAuthor: Jane Doe\n")
        .replace("\n", "\r\n")
        .encode("utf-8-sig")
    )
    assert main(["extract", str(f)]) == 0
    (ev,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert ev["date"] == "2025-10-11" and "Author" not in ev["text"]


def test_timex_and_extract_read_a_bom_file_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Published: 2025-11-05\n\nMilitants attacked a checkpoint in Bannu yesterday."
    f = tmp_path / "bom.txt"
    f.write_bytes(text.encode("utf-8-sig"))
    assert main(["timex", str(f), "--dct", "2025-11-05"]) == 0
    tags = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert tags and all(text[t["start"] : t["end"]] == t["text"] for t in tags)
    (yesterday,) = [t for t in tags if t["text"] == "yesterday"]
    assert main(["extract", str(f)]) == 0
    (ev,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert ev["date"] == yesterday["value"] == "2025-11-04"
