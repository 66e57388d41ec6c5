"""Fatalities: how many died, from numbers in digits or words, and who says so.

Counts are read next to death words ("23 killed", "kills five", "death toll rose
to 130", "at least 23", "23 to 58"). Competing claims are kept as a span: the
conservative (lowest credible) number is ``best`` (ACLED's rule), ``low``/``high``
span the claims. A sentence that says nobody died ("No casualties were reported")
gives a count of 0, which only stands when no report of the event counts any dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from truce.extract.gazetteer_names import DEMONYMS
from truce.extract.timex_rules import MONTHS

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
# A number joined by a hyphen to a lower-case word is an adjective, not a count of
# dead ("her eight-year-old son", "a two-day operation", "a 12-member team"); a
# capital after the hyphen starts a new word (the wire slug "UPDATE 1-Nine killed").
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUM})(?![-‐](?-i:[a-z]))"
_QUAL = r"(?:(?:at least|more than|over|nearly|almost|around|about|some|up to|as many as|fewer than|less than|upwards of|all)\s+)?"
_RANGE = rf"{_QUAL}(?P<n1>{_NUM})(?:\s*(?:to|-|–|or)\s*(?P<n2>{_NUM}))?"
# Up to five words between the number and the death word: "five Pakistani soldiers killed",
# "two personnel of the Khasadar force were killed".
_NOUNS = r"(?:\s+(?!(?:were|are|have|has|had|and|others|injured|wounded)\b)[\w'’.-]+(?:\s*\([A-Z]{2,8}\))?|\s+and\s+(?:allied|affiliated|associated)\b){0,6}?"
# "Embraced shahadat" and "sent to hell" are how ISPR says soldiers and militants died;
# "neutralised" and "eliminated" mean killed only when said of people (checked where used).
_DEATH_VERB = (
    r"(?:killed|dead|died|martyred|slain|shot dead|gunned down|lost their lives|perished|executed"
    r"|beheaded|embraced\s+(?:shahadat|shahadah|martyrdom)|(?P<hell>sent\s+to\s+hell)"
    r"|succumbed\s+to\s+(?:his|her|their)\s+(?:injuries|wounds)"
    r"|(?:had|have|has)\s+(?:died|perished|lost\s+their\s+lives)"
    r"|(?P<people>neutrali[sz]ed|eliminated))"
)
_AUX = r"(?:were|are|have been|had been|has been|was|reportedly|reported|said|also|allegedly|been|being|confirmed|feared|later)"
_DEATH_AFTER = rf"(?P<aux>(?:\s+{_AUX})*)\s+{_DEATH_VERB}"
# A parenthetical between the victims and the verb ("6 militants, including two
# suicide bombers, killed", "four personnel of the Frontier Corps (FC) were martyred")
# does not break the count.
# An apposition naming who they were ("two civilians, a woman and her son, were
# killed") does too.
_ASIDE = r"(?:\s*\([^()]{1,30}\))?(?P<aside>\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them|an?\s|the\s)[^,;.]{1,60},)?"
_AFTER_RE = re.compile(rf"\b{_RANGE}(?P<nouns>{_NOUNS}){_ASIDE}{_DEATH_AFTER}\b", re.IGNORECASE)
# What a bare "killed" is followed by when it is active: "two gunmen killed three
# policemen" counts the gunmen's victims, not the gunmen.
_OBJECT_RE = re.compile(
    rf"\s+(?:{_QUAL}{_NUM}\b(?!\s+(?:days?|weeks?|months?|years?|hours?|ago)\b)|an?|the(?!\s+(?:next|same|following|previous|day|night|morning|evening|week)\b)|his|her|its|their|several|many|people|civilians|soldiers|policemen|himself|themselves)\b",
    re.IGNORECASE,
)
# A number that counts things, not people ("members of the two communities killed
# 130", "three days of fighting", "fired 30 rockets").
_THING_RE = re.compile(
    r"\s+(?!(?:in|on|at|of|for|during|after|within|across|from|and|were|was|are|have|had|killed|dead|died)\b)"
    r"(?:[\w'’-]+\s+)?(?:communit(?:y|ies)|villages?|towns?|cities|provinces?|districts?|areas?|sectors?"
    r"|countries|nations|sides|days?|nights?|hours?|weeks?|months?|years?|minutes?|times|incidents?"
    r"|attacks?|vehicles?|cars?|trucks?|buses|houses?|homes?|buildings?|shops?|posts?|checkposts?"
    r"|rounds?|rockets?|shells?|mortars?|missiles?|bombs?|grenades?|drones?|kilomet(?:re|er)s?|km|miles?)\b",
    re.IGNORECASE,
)
# A singular victim noun stands for one death ("six militants, soldier killed").
# One list of singular victim nouns for every pattern below (they drifted apart once).
_SINGULAR = r"(?:intruder|infiltrator|suspect|fighter|kidnapper|abductor|dacoit|smuggler|operative|policeman|policewoman|soldier|official|civilian|man|woman|child|boy|girl|son|daughter|leader|commander|member|worker|employee|journalist|student|teacher|officer|militant|terrorist|khariji|kharji|insurgent|gunman|assailant|elder|cleric|judge|lawyer|politician|trooper|guard|driver|doctor|villager|attacker|bomber|jawan|constable|(?:sub-)?inspector|sepoy|subedar|(?:lance[- ])?naik|havildar|commando|tribesman|passenger|passer-?by|shepherd|farmer|labou?rer|trader|shopkeeper|vendor|youth|teenager|resident|worshipper|pilgrim|reporter|cameraman|engineer|contractor|ranger|paramilitary)"
# (with what the one was doing: "the policeman guarding them")
_SINGLE_ITEM = (
    rf"(?:an?\s+)?(?:[\w-]+\s+)?{_SINGULAR}"
    r"(?:\s+(?:guarding|escorting|accompanying|protecting|driving)\s+[\w'’-]+)?"
)
_LIST_RE = re.compile(
    rf"\b{_QUAL}{_NUM}{_NOUNS}(?:\s*(?:,|,?\s*and)\s*(?:{_QUAL}{_NUM}{_NOUNS}|{_SINGLE_ITEM}))+{_ASIDE}{_DEATH_AFTER}\b",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(
    r"\s*(?:,\s*and|,|\band(?!\s+(?:allied|affiliated|associated)\b))\s*", re.IGNORECASE
)
# "Woman killed in shelling", "A soldier was martyred", "The attacker was also killed",
# "a woman and her son were killed": each singular victim is one death. With a
# determiner a few words may qualify the noun ("A Pakistan Army soldier").
_SUBJECT_ITEM = (
    rf"(?:(?:(?:an?|the|one|another|his|her|their)\s+(?:[\w'’-]+\s+){{0,3}}?|(?:[\w-]+\s+)?){_SINGULAR}"
    r"(?:\s+of\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?=\s+(?:was|is|has|had)\b))?)"
)
_SINGLE_SUBJECT_RE = re.compile(
    rf"(?:^|(?<=[;:.,])|(?<=^\W)|\b(?:and|while|but|when)\b)\s*(?P<items>{_SUBJECT_ITEM}(?:\s*(?:,|,?\s*and)\s*{_SUBJECT_ITEM})*)"
    rf"(?:\s+(?:was|were|has been|have been|had been|is|are|also|later|too|reportedly|said))*"
    r"\s+(?:killed|shot dead|gunned down|martyred|slain|dies|died|dead|embraced\s+(?:shahadat|shahadah|martyrdom)|succumbed\s+to\s+(?:his|her|their)\s+(?:injuries|wounds)|lost\s+(?:his|her|their)\s+li(?:fe|ves))\b"
    # ... but not the one who killed ("A suicide bomber killed 54 people")
    rf"(?!\s+(?:{_QUAL}{_NUM}|an?|the|his|her|its|their|several|many|people|civilians|soldiers|policemen)\b)",
    re.IGNORECASE,
)
# A soldier or policeman told by rank and name: "Sepoy Muhammad Irfan (age: 24 years),
# having fought gallantly, embraced shahadat", "Constables Gul Rehman and Nasir Khan died".
_RANK = r"(?:lance[- ]naik|lance[- ]havildar|naib[- ]subedar|sepoy|naik|havildar|subedar|sipahi|rifleman|sergeant|(?:second\s+)?lieutenant(?:\s+colonel)?|captain|colonel|brigadier|(?:head\s+)?constable|(?:assistant\s+)?sub-inspector|inspector|Capt\.|Lt\.|Col\.)"
_NAME = r"(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
_NAMED_RE = re.compile(
    rf"\b{_RANK}s?\s+(?P<names>{_NAME}(?:\s*\([^()]{{0,60}}\))?(?:\s*(?:,|,?\s*and)\s*(?:{_RANK}\s+)?{_NAME}(?:\s*\([^()]{{0,60}}\))?)*)"
    rf"(?:\s*\([^()]{{0,80}}\))?(?:\s*,\s*having\b[^,;.]{{0,60}},)?{_DEATH_AFTER}\b",
    re.IGNORECASE,
)
# "Four militants then tried to enter the camp ... but were killed by the FC": the
# subject of a later passive joined by "but"/"and" (no other number in between).
_COORD_RE = re.compile(
    rf"\b{_RANGE}(?P<nouns>{_NOUNS})\s+(?:then\s+)?(?:tried|attempted|sought|opened|stormed|attacked"
    r"|entered|reached|fled|were|was)\b[^.;:\d]{0,120}?\b(?:but|and|before)\s+(?:they\s+)?(?:were|was)\s+"
    r"(?:all\s+|later\s+|also\s+|subsequently\s+)?(?:killed|martyred|shot\s+dead|gunned\s+down"
    r"|eliminated|neutrali[sz]ed)\b",
    re.IGNORECASE,
)
# A number that is a day, not a count: after a month ("On January 9, three ..."), after
# "on" ("on 12") or a slash ("5/6"); "in this aggression two" is a count.
_DAY_BEFORE = re.compile(
    r"(?:/|\bon|\b(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)\s*$",
    re.IGNORECASE,
)


def _a_day(sentence: str, pos: int) -> bool:
    """Is the number starting at ``pos`` a day of a date?"""
    return _DAY_BEFORE.search(sentence, 0, pos) is not None


# "He died on the spot": one death, read only when the sentence counts nothing else
# (the person is usually counted already; a count of unknown side only competes with
# the others, so it never adds to them).
_PRONOUN_DEATH_RE = re.compile(
    r"(?:^|(?<=[;:.])|\b(?:and|while|but)\s+)\s*(?:he|she)(?:\s+(?:also|later|too|reportedly|has|had))*"
    r"\s+(?:(?:was|has\s+been|had\s+been)\s+(?:also\s+)?(?:killed|martyred|shot\s+dead)|died|passed\s+away"
    r"|embraced\s+(?:shahadat|shahadah|martyrdom)|succumbed\s+to\s+(?:his|her)\s+(?:injuries|wounds)"
    r"|lost\s+(?:his|her)\s+life)\b",
    re.IGNORECASE,
)
# Nobody died: "No loss of life was reported", "No one was hurt", "there were no
# casualties", "without any casualties", "escaped unhurt". Not "no casualty figures".
_ZERO_RE = re.compile(
    r"\b(?:no\s+(?:(?:further|more|other|new)\s+)?(?:civilian\s+)?(?:loss(?:es)?\s+of\s+(?:life|lives)|casualt(?:y|ies)|deaths?|fatalit(?:y|ies)|injur(?:y|ies))"
    r"(?!\s+(?:figures?|counts?|tolls?|numbers?|details|reports?)\b)"
    r"|(?:no(?:\s+|-)?one|nobody|none(?:\s+of\s+the\s+[\w'’-]+)?)\s+(?:(?:was|were|has\s+been|had\s+been|got|reportedly)\s+)*(?:hurt|injured|killed|harmed|wounded|died)"
    r"|without\s+(?:any\s+|causing\s+(?:any\s+)?)?(?:casualt(?:y|ies)|loss\s+of\s+(?:life|lives)|injur(?:y|ies)|deaths?)"
    r"|escaped\s+(?:unhurt|unharmed|unscathed))\b",
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
    rf"\b(?:kill(?:s|ed|ing)?|claim(?:s|ed|ing)? the lives of|left|leav(?:es|ing)|shot dead|gunned down|(?:deaths?|killings?|bodies) of"
    rf"|(?P<people>neutrali[sz](?:es|ed|ing)|eliminat(?:es|ed|ing)))\s+{_RANGE}(?!\s*(?:injured|wounded|hurt)\b)",
    re.IGNORECASE,
)
# A toll and its number are close ("death toll stood at 12"), unless a verb of rising
# says which number it is ("the death toll from an attack by gunmen on a convoy in
# northwest Pakistan rose to 17"); neither crosses a sentence.
_TOLL_RE = re.compile(
    rf"\b(?:death toll|toll|fatalities|deaths|number of dead)\b(?:[^.;]{{0,40}}?\b(?:to|at|reached|reaches|stood at|is|was|of)"
    rf"|[^.;]{{0,160}}?\b(?:(?:rose|risen|rises|climbed|climbs|jumped|increased|went up|mounted)\s+to|reached|has reached|stood at))\s+{_RANGE}",
    re.IGNORECASE,
)
# "kills policeman", "killed a soldier and a civilian", "the killing of a police
# inspector": singular victims without a number.
_SINGLE_RE = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|shot dead|gunned down|(?:killings?|deaths?|murders?|assassinations?) of)\s+(?:a\s+|an\s+)?"
    r"(?:(?!(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s)[\w-]+\s+){0,3}?"
    rf"(?P<noun>{_SINGULAR})\b"
    rf"(?P<more>(?:\s*,\s*|\s+and\s+)(?:a\s+|an\s+)?(?:[\w'’-]+\s+){{0,2}}?{_SINGULAR}\b)*",
    re.IGNORECASE,
)
# "No one was killed", "no two ...": a negated number counts nobody.
_NO_BEFORE_RE = re.compile(r"\bno[\s-]*$", re.IGNORECASE)
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
    # the country of whoever the report quotes ("the Afghan defence ministry said"):
    # reports quoting opposite parties are competing claims, not a revised toll
    party: str | None = None
    # "the death toll rose to 14", "bringing the number of dead to 14": a running total
    toll: bool = False
    # whose country's dead, when the count names it ("four Afghan border guards",
    # "two Pakistani soldiers"): accounts of one country's dead compete
    of: str | None = None


_QUOTES = re.compile('["“”]')
# month names as the timex rules know them ("Feb", "February", "Sept"), capitalised
_MONTH = "(?:" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_NUM = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    r"|\b(?:19|20)\d{2}\b"
)


def death_counts(sentence: str) -> list[DeathCount]:
    """Every death count stated in one sentence, in order, without overlaps.

    "No one was hurt" is a count of 0, kept only when the sentence counts no dead
    ("three soldiers were killed; no civilians were hurt" is 3).
    """
    # quotation marks around a number ("killing \"more than 25 fighters\"") are read as
    # spaces: the same positions, the same count
    sentence = _QUOTES.sub(" ", sentence)
    # a day of a month ("till the early hours of 10 February, four khwarij were ...")
    # and a year count no one: their digits are masked, positions kept
    sentence = _DATE_NUM.sub(lambda m: re.sub(r"\d", "#", m.group(0)), sentence)
    found: list[DeathCount] = []
    tolls: set[tuple[int, int]] = set()  # a toll counts everyone, whatever its words name
    for m in _LIST_RE.finditer(sentence):
        if (
            _active(sentence, m)
            or _NO_BEFORE_RE.search(sentence, 0, m.start())
            or (m.group("people") and not _PERSON_RE.search(m.group(0)))
            or _a_day(sentence, m.start())
        ):
            continue
        # the items before any apposition ("two civilians, a woman and her son,")
        items = m.group(0)[: m.start("aside") - m.start()] if m.group("aside") else m.group(0)
        by_side: dict[str | None, int] = {}
        for item in _LIST_SPLIT.split(items):
            num = _NUM_RE.search(item)
            value = word_number(num.group(0)) if num else None
            armed, other = bool(_ARMED.search(item)), bool(_OTHER.search(item))
            side = None if armed == other else ("armed" if armed else "other")
            by_side[side] = by_side.get(side, 0) + (value if value is not None else 1)
        forced = _forced_side(m)
        if forced is None and None not in by_side and len(by_side) == 2:
            # "23 of its soldiers and more than 200 Taliban fighters were killed": the
            # dead of each side, so that each competes with that side's other claims
            found.append(
                DeathCount(m.start(), m.end(), by_side["other"], by_side["other"], side="other")
            )
            found.append(
                DeathCount(m.end(), m.end(), by_side["armed"], by_side["armed"], side="armed")
            )
            continue
        total = sum(by_side.values())
        if total:
            found.append(DeathCount(m.start(), m.end(), total, total, side=forced))
    for m in _CLAIM_COUNT_RE.finditer(sentence):
        n1 = word_number(m.group("n1"))
        if (
            n1 is not None
            and n1 <= 100000
            and not _INJURY_RE.match(sentence[m.end() :])
            and not _counts_things(sentence, m.end("n1"))
        ):
            found.append(DeathCount(m.start(), m.end(), n1, n1, claim=True))
    for m in _SINGLE_SUBJECT_RE.finditer(sentence):
        n = len(_LIST_SPLIT.split(m.group("items").strip()))
        found.append(DeathCount(m.start("items"), m.end(), n, n))
    for m in _NAMED_RE.finditer(sentence):
        # ("(age 24 years, resident of District Karak)" is about one man)
        names = re.sub(r"\s*\([^()]*\)", "", m.group("names")).strip()
        n = len(_LIST_SPLIT.split(names))
        found.append(DeathCount(m.start(), m.end(), n, n, side="other"))
    for rx in (_TOLL_RE, _AFTER_RE, _BEFORE_RE):
        for m in rx.finditer(sentence):
            n1 = word_number(m.group("n1"))
            n2 = word_number(m.group("n2")) if m.group("n2") else None
            if n1 is None or n1 > 100000 or _counts_things(sentence, m.end("n1")):
                continue
            if _a_day(sentence, m.start("n1")):
                continue
            if rx is _AFTER_RE and (
                _active(sentence, m) or _NO_BEFORE_RE.search(sentence, 0, m.start())
            ):
                continue
            if (
                rx is not _TOLL_RE
                and m.group("people")
                and not _people_after(m.group("nouns") if rx is _AFTER_RE else sentence[m.end() :])
            ):
                continue
            lo, hi = (n1, n2) if n2 is not None and n2 >= n1 else (n1, n1)
            side = _forced_side(m)
            if rx is _TOLL_RE:
                tolls.add((m.start(), m.end()))
                side = _toll_side(m.group(0))
            found.append(DeathCount(m.start(), m.end(), lo, hi, side=side))
    for m in _COORD_RE.finditer(sentence):
        n1 = word_number(m.group("n1"))
        if (
            n1 is not None
            and n1 <= 100000
            and _PERSON_RE.search(m.group("nouns"))
            and not _a_day(sentence, m.start("n1"))
        ):
            found.append(DeathCount(m.start(), m.end(), n1, n1))
    for m in _SINGLE_RE.finditer(sentence):
        n = 1 + len(re.findall(r",|\band\b", m.group("more") or ""))
        found.append(DeathCount(m.start(), m.end(), n, n))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DeathCount] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    if not out:
        out = [DeathCount(m.start(), m.end(), 1, 1) for m in _PRONOUN_DEATH_RE.finditer(sentence)]
        return (
            out[:1]
            or [DeathCount(m.start(), m.end(), 0, 0) for m in _ZERO_RE.finditer(sentence)][:1]
        )
    counted = [
        replace(d, toll=True)
        if (d.start, d.end) in tolls
        else (d if d.side else _with_side(sentence, d))
        for d in _sum_lists(sentence, out)
    ]
    # "Two more soldiers succumbed to their injuries, raising the death toll to nine":
    # the toll counts the side the sentence's own dead are on
    sides = {d.side for d in counted if not d.toll}
    if len(sides) == 1 and None not in sides:
        side = next(iter(sides))
        counted = [replace(d, side=side) if d.toll and d.side is None else d for d in counted]
    return [
        replace(part, of=_nationality(sentence, part))
        for d in counted
        for part in _split_list(sentence, d)
    ]


_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][a-z]")


def _split_list(sentence: str, d: DeathCount) -> list[DeathCount]:
    """ "Three Pakistani soldiers were killed and more than 15 Afghan Taliban fighters
    died": one count per country when a list names two countries' dead; "Eight people
    died in Lalpur and four were killed in Gayan": one count per place."""
    words = sentence[d.start : d.end]
    if d.toll or d.claim:
        return [d]
    by_country = len(set(_DEMONYM_RE.findall(words))) >= 2
    by_place = _IN_PLACE.search(words) is not None
    if not (by_country or by_place):
        return [d]
    for m in re.finditer(r"\s+and\s+", words):
        cut = d.start + m.start()
        left, right = sentence[d.start : cut], sentence[d.start + m.end() : d.end]
        two_countries = by_country and _DEMONYM_RE.search(left) and _DEMONYM_RE.search(right)
        # "Eight people died in Lalpur and four were killed in Gayan": a count per place
        two_places = _IN_PLACE.search(left) and _IN_PLACE.match(sentence[d.end : d.end + 30])
        if not (two_countries or two_places):
            continue
        a, b = death_counts(left + "."), death_counts(right + ".")
        if len(a) == 1 and len(b) == 1 and a[0].low + b[0].low == d.low:
            off = d.start + m.end()
            return [
                replace(a[0], start=d.start + a[0].start, end=d.start + a[0].end),
                replace(b[0], start=off + b[0].start, end=off + b[0].end),
            ]
    return [d]


