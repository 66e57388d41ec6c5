"""Datelines and the lines of a report that date nothing.

A dateline ("PESHAWAR, Pakistan (AP) —", "Peshawar, Mar 16 (PTI)", "RAWALPINDI, 22
September 2025:") says where the reporter filed from and, with a day, anchors
"today" and "yesterday". A digest's source lines ("(Dawn website, Islamabad, in
English 3 Feb 25)") and a bare clock time ("at around 10 p.m.") date no event.
"""

from __future__ import annotations

import re
from datetime import date

SOURCE_LINE = re.compile(
    r"\((?=[^()]{0,120}\b(?:website|TV|[Rr]adio|news agency|newspaper|in English|in Urdu"
    r"|in Pashto|in Dari|in Hindi|in Persian)\b)[^()]{0,160}\d{1,2}\s+[A-Z][a-z]{2}\w*\s+\d{2,4}\)"
)


# "at around 10 p.m.": a time of day with no day of its own says when in the day, not
# which day (its day would only be the report's)
CLOCK_ONLY = re.compile(
    r"\s*\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?|hrs|hours|gmt|utc|pkt|pst|local\s+time)?\s*"
    r"|\s*(?:noon|midnight|midday)\s*",
    re.IGNORECASE,
)


# "ISLAMABAD (Kashmir English):", "PESHAWAR, Oct 12 (Reuters) -", "Karachi, Jul 13 (PTI)",
# "Rajouri/Jammu, Dec 3 (PTI)", "ISLAMABAD/KABUL, May 18 (Reuters) -", "Islamabad, Pakistan –":
# where the reporter files from, a place of last resort for the events.
DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'’/-]{2,40}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:/[A-Z][a-z]+)?"
    # "Islamabad, Pakistan –", as Al Jazeera writes it
    # "Kabul (AFP) -"
    r"(?=,\s*[A-Z][a-z]{2,8}\.?\s+\d|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*[—–-]\s"
    r"|\s*\([A-Z][A-Za-z .]{1,20}\)\s*[—–-]\s"
    # "Jammu: An Army soldier was killed ..."
    r"|:\s))"
    # ", Pakistan" / ", Afghanistan" after the city, as AP and AFP write it
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*[,(—–-]))?"
    r"(?:,\s*(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,\s*\d{4})?"
    r"|,\s*(?P<day2>\d{1,2})\s+(?P<mon2>[A-Z][a-z]{2,8})\.?(?:,?\s*\d{4})?)?"
    r"(?:\s*\([^)]{0,60}\))?\s*(?:[:—–-]|(?<=\))\s)"
)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def find_dateline(text: str, title: str | None) -> tuple[int, re.Match[str]] | None:
    """The dateline at the start of the body (after the title when the text has one),
    as its offset in ``text`` and its match on the text from there."""
    m = DATELINE.match(text)
    if m is not None:
        return 0, m
    head = (title or "").strip()
    if head and text.startswith(head):
        rest = len(head) + len(text[len(head) :]) - len(text[len(head) :].lstrip())
        m = DATELINE.match(text[rest:])
        if m is not None:
            return rest, m
    return None


def dateline_day(m: re.Match[str], published: date | None) -> date | None:
    """The filing day a dateline gives ("Peshawar, Mar 16 (PTI)"), in the year of
    publication, when it lies within three days before publication (or the day after)."""
    mon, day_text = m.group("mon") or m.group("mon2"), m.group("day") or m.group("day2")
    if published is None or not mon:
        return None
    month = _MONTHS.get(mon[:3].lower())
    if month is None:
        return None
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            day = date(year, month, int(day_text))
        except ValueError:
            continue
        if -1 <= (published - day).days <= 3:
            return day
    return None


_SOURCE_DAY = re.compile(
    r"\((?P<outlet>[^(),]{1,60}?)(?:\s+website|\s+TV|,)[^()]*?(?P<day>\d{1,2})\s+(?P<mon>[A-Z][a-z]{2})\w*\s+(?P<year>\d{2,4})\)"
)


def source_line(text: str, at: int) -> tuple[str, date] | None:
    """The outlet and day of the source line closing the digest item around ``at``
    ("(Dawn website, Karachi, in English 4 Apr 25)")."""
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    item = text[start + 1 if start >= 0 else 0 : end if end >= 0 else len(text)]
    for m in SOURCE_LINE.finditer(item):
        d = _SOURCE_DAY.match(item, m.start())
        if d is None:
            continue
        month = _MONTHS.get(d.group("mon").lower())
        year = int(d.group("year"))
        year += 2000 if year < 100 else 0
        try:
            return d.group("outlet").strip(), date(year, month or 0, int(d.group("day")))
        except ValueError:
            return None
    return None
