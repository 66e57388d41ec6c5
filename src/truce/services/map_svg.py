"""A server-side SVG map for printed reports: country outlines, the AF–PK border, markers.

PDFs cannot run Leaflet, so the monitoring report draws its own map from the same
Natural Earth data the web map uses (npm ``world-atlas`` countries-50m TopoJSON,
vendored by scripts/vendor_assets.py). TopoJSON decoding follows the TopoJSON
specification §2.1.4 (quantized, delta-encoded arcs; ``~i`` is arc i reversed).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

ATLAS = (
    Path(__file__).resolve().parents[1]
    / "web"
    / "static"
    / "vendor"
    / "world-atlas"
    / "countries-50m.json"
)
AFGHANISTAN, PAKISTAN = "004", "586"
# Lon/lat box of the mechanism's area: the Durand Line with room either side.
REGION = (60.0, 28.5, 76.0, 38.8)

TYPE_COLOURS: dict[str, str] = {
    "armed_clash": "#c0392b",
    "shelling": "#d35400",
    "air_strike": "#8e44ad",
    "explosive_attack": "#a04000",
    "attack_on_civilians": "#b03a2e",
    "abduction": "#6c3483",
    "territory_change": "#922b21",
    "ceasefire_agreement": "#1e8449",
    "talks": "#2471a3",
    "accusation": "#7f8c8d",
    "threat": "#7f8c8d",
    "border_closure": "#b7950b",
    "mobilization": "#5d6d7e",
    "other": "#7f8c8d",
}


@dataclass(frozen=True)
class Marker:
    label: str
    lat: float
    lon: float
    event_type: str
    fatalities: int | None


@lru_cache(maxsize=1)
def _topology() -> dict[str, Any] | None:
    if not ATLAS.is_file():
        return None
    data: dict[str, Any] = json.loads(ATLAS.read_text(encoding="utf-8"))
    return data


def atlas_available() -> bool:
    return _topology() is not None


@lru_cache(maxsize=16384)
def _arc(index: int) -> tuple[tuple[float, float], ...]:
    topo = _topology()
    assert topo is not None
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    x = y = 0
    out = []
    for dx, dy in topo["arcs"][index]:
        x, y = x + dx, y + dy
        out.append((x * sx + tx, y * sy + ty))
    return tuple(out)


def _ring(arc_ids: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in arc_ids:
        arc = _arc(~i)[::-1] if i < 0 else _arc(i)
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _arc_ids(geometry: dict[str, Any]) -> set[int]:
    return {i if i >= 0 else ~i for poly in _polygons(geometry) for ring in poly for i in ring}


def border_arcs() -> list[tuple[tuple[float, float], ...]]:
    """The AF–PK boundary: the arcs Afghanistan and Pakistan share (topojson.mesh a∩b)."""
    topo = _topology()
    if topo is None:
        return []
    geoms = {g.get("id"): g for g in topo["objects"]["countries"]["geometries"]}
    shared = _arc_ids(geoms[AFGHANISTAN]) & _arc_ids(geoms[PAKISTAN])
    return [_arc(i) for i in sorted(shared)]


class _Projection:
    """Equirectangular, longitude scaled by cos(mid-latitude), fitted to a pixel box."""

    def __init__(self, box: tuple[float, float, float, float], width: int) -> None:
        self.box = box
        west, south, east, north = box
        self.k = math.cos(math.radians((south + north) / 2))
        self.scale = width / ((east - west) * self.k)
        self.width = width
        self.height = round((north - south) * self.scale)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        west, _, _, north = self.box
        return ((lon - west) * self.k * self.scale, (north - lat) * self.scale)


def _path(
    points: list[tuple[float, float]] | tuple[tuple[float, float], ...], proj: _Projection
) -> str:
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (proj(lon, lat) for lon, lat in points))


def in_region(lat: float, lon: float) -> bool:
    west, south, east, north = REGION
    return west <= lon <= east and south <= lat <= north


def marker_radius(fatalities: int | None) -> float:
    """Area grows with the dead, so radius with the square root (and a floor to stay visible)."""
    return 4.0 + 2.2 * math.sqrt(max(0, fatalities or 0))


def render(markers: list[Marker], *, width: int = 640, title: str = "") -> str:
    """An SVG document of the region with ``markers`` (those outside the region are left out)."""
    proj = _Projection(REGION, width)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {proj.width} {proj.height}" '
        f'width="{proj.width}" height="{proj.height}" role="img" aria-label="{escape(title or "Map")}">',
        f'<rect width="{proj.width}" height="{proj.height}" fill="#dde8ef"/>',
    ]
    topo = _topology()
    if topo is not None:
        west, south, east, north = REGION
        for geom in topo["objects"]["countries"]["geometries"]:
            rings = [_ring(ring) for poly in _polygons(geom) for ring in poly]
            if not any(
                any(west - 5 <= x <= east + 5 and south - 5 <= y <= north + 5 for x, y in ring)
                for ring in rings
            ):
                continue
            focus = geom.get("id") in (AFGHANISTAN, PAKISTAN)
            d = "".join(_path(ring, proj) + "Z" for ring in rings)
            fill = "#f7f4ea" if focus else "#ebe8df"
            parts.append(f'<path d="{d}" fill="{fill}" stroke="#a7a39a" stroke-width="0.6"/>')
        for arc in border_arcs():
            parts.append(
                f'<path d="{_path(arc, proj)}" fill="none" stroke="#b22222" stroke-width="2" '
                'stroke-dasharray="6 3" class="border-af-pk"/>'
            )
        for name, lon, lat in (("AFGHANISTAN", 65.5, 34.6), ("PAKISTAN", 70.2, 29.4)):
            x, y = proj(lon, lat)
            parts.append(
                f'<text x="{x:.0f}" y="{y:.0f}" font-size="13" letter-spacing="3" fill="#8b877d" '
                f'text-anchor="middle" font-family="sans-serif">{name}</text>'
            )
    else:
        parts.append(
            '<text x="10" y="20" font-size="12" fill="#555" font-family="sans-serif">'
            "Country outlines are missing: run scripts/vendor_assets.py</text>"
        )
    for m in sorted(markers, key=lambda m: -(m.fatalities or 0)):
        if not in_region(m.lat, m.lon):
            continue
        x, y = proj(m.lon, m.lat)
        r = marker_radius(m.fatalities)
        colour = TYPE_COLOURS.get(m.event_type, "#7f8c8d")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.8" '
            'stroke="#fff" stroke-width="1" class="marker"/>'
            f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold" '
            f'font-family="sans-serif" fill="#222">{escape(m.label)}</text>'
        )
    parts.append(
        f'<text x="{proj.width - 6}" y="{proj.height - 6}" font-size="9" fill="#666" text-anchor="end" '
        'font-family="sans-serif">Borders: Natural Earth 1:50m (world-atlas). Not an endorsement of any boundary.</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
