"""``/limits``, ``/allowances`` and loads: the standards and permits the rules judge by; admins edit."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime, BaseModel, Field

from api.auth.deps import require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON
from api.routers.supervision_deps import ActorDep, SettingsDep, utcnow
from gis.errors import InvalidInput, NotFound
from gis.supervision import limits
from gis.supervision.parameters import load_parameters
from gis.supervision.standards import assign_water_class, read_catalogue

router = APIRouter(tags=["limits"])
Admin = require_roles("admin")
StationClass = Literal["air_boundary", "voc", "cems_outlet", "river", "wastewater_outlet"]


class LimitIn(BaseModel):
    station_id: int | None = None
    applies_to: StationClass | None = None
    parameter: str = Field(min_length=1, max_length=24)
    averaging: Literal["instant", "1h", "24h"]
    bound: Literal["max", "min"] = "max"
    value: float
    unit: str | None = Field(None, max_length=16)
    standard: str = Field(min_length=1, max_length=60, description="e.g. a permit number or GB 16297-1996")
    clause: str = Field(min_length=1, max_length=160)
    note: str | None = Field(None, max_length=2000)
    in_force_from: AwareDatetime | None = Field(
        None, description="when the permit or standard took effect, if before now (default: from now on)"
    )


class LimitChange(BaseModel):
    value: float | None = None
    unit: str | None = Field(None, max_length=16)
    standard: str | None = Field(None, min_length=1, max_length=60)
    clause: str | None = Field(None, min_length=1, max_length=160)
    note: str | None = Field(None, max_length=2000)


class WaterClassIn(BaseModel):
    water_class: Literal["I", "II", "III", "IV", "V"]


class AllowanceIn(BaseModel):
    enterprise_id: int
    parameter: str = Field(min_length=1, max_length=24)
    year: int = Field(ge=2000, le=2100)
    allowance_t: float = Field(ge=0, description="tonnes per year")
    permit_no: str | None = Field(None, max_length=64)


def _known(parameter: str, settings) -> str:
    known = load_parameters(settings.parameters_file)
    if parameter not in known:
        raise InvalidInput(f"unknown parameter {parameter!r}")
    return known[parameter].unit


@router.get("/limits")
async def list_limits(
    pool: PoolDep,
    actor: ActorDep,
    station_id: int | None = None,
    applies_to: StationClass | None = None,
    parameter: str | None = None,
) -> JSON:
    """Every limit with its standard and clause (a station's own limits override its class's)."""
    async with pool.acquire() as conn:
        return JSON({"limits": await limits.list_limits(conn, station_id, applies_to, parameter)})


@router.get("/limits/{limit_id}/history")
async def limit_history(pool: PoolDep, actor: ActorDep, limit_id: RowId) -> JSON:
    """The values a limit has had and when each was in force (the time slider judges by them)."""
    async with pool.acquire() as conn:
        return JSON({"limit_id": limit_id, "versions": await limits.limit_versions(conn, limit_id)})


@router.post("/limits", status_code=201, dependencies=[Admin])
async def create_limit(pool: PoolDep, actor: ActorDep, settings: SettingsDep, body: LimitIn) -> JSON:
    spec = body.model_dump(exclude={"in_force_from"})
    spec["unit"] = spec["unit"] or _known(body.parameter, settings)
    spec["water_class"] = None
    if body.in_force_from is not None and body.in_force_from > utcnow():
        raise InvalidInput("in_force_from is in the future: enter the limit when it takes effect")
    async with pool.acquire() as conn:
        created = await limits.create_limit(conn, spec, actor, in_force_from=body.in_force_from)
        return JSON(created, status_code=201)


@router.put("/limits/{limit_id}", dependencies=[Admin])
async def update_limit(pool: PoolDep, actor: ActorDep, limit_id: RowId, body: LimitChange) -> JSON:
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise InvalidInput("nothing to change")
    async with pool.acquire() as conn:
        return JSON(await limits.update_limit(conn, limit_id, changes, actor))


@router.delete("/limits/{limit_id}", status_code=204, dependencies=[Admin])
async def delete_limit(pool: PoolDep, actor: ActorDep, limit_id: RowId) -> Response:
    async with pool.acquire() as conn:
        await limits.delete_limit(conn, limit_id, actor)
    return Response(status_code=204)


@router.put("/stations/{station_id}/water-class", dependencies=[Admin])
async def set_water_class(
    pool: PoolDep, actor: ActorDep, settings: SettingsDep, station_id: RowId, body: WaterClassIn
) -> JSON:
    """Judge a river station by a GB 3838-2002 class (its rows replace the default class III)."""
    catalogue = read_catalogue(settings.limits_file)
    async with pool.acquire() as conn:
        count = await assign_water_class(conn, station_id, body.water_class, catalogue, actor)
        rows = await limits.list_limits(conn, station_id)
    return JSON({"water_class": body.water_class, "installed": count, "limits": rows})


@router.get("/allowances")
async def list_allowances(pool: PoolDep, actor: ActorDep, year: int | None = None) -> JSON:
    """Annual total-load allowances (t/a); an enterprise sees its own."""
    async with pool.acquire() as conn:
        return JSON({"allowances": await limits.list_allowances(conn, actor.enterprise_scope, year)})


@router.put("/allowances", dependencies=[Admin])
async def set_allowance(pool: PoolDep, actor: ActorDep, settings: SettingsDep, body: AllowanceIn) -> JSON:
    _known(body.parameter, settings)
    async with pool.acquire() as conn:
        row = await limits.set_allowance(
            conn, body.enterprise_id, body.parameter, body.year, body.allowance_t, body.permit_no, actor
        )
    return JSON(row)


@router.get("/enterprises/{enterprise_id}/load")
async def enterprise_load(
    pool: PoolDep,
    actor: ActorDep,
    settings: SettingsDep,
    enterprise_id: RowId,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> JSON:
    """Year-to-date load per pollutant (t) against the allowance, with the hours counted."""
    scope = actor.enterprise_scope
    if scope is not None and scope != enterprise_id:
        raise NotFound(f"no enterprise {enterprise_id}")
    year = year or utcnow().year
    async with pool.acquire() as conn:
        if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1)", enterprise_id):
            raise NotFound(f"no enterprise {enterprise_id}")
        rows = await limits.load_report(conn, enterprise_id, year, settings.park_timezone)
    return JSON({"enterprise_id": enterprise_id, "year": year, "unit": "t", "pollutants": rows})
