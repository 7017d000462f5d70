"""The enterprise card: who it is, its health code, its chemicals and stations."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth.deps import CurrentUser
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.places import query
from gis.errors import NotFound

router = APIRouter(prefix="/enterprises", tags=["enterprises"])


@router.get("/{enterprise_id}")
async def enterprise_card(pool: PoolDep, user: CurrentUser, enterprise_id: RowId) -> JSON:
    """An enterprise account sees only its own card; others' cards are not found."""
    if user.scope.is_enterprise and user.enterprise_id != enterprise_id:
        raise NotFound(f"no enterprise {enterprise_id}")
    async with pool.acquire() as conn:
        row = await conn.fetchrow(query("enterprise_card"), enterprise_id)
    if row is None:
        raise NotFound(f"no enterprise {enterprise_id}")
    return JSON(dict(row))
