"""Measure the gazetteer on gold-placed headlines (UCDP GED rows), without printing.

For each row the headline's place mentions are resolved with Pakistan as the
article's country and the most specific place (lowest UCDP precision code, the
first one on ties) is compared with the gold coordinates and first-order admin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from truce.extract.gazetteer import Gazetteer, Place, km

WITHIN_KM = 25.0

# Gold admin1 spellings (UCDP) and GeoNames' differ; both map to one key.
_ADMIN1_ALIASES = {
    "khyber pakhtunkwa": "khyber pakhtunkhwa",
    "nwfp": "khyber pakhtunkhwa",
    "north west frontier": "khyber pakhtunkhwa",
    "north-west frontier": "khyber pakhtunkhwa",
    # merged into Khyber Pakhtunkhwa in 2018
    "federally administered tribal areas": "khyber pakhtunkhwa",
    "fata": "khyber pakhtunkhwa",
    "azad jammu & kashmir": "azad kashmir",
    "azad jammu and kashmir": "azad kashmir",
    "islamabad capital": "islamabad",
    "baluchistan": "balochistan",
    "northern areas": "gilgit-baltistan",
    "gilgit baltistan": "gilgit-baltistan",
}
_ADMIN1_SUFFIX = re.compile(r"\s+(province|territory|capital territory|region|state)$")


def normalise_admin1(name: str | None) -> str | None:
    """One spelling per first-order admin ("Khyber Pakhtunkwa province" -> "khyber pakhtunkhwa")."""
    if not name:
        return None
    key = _ADMIN1_SUFFIX.sub("", name.strip().lower())
    key = _ADMIN1_SUFFIX.sub("", key)
    return _ADMIN1_ALIASES.get(key, key)


def most_specific_place(
    gazetteer: Gazetteer, text: str, context_countries: set[str]
) -> Place | None:
    """The resolved place with the lowest precision code in ``text``.

    On ties a place in the article's countries wins, then the first one named.
    """
    resolved = gazetteer.resolve(gazetteer.mentions(text), context_countries)
    if not resolved:
        return None
    return min(
        (place for _, place in resolved),
        key=lambda p: (p.precision, p.country_code not in context_countries),
    )


def evaluate_places(
    rows: Iterable[Mapping[str, Any]],
    gazetteer: Gazetteer | None = None,
    context_countries: frozenset[str] = frozenset({"PK"}),
) -> dict[str, Any]:
    """Accuracy of places on rows shaped like ``ucdp_ged_pak_headlines_dev.jsonl``.

    Returns counts and percentages: ``within_25km_pct`` and ``same_admin1_pct`` over
    all rows, the same over rows where a place was found (``*_of_found_pct``), and
    ``found_pct``. Rows without gold coordinates are skipped.
    """
    gazetteer = gazetteer or Gazetteer.default()
    total = found = near = same_admin = gold_admin_rows = 0
    for row in rows:
        gold = row.get("gold") or {}
        if gold.get("latitude") is None or gold.get("longitude") is None:
            continue
        total += 1
        gold_admin = normalise_admin1(gold.get("adm_1"))
        gold_admin_rows += gold_admin is not None
        place = most_specific_place(gazetteer, str(row.get("text", "")), set(context_countries))
        if place is None:
            continue
        found += 1
        if km(place.lat, place.lon, float(gold["latitude"]), float(gold["longitude"])) <= WITHIN_KM:
            near += 1
        admin1 = place.admin1
        if admin1 is None and place.kind not in ("country", "water"):
            admin1 = gazetteer.admin_of(place.lat, place.lon)[1]
        if gold_admin is not None and normalise_admin1(admin1) == gold_admin:
            same_admin += 1

    def pct(part: int, whole: int) -> float:
        return round(100.0 * part / whole, 1) if whole else 0.0

    return {
        "rows": total,
        "found": found,
        "found_pct": pct(found, total),
        "within_25km": near,
        "within_25km_pct": pct(near, total),
        "within_25km_of_found_pct": pct(near, found),
        "same_admin1": same_admin,
        "same_admin1_pct": pct(same_admin, gold_admin_rows),
        "same_admin1_of_found_pct": pct(same_admin, found),
    }
