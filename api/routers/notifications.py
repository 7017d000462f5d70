"""Where notices go and what became of them (admins)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import ActorDep
from gis.supervision.notify.outbox import list_notifications
from gis.supervision.notify.targets import add_target, list_targets, set_active

router = APIRouter(tags=["notifications"], dependencies=[require_roles("admin")])


class TargetIn(BaseModel):
    audience: Literal["enterprise", "township", "park", "district"]
    channel: Literal["webhook", "email"]
    address: str = Field(min_length=3, max_length=500)
    enterprise_id: int | None = None
    secret: str | None = Field(
        None, min_length=16, max_length=200, description="webhook HMAC key; generated if absent"
    )


@router.get("/notification-targets")
async def targets(pool: PoolDep) -> JSON:
    async with pool.acquire() as conn:
        return JSON({"targets": await list_targets(conn)})


@router.post("/notification-targets", status_code=201)
async def create_target(pool: PoolDep, actor: ActorDep, body: TargetIn) -> JSON:
    """A new target; a webhook's signing secret is returned once."""
    async with pool.acquire() as conn:
        target = await add_target(
            conn, body.audience, body.channel, body.address, body.enterprise_id, body.secret, actor
        )
    return JSON(target, status_code=201)


@router.post("/notification-targets/{target_id}/{state}")
async def activate(
    pool: PoolDep, actor: ActorDep, target_id: RowId, state: Literal["activate", "deactivate"]
) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await set_active(conn, target_id, state == "activate", actor))


@router.get("/notifications")
async def outbox(
    pool: PoolDep,
    status: Literal["pending", "sent", "failed"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSON:
    """The outbox, newest first: attempts, next attempt and last error of each notice."""
    async with pool.acquire() as conn:
        return JSON({"notifications": await list_notifications(conn, status, limit)})
