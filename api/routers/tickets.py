"""``/tickets``: list, detail with events, transitions with evidence, markers for the map."""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import FileResponse
from pydantic import TypeAdapter, ValidationError

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON, GeoJSON
from api.routers.marks import MarkIn
from api.routers.supervision_deps import (
    ActorDep,
    EvidenceFolder,
    SettingsDep,
    WritingActor,
    read_evidence,
    utcnow,
)
from gis.errors import InvalidInput, NotFound
from gis.supervision import evidence, marks, suspicion, tickets

router = APIRouter(prefix="/tickets", tags=["tickets"])
ActionName = Literal["dispatch", "request_feedback", "submit_feedback", "confirm", "reject", "close"]


MARKS = TypeAdapter(list[MarkIn])


@router.get("")
async def list_tickets(
    pool: PoolDep,
    actor: ActorDep,
    state: str | None = None,
    enterprise_id: int | None = None,
    overdue: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JSON:
    """Tickets, newest first; ``state=open`` for all but closed; an enterprise sees only its own."""
    async with pool.acquire() as conn:
        rows = await tickets.list_tickets(conn, actor, utcnow(), state, enterprise_id, overdue, limit, offset)
    return JSON({"tickets": rows})


@router.get("/geojson")
async def ticket_markers(pool: PoolDep, actor: ActorDep, include_closed: bool = False) -> GeoJSON:
    """One point per ticket at its enterprise, for the map (RFC 7946)."""
    async with pool.acquire() as conn:
        return GeoJSON(await tickets.ticket_markers(conn, actor, utcnow(), include_closed))


@router.get("/{ticket_id}")
async def ticket_detail(pool: PoolDep, actor: ActorDep, ticket_id: RowId) -> JSON:
    """A ticket with its alarm, its events (who, when, note, evidence) and the actions the caller may take."""
    async with pool.acquire() as conn:
        return JSON(await tickets.ticket_detail(conn, ticket_id, actor, utcnow()))


@router.post(
    "/{ticket_id}/{action}", dependencies=[require_roles("admin", "manager", "inspector", "enterprise")]
)
async def move_ticket(
    pool: PoolDep,
    actor: WritingActor,
    settings: SettingsDep,
    folder: EvidenceFolder,
    ticket_id: RowId,
    action: ActionName,
    note: Annotated[str | None, Form(max_length=10_000)] = None,
    assignee: Annotated[str | None, Form(max_length=64)] = None,
    marks_json: Annotated[str | None, Form(alias="marks")] = None,
    evidence_files: Annotated[list[UploadFile] | None, File(alias="evidence")] = None,
) -> JSON:
    """Move a ticket one step (multipart form: note, assignee, marks as a JSON list, evidence files).

    dispatch, request_feedback, confirm, reject: officers; submit_feedback: the ticket's
    enterprise (states, marks its data, attaches images or PDFs); close: admin or manager.
    """
    mark_specs = _marks(marks_json)
    files = await read_evidence(evidence_files, settings, folder)
    now = utcnow()
    async with pool.acquire() as conn, conn.transaction():
        assignee_id = None
        if assignee:
            assignee_id = await conn.fetchval(
                "SELECT id FROM users WHERE username = $1 AND role IN ('admin', 'manager', 'inspector')",
                assignee,
            )
            if assignee_id is None:
                raise InvalidInput(f"no officer {assignee!r}")
        created = []
        for spec in mark_specs:
            mark = await marks.create_mark(
                conn,
                actor,
                spec.station_id,
                spec.kind,
                spec.starts_at,
                spec.ends_at,
                spec.reason,
                spec.parameter,
                files,
            )
            created.append(mark["id"])
        detail = await tickets.transition(
            conn, ticket_id, action, actor, now, settings, note, files, created, assignee_id
        )
        for mark_id in created:
            await suspicion.check_mark(conn, mark_id, now, settings)
    return JSON(detail)


def _marks(text: str | None) -> list[MarkIn]:
    if not text:
        return []
    try:
        return MARKS.validate_python(orjson.loads(text))
    except (orjson.JSONDecodeError, ValidationError) as exc:
        raise InvalidInput(f"marks is a JSON list of marks: {exc}") from exc


@router.get("/{ticket_id}/evidence/{sha256}")
async def ticket_evidence(
    pool: PoolDep, actor: ActorDep, folder: EvidenceFolder, ticket_id: RowId, sha256: str
) -> FileResponse:
    async with pool.acquire() as conn:
        record = await tickets.evidence_visible(conn, ticket_id, sha256, actor)
    if record is None:
        raise NotFound("no such evidence")
    return FileResponse(
        evidence.path_of(folder, sha256), media_type=record["media_type"], filename=record["name"]
    )
