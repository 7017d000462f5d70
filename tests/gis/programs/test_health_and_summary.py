"""What the programs add to an enterprise's health code, and the big screen's counts."""

from __future__ import annotations

import datetime as dt

from gis.programs import carbon_workflow, outfalls, summary
from gis.programs.carbon_workflow import Charge, OperatingValues
from gis.programs.health import health_factors, worst
from gis.programs.settings import ProgramSettings

SETTINGS = ProgramSettings()


async def test_a_long_saturated_adsorber_and_a_late_task_turn_the_code_red(conn, programs_park):
    c = programs_park.ids["C"]
    now = dt.datetime.now(dt.UTC)
    assert await health_factors(conn, c, now, SETTINGS) == []
    # 20 000 m³/h × 200 mg/m³ × 24 h × 0.9 = 86.4 kg/d against 500 × 0.1 = 50 kg: saturated for weeks
    await carbon_workflow.create_unit(
        conn,
        c,
        "PG-C-AC01",
        Charge("granular", 500, 0.1, now.date() - dt.timedelta(days=30)),
        OperatingValues(20_000, 200),
        105.063,
        28.719,
        None,
        now,
    )
    await outfalls.create_task(
        conn, programs_park.ids["O2"], "x", "y", now.date() - dt.timedelta(days=45), "C", c, None, now
    )
    factors = await health_factors(conn, c, now, SETTINGS)
    by_program = {f.program: f for f in factors}
    assert by_program["carbon"].code == "red" and by_program["carbon"].warning == "red"
    assert by_program["outfalls"].code == "orange"  # 45 days late
    assert worst([f.code for f in factors]) == "red"


async def test_the_summary_counts_every_program(conn, programs_park):
    counts = await summary.summary(conn, dt.datetime.now(dt.UTC), SETTINGS)
    assert set(counts) >= {
        "carbon",
        "outfalls",
        "cleaner_production",
        "voc_fence",
        "materials",
        "joint_warning",
    }
    assert counts["outfalls"]["total"] == 3
    assert counts["joint_warning"]["rain_gates_closed"] + counts["joint_warning"]["rain_gates_open"] == 1
