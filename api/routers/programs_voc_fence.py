"""The VOC electronic fence: the latest hour on the map, the hours judged, judging an hour."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from api.auth.deps import CurrentUser
from api.deps import PoolDep
from api.responses import JSON
from api.routers.programs_deps import Body, ParkManager, ParkReader, SettingsDep, utcnow
from gis.programs import voc_fence_hours

router = APIRouter(prefix="/programs/voc-fence", tags=["programs: VOC fence"])


class Evaluate(Body):
    hour: AwareDatetime | None = None


@router.get("", dependencies=[ParkReader])
async def fence(pool: PoolDep) -> JSON:
    """The latest hour judged and the boundary stations as GeoJSON (role upwind/downwind/crosswind, Δ, alarm)."""
    async with pool.acquire() as conn:
        latest = await voc_fence_hours.evaluations(conn, limit=1)
        evaluation = latest[0] if latest else None
        stations = await voc_fence_hours.fence_features(conn, evaluation)
    return JSON({"evaluation": evaluation, "stations": stations})


@router.get("/hours", dependencies=[ParkReader])
async def hours(pool: PoolDep, limit: Annotated[int, Query(ge=1, le=24 * 31)] = 24) -> JSON:
    async with pool.acquire() as conn:
        return JSON({"hours": await voc_fence_hours.evaluations(conn, limit=limit)})


@router.post("/evaluate", dependencies=[ParkManager])
async def evaluate(pool: PoolDep, user: CurrentUser, body: Evaluate, settings: SettingsDep) -> JSON:
    """Judge one hour (default: the last complete hour); alarms are raised and announced."""
    now = utcnow()
    hour = body.hour or voc_fence_hours.hour_start(now) - dt.timedelta(hours=1)
    async with pool.acquire() as conn:
        return JSON(await voc_fence_hours.evaluate_hour(conn, hour, settings, now))
