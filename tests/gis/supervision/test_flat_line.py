"""The flat-line rule, with its shortcut for batches whose own values differ, against the
rule's plain definition: whatever was stored before, between or after a batch's readings."""

from __future__ import annotations

import datetime as dt
import random

from gis.readings.model import Reading
from gis.supervision.marks import SUPPRESSING_FLAGS
from gis.supervision.rules.batch import evaluate_batch
from gis.supervision.rules.quality import FLAT_TOLERANCE, flat_line_findings
from tests.gis.supervision.park import T0, store, wipe

STEP = dt.timedelta(minutes=2)
SLOTS = 60


def plain_flat_lines(rows: list[Reading], batch: list[Reading], samples: int, minutes: int) -> dict:
    """(station, parameter) -> (value, first, last) of each series whose last ``samples`` judged
    values, up to the batch's newest judged one, lie within the tolerance over ``minutes``."""
    found = {}
    for key in {(r.station_id, r.parameter) for r in batch}:
        judged_in_batch = [
            r.ts for r in batch
            if (r.station_id, r.parameter) == key and r.value is not None and r.flag not in SUPPRESSING_FLAGS
        ]  # fmt: skip
        if not judged_in_batch:
            continue
        window = sorted(
            (r.ts, r.value)
            for r in rows
            if (r.station_id, r.parameter) == key and r.value is not None
            and r.flag not in SUPPRESSING_FLAGS and r.ts <= max(judged_in_batch)
        )[-samples:]  # fmt: skip
        values = [v for _, v in window]
        if (
            len(window) == samples
            and max(values) - min(values) <= FLAT_TOLERANCE
            and window[-1][0] - window[0][0] >= dt.timedelta(minutes=minutes)
        ):
            found[key] = (min(values), window[0][0], window[-1][0])
    return found


def random_reading(rng: random.Random, station_id: int, parameter: str, slot: int, change: float) -> Reading:
    value = None if rng.random() < 0.03 else 43.0 if rng.random() < change else 42.0
    flag = rng.choice("N" * 16 + "DCT")
    return Reading(station_id, parameter, T0 + slot * STEP, value, flag)


async def test_flat_lines_are_found_as_the_rule_defines_them_whatever_was_stored_around_a_batch(
    conn, ids, settings
):
    rng = random.Random(212)
    station = ids["A-CEMS"]
    samples, minutes = settings.flat_line_samples, settings.flat_line_minutes
    found_any = 0
    for case in range(60):
        await wipe(conn)
        change = rng.choice([0.0, 0.01, 0.05, 0.3])
        before, batch = [], []
        for parameter in ("so2", "nox"):
            slots = list(range(SLOTS))
            rng.shuffle(slots)
            stored_count = rng.randint(0, SLOTS - 1)
            batch_count = rng.randint(1, SLOTS - stored_count)
            for slot in slots[:stored_count]:
                before.append(random_reading(rng, station, parameter, slot, change))
            for slot in slots[stored_count : stored_count + batch_count]:
                batch.append(random_reading(rng, station, parameter, slot, change))
        await store(conn, before)
        await store(conn, batch)
        left_out = [r.flag in SUPPRESSING_FLAGS for r in batch]
        findings = await flat_line_findings(conn, batch, left_out, settings, set())
        got = {(f.station_id, f.parameter): (f.value, f.detail["since"], f.detail["until"]) for f in findings}
        expected = {
            key: (value, first.isoformat(), last.isoformat())
            for key, (value, first, last) in plain_flat_lines(before + batch, batch, samples, minutes).items()
        }
        assert got == expected, f"case {case}"
        found_any += len(expected)
    assert found_any >= 10  # the cases held flat lines to find, not only series that vary


async def test_a_flat_line_ended_by_a_batch_that_also_back_fills_a_different_value_is_found(
    conn, ids, settings
):
    station = ids["A-CEMS"]
    stored = [Reading(station, "so2", T0 + i * STEP, 42.0) for i in range(1, 31)]
    await store(conn, stored)
    # the batch: the next flat value and, long before it, a different one a logger sends late
    batch = [Reading(station, "so2", T0 + 31 * STEP, 42.0), Reading(station, "so2", T0, 7.5)]
    await store(conn, batch)
    findings = await flat_line_findings(conn, batch, [False, False], settings, set())
    assert [(f.parameter, f.value, f.ts) for f in findings] == [("so2", 42.0, T0 + 31 * STEP)]


async def test_values_an_ended_mark_left_out_stay_out_of_a_later_flat_line(conn, ids, settings):
    """Readings under a calibration mark that ended days ago are not judged, however far back
    a series' last values reach: they do not complete a flat line."""
    station = ids["A-CEMS"]
    calibrated = [Reading(station, "so2", T0 + i * STEP, 42.0) for i in range(10)]
    await conn.execute(
        "INSERT INTO data_marks (station_id, parameter, kind, starts_at, ends_at, reason, status) "
        "VALUES ($1, 'so2', 'calibration', $2, $3, 'span check', 'valid')",
        station,
        T0,
        T0 + 10 * STEP,
    )
    later = T0 + dt.timedelta(days=3)
    batch = [Reading(station, "so2", later + i * STEP, 42.0) for i in range(16)]
    await store(conn, calibrated)
    await store(conn, batch)
    opened = await evaluate_batch(conn, batch, settings, later + dt.timedelta(hours=1))
    assert [a.rule for a in opened if a.rule == "flat_line"] == []
    # the same values without the mark are a flat line: the test holds one to miss
    await conn.execute("DELETE FROM data_marks WHERE station_id = $1", station)
    opened = await evaluate_batch(conn, batch, settings, later + dt.timedelta(hours=1))
    assert [a.rule for a in opened if a.rule == "flat_line"] == ["flat_line"]
