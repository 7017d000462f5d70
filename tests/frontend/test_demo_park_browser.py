"""The map on the demo park, as a first-time user meets it after ``./parkmap run``.

The crafted park of test_map_browser.py pins exact values; this walks the same steps on the
demo park itself (60 enterprises, 800+ pipes, 30 stations): tiles drawn in each mode at its
size, a click on an enterprise opens its card, the layer tree hides a layer, search flies to
a station. Every page must keep to the app's origin (checked by ``open_page``).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from gis.db.engine import make_engine
from tests.frontend.conftest import DEMO_ACCOUNT

pytestmark = pytest.mark.browser

DRAWN = (
    "() => document.querySelectorAll('.leaflet-tile-container path[pointer-events=auto], "
    ".leaflet-tile-container circle[pointer-events=auto]').length"
)


@pytest.fixture(scope="module")
def demo_places(demo_database_url):
    """A point inside an enterprise with no storage unit or station on it, and a station."""
    engine = make_engine(demo_database_url)
    with engine.connect() as conn:
        enterprise = conn.execute(
            text(
                """
                SELECT e.name_zh, ST_Y(p) AS lat, ST_X(p) AS lon
                FROM enterprises e, LATERAL ST_PointOnSurface(ST_Buffer(e.geom::geography, -25)::geometry) p
                WHERE NOT EXISTS (SELECT 1 FROM storage_units u WHERE ST_DWithin(u.geom::geography, p::geography, 30))
                  AND NOT EXISTS (SELECT 1 FROM stations s WHERE ST_DWithin(s.geom::geography, p::geography, 30))
                  AND NOT EXISTS (SELECT 1 FROM pipes s WHERE ST_DWithin(s.geom::geography, p::geography, 20))
                ORDER BY ST_Area(e.geom) DESC
                LIMIT 1
                """
            )
        ).one()
        station = conn.execute(
            text(
                "SELECT name_zh, ST_Y(geom) AS lat, ST_X(geom) AS lon FROM stations WHERE kind = 'air_boundary' LIMIT 1"
            )
        ).one()
    engine.dispose()
    return {"enterprise": enterprise, "station": station}


def test_a_first_look_at_the_demo_park(open_page, demo_site, demo_places, artifacts):
    page = open_page(1440, 900, on=demo_site)
    page.sign_in(DEMO_ACCOUNT)
    page.open("/respond")
    page.wait_for_tiles()
    assert page.page.evaluate(DRAWN) > 100, "the park's enterprises, pipes and stations are drawn"
    page.screenshot(artifacts, "demo-respond-1440x900")

    enterprise = demo_places["enterprise"]
    page.page.evaluate(
        "([lat, lon]) => window.parkmap.map.setView([lat, lon], 17, { animate: false })",
        [enterprise.lat, enterprise.lon],
    )
    page.wait_for_tiles()
    page.page.mouse.click(*page.point_of(enterprise.lat, enterprise.lon))
    card = page.page.locator(".feature-panel")
    card.wait_for(state="visible")
    assert enterprise.name_zh in card.locator(".feature-name").inner_text()

    shown = page.page.evaluate(DRAWN)
    page.page.locator('.layer-tree input[data-choice="enterprise_fill"][value=""]').check()
    page.page.wait_for_function(f"() => ({DRAWN})() < {shown}")
    page.page.locator('.layer-tree input[data-layer="enterprises"]').check()
    page.page.wait_for_function(f"() => ({DRAWN})() >= {shown}")

    station = demo_places["station"]
    page.page.fill(".search-input", station.name_zh)
    hit = page.page.locator('.search-hit[data-collection="stations"]').first
    hit.wait_for()
    hit.click()
    page.page.wait_for_function(
        """([lat, lng]) => {
            const c = window.parkmap.map.getCenter();
            return Math.abs(c.lat - lat) < 0.0005 && Math.abs(c.lng - lng) < 0.0005;
        }""",
        arg=[station.lat, station.lon],
    )
    assert station.name_zh in card.locator(".feature-name").inner_text()
    card.locator(".station-chart").wait_for()
    page.screenshot(artifacts, "demo-respond-station")


@pytest.mark.parametrize(
    "mode,width,height", [("screen", 1920, 1080), ("screen", 3840, 2160), ("field", 375, 812)]
)
def test_each_mode_draws_the_demo_park_at_its_size(open_page, demo_site, artifacts, mode, width, height):
    options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if mode == "field" else {}
    page = open_page(width, height, on=demo_site, **options)
    page.sign_in(DEMO_ACCOUNT)
    page.open(f"/{mode}")
    page.wait_for_tiles()
    assert page.page.evaluate(DRAWN) > 50
    overflow = page.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "nothing sticks out sideways"
    page.screenshot(artifacts, f"demo-{mode}-{width}x{height}")
