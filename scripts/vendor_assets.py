"""Copy the browser assets Truce serves itself from node_modules into static/vendor.

Users work offline or on thin links, so no page may load anything from a CDN or a
tile server: Leaflet, its clustering plugin, the TopoJSON client and Natural Earth
country outlines (npm ``world-atlas``) are installed with ``npm ci`` and copied here.
Run after ``npm ci``: ``.venv/bin/python scripts/vendor_assets.py``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NODE = REPO / "node_modules"
VENDOR = REPO / "src" / "truce" / "web" / "static" / "vendor"

# (file under node_modules, name under static/vendor)
FILES: tuple[tuple[str, str], ...] = (
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/LICENSE", "leaflet/LICENSE"),
    (
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "markercluster/leaflet.markercluster.js",
    ),
    ("leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css"),
    (
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "markercluster/MarkerCluster.Default.css",
    ),
    ("leaflet.markercluster/MIT-LICENCE.txt", "markercluster/LICENSE"),
    ("topojson-client/dist/topojson-client.min.js", "topojson/topojson-client.min.js"),
    ("topojson-client/LICENSE", "topojson/LICENSE"),
    ("world-atlas/countries-50m.json", "world-atlas/countries-50m.json"),
    ("world-atlas/LICENSE", "world-atlas/LICENSE"),
)
DIRS: tuple[tuple[str, str], ...] = (("leaflet/dist/images", "leaflet/images"),)


def main() -> int:
    if not NODE.is_dir():
        sys.stderr.write("node_modules is missing: run `npm ci --no-audit --no-fund` first\n")
        return 2
    missing = [src for src, _ in FILES if not (NODE / src).is_file()]
    missing += [src for src, _ in DIRS if not (NODE / src).is_dir()]
    if missing:
        sys.stderr.write("missing in node_modules (run `npm ci`): " + ", ".join(missing) + "\n")
        return 2
    for src, dst in FILES:
        target = VENDOR / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    for src, dst in DIRS:
        shutil.copytree(NODE / src, VENDOR / dst, dirs_exist_ok=True)
    sys.stdout.write(f"vendored {len(FILES)} files and {len(DIRS)} folders into {VENDOR}\n")
    _build_borders()
    return 0


def _build_borders() -> None:
    """Derive the border lines the extractor and the dashboard measure distances to.

    They come from the same Natural Earth data (npm ``world-atlas``), at 1:10m; nothing
    derived from third-party data is committed to the repository.
    """
    import json

    from truce.extract.data.build_border import build

    topology = json.loads((NODE / "world-atlas" / "countries-10m.json").read_text(encoding="utf-8"))
    out = REPO / "src" / "truce" / "extract" / "data" / "borders.json"
    out.write_text(json.dumps(build(topology), separators=(",", ":")) + "\n", encoding="utf-8")
    sys.stdout.write(f"built {out.relative_to(REPO)} from world-atlas countries-10m\n")


if __name__ == "__main__":
    raise SystemExit(main())
