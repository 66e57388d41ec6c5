"""What each temporal pattern means: TimeML type, value and calendar window.

One handler per pattern in `timex_rules.PATTERNS`. Handlers read the DCT and the
anchors (the last dates the text mentioned) from `Anchors`; `trim` runs first, when
overlaps are settled, and decides the span (prepositions are not part of a TIMEX3)
or rejects the match (a modal "may", a lowercase weekday).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from truce.extract.timex_rules import (
    FUTURE_MARKERS,
    MONTHS,
    PARTS_OF_DAY,
    PAST_MARKERS,
    SEASONS,
    WEEKDAYS,
    add_months,
    duration_value,
    month_window,
    number_value,
    safe_date,
    unit_name,
    week_value,
    week_window,
)

_PREPOSITIONS = frozenset(
    {"in", "since", "during", "until", "till", "by", "from", "through", "of", "before", "after",
     "between", "and", "to", "the", "on"}
)  # fmt: skip
_DURATION_A_OK = frozenset(
    {"for", "within", "over", "after", "in", "about", "nearly", "almost", "than", "past", "last",
     "the", "of", "under", "least", "around", "some", "next", "first", "only", "just", "once"}
)  # fmt: skip
#: "A few days" after an anchor: the window a reader would accept (2 to 13 days on).
_VAGUE_DAYS = (2, 13)
_WORD = re.compile(r"[A-Za-z']+")


@dataclass
class Anchors:
    """Resolution state while reading a document in order."""

    dct: date | None
    day: date | None = None  # last mentioned day (for "the next day")
    window: tuple[date, date, str] | None = None  # last mentioned window of any precision
    day_pos: int = -1  # where the last mentioned day was written

    def remember(self, start: date, end: date, precision: str, pos: int) -> None:
        self.window = (start, end, precision)
        if precision == "day":
            self.day = start
            self.day_pos = pos

    def ref_day(self) -> date | None:
        """The date anaphora count from: the last mentioned day, else the DCT."""
        return self.day if self.day is not None else self.dct

    def ref_window(self) -> tuple[date, date, str] | None:
        if self.window is not None:
            return self.window
        return (self.dct, self.dct, "day") if self.dct is not None else None


@dataclass(frozen=True)
class Resolved:
    type: str
    value: str
    start: date | None = None
    end: date | None = None
    prec: str | None = None
    anchor: bool = False  # a mentioned date that later anaphora may count from


Handler = Callable[[re.Match[str], str, int, int, Anchors], Resolved | None]


def _pod_of(podof: str | None) -> str | None:
    """The part of day in "the night of " / "night " (ISPR's "night 5/6 September")."""
    words = [w for w in (podof or "").split() if w.lower() not in ("the", "of")]
    return words[-1] if words else None


def _g(m: re.Match[str], name: str) -> str | None:
    """Group text, tolerating groups a pattern does not have."""
    try:
        return m.group(name)
    except IndexError:
        return None


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s.lower()).strip() if s else ""


def _prev_word(text: str, pos: int) -> str:
    words = _WORD.findall(text[max(0, pos - 30) : pos])
    return words[-1].lower() if words else ""


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def trim(name: str, m: re.Match[str], text: str) -> tuple[int, int] | None:
    """The span a match tags, or None where the words are not temporal here."""
    start, end = m.start(), m.end()
    mod = _norm(_g(m, "mod"))
    if name in ("month", "year") and mod in _PREPOSITIONS:
        start = m.start("mon") if name == "month" else m.start("y")
    if name in ("md", "dm", "my", "month"):
        mon = m.group("mon")
        if mon.lower() in ("may", "march", "mar") and not _capitalised(mon):
            return None
        if name == "month" and not _capitalised(mon):
            return None
        if name == "month" and mon.lower() in ("may", "march") and not mod:
            return None
    if name == "weekday" and not _capitalised(m.group("wd")):
        return None
    if name == "season" and m.group("season").lower() == "fall" and not (mod or m.group("y")):
        return None
    if (
        name == "duration"
        and _norm(m.group("num")) in ("a", "an", "some", "many")
        and _prev_word(text, start) not in _DURATION_A_OK
    ):
        return None
    if (
        name == "relunit"
        and _norm(m.group("mod")) in ("the last", "last", "past")
        and (m.group("unit").lower() == "day")
    ):
        return None
    if name == "ref":
        word = _norm(m.group(0))
        if word == "the moment" and _prev_word(text, start) != "at":
            return None
    if name == "dm" and m.group("y") is None and text[end - 1] == "." and len(m.group("mon")) > 4:
        end -= 1  # the sentence's full stop, not an abbreviation's
    if name == "year" and mod == "the":
        start = m.start("y")
    return start, end


