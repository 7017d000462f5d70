"""Field inspections: findings, photos and the GPS position, from the inspector's phone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as FPath
from fastapi.responses import FileResponse

from api.auth.deps import CurrentUser, require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from gis.errors import InvalidInput, NotFound
from gis.uploads import store_evidence

router = APIRouter(prefix="/inspections", tags=["inspections"])
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
MAX_PHOTOS = 8
MAX_PHOTO_BYTES = 8 * 1024 * 1024
Inspector = require_roles("admin", "manager", "inspector", "responder")

SELECT_INSPECTIONS = """
SELECT i.id, i.enterprise_id, e.name_zh AS enterprise_name_zh, e.name_en AS enterprise_name_en,
       u.username AS inspector, i.at, i.findings, i.photos, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM inspections i
LEFT JOIN enterprises e ON e.id = i.enterprise_id
LEFT JOIN users u ON u.id = i.inspector_id
WHERE ($1::int IS NULL OR i.enterprise_id = $1) AND ($2::int IS NULL OR i.id = $2)
ORDER BY i.at DESC
LIMIT $3
"""


def photo_folder(request: Request):
    return request.app.state.store_settings.home / "uploads" / "inspections"


def _row(record) -> dict:
    row = dict(record)
    row["photos"] = [
        {"url": f"/inspections/{row['id']}/photos/{n}", "media_type": p["media_type"]}
        for n, p in enumerate(row["photos"] or [])
    ]
    return row


@router.post("", status_code=201, dependencies=[Inspector])
async def create_inspection(
    request: Request,
    pool: PoolDep,
    user: CurrentUser,
    findings: Annotated[str, Form(min_length=1, max_length=10_000)],
    lon: Annotated[float, Form(ge=-180, le=180)],
    lat: Annotated[float, Form(ge=-90, le=90)],
    enterprise_id: Annotated[int | None, Form()] = None,
    photos: Annotated[list[UploadFile] | None, File()] = None,
) -> JSON:
    """Record an inspection at a place, optionally of an enterprise, with up to 8 photos."""
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(f"at most {MAX_PHOTOS} photos per inspection")
    async with pool.acquire() as conn:
        if enterprise_id is not None and not await conn.fetchval(
            "SELECT 1 FROM enterprises WHERE id = $1", enterprise_id
        ):
            raise NotFound(f"no enterprise {enterprise_id}")
        stored = []
        for n, photo in enumerate(photos, start=1):
            content = await photo.read(MAX_PHOTO_BYTES + 1)
            kept = store_evidence(photo_folder(request), content, PHOTO_TYPES, MAX_PHOTO_BYTES, f"photo {n}")
            stored.append({"file": kept.name, "media_type": kept.media_type, "bytes": kept.size})
        new_id = await conn.fetchval(
            "INSERT INTO inspections (enterprise_id, inspector_id, findings, photos, geom) "
            "VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)) RETURNING id",
            enterprise_id,
            user.user_id,
            findings,
            stored,
            lon,
            lat,
        )
        record = await conn.fetchrow(SELECT_INSPECTIONS, None, new_id, 1)
    return JSON(_row(record), status_code=201)


@router.get("")
async def list_inspections(pool: PoolDep, user: CurrentUser, limit: int = 100) -> JSON:
    """Recent inspections; an enterprise account sees only those of its own enterprise."""
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit is 1..1000")
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        rows = await conn.fetch(SELECT_INSPECTIONS, own, None, limit)
    return JSON({"inspections": [_row(r) for r in rows]})


@router.get("/{inspection_id}/photos/{n}")
async def inspection_photo(
    request: Request,
    pool: PoolDep,
    user: CurrentUser,
    inspection_id: RowId,
    n: Annotated[int, FPath(ge=0, le=100)],
):
    own = user.enterprise_id if user.scope.is_enterprise else None
    async with pool.acquire() as conn:
        record = await conn.fetchrow(SELECT_INSPECTIONS, own, inspection_id, 1)
    if record is None or not 0 <= n < len(record["photos"] or []):
        raise NotFound("no such photo")
    photo = record["photos"][n]
    return FileResponse(photo_folder(request) / photo["file"], media_type=photo["media_type"])
