"""Map, stats and monitoring reports over the demo, as the public and as staff; stats
over an incident with several cases (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.agreements_fixtures import AGREEMENT_V1, report
from tests.dashboard_fixtures import Demo, demo_site
from truce.extract.geo import distance_to_border_km
from truce.services import map_svg, users
from truce.services.context import Context
from truce.services.dashboard import border_distances_km
from truce.web.app import create_app

__all__ = ["demo_site"]


def test_map_is_geojson_of_what_the_caller_may_see(demo_site: Demo) -> None:
    c = demo_site.client
    public = c.get("/api/map")
    assert public.status_code == 200 and public.headers["content-type"].startswith(
        "application/geo+json"
    )
    body = public.json()
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    listed = {i["id"] for i in c.get("/api/incidents", params={"limit": 500}).json()["items"]}
    ids = {f["id"] for f in body["features"]}
    assert ids and ids <= listed  # never more than the public list shows
    staff = c.get("/api/map", headers=demo_site.staff).json()
    assert ids < {f["id"] for f in staff["features"]}  # party filings stay hidden from the public
    for f in staff["features"]:
        lon, lat = f["geometry"]["coordinates"]
        p = f["properties"]
        assert p["href"] == f"/incidents/{f['id']}"
        assert p["border_km"] == pytest.approx(distance_to_border_km(lat, lon), rel=0.02, abs=0.5)


def test_map_filters(demo_site: Demo) -> None:
    c, h = demo_site.client, demo_site.staff
    everything = c.get("/api/map", headers=h).json()["features"]
    clashes = c.get("/api/map", params={"type": "armed_clash"}, headers=h).json()["features"]
    assert clashes and len(clashes) < len(everything)
    assert all(f["properties"]["event_type"] == "armed_clash" for f in clashes)
    late = c.get("/api/map", params={"from": "2025-10-20", "to": "2025-10-31"}, headers=h).json()
    assert all(
        f["properties"]["date_end"] >= "2025-10-20" and f["properties"]["date"] <= "2025-10-31"
        for f in late["features"]
    )
    afg = c.get("/api/map", params={"party": "AFG"}, headers=h).json()["features"]
    assert afg and len(afg) < len(everything)
    appealed = c.get("/api/map", params={"status": "appealed"}, headers=h).json()["features"]
    assert appealed and all(f["properties"]["status"] == "appealed" for f in appealed)
    assert c.get("/api/map", params={"status": "reported"}, headers=h).json()["features"] == []
    none = c.get("/api/map", params={"status": "no_case"}, headers=h).json()["features"]
    unverifiable = c.get("/api/map", params={"status": "unverifiable"}, headers=h).json()
    assert len(appealed) + len(unverifiable["features"]) + len(none) == len(everything)
    one = c.get("/api/map", params={"limit": 2}, headers=h).json()
    assert len(one["features"]) == 2 and one["truncated"] and one["total"] == len(everything)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "picnic"}, "unknown event type"),
        ({"status": "maybe"}, "unknown status"),
        ({"from": "2025-11-01", "to": "2025-10-01"}, "after the end date"),
        ({"from": "yesterday"}, "not a date"),
    ],
)
def test_bad_filters_are_refused_with_a_reason(
    demo_site: Demo, params: dict[str, str], words: str
) -> None:
    r = demo_site.client.get("/api/map", params=params)
    assert r.status_code == 400 and words in r.json()["error"]


def test_stats_weekly_series_add_up(demo_site: Demo) -> None:
    s = demo_site.client.get("/api/stats", headers=demo_site.staff).json()
    weeks = [date.fromisoformat(w) for w in s["weeks"]]
    assert weeks and all(w.weekday() == 0 for w in weeks)
    assert sum(s["incidents_per_week"]) == s["totals"]["incidents"]
    listed = demo_site.client.get(
        "/api/incidents", params={"limit": 500}, headers=demo_site.staff
    ).json()
    assert s["totals"]["incidents"] == listed["total"]
    assert s["totals"]["fatalities"] == sum(
        (i["fatalities"] or {}).get("best") or 0 for i in listed["items"]
    )
    assert "AFG" in s["incidents_per_party_week"] and s["parties"] == sorted(
        s["incidents_per_party_week"]
    )
    public = demo_site.client.get("/api/stats").json()
    assert public["totals"]["incidents"] < s["totals"]["incidents"]


def test_vectorised_border_distance_matches_the_reference() -> None:
    rng = random.Random(7)
    pts = [(rng.uniform(25, 38), rng.uniform(60, 76)) for _ in range(300)]
    fast = border_distances_km([p[0] for p in pts], [p[1] for p in pts])
    for (lat, lon), km in zip(pts, fast, strict=True):
        assert km == pytest.approx(distance_to_border_km(lat, lon), rel=0.01, abs=0.2)
    assert border_distances_km([], []) == []


def test_svg_map_draws_the_border_and_only_markers_in_the_region() -> None:
    assert map_svg.atlas_available(), "run scripts/vendor_assets.py (make install does)"
    arcs = map_svg.border_arcs()
    assert arcs and sum(len(a) for a in arcs) > 50
    svg = map_svg.render(
        [
            map_svg.Marker("1", 33.9, 70.1, "armed_clash", 23),
            map_svg.Marker("2", 41.0, 28.9, "talks", None),  # Istanbul: outside the region
        ]
    )
    assert svg.count('class="marker"') == 1 and 'class="border-af-pk"' in svg


def test_daily_and_period_reports(demo_site: Demo) -> None:
    c = demo_site.client
    daily = c.get("/reports/daily", params={"date": "2025-10-11"}, headers=demo_site.staff)
    assert daily.status_code == 200 and "Daily report, 11 October 2025" in daily.text
    assert "Angoor Adda" in daily.text and "<svg" in daily.text and "Verdicts" in daily.text
    public = c.get("/reports/daily", params={"date": "2025-10-11"}).text
    assert public.count('class="marker"') < daily.text.count('class="marker"')
    period = c.get("/reports/period", params={"from": "2025-10-01", "to": "2025-11-10"})
    assert period.status_code == 200 and "Week by week" in period.text
    assert c.get("/reports/daily").status_code == 400
    assert (
        c.get("/reports/period", params={"from": "2025-10-01", "to": "2027-10-01"}).status_code
        == 400
    )
    pdf = c.get("/reports/daily.pdf", params={"date": "2025-10-11"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_report_cli_writes_html_and_refuses_bad_periods(
    demo_site: Demo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from truce.cli.main import main

    monkeypatch.setenv("TRUCE_DATABASE_URL", f"sqlite:///{demo_site.home}/truce.db")
    monkeypatch.setenv("TRUCE_HOME", str(demo_site.home))
    out = demo_site.home / "daily.html"
    assert main(["report", "daily", "--date", "2025-10-11", "--out", str(out)]) == 0
    assert "Daily report" in out.read_text(encoding="utf-8")
    assert main(["report", "period", "--from", "2025-10-10", "--to", "2025-10-01"]) == 2
    assert "after the last day" in capsys.readouterr().err
    assert (
        main(["report", "daily", "--date", "2025-10-11", "--out", str(out.with_suffix(".doc"))])
        == 2
    )


def test_stats_count_an_incident_once_and_time_each_case_from_its_opening(ctx: Context) -> None:
    """Two verified cases of one incident against SOU (the second opened by a report
    after the first verdict) are one verified violation, and each case's delay runs
    from its own opening, not from the incident's first report."""
    moment = [datetime(2025, 3, 11, 8, tzinfo=UTC)]
    ctx.clock = lambda: moment[0]

    def later(days: int) -> None:
        moment[0] += timedelta(days=days)

    sec, ver, nor = (
        {"Authorization": f"Bearer {users.add_user(ctx, role, role, party).token}"}
        for role, party in (("secretariat", None), ("verifier", None), ("party", "NOR"))
    )
    verdict = {
        "outcome": "verified",
        "provisions": ["P1"],
        "responsible_party": "SOU",
        "reasons": "two independent sources",
    }
    with TestClient(create_app(context=ctx), raise_server_exceptions=False) as c:
        r = c.post(
            "/api/agreements",
            content=AGREEMENT_V1,
            headers={**sec, "Content-Type": "application/yaml"},
        )
        assert r.status_code == 201, r.text

        def file(**over: object) -> dict[str, Any]:
            r = c.post("/api/reports", json=report(**over), headers=nor)
            assert r.status_code == 201, r.text
            out: dict[str, Any] = r.json()
            return out

        def rule(case_id: int, after_days: int) -> None:
            move = {"to": "under_verification", "reason": "two sources"}
            assert c.post(f"/api/cases/{case_id}/transitions", json=move, headers=ver).is_success
            later(after_days)
            r = c.post(f"/api/cases/{case_id}/verdict", json=verdict, headers=ver)
            assert r.status_code == 200, r.text

        first = file(summary="Mortar rounds hit the post.")
        rule(first["case_id"], after_days=2)
        later(10)
        second = file(summary="New footage of the same shelling.")
        assert second["incident_id"] == first["incident_id"]
        assert second["case_id"] != first["case_id"]
        rule(second["case_id"], after_days=3)
        s = c.get("/api/stats", headers=sec).json()

    assert s["weeks"] == ["2025-03-10"]
    assert s["verified_per_party_week"] == {"SOU": [1]}
    assert s["totals"]["verified"] == 1
    delays = {d["case_id"]: d["days"] for d in s["report_to_verdict_days"]}
    assert delays == {first["case_id"]: 2.0, second["case_id"]: 3.0}