# --- tense: a weekday or month without a year resolves backwards unless the clause is future.


# What one agrees, plans or promises "to" do is still to come.
_TO_MEET = frozenset(
    {"meet", "hold", "resume", "reconvene", "visit", "sign", "return", "reopen", "convene",
     "travel", "host"}
)  # fmt: skip


def _tense(text: str, start: int, end: int) -> str:
    """'future' or 'past' from the nearest tense cue around the expression, 'unknown'
    when there is none (read as past, more weakly)."""
    before = text[max(0, start - 80) : start]
    cut = max(before.rfind(". "), before.rfind("\n"))
    before = before[cut + 1 :] if cut >= 0 else before
    after = text[end : end + 50]
    cut_after = min((i for i in (after.find(". "), after.find("\n")) if i >= 0), default=-1)
    after = after[:cut_after] if cut_after >= 0 else after
    windows = (_WORD.findall(before)[::-1][:8], _WORD.findall(after)[:5])
    for words in windows:
        for i, w in enumerate(words):
            low = w.lower()
            if low in FUTURE_MARKERS:
                return "future"
            if words is windows[0] and low == "to" and i > 0 and words[i - 1].lower() in _TO_MEET:
                return "future"  # "agreed to meet again in Doha on Feb. 10"
            if low in PAST_MARKERS or (low.endswith("ed") and len(low) > 4):
                # "will be held on": a past form under a future marker is no firm past
                future = any(x.lower() in FUTURE_MARKERS for ws in windows for x in ws)
                return "unknown" if future else "past"
    return "unknown"


def _infer_year(dct: date, month: int, day: int | None, tense: str, weekday: int | None) -> int:
    """The year that puts month(/day) nearest the DCT, biased towards the clause's tense."""
    best: tuple[int, int, int] | None = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        if day is not None:
            d = safe_date(year, month, day)
            if d is None:
                continue
            delta = (d - dct).days
        else:
            d = None
            delta = ((year * 12 + month) - (dct.year * 12 + dct.month)) * 30
        wrong_way = (delta > 0 and tense != "future") or (delta < 0 and tense == "future")
        # "On January 9, three terrorists were killed" in a December report: a told past
        # is last January, however near the next one is; with no cue the bias is weaker
        # (a firm past a week ahead, "was signed in Doha on 19 October" in a 13 October
        # report, is last year's: only a day's slack for a report filed late)
        weight = 400 if tense == "past" and delta > 1 else 4
        score = abs(delta) * (weight if wrong_way else 1)
        mismatch = 1 if (weekday is not None and d is not None and d.weekday() != weekday) else 0
        key = (mismatch, score, -year)
        if best is None or key < best:
            best = key
            chosen = year
    return chosen if best is not None else dct.year


# --- builders


def _day(d: date, pod: str | None = None) -> Resolved:
    if pod:
        code = PARTS_OF_DAY[pod.lower()]
        end = d + timedelta(days=1) if code == "NI" else d
        return Resolved("TIME", f"{d.isoformat()}T{code}", d, end, "day", True)
    return Resolved("DATE", d.isoformat(), d, d, "day", True)


def _unresolved_day(pod: str | None = None) -> Resolved:
    if pod:
        return Resolved("TIME", f"XXXX-XX-XXT{PARTS_OF_DAY[pod.lower()]}")
    return Resolved("DATE", "XXXX-XX-XX")


def _week(d: date) -> Resolved:
    s, e = week_window(d)
    return Resolved("DATE", week_value(d), s, e, "week", True)


def _month(year: int, month: int) -> Resolved:
    s, e = month_window(year, month)
    return Resolved("DATE", f"{year:04d}-{month:02d}", s, e, "month", True)


