"""Marks change judgement: an honest shutdown suppresses, one the data contradicts is suspicious."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.errors import Forbidden, NotFound
from gis.readings.model import Reading
from gis.supervision import marks, suspicion
from gis.supervision.actor import Actor
from gis.supervision.rules.batch import evaluate_batch
from tests.gis.supervision.park import T0, series, store

HOUR = dt.timedelta(hours=1)
STEP = dt.timedelta(minutes=10)


def alpha(ids) -> Actor:
    return Actor("alpha", "enterprise", ids["E-SUP-A"], None)


async def production_week(conn, ids, nmhc: float = 80.0):
    """A week of normal running at A's stack: flow ~ 12 m3/s, NMHC ~ 80 mg/m3 (under 120)."""
    n = 7 * 24 * 6
    flow = series(
        ids["A-CEMS"], "flue_gas_flow", [12.0 + (i % 3) * 0.2 for i in range(n)], start=T0, step=STEP
    )
    conc = series(ids["A-CEMS"], "nmhc", [nmhc + (i % 4) for i in range(n)], start=T0, step=STEP)
    await store(conn, flow + conc)
    return T0 + n * STEP


async def test_an_enterprise_marks_only_its_own_stations(conn, ids):
    beta = Actor("beta", "enterprise", ids["E-SUP-B"], None)
    with pytest.raises(NotFound):
        await marks.create_mark(conn, beta, ids["A-CEMS"], "shutdown", T0, T0 + HOUR, "overhaul")
    with pytest.raises(Forbidden):
        await marks.create_mark(conn, Actor("r", "responder"), ids["A-CEMS"], "shutdown", T0, T0 + HOUR, "x")
    mark = await marks.create_mark(conn, alpha(ids), ids["A-CEMS"], "shutdown", T0, T0 + HOUR, "overhaul")
    assert mark["status"] == "valid" and mark["source"] == "enterprise"


async def test_a_shutdown_with_the_stack_at_production_flow_is_suspicious_and_stops_suppressing(
    conn, ids, settings
):
    week_end = await production_week(conn, ids)
    # "shutdown" for three hours while flow stays at 12 m3/s and NMHC climbs to 150 (> 120 limit, 1-h mean)
    during = series(ids["A-CEMS"], "flue_gas_flow", [12.1] * 18, start=week_end, step=STEP) + series(
        ids["A-CEMS"], "nmhc", [150.0 + (i % 2) for i in range(18)], start=week_end, step=STEP
    )
    mark = await marks.create_mark(
        conn, alpha(ids), ids["A-CEMS"], "shutdown", week_end, week_end + 3 * HOUR, "furnace down"
    )
    await store(conn, during)
    now = week_end + 3 * HOUR
    assert await evaluate_batch(conn, during, settings, now) == []  # the mark suppresses … for now
    found = await suspicion.check_mark(conn, mark["id"], now, settings)
    assert found["parameter"] == "flue_gas_flow"
    assert found["marked_mean"] / found["production_median"] > 0.95
    stored = await conn.fetchrow(
        "SELECT status, suspicion->>'reason' AS reason FROM data_marks WHERE id = $1", mark["id"]
    )
    assert stored["status"] == "suspicious" and "production level" in stored["reason"]
    rules = {r["rule"] for r in await conn.fetch("SELECT rule FROM alarms WHERE status = 'open'")}
    # the suspicious mark is an alarm, and the readings it hid are judged again: the stack exceeded 120
    assert {"suspicious_mark", "limit_1h"} <= rules


async def test_an_honest_shutdown_stays_valid_and_keeps_suppressing(conn, ids, settings):
    week_end = await production_week(conn, ids)
    during = series(ids["A-CEMS"], "flue_gas_flow", [0.2, 0.1] * 9, start=week_end, step=STEP) + series(
        ids["A-CEMS"], "nmhc", [200.0, 5.0] * 9, start=week_end, step=STEP
    )
    mark = await marks.create_mark(
        conn, alpha(ids), ids["A-CEMS"], "shutdown", week_end, week_end + 3 * HOUR, "annual overhaul"
    )
    await store(conn, during)
    now = week_end + 3 * HOUR
    assert await evaluate_batch(conn, during, settings, now) == []
    assert await suspicion.check_mark(conn, mark["id"], now, settings) is None
    assert await conn.fetchval("SELECT status FROM data_marks WHERE id = $1", mark["id"]) == "valid"
    assert await conn.fetchval("SELECT count(*) FROM alarms") == 0


