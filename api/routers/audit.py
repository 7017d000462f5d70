"""``/audit``: the tamper-evident record, for admins and the environmental bureau."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.auth.deps import require_roles
from api.deps import PoolDep
from api.responses import JSON
from gis.supervision import audit

router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[require_roles("admin", "bureau")])


@router.get("/verify")
async def verify(pool: PoolDep) -> JSON:
    """Recompute the hash chain; ``first_broken`` names the first event that fails, ``head`` the last hash."""
    async with pool.acquire() as conn:
        report = await audit.verify(conn)
    return JSON(report.as_dict())


@router.get("")
async def events(
    pool: PoolDep,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSON:
    """The newest events (page back with ``before_id``), optionally of one entity."""
    async with pool.acquire() as conn:
        return JSON({"events": await audit.events_for(conn, entity, entity_id, limit, before_id)})
