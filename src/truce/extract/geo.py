"""Distances to international borders, from the border lines Truce ships (data/borders.json).

The lines are Natural Earth 1:10m shared country edges, simplified to ~1 km
(see data/build_border.py); a distance under ~2 km is within the line's error.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from shapely.geometry import MultiLineString, Point
from shapely.ops import nearest_points

from truce.errors import Invalid, TruceError
from truce.extract.gazetteer import km

BORDERS_JSON = Path(__file__).with_name("data") / "borders.json"


@lru_cache(maxsize=1)
def _borders() -> dict[str, MultiLineString]:
    if not BORDERS_JSON.is_file():
        raise TruceError(
            f"border data {BORDERS_JSON} is missing: it is built at install time from the npm "
            "package world-atlas (`make install`, or `npm ci && python scripts/vendor_assets.py`)"
        )
    data = json.loads(BORDERS_JSON.read_text(encoding="utf-8"))
    return {name: MultiLineString(parts) for name, parts in data["borders"].items()}


def border_names() -> list[str]:
    """Borders Truce can measure against, e.g. ``["AF-PK", "IN-PK"]``."""
    return sorted(_borders())


def border_line(border: str = "AF-PK") -> MultiLineString:
    """The border as [lon, lat] lines; raises Invalid for an unknown border."""
    lines = _borders().get(border)
    if lines is None:
        raise Invalid(f"unknown border {border!r}; known borders: {', '.join(border_names())}")
    return lines


def distance_to_border_km(lat: float, lon: float, border: str = "AF-PK") -> float:
    """Great-circle distance in km from (lat, lon) to the nearest point of ``border``.

    The nearest point is found in degrees with longitude scaled by cos(latitude),
    which is accurate to a few per cent at these latitudes; the distance itself is
    haversine.
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise Invalid(f"coordinates out of range: lat={lat}, lon={lon}")
    scale = math.cos(math.radians(lat))
    lines = border_line(border)
    scaled = MultiLineString([[(x * scale, y) for x, y in part.coords] for part in lines.geoms])
    _, nearest = nearest_points(Point(lon * scale, lat), scaled)
    return km(lat, lon, nearest.y, nearest.x / scale)
