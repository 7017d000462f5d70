"""Activated-carbon stewardship: how full each adsorber is, and when it will be saturated.

The model is the mass balance every "carbon steward" explains on paper:

    daily VOC load (kg/d) = Q (m³/h) × C_in (mg/m³) × 10⁻⁶ (kg/mg) × h (h/d) × η
    working capacity (kg) = m (kg carbon) × s (kg VOC per kg carbon, dynamic capacity)
    saturation = Σ daily load × days since fill / working capacity

η defaults to 0.90: HJ 2026-2013 (吸附法工业有机废气治理工程技术规范) asks adsorption units
for a purification efficiency of at least 90 %. s is the unit's declared dynamic adsorption
capacity (granular and honeycomb carbon typically 0.10-0.25 kg/kg; the lower end is the
prudent choice). When the enterprise declares new airflow, inlet concentration or hours,
the load is integrated piecewise: each declaration starts a new period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from gis.errors import NotFound
from gis.programs.settings import ProgramSettings
from gis.programs.sql import from_json, query

DAY = dt.timedelta(days=1)
KG_PER_MG = 1e-6
MAX_FORECAST_DAYS = 36_500  # beyond a century a date says nothing (and overflows)
LEVELS = ("none", "blue", "yellow", "orange", "red")
HEALTH_BY_LEVEL = {"none": "green", "blue": "green", "yellow": "yellow", "orange": "orange", "red": "red"}


@dataclass(frozen=True)
class Operation:
    """How the adsorber runs from ``start`` on: what the enterprise measured or declared."""

    start: dt.datetime
    airflow_m3h: float
    inlet_voc_mgm3: float
    hours_per_day: float
    removal_efficiency: float
    source: str = "declared"

    @property
    def daily_load_kg(self) -> float:
        return (
            self.airflow_m3h * self.inlet_voc_mgm3 * KG_PER_MG * self.hours_per_day * self.removal_efficiency
        )


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime
    days: float
    operation: Operation
    load_kg: float

    def as_dict(self) -> dict[str, Any]:
        op = self.operation
        return {
            "start": self.start,
            "end": self.end,
            "days": round(self.days, 4),
            "airflow_m3h": op.airflow_m3h,
            "inlet_voc_mgm3": op.inlet_voc_mgm3,
            "hours_per_day": op.hours_per_day,
            "removal_efficiency": op.removal_efficiency,
            "source": op.source,
            "daily_load_kg": round(op.daily_load_kg, 4),
            "load_kg": round(self.load_kg, 4),
            "arithmetic": (
                f"{op.airflow_m3h:g} m³/h × {op.inlet_voc_mgm3:g} mg/m³ × 1e-6 kg/mg × "
                f"{op.hours_per_day:g} h/d × {op.removal_efficiency:g} = {op.daily_load_kg:.3f} kg/d; "
                f"× {self.days:.3f} d = {self.load_kg:.3f} kg"
            ),
        }


@dataclass(frozen=True)
class Saturation:
    """Where an adsorber stands at ``at``, with every step of the arithmetic."""

    at: dt.datetime
    fill_mass_kg: float
    design_capacity: float
    capacity_kg: float
    load_kg: float
    ratio: float
    daily_load_kg: float
    saturation_at: dt.datetime | None
    days_left: float | None
    level: str
    periods: tuple[Period, ...] = field(default=())

    @property
    def health_code(self) -> str:
        return HEALTH_BY_LEVEL[self.level]

    def as_dict(self) -> dict[str, Any]:
        lines = [
            f"working capacity = {self.fill_mass_kg:g} kg × {self.design_capacity:g} kg/kg = {self.capacity_kg:.3f} kg",
            *(f"period {n}: {p.as_dict()['arithmetic']}" for n, p in enumerate(self.periods, start=1)),
            f"load = {self.load_kg:.3f} kg; saturation = {self.load_kg:.3f} / {self.capacity_kg:.3f} "
            f"= {100 * self.ratio:.1f} %",
        ]
        if self.saturation_at is not None and self.ratio < 1:
            lines.append(
                f"remaining {self.capacity_kg - self.load_kg:.3f} kg ÷ {self.daily_load_kg:.3f} kg/d "
                f"= {self.days_left:.2f} d → saturated at {self.saturation_at.isoformat()}"
            )
        elif self.saturation_at is not None:
            lines.append(f"saturated since {self.saturation_at.isoformat()}")
        return {
            "at": self.at,
            "capacity_kg": round(self.capacity_kg, 4),
            "load_kg": round(self.load_kg, 4),
            "percent": round(100 * self.ratio, 2),
            "daily_load_kg": round(self.daily_load_kg, 4),
            "saturation_at": self.saturation_at,
            "days_left": None if self.days_left is None else round(self.days_left, 2),
            "level": self.level,
            "health_code": self.health_code,
            "periods": [p.as_dict() for p in self.periods],
            "explanation": lines,
        }


def fill_start(fill_date: dt.date, timezone: str) -> dt.datetime:
    """Carbon filled on a day counts from that day's midnight in the park's time zone."""
    return dt.datetime.combine(fill_date, dt.time(0), tzinfo=ZoneInfo(timezone))


def predict(
    fill_mass_kg: float,
    design_capacity: float,
    filled_at: dt.datetime,
    operations: list[Operation],
    now: dt.datetime,
    settings: ProgramSettings,
) -> Saturation:
    """Saturation of a charge of carbon at ``now`` and the moment it is (or was) reached.

    ``operations`` are in force from their ``start``; the first one applies from ``filled_at``.
    """
    capacity = fill_mass_kg * design_capacity
    ordered = sorted(operations, key=lambda o: o.start)
    periods: list[Period] = []
    load = 0.0
    saturation_at = None
    for n, op in enumerate(ordered):
        start = max(op.start, filled_at) if n else filled_at
        end = ordered[n + 1].start if n + 1 < len(ordered) else now
        end = max(min(end, now), start)
        days = (end - start) / DAY
        added = op.daily_load_kg * days
        if saturation_at is None and capacity > 0 and load + added >= capacity and op.daily_load_kg > 0:
            saturation_at = start + DAY * ((capacity - load) / op.daily_load_kg)
        load += added
        periods.append(Period(start, end, days, op, added))
    current = ordered[-1].daily_load_kg if ordered else 0.0
    ratio = load / capacity if capacity > 0 else 1.0
    days_left = None
    if ratio < 1 and current > 0:
        days_left = (capacity - load) / current
        saturation_at = now + DAY * days_left if days_left < MAX_FORECAST_DAYS else None
    level = _level(ratio, days_left, saturation_at, now, settings)
    return Saturation(
        now,
        fill_mass_kg,
        design_capacity,
        capacity,
        load,
        ratio,
        current,
        saturation_at,
        days_left,
        level,
        tuple(periods),
    )


def _level(
    ratio: float,
    days_left: float | None,
    saturation_at: dt.datetime | None,
    now: dt.datetime,
    s: ProgramSettings,
) -> str:
    if ratio >= 1:
        overdue = saturation_at is not None and now - saturation_at > dt.timedelta(
            days=s.carbon_red_after_days
        )
        return "red" if overdue else "orange"
    if ratio >= s.carbon_yellow_ratio:
        return "yellow"
    if ratio >= s.carbon_blue_ratio or (days_left is not None and days_left <= s.carbon_reminder_days):
        return "blue"
    return "none"


def operations_of(
    unit: asyncpg.Record, declarations: list[dict[str, Any]], filled_at: dt.datetime
) -> list[Operation]:
    """The operating periods since the fill: declarations made after it, and what ran before them."""
    later = [d for d in declarations if d["at"] > filled_at]
    if not later:
        return [_operation(filled_at, unit)]
    first = later[0]["detail"].get("before") or {}
    return [_operation(filled_at, {**_values(unit), **first})] + [
        _operation(d["at"], d["detail"]) for d in later
    ]


def _values(unit: Any) -> dict[str, Any]:
    return {
        k: unit[k]
        for k in ("airflow_m3h", "inlet_voc_mgm3", "hours_per_day", "removal_efficiency", "inlet_source")
    }


def _operation(start: dt.datetime, values: Any) -> Operation:
    return Operation(
        start,
        float(values["airflow_m3h"]),
        float(values["inlet_voc_mgm3"]),
        float(values["hours_per_day"]),
        float(values["removal_efficiency"]),
        values["inlet_source"],
    )


def saturation_of(unit: asyncpg.Record, now: dt.datetime, settings: ProgramSettings) -> Saturation | None:
    """None when the adsorber holds no carbon (picked up, awaiting refill, or retired)."""
    if unit["status"] != "in_service":
        return None
    filled_at = fill_start(unit["fill_date"], settings.park_timezone)
    declarations = [{"at": d["at"], "detail": d["detail"]} for d in from_json(unit["declarations"]) or []]
    for d in declarations:
        d["at"] = dt.datetime.fromisoformat(d["at"])
    ops = operations_of(unit, declarations, filled_at)
    return predict(unit["fill_mass_kg"], unit["design_capacity"], filled_at, ops, now, settings)


async def units(
    conn: asyncpg.Connection,
    own: int | None,
    now: dt.datetime,
    settings: ProgramSettings,
    unit_id: int | None = None,
) -> list[dict[str, Any]]:
    """Adsorbers (of one enterprise when ``own`` is set) with their saturation at ``now``."""
    rows = await conn.fetch(query("carbon", "units"), own, unit_id)
    out = []
    for row in rows:
        saturation = saturation_of(row, now, settings)
        unit = {k: row[k] for k in row.keys() if k != "declarations"}
        unit["saturation"] = saturation.as_dict() if saturation else None
        out.append(unit)
    return out


async def unit(
    conn: asyncpg.Connection, unit_id: int, own: int | None, now: dt.datetime, settings: ProgramSettings
):
    found = await units(conn, own, now, settings, unit_id)
    if not found:
        raise NotFound(f"no carbon unit {unit_id}")
    return found[0]


def unit_feature(unit: dict[str, Any]) -> dict[str, Any]:
    """A map feature: the adsorber's point, its fill and its warning level."""
    sat = unit["saturation"] or {}
    return {
        "type": "Feature",
        "id": unit["id"],
        "geometry": {"type": "Point", "coordinates": [unit["lon"], unit["lat"]]},
        "properties": {
            "id": unit["id"],
            "code": unit["code"],
            "enterprise_id": unit["enterprise_id"],
            "enterprise_name_zh": unit["enterprise_name_zh"],
            "status": unit["status"],
            "open_job_state": unit["open_job_state"],
            "percent": sat.get("percent"),
            "saturation_at": sat.get("saturation_at"),
            "level": sat.get("level", "none"),
        },
    }


async def history(conn: asyncpg.Connection, unit_id: int, own: int | None) -> list[dict[str, Any]]:
    """Every event of an adsorber, oldest first: fills, declarations, requests, pickups, refills."""
    if not await conn.fetchval(query("carbon", "unit_exists"), unit_id, own):
        raise NotFound(f"no carbon unit {unit_id}")
    rows = await conn.fetch(query("carbon", "history"), unit_id)
    return [{**dict(r), "detail": from_json(r["detail"])} for r in rows]
