"""Report bodies (POST /api/reports): shape checks, round trip, agreement checks."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce import demo
from truce.domain.agreement import AgreementHistory
from truce.domain.report import ReportDraft, check_against
from truce.errors import Invalid

SPEC_EXAMPLE: dict[str, Any] = {
    "agreement_id": "pak-afg-2025",
    "source": {"kind": "party", "party": "PAK"},
    "accused_party": "AFG",
    "event_type": "shelling",
    "date": "2025-11-01",
    "date_end": "2025-11-02",
    "date_precision": "day",
    "location": {"name": "Kurram", "lat": 33.9, "lon": 70.1, "country_code": "PK", "precision": 3},
    "actors": [
        {"name": "Afghan forces", "country_code": "AF", "kind": "state_forces", "role": "initiator"}
    ],
    "fatalities": {"best": 2, "low": 2, "high": 3},
    "summary": "free text",
    "evidence": ["ab" * 32],
}


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(Invalid) as info:
        ReportDraft.from_dict(data)
    return info.value.problems


def test_spec_example_parses_and_round_trips() -> None:
    r = ReportDraft.from_dict(SPEC_EXAMPLE)
    assert r.location is not None and r.location.precision == 3
    assert r.fatalities is not None and (r.fatalities.low, r.fatalities.high) == (2, 3)
    assert ReportDraft.from_dict(r.to_dict()) == r


def test_minimal_report_gets_defaults() -> None:
    r = ReportDraft.from_dict(
        {
            "agreement_id": "a",
            "source": {"kind": "monitor"},
            "event_type": "talks",
            "date": "2025-10-25",
        }
    )
    assert (
        r.date_end == r.date and r.date_precision == "day" and r.actors == () and r.location is None
    )


def test_every_problem_is_listed() -> None:
    bad = deepcopy(SPEC_EXAMPLE)
    bad.update(
        colour="red",
        event_type="shellin",
        date="2025-11-03",
        date_precision="hour",
        fatalities={"best": 5, "low": 6, "high": 4},
        evidence=["not-a-hash"],
        summary="x" * 20_001,
    )
    bad["source"] = {"kind": "news"}
    bad["location"] = {"lat": 95, "lon": 70, "precision": 8}
    bad["actors"] = [{"name": "x", "kind": "aliens", "role": "initiator"}]
    problems = problems_of(bad)
    for fragment in (
        "colour: unknown field",
        "event_type: unknown event type 'shellin'",
        "date_end: 2025-11-02 is before date 2025-11-03",
        "date_precision: 'hour' must be one of day, week, month, year",
        "fatalities: need low <= best <= high",
        "evidence[0]: must be a SHA-256 digest",
        "summary: is 20001 characters long",
        "source.outlet: is required when the source is news",
        "location.lat: 95 is outside -90..90",
        "location.precision: 8 must be a whole number 1..7",
        "actors[0].kind: 'aliens' must be one of",
    ):
        assert any(fragment in p for p in problems), fragment


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        (
            {"source": {"kind": "party", "party": "pak"}},
            "source.party: 'pak' must be a three-letter",
        ),
        ({"source": {"kind": "monitor", "party": "PAK"}}, "only party sources name a party"),
        ({"date": "11/02/2025"}, "date: '11/02/2025' is not an ISO date"),
        ({"fatalities": {"best": -1}}, "fatalities.best: -1 must be a whole number >= 0"),
        ({"fatalities": {"best": True}}, "fatalities.best: True"),
        ({"location": {"lat": "33", "lon": 70}}, "location.lat: must be a number"),
    ],
)
def test_single_problems(patch: dict[str, Any], fragment: str) -> None:
    assert any(fragment in p for p in problems_of({**SPEC_EXAMPLE, **patch}))


def test_not_a_mapping() -> None:
    with pytest.raises(Invalid, match="report is invalid"):
        ReportDraft.from_dict(["x"])


def test_check_against_the_demo_agreement() -> None:
    history = AgreementHistory(demo.load_agreements())
    assert check_against(ReportDraft.from_dict(SPEC_EXAMPLE), history) == []
    before = ReportDraft.from_dict({**SPEC_EXAMPLE, "date": "2025-10-11", "date_end": "2025-10-12"})
    assert any(
        "outside the agreement's effective period" in p for p in check_against(before, history)
    )
    observation = ReportDraft.from_dict(
        {**SPEC_EXAMPLE, "date": "2025-10-11", "date_end": "2025-10-12", "accused_party": None}
    )
    assert check_against(observation, history) == []
    strangers = ReportDraft.from_dict(
        {**SPEC_EXAMPLE, "source": {"kind": "party", "party": "IND"}, "accused_party": "PAK"}
    )
    problems = check_against(strangers, history.latest)
    assert any(p.startswith("source.party: 'IND' is not a party") for p in problems)
    self_accusing = ReportDraft.from_dict({**SPEC_EXAMPLE, "accused_party": "PAK"})
    assert any("against itself" in p for p in check_against(self_accusing, history))
    other = ReportDraft.from_dict({**SPEC_EXAMPLE, "agreement_id": "other"})
    assert any(p.startswith("agreement_id:") for p in check_against(other, history))


def test_demo_reports_are_valid_and_fit_the_agreement() -> None:
    history = AgreementHistory(demo.load_agreements())
    reports = demo.load_reports()
    assert 15 <= len(reports) <= 25
    for r in reports:
        assert check_against(r.draft, history) == [], r.body
        assert r.filed_at.date() >= r.draft.date or r.draft.event_type == "talks"
    assert any(r.draft.accused_party for r in reports)
    assert {r.draft.source.kind for r in reports} == {"party", "monitor", "news"}


@settings(max_examples=100, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "lat": st.floats(-90, 90),
            "lon": st.floats(-180, 180),
            "precision": st.integers(1, 7),
            "best": st.integers(0, 1000),
            "spread": st.integers(0, 100),
            "summary": st.text(max_size=50),
        }
    )
)
def test_round_trip_generated(values: dict[str, Any]) -> None:
    data = deepcopy(SPEC_EXAMPLE)
    data["location"].update(lat=values["lat"], lon=values["lon"], precision=values["precision"])
    best = values["best"]
    data["fatalities"] = {"best": best, "low": best, "high": best + values["spread"]}
    data["summary"] = values["summary"]
    r = ReportDraft.from_dict(data)
    assert ReportDraft.from_dict(r.to_dict()) == r
