"""The relevance gate: a cheap keyword score run before spaCy.

Most of a news stream (sports, markets, weather, culture) has nothing to do with
armed conflict or peace talks. One compiled regex over the text decides whether
the article is worth parsing, so irrelevant articles cost microseconds. The
vocabulary errs towards recall: a false pass costs one parse, a false drop loses
an event for good.
"""

from __future__ import annotations

import re

# Words that on their own make an article worth parsing.
_STRONG = (
    r"kill(?:s|ed|ing|ings|ers?)?|attack(?:s|ed|ers?)?|extremists?|claim(?:s|ed)? responsibility|martyr(?:s|ed|dom)?|lost their lives|shot dead|gunned down|"
    r"gunm[ae]n|gunfire|shell(?:s|ed|ing)|mortars?|artillery|"
    r"bomb(?:s|ed|ing|ings|er|ers)?|blasts?|explosions?|explosives?|ieds?|grenades?|suicide|"
    r"air ?strikes?|air ?raids?|drone strikes?|missiles?|"
    r"clash(?:es|ed)?|gunfights?|firefights?|shootouts?|skirmish(?:es)?|ambush(?:ed)?|"
    r"militants?|militancy|insurgents?|insurgency|terroris(?:ts?|m)|rebels?|separatists?|"
    r"taliban\w*|taleban\w*|ttp|iskp?|isis|daesh|al-?qaeda|lashkar|jaish|lej|bla|blf|baloch liberation|"
    r"troops|soldiers?|paramilitar(?:y|ies)|security forces|police(?:man|men)|"
    r"ceasefire|cease-fire|truce|armistice|peace talks|hostilities|"
    r"line of control|durand line|"
    r"kidnap(?:ped|ping|pers)?|abduct(?:s|ed|ion)?|hostages?|casualt(?:y|ies)|sectarian|curfew"
)
# Words common in conflict news but also in sports and business pages.
_WEAK = (
    r"dead|deaths?|died|shot|fire|fired|firing|pact|patrol|assault(?:s|ed)?|raids?|"
    r"offensive|strikes?|operation|army|military|police|border|frontier|crossing|"
    r"negotiat(?:e|ed|ions?|ors?)|talks|wounded|injured|violence|war|rockets?|drones?|jets?|"
    r"retaliat(?:e|ed|ion)|threat(?:en|ened|s)?|mobili[sz](?:e|ed|ation)|accus(?:e|ed|es|ation)|"
    r"closed|closure|sealed"
)
_STRONG_RE = re.compile(rf"\b(?:{_STRONG})\b", re.IGNORECASE)
_WEAK_RE = re.compile(rf"\b(?:{_WEAK})\b", re.IGNORECASE)
# Only the title and lead are scanned: a conflict report says so up front.
_LEAD = 600


def relevance_score(text: str, title: str | None = None) -> int:
    """Strong hits count 2, weak hits 1, in the title and lead (capped at 4)."""
    head = (title or "") + "\n" + text[:_LEAD]
    score = 0
    for _ in _STRONG_RE.finditer(head):
        score += 2
        if score >= 4:
            return 4
    for _ in _WEAK_RE.finditer(head):
        score += 1
        if score >= 4:
            return 4
    return score


def is_relevant(text: str, title: str | None = None) -> bool:
    """True when the article may report conflict or peace-process events."""
    return relevance_score(text, title) >= 2
