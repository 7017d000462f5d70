"""The outfall investigation and rectification register, its dashboard and the rain gates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi import Path as FPath
from fastapi.responses import FileResponse
from pydantic import AwareDatetime, Field

from api.auth.deps import CurrentUser, require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON, GeoJSON
from api.routers.programs_deps import (
    Body,
    FieldWriter,
    ParkManager,
    ParkReader,
    SettingsDep,
    own,
    park_today,
    utcnow,
)
from gis.errors import Conflict, InvalidInput
from gis.programs import outfalls
from gis.uploads import store_evidence

router = APIRouter(prefix="/programs/outfalls", tags=["programs: outfalls"])
EVIDENCE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
MAX_FILES = 8
MAX_FILE_BYTES = 10 * 1024 * 1024
TaskReporter = require_roles("admin", "manager", "inspector", "enterprise")
GateOperator = require_roles("admin", "manager", "responder")
GateReader = require_roles("admin", "manager", "responder", "inspector", "bureau", "screen")


class Sample(Body):
    sampled_at: AwareDatetime
    parameter: str = Field(min_length=1, max_length=24)
    value: float = Field(ge=-1e9, le=1e9)
    unit: str = Field(min_length=1, max_length=16)
    limit_value: float | None = Field(None, ge=-1e9, le=1e9)
    note: str | None = Field(None, max_length=2000)


class NewTask(Body):
    problem: str = Field(min_length=1, max_length=4000)
    measure: str = Field(min_length=1, max_length=4000)
    deadline: dt.date = Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 1, 1))
    responsible_unit: str = Field(min_length=1, max_length=200)
    enterprise_id: int | None = Field(None, ge=1, le=2_147_483_647)


class Review(Body):
    accepted: bool
    note: str | None = Field(None, max_length=4000)


class GateState(Body):
    state: Literal["open", "closed"]
    reason: str | None = Field(None, max_length=2000)


def evidence_folder(request: Request):
    return request.app.state.store_settings.home / "uploads" / "outfall_tasks"


@router.get("", dependencies=[ParkReader])
async def register(pool: PoolDep, settings: SettingsDep) -> JSON:
    """Every outfall: type, permit, receiving water, traced source enterprises, rain gates,
    latest monitoring, open and overdue tasks."""
    async with pool.acquire() as conn:
        return JSON({"outfalls": await outfalls.register(conn, park_today(settings))})


@router.get("/geojson", dependencies=[ParkReader])
async def register_geojson(pool: PoolDep, settings: SettingsDep) -> GeoJSON:
    async with pool.acquire() as conn:
        rows = await outfalls.register(conn, park_today(settings))
    return GeoJSON({"type": "FeatureCollection", "features": [outfalls.outfall_feature(r) for r in rows]})


@router.get("/dashboard", dependencies=[ParkReader])
async def dashboard(pool: PoolDep, settings: SettingsDep) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await outfalls.dashboard(conn, park_today(settings), settings.outfall_due_soon_days))


@router.get("/tasks")
async def list_tasks(
    pool: PoolDep,
    user: CurrentUser,
    settings: SettingsDep,
    status: Literal["open", "submitted", "accepted"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> JSON:
    """Rectification tasks; an enterprise sees those it is responsible for."""
    async with pool.acquire() as conn:
        rows = await outfalls.tasks(conn, own(user), park_today(settings), status=status, limit=limit)
    return JSON({"tasks": rows})


@router.get("/tasks/{task_id}")
async def get_task(pool: PoolDep, user: CurrentUser, task_id: RowId, settings: SettingsDep) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await outfalls.task(conn, task_id, own(user), park_today(settings)))


@router.post("/tasks/{task_id}/submit", dependencies=[TaskReporter])
async def submit_task(
    request: Request,
    pool: PoolDep,
    user: CurrentUser,
    task_id: RowId,
    settings: SettingsDep,
    note: Annotated[str | None, Form(max_length=4000)] = None,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> JSON:
    """The responsible unit reports the rectification done, with photos or PDFs as evidence."""
    files = files or []
    if len(files) > MAX_FILES:
        raise InvalidInput(f"at most {MAX_FILES} evidence files at once")
    async with pool.acquire() as conn:
        current = await outfalls.task(conn, task_id, own(user), park_today(settings))
        if current["status"] != "open":
            raise Conflict(f"task {task_id} is {current['status']}; only an open task is reported")
        kept = []
        for n, upload in enumerate(files, start=1):
            content = await upload.read(MAX_FILE_BYTES + 1)
            stored = store_evidence(
                evidence_folder(request), content, EVIDENCE_TYPES, MAX_FILE_BYTES, f"file {n}"
            )
            kept.append(
                {"file": stored.name, "media_type": stored.media_type, "bytes": stored.size, "note": note}
            )
        await outfalls.submit_task(conn, task_id, own(user), kept, utcnow())
        return JSON(await outfalls.task(conn, task_id, own(user), park_today(settings)))


@router.post("/tasks/{task_id}/review", dependencies=[ParkManager])
async def review_task(
    pool: PoolDep, user: CurrentUser, task_id: RowId, body: Review, settings: SettingsDep
) -> JSON:
    """Acceptance of a reported rectification, or its return with the reason."""
    async with pool.acquire() as conn:
        await outfalls.review_task(conn, task_id, body.accepted, body.note, user.user_id, utcnow())
        return JSON(await outfalls.task(conn, task_id, None, park_today(settings)))


@router.get("/tasks/{task_id}/evidence/{n}")
async def task_evidence(
    request: Request, pool: PoolDep, user: CurrentUser, task_id: RowId, n: Annotated[int, FPath(ge=0, le=100)]
):
    async with pool.acquire() as conn:
        kept = await outfalls.evidence_file(conn, task_id, own(user), n)
    return FileResponse(evidence_folder(request) / kept["file"], media_type=kept["media_type"])


@router.get("/rain-gates", dependencies=[GateReader])
async def rain_gates(pool: PoolDep) -> JSON:
    """Rain gates, their state and the outfall each guards."""
    async with pool.acquire() as conn:
        return JSON({"rain_gates": await outfalls.rain_gates(conn)})


@router.put("/rain-gates/{node_id}", dependencies=[GateOperator])
async def set_rain_gate(pool: PoolDep, user: CurrentUser, node_id: RowId, body: GateState) -> JSON:
    """Open or close a rain gate; recorded with who and why, and in the audit chain."""
    async with pool.acquire() as conn:
        gate = await outfalls.set_gate(
            conn, node_id, body.state, body.reason, user.user_id, user.username, utcnow()
        )
    return JSON(gate)


@router.get("/rain-gates/{node_id}/events", dependencies=[GateReader])
async def rain_gate_events(pool: PoolDep, node_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        return JSON({"events": await outfalls.gate_events(conn, node_id)})


@router.get("/{outfall_id}", dependencies=[ParkReader])
async def get_outfall(pool: PoolDep, outfall_id: RowId, settings: SettingsDep) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await outfalls.outfall(conn, outfall_id, park_today(settings)))


@router.post("/{outfall_id}/samples", status_code=201, dependencies=[FieldWriter])
async def add_sample(pool: PoolDep, user: CurrentUser, outfall_id: RowId, body: Sample) -> JSON:
    async with pool.acquire() as conn:
        sample_id = await outfalls.add_sample(
            conn,
            outfall_id,
            body.sampled_at,
            body.parameter,
            body.value,
            body.unit,
            body.limit_value,
            body.note,
            user.user_id,
        )
    return JSON({"id": sample_id}, status_code=201)


@router.post("/{outfall_id}/tasks", status_code=201, dependencies=[FieldWriter])
async def create_task(
    pool: PoolDep, user: CurrentUser, outfall_id: RowId, body: NewTask, settings: SettingsDep
) -> JSON:
    async with pool.acquire() as conn:
        task_id = await outfalls.create_task(
            conn,
            outfall_id,
            body.problem,
            body.measure,
            body.deadline,
            body.responsible_unit,
            body.enterprise_id,
            user.user_id,
            utcnow(),
        )
        return JSON(await outfalls.task(conn, task_id, None, park_today(settings)), status_code=201)
