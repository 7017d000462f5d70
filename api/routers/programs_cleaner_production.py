"""Cleaner-production audits: indicator systems, data entry, scores, rankings, solutions, report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as FPath
from fastapi.responses import HTMLResponse
from pydantic import Field

from api.auth.deps import CurrentUser
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.programs_deps import Body, EnterpriseWriter, SettingsDep, own, utcnow
from gis.errors import InvalidInput
from gis.programs import cleaner_production, cleaner_production_audits
from gis.programs.cleaner_production_report import render_report

router = APIRouter(prefix="/programs/cleaner-production", tags=["programs: cleaner production"])
Year = Annotated[int, Field(ge=2000, le=2100)]


class AuditIn(Body):
    enterprise_id: int | None = Field(None, ge=1, le=2_147_483_647)
    year: Year
    system_code: str | None = Field(None, max_length=40)
    values: dict[Annotated[str, Field(max_length=40)], float | str] = Field(max_length=200)


@router.get("/systems")
async def list_systems(user: CurrentUser) -> JSON:
    """The indicator systems: groups, indicators, weights, benchmark levels I/II/III and sources."""
    return JSON({"systems": [s.as_dict() for s in cleaner_production.systems().values()]})


@router.get("/systems/{code}")
async def get_system(user: CurrentUser, code: Annotated[str, FPath(max_length=40)]) -> JSON:
    return JSON(cleaner_production.system(code).as_dict())


@router.get("/solutions")
async def solutions(user: CurrentUser, indicator: Annotated[str | None, Query(max_length=40)] = None) -> JSON:
    """The problem/solution library, all of it or the entries for one indicator."""
    library = cleaner_production.solution_library()
    rows = [s.__dict__ for s in library if indicator is None or s.indicator == indicator]
    return JSON({"solutions": rows})


@router.get("/audits")
async def list_audits(
    pool: PoolDep, user: CurrentUser, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> JSON:
    async with pool.acquire() as conn:
        rows = await cleaner_production_audits.audits(conn, own(user), year)
    return JSON({"audits": [_brief(r) for r in rows]})


@router.post("/audits", dependencies=[EnterpriseWriter])
async def save_audit(pool: PoolDep, user: CurrentUser, body: AuditIn, settings: SettingsDep) -> JSON:
    """Fill in (or correct) indicator values; the score, level, code and lagging indicators follow."""
    enterprise_id = own(user) or body.enterprise_id
    if enterprise_id is None:
        raise InvalidInput("name the enterprise audited")
    async with pool.acquire() as conn:
        row = await cleaner_production_audits.save_audit(
            conn, enterprise_id, own(user), body.year, body.values, utcnow(), settings, body.system_code
        )
    return JSON(_full(row, settings))


@router.get("/audits/{audit_id}")
async def get_audit(pool: PoolDep, user: CurrentUser, audit_id: RowId, settings: SettingsDep) -> JSON:
    async with pool.acquire() as conn:
        row = await cleaner_production_audits.audit(conn, audit_id, own(user))
    return JSON(_full(row, settings))


@router.get("/audits/{audit_id}/report", response_class=HTMLResponse)
async def audit_report(
    pool: PoolDep, user: CurrentUser, audit_id: RowId, settings: SettingsDep
) -> HTMLResponse:
    """The printable audit report (HTML with A4 print styles; print to PDF from the browser)."""
    async with pool.acquire() as conn:
        row = await cleaner_production_audits.audit(conn, audit_id, own(user))
    score = cleaner_production_audits.rescore(row, settings)
    return HTMLResponse(render_report(row, score, settings, utcnow()))


@router.get("/rankings")
async def rankings(
    pool: PoolDep,
    user: CurrentUser,
    system_code: Annotated[str, Query(max_length=40)],
    year: Annotated[int, Query(ge=2000, le=2100)],
    indicator: Annotated[str | None, Query(max_length=40)] = None,
) -> JSON:
    """Overall (by score) or by one indicator; an enterprise sees its own name, others' ranks only."""
    async with pool.acquire() as conn:
        return JSON(await cleaner_production_audits.rankings(conn, own(user), system_code, year, indicator))


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("indicators", "result")}


def _full(row: dict[str, Any], settings) -> dict[str, Any]:
    score = cleaner_production_audits.rescore(row, settings)
    lagging = [
        {**r.as_dict(), "solutions": [s.__dict__ for s in cleaner_production.solutions_for(r)]}
        for r in score.lagging
    ]
    return {
        **_brief(row),
        "values": row["indicators"],
        "result": score.as_dict(),
        "lagging": lagging,
        "report_url": f"/programs/cleaner-production/audits/{row['id']}/report",
    }
