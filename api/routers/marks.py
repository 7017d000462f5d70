"""``/marks``: what an enterprise says about its own data, with evidence; officers review them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import (
    ActorDep,
    EvidenceFolder,
    SettingsDep,
    WritingActor,
    read_evidence,
    utcnow,
)
from gis.errors import NotFound
from gis.supervision import evidence, marks, suspicion

router = APIRouter(prefix="/marks", tags=["marks"])
Officer = require_roles("admin", "manager", "inspector")
Marker = require_roles("admin", "manager", "inspector", "enterprise")


class MarkIn(BaseModel):
    station_id: int
    kind: Literal["shutdown", "transition", "maintenance", "calibration", "fault"]
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    reason: str = Field(min_length=1, max_length=2000)
    parameter: str | None = Field(None, max_length=24)


class ReviewIn(BaseModel):
    verdict: Literal["valid", "rejected"]
    note: str | None = Field(None, max_length=2000)


@router.get("")
async def list_marks(
    pool: PoolDep,
    actor: ActorDep,
    station_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    status: Literal["valid", "suspicious", "rejected", "withdrawn"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> JSON:
    """Marks overlapping [since, until), newest first; an enterprise sees its own stations' marks."""
    async with pool.acquire() as conn:
        return JSON({"marks": await marks.list_marks(conn, actor, station_id, since, until, status, limit)})


@router.post("", status_code=201, dependencies=[Marker])
async def create_mark(pool: PoolDep, actor: WritingActor, settings: SettingsDep, body: MarkIn) -> JSON:
    """Mark a station's data (an enterprise: only its own stations); the data may prove it suspicious."""
    now = utcnow()
    async with pool.acquire() as conn, conn.transaction():
        mark = await marks.create_mark(
            conn, actor, body.station_id, body.kind, body.starts_at, body.ends_at, body.reason, body.parameter
        )
        await suspicion.check_mark(conn, mark["id"], now, settings)
        mark = await marks.get_mark(conn, mark["id"], actor)
    return JSON(mark, status_code=201)


@router.get("/{mark_id}")
async def get_mark(pool: PoolDep, actor: ActorDep, mark_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await marks.get_mark(conn, mark_id, actor))


@router.post("/{mark_id}/evidence", dependencies=[Marker])
async def add_evidence(
    pool: PoolDep,
    actor: WritingActor,
    settings: SettingsDep,
    folder: EvidenceFolder,
    mark_id: RowId,
    files: Annotated[list[UploadFile], File(alias="evidence")],
) -> JSON:
    """Attach images or PDFs to a mark (multipart field ``evidence``)."""
    records = await read_evidence(files, settings, folder)
    async with pool.acquire() as conn:
        return JSON(await marks.add_evidence(conn, mark_id, records, actor))


@router.get("/{mark_id}/evidence/{sha256}")
async def mark_evidence(
    pool: PoolDep, actor: ActorDep, folder: EvidenceFolder, mark_id: RowId, sha256: str
) -> FileResponse:
    async with pool.acquire() as conn:
        mark = await marks.get_mark(conn, mark_id, actor)
    record = next((f for f in mark["evidence"] if f.get("sha256") == sha256), None)
    if record is None:
        raise NotFound("no such evidence")
    return FileResponse(
        evidence.path_of(folder, sha256), media_type=record["media_type"], filename=record["name"]
    )


@router.post("/{mark_id}/review", dependencies=[Officer])
async def review_mark(
    pool: PoolDep, actor: WritingActor, settings: SettingsDep, mark_id: RowId, body: ReviewIn
) -> JSON:
    """Confirm a mark, or reject it: the data it covered is judged again as unmarked."""
    now = utcnow()
    async with pool.acquire() as conn, conn.transaction():
        mark = await marks.review_mark(conn, mark_id, actor, body.verdict, body.note)
        if mark["status"] == "rejected":
            await suspicion.settle(conn, mark, now, settings)
    return JSON(mark)


@router.post("/{mark_id}/withdraw", dependencies=[Marker])
async def withdraw_mark(pool: PoolDep, actor: WritingActor, settings: SettingsDep, mark_id: RowId) -> JSON:
    """The enterprise takes its mark back; its span is judged again as unmarked."""
    now = utcnow()
    async with pool.acquire() as conn, conn.transaction():
        mark = await marks.withdraw_mark(conn, mark_id, actor)
        await suspicion.settle(conn, mark, now, settings)
    return JSON(mark)
