"""A writable copy of the demo park for the program, supervision and remote-sensing browser
tests: the demo's programs data, an account per role, the two synthetic scenes, and a way to
raise an alarm the way the rules do."""

from __future__ import annotations

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from gis.db.engine import make_engine
from gis.demo import load_demo
from gis.raster.demo import load_demo_scenes
from gis.raster.settings import RasterSettings
from gis.users import add_user
from tests.frontend.browser import PASSWORD, Site

if TYPE_CHECKING:
    from fastapi import FastAPI

    from api.settings import ServerSettings

PARK_ROLES = ("manager", "responder", "inspector", "bureau", "screen")
# coarse pixels: the scenes cover the park in a few hundred pixels a side, generated in seconds
SCENE_PIXEL_M = 40.0

# an enterprise with an online monitoring outlet (tickets reach it) and a carbon unit in
# service with no replacement under way (so it can request one)
ENTERPRISE_SQL = """
SELECT e.id, e.code, s.id AS station_id, s.code AS station_code
FROM enterprises e
JOIN stations s ON s.enterprise_id = e.id AND s.kind = 'cems_outlet'
WHERE EXISTS (
    SELECT 1 FROM carbon_units c
    WHERE c.enterprise_id = e.id AND c.status = 'in_service'
      AND NOT EXISTS (SELECT 1 FROM carbon_jobs j WHERE j.unit_id = c.id AND j.state IN ('requested', 'scheduled', 'picked_up'))
)
ORDER BY e.id LIMIT 1
"""


@dataclass(frozen=True)
class ProgramsPark:
    url: str
    enterprise_id: int
    enterprise_code: str
    station_id: int
    station_code: str
    raster_settings: RasterSettings

    @property
    def enterprise_user(self) -> str:
        return "p-enterprise"


def build_programs_park(url: str, folder: Path) -> ProgramsPark:
    """Load the demo park with its programs, the accounts and the scenes into ``url``."""
    engine = make_engine(url)
    load_demo(engine)
    with engine.connect() as conn:
        row = conn.execute(text(ENTERPRISE_SQL)).one()
    for role in PARK_ROLES:
        add_user(engine, f"p-{role}", role, PASSWORD)
    add_user(engine, "p-enterprise", "enterprise", PASSWORD, enterprise_code=row.code)
    settings = RasterSettings(folder=folder / "catalog")
    load_demo_scenes(engine, folder / "sources", pixel_m=SCENE_PIXEL_M, settings=settings)
    engine.dispose()
    return ProgramsPark(url, row.id, row.code, row.station_id, row.station_code, settings)


def raise_alarm(url: str, station_id: int, parameter: str, value: float, limit: float) -> dict:
    """Open an exceedance alarm (and, at an enterprise's station, its ticket) as the rules would."""

    async def run() -> dict:
        import asyncpg

        from gis.supervision.alarms import raise_alarms
        from gis.supervision.rules.finding import Finding
        from gis.supervision.settings import SupervisionSettings

        conn = await asyncpg.connect(url)
        try:
            now = dt.datetime.now(dt.UTC)
            finding = Finding(station_id, parameter, "limit_instant", now, value, limit)
            opened = await raise_alarms(conn, [finding], now, SupervisionSettings())
        finally:
            await conn.close()
        return opened[0].published()

    # Playwright's sync API owns this thread's event loop: the alarm is raised on another
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def app_on(park: ProgramsPark, server: ServerSettings | None = None) -> FastAPI:
    """The app on the programs park, with the scenes' raster folder."""
    from api.app import create_app
    from gis.supervision.settings import SupervisionSettings

    # no background sweep: the tests decide when an alarm opens
    supervising = SupervisionSettings(supervision_background=False)
    app = create_app(database_url=park.url, server=server, supervising=supervising)
    app.state.raster_settings = park.raster_settings
    return app


def served(park: ProgramsPark):
    from tests.conftest import running_server

    return running_server(app_on(park))


def site_of(address: str) -> Site:
    return Site(f"http://{address}")