# the parties whose dead a count may name (DEMONYMS gives each one's country)
_DEMONYM_RE = re.compile(r"\b(Afghan|Pakistani|Indian|Iranian)\b")
# "two of its guards", "our soldiers": someone else's dead beside the named ones
_OWN_WORDS = re.compile(r"\b(?:its|their|our|his|her)\b", re.IGNORECASE)


_OWN_DEAD = re.compile(
    r"\b(?:its|their|our)\s+(?:own\s+)?(?:\w+\s+)?"
    r"(?:soldiers|guards|troops|forces|men|personnel|policemen|fighters)\b",
    re.IGNORECASE,
)


def own_dead(sentence: str, d: DeathCount) -> bool:
    """ "two of its border guards": the dead of whoever tells the count."""
    return d.of is None and _OWN_DEAD.search(sentence, d.start, d.end) is not None


def _nationality(sentence: str, d: DeathCount) -> str | None:
    """The one country whose dead a count names, in its words or the noun right after
    ("killed around 30 Afghan Taliban fighters")."""
    words = sentence[d.start : d.end]
    after = re.match(
        r"[\s\d]*(?:[A-Z][\w-]*\s+){0,1}(Afghan|Pakistani|Indian|Iranian)\b",
        sentence[d.end : d.end + 30],
    )
    found = set(_DEMONYM_RE.findall(words)) | ({after.group(1)} if after else set())
    if len(found) != 1 or _OWN_WORDS.search(words):
        return None
    return DEMONYMS[found.pop().lower()]


