"""Retention drops whole old months and keeps provenance of what stays; NOTIFY reaches listeners."""

from __future__ import annotations

import asyncio
import datetime as dt

import orjson

from gis.readings.model import DeviceMessage, Reading, StoredReading
from gis.readings.path import IngestPath
from gis.readings.provenance import provenance
from gis.readings.publish import CHANNEL, NotifyPublisher, notification_payloads
from gis.readings.retention import apply_retention
from gis.readings.store import ReadingStore
from gis.readings.validate import ValidationLimits

UTC = dt.UTC


async def test_retention_drops_old_months_and_the_raw_messages_only_they_needed(pool, stations):
    now = dt.datetime.now(UTC)
    old = now - dt.timedelta(days=700)
    recent = now - dt.timedelta(days=2)
    path = IngestPath(ReadingStore(pool), limits=ValidationLimits(max_age=dt.timedelta(days=3650)))
    air = stations["S-AIR-1"]
    await path.ingest([DeviceMessage("mqtt", "t", "old", [Reading(air, "nmhc", old, 1.0)], received_at=old)])
    await path.ingest(
        [DeviceMessage("mqtt", "t", "recent", [Reading(air, "nmhc", recent, 2.0)], received_at=recent)]
    )

    result = await apply_retention(pool, keep_days=365, now=now)

    assert f"readings_{old:%Y%m}" in result.partitions_dropped
    assert result.raw_messages_deleted == 1
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM readings") == 1
        assert await conn.fetchval("SELECT to_regclass($1)", f"readings_{old:%Y%m}") is None
        # the hourly and daily history stays
        assert await conn.fetchval("SELECT count(*) FROM rollups_daily WHERE station_id = $1", air) == 2
    assert (await provenance(pool, air, "nmhc", recent)).payload == "recent"


def stored(i: int, parameter: str = "nmhc") -> StoredReading:
    return StoredReading(
        1, parameter, dt.datetime(2026, 11, 25, tzinfo=UTC) + dt.timedelta(minutes=i), float(i), "N", i
    )


def test_notifications_stay_under_the_postgresql_limit_and_carry_the_latest_value():
    readings = [stored(i, f"p{i % 300}") for i in range(900)]
    payloads = notification_payloads(readings)
    assert len(payloads) > 1
    assert all(len(p.encode()) < 8000 for p in payloads)
    items = [item for p in payloads for item in orjson.loads(p)["items"]]
    assert len(items) == 300
    latest_p0 = next(i for i in items if i["parameter"] == "p0")
    assert latest_p0["value"] == 600.0 and latest_p0["ts"].endswith("Z")


async def test_published_readings_reach_a_listener(pool, stations, readings_park):
    import asyncpg

    received: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(readings_park[0])
    await listener.add_listener(CHANNEL, lambda *args: received.put_nowait(args[-1]))
    try:
        path = IngestPath(ReadingStore(pool), publish=NotifyPublisher(pool))
        ts = dt.datetime.now(UTC) - dt.timedelta(minutes=5)
        await path.ingest(
            [DeviceMessage("mqtt", "t", "{}", [Reading(stations["S-VOC-1"], "toluene", ts, 0.4)])]
        )
        payload = orjson.loads(await asyncio.wait_for(received.get(), 5))
    finally:
        await listener.close()
    [item] = payload["items"]
    assert item == {
        "station_id": stations["S-VOC-1"], "parameter": "toluene",
        "ts": ts.astimezone(UTC).isoformat().replace("+00:00", "Z"), "value": 0.4, "flag": "N",
    }  # fmt: skip


async def test_published_readings_carry_their_level_against_the_station_limits(pool, stations, readings_park):
    import asyncpg

    from gis.supervision.levels import LevelJudge

    station = stations["S-VOC-1"]
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
            "VALUES ($1, 'benzene', '1h', 'max', 0.4, 'mg/m3', 'GB 16297-1996', 'table 2') "
            "ON CONFLICT ON CONSTRAINT uq_limits_target DO NOTHING",
            station,
        )
    received: asyncio.Queue[str] = asyncio.Queue()
    listener = await asyncpg.connect(readings_park[0])
    await listener.add_listener(CHANNEL, lambda *args: received.put_nowait(args[-1]))
    try:
        path = IngestPath(ReadingStore(pool), publish=NotifyPublisher(pool, judge=LevelJudge(pool, 0.8)))
        ts = dt.datetime.now(UTC) - dt.timedelta(minutes=4)
        await path.ingest([DeviceMessage("mqtt", "t", "{}", [Reading(station, "benzene", ts, 0.55)])])
        [item] = orjson.loads(await asyncio.wait_for(received.get(), 5))["items"]
    finally:
        await listener.close()
    assert item["level"] == "exceedance"
    assert item["limit"] == 0.4 and item["limit_averaging"] == "1h" and item["unit"] == "mg/m3"
