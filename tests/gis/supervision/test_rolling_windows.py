"""Rolling 1-h means, with the series the rollups show cannot break a limit set aside, against
the plain definition: the trailing hour ending at each judged reading of the batch's span."""

from __future__ import annotations

import datetime as dt
import random

from gis.readings.model import DeviceMessage, Reading
from gis.readings.path import IngestPath
from gis.readings.store import ReadingStore
from gis.supervision.limits import station_limits
from gis.supervision.marks import SUPPRESSING_FLAGS
from gis.supervision.rules.batch import spans_of
from gis.supervision.rules.windows import REACH, may_break, rolling_findings
from tests.gis.supervision.park import wipe

STEP = dt.timedelta(minutes=5)
SLOTS = 30
LIMITS = {"nmhc": 4.0, "so2": 0.4}  # BND-1, GB 16297-1996 Table 2, any 1-h average


def message(readings: list[Reading]) -> DeviceMessage:
    return DeviceMessage("mqtt", "test", "{}", readings)


def random_reading(
    rng: random.Random, station: int, parameter: str, at: dt.datetime, high: float, flags: str
) -> Reading:
    limit = LIMITS[parameter]
    flag = rng.choice(flags)
    value = None if rng.random() < 0.03 else limit * (3.0 if flag == "T" else rng.uniform(0.5, high))
    return Reading(station, parameter, at, value, flag)


def plain_hour_means(stored: list[Reading], batch: list[Reading], min_samples: int) -> dict:
    """(station, parameter) -> (window end, mean) of the highest trailing 1-h mean ending at a
    judged reading within the batch's span, over the judged values of ``stored``."""
    found = {}
    for key, (first, last) in spans_of(batch).items():
        judged = sorted(
            (r.ts, r.value)
            for r in stored
            if (r.station_id, r.parameter) == key and r.value is not None and r.flag not in SUPPRESSING_FLAGS
        )
        best = None
        for end, _ in judged:
            if not first <= end <= last:
                continue
            window = [v for ts, v in judged if end - dt.timedelta(hours=1) < ts <= end]
            if len(window) < min_samples:
                continue
            mean = sum(window) / len(window)
            if best is None or mean > best[1]:
                best = (end, mean)
        if best is not None and best[1] > LIMITS[key[1]]:
            found[key] = best
    return found


async def test_trailing_hour_means_are_judged_as_defined_whatever_the_rollups_set_aside(
    supervision_pool, conn, ids, settings
):
    path = IngestPath(ReadingStore(supervision_pool))
    rng = random.Random(16297)
    station = ids["BND-1"]
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=2)
    limits = {
        key: [lim for lim in group if lim.averaging == "1h"]
        for key, group in (await station_limits(conn, [station])).items()
        if key[1] in LIMITS
    }
    found = set_aside = 0
    for case in range(30):
        await wipe(conn)
        await conn.execute("TRUNCATE rollups_hourly, rollups_daily")
        high = rng.choice([0.8, 0.95, 1.0, 1.1, 1.3])  # how far above its limit a value may go
        flags = rng.choice(["N", "N" * 12 + "DS", "N" * 12 + "TDS"])
        history, batch = [], []
        for parameter in LIMITS:
            slots = rng.sample(range(SLOTS), rng.randint(8, SLOTS))
            for slot in slots:
                reading = random_reading(rng, station, parameter, start + slot * STEP, high, flags)
                # the batch brings the last stretch, and some readings back-filled into it
                (batch if slot >= 22 and rng.random() < 0.8 else history).append(reading)
        if not batch:
            continue
        await path.ingest([message(history)])
        await path.ingest([message(batch)])
        spans = spans_of(batch)
        findings = await rolling_findings(conn, spans, limits, settings, set())
        got = {
            (f.station_id, f.parameter): (f.ts, round(f.value, 9)) for f in findings if f.rule == "limit_1h"
        }
        expected = {
            key: (end, round(mean, 9))
            for key, (end, mean) in plain_hour_means(
                history + batch, batch, settings.avg_1h_min_samples
            ).items()
        }
        assert got == expected, f"case {case}"
        found += len(expected)
        keys = sorted(k for k in spans if limits.get(k))
        set_aside += len(keys) - len(await may_break(conn, keys, spans, limits, REACH["1h"]))
    assert found >= 5 and set_aside >= 5  # both sides were walked: windows judged and windows spared


async def test_a_day_of_high_hours_breaks_the_daily_mean_though_the_batch_itself_is_low(
    supervision_pool, conn, ids, settings
):
    """The rollups are read over every hour a 24-h window reaches: the hours before the batch
    decide, not only the batch's own values."""
    path = IngestPath(ReadingStore(supervision_pool))
    await conn.execute("TRUNCATE rollups_hourly, rollups_daily")
    outlet = ids["A-WW"]  # GB 31571-2015 Table 1: COD 60 mg/L as a daily mean
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) - dt.timedelta(days=3)
    hours = [start + h * dt.timedelta(hours=1) for h in range(24)]
    # high through the night, low for the last hours and in the batch
    earlier = [Reading(outlet, "cod", at, 75.0 if h < 20 else 20.0) for h, at in enumerate(hours[:23])]
    await path.ingest([message(earlier)])
    batch = [Reading(outlet, "cod", hours[23], 20.0)]
    await path.ingest([message(batch)])
    limits = await station_limits(conn, [outlet])
    findings = await rolling_findings(conn, spans_of(batch), limits, settings, set())
    assert [(f.rule, round(f.value, 6)) for f in findings] == [
        ("limit_24h", round((20 * 75 + 4 * 20) / 24, 6))
    ]
    # the same hours all under the limit: nothing to read, nothing found
    await wipe(conn)
    await conn.execute("TRUNCATE rollups_hourly, rollups_daily")
    await path.ingest([message([Reading(outlet, "cod", at, 55.0) for at in hours[:23]])])
    await path.ingest([message(batch)])
    spans = spans_of(batch)
    assert await rolling_findings(conn, spans, limits, settings, set()) == []
    assert await may_break(conn, list(spans), spans, limits, REACH["24h"]) == []
