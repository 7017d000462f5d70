"""Each rule on crafted series: instant and rolling limits, marks that suppress, data quality, VOC rise."""

from __future__ import annotations

import asyncio
import datetime as dt

import orjson

from gis.readings.model import Reading
from gis.supervision.rules.batch import evaluate_batch
from gis.supervision.rules.quality import missing_data_findings
from gis.supervision.schedule import sweep
from tests.gis.supervision.park import T0, series, store

NOW = T0 + dt.timedelta(days=2)


async def judge(conn, readings, settings, now=NOW):
    await store(conn, readings)
    return await evaluate_batch(conn, readings, settings, now)


async def open_alarms(conn):
    return await conn.fetch(
        "SELECT a.*, s.code AS station FROM alarms a JOIN stations s ON s.id = a.station_id "
        "WHERE a.status = 'open' ORDER BY a.id"
    )


async def test_single_in_plant_nmhc_above_30_is_an_instant_exceedance_and_30_itself_is_not(
    conn, ids, settings
):
    # GB 37822-2019 Table A.1: any single measurement <= 30 mg/m3
    # the 1-h means stay under 10 mg/m3: only the single value above 30 counts
    opened = await judge(conn, series(ids["A-VOC"], "nmhc", [1] * 6 + [30.0] + [1] * 5 + [31.5]), settings)
    assert [(a.rule, a.value, a.limit_value) for a in opened] == [("limit_instant", 31.5, 30.0)]
    assert opened[0].detail["standard"] == "GB 37822-2019"
    assert opened[0].severity == "critical"


async def test_an_open_alarm_is_not_repeated_while_the_exceedance_goes_on(conn, ids, settings):
    first = await judge(conn, series(ids["A-VOC"], "nmhc", [35.0, 36.0, 35.5]), settings)
    later = await judge(
        conn, series(ids["A-VOC"], "nmhc", [40.0, 41.0], start=T0 + dt.timedelta(hours=1)), settings
    )
    # one instant and one 1-h alarm (mean 35.5 > 10), each opened once
    assert sorted(a.rule for a in first) == ["limit_1h", "limit_instant"] and later == []
    assert len(await open_alarms(conn)) == 2
    instant = next(a for a in first if a.rule == "limit_instant")
    assert instant.value == 35.0 and instant.detail["occurrences"] == 3 and instant.detail["peak"] == 36.0


async def test_boundary_nmhc_is_judged_on_the_rolling_hour_not_on_single_values(conn, ids, settings):
    # GB 16297-1996 3.6 / Table 2: boundary NMHC 4.0 mg/m3 as any 1-h average
    spikes = [1.0, 9.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]  # one high value, hourly means stay below 4
    assert await judge(conn, series(ids["BND-1"], "nmhc", spikes), settings) == []
    high = series(ids["BND-1"], "nmhc", [4.5, 4.6, 4.4, 4.5, 4.7, 4.5], start=T0 + dt.timedelta(hours=3))
    opened = await judge(conn, high, settings)
    assert [(a.rule, a.limit_value) for a in opened] == [("limit_1h", 4.0)]
    assert opened[0].value > 4.0 and opened[0].detail["values"] >= 3


async def test_a_valid_calibration_mark_keeps_values_out_of_judgement_but_stored(conn, ids, settings):
    await conn.execute(
        "INSERT INTO data_marks (station_id, parameter, kind, starts_at, ends_at, reason) "
        "VALUES ($1, 'nmhc', 'calibration', $2, $3, 'span check')",
        ids["A-VOC"],
        T0,
        T0 + dt.timedelta(minutes=30),
    )
    readings = series(ids["A-VOC"], "nmhc", [50.0, 50.0, 50.0, 2.0])  # 00:00-00:20 marked, 00:30 not
    assert await judge(conn, readings, settings) == []
    assert await conn.fetchval("SELECT count(*) FROM readings WHERE station_id = $1", ids["A-VOC"]) == 4
    after = await judge(
        conn, series(ids["A-VOC"], "nmhc", [50.0], start=T0 + dt.timedelta(minutes=40)), settings
    )
    assert [a.rule for a in after] == ["limit_instant"]


