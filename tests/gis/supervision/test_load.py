"""Total load: hourly concentration × flow summed over the year against the allowance."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.supervision.actor import Actor
from gis.supervision.limits import load_report, set_allowance
from gis.supervision.rules.batch import evaluate_batch
from tests.gis.supervision.park import T0, series, store

ADMIN = Actor("admin", "admin")
STEP = dt.timedelta(minutes=15)


def stack_hours(ids, hours: int, start: dt.datetime, so2: float = 100.0, flow: float = 10.0):
    n = hours * 4
    return series(
        ids["A-CEMS"], "so2", [so2 + (i % 2) * 2 - 1 for i in range(n)], start=start, step=STEP
    ) + series(
        ids["A-CEMS"], "flue_gas_flow", [flow + (i % 2) * 0.2 - 0.1 for i in range(n)], start=start, step=STEP
    )


async def test_hourly_load_is_mean_concentration_times_mean_flow(conn, ids, settings):
    readings = await store(conn, stack_hours(ids, 3, T0))
    await evaluate_batch(conn, readings, settings, T0 + dt.timedelta(hours=3))
    rows = await conn.fetch(
        "SELECT hour, mean_value, mean_flow, load_kg, samples FROM emission_hours ORDER BY hour"
    )
    assert len(rows) == 3
    # 100 mg/m3 × 10 m3/s × 3600 s = 3.6e6 mg = 3.6 kg per hour
    assert all(r["load_kg"] == pytest.approx(3.6, rel=1e-3) and r["samples"] == 4 for r in rows)


async def test_total_load_warns_near_and_alarms_over_the_allowance(conn, ids, settings):
    await set_allowance(conn, ids["E-SUP-A"], "so2", 2026, 0.1, "PERMIT-A-001", ADMIN)  # 100 kg a year
    first = await store(conn, stack_hours(ids, 26, T0))  # 26 h × 3.6 kg = 93.6 kg: 93.6 %
    opened = await evaluate_batch(conn, first, settings, T0 + dt.timedelta(hours=26))
    warning = [a for a in opened if a.rule == "load_warning"]
    assert len(warning) == 1 and warning[0].detail["unit"] == "t"
    assert warning[0].value == pytest.approx(0.0936, rel=1e-3) and warning[0].limit_value == 0.1
    more = await store(conn, stack_hours(ids, 3, T0 + dt.timedelta(hours=26)))  # 29 h: 104.4 kg
    opened = await evaluate_batch(conn, more, settings, T0 + dt.timedelta(hours=29))
    exceeded = [a for a in opened if a.rule == "load_exceeded"]
    assert len(exceeded) == 1 and exceeded[0].severity == "critical"
    assert exceeded[0].detail["ratio"] == pytest.approx(1.044, rel=1e-3)
    report = {
        r["parameter"]: r for r in await load_report(conn, ids["E-SUP-A"], 2026, settings.park_timezone)
    }
    assert report["so2"]["total_t"] == pytest.approx(0.1044, rel=1e-3) and report["so2"]["hours"] == 29


async def test_hours_under_a_shutdown_mark_add_no_load(conn, ids, settings):
    await conn.execute(
        "INSERT INTO data_marks (station_id, kind, starts_at, ends_at, reason) VALUES ($1, 'shutdown', $2, $3, 'x')",
        ids["A-CEMS"],
        T0 + dt.timedelta(hours=1),
        T0 + dt.timedelta(hours=2),
    )
    readings = await store(conn, stack_hours(ids, 3, T0))
    await evaluate_batch(conn, readings, settings, T0 + dt.timedelta(hours=3))
    hours = await conn.fetch("SELECT hour FROM emission_hours ORDER BY hour")
    assert [h["hour"] for h in hours] == [T0, T0 + dt.timedelta(hours=2)]
