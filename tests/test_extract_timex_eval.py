"""Scoring the temporal tagger: seed gold, dated headlines, and a baseline side by side."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from truce.errors import Invalid, NotFound
from truce.extract.eval_timex import (
    TimexGoldItem,
    evaluate_timex,
    load_headline_date_gold,
    load_seed_timex_gold,
)


def test_seed_gold_scores_meet_the_target(shared_dir: Path) -> None:
    items = load_seed_timex_gold(shared_dir / "corpus" / "dev" / "seed-2025-11-05.gold.json")
    assert items[0].dct == date(2025, 11, 5) and len(items[0].timexes) == 15
    ours = evaluate_timex(items, baselines=False)["timex"]["systems"]["ours"]
    assert ours["value_accuracy"] >= 0.85
    assert ours["relative_value_accuracy"] >= 0.85
    assert ours["strict_f1"] >= 0.85


def test_headline_day_scoring_counts_only_single_day_answers(shared_dir: Path) -> None:
    path = shared_dir / "corpus" / "dev" / "ucdp_ged_pak_headlines_dev.jsonl"
    items = load_headline_date_gold(path)
    assert len(items) == 758
    ours = evaluate_timex(items, baselines=False)["headline_day"]["systems"]["ours"]
    assert 0 < ours["attempted"] < len(items)
    assert ours["exact_day_accuracy"] >= 0.7


def test_scores_distinguish_right_from_wrong_values() -> None:
    text = "Clashes erupted yesterday."
    right = TimexGoldItem("a", text, date(2025, 11, 5), timexes=(
        {"start": 16, "end": 25, "text": "yesterday", "type": "DATE", "value": "2025-11-04"},))  # fmt: skip
    wrong = TimexGoldItem("b", text, date(2025, 11, 5), timexes=(
        {"start": 16, "end": 25, "text": "yesterday", "type": "DATE", "value": "2025-11-01"},))  # fmt: skip
    assert (
        evaluate_timex([right], baselines=False)["timex"]["systems"]["ours"]["value_accuracy"]
        == 1.0
    )
    assert (
        evaluate_timex([wrong], baselines=False)["timex"]["systems"]["ours"]["value_accuracy"]
        == 0.0
    )
    head = TimexGoldItem(
        "h", "MILITANTS KILL 5 ON MONDAY", date(2025, 11, 5),
        event_window=(date(2025, 11, 3), date(2025, 11, 3)),
    )  # fmt: skip
    day = evaluate_timex([head], baselines=False)["headline_day"]["systems"]["ours"]
    assert (day["attempted"], day["exact_day_accuracy"]) == (1, 1.0)


@pytest.mark.slow
def test_baselines_are_scored_on_the_same_items(shared_dir: Path) -> None:
    items = load_seed_timex_gold(shared_dir / "corpus" / "dev" / "seed-2025-11-05.gold.json")
    systems = evaluate_timex(items)["timex"]["systems"]
    assert set(systems) == {"ours", "dateparser", "spacy"}
    assert systems["dateparser"]["predicted"] > 0
    assert systems["ours"]["value_accuracy"] > systems["dateparser"]["value_accuracy"]


def test_loaders_reject_bad_files(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        load_seed_timex_gold(tmp_path / "missing.gold.json")
    bad = tmp_path / "bad.gold.json"
    bad.write_text(json.dumps({"file": "x.txt"}), encoding="utf-8")
    (tmp_path / "x.txt").write_text("text", encoding="utf-8")
    with pytest.raises(Invalid):
        load_seed_timex_gold(bad)
    lines = tmp_path / "h.jsonl"
    lines.write_text('{"text": "x", "pub_date": "2020-01-01"}\n', encoding="utf-8")
    with pytest.raises(Invalid):
        load_headline_date_gold(lines)
