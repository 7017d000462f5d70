"""Enterprise health codes: the colour, and the reason for it."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import ActorDep, SettingsDep, utcnow
from gis.errors import NotFound
from gis.supervision import health

router = APIRouter(tags=["health codes"])


@router.get("/enterprises/{enterprise_id}/health")
async def enterprise_health(pool: PoolDep, actor: ActorDep, enterprise_id: RowId) -> JSON:
    """green / yellow / orange / red, with every factor, its count and points, and the thresholds."""
    async with pool.acquire() as conn:
        found = await health.health_of(conn, enterprise_id, actor.enterprise_scope)
    if found is None:
        raise NotFound(f"no enterprise {enterprise_id}")
    return JSON(found)


@router.get("/health-codes")
async def health_codes(pool: PoolDep, actor: ActorDep) -> JSON:
    """Every enterprise's colour and score (an enterprise sees its own)."""
    async with pool.acquire() as conn:
        rows = await health.list_health(conn, actor.enterprise_scope)
    return JSON({"enterprises": rows})


@router.post("/health-codes/recompute", dependencies=[require_roles("admin", "manager")])
async def recompute(pool: PoolDep, actor: ActorDep, settings: SettingsDep) -> JSON:
    """Recompute every colour now (the schedule does it every tick)."""
    async with pool.acquire() as conn:
        changes = await health.recompute(conn, utcnow(), settings, None, actor)
    return JSON({"changes": changes})
