"""Incident records: saved with the analysis results they were decided on, read back whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import asyncpg

from gis.analysis.geodesy import check_lonlat
from gis.errors import InvalidInput, NotFound
from gis.supervision import audit
from gis.supervision.sql import from_json, to_json

_HERE = Path(__file__).resolve().parent


@cache
def query(name: str) -> str:
    return (_HERE / f"{name}.sql").read_text()


@dataclass(frozen=True)
class IncidentDraft:
    """An incident as a responder records it. ``results`` holds the analysis answers by name
    (``plume``, ``impact``, ``point_threat``, ``downstream``, ``upstream``, ``sources``)."""

    title: str
    occurred_at: dt.datetime
    lon: float
    lat: float
    place: str | None = None
    chemical_id: int | None = None
    storage_unit_id: int | None = None
    release: dict[str, Any] = field(default_factory=dict)
    weather: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_lonlat(self.lon, self.lat)
        if not self.title.strip():
            raise InvalidInput("an incident needs a title")
        if self.occurred_at.tzinfo is None:
            raise InvalidInput("the incident time needs a time zone")


def _stored_json(name: str, value: dict[str, Any]) -> str:
    try:
        return to_json(value)
    except TypeError as exc:  # integers beyond 64 bits, objects JSON has no form for
        raise InvalidInput(f"the incident's {name} cannot be stored as JSON: {exc}") from None


async def create_incident(
    conn: asyncpg.Connection, draft: IncidentDraft, user_id: int, actor: str
) -> dict[str, Any]:
    documents = [_stored_json(name, getattr(draft, name)) for name in ("release", "weather", "results")]
    async with conn.transaction():
        try:
            row = await conn.fetchrow(
                query("incident_insert"),
                draft.title.strip(),
                draft.occurred_at,
                draft.place,
                draft.chemical_id,
                draft.storage_unit_id,
                *documents,
                user_id,
                draft.lon,
                draft.lat,
            )
        except asyncpg.ForeignKeyViolationError:
            raise NotFound("the chemical or storage unit named does not exist") from None
        await audit.append(
            conn,
            actor,
            "incident.create",
            "incident",
            row["id"],
            {
                "title": draft.title,
                "occurred_at": draft.occurred_at.isoformat(),
                "chemical_id": draft.chemical_id,
            },
        )
    return await get_incident(conn, row["id"], with_body=False)


async def list_incidents(conn: asyncpg.Connection, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(query("incident_list"), None, limit, offset)]


async def get_incident(
    conn: asyncpg.Connection, incident_id: int, *, with_body: bool = True
) -> dict[str, Any]:
    row = await conn.fetchrow(query("incident_list"), incident_id, 1, 0)
    if row is None:
        raise NotFound(f"incident {incident_id} does not exist")
    incident = dict(row)
    if with_body:
        body = await conn.fetchrow(query("incident_body"), incident_id)
        incident |= {key: from_json(body[key]) for key in ("release", "weather", "results")}
    return incident


async def save_report(conn: asyncpg.Connection, incident_id: int, html: str, actor: str) -> dt.datetime:
    at = dt.datetime.now(dt.UTC)
    async with conn.transaction():
        if await conn.fetchval(query("incident_report_save"), incident_id, html, at) is None:
            raise NotFound(f"incident {incident_id} does not exist")
        await audit.append(
            conn, actor, "incident.report", "incident", incident_id, {"bytes": len(html.encode())}
        )
    return at


async def stored_report(conn: asyncpg.Connection, incident_id: int) -> tuple[str, dt.datetime]:
    row = await conn.fetchrow(query("incident_report"), incident_id)
    if row is None:
        raise NotFound(f"incident {incident_id} does not exist")
    if row["report_html"] is None:
        raise NotFound(f"incident {incident_id} has no report yet: generate it first")
    return row["report_html"], row["report_at"]


async def report_context(
    conn: asyncpg.Connection, lon: float, lat: float, radius_m: float
) -> list[dict[str, Any]]:
    """Park boundaries, rivers and roads near the incident, for the report map."""
    rows = await conn.fetch(query("incident_context"), lon, lat, radius_m)
    return [{**dict(r), "geometry": from_json(r["geometry"])} for r in rows]
