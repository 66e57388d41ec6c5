"""Linking reports to incidents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from truce import demo
from truce.domain.incident import incident_from_reports
from truce.domain.report import Location, ReportDraft
from truce.verify.linking import best_match, haversine_km, match_score


def _drafts() -> list[ReportDraft]:
    return [r.draft for r in demo.load_reports()]


def test_haversine_known_distance() -> None:
    # Kabul to Islamabad is about 300 km as the crow flies.
    assert 280 < haversine_km(34.5281, 69.1723, 33.6844, 73.0479) < 380
    assert haversine_km(10, 10, 10, 10) == 0


def test_accounts_of_the_same_clash_match_and_other_events_do_not() -> None:
    drafts = _drafts()
    # Both sides' and Reuters' accounts place the 11 October fighting at Kurram.
    clash = [
        d
        for d in drafts
        if d.event_type == "armed_clash"
        and d.location is not None
        and "Kurram" in (d.location.name or "")
    ]
    incident = incident_from_reports("i1", [("a", clash[0])])
    m = match_score(clash[1], incident)
    assert m.score >= 0.6, m.reasons
    talks = next(d for d in drafts if d.event_type == "talks")
    assert match_score(talks, incident).score == 0
    assert "event types differ" in match_score(talks, incident).reasons[0]


def test_compatible_types_score_lower_than_identical() -> None:
    shelling = next(d for d in _drafts() if d.event_type == "shelling")
    as_clash = replace(shelling, event_type="armed_clash")
    same = match_score(shelling, shelling).score
    compatible = match_score(as_clash, shelling)
    assert 0 < compatible.score < same
    assert any("compatible event types" in r for r in compatible.reasons)


def test_time_and_distance_gates() -> None:
    shelling = next(d for d in _drafts() if d.event_type == "shelling")
    later = replace(shelling, date=date(2025, 11, 9), date_end=date(2025, 11, 9))
    assert match_score(later, shelling).score == 0
    assert shelling.location is not None
    far = replace(shelling, location=replace(shelling.location, lat=34.1, lon=71.09))  # Torkham
    assert match_score(far, shelling).score == 0
    vague = replace(far, location=Location("Pakistan", 30.0, 69.0, "PK", precision=6))
    assert match_score(vague, shelling).score > 0


def test_best_match_picks_the_closest_incident() -> None:
    drafts = _drafts()
    monitor, complaint = [d for d in drafts if d.event_type == "shelling"]
    candidates = [
        incident_from_reports("talks", [("t", next(d for d in drafts if d.event_type == "talks"))]),
        incident_from_reports("chaman", [("m", monitor)]),
    ]
    found = best_match(complaint, candidates, threshold=0.6)
    assert found is not None and found[0].id == "chaman"
    assert best_match(complaint, candidates[:1]) is None
