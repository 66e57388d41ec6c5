"""The dashboard in a real browser: Debian's Chromium driven by Playwright, on the demo.

Every page must load without console errors and without a single request leaving
127.0.0.1 (users work offline); the map must show the demo's markers and react to
filters; the report PDF must render. Screenshots are taken on every run; they replace
the README's pictures in docs/screenshots/ only when TRUCE_UPDATE_SCREENSHOTS=1, so a
test run never dirties the working tree.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from truce.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHOTS = (
    REPO / "docs" / "screenshots"
    if os.environ.get("TRUCE_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.mkdtemp(prefix="truce-shots-"))
)
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = {
    "overview": "/",
    "map": "/map",
    "incidents": "/incidents",
    "incident": "/incidents/3",
    "timeline": "/timeline",
    "charts": "/charts",
    "reports": "/reports",
    "daily-report": "/reports/daily?date=2025-10-11",
    "period-report": "/reports/period?from=2025-10-01&to=2025-11-10",
    "ledger": "/ledger",
}

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from truce.services import demo
    from truce.web.app import create_app

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    if not (REPO / "src/truce/web/static/vendor/leaflet/leaflet.js").exists():
        pytest.fail(
            "vendored assets are missing: run `npm ci && .venv/bin/python scripts/vendor_assets.py`"
        )
    home = tmp_path_factory.mktemp("browser")
    settings = Settings(database_url=f"sqlite:///{home}/truce.db", home=home)
    demo.prepare(settings, fresh=True)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Console errors, failed requests and any request not to 127.0.0.1."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if url.hostname != "127.0.0.1":
            self.outside.append(request.url)

    def check(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"


def _screenshot(page: Any, name: str) -> None:
    """A viewport PNG reduced to a 64-colour palette, small enough to commit."""
    from PIL import Image

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _new_page(browser: Any) -> Any:
    return browser.new_page(viewport={"width": 1280, "height": 860})


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_offline_without_errors(browser: Any, server: str, name: str) -> None:
    page = _new_page(browser)
    watch = Watch(page)
    response = page.goto(server + PAGES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    if name == "map":
        page.wait_for_function("document.getElementById('map').dataset.markers > 0")
        page.wait_for_selector("path.incident-marker", state="attached")
    _screenshot(page, name)
    watch.check()
    page.close()


def _marker_count(page: Any) -> int:
    page.wait_for_function("document.getElementById('map').getAttribute('aria-busy') === 'false'")
    return int(page.eval_on_selector("#map", "el => Number(el.dataset.markers)"))


def test_map_shows_demo_markers_and_filters_change_them(browser: Any, server: str) -> None:
    import httpx

    public = httpx.get(server + "/api/map").json()
    page = _new_page(browser)
    watch = Watch(page)
    page.goto(server + "/map", wait_until="networkidle")
    everything = _marker_count(page)
    assert everything == len(public["features"]) > 3
    # The AF–PK boundary is drawn (a dashed red path from topojson.mesh).
    assert page.locator("path[stroke='#b22222']").count() >= 1
    page.select_option("select[name=type]", "armed_clash")
    clashes = _marker_count(page)
    expected = [f for f in public["features"] if f["properties"]["event_type"] == "armed_clash"]
    assert clashes == len(expected) < everything
    page.select_option("select[name=type]", "")
    page.fill("input[name=from]", "2025-10-20")
    page.dispatch_event("input[name=from]", "change")
    later = _marker_count(page)
    assert later == sum(
        1 for f in public["features"] if f["properties"]["date_end"] >= "2025-10-20"
    )
    assert later < everything
    assert "from=2025-10-20" in page.get_attribute("#map-export", "href")
    watch.check()
    page.close()


def test_marker_popup_links_to_the_incident(browser: Any, server: str) -> None:
    import httpx

    near = [
        f["properties"]
        for f in httpx.get(server + "/api/map").json()["features"]
        if f["properties"]["border_km"] < 100
    ]
    day = near[0]["date"]
    page = _new_page(browser)
    page.goto(server + "/map", wait_until="networkidle")
    _marker_count(page)
    page.fill("input[name=from]", day)
    page.fill("input[name=to]", day)
    page.dispatch_event("input[name=to]", "change")
    assert _marker_count(page) == sum(1 for p in near if p["date"] <= day <= p["date_end"]) >= 1
    page.locator("path.incident-marker").first.click()
    link = page.locator(".incident-popup a")
    assert "km from the AF–PK border" in page.inner_text(".incident-popup")
    link.click()
    page.wait_for_url("**/incidents/*")
    assert page.locator("h1").inner_text().startswith("Incident")
    page.close()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_report_pdf_renders(server: str, tmp_path: Path) -> None:
    import httpx

    pdf = httpx.get(server + "/reports/period.pdf?from=2025-10-01&to=2025-11-10", timeout=60)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "r.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    pngs = sorted(tmp_path.glob("p*.png"))
    assert pngs and pngs[0].stat().st_size > 10_000  # a rendered page, not a blank one
    from PIL import Image

    with Image.open(pngs[0]) as img:
        img.convert("RGB").quantize(colors=64).save(SHOTS / "report-pdf.png", optimize=True)
