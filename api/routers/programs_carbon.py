"""Activated-carbon stewardship: adsorbers, saturation forecasts, replacement jobs, history."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from api.auth.deps import CurrentUser
from api.deps import PoolDep, RowId
from api.responses import JSON, GeoJSON
from api.routers.programs_deps import Body, EnterpriseWriter, ParkManager, SettingsDep, own, utcnow
from gis.errors import InvalidInput
from gis.programs import carbon, carbon_workflow
from gis.programs.carbon_workflow import Charge, OperatingValues

router = APIRouter(prefix="/programs/carbon", tags=["programs: activated carbon"])
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 1, 1))]
Text = Annotated[str, Field(min_length=1, max_length=200)]


class Operating(Body):
    airflow_m3h: float = Field(gt=0, le=1e7)
    inlet_voc_mgm3: float = Field(ge=0, le=1e5)
    hours_per_day: float = Field(24.0, gt=0, le=24)
    removal_efficiency: float = Field(0.9, gt=0, le=1)
    inlet_source: Literal["declared", "measured"] = "declared"

    def values(self) -> OperatingValues:
        return OperatingValues(**self.model_dump())


class ChargeIn(Body):
    carbon_type: Text
    fill_mass_kg: float = Field(gt=0, le=1e6)
    design_capacity: float = Field(
        gt=0, le=1, description="kg VOC per kg carbon (dynamic adsorption capacity)"
    )
    fill_date: Day

    def charge(self) -> Charge:
        return Charge(self.carbon_type, self.fill_mass_kg, self.design_capacity, self.fill_date)


class NewUnit(Operating):
    enterprise_id: int | None = Field(None, ge=1, le=2_147_483_647)
    code: Text
    carbon_type: Text
    fill_mass_kg: float = Field(gt=0, le=1e6)
    design_capacity: float = Field(gt=0, le=1)
    fill_date: Day
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class Replacement(Body):
    reason: str | None = Field(None, max_length=2000)


class Schedule(Body):
    company: Text
    scheduled_for: Day
    vehicle_plate: str | None = Field(None, max_length=16)


class Pickup(Body):
    vehicle_plate: str = Field(min_length=1, max_length=16)
    weight_kg: float = Field(gt=0, le=1e6)


class Regeneration(Body):
    certificate_no: str | None = Field(None, max_length=40)


@router.get("/units")
async def list_units(pool: PoolDep, user: CurrentUser, settings: SettingsDep) -> JSON:
    """Adsorbers with saturation (percent, date, level and the arithmetic); an enterprise sees its own."""
    async with pool.acquire() as conn:
        units = await carbon.units(conn, own(user), utcnow(), settings)
    return JSON({"units": units})


@router.get("/units/geojson")
async def units_geojson(pool: PoolDep, user: CurrentUser, settings: SettingsDep) -> GeoJSON:
    async with pool.acquire() as conn:
        units = await carbon.units(conn, own(user), utcnow(), settings)
    return GeoJSON({"type": "FeatureCollection", "features": [carbon.unit_feature(u) for u in units]})


@router.get("/reminders")
async def reminders(pool: PoolDep, user: CurrentUser, settings: SettingsDep) -> JSON:
    """Adsorbers at a warning level (blue reminder to red), the soonest saturation first."""
    async with pool.acquire() as conn:
        units = await carbon.units(conn, own(user), utcnow(), settings)
    due = [u for u in units if u["saturation"] and u["saturation"]["level"] != "none"]
    due.sort(key=lambda u: u["saturation"]["saturation_at"] or utcnow())
    return JSON({"reminders": due})


@router.post("/units", status_code=201, dependencies=[EnterpriseWriter])
async def create_unit(pool: PoolDep, user: CurrentUser, body: NewUnit, settings: SettingsDep) -> JSON:
    enterprise_id = own(user) or body.enterprise_id
    if enterprise_id is None:
        raise InvalidInput("name the enterprise the adsorber belongs to")
    charge = Charge(body.carbon_type, body.fill_mass_kg, body.design_capacity, body.fill_date)
    values = OperatingValues(
        body.airflow_m3h, body.inlet_voc_mgm3, body.hours_per_day, body.removal_efficiency, body.inlet_source
    )
    async with pool.acquire() as conn:
        unit_id = await carbon_workflow.create_unit(
            conn, enterprise_id, body.code, charge, values, body.lon, body.lat, user.user_id, utcnow()
        )
        unit = await carbon.unit(conn, unit_id, None, utcnow(), settings)
    return JSON(unit, status_code=201)


@router.get("/units/{unit_id}")
async def get_unit(pool: PoolDep, user: CurrentUser, unit_id: RowId, settings: SettingsDep) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await carbon.unit(conn, unit_id, own(user), utcnow(), settings))


@router.get("/units/{unit_id}/history")
async def unit_history(pool: PoolDep, user: CurrentUser, unit_id: RowId) -> JSON:
    """fill → declarations → request → schedule → pickup → regeneration → refill, oldest first."""
    async with pool.acquire() as conn:
        return JSON({"events": await carbon.history(conn, unit_id, own(user))})


@router.post("/units/{unit_id}/declarations", dependencies=[EnterpriseWriter])
async def declare(
    pool: PoolDep, user: CurrentUser, unit_id: RowId, body: Operating, settings: SettingsDep
) -> JSON:
    """New measured or declared airflow, inlet concentration, hours or efficiency, from now on."""
    async with pool.acquire() as conn:
        await carbon_workflow.declare(conn, unit_id, own(user), body.values(), user.user_id, utcnow())
        return JSON(await carbon.unit(conn, unit_id, own(user), utcnow(), settings))


@router.post("/units/{unit_id}/replacement", status_code=201, dependencies=[EnterpriseWriter])
async def request_replacement(pool: PoolDep, user: CurrentUser, unit_id: RowId, body: Replacement) -> JSON:
    """One click: a pickup job for the regeneration company."""
    async with pool.acquire() as conn:
        job_id = await carbon_workflow.request_replacement(
            conn, unit_id, own(user), body.reason, user.user_id, utcnow()
        )
        return JSON(await carbon_workflow.job(conn, job_id, own(user)), status_code=201)


@router.get("/jobs")
async def list_jobs(
    pool: PoolDep,
    user: CurrentUser,
    state: Literal["requested", "scheduled", "picked_up", "closed", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> JSON:
    async with pool.acquire() as conn:
        return JSON({"jobs": await carbon_workflow.jobs(conn, own(user), state, limit=limit)})


@router.get("/jobs/{job_id}")
async def get_job(pool: PoolDep, user: CurrentUser, job_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await carbon_workflow.job(conn, job_id, own(user)))


@router.post("/jobs/{job_id}/schedule", dependencies=[ParkManager])
async def schedule(pool: PoolDep, user: CurrentUser, job_id: RowId, body: Schedule) -> JSON:
    async with pool.acquire() as conn:
        await carbon_workflow.schedule(
            conn, job_id, body.company, body.scheduled_for, body.vehicle_plate, user.user_id, utcnow()
        )
        return JSON(await carbon_workflow.job(conn, job_id, None))


@router.post("/jobs/{job_id}/pickup", dependencies=[ParkManager])
async def pickup(pool: PoolDep, user: CurrentUser, job_id: RowId, body: Pickup) -> JSON:
    """The spent carbon is collected: vehicle plate and weighed mass on record."""
    async with pool.acquire() as conn:
        await carbon_workflow.pickup(conn, job_id, body.vehicle_plate, body.weight_kg, user.user_id, utcnow())
        return JSON(await carbon_workflow.job(conn, job_id, None))


@router.post("/jobs/{job_id}/regeneration", dependencies=[ParkManager])
async def regeneration(pool: PoolDep, user: CurrentUser, job_id: RowId, body: Regeneration) -> JSON:
    async with pool.acquire() as conn:
        await carbon_workflow.regenerate(conn, job_id, body.certificate_no, user.user_id, utcnow())
        return JSON(await carbon_workflow.job(conn, job_id, None))


@router.post("/jobs/{job_id}/refill", dependencies=[EnterpriseWriter])
async def refill(pool: PoolDep, user: CurrentUser, job_id: RowId, body: ChargeIn) -> JSON:
    """Fresh carbon in: a new charge counts from its fill date."""
    async with pool.acquire() as conn:
        await carbon_workflow.refill(conn, job_id, own(user), body.charge(), user.user_id, utcnow())
        return JSON(await carbon_workflow.job(conn, job_id, own(user)))


@router.post("/jobs/{job_id}/cancel", dependencies=[EnterpriseWriter])
async def cancel(pool: PoolDep, user: CurrentUser, job_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        await carbon_workflow.cancel(conn, job_id, own(user), user.user_id, utcnow())
        return JSON(await carbon_workflow.job(conn, job_id, own(user)))