def _by_country(firm: list[DeathCount]) -> tuple[int, int] | None:
    """Best and high when every count names its country's dead and some country's dead
    are counted by opposite accounts ("four Afghan border guards and three civilians",
    Kabul says; "around 30 Afghan Taliban fighters", Pakistan says): per country the
    lowest account is best and the largest is high, summed over countries."""
    if len(firm) < 2 or any(c.of is None or c.claim or c.toll for c in firm):
        return None
    # one report's counts of a country's dead add up; a party's largest report stands
    per_report: dict[tuple[str, str | None, int], tuple[int, int]] = {}
    for c in firm:
        assert c.of is not None
        low, high = per_report.get((c.of, c.party, c.report), (0, 0))
        per_report[(c.of, c.party, c.report)] = (low + c.low, high + c.high)
    accounts: dict[str, dict[str | None, tuple[int, int]]] = {}
    for (country, party, _), (low, high) in per_report.items():
        have = accounts.setdefault(country, {}).get(party, (0, 0))
        accounts[country][party] = (max(have[0], low), max(have[1], high))
    if not any(len(parties) > 1 for parties in accounts.values()):
        return None
    best = sum(min(v[0] for v in parties.values()) for parties in accounts.values())
    high = sum(max(v[1] for v in parties.values()) for parties in accounts.values())
    return best, high


