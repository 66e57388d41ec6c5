"""Temporal tagging and normalisation (TimeML TIMEX3) with anchor tracking.

`tag(text, dct)` finds every temporal expression in document order and gives it a
TimeML value and a calendar window. Deictic expressions ("yesterday", "on Tuesday",
"last week") are resolved against the document creation time (DCT); anaphoric ones
("the next day", "two days later", "that night") against the last date the text
mentioned, which is what news prose means by them. Rule based (patterns in
`timex_rules`), so it needs no model and tags thousands of articles a second.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from truce.extract import timex_resolve as rv
from truce.extract.timex_rules import COMPILED, PATTERN_KINDS, TRIGGER_KINDS, TRIGGER_REACH


@dataclass(frozen=True)
class Timex:
    """One temporal expression: span, TimeML type/value, and its calendar window."""

    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # TimeML value: "2025-11-05", "2025-W45", "P3D", "PRESENT_REF", "2025-10-11TNI"
    date_start: date | None  # resolved window; None when unresolved (no DCT) or not a date
    date_end: date | None
    precision: str | None  # "day" | "week" | "month" | "year"


class DateWindow(NamedTuple):
    """A calendar window an event is placed in; unpacks as (start, end, precision)."""

    start: date
    end: date
    precision: str


def timex_json(t: Timex) -> dict[str, object]:
    """The `truce timex` JSON object for one expression (shared/spec/event.md)."""
    return {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}


# "the gunfight continued till the early hours of Monday": when something ended, which
# "a day earlier" does not count from
_END_POINT = re.compile(
    r"\b(?:until|till)\s+(?:the\s+)?(?:(?:early|small|wee)\s+hours\s+(?:of\s+)?|dawn\s+(?:on\s+)?)?$",
    re.IGNORECASE,
)


def tag(text: str, dct: date | None) -> list[Timex]:
    """Every temporal expression in `text`, in document order, resolved against `dct`.

    With `dct` None, expressions relative to the publication date keep a value with
    X placeholders ("XXXX-XX-XX") and no window; anaphoric ones still resolve when
    the text names an explicit date before them.
    """
    state = rv.Anchors(dct=dct)
    out: list[Timex] = []
    for start, end, name, match in _select(text):
        res = rv.HANDLERS[name](match, text, start, end, state)
        if res is None:
            continue
        tx = Timex(start, end, text[start:end], res.type, res.value, res.start, res.end, res.prec)
        out.append(tx)
        if (
            res.anchor
            and res.start is not None
            and res.prec is not None
            and not _END_POINT.search(text, max(0, start - 40), start)
        ):
            state.remember(res.start, res.end or res.start, res.prec, start)
    return _date_clock_times(text, out)


_CLOCK_VALUE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|XXXX-XX-XX)T(\d{2}:\d{2})$")
_CLOCK_GLUE = re.compile(r"^[\s,]*(?:on|of)?\s*(?:the\s+)?$", re.I)


def _date_clock_times(text: str, tagged: list[Timex]) -> list[Timex]:
    """Give "at 3 a.m. on Sunday" the day written right after the clock time."""
    out = list(tagged)
    for i, t in enumerate(out[:-1]):
        clock = _CLOCK_VALUE.match(t.value) if t.type == "TIME" else None
        nxt = out[i + 1]
        if clock is None or nxt.precision != "day" or nxt.date_start is None:
            continue
        if not _CLOCK_GLUE.match(text[t.end : nxt.start]):
            continue
        day = nxt.date_start
        value = f"{day.isoformat()}T{clock.group(1)}"
        out[i] = Timex(t.start, t.end, t.text, "TIME", value, day, day, "day")
    return out


def latest_window_before(timexes: Sequence[Timex], offset: int) -> DateWindow | None:
    """The window of the last dated expression ending at or before `offset`.

    What a sentence without its own date inherits in narrative prose ("On October 29 ...
    Pakistan announced ..."): event_merge gives it to an event with no date of its own.
    """
    for t in reversed(timexes):
        if t.end <= offset and t.date_start and t.date_end and t.precision and t.type != "SET":
            return DateWindow(t.date_start, t.date_end, t.precision)
    return None


def _select(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """All pattern matches, overlaps settled longest-first, returned in document order.

    A match the grammar rejects (a modal "may", a lowercase weekday) leaves its
    characters free for shorter matches.
    """
    found: list[tuple[int, int, int, int, str, re.Match[str]]] = []
    windows = _trigger_windows(text)
    for order, (name, rx) in enumerate(COMPILED):
        needs = PATTERN_KINDS[name]
        spans = [(lo, hi) for lo, hi, kinds in windows if needs & kinds]
        for m in (m for lo, hi in spans for m in rx.finditer(text, lo, hi)):
            span = rv.trim(name, m, text)
            if span is not None and span[1] > span[0]:
                found.append((span[0] - span[1], order, span[0], span[1], name, m))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    taken = bytearray(len(text))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for _, _, start, end, name, m in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, name, m))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _trigger_windows(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Merged stretches of text around trigger words, widened to whole words, with the
    kinds of trigger each holds.

    Matches are searched only inside these (look-behind still sees the full text), so
    a match is never cut: every pattern holds a trigger of its kind within its reach.
    """
    windows: list[tuple[int, int, frozenset[str]]] = []
    n = len(text)
    for w in _WORDS.finditer(text):
        word = w.group(0)
        kinds = _DIGIT if word[0].isdigit() else TRIGGER_KINDS.get(word.lower())
        if kinds is None:
            continue
        lo, hi = w.start() - TRIGGER_REACH, w.end() + TRIGGER_REACH
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi, windows[-1][2] | kinds)
        else:
            windows.append((lo, hi, kinds))
    out: list[tuple[int, int, frozenset[str]]] = []
    for lo, hi, kinds in windows:
        # Widen to whole words: a window never starts or ends inside a word.
        lo = max(0, lo)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(n, hi)
        while hi < n and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi, out[-1][2] | kinds)
        else:
            out.append((lo, hi, kinds))
    return out


_WORDS = re.compile(r"[^\W_]+")
_DIGIT = frozenset({"digit"})
