"""Fatalities: how many died, from numbers in digits or words, and who says so.

Counts are read next to death words ("23 killed", "kills five", "death toll rose
to 130", "at least 23", "23 to 58"). Competing claims are kept as a span: the
conservative (lowest credible) number is ``best`` (ACLED's rule), ``low``/``high``
span the claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Vague plurals take the smallest number they can mean, ACLED's documented rule
# ("tens" 10, "dozens" 12, "hundreds" 100; "scores" by the same rule 20): ``best``
# stays conservative. "Several", "many", "a number of" give no number (null).
_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 12, "scores": 20, "tens": 10,
    "hundred": 100, "hundreds": 100,
}  # fmt: skip
_WORD_NUM = r"(?:(?:a|one|two|three|four|five)\s+dozen|a\s+hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens|hundreds|scores|tens(?=\s+of\b))"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUM})"
_QUAL = r"(?:(?:at least|more than|over|nearly|almost|around|about|some|up to|as many as|fewer than|less than|upwards of)\s+)?"
_RANGE = rf"{_QUAL}(?P<n1>{_NUM})(?:\s*(?:to|-|–|or)\s*(?P<n2>{_NUM}))?"
# Up to five words between the number and the death word: "five Pakistani soldiers killed",
# "two personnel of the Khasadar force were killed".
_NOUNS = r"(?:\s+(?!(?:were|are|have|has|had|and|others|injured|wounded)\b)[\w'’.-]+){0,5}?"
_DEATH_AFTER = r"(?:\s+(?:were|are|have been|had been|was|reportedly|reported|also|allegedly|been|being|confirmed|feared))*\s+(?:killed|dead|died|martyred|slain|shot dead|gunned down|lost their lives|perished|executed|beheaded)"
# A parenthetical between the victims and the verb ("6 militants, including two
# suicide bombers, killed") does not break the count.
_ASIDE = r"(?:\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them)\b[^,;.]{1,60},)?"
_AFTER_RE = re.compile(rf"\b{_RANGE}{_NOUNS}{_ASIDE}{_DEATH_AFTER}\b", re.IGNORECASE)
# A singular victim noun stands for one death ("six militants, soldier killed").
# One list of singular victim nouns for every pattern below (they drifted apart once).
_SINGULAR = r"(?:policeman|policewoman|soldier|official|civilian|man|woman|child|boy|girl|leader|commander|worker|journalist|student|teacher|officer|militant|elder|cleric|judge|lawyer|politician|trooper|guard|driver|doctor|villager|attacker|bomber|jawan|constable|passer-?by)"
_SINGLE_ITEM = rf"(?:an?\s+)?(?:[\w-]+\s+)?{_SINGULAR}"
_LIST_RE = re.compile(
    rf"\b{_QUAL}{_NUM}{_NOUNS}(?:\s*(?:,|,?\s*and)\s*(?:{_QUAL}{_NUM}{_NOUNS}|{_SINGLE_ITEM}))+{_DEATH_AFTER}\b",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,\s*and|,|\band)\s*", re.IGNORECASE)
# "Woman killed in shelling", "A soldier was martyred": one death told without a number.
_SINGLE_SUBJECT_RE = re.compile(
    rf"(?:^|(?<=[;:.])|(?<=^\W))\s*{_SINGLE_ITEM}(?:\s+(?:was|has been|had been|is))?\s+(?:killed|shot dead|gunned down|martyred|slain|dies|died|dead)\b"
    # ... but not the one who killed ("A suicide bomber killed 54 people")
    rf"(?!\s+(?:{_QUAL}{_NUM}|an?|the|his|her|its|their|several|many|people|civilians|soldiers|policemen)\b)",
    re.IGNORECASE,
)
# A party's own claim ("the Taliban claimed 58", "claimed to have killed 58"): it widens
# the range but never sets the best count on its own.
_CLAIM_COUNT_RE = re.compile(
    rf"\bclaim(?:s|ed|ing)?\s+(?:that\s+)?(?:(?:it|they|its fighters)\s+(?:had\s+)?)?(?:to have\s+)?(?:killed\s+)?{_RANGE}",
    re.IGNORECASE,
)
_NUM_RE = re.compile(rf"\b{_NUM}\b", re.IGNORECASE)
_BEFORE_RE = re.compile(
    rf"\b(?:kill(?:s|ed|ing)?|claim(?:s|ed|ing)? the lives of|left|leav(?:es|ing)|shot dead|gunned down|(?:deaths?|killings?|bodies) of)\s+{_RANGE}(?!\s*(?:injured|wounded|hurt)\b)",
    re.IGNORECASE,
)
_TOLL_RE = re.compile(
    rf"\b(?:death toll|toll|fatalities|deaths|number of dead)\b[^.;]{{0,40}}?\b(?:to|at|reached|reaches|stood at|is|was|of)\s+{_RANGE}",
    re.IGNORECASE,
)
# "kills policeman", "killed a soldier and a civilian": singular victims without a number.
_SINGLE_RE = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|shot dead|gunned down)\s+(?:a\s+|an\s+)?(?:(?!\d|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)[\w-]+\s+){0,2}?"
    rf"(?P<noun>{_SINGULAR})\b"
    rf"(?P<more>(?:\s*,\s*|\s+and\s+)(?:a\s+|an\s+)?(?:\w+\s+){{0,2}}?{_SINGULAR}\b)*",
    re.IGNORECASE,
)
_INJURY_RE = re.compile(r"^\s*(?:injured|wounded|hurt)\b", re.IGNORECASE)


def word_number(text: str) -> int | None:
    """A number written in digits or English words ("23", "five", "two dozen", "forty-two")."""
    t = text.lower().replace(",", "").strip()
    if t.isdigit():
        return int(t)
    parts = re.split(r"[\s-]+", t)
    total = 0
    for p in parts:
        if p not in _UNITS:
            return None
        v = _UNITS[p]
        if p in ("dozen", "hundred") and total:
            total *= v
        else:
            total += v
    return total or None


@dataclass(frozen=True)
class DeathCount:
    """One stated count in a sentence: its span and value range."""

    start: int
    end: int
    low: int
    high: int
    claim: bool = False  # one party's own claim ("the Taliban claimed 58")
    report: int = 0  # which sentence/report of the article stated it (set by the pipeline)
    # whose dead: "armed" (militants, attackers), "other" (troops, police, civilians),
    # None when the count does not say or counts both
    side: str | None = None


def death_counts(sentence: str) -> list[DeathCount]:
    """Every death count stated in one sentence, in order, without overlaps."""
    found: list[DeathCount] = []
    for m in _LIST_RE.finditer(sentence):
        total = 0
        for item in _LIST_SPLIT.split(m.group(0)):
            num = _NUM_RE.search(item)
            value = word_number(num.group(0)) if num else None
            total += value if value is not None else 1
        if total:
            found.append(DeathCount(m.start(), m.end(), total, total))
    for m in _CLAIM_COUNT_RE.finditer(sentence):
        n1 = word_number(m.group("n1"))
        if n1 is not None and n1 <= 100000 and not _INJURY_RE.match(sentence[m.end() :]):
            found.append(DeathCount(m.start(), m.end(), n1, n1, claim=True))
    for m in _SINGLE_SUBJECT_RE.finditer(sentence):
        found.append(DeathCount(m.start(), m.end(), 1, 1))
    for rx in (_TOLL_RE, _AFTER_RE, _BEFORE_RE):
        for m in rx.finditer(sentence):
            n1 = word_number(m.group("n1"))
            n2 = word_number(m.group("n2")) if m.group("n2") else None
            if n1 is None or n1 > 100000:
                continue
            if (
                rx is _AFTER_RE
                and m.start("n1") > 0
                and sentence[: m.start("n1")].rstrip().endswith(("/", "on"))
            ):
                continue
            lo, hi = (n1, n2) if n2 is not None and n2 >= n1 else (n1, n1)
            found.append(DeathCount(m.start(), m.end(), lo, hi))
    for m in _SINGLE_RE.finditer(sentence):
        n = 1 + len(re.findall(r",|\band\b", m.group("more") or ""))
        found.append(DeathCount(m.start(), m.end(), n, n))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DeathCount] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return [_with_side(sentence, d) for d in _sum_lists(sentence, out)]


_ARMED = re.compile(
    r"\b(?:militants?|attackers?|assailants?|terrorists?|insurgents?|gunm[ae]n|bombers?"
    r"|fighters?|rebels?|extremists?|miscreants|kharijis?|khawarij|outlaws)\b",
    re.IGNORECASE,
)
_OTHER = re.compile(
    r"\b(?:soldiers?|troops?|personnel|police(?:m[ae]n|women)?|officers?|jawans?|sepoys?"
    r"|guards?|rangers|levies|constables?|civilians?|people|villagers?|children|women|men"
    r"|worshippers|students|passers?-?by|commuters|labou?rers|workers|pilgrims|passengers)\b",
    re.IGNORECASE,
)


def _with_side(sentence: str, d: DeathCount) -> DeathCount:
    """Say whose dead a count is, from its words and the few after ("killing four of the
    attackers"), so that counts of the two sides of one fight add up."""
    if d.claim:
        return d
    after = re.match(r"[^,;.]{0,30}", sentence[d.end :])
    words = sentence[d.start : d.end] + (after.group(0) if after else "")
    armed, other = bool(_ARMED.search(words)), bool(_OTHER.search(words))
    if armed == other:
        return d
    return replace(d, side="armed" if armed else "other")


def _sum_lists(sentence: str, counts: list[DeathCount]) -> list[DeathCount]:
    """ "7 insurgents, 2 troops killed": counts joined by a comma or "and" add up."""
    if len(counts) < 2:
        return counts
    out = [counts[0]]
    for d in counts[1:]:
        prev = out[-1]
        gap = sentence[prev.end : d.start]
        if re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap) and not _INJURY_RE.match(
            sentence[d.end :]
        ):
            out[-1] = DeathCount(prev.start, d.end, prev.low + d.low, prev.high + d.high)
        else:
            out.append(d)
    return out