async def test_a_calibration_longer_than_a_calibration_takes_is_suspicious(conn, ids, settings):
    mark = await marks.create_mark(
        conn, alpha(ids), ids["A-VOC"], "calibration", T0, T0 + 9 * HOUR, "span", "nmhc"
    )
    found = await suspicion.check_mark(conn, mark["id"], T0 + 10 * HOUR, settings)
    assert found and "calibration of 9.0 h" in found["reason"]


async def test_a_rejected_mark_no_longer_suppresses(conn, ids, settings):
    mark = await marks.create_mark(
        conn, alpha(ids), ids["A-VOC"], "maintenance", T0, T0 + HOUR, "pump swap", "nmhc"
    )
    readings = await store(conn, series(ids["A-VOC"], "nmhc", [31.0], start=T0 + STEP))
    assert await evaluate_batch(conn, readings, settings, T0 + HOUR) == []
    officer = Actor("officer", "manager", None, None)
    reviewed = await marks.review_mark(conn, mark["id"], officer, "rejected", "no maintenance log")
    assert reviewed["status"] == "rejected"
    opened = await suspicion.rejudge(conn, ids["A-VOC"], "nmhc", T0, T0 + HOUR, T0 + HOUR, settings)
    assert [a.rule for a in opened] == ["limit_instant"]


async def test_a_mark_an_officer_confirmed_is_not_suspected_again(conn, ids, settings):
    mark = await marks.create_mark(
        conn, alpha(ids), ids["A-VOC"], "calibration", T0, T0 + 9 * HOUR, "full re-span", "nmhc"
    )
    officer = Actor("officer", "inspector", None, None)
    confirmed = await marks.review_mark(
        conn, mark["id"], officer, "valid", "re-span after lamp change: 9 h is right"
    )
    assert confirmed["suspicion"]["reviewed_by"] == "officer"
    assert await suspicion.check_mark(conn, mark["id"], T0 + 10 * HOUR, settings) is None
    assert await conn.fetchval("SELECT status FROM data_marks WHERE id = $1", mark["id"]) == "valid"


async def test_which_readings_are_left_out_is_what_parkmap_suppressed_says(conn, ids):
    """The flags are judged without the database and marks looked up only at stations that have
    any; every answer still matches the definition in SQL, mark by mark."""
    cems, voc, boundary = ids["A-CEMS"], ids["A-VOC"], ids["BND-1"]
    await conn.executemany(
        "INSERT INTO data_marks (station_id, parameter, kind, starts_at, ends_at, reason, status, device_flag) "
        "VALUES ($1, $2, $3, $4, $5, 'x', $6, $7)",
        [
            (cems, None, "shutdown", T0, T0 + HOUR, "valid", None),  # every parameter, one hour
            (cems, "nmhc", "calibration", T0 + 2 * HOUR, None, "valid", None),  # open-ended, one parameter
            (voc, None, "maintenance", T0, T0 + HOUR, "suspicious", None),  # does not suppress
            (voc, "nmhc", "fault", T0, T0 + HOUR, "valid", "T"),  # over a T flag: does not suppress
        ],
    )
    readings = [
        Reading(station, parameter, T0 + minutes * dt.timedelta(minutes=1), 1.0, flag)
        for station in (cems, voc, boundary)
        for parameter in ("nmhc", "so2")
        for minutes in (30, 90, 150)
        for flag in ("N", "T", "D", "B", "M", "F", "C", "S")
    ]
    expected = [
        await conn.fetchval(
            "SELECT parkmap_suppressed($1, $2, $3, $4)", r.station_id, r.parameter, r.ts, r.flag
        )
        for r in readings
    ]
    marked = await marks.marked_stations(conn, [cems, voc, boundary], T0 - HOUR)
    assert marked == {cems}, "a suspicious mark and one over a T flag leave nothing out"
    # the one-hour mark ended before the open-ended one began: from then on only that one counts
    assert await marks.marked_stations(conn, [cems], T0 + 2 * HOUR) == {cems}
    await conn.execute("DELETE FROM data_marks WHERE station_id = $1 AND ends_at IS NULL", cems)
    assert await marks.marked_stations(conn, [cems], T0 + HOUR) == {cems}, "a mark counts to its end"
    assert await marks.marked_stations(conn, [cems], T0 + 2 * HOUR) == set(), "an ended mark does not"
    await conn.execute(
        "INSERT INTO data_marks (station_id, parameter, kind, starts_at, ends_at, reason, status) "
        "VALUES ($1, 'nmhc', 'calibration', $2, NULL, 'x', 'valid')",
        cems,
        T0 + 2 * HOUR,
    )
    assert await marks.suppressed(conn, readings, marked) == expected
    assert sum(expected) > len(readings) // 2 and not all(expected)