def _year(year: int) -> Resolved:
    return Resolved("DATE", f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year", True)


def _shift(unit: str, base: date, n: int) -> Resolved:
    """The `unit` holding `base` moved by n units (last week, the following month ...)."""
    if unit == "day":
        return _day(base + timedelta(days=n))
    if unit == "week":
        return _week(base + timedelta(days=7 * n))
    if unit == "weekend":
        sat = base + timedelta(days=7 * n + (5 - base.weekday()))
        return Resolved("DATE", week_value(sat) + "-WE", sat, sat + timedelta(days=1), "week", True)
    if unit == "month":
        d = add_months(base, n)
        return _month(d.year, d.month)
    if unit == "decade":
        first = (base.year // 10 + n) * 10
        return Resolved(
            "DATE", str(first // 10), date(first, 1, 1), date(first + 9, 12, 31), "year", True
        )
    return _year(base.year + n)


def _unresolved(unit: str) -> Resolved:
    value = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX"}
    return Resolved("DATE", value.get(unit, "XXXX"))


def _window_precision(start: date, end: date) -> str:
    days = (end - start).days + 1
    return "day" if days <= 1 else "week" if days <= 7 else "month" if days <= 31 else "year"


# --- handlers, one per pattern


def _iso(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    d = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return None
    if m.group("hh"):
        return Resolved(
            "TIME", f"{d.isoformat()}T{m.group('hh')}:{m.group('mm')}", d, d, "day", True
        )
    return _day(d)


def _slash(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    first, second, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    # Day first (the convention of the region's press) unless only month-first is a date.
    d = safe_date(year, second, first) or safe_date(year, first, second)
    return _day(d) if d else None


def _month_day(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    month = MONTHS[m.group("mon").lower().rstrip(".")]
    day = int(m.group("d"))
    podof = _g(m, "podof")
    pod = _g(m, "pod") or _pod_of(podof)
    if pod is not None and pod.lower() == "hours":  # "the early hours of"
        pod = "morning"
    wdp = _g(m, "wdp")
    ytext = m.group("y")
    if ytext:
        year = int(ytext.lstrip("'"))
        year = year if len(ytext.lstrip("'")) == 4 else (2000 + year if year < 50 else 1900 + year)
    elif a.dct is not None and _g(m, "ly"):
        year = a.dct.year + _REL_YEARS[(_g(m, "ly") or "").lower()]
    elif a.dct is not None:
        weekday = WEEKDAYS[wdp.lower()] if wdp else None
        year = _infer_year(a.dct, month, day, _tense(text, s, e), weekday)
    else:
        return Resolved("TIME" if pod else "DATE", f"XXXX-{month:02d}-{day:02d}")
    d = safe_date(year, month, day)
    if d is None:
        return None
    first = _g(m, "d1")
    last = _g(m, "d2") or _g(m, "d3")
    if first or last:  # "October 11-12", "11 to 13 October": one window over the days
        lo = safe_date(year, month, int(first)) if first else d
        hi = d if first else safe_date(year, month, int(last or 0))
        if lo is not None and hi is not None and lo < hi and (hi - lo).days <= 14:
            res = _day(lo, pod)
            return Resolved(res.type, res.value, lo, hi, "day", True)
    return _day(d, pod)


_REL_YEARS = {"last": -1, "this": 0, "next": 1}


def _month_year(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    return _month(int(m.group("y")), MONTHS[m.group("mon").lower().rstrip(".")])


def _month_only(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    month = MONTHS[m.group("mon").lower()]
    mod = _norm(m.group("mod"))
    if a.dct is None:
        return Resolved("DATE", f"XXXX-{month:02d}")
    tense = {"last": "past", "next": "future", "earlier this": "past"}.get(mod) or _tense(
        text, s, e
    )
    if mod == "this":
        return _month(a.dct.year, month)
    if _g(m, "ly"):
        return _month(a.dct.year + _REL_YEARS[(_g(m, "ly") or "").lower()], month)
    year = _infer_year(a.dct, month, None, tense, None)
    if mod == "last" and (year, month) >= (a.dct.year, a.dct.month):
        year -= 1
    if mod == "next" and (year, month) <= (a.dct.year, a.dct.month):
        year += 1
    whole = _month(year, month)
    part = _MONTH_PARTS.get(mod)
    if part is None or whole.end is None:
        return whole
    # "mid-October": TimeML keeps the month as the value (mod MID); the window is its
    # middle third, so an event dated by it does not start on the 1st
    lo = date(year, month, part[0])
    hi = min(whole.end, date(year, month, part[1]) if part[1] <= whole.end.day else whole.end)
    return Resolved(whole.type, whole.value, lo, hi, "month", True)


# Thirds of a month for "early/mid/late October" (days, the last clipped to the month).
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def _year_only(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    return _year(int(m.group("y")))


def _decade(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    first = int(m.group("dec")) * 10
    return Resolved("DATE", m.group("dec"), date(first, 1, 1), date(first + 9, 12, 31), "year")


def _season(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    code = SEASONS[m.group("season").lower()]
    mod = _norm(m.group("mod"))
    if m.group("y"):
        year = int(m.group("y"))
    elif a.dct is None:
        return Resolved("DATE", f"XXXX-{code}")
    else:
        # January's winter began the year before.
        current = a.dct.year - (1 if code == "WI" and a.dct.month <= 2 else 0)
        year = current + {"last": -1, "next": 1}.get(mod, 0)
    first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    start = date(year, first_month, 1)
    end = add_months(start, 3) - timedelta(days=1)
    return Resolved("DATE", f"{year:04d}-{code}", start, end, "month", True)


def _deictic(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    words = _norm(m.group(0)).split()
    pod = m.group("pod")
    if words[:2] == ["last", "night"] or words[0] == "overnight":
        # a report's "overnight" is the night that ended as it was written
        offset, pod = -1, "night"
    elif words[0] == "this":
        offset, pod = 0, words[1]
    elif words[0] == "tonight":
        offset, pod = 0, "night"
    elif words[0] == "the":
        offset = -2 if words[3] == "yesterday" else 2
    else:
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[words[0]]
    if a.dct is None:
        return _unresolved_day(pod)
    return _day(a.dct + timedelta(days=offset), pod)


def _weekday(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    wd = WEEKDAYS[m.group("wd").lower()]
    podof = _g(m, "podof")
    pod = m.group("pod") or _pod_of(podof)
    if pod is not None and pod.lower() == "hours":  # "the early hours of Monday"
        pod = "morning"
    mod = _norm(m.group("mod"))
    if a.dct is None:
        return Resolved("TIME" if pod else "DATE", f"XXXX-WXX-{wd + 1}" + (
            f"T{PARTS_OF_DAY[pod.lower()]}" if pod else ""))  # fmt: skip
    back = (a.dct.weekday() - wd) % 7
    ahead = (wd - a.dct.weekday()) % 7
    if _g(m, "lw"):  # "Wednesday last week", "Thursday of last week": that week's day
        offset = wd - a.dct.weekday() - 7
    elif mod == "last":
        offset = -(back or 7)
    elif mod == "next" or mod == "coming":
        offset = ahead or 7
    elif mod == "past":
        offset = -back
    elif _tense(text, s, e) == "future":
        offset = ahead if mod == "this" else (ahead or 7)
    else:
        offset = -back
    return _day(a.dct + timedelta(days=offset), pod)


def _relunit(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    mod = _norm(m.group("mod"))
    unit = m.group("unit").lower()
    if unit in ("night", "morning", "afternoon", "evening"):
        base = {"that": 0, "the same": 0, "the next": 1, "the following": 1, "next": 1}.get(mod)
        if base is None:
            base = -1 if mod in ("the previous", "the preceding", "last", "the last") else None
        if base is None:
            return None
        ref = a.dct if mod == "last" else a.ref_day()
        return _day(ref + timedelta(days=base), unit) if ref else _unresolved_day(unit)
    if unit == "fortnight" or mod in ("the past", "the last"):
        return Resolved("DURATION", duration_value(1, unit if unit != "weekend" else "week"))
    deictic = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0,
               "earlier this": 0, "later this": 0, "next": 1, "coming": 1, "the coming": 1}  # fmt: skip
    anaphoric = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1,
                 "that": 0, "the same": 0}  # fmt: skip
    if mod in deictic:
        return _shift(unit, a.dct, deictic[mod]) if a.dct else _unresolved(unit)
    if unit == "day":
        ref = a.ref_day()
    else:
        window = a.ref_window()
        ref = window[0] if window else None
    if ref is None:
        return _unresolved(unit)
    return _shift(unit, ref, anaphoric.get(mod, 0))


def _dayrel(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    pod = m.group("pod").lower()
    offset = 1 if m.group("dir").lower() == "after" else -1
    ref = a.ref_day()
    pod_or_none = None if pod == "day" else pod
    if ref is None:
        return _unresolved_day(pod_or_none)
    return _day(ref + timedelta(days=offset), pod_or_none)


def _relative(
    n: int | None, unit: str, ref: date | None, sign: int, vague_base: date | None
) -> Resolved:
    """A date n units from ref ("two days later", "three weeks ago")."""
    if n is None:
        if unit == "day" and vague_base is not None:
            lo, hi = _VAGUE_DAYS
            s = vague_base + timedelta(days=sign * (lo if sign > 0 else hi))
            e = vague_base + timedelta(days=sign * (hi if sign > 0 else lo))
            return Resolved("DURATION", duration_value(None, unit), s, e, _window_precision(s, e))
        return Resolved("DURATION", duration_value(None, unit))
    if ref is None:
        return _unresolved("day" if unit in ("second", "minute", "hour") else unit)
    if unit in ("second", "minute", "hour", "day"):
        hours = {"second": 0, "minute": 0, "hour": n, "day": 24 * n}[unit]
        return _day(ref + timedelta(hours=sign * hours))
    if unit == "week":
        return _day(ref + timedelta(days=sign * 7 * n)) if sign > 0 else _week(
            ref - timedelta(days=7 * n))  # fmt: skip
    if unit == "fortnight":
        return _week(ref + timedelta(days=sign * 14 * n))
    if unit == "month":
        d = add_months(ref, sign * n)
        return _month(d.year, d.month)
    step = {"year": 1, "decade": 10, "century": 100}[unit]
    return _year(ref.year + sign * step * n)


def _ago(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    unit = unit_name(m.group("unit"))
    return _relative(number_value(m.group("num")), unit, a.dct, -1, a.dct)


def _later(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    unit = unit_name(m.group("unit"))
    direction = _norm(m.group("dir"))
    sign = -1 if direction in ("earlier", "before that") else 1
    if unit in ("second", "minute", "hour", "day", "week"):
        ref = a.ref_day()
    else:
        window = a.ref_window()
        ref = window[0] if window else None
    return _relative(number_value(m.group("num")), unit, ref, sign, ref)


def _span(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    unit = unit_name(m.group("unit"))
    num = _g(m, "num")
    mod = m.group("mod").lower()
    future = mod == "coming" or (mod == "next" and m.group("the"))
    if num is None and future and unit in ("day", "week", "month", "year"):
        return Resolved("DATE", "FUTURE_REF")
    if num is None and mod == "recent":
        return Resolved("DATE", "PAST_REF")
    return Resolved("DURATION", duration_value(number_value(num) if num else None, unit))


def _duration(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    unit = unit_name(m.group("unit"))
    return Resolved("DURATION", duration_value(number_value(m.group("num")), unit))


def _bare_plural(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    return Resolved("DURATION", duration_value(None, unit_name(m.group("unit"))))


def _ref(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    word = _norm(m.group(0))
    if word in ("recently", "lately", "the past"):
        return Resolved("DATE", "PAST_REF")
    if word in ("soon", "the future"):
        return Resolved("DATE", "FUTURE_REF")
    if a.dct is None:
        return Resolved("DATE", "PRESENT_REF")
    return Resolved("DATE", "PRESENT_REF", a.dct, a.dct, "day")


def _set(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    unit = (m.group("unit") or m.group("per") or "").lower()
    adv = (m.group("adv") or "").lower()
    if unit in WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}")
    if unit in PARTS_OF_DAY or adv == "nightly":
        return Resolved("SET", f"T{PARTS_OF_DAY[unit or 'night']}")
    letter = {"day": "D", "daily": "D", "week": "W", "weekly": "W", "month": "M",
              "monthly": "M", "year": "Y", "annually": "Y", "yearly": "Y"}  # fmt: skip
    return Resolved("SET", f"P1{letter.get(unit or adv, 'D')}")


def _clock(m: re.Match[str], text: str, s: int, e: int, a: Anchors) -> Resolved | None:
    named = (m.group("named") or "").lower()
    if named:
        hour, minute = (0, 0) if named == "midnight" else (12, 0)
    elif m.group("h"):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= hour <= 12:
            return None
        pm = m.group("ampm").lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    else:
        hour, minute = int(m.group("h2")), int(m.group("m2"))
    # The clock time belongs to the day last mentioned in the same sentence, else the DCT.
    sentence_start = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
    day = a.day if (a.day is not None and a.day_pos >= sentence_start) else a.dct
    if day is None:
        return Resolved("TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}")
    return Resolved("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", day, day, "day")


HANDLERS: dict[str, Handler] = {
    "iso": _iso, "slash": _slash, "md": _month_day, "dm": _month_day, "my": _month_year,
    "month": _month_only, "year": _year_only, "decade": _decade, "season": _season,
    "deictic": _deictic, "weekday": _weekday, "relunit": _relunit, "dayrel": _dayrel,
    "ago": _ago, "later": _later, "span": _span, "spanpl": _span, "duration": _duration,
    "bareplural": _bare_plural, "ref": _ref, "set": _set, "clock": _clock,
}  # fmt: skip
