"""The VOC fence: up/downwind by wind direction (across 0/360°), the rise test, alarms in the store."""

from __future__ import annotations

import asyncio
import datetime as dt

import orjson
import pytest

from gis.programs.settings import ProgramSettings
from gis.programs.voc_fence import FenceStation, angular_difference, judge, mean_wind, role
from gis.programs.voc_fence_hours import evaluate_hour, evaluate_pending, evaluations

SETTINGS = ProgramSettings()
NORTH = FenceStation(1, "N", 0, 0, 0.0)
EAST = FenceStation(2, "E", 0, 0, 90.0)
SOUTH = FenceStation(3, "S", 0, 0, 180.0)
WEST = FenceStation(4, "W", 0, 0, 270.0)
CLEAN = [0.50, 0.55, 0.60, 0.52]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(350, 10, 20), (10, 350, 20), (0, 180, 180), (359, 0, 1), (720, 0, 0), (-90, 270, 0)],
)
def test_angles_are_compared_across_north(a, b, expected):
    assert angular_difference(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("bearing", "wind_from", "expected"),
    [
        (0, 0, "upwind"),  # a north wind reaches the north fence first
        (180, 0, "downwind"),
        (90, 0, "crosswind"),
        (10, 350, "upwind"),  # across the seam: 20° apart
        (170, 350, "downwind"),  # 350 + 180 = 530 ≡ 170
        (185, 5, "downwind"),
        (355, 5, "upwind"),
        (300, 10, "crosswind"),  # 70° apart: outside a 60° sector
    ],
)
def test_roles_follow_the_meteorological_wind_direction(bearing, wind_from, expected):
    assert role(bearing, wind_from, 60) == expected


def test_mean_wind_averages_directions_as_vectors():
    speed, direction = mean_wind([(2.0, 350.0), (2.0, 10.0)])
    assert speed == 2.0 and direction == pytest.approx(0.0, abs=1e-9)
    assert mean_wind([(3.0, 90.0), (3.0, 270.0)])[1] is None  # they cancel
    assert mean_wind([])[1] is None


def test_a_downwind_rise_above_k_sigma_and_the_floor_is_an_alarm():
    values = {NORTH.id: CLEAN, SOUTH.id: [1.8, 1.9, 2.0], EAST.id: [5.0, 5.0, 5.0]}
    verdict = judge([NORTH, EAST, SOUTH, WEST], values, 0.0, 2.5, SETTINGS)
    assert verdict.status == "alarm"
    assert [s.station.code for s in verdict.exceeded] == ["S"]  # the crosswind peak at E is not judged
    background = sum(CLEAN) / 4
    assert verdict.background == pytest.approx(background)
    assert verdict.exceeded[0].delta == pytest.approx(1.9 - background)


def test_the_same_readings_with_the_wind_turned_round_raise_nothing():
    values = {NORTH.id: CLEAN, SOUTH.id: [1.8, 1.9, 2.0]}
    verdict = judge([NORTH, SOUTH], values, 180.0, 2.5, SETTINGS)  # now S is upwind: the park gets dirty air
    assert verdict.status == "ok" and verdict.exceeded == []


def test_wrap_around_north_still_finds_the_downwind_station():
    values = {NORTH.id: CLEAN, SOUTH.id: [1.8, 1.9, 2.0]}
    verdict = judge([NORTH, SOUTH], values, 355.0, 2.5, SETTINGS)
    assert verdict.status == "alarm"


def test_a_rise_below_the_floor_or_within_the_noise_is_not_an_alarm():
    small = judge([NORTH, SOUTH], {NORTH.id: CLEAN, SOUTH.id: [0.9, 0.95, 1.0]}, 0.0, 2.5, SETTINGS)
    assert small.status == "ok"  # Δ ≈ 0.39 < 0.5 mg/m³ floor
    noisy = judge(
        [NORTH, SOUTH], {NORTH.id: [0.2, 1.6, 0.3, 1.5], SOUTH.id: [1.8, 1.9, 2.0]}, 0.0, 2.5, SETTINGS
    )
    assert noisy.status == "ok"  # Δ ≈ 1.0 but 3σ ≈ 2.2


