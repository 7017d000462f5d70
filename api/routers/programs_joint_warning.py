"""Joint early warning for a place, the programs' KPI summary, and health-code factors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth.deps import CurrentUser
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.programs_deps import ParkReader, SettingsDep, own, utcnow
from gis.errors import NotFound
from gis.programs import health, joint_warning, summary

router = APIRouter(prefix="/programs", tags=["programs: joint early warning"])


@router.get("/joint-warning", dependencies=[ParkReader])
async def joint(
    pool: PoolDep,
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    radius_m: Annotated[float, Query(gt=0, le=20_000)] = 1000.0,
) -> JSON:
    """Water, air and soil signals around a point, and the prevention level that contains it
    (enterprise, park or basin); ``features`` is a GeoJSON FeatureCollection for the map."""
    async with pool.acquire() as conn:
        return JSON(await joint_warning.joint_warning(conn, lon, lat, radius_m, utcnow()))


@router.get("/summary", dependencies=[ParkReader])
async def programs_summary(pool: PoolDep, settings: SettingsDep) -> JSON:
    """Counts per program for the big screen's KPI tiles."""
    async with pool.acquire() as conn:
        return JSON(await summary.summary(conn, utcnow(), settings))


@router.get("/health-factors/{enterprise_id}")
async def health_factors(
    pool: PoolDep, user: CurrentUser, enterprise_id: RowId, settings: SettingsDep
) -> JSON:
    """What the programs add to an enterprise's health code; an enterprise sees only its own."""
    scope = own(user)
    if scope is not None and scope != enterprise_id:
        raise NotFound(f"no enterprise {enterprise_id}")
    async with pool.acquire() as conn:
        if not await conn.fetchval("SELECT 1 FROM enterprises WHERE id = $1", enterprise_id):
            raise NotFound(f"no enterprise {enterprise_id}")
        factors = await health.health_factors(conn, enterprise_id, utcnow(), settings)
    return JSON(
        {
            "enterprise_id": enterprise_id,
            "code": health.worst([f.code for f in factors]),
            "factors": [f.as_dict() for f in factors],
        }
    )
