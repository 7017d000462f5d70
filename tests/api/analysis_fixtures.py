"""Accounts and a logged-in client on the demo park for the analysis tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import numpy as np
from sqlalchemy import text

from gis.analysis.dispersion import peak_concentration
from gis.analysis.geodesy import LocalFrame, local_to_wind
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release
from gis.db.engine import make_engine
from gis.errors import Conflict
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, login

ROLES_USED = ("admin", "manager", "responder", "inspector", "bureau", "screen", "enterprise")
ENTERPRISE_CODE = "JA-E001"


def ensure_accounts(url: str) -> None:
    """One ``an-<role>`` account per role (idempotent: several modules share the demo park)."""
    engine = make_engine(url)
    for role in ROLES_USED:
        try:
            code = ENTERPRISE_CODE if role == "enterprise" else None
            add_user(engine, f"an-{role}", role, TEST_PASSWORD, enterprise_code=code)
        except Conflict:
            pass
    engine.dispose()


def rows(url: str, query: str, **params: Any) -> list[Any]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = list(conn.execute(text(query), params))
    engine.dispose()
    return found


def execute(url: str, query: str, many: list[dict[str, Any]] | None = None, **params: Any) -> list[Any]:
    """Run a statement (for each of ``many`` when given) and commit; rows it returns, if any."""
    engine = make_engine(url)
    with engine.begin() as conn:
        result = conn.execute(text(query), many if many is not None else params)
        found = list(result) if result.returns_rows else []
    engine.dispose()
    return found


@asynccontextmanager
async def analysis_client(
    demo_app, demo_database_url
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]]]]:
    """A client of the demo-park app and the Authorization headers of each role."""
    ensure_accounts(demo_database_url)
    transport = httpx.ASGITransport(app=demo_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://parkmap.test") as client:
        headers = {role: await login(client, f"an-{role}") for role in ROLES_USED}
        yield client, headers


def write_voc_episode(
    url: str, start: dt.datetime, hours: int, background: float, emission_g_s: float = 25.0
) -> dict[str, Any]:
    """Store ``hours`` of readings in which one pharmaceutical plant leaks NMHC and the wind
    swings round from hour to hour: every VOC and boundary station reads ``background`` plus
    what a Gaussian plume from the plant puts there, every 10 minutes; the met station the wind."""
    ((source_id, source_code, lon, lat),) = rows(
        url,
        "SELECT id, code, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom)) FROM enterprises "
        "WHERE industry = 'pharma_intermediate' ORDER BY code LIMIT 1",
    )
    stations = rows(
        url,
        "SELECT id, code, ST_X(geom), ST_Y(geom) FROM stations WHERE kind IN ('voc', 'air_boundary') ORDER BY code",
    )
    ((met,),) = rows(url, "SELECT id FROM stations WHERE kind = 'met'")
    frame = LocalFrame(lon, lat)
    bearings = {}
    for sid, _, x, y in stations:
        e, n = frame.to_local(x, y)
        bearings[sid] = float(np.degrees(np.arctan2(e, n))) % 360
    order = sorted(bearings, key=bearings.get)
    release = Release(lon, lat, rate_g_s=emission_g_s)
    values = []
    for hour in range(hours):
        target = order[(hour * max(1, len(order) // min(hours, len(order)))) % len(order)]
        wind_from = (bearings[target] + 180.0) % 360  # blowing from the plant towards the target
        weather = Weather(3.0, wind_from, "D")
        for minute in range(0, 60, 10):
            at = start + dt.timedelta(hours=hour, minutes=minute)
            values += [(met, "wind_speed", at, 3.0), (met, "wind_dir", at, wind_from)]
            for sid, _, x, y in stations:
                e, n = frame.to_local(x, y)
                down, cross = local_to_wind(e, n, wind_from)
                c = float(peak_concentration(release, weather, down, cross)) if down > 0 else 0.0
                values.append((sid, "nmhc", at, background + c + 0.001 * (minute % 3)))
    execute(
        url,
        "INSERT INTO readings (station_id, parameter, ts, value) VALUES (:s, :p, :t, :v)",
        [{"s": s, "p": p, "t": t, "v": v} for s, p, t, v in values],
    )
    return {"id": source_id, "code": source_code, "lon": lon, "lat": lat, "stations": stations}