def test_calm_and_missing_data_are_not_judged():
    values = {NORTH.id: CLEAN, SOUTH.id: [1.8, 1.9, 2.0]}
    assert judge([NORTH, SOUTH], values, 0.0, 0.3, SETTINGS).status == "calm"
    assert judge([NORTH, SOUTH], {SOUTH.id: [1.8, 1.9, 2.0]}, 0.0, 2.5, SETTINGS).status == "no_data"
    short = {NORTH.id: CLEAN, SOUTH.id: [1.8, 1.9]}  # fewer values than an hourly mean needs
    assert judge([NORTH, SOUTH], short, 0.0, 2.5, SETTINGS).status == "no_data"


async def _readings(conn, station_id, parameter, hour, values):
    await conn.executemany(
        "INSERT INTO readings (station_id, parameter, ts, value) VALUES ($1, $2, $3, $4)",
        [(station_id, parameter, hour + dt.timedelta(minutes=10 * n + 5), v) for n, v in enumerate(values)],
    )


async def test_an_hour_of_north_wind_with_a_dirty_south_fence_raises_one_alarm_and_announces_it(
    conn, programs_park
):
    ids = programs_park.ids
    await conn.execute("DELETE FROM alarms WHERE rule = 'voc_fence'")  # the park is shared with the API tests
    hour = dt.datetime(2026, 5, 4, 6, tzinfo=dt.UTC)
    await _readings(conn, ids["MET"], "wind_speed", hour, [2.0, 2.4, 2.2])
    await _readings(conn, ids["MET"], "wind_dir", hour, [355.0, 5.0, 0.0])  # from the north, across the seam
    for bearing in range(0, 360, 45):
        dirty = bearing in (135, 180, 225)
        values = (
            [2.1, 2.3, 2.2] if bearing == 180 else ([0.6, 0.62, 0.58] if not dirty else [0.65, 0.6, 0.62])
        )
        await _readings(conn, ids[f"AB{bearing:03d}"], "nmhc", hour, values)
    heard: list[dict] = []
    listener = await __import__("asyncpg").connect(programs_park.url)
    await listener.add_listener("parkmap_alarms", lambda *args: heard.append(orjson.loads(args[3])))
    try:
        now = hour + dt.timedelta(hours=1, minutes=5)
        result = await evaluate_hour(conn, hour, SETTINGS, now)
        again = await evaluate_hour(conn, hour + dt.timedelta(minutes=30), SETTINGS, now)
        await asyncio.sleep(0.3)
    finally:
        await listener.close()
    assert result["status"] == "alarm"
    roles = {s["code"]: s["role"] for s in result["stations"]}
    assert (
        roles["PG-AB000"] == "upwind" and roles["PG-AB180"] == "downwind" and roles["PG-AB090"] == "crosswind"
    )
    assert [a["station_id"] for a in result["alarms"]] == [ids["AB180"]]
    assert result["alarms"][0]["opened"] and not again["alarms"][0]["opened"]  # refreshed, not repeated
    alarms = await conn.fetch(
        "SELECT station_id, rule, parameter, detail FROM alarms WHERE rule = 'voc_fence'"
    )
    assert [(a["station_id"], a["parameter"]) for a in alarms] == [(ids["AB180"], "nmhc")]
    assert [m["station_id"] for m in heard] == [ids["AB180"]] and heard[0]["rule"] == "voc_fence"
    ranking = result["traceability"]["ranking"]
    assert ranking and {r["enterprise_id"] for r in ranking} <= {ids[k] for k in "ABCW"}
    stored = await evaluations(conn, hour)
    assert stored[0]["status"] == "alarm" and stored[0]["result"]["explanation"]


async def test_pending_hours_are_judged_once_each(conn, programs_park):
    now = dt.datetime(2026, 5, 4, 12, 30, tzinfo=dt.UTC)
    done = await evaluate_pending(conn, SETTINGS, now, max_hours=3)
    assert [r["hour"] for r in done][-1] == dt.datetime(2026, 5, 4, 11, tzinfo=dt.UTC)
    assert await evaluate_pending(conn, SETTINGS, now, max_hours=3) == []
