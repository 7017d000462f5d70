"""Station values: latest per parameter, the park at a past moment, history for charts and CSV, provenance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from starlette.responses import StreamingResponse

from api.auth.deps import CurrentUser
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import SettingsDep
from gis.errors import InvalidInput, NotFound
from gis.readings.history import history, history_csv_lines
from gis.readings.provenance import provenance
from gis.supervision.levels import judged
from gis.supervision.limits import station_limits
from gis.supervision.parameters import load_parameters
from gis.supervision.replay import park_at

router = APIRouter(prefix="/stations", tags=["stations"])

STATION_SQL = """
SELECT s.id, s.code, s.name_zh, s.name_en, s.kind, s.enterprise_id, s.parameters, s.last_seen,
       ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
FROM stations s
WHERE s.id = $1 AND ($2::int IS NULL OR s.enterprise_id = $2)
"""
LATEST_SQL = """
SELECT DISTINCT ON (parameter) parameter, ts, value, flag
FROM readings
WHERE station_id = $1 AND ts > now() - interval '7 days'
ORDER BY parameter, ts DESC
"""


def attachment(name: str) -> str:
    """A download's Content-Disposition: an ASCII name for every client and the exact one
    (RFC 6266 / 5987) for those that read it; a header holds Latin-1 only."""
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


async def visible_station(pool, user: CurrentUser, station_id: int) -> dict:
    """The station when the caller may see it; 404 (not 403) so no one learns what exists."""
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        row = await conn.fetchrow(STATION_SQL, station_id, own)
    if row is None:
        raise NotFound(f"no station {station_id}")
    return dict(row)


@router.get("/at")
async def stations_at(
    pool: PoolDep,
    user: CurrentUser,
    settings: SettingsDep,
    at: dt.datetime,
    lookback: Annotated[int, Query(ge=1, le=1440, description="minutes a value stays shown")] = 120,
) -> JSON:
    """The park at ``at`` for the time slider: each station's values then, judged, and the open alarms."""
    if at.tzinfo is None:
        raise InvalidInput("at needs a time zone (for example 2026-11-25T08:00:00+08:00)")
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        found = await park_at(
            conn,
            at,
            lookback=dt.timedelta(minutes=lookback),
            enterprise_id=own,
            warning_ratio=settings.level_warning_ratio,
            max_alarms=200,
        )
    return JSON(found)


@router.get("/{station_id}")
async def station(pool: PoolDep, user: CurrentUser, station_id: RowId) -> JSON:
    return JSON(await visible_station(pool, user, station_id))


@router.get("/{station_id}/latest")
async def latest(pool: PoolDep, user: CurrentUser, settings: SettingsDep, station_id: RowId) -> JSON:
    """The newest value of each parameter (within the last 7 days), with its level against the limits."""
    found = await visible_station(pool, user, station_id)
    async with pool.acquire() as conn:
        rows = await conn.fetch(LATEST_SQL, station_id)
        values = await judged(
            conn, [{"station_id": station_id, **r} for r in rows], settings.level_warning_ratio
        )
    return JSON({"station_id": station_id, "code": found["code"], "values": values})


@router.get("/{station_id}/limits")
async def limits_of_station(
    pool: PoolDep,
    user: CurrentUser,
    station_id: RowId,
    parameter: Annotated[str | None, Query(min_length=1, max_length=24)] = None,
) -> JSON:
    """The limits the station is judged by as they stand (its own before its class's)."""
    await visible_station(pool, user, station_id)
    async with pool.acquire() as conn:
        found = await station_limits(conn, [station_id])
    rows = [
        {"parameter": limit.parameter, "value": limit.value, **limit.cited()}
        for (_, name), limits in sorted(found.items())
        if parameter is None or name == parameter
        for limit in limits
    ]
    return JSON({"station_id": station_id, "limits": rows})


@router.get("/{station_id}/readings")
async def readings(
    pool: PoolDep,
    user: CurrentUser,
    settings: SettingsDep,
    station_id: RowId,
    parameter: Annotated[str, Query(min_length=1, max_length=24)],
    start: Annotated[dt.datetime | None, Query(alias="from")] = None,
    end: Annotated[dt.datetime | None, Query(alias="to")] = None,
    interval: Literal["raw", "1m", "1h", "1d"] = "raw",
    format: Literal["json", "csv"] = "json",
):
    """History downsampled to what a chart can show (≤ 2000 points); ``format=csv`` downloads it."""
    await visible_station(pool, user, station_id)
    end = end or dt.datetime.now(dt.UTC)
    start = start or end - dt.timedelta(hours=24)
    series = await history(pool, station_id, parameter, start, end, interval)
    if format == "csv":
        name = f"station-{station_id}-{parameter}-{start:%Y%m%d%H%M}-{end:%Y%m%d%H%M}.csv"
        return StreamingResponse(
            history_csv_lines(series),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": attachment(name)},
        )
    known = load_parameters(settings.parameters_file).get(parameter)
    return JSON(
        {
            "station_id": station_id,
            "parameter": parameter,
            "unit": known.unit if known else None,
            "from": series.start,
            "to": series.end,
            "interval": series.interval,
            "step_seconds": series.step_seconds,
            "source": series.source,
            "points": [[p.ts, p.value, p.flag, p.min, p.max, p.count] for p in series.points],
        }
    )


@router.get("/{station_id}/provenance")
async def value_provenance(
    pool: PoolDep,
    user: CurrentUser,
    station_id: RowId,
    parameter: Annotated[str, Query(min_length=1, max_length=24)],
    ts: dt.datetime,
) -> JSON:
    """The raw packet or message a value on the map came from."""
    await visible_station(pool, user, station_id)
    return JSON(dataclasses.asdict(await provenance(pool, station_id, parameter, ts)))
