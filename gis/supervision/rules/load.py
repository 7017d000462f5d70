"""Total load: hourly emission from concentration × flow, summed over the year against the allowance.

Per outlet and clock hour: load (kg) = mean concentration × mean flow × 3600 s × 1e-6, with
concentration in mg/m3 and flue-gas flow in m3/s (standard state, dry, as CEMS report
them) or concentration in mg/L and wastewater flow in L/s.  Only judged values count: hours
without valid concentration and flow add nothing (no substitution of missing hours).  The
year is the calendar year in the park's time zone; allowances are in tonnes per year.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import asyncpg

from gis.supervision.parameters import FLOW_PARAMETERS, Parameter, load_factor_kg
from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query


async def update_emission_hours(
    conn: asyncpg.Connection,
    touched: dict[int, set[dt.datetime]],
    station_classes: dict[int, str],
    parameters: dict[str, Parameter],
) -> None:
    """Recompute the hourly loads of the outlet hours a batch touched."""
    station_ids: list[int] = []
    hours: list[dt.datetime] = []
    flows: list[str] = []
    for station_id, station_hours in touched.items():
        flow = FLOW_PARAMETERS.get(station_classes.get(station_id, ""))
        if flow is None or flow not in parameters:
            continue
        for hour in station_hours:
            station_ids.append(station_id)
            hours.append(hour)
            flows.append(flow)
    if not station_ids:
        return
    pollutants = [p.name for p in parameters.values() if p.is_pollutant]
    factors = {
        flow: load_factor_kg("mg/m3" if flow == "flue_gas_flow" else "mg/L", parameters[flow].unit)
        for flow in set(flows)
    }
    await conn.execute(query("emission_hours_clear"), station_ids, hours)
    await conn.execute(
        query("emission_hours_update"),
        station_ids,
        hours,
        flows,
        pollutants,
        list(factors),
        list(factors.values()),
    )


async def load_findings(
    conn: asyncpg.Connection,
    enterprise_years: set[tuple[int, int]],
    now: dt.datetime,
    settings: SupervisionSettings,
) -> list[Finding]:
    """For each (enterprise, year) touched: pollutants at or near their allowance."""
    found = []
    zone = ZoneInfo(settings.park_timezone)
    for enterprise_id, year in sorted(enterprise_years):
        rows = await conn.fetch(
            query("load_totals"), enterprise_id, year, dt.datetime(year, 1, 1), settings.park_timezone
        )
        for r in rows:
            ratio = r["total_t"] / r["allowance_t"] if r["allowance_t"] > 0 else float("inf")
            if ratio >= 1.0:
                rule = "load_exceeded"
            elif ratio >= settings.load_warning_ratio:
                rule = "load_warning"
            else:
                continue
            found.append(
                Finding(
                    r["station_id"],
                    r["parameter"],
                    rule,
                    now,
                    round(r["total_t"], 6),
                    r["allowance_t"],
                    {
                        "year": year,
                        "enterprise_id": enterprise_id,
                        "unit": "t",
                        "ratio": round(ratio, 4),
                        "hours": r["hours"],
                        "last_hour": r["last_hour"].astimezone(zone).isoformat(),
                        "permit_no": r["permit_no"],
                        "method": "sum over hours of mean concentration × mean flow (standard state, dry)",
                    },
                )
            )
    return found