def combine(counts: list[DeathCount]) -> dict[str, int] | None:
    """Counts of one event → {"best", "low", "high"}.

    Within one report (sentence) several counts of the same dead are competing
    claims: the lowest credible one is best (ACLED's conservative rule) and a party's
    own claim only widens the range. Across reports of the same event, tolls rise as
    bodies are found and later reports supersede earlier ones ("death toll rises to
    30"), so the largest per-report best wins. The dead of the two sides ("killing
    seven soldiers" ... "four of the attackers were also killed") add up, and a count
    that does not say whose dead it is competes with that sum.
    """
    if not counts:
        return None
    firm = [c for c in counts if not c.claim] or counts

    def best_of(group: list[DeathCount]) -> int | None:
        per_report: dict[int, int] = {}
        for c in group:
            per_report[c.report] = min(per_report.get(c.report, c.low), c.low)
        return max(per_report.values()) if per_report else None

    whole = best_of([c for c in firm if c.side is None])
    armed = best_of([c for c in firm if c.side == "armed"])
    other = best_of([c for c in firm if c.side == "other"])
    best = max(v for v in (whole, (armed or 0) + (other or 0)) if v is not None)
    low = min([best] + [c.low for c in counts if c.side is None or c.claim])
    high = max([best] + [c.high for c in counts])
    return {"best": best, "low": low, "high": high}


