"""A signed-in chromium page on a running ParkMap, and what the browser tests ask of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PASSWORD = "frontend-test-pass"


@dataclass(frozen=True)
class Site:
    """A running app: its origin, and sign-in for the accounts made for the tests."""

    origin: str
    password: str = PASSWORD

    def token(self, username: str) -> dict:
        answer = httpx.post(
            f"{self.origin}/auth/token", data={"username": username, "password": self.password}
        )
        answer.raise_for_status()
        return answer.json()


class Page:
    """A page that remembers every URL it asked for and every error it threw."""

    def __init__(self, context, site: Site):
        self.site = site
        self.page = context.pages[0] if context.pages else context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda socket: self.requests.append(socket.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def sign_in(self, username: str) -> None:
        session = self.site.token(username)
        self.page.goto(f"{self.site.origin}/login")
        self.page.evaluate("s => localStorage.setItem('parkmap.session', s)", json.dumps(session))

    def log_in(self, username: str, path: str) -> None:
        """Sign in through the login form, as a person does, and land on ``path``."""
        self.page.goto(f"{self.site.origin}/login?next={path}")
        self.page.fill("form.login input[name=username]", username)
        self.page.fill("form.login input[name=password]", self.site.password)
        self.page.click("form.login button[type=submit]")
        self.page.wait_for_url(f"{self.site.origin}{path}")
        self.page.wait_for_function("() => performance.getEntriesByName('parkmap:first-map').length > 0")

    def open(self, path: str) -> None:
        """Load a page and wait until the map's first tiles are in."""
        self.page.goto(f"{self.site.origin}{path}")
        self.page.wait_for_function("() => performance.getEntriesByName('parkmap:first-map').length > 0")

    def first_map_ms(self) -> float:
        return self.page.evaluate("performance.getEntriesByName('parkmap:first-map')[0].startTime")

    def zoom_step_ms(self, step: int = 1) -> float:
        """Milliseconds from a zoom change until the new tiles are loaded and painted."""
        return self.page.evaluate(
            """(step) => new Promise((resolve) => {
                const { map, tiles } = window.parkmap;
                const started = performance.now();
                tiles.once('load', () => requestAnimationFrame(() => resolve(performance.now() - started)));
                map.setZoom(map.getZoom() + step, { animate: false });
            })""",
            step,
        )

    def point_of(self, lat: float, lng: float) -> tuple[float, float]:
        """Page coordinates of a place on the map."""
        x, y = self.page.evaluate(
            """([lat, lng]) => {
                const map = window.parkmap.map;
                const p = map.latLngToContainerPoint([lat, lng]);
                const box = map.getContainer().getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            [lat, lng],
        )
        return x, y

    def wait_for_tiles(self) -> None:
        self.page.wait_for_function(
            "() => !document.querySelector('.leaflet-tile-container .leaflet-tile:not(.leaflet-tile-loaded)')"
        )

    def screenshot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"))

    def foreign_requests(self) -> list[str]:
        """Requests that left the app's origin (data: and blob: URLs never leave the page)."""
        origin = urlsplit(self.site.origin)
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.hostname != origin.hostname or parts.port != origin.port:
                foreign.append(url)
        return foreign
