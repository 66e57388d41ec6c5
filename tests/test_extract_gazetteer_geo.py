"""Truce's own geography checked against the shared reference files (Natural Earth, geoBoundaries)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely import prepare
from shapely.geometry import MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from truce.errors import Invalid
from truce.extract.gazetteer_sources import load_curated
from truce.extract.geo import border_line, border_names, distance_to_border_km

KM_PER_DEGREE = 111.2
# geoBoundaries' province names -> GeoNames' (the gazetteer's admin1 spelling).
GEOBOUNDARIES_TO_GEONAMES = {
    "Baghlan": "Wilayat-e Baghlan",
    "Bamyan": "Bamian",
    "Ghanzi": "Ghazni",
    "Ghor": "Ghowr",
    "Khost": "Khowst",
    "Kunar": "Konar",
    "Logar": "Lowgar",
    "Nuristan": "Nurestan",
    "Uruzgan": "Oruzgan",
    "Parwan": "Parvan",
    "Wardak": "Vardak",
}


def geometry(path: Path) -> BaseGeometry:
    return shape(json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"])


def test_af_pk_border_matches_natural_earth(shared_dir: Path) -> None:
    reference = geometry(shared_dir / "geo" / "ne_10m_AFG_PAK_boundary_durand_line.geojson")
    shipped = border_line("AF-PK")
    assert 30 <= sum(len(line.coords) for line in shipped.geoms) <= 400
    assert shipped.hausdorff_distance(reference) * KM_PER_DEGREE < 15


def test_in_pk_border_covers_the_line_of_control(shared_dir: Path) -> None:
    path = shared_dir / "geo" / "ne_10m_boundary_lines_AFG_PAK_IND_subset.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    loc = [
        shape(f["geometry"])
        for f in features
        if str(f["properties"].get("featurecla")).startswith("Line of control")
    ]
    points = [
        (lat, lon)
        for multi in loc
        for line in multi.geoms
        for lon, lat in line.coords[:: max(1, len(line.coords) // 20)]
    ]
    assert len(points) > 20
    for lat, lon in points:
        assert distance_to_border_km(lat, lon, "IN-PK") < 5, (lat, lon)
    assert isinstance(border_line("IN-PK"), MultiLineString)


def test_distance_to_border_km() -> None:
    assert distance_to_border_km(34.11, 71.09) < 5  # Torkham
    assert 35 < distance_to_border_km(34.01, 71.58) < 60  # Peshawar
    assert distance_to_border_km(24.86, 67.01) > 300  # Karachi
    assert distance_to_border_km(34.11, 73.88, "IN-PK") < 15  # Chakothi, on the LoC
    assert border_names() == ["AF-PK", "IN-PK"]


def test_distance_to_border_rejects_bad_input() -> None:
    with pytest.raises(Invalid, match="unknown border"):
        distance_to_border_km(34.0, 71.0, "XX-YY")
    with pytest.raises(Invalid, match="out of range"):
        distance_to_border_km(134.0, 71.0)


def test_durand_line_crossings_lie_on_the_border() -> None:
    crossings = [r for r in load_curated() if r.kind == "crossing" and r.name != "Taftan"]
    assert len(crossings) >= 5
    for row in crossings:
        assert distance_to_border_km(row.lat, row.lon) < 5, row.name


def test_afghan_places_lie_in_their_province(shared_dir: Path) -> None:
    path = shared_dir / "geo" / "afg_geoBoundaries-AFG-ADM1_simplified.geojson"
    provinces = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        name = feature["properties"]["shapeName"]
        provinces[GEOBOUNDARIES_TO_GEONAMES.get(name, name)] = shape(feature["geometry"])
    rows = [r for r in load_curated() if r.country_code == "AF" and r.admin1]
    assert {r.admin1 for r in rows if r.kind == "province"} == set(provinces)
    for row in rows:
        assert provinces[row.admin1].contains(Point(row.lon, row.lat)), row.name


def test_pakistani_places_lie_in_pakistan(shared_dir: Path) -> None:
    pakistan = geometry(shared_dir / "geo" / "pak_geoBoundaries-PAK-ADM0.geojson")
    prepare(pakistan)
    rows = [r for r in load_curated() if r.country_code == "PK" and r.kind != "water"]
    assert len(rows) > 60
    for row in rows:
        point = Point(row.lon, row.lat)
        # Crossings sit on the border line itself, a few km either side of the outline.
        tolerance_deg = 5 / KM_PER_DEGREE if row.kind == "crossing" else 0.0
        assert pakistan.contains(point) or pakistan.distance(point) <= tolerance_deg, row.name