async def test_device_flags_become_marks_and_faults_open_alarms_but_T_still_counts(conn, ids, settings):
    readings = series(ids["A-VOC"], "nmhc", [3.0, 3.1, 3.2, 45.0], flags=["C", "C", "D", "T"])
    opened = await judge(conn, readings, settings)
    marks = await conn.fetch(
        "SELECT kind, device_flag, starts_at, ends_at FROM data_marks WHERE station_id = $1 ORDER BY starts_at",
        ids["A-VOC"],
    )
    assert [(m["kind"], m["device_flag"]) for m in marks] == [
        ("calibration", "C"),
        ("fault", "D"),
        ("fault", "T"),
    ]
    assert marks[0]["starts_at"] == T0 and marks[0]["ends_at"] > T0 + dt.timedelta(minutes=10)
    # a value above the measurement range is at least that high: it is an exceedance
    assert sorted(a.rule for a in opened) == ["device_fault", "limit_instant"]
    # the next calibration reading within the merge gap grows the same mark
    await judge(
        conn, series(ids["A-VOC"], "nmhc", [3.0], start=T0 + dt.timedelta(minutes=25), flags=["C"]), settings
    )
    grown = await conn.fetchval(
        "SELECT ends_at FROM data_marks WHERE station_id = $1 AND device_flag = 'C'", ids["A-VOC"]
    )
    assert grown > T0 + dt.timedelta(minutes=25)


async def test_negative_and_impossible_values_are_data_quality_alarms(conn, ids, settings):
    opened = await judge(
        conn, series(ids["RIV-1"], "cod", [-2.0]) + series(ids["RIV-1"], "ph", [15.2]), settings
    )
    assert sorted((a.rule, a.parameter) for a in opened) == [("negative", "cod"), ("out_of_range", "ph")]


async def test_river_station_is_judged_by_its_water_class_with_do_as_a_minimum(conn, ids, settings):
    # GB 3838-2002 class III: DO >= 5 mg/L, NH3-N <= 1.0 mg/L; a station without an enterprise gets no ticket
    opened = await judge(
        conn, series(ids["RIV-1"], "do", [5.0, 4.2]) + series(ids["RIV-1"], "nh3_n", [1.0]), settings
    )
    assert [(a.rule, a.parameter, a.value, a.limit_value) for a in opened] == [
        ("limit_instant", "do", 4.2, 5.0)
    ]
    assert opened[0].ticket_id is None


async def test_wastewater_cod_is_judged_on_the_daily_mean_of_hourly_means(conn, ids, settings):
    # GB 31571-2015 Table 1 COD 60 mg/L on the daily mean: 24 hourly values at 70 exceed, a 2-hour peak does not
    peak = series(ids["A-WW"], "cod", [20.0] * 22 + [150.0] * 2, step=dt.timedelta(hours=1))
    assert await judge(conn, peak, settings) == []
    await conn.execute("TRUNCATE readings")
    high = series(ids["A-WW"], "cod", [69.5, 70.0, 70.5] * 8, step=dt.timedelta(hours=1))
    opened = await judge(conn, high, settings)
    assert [(a.rule, a.value, a.limit_value) for a in opened] == [("limit_24h", 70.0, 60.0)]
    assert opened[0].ticket_id is not None


async def test_a_flat_line_is_a_data_quality_fault(conn, ids, settings):
    opened = await judge(
        conn, series(ids["A-CEMS"], "so2", [42.0] * 25, step=dt.timedelta(minutes=2)), settings
    )
    assert [(a.rule, a.parameter) for a in opened] == [("flat_line", "so2")]


async def test_missing_data_beyond_n_intervals_alarms_and_closes_when_data_resumes(conn, ids, settings):
    await store(conn, series(ids["BND-1"], "so2", [0.01] * 12, step=dt.timedelta(minutes=5)))
    last = T0 + dt.timedelta(minutes=55)
    quiet = await missing_data_findings(conn, last + dt.timedelta(minutes=12), settings)
    assert quiet == []  # 12 min < max(3 × 5 min, 10 min) … not yet missing
    silent = await missing_data_findings(conn, last + dt.timedelta(minutes=20), settings)
    assert [(f.station_id, f.parameter) for f in silent] == [(ids["BND-1"], "so2")]
    report = await sweep(conn, last + dt.timedelta(minutes=20), settings)
    assert report.missing_data_alarms == 1
    await judge(conn, series(ids["BND-1"], "so2", [0.01], start=last + dt.timedelta(minutes=25)), settings)
    closed = await conn.fetchrow(
        "SELECT status, detail->>'close_reason' AS why FROM alarms WHERE rule = 'missing_data'"
    )
    assert closed["status"] == "closed" and closed["why"] == "data resumed"