def _active(sentence: str, m: re.Match[str]) -> bool:
    """Whether the count is of the killers: a bare "killed" with an object after it."""
    return (
        not m.group("aux").strip()
        and m.group(0)
        .lower()
        .endswith(("killed", "shot dead", "gunned down", "executed", "beheaded"))
        and bool(_OBJECT_RE.match(sentence, m.end()))
    )


def _counts_things(sentence: str, pos: int) -> bool:
    """Whether the number ending at ``pos`` counts things ("two communities"), not
    people ("three house guards" does count people)."""
    m = _THING_RE.match(sentence, pos)
    return m is not None and not _PERSON_NEXT_RE.match(sentence, m.end())


def _people_after(words: str) -> bool:
    """Whether the words after a number name people within a few words ("three more
    khwarij", not "two hideouts of terrorists")."""
    return bool(_PEOPLE_AFTER_RE.match(words))


def _forced_side(m: re.Match[str]) -> str | None:
    """Militants are "sent to hell", "neutralised" and "eliminated"; troops never are."""
    found = m.groupdict()
    return "armed" if found.get("hell") or found.get("people") else None


_ARMED = re.compile(
    r"\b(?:militants?|attackers?|assailants?|terrorists?|insurgents?|gunm[ae]n|bombers?"
    r"|fighters?|rebels?|extremists?|miscreants|kharijis?|kharjis?|khw?arij|khawarij|outlaws"
    r"|intruders?|infiltrators?|kidnappers?|abductors?|dacoits?|smugglers?)\b",
    re.IGNORECASE,
)
_OTHER = re.compile(
    r"\b(?:soldiers?|troops?|personnel|police(?:m[ae]n|women)?|officers?|jawans?|sepoys?"
    r"|guards?|rangers|levies|constables?|civilians?|people|villagers?|children|women|men"
    r"|man|woman|child|boys?|girls?|sons?|daughters?|tribesm[ae]n|elders?|commandos?"
    r"|inspectors?|naiks?|havildars?|subedars?"
    r"|worshippers|students|passers?-?by|commuters|labou?rers|workers|pilgrims|passengers?)\b",
    re.IGNORECASE,
)
_PERSON_RE = re.compile(rf"{_ARMED.pattern}|{_OTHER.pattern}", re.IGNORECASE)
_PERSON_NEXT_RE = re.compile(rf"\s+(?:[\w'’-]+\s+)?(?:{_PERSON_RE.pattern})", re.IGNORECASE)
_PEOPLE_AFTER_RE = re.compile(
    rf"(?:\s+(?!(?:of|in|at|on|from|near|with|and)\b)[\w'’-]+){{0,3}}?\s+(?:{_PERSON_RE.pattern})",
    re.IGNORECASE,
)


