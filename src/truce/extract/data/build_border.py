"""Rebuild ``borders.json`` from the npm package ``world-atlas`` (Natural Earth, public domain).

Run at install time by ``scripts/vendor_assets.py`` (after ``npm ci``), never at run
time; by hand::

    python src/truce/extract/data/build_border.py node_modules/world-atlas/countries-10m.json

A land border is the set of TopoJSON arcs that two countries' polygons share; the
arcs are stitched into lines and simplified (Douglas–Peucker, 0.01° ≈ 1 km) so the
shipped file stays small while staying within a few km of Natural Earth 10m.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiLineString
from shapely.ops import linemerge

# ISO 3166 numeric ids used by world-atlas, for each border Truce measures against.
BORDERS = {"AF-PK": ("004", "586"), "IN-PK": ("356", "586")}
TOLERANCE_DEG = 0.01


def _arc_ids(geometry: dict[str, Any]) -> set[int]:
    rings: list[list[int]] = []
    if geometry["type"] == "Polygon":
        rings = geometry["arcs"]
    else:
        rings = [ring for polygon in geometry["arcs"] for ring in polygon]
    # A negative index ~i means arc i walked backwards; the arc itself is i.
    return {i if i >= 0 else ~i for ring in rings for i in ring}


def _decode(arc: list[list[int]], transform: dict[str, list[float]]) -> list[tuple[float, float]]:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
    return points


def build(topology: dict[str, Any]) -> dict[str, Any]:
    geometries = {g.get("id"): g for g in topology["objects"]["countries"]["geometries"]}
    borders: dict[str, Any] = {}
    for name, (a, b) in BORDERS.items():
        shared = _arc_ids(geometries[a]) & _arc_ids(geometries[b])
        lines = [LineString(_decode(topology["arcs"][i], topology["transform"])) for i in shared]
        merged = linemerge(MultiLineString(lines)).simplify(TOLERANCE_DEG)
        parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
        borders[name] = [[[round(x, 3), round(y, 3)] for x, y in part.coords] for part in parts]
    return {
        "source": "Natural Earth 1:10m admin-0 countries via npm world-atlas@2.0.2 (public domain)",
        "note": "shared arcs of the two countries, simplified with tolerance 0.01 degree; [lon, lat]",
        "borders": borders,
    }


if __name__ == "__main__":
    source = Path(sys.argv[1])
    out = Path(__file__).with_name("borders.json")
    out.write_text(json.dumps(build(json.loads(source.read_text())), separators=(",", ":")) + "\n")
