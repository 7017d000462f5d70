"""Hourly and daily rollups stay right under duplicates and flags; history fits a chart."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gis.errors import InvalidInput
from gis.readings.history import history, history_csv_lines, step_for
from gis.readings.model import DeviceMessage, Reading
from gis.readings.path import IngestPath
from gis.readings.store import ReadingStore

UTC = dt.UTC
SHANGHAI = ZoneInfo("Asia/Shanghai")


def yesterday_at(hour: int) -> dt.datetime:
    day = dt.datetime.now(UTC).date() - dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def msg(readings):
    return DeviceMessage("hj212", "10.0.0.9:5000", "##…", readings)


async def rollup(pool, table: str, station: int, parameter: str):
    async with pool.acquire() as conn:
        return await conn.fetch(
            f"SELECT bucket, n, flagged, total, min, max, avg FROM {table} "
            "WHERE station_id = $1 AND parameter = $2 ORDER BY bucket",
            station, parameter,
        )  # fmt: skip


async def test_rollups_count_each_value_once_and_leave_flagged_values_out(pool, stations):
    path = IngestPath(ReadingStore(pool))
    cems = stations["S-CEMS-1"]
    # 20:00 UTC is 04:00 the next day in the park: the daily bucket is the park's local day
    t = yesterday_at(20)
    first = [
        Reading(cems, "so2", t + dt.timedelta(minutes=m), v) for m, v in ((0, 1.0), (10, 2.0), (20, 3.0))
    ]
    fault = Reading(cems, "so2", t + dt.timedelta(minutes=30), 10.0, "D")
    await path.ingest([msg([*first, fault])])
    await path.ingest([msg([first[0], Reading(cems, "so2", t + dt.timedelta(minutes=40), 5.0)])])

    [hour] = await rollup(pool, "rollups_hourly", cems, "so2")
    assert hour["bucket"] == t
    assert (hour["n"], hour["flagged"], hour["total"], hour["min"], hour["max"]) == (4, 1, 11.0, 1.0, 5.0)
    assert hour["avg"] == pytest.approx(2.75)

    [day] = await rollup(pool, "rollups_daily", cems, "so2")
    local_midnight = t.astimezone(SHANGHAI).replace(hour=0)
    assert day["bucket"] == local_midnight
    assert (day["n"], day["flagged"], day["avg"]) == (4, 1, pytest.approx(2.75))


async def test_a_day_folds_its_hours_even_when_one_holds_only_flagged_values(pool, stations):
    path = IngestPath(ReadingStore(pool))
    cems = stations["S-CEMS-1"]
    t = yesterday_at(1)  # 09:00 in the park: three hours of one local day
    await path.ingest([msg([
        Reading(cems, "nox", t, 5.0),
        Reading(cems, "nox", t + dt.timedelta(minutes=5), 1.0),
        Reading(cems, "nox", t + dt.timedelta(hours=1), 99.0, "C"),
        Reading(cems, "nox", t + dt.timedelta(hours=2), 0.5),
    ])])  # fmt: skip
    hours = await rollup(pool, "rollups_hourly", cems, "nox")
    assert [(h["n"], h["flagged"], h["min"], h["max"]) for h in hours] == [
        (2, 0, 1.0, 5.0),
        (0, 1, None, None),
        (1, 0, 0.5, 0.5),
    ]
    [day] = await rollup(pool, "rollups_daily", cems, "nox")
    assert (day["n"], day["flagged"], day["total"], day["min"], day["max"]) == (3, 1, 6.5, 0.5, 5.0)


async def test_history_returns_raw_values_when_they_fit(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    t = yesterday_at(0)
    await path.ingest([msg([Reading(air, "nmhc", t + dt.timedelta(minutes=m), m / 10) for m in range(60)])])
    h = await history(pool, air, "nmhc", t, t + dt.timedelta(hours=1), "raw")
    assert (h.source, h.step_seconds, len(h.points)) == ("readings", None, 60)
    assert h.points[7].value == pytest.approx(0.7) and h.points[7].flag == "N"


async def test_history_bins_what_a_chart_cannot_show(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    t = yesterday_at(0)
    # a value every 10 s for 12 h: 4320 values, more than a chart can show
    values = [Reading(air, "h2s", t + dt.timedelta(seconds=10 * i), float(i % 360)) for i in range(4320)]
    await path.ingest([msg(values)])
    end = t + dt.timedelta(hours=12)
    h = await history(pool, air, "h2s", t, end, "raw", max_points=2000)
    assert h.source == "readings" and h.step_seconds == 60
    assert len(h.points) == 720 <= 2000
    # binning keeps the extremes a chart must not hide
    assert max(p.max for p in h.points) == 359.0
    assert sum(p.count for p in h.points) == 4320

    hourly = await history(pool, air, "h2s", t, end, "1h")
    assert (hourly.source, hourly.step_seconds, len(hourly.points)) == ("rollups_hourly", 3600, 12)
    assert hourly.points[0].value == pytest.approx(179.5)
    assert hourly.points[0].count == 360

    narrow = await history(pool, air, "h2s", t, end, "1m", max_points=100)
    assert narrow.step_seconds == 600 and len(narrow.points) == 72


async def test_daily_history_comes_from_daily_rollups_on_local_days(pool, stations):
    path = IngestPath(ReadingStore(pool))
    water = stations["S-WATER-1"]
    t = yesterday_at(20)
    await path.ingest(
        [msg([Reading(water, "cod", t, 40.0), Reading(water, "cod", t + dt.timedelta(hours=1), 60.0)])]
    )
    h = await history(pool, water, "cod", t - dt.timedelta(days=3), t + dt.timedelta(days=1), "1d")
    assert h.source == "rollups_daily"
    [point] = h.points
    assert point.value == 50.0 and point.count == 2
    assert point.ts.astimezone(SHANGHAI).hour == 0


def test_wider_ranges_get_wider_steps():
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert step_for("1m", start, start + dt.timedelta(days=1)) == 60
    assert step_for("1m", start, start + dt.timedelta(days=30)) == 1800
    assert step_for("1h", start, start + dt.timedelta(days=365)) == 21600
    assert step_for("1d", start, start + dt.timedelta(days=3650)) == 2 * 86400


async def test_history_refuses_impossible_requests(pool, stations):
    t = yesterday_at(0)
    with pytest.raises(InvalidInput):
        await history(pool, stations["S-AIR-1"], "nmhc", t, t - dt.timedelta(hours=1))
    with pytest.raises(InvalidInput):
        await history(pool, stations["S-AIR-1"], "nmhc", t, t + dt.timedelta(hours=1), "5s")


async def test_csv_export_has_local_times_and_every_point(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    t = yesterday_at(2)
    await path.ingest(
        [msg([Reading(air, "nh3", t, 0.25), Reading(air, "nh3", t + dt.timedelta(minutes=1), None, "D")])]
    )
    h = await history(pool, air, "nh3", t, t + dt.timedelta(hours=1))
    lines = list(history_csv_lines(h))
    assert lines[0] == "station_id,parameter,time,value,min,max,count,flagged,flag\n"
    assert lines[1] == f"{air},nh3,{t.astimezone(SHANGHAI).isoformat()},0.25,0.25,0.25,1,0,N\n"
    assert lines[2].endswith(",,,,1,1,D\n")
    assert len(lines) == 3