def _toll_side(words: str) -> str | None:
    """ "the number of dead worshippers rose to 14" counts one side; "the death toll
    from an attack by gunmen" counts everyone (the gunmen are who attacked)."""
    m = re.search(r"\bnumber\s+of\s+(?:dead|killed)\s+([\w'’-]+)", words, re.IGNORECASE)
    if m is None:
        return None
    if _ARMED.fullmatch(m.group(1)):
        return "armed"
    return "other" if _OTHER.fullmatch(m.group(1)) else None


def _with_side(sentence: str, d: DeathCount) -> DeathCount:
    """Say whose dead a count is, from its words and the few after ("killing four of the
    attackers"), so that counts of the two sides of one fight add up."""
    if d.claim:
        return d
    own = sentence[d.start : d.end]
    armed, other = bool(_ARMED.search(own)), bool(_OTHER.search(own))
    if armed != other:  # "three terrorists were killed when troops ...": its own words
        return replace(d, side="armed" if armed else "other")
    after = re.match(r"[^,;.]{0,30}", sentence[d.end :])
    words = own + (after.group(0) if after else "")
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
            side = prev.side if prev.side == d.side else None
            out[-1] = DeathCount(prev.start, d.end, prev.low + d.low, prev.high + d.high, side=side)
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
    that does not say whose dead it is competes with that sum. A report that nobody
    died (0) is set aside when another report counts dead: it is an early or partial
    account, not a competing claim, so it lowers neither ``best`` nor ``low``.
    """
    if not counts:
        return None
    firm = [c for c in counts if not c.claim]
    if any(c.high > 0 for c in firm):
        firm = [c for c in firm if c.high > 0]
        counts = [c for c in counts if c.high > 0]
    firm = firm or counts

    def best_of(group: list[DeathCount]) -> int | None:
        per_report: dict[int, int] = {}
        party_of: dict[int, str | None] = {}
        tolled: set[int] = set()
        for c in sorted(group, key=lambda c: not c.toll):
            if c.toll:
                # "two more died, raising the toll to nine": the running total stands
                per_report[c.report] = max(per_report.get(c.report, c.low), c.low)
                tolled.add(c.report)
            elif c.report not in tolled:
                per_report[c.report] = min(per_report.get(c.report, c.low), c.low)
            party_of[c.report] = c.party
        if not per_report:
            return None
        # a party's later reports revise its own toll (the largest stands); opposite
        # parties' tolls compete (the lowest stands, ACLED's conservative rule)
        by_party: dict[str | None, int] = {}
        for report, value in per_report.items():
            key = party_of[report]
            by_party[key] = max(by_party.get(key, value), value)
        named = [v for k, v in by_party.items() if k is not None]
        contested = min(named) if len(named) > 1 else (named[0] if named else None)
        return max(v for v in (by_party.get(None), contested) if v is not None)

    national = _by_country(firm)
    if national is not None:
        return {"best": national[0], "low": national[0], "high": national[1]}
    sides_of: dict[str, set[str | None]] = {}
    for c in firm:
        if c.party is not None:
            sides_of.setdefault(c.party, set()).add(c.side)
    if (
        len(sides_of) == 2
        and all(len(s) == 1 for s in sides_of.values())
        and {next(iter(s)) for s in sides_of.values()} == {"armed", "other"}
        and all(c.party is not None for c in firm if c.side is not None)
    ):
        # one party counts dead civilians or troops, the other counts the same dead
        # as militants ("17 civilians, the Taliban says" / "killing some 20
        # terrorists, Pakistani officials said"): two accounts of one toll
        firm = [replace(c, side=None) for c in firm]
    whole = best_of([c for c in firm if c.side is None])
    armed = best_of([c for c in firm if c.side == "armed"])
    other = best_of([c for c in firm if c.side == "other"])
    best = max(v for v in (whole, (armed or 0) + (other or 0)) if v is not None)
    low = min([best] + [c.low for c in counts if c.side is None or c.claim])
    high = max([best] + [c.high for c in counts])
    return {"best": best, "low": low, "high": high}


_CLAIM_RES = (
    re.compile(
        r"\baccording to (?P<who>(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,7}?)(?=\s*[,.;:]|\s*$)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<who>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the))*(?:[’']s\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)?(?:\s+\([A-Z][\w.-]{1,15}\))?(?:\s+(?:government|officials|military|ministry|army|police|spokes(?:man|person|woman)|forces|authorities|sources|media))?)(?:,\s+(?:quoting|citing)\s+[\w\s]{3,40}?,)?\s+(?i:(?:said|says|say|alleged|told|reported)\b|(?:claimed|claims|claim|confirmed|announced)\s+(?:that\b|[:“\u0022]))"
    ),
    # "The Taliban government's defence ministry gave a different account, saying"
    re.compile(
        r"(?P<who>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,5}?)\s+(?:gave|offered|had)\s+"
        r"(?:a|its|their|his|her)\s+(?:different|own|conflicting|contrasting)\s+(?:account|version)"
    ),
    # "two Pakistani security officials, speaking on condition of anonymity, said"
    re.compile(
        r"(?P<who>\b(?:\w+\s+){0,3}(?:officials?|sources|officers?|spokesm[ae]n))\s*,\s*(?:speaking|who)\b[^,;]{0,80},\s*(?:said|say|says|told)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:^|[,:])\s*(?P<who>(?:\w+\s+){0,2}(?:police|officials?|sources|military|army|residents|witnesses|ministry|spokesman))\s+(?:said|say|says)\b",
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


_WHEN_SAID = re.compile(
    r"\s+(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?=\s+(?:said|says|told|claimed|confirmed|announced)\b)"
)


def claimed_by(sentence: str) -> str | None:
    """Whose account a sentence gives ("X said", "according to X", "...: police")."""
    sentence = _WHEN_SAID.sub("", sentence)  # "The Islamic Emirate on Tuesday said"
    for rx in _CLAIM_RES:
        m = rx.search(sentence)
        if m:
            who = m.group("who").strip().strip(",")
            who = re.sub(
                r"^(?:the\s+|an?\s+)?(?:statement|report|post)\s+(?:from|by|of)\s+",
                "",
                who,
                flags=re.IGNORECASE,
            )
            if who.lower().startswith("the "):
                who = who[4:]
            if who and who.lower() not in _NOT_CLAIMANT and len(who) <= 80:
                return who
    return None
