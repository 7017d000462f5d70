"""The demo simulator: every station reports through the real doors, and its scenes look right."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from types import SimpleNamespace

import pytest

from api.ingest import lifecycle
from api.ingest.gateway import Gateway
from api.ingest.simulated_values import AMBIENT, Release, Wind, profile_for
from api.ingest.simulator import Simulator
from gis.readings.registry import set_device_secret
from gis.supervision.settings import supervision_settings
from tests.api.ingest.conftest import gateway_settings
from tests.gis.readings.park import CEMS_MN, CEMS_PW, WATER_MN, WATER_PW


async def test_every_station_reports_through_its_door(pool, broker, stations):
    settings = gateway_settings(broker)
    gateway = Gateway(settings, pool)
    await gateway.start()
    await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
    simulator = Simulator(
        settings, pool, hj212_port=gateway.hj212_port, interval=0.2, hj212_interval=0.2, seed=7,
        passwords={CEMS_MN: CEMS_PW, WATER_MN: WATER_PW},
    )  # fmt: skip
    await simulator.start()
    try:
        reporting: set[int] = set()
        for _ in range(100):
            async with pool.acquire() as conn:
                reporting = {r[0] for r in await conn.fetch("SELECT DISTINCT station_id FROM readings")}
            if reporting == set(stations.values()):
                break
            await asyncio.sleep(0.1)
    finally:
        await simulator.stop()
        await gateway.stop()
    assert reporting == set(stations.values())
    assert simulator.stats.mqtt_messages > 0 and simulator.stats.hj212_packets > 0
    assert gateway.metrics.snapshot()["rejected"] == {}
    async with pool.acquire() as conn:
        doors = {r[0] for r in await conn.fetch("SELECT DISTINCT door FROM raw_messages")}
        cems_so2 = await conn.fetchval(
            "SELECT avg(value) FROM readings WHERE station_id = $1 AND parameter = 'so2'",
            stations["S-CEMS-1"],
        )
    assert doors == {"mqtt", "hj212"}
    assert 10 < cems_so2 < 200, "stack SO2 in mg/m3, not ambient"


async def test_at_first_start_no_data_logger_packet_is_refused_for_want_of_a_pw(
    pool, broker, stations, monkeypatch, caplog
):
    """``./parkmap run`` on a freshly loaded park: the data loggers have no PW yet; the
    simulator gives them one and the doors know it before the first packet arrives."""
    loggers = [stations["S-CEMS-1"], stations["S-WATER-1"]]
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM device_secrets WHERE station_id = ANY($1)", loggers)
    monkeypatch.setattr(lifecycle, "ingest_settings", lambda: gateway_settings(broker))
    app = SimpleNamespace(
        state=SimpleNamespace(
            pool=pool,
            supervision_settings=supervision_settings(),
            server_settings=SimpleNamespace(gateway=True, simulator=True),
        )
    )
    await lifecycle.start(app)
    try:
        reporting: set[int] = set()
        for _ in range(200):
            async with pool.acquire() as conn:
                reporting = {
                    r[0]
                    for r in await conn.fetch(
                        "SELECT DISTINCT r.station_id FROM readings r JOIN raw_messages m ON m.id = r.raw_id "
                        "WHERE m.door = 'hj212'"
                    )
                }
            if reporting == set(loggers):
                break
            await asyncio.sleep(0.1)
        rejected = app.state.gateway.metrics.snapshot()["rejected"]
    finally:
        await lifecycle.stop(app)
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM device_secrets WHERE station_id = ANY($1)", loggers)
        await set_device_secret(pool, stations["S-CEMS-1"], CEMS_PW)
        await set_device_secret(pool, stations["S-WATER-1"], WATER_PW)
    assert reporting == set(loggers)
    assert rejected == {}
    assert "no_pw_set" not in caplog.text


async def test_a_scripted_exceedance_reaches_the_store_through_the_station_door(pool, broker, stations):
    settings = gateway_settings(broker)
    gateway = Gateway(settings, pool)
    await gateway.start()
    simulator = Simulator(
        settings, pool, hj212_port=gateway.hj212_port, interval=0.2, hj212_interval=0.2, seed=7,
        passwords={CEMS_MN: CEMS_PW, WATER_MN: WATER_PW},
    )  # fmt: skip
    outlet = stations["S-CEMS-1"]
    async with pool.acquire() as conn:
        limit_id = await conn.fetchval(
            "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
            "VALUES ($1, 'so2', '1h', 'max', 100, 'mg/m3', 'permit', 'test') RETURNING id",
            outlet,
        )
    await simulator.start()
    try:
        reported = await simulator.exceed("S-CEMS-1", "so2", times=2.0)
        with pytest.raises(ValueError, match="no upper limit"):
            await simulator.exceed("S-CEMS-1", "nox")
        doors: list[str] = []
        for _ in range(100):
            async with pool.acquire() as conn:
                doors = await conn.fetchval(
                    "SELECT array_agg(DISTINCT m.door) FROM readings r JOIN raw_messages m ON m.id = r.raw_id "
                    "WHERE r.station_id = $1 AND r.parameter = 'so2' AND r.value = $2",
                    outlet,
                    reported,
                )
            if doors:
                break
            await asyncio.sleep(0.1)
    finally:
        await simulator.stop()
        await gateway.stop()
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM limits WHERE id = $1", limit_id)
    assert reported == 200.0, "twice the outlet's own limit"
    assert doors == ["hj212"], "the data logger sends the exceedance as it sends every value"


async def test_the_simulator_now_and_then_runs_a_station_above_its_limit(pool, broker, stations):
    settings = gateway_settings(broker, mqtt_enabled=False)
    outlet = stations["S-CEMS-1"]
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM limits")
        limit_id = await conn.fetchval(
            "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
            "VALUES ($1, 'nox', '1h', 'max', 100, 'mg/m3', 'permit', 'test') RETURNING id",
            outlet,
        )
    simulator = Simulator(
        settings, pool, hj212_port=1, interval=0.2, hj212_interval=60, excursion_every=0.005, seed=3
    )
    await simulator.start()
    try:
        for _ in range(100):
            if simulator.excursions:
                break
            await asyncio.sleep(0.05)
    finally:
        await simulator.stop()
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM limits WHERE id = $1", limit_id)
    excursion = simulator.excursions[outlet]
    assert excursion.parameter == "nox", "the one series with a limit"
    assert 130 <= excursion.value <= 250, "1.3 to 2.5 times the limit"
    assert excursion.until - dt.datetime.now(dt.UTC) > dt.timedelta(minutes=39), (
        "long enough to break the hourly mean"
    )


def test_a_release_drifts_downwind_and_spreads():
    start = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    release = Release(0.0, 0.0, start)
    wind = Wind(speed=2.0, direction=270.0)  # from the west: the puff goes east
    later = start + dt.timedelta(minutes=5)
    downwind = release.concentration(later, wind, 600.0, 0.0, "nmhc")
    upwind = release.concentration(later, wind, -600.0, 0.0, "nmhc")
    crosswind = release.concentration(later, wind, 0.0, 600.0, "nmhc")
    assert downwind > 1.0 > upwind and crosswind < downwind / 10
    assert release.concentration(later, wind, 600.0, 0.0, "benzene") < downwind
    assert release.concentration(later, wind, 600.0, 0.0, "so2") == 0.0


def test_values_follow_a_daily_cycle():
    rng = random.Random(1)
    temperature = profile_for("met", "air_temp")
    afternoon = sum(temperature.value(14, rng) for _ in range(200)) / 200
    before_dawn = sum(temperature.value(2, rng) for _ in range(200)) / 200
    assert afternoon - before_dawn > 8
    assert profile_for("cems_outlet", "so2").base > 100 * AMBIENT["so2"].base
