"""``/alarms`` and the big screen's ``/dashboard/kpis``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import ActorDep, WritingActor, utcnow
from gis.supervision import alarms
from gis.supervision.kpis import dashboard_kpis

router = APIRouter(tags=["alarms"])
Officer = require_roles("admin", "manager", "inspector")


class CloseIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


@router.get("/alarms")
async def list_alarms(
    pool: PoolDep,
    actor: ActorDep,
    status: Literal["open", "closed"] | None = None,
    station_id: int | None = None,
    enterprise_id: int | None = None,
    rule: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSON:
    """Alarms, newest first, with their station's place and their ticket; an enterprise sees its own."""
    async with pool.acquire() as conn:
        rows = await alarms.list_alarms(conn, actor, status, station_id, enterprise_id, rule, limit, offset)
    return JSON({"alarms": rows})


@router.get("/alarms/{alarm_id}")
async def get_alarm(pool: PoolDep, actor: ActorDep, alarm_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await alarms.get_alarm(conn, alarm_id, actor))


@router.post("/alarms/{alarm_id}/close", dependencies=[Officer])
async def close_alarm(pool: PoolDep, actor: WritingActor, alarm_id: RowId, body: CloseIn) -> JSON:
    """Close an alarm by hand, with the reason (an alarm with a ticket closes with its ticket)."""
    async with pool.acquire() as conn:
        return JSON(await alarms.close_alarm(conn, alarm_id, actor, body.note, utcnow()))


@router.get("/dashboard/kpis")
async def kpis(pool: PoolDep, actor: ActorDep) -> JSON:
    """stations_online (a reading in the last 15 min), stations_total, alarms_open, tickets_overdue, health_codes."""
    async with pool.acquire() as conn:
        return JSON(await dashboard_kpis(conn, actor.enterprise_scope, utcnow()))
