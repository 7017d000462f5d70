"""Liveness and store health."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from api.deps import PoolDep
from api.responses import JSON

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(pool: PoolDep) -> JSON:
    """200 with the database's status when the store answers, 503 when it does not."""
    try:
        async with asyncio.timeout(3):
            async with pool.acquire() as conn:
                row = await conn.fetchrow(
                    "SELECT current_database() AS database, postgis_lib_version() AS postgis, "
                    "(SELECT count(*) FROM enterprises) AS enterprises"
                )
    except Exception as exc:  # any failure to reach the store is a 503, never a 500
        return JSON(
            {"status": "unavailable", "error": "store_unavailable", "detail": str(exc) or type(exc).__name__},
            status_code=503,
        )
    return JSON({"status": "ok", "database": dict(row)})