async def test_silence_under_a_shutdown_mark_is_not_missing_data(conn, ids, settings):
    await store(conn, series(ids["BND-1"], "so2", [0.01] * 12, step=dt.timedelta(minutes=5)))
    await conn.execute(
        "INSERT INTO data_marks (station_id, kind, starts_at, reason) VALUES ($1, 'maintenance', $2, 'pump')",
        ids["BND-1"],
        T0 + dt.timedelta(hours=1),
    )
    assert await missing_data_findings(conn, T0 + dt.timedelta(hours=3), settings) == []


async def test_boundary_voc_rise_warns_before_the_limit(conn, ids, settings):
    baseline = series(ids["BND-1"], "nmhc", [0.3, 0.35, 0.25, 0.3] * 24, step=dt.timedelta(minutes=15))
    await store(conn, baseline)
    start = baseline[-1].ts + dt.timedelta(minutes=15)
    opened = await judge(
        conn,
        series(ids["BND-1"], "nmhc", [1.2, 1.3, 1.25, 1.3], start=start, step=dt.timedelta(minutes=15)),
        settings,
    )
    assert [(a.rule, a.severity) for a in opened] == [("voc_rise", "warning")]
    assert opened[0].detail["baseline"] < 0.4 and opened[0].value < 4.0


async def test_each_alarm_is_published_on_parkmap_alarms(conn, supervision_pool, ids, settings):
    heard = []

    def hear(connection, pid, channel, payload):
        heard.append(payload)

    async with supervision_pool.acquire() as listener:
        await listener.add_listener("parkmap_alarms", hear)
        await judge(conn, series(ids["A-VOC"], "nmhc", [33.0]), settings)
        for _ in range(50):
            if heard:
                break
            await asyncio.sleep(0.02)
        await listener.remove_listener("parkmap_alarms", hear)
    message = orjson.loads(heard[0])
    assert message["rule"] == "limit_instant" and message["station_id"] == ids["A-VOC"]
    assert message["enterprise_id"] == ids["E-SUP-A"] and message["ticket_id"]


async def test_an_alarm_flood_from_one_station_is_capped(conn, ids, settings):
    capped = settings.model_copy(update={"alarm_station_hourly_cap": 2})
    readings = [
        Reading(ids["RIV-1"], p, T0, v)
        for p, v in (("cod", -1.0), ("ph", 20.0), ("do", -3.0), ("nh3_n", 9.0))
    ]
    opened = await judge(conn, readings, capped)
    assert len(opened) == 2


async def test_a_back_filled_day_is_judged_by_the_limits_in_force_at_each_reading(conn, ids, settings):
    # the plant's permit tightened the in-plant NMHC limit from the standard's 30 to 20 mg/m3 at
    # T0 + 1 h; a logger uploads the day afterwards: 25 before the change meets the standard,
    # 25 after it breaks the permit
    station = ids["A-VOC"]
    try:
        async with conn.transaction():
            await conn.execute(
                "SELECT set_config('parkmap.limits_since', $1, true)",
                (T0 + dt.timedelta(hours=1)).isoformat(),
            )
            await conn.execute(
                "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
                "VALUES ($1, 'nmhc', 'instant', 'max', 20, 'mg/m3', 'permit 91320000MA1X-003P', 'VOC limits')",
                station,
            )
        day = series(station, "nmhc", [25.0, 1.0, 1.0, 1.0, 1.0, 1.0] + [1.0] * 6 + [25.0])
        opened = await judge(conn, day, settings)
        assert [(a.rule, a.value, a.limit_value) for a in opened] == [("limit_instant", 25.0, 20.0)]
        assert opened[0].detail["standard"] == "permit 91320000MA1X-003P"
        assert opened[0].detail["ts"] == (T0 + dt.timedelta(hours=2)).isoformat(), (
            "not the 25 before the permit"
        )
    finally:
        await conn.execute("DELETE FROM limits WHERE station_id = $1", station)
