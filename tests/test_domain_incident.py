"""Building an incident's view from its reports (conservative merging)."""

from __future__ import annotations

from datetime import date

from truce import demo
from truce.domain.incident import incident_from_reports, merge_window
from truce.domain.report import Fatalities


def test_window_is_intersection_when_overlapping_else_hull() -> None:
    d = date
    assert merge_window([(d(2025, 10, 11), d(2025, 10, 12), "day"), (d(2025, 10, 12), d(2025, 10, 18), "week")]) == (
        d(2025, 10, 12), d(2025, 10, 12), "day",
    )  # fmt: skip
    assert merge_window([(d(2025, 10, 1), d(2025, 10, 2), "week"), (d(2025, 10, 5), d(2025, 10, 5), "month")]) == (
        d(2025, 10, 1), d(2025, 10, 5), "week",
    )  # fmt: skip


def test_clash_of_11_october_from_the_demo_reports() -> None:
    clash = [
        (f"r{i}", r.draft)
        for i, r in enumerate(demo.load_reports())
        if r.draft.event_type == "armed_clash" and r.draft.date == date(2025, 10, 11)
    ]
    assert len(clash) >= 4
    incident = incident_from_reports("i1", clash)
    # Pakistan says 23 of its soldiers died, the Taliban say 58: best is the lower claim.
    assert incident.fatalities == Fatalities(23, 23, 58)
    assert incident.location is not None and incident.location.precision == 2
    assert incident.location.name == "Angoor Adda"
    assert incident.report_ids == tuple(rid for rid, _ in clash)
    names = [a.name for a in incident.actors]
    assert len(names) == len(set(names))