_CLAIM_RES = (
    re.compile(
        r"\baccording to (?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,4}?)(?=\s*[,.;:]|\s*$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<who>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the))*(?:[’']s\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)?(?:\s+\([A-Z][\w.-]{1,15}\))?)\s+(?i:(?:said|says|say|alleged|told)\b|(?:claimed|claims|claim|confirmed|announced)\s+(?:that\b|[:“\u0022]))"
    ),
    re.compile(
        r"[,:]\s*(?P<who>(?:\w+\s+){0,2}(?:police|officials?|sources|military|army|residents|witnesses|ministry|spokesman))\s+(?:said|say|says)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"[:,]\s*(?P<who>police|officials?|sources|military|army|ISPR|residents|witnesses|TV|paper|report|reports)\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\s[-–]\s*(?P<who>police|officials?|sources|military|army|TV|paper|report|reports)\s*[.;]?\s*$",
        re.IGNORECASE,
    ),
)
_NOT_CLAIMANT = {
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "this",
    "that",
    "there",
    "later",
    "on",
    "in",
}


def claimed_by(sentence: str) -> str | None:
    """Whose account a sentence gives ("X said", "according to X", "...: police")."""
    for rx in _CLAIM_RES:
        m = rx.search(sentence)
        if m:
            who = m.group("who").strip().strip(",")
            if who.lower().startswith("the "):
                who = who[4:]
            if who and who.lower() not in _NOT_CLAIMANT and len(who) <= 80:
                return who
    return None
