"""Lexicons, patterns and calendar arithmetic for the temporal tagger (`truce.extract.timex`).

Kept apart from the tagger so the grammar (what text is a temporal expression) can be
read on its own; the tagger decides what each match means and resolves it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "couple": 2, "a couple of": 2, "couple of": 2,
}  # fmt: skip
VAGUE_NUMBERS = frozenset({"few", "a few", "several", "some", "many", "a number of"})
#: TimeML unit letter per unit word; durations below a day take the "T" prefix.
UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
    "month": "M", "year": "Y", "decade": "DE", "century": "CE",
}  # fmt: skip
TIME_UNITS = frozenset({"second", "minute", "hour"})
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "noon": "MI",
}
SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}

_MONTH_ALT = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_MONTH_FULL_ALT = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|sept)"
)
_WEEKDAY_ALT = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_POD_ALT = r"(?:morning|afternoon|evening|night)"
_NUMBER_WORD_ALT = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
)
_NUM = (
    rf"(?:\d{{1,3}}(?:\.5)?|{_NUMBER_WORD_ALT}|a\s+couple\s+of|couple\s+of|a\s+few|few|several"
    r"|some|many|a\s+number\s+of|a|an)"
)
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ies))"
# "the night of" / "Monday," style prefixes that TimeML keeps inside the expression.
_POD_OF = rf"(?P<podof>(?:the\s+)?(?:early\s+hours|{_POD_ALT})\s+(?:of\s+|(?=\d)))?"
_WD_PREFIX = rf"(?:(?P<wdp>{_WEEKDAY_ALT}),?\s+)?"
_POD_SUFFIX = rf"(?:\s+(?P<pod>{_POD_ALT}))?"
_ORD = r"(?:st|nd|rd|th)?"
# "in March last year", "May 10 last year": the month or day in the year before the report
_REL_YEAR = r"(?:,?\s+(?:of\s+)?(?P<ly>last|this|next)\s+year\b)?"

# Each pattern names the handler that interprets it; overlapping matches are settled
# longest-first by the tagger, so a general pattern ("days") never beats a specific one.
PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?<![\d/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:T(?P<hh>\d{2}):(?P<mm>\d{2}))?(?![\d-])"),
    ("slash", r"(?<![\d/.-])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?![\d/-]|\.\d)"),
    ("md", rf"{_POD_OF}{_WD_PREFIX}(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*[-–]\s*(?P<d2>\d{{1,2}}){_ORD}(?![\d:%])|\s+(?:to|and)\s+(?P<d3>\d{{1,2}}){_ORD}(?![\d:%])(?!\s+[a-z]))?(?![\d:%])(?!\s*(?:,\d|\.\d))(?:,?\s+(?P<y>\d{{4}})(?!\d))?{_POD_SUFFIX}{_REL_YEAR}\b"),
    ("dm", rf"{_POD_OF}{_WD_PREFIX}(?<![\d.,])(?:(?P<d1>\d{{1,2}}){_ORD}\s*(?:-|–|/|to|and)\s*)?(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH_ALT})\b\.?(?:,?\s+(?P<y>\d{{4}}|'?\d{{2}})(?![\d:]))?{_REL_YEAR}"),
    ("my", rf"(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})(?!\d)"),
    ("month", rf"(?:(?P<mod>early|mid|late|last|this|next|earlier\s+this|in|since|during|until|till|by|from|through|of|before|after|between|and)[\s-]+)?(?P<mon>{_MONTH_FULL_ALT})\b{_REL_YEAR}"),
    ("year", r"(?:(?P<mod>early|mid|late|in|since|during|until|till|by|from|of|before|after|between|and|to|the)[\s-]+)?(?<![\d$£€,./-])(?P<y>(?:19|20)\d{2})(?![\d%-]|[,.]\d|\s*(?:people|persons|troops|soldiers|militants|civilians|men|women|children|families|km|kilometres|kilometers|metres|meters|feet|rupees|dollars|tonnes|tons)\b)"),
    ("decade", r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<dec>(?:19|20)\d)0s\b"),
    ("season", r"(?:(?P<mod>last|this|next|early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|winter|fall)(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b"),
    ("deictic", rf"(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow|tonight|last\s+night|overnight|this\s+(?:morning|afternoon|evening))(?:\s+(?P<pod>{_POD_ALT}))?\b"),
    ("weekday", rf"{_POD_OF}(?:(?P<mod>last|this|next|past|coming|early|late)\s+)?(?P<wd>{_WEEKDAY_ALT})(?:'s)?{_POD_SUFFIX}(?P<lw>,?\s+(?:of\s+)?(?:last|the\s+previous|the\s+past)\s+week)?\b"),
    ("relunit", r"(?P<mod>the\s+(?:past|last|previous|following|next|coming|same|preceding)|last|past|previous|next|this|current|coming|earlier\s+this|later\s+this|that|the\s+same)\s+(?P<unit>day|weekend|week|fortnight|month|year|decade|night|morning|afternoon|evening)\b"),
    ("dayrel", rf"the\s+(?P<pod>day|{_POD_ALT})\s+(?P<dir>before|after|earlier|prior)\b(?!\s+(?:yesterday|tomorrow|\w+ing)\b)"),
    ("ago", rf"(?P<num>{_NUM})\s+(?P<unit>{_UNIT})s?\s+ago\b"),
    ("later", rf"(?P<num>{_NUM})\s+(?P<unit>{_UNIT})s?\s+(?P<dir>later|earlier|afterwards|after\s+that|before\s+that)\b"),
    ("span", rf"(?P<the>the\s+)?(?P<mod>past|last|next|coming|previous|recent|following)\s+(?P<num>{_NUM})\s+(?P<unit>{_UNIT})s?\b"),
    ("spanpl", rf"(?P<the>the\s+)?(?P<mod>past|last|next|coming|previous|recent|following)\s+(?P<unit>{_UNIT})s\b"),
    ("duration", rf"(?!an?[-\s]+{_UNIT}s\b)(?P<num>{_NUM})[-\s]+(?P<unit>{_UNIT})s?(?:[-\s]+long)?\b"),
    ("bareplural", r"(?P<unit>(?:second|minute|hour|day|week|month|year|decade)s|centuries)\b"),
    ("ref", r"(?:recently|lately|nowadays|currently|presently|at\s+present|now|soon|the\s+past|the\s+future|the\s+moment)\b"),
    ("set", rf"(?:(?:every|each)\s+(?P<unit>day|night|week|month|year|morning|evening|{_WEEKDAY_ALT})|(?P<adv>daily|weekly|monthly|annually|yearly|nightly)|(?P<times>once|twice|thrice|\w+\s+times)\s+(?:a|per|every)\s+(?P<per>day|week|month|year))\b"),
    ("clock", r"(?<![\d:.])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)|(?<![\d:.])(?P<h2>[01]\d|2[0-3]):?(?P<m2>[0-5]\d)\s*(?P<zone>hrs|hours|gmt|utc|pst|pkt|local\s+time)\b|\b(?P<named>noon|midnight|midday)\b"),
]  # fmt: skip
COMPILED: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(r"\b" + pattern if not pattern.startswith("(?<") else pattern, re.I))
    for name, pattern in PATTERNS
]

# Every pattern holds a word of one of these kinds (or a digit); the tagger runs a pattern
# only near such a word, which keeps long articles with few dates cheap.
_KIND_WORDS: dict[str, str] = {
    "month": " ".join(MONTHS),
    "weekday": " ".join(WEEKDAYS),
    "deictic": "today yesterday tomorrow tonight overnight night morning afternoon evening",
    "unit": "second minute hour day week fortnight month year decade century centuries",
    "season": " ".join(SEASONS),
    "ref": "recently lately nowadays currently presently present now soon past future moment",
    "set": "daily weekly monthly annually yearly nightly",
    "noon": "noon midnight midday",
}
TRIGGER_KINDS: dict[str, frozenset[str]] = {}
for _kind, _words in _KIND_WORDS.items():
    for _word in _words.split():
        for _form in (_word, _word + "s"):
            TRIGGER_KINDS[_form] = TRIGGER_KINDS.get(_form, frozenset()) | {_kind}
#: Which trigger kinds a pattern needs near it ("digit" for a word starting with one).
PATTERN_KINDS: dict[str, frozenset[str]] = {
    name: frozenset(kinds.split())
    for name, kinds in {
        "iso": "digit", "slash": "digit", "md": "month", "dm": "month", "my": "month",
        "month": "month", "year": "digit", "decade": "digit", "season": "season",
        "deictic": "deictic", "weekday": "weekday", "relunit": "unit deictic",
        "dayrel": "unit deictic", "ago": "unit", "later": "unit", "span": "unit",
        "spanpl": "unit", "duration": "unit", "bareplural": "unit", "ref": "ref",
        "set": "unit weekday deictic set", "clock": "digit noon",
    }.items()
}  # fmt: skip
#: How far a pattern may reach from its trigger word, in characters.
TRIGGER_REACH = 48

FUTURE_MARKERS = frozenset(
    {"will", "shall", "'ll", "won't", "due", "scheduled", "upcoming", "planned", "plans",
     "expected", "going", "set", "tomorrow", "next", "would", "may", "might"}
)  # fmt: skip
PAST_MARKERS = frozenset(
    {"said", "was", "were", "had", "did", "ago", "last", "yesterday", "began", "met", "took",
     "left", "came", "went", "saw", "told", "held", "fell", "hit", "shot", "struck", "killed",
     "says", "say", "has", "have", "is", "are"}
)  # fmt: skip


def number_value(word: str) -> int | None:
    """Integer for a numeral written in digits or words; None for vague ones ("a few")."""
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in VAGUE_NUMBERS:
        return None
    if w.replace(".", "", 1).isdigit():
        return int(float(w))
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = re.split(r"[-\s]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def unit_name(word: str) -> str:
    """Singular unit word ("days" -> "day", "centuries" -> "century")."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def duration_value(n: int | None, unit: str) -> str:
    """TimeML duration: P3D, PT48H, P2W, PXD (vague), a fortnight is two weeks."""
    count = "X" if n is None else str(n * 2 if unit == "fortnight" else n)
    return ("PT" if unit in TIME_UNITS else "P") + count + UNITS[unit]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_window(year: int, month: int) -> tuple[date, date]:
    """First and last day of a calendar month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def week_window(day: date) -> tuple[date, date]:
    """Monday..Sunday of the ISO week holding `day`."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def week_value(day: date) -> str:
    """ISO week value, e.g. 2025-W45."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None where the numbers name no calendar day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None
