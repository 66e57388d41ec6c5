"""Corroboration: how well independent sources back an incident.

Independence is counted, not assumed: each party counts once however many
complaints it files; field monitors count once per team; news outlets count once
each, and copies of one wire story (the same outlet twice, or near-identical
text under another masthead) count once. Each kind of independent source adds
its weight by "noisy-or" (1 − Π(1 − wᵢ)), so one more independent source never
lowers the score; attached evidence and precise time and place add a little.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

WEIGHT_PARTY: Final = 0.2
WEIGHT_MONITOR: Final = 0.45
WEIGHT_NEWS: Final = 0.25
WEIGHT_EVIDENCE: Final = 0.1
WEIGHT_MORE_EVIDENCE: Final = 0.05
WEIGHT_PRECISION: Final = 0.1
#: Shingle similarity at or above which two news texts are one story.
COPY_SIMILARITY: Final = 0.6


@dataclass(frozen=True)
class ReportView:
    """What corroboration needs to know about one report."""

    id: str
    source_kind: str  # party | monitor | news
    party: str | None = None
    outlet: str | None = None
    monitor: str | None = None
    title: str | None = None
    summary: str = ""
    date_precision: str = "day"
    location_precision: int | None = None


@dataclass(frozen=True)
class Corroboration:
    score: float
    reasons: list[str]
    independent_sources: int


def normalise(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of word 3-shingles (of words when texts are short)."""
    wa, wb = normalise(a), normalise(b)
    if not wa or not wb:
        return 0.0
    k = 3 if min(len(wa), len(wb)) >= 6 else 1
    sa = {tuple(wa[i : i + k]) for i in range(len(wa) - k + 1)}
    sb = {tuple(wb[i : i + k]) for i in range(len(wb) - k + 1)}
    return len(sa & sb) / len(sa | sb)


def _is_copy(a: ReportView, b: ReportView) -> bool:
    if a.outlet and b.outlet and a.outlet.strip().lower() == b.outlet.strip().lower():
        return True
    if a.title and b.title and normalise(a.title) == normalise(b.title):
        return True
    text_a = f"{a.title or ''} {a.summary}"
    text_b = f"{b.title or ''} {b.summary}"
    return similarity(text_a, text_b) >= COPY_SIMILARITY


def news_stories(reports: Sequence[ReportView]) -> list[list[ReportView]]:
    """Group news reports into independent stories (copies joined transitively).

    Each story keeps its reports in the order given (filing order).
    """
    groups: list[list[ReportView]] = []
    for report in reports:
        if report.source_kind != "news":
            continue
        joined = [g for g in groups if any(_is_copy(report, other) for other in g)]
        merged = [r for g in joined for r in g] + [report]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def score(reports: Sequence[ReportView], evidence_counts: Mapping[str, int]) -> Corroboration:
    """Score an incident's reports; ``evidence_counts`` maps report id → files attached."""
    weights: list[float] = []
    reasons: list[str] = []

    parties = sorted({r.party for r in reports if r.source_kind == "party" and r.party})
    if parties:
        weights += [WEIGHT_PARTY] * len(parties)
        if len(parties) > 1:
            reasons.append(f"accounts from {len(parties)} parties ({_names(parties)})")
        else:
            reasons.append(f"account from one party ({parties[0]})")

    monitors = {r.monitor or "field monitors" for r in reports if r.source_kind == "monitor"}
    if monitors:
        weights += [WEIGHT_MONITOR] * len(monitors)
        if len(monitors) == 1:
            reasons.append("field monitor observation")
        else:
            reasons.append(f"observations from {len(monitors)} monitor teams")

    stories = news_stories(reports)
    if stories:
        weights += [WEIGHT_NEWS] * len(stories)
        # A story is named after the outlet that carried it first.
        outlets = [g[0].outlet or "unnamed outlet" for g in stories]
        noun = "news outlet" if len(stories) == 1 else "independent news outlets"
        reasons.append(f"{len(stories)} {noun} ({_names(sorted(outlets))})")
        copies = sum(len(g) - 1 for g in stories)
        if copies:
            reasons.append(f"{copies} news report(s) repeat the same story and count once")

    files = sum(max(0, evidence_counts.get(r.id, 0)) for r in reports)
    if files:
        weights.append(WEIGHT_EVIDENCE)
        if files >= 3:
            weights.append(WEIGHT_MORE_EVIDENCE)
        reasons.append(f"{files} evidence file(s) attached")
    else:
        reasons.append("no evidence files attached")

    precise_time = any(r.date_precision == "day" for r in reports)
    precise_place = any(
        r.location_precision is not None and r.location_precision <= 2 for r in reports
    )
    if precise_time and precise_place:
        weights.append(WEIGHT_PRECISION)
        reasons.append("exact day and place reported")
    elif not precise_time:
        reasons.append("no source gives the exact day")

    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - w
    independent = len(parties) + len(monitors) + len(stories)
    return Corroboration(round(1.0 - remaining, 4), reasons, independent)
