"""The replacement workflow of an adsorber, every step an event of its history:

fill → (declarations) → one-click replacement request → pickup job scheduled for the
regeneration company → pickup (vehicle, weight) → regeneration (certificate) and refill,
in either order; the job closes when both are done, and the refill starts a new charge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import asyncpg

from gis.errors import Conflict, InvalidInput, NotFound
from gis.programs.sql import query, to_json


@dataclass(frozen=True)
class OperatingValues:
    airflow_m3h: float
    inlet_voc_mgm3: float
    hours_per_day: float = 24.0
    removal_efficiency: float = 0.9
    inlet_source: str = "declared"

    def __post_init__(self) -> None:
        if not 0 < self.airflow_m3h <= 1e7:
            raise InvalidInput("airflow must be within (0, 10 000 000] m³/h")
        if not 0 <= self.inlet_voc_mgm3 <= 1e5:
            raise InvalidInput("inlet VOC concentration must be within [0, 100 000] mg/m³")
        if not 0 < self.hours_per_day <= 24:
            raise InvalidInput("running hours must be within (0, 24] per day")
        if not 0 < self.removal_efficiency <= 1:
            raise InvalidInput("removal efficiency is a fraction within (0, 1]")
        if self.inlet_source not in ("declared", "measured"):
            raise InvalidInput("inlet_source is 'declared' or 'measured'")


@dataclass(frozen=True)
class Charge:
    """A charge of carbon: type, mass and dynamic adsorption capacity (kg VOC per kg carbon)."""

    carbon_type: str
    fill_mass_kg: float
    design_capacity: float
    fill_date: dt.date

    def __post_init__(self) -> None:
        if not 0 < self.fill_mass_kg <= 1e6:
            raise InvalidInput("fill mass must be within (0, 1 000 000] kg")
        if not 0 < self.design_capacity <= 1:
            raise InvalidInput("design capacity is kg VOC per kg carbon, within (0, 1]")


async def _event(
    conn, unit_id: int, kind: str, at: dt.datetime, detail: dict, job_id=None, actor_id=None
) -> None:
    await conn.execute(query("carbon", "insert_event"), unit_id, kind, at, to_json(detail), job_id, actor_id)


async def create_unit(
    conn: asyncpg.Connection,
    enterprise_id: int,
    code: str,
    charge: Charge,
    values: OperatingValues,
    lon: float,
    lat: float,
    actor_id: int | None,
    now: dt.datetime,
) -> int:
    if not await conn.fetchval("SELECT 1 FROM enterprises WHERE id = $1", enterprise_id):
        raise NotFound(f"no enterprise {enterprise_id}")
    async with conn.transaction():
        try:
            unit_id = await conn.fetchval(
                query("carbon", "insert_unit"),
                enterprise_id,
                code,
                charge.carbon_type,
                charge.fill_mass_kg,
                charge.design_capacity,
                values.airflow_m3h,
                values.inlet_voc_mgm3,
                values.hours_per_day,
                values.removal_efficiency,
                values.inlet_source,
                charge.fill_date,
                lon,
                lat,
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"a carbon unit {code!r} exists already") from None
        await _event(conn, unit_id, "fill", now, {**_charge(charge), **asdict(values)}, actor_id=actor_id)
    return unit_id


def _charge(charge: Charge) -> dict[str, Any]:
    return {**asdict(charge), "fill_date": charge.fill_date.isoformat()}


async def declare(
    conn: asyncpg.Connection,
    unit_id: int,
    own: int | None,
    values: OperatingValues,
    actor_id: int | None,
    now: dt.datetime,
) -> None:
    """New operating values from ``now`` on; the values before are kept in the event."""
    async with conn.transaction():
        unit = await _unit(conn, unit_id, own)
        before = {
            k: unit[k]
            for k in ("airflow_m3h", "inlet_voc_mgm3", "hours_per_day", "removal_efficiency", "inlet_source")
        }
        await conn.execute(query("carbon", "declare"), unit_id, *asdict(values).values())
        await _event(
            conn, unit_id, "declaration", now, {**asdict(values), "before": before}, actor_id=actor_id
        )


async def request_replacement(
    conn: asyncpg.Connection,
    unit_id: int,
    own: int | None,
    reason: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> int:
    """One click: a pickup job for the regeneration company."""
    async with conn.transaction():
        unit = await _unit(conn, unit_id, own)
        if unit["status"] != "in_service":
            raise Conflict(f"carbon unit {unit_id} holds no carbon to replace ({unit['status']})")
        try:
            job_id = await conn.fetchval(
                query("carbon", "insert_job"), unit_id, unit["enterprise_id"], reason, actor_id, now
            )
        except asyncpg.UniqueViolationError:
            raise Conflict(f"a replacement of carbon unit {unit_id} is under way already") from None
        await _event(conn, unit_id, "request", now, {"reason": reason}, job_id, actor_id)
    return job_id


async def schedule(
    conn: asyncpg.Connection,
    job_id: int,
    company: str,
    day: dt.date,
    vehicle_plate: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> None:
    async with conn.transaction():
        job = await _job(conn, job_id, None, ("requested", "scheduled"))
        await conn.execute(query("carbon", "schedule_job"), job_id, company, day, vehicle_plate, now)
        detail = {"company": company, "scheduled_for": day.isoformat(), "vehicle_plate": vehicle_plate}
        await _event(conn, job["unit_id"], "schedule", now, detail, job_id, actor_id)


async def pickup(
    conn: asyncpg.Connection,
    job_id: int,
    vehicle_plate: str,
    weight_kg: float,
    actor_id: int | None,
    now: dt.datetime,
) -> None:
    """The spent carbon leaves the adsorber: vehicle and weighed mass on record."""
    if not 0 < weight_kg <= 1e6:
        raise InvalidInput("pickup weight must be within (0, 1 000 000] kg")
    async with conn.transaction():
        job = await _job(conn, job_id, None, ("scheduled",))
        await conn.execute(query("carbon", "pickup_job"), job_id, vehicle_plate, weight_kg, now)
        await conn.execute(query("carbon", "set_status"), job["unit_id"], "awaiting_refill")
        detail = {"vehicle_plate": vehicle_plate, "weight_kg": weight_kg}
        await _event(conn, job["unit_id"], "pickup", now, detail, job_id, actor_id)


async def regenerate(
    conn: asyncpg.Connection, job_id: int, certificate_no: str | None, actor_id: int | None, now: dt.datetime
) -> None:
    async with conn.transaction():
        job = await _job(conn, job_id, None, ("picked_up",))
        if job["regenerated_at"] is not None:
            raise Conflict(f"job {job_id}: regeneration is on record already")
        await conn.execute(query("carbon", "regenerate_job"), job_id, now, certificate_no)
        await _event(
            conn, job["unit_id"], "regeneration", now, {"certificate_no": certificate_no}, job_id, actor_id
        )


async def refill(
    conn: asyncpg.Connection,
    job_id: int,
    own: int | None,
    charge: Charge,
    actor_id: int | None,
    now: dt.datetime,
) -> None:
    """Fresh carbon in the adsorber: a new charge starts counting from its fill date."""
    async with conn.transaction():
        job = await _job(conn, job_id, own, ("picked_up",))
        if job["refilled_at"] is not None:
            raise Conflict(f"job {job_id}: the refill is on record already")
        await conn.execute(
            query("carbon", "refill"),
            job["unit_id"],
            charge.fill_date,
            charge.fill_mass_kg,
            charge.carbon_type,
            charge.design_capacity,
        )
        await conn.execute(query("carbon", "refill_job"), job_id, now)
        await _event(conn, job["unit_id"], "refill", now, _charge(charge), job_id, actor_id)


async def cancel(
    conn: asyncpg.Connection, job_id: int, own: int | None, actor_id: int | None, now: dt.datetime
):
    async with conn.transaction():
        job = await _job(conn, job_id, own, ("requested", "scheduled"))
        await conn.execute(query("carbon", "cancel_job"), job_id, now)
        await _event(conn, job["unit_id"], "cancel", now, {}, job_id, actor_id)


async def jobs(
    conn: asyncpg.Connection,
    own: int | None,
    state: str | None = None,
    job_id: int | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(query("carbon", "jobs"), own, job_id, state, limit)]


async def job(conn: asyncpg.Connection, job_id: int, own: int | None) -> dict[str, Any]:
    found = await jobs(conn, own, job_id=job_id, limit=1)
    if not found:
        raise NotFound(f"no carbon job {job_id}")
    return found[0]


async def _unit(conn: asyncpg.Connection, unit_id: int, own: int | None) -> asyncpg.Record:
    unit = await conn.fetchrow(query("carbon", "unit_for_update"), unit_id, own)
    if unit is None:
        raise NotFound(f"no carbon unit {unit_id}")
    return unit


async def _job(
    conn: asyncpg.Connection, job_id: int, own: int | None, states: tuple[str, ...]
) -> asyncpg.Record:
    job = await conn.fetchrow(query("carbon", "job_for_update"), job_id, own)
    if job is None:
        raise NotFound(f"no carbon job {job_id}")
    if job["state"] not in states:
        raise Conflict(f"job {job_id} is {job['state']}; this step needs {' or '.join(states)}")
    return job
