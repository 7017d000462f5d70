"""Finding places: search by name for the map, nearest things for the inspector in the field."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query

from api.auth.deps import CurrentUser
from api.deps import PoolDep
from api.responses import JSON
from gis.errors import InvalidInput

router = APIRouter(tags=["places"])
SQL = Path(__file__).resolve().parent / "sql"
NEAREST_KINDS = ("enterprise", "outfall", "station", "resource")


@cache
def query(name: str) -> str:
    return (SQL / f"{name}.sql").read_text()


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@router.get("/search")
async def search(
    pool: PoolDep,
    user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=100, description="part of a name, code or CAS")],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    per_kind: Annotated[int, Query(ge=1, le=50, description="most places of one kind")] = 8,
) -> JSON:
    """Enterprises, stations, outfalls and storage units (by chemical or CAS) whose name or code
    matches, each once; a storage unit is named by its chemical and carries its enterprise's name."""
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        rows = await conn.fetch(query("search"), like_pattern(q.strip()), own, limit, per_kind)
    return JSON({"query": q, "results": [dict(r) for r in rows]})


@router.get("/nearest")
async def nearest(
    pool: PoolDep,
    user: CurrentUser,
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    kinds: Annotated[str, Query(description="comma-separated: enterprise,outfall,station,resource")] = (
        "enterprise,outfall"
    ),
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> JSON:
    """The nearest places of each kind with their distance in metres, nearest first."""
    wanted = [k for k in kinds.split(",") if k]
    unknown = set(wanted) - set(NEAREST_KINDS)
    if unknown or not wanted:
        raise InvalidInput(f"kinds are among {', '.join(NEAREST_KINDS)}")
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        rows = await conn.fetch(query("nearest"), lon, lat, wanted, limit, own)
    return JSON({"lon": lon, "lat": lat, "results": [dict(r) for r in rows]})
