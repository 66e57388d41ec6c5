"""Exports: ACLED-layout CSV, GeoJSON and JSON, each holding only what the reader may see."""

from __future__ import annotations

import csv
import io

from tests.dashboard_fixtures import Demo, demo_site
from truce.services.exports import ACLED_COLUMNS

__all__ = ["demo_site"]


def _csv(demo: Demo, **kw: object) -> list[dict[str, str]]:
    r = demo.client.get("/api/exports/incidents.csv", **kw)  # type: ignore[arg-type]
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(r.text))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    return list(reader)


def test_csv_has_acled_columns_and_mapped_values(demo_site: Demo) -> None:
    rows = _csv(demo_site, headers=demo_site.staff)
    total = demo_site.client.get(
        "/api/incidents", params={"limit": 500}, headers=demo_site.staff
    ).json()["total"]
    assert len(rows) == total
    clash = next(
        r for r in rows if "truce_type=armed_clash" in r["tags"] and r["country"] == "Pakistan"
    )
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", "Armed clash")
    assert clash["disorder_type"] == "Political violence"
    assert clash["iso"] == "586" and clash["event_id_cnty"].startswith("PAK")
    assert clash["region"] == "South Asia" and clash["time_precision"] == "1"
    assert clash["year"] == clash["event_date"][:4]
    assert clash["actor1"] and clash["inter1"] == "1" and clash["interaction"]
    assert "border_km=" in clash["tags"] and clash["notes"]
    assert (
        int(clash["fatalities"]) >= 0
        and float(clash["latitude"])
        and clash["geo_precision"] in {"1", "2", "3"}
    )
    talks = next(r for r in rows if "truce_type=talks" in r["tags"])
    assert (talks["event_type"], talks["disorder_type"]) == (
        "Strategic developments",
        "Strategic developments",
    )


def test_public_exports_hide_unpublished_party_filings(demo_site: Demo) -> None:
    staff = _csv(demo_site, headers=demo_site.staff)
    public = _csv(demo_site)
    assert 0 < len(public) < len(staff)
    public_ids = {f["id"] for f in demo_site.client.get("/api/map").json()["features"]}
    located = {int(r["event_id_cnty"][3:]) for r in public if r["latitude"]}
    assert located == public_ids
    # Party complaints become public only with their case's verdict: a public row names a
    # party as its source only if the incident has a ruled case.
    ruled = {"verified", "appealed", "unverifiable", "not_a_violation"}
    for r in public:
        if any(s.strip() in {"PAK", "AFG"} for s in r["source"].split(";")):
            status = next(
                t.split("=", 1)[1] for t in r["tags"].split("; ") if t.startswith("truce_status=")
            )
            assert status in ruled, r
    assert any(s.strip() in {"PAK", "AFG"} for r in staff for s in r["source"].split(";"))


def test_geojson_and_json_exports_agree_with_csv(demo_site: Demo) -> None:
    h = demo_site.staff
    params = {"type": "armed_clash"}
    rows = _csv(demo_site, headers=h, params=params)
    geo = demo_site.client.get("/api/exports/incidents.geojson", headers=h, params=params).json()
    data = demo_site.client.get("/api/exports/incidents.json", headers=h, params=params).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(rows) == data["count"]
    for feat, rec in zip(geo["features"], data["incidents"], strict=True):
        assert feat["id"] == rec["id"] and rec["event_type"] == "armed_clash"
        assert feat["geometry"]["coordinates"] == [rec["location"]["lon"], rec["location"]["lat"]]
        assert rec["acled"]["event_id_cnty"].endswith(str(rec["id"]))
    bad = demo_site.client.get("/api/exports/incidents.csv", params={"type": "nope"})
    assert bad.status_code == 400 and "unknown event type" in bad.json()["error"]
