"""The one ingestion path against a real PostGIS: stored once, rolled up, traced, refused when wrong."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from gis.errors import NotFound
from gis.readings.batching import BatchWriter
from gis.readings.model import DeviceMessage, Reading
from gis.readings.path import IngestPath
from gis.readings.provenance import provenance
from gis.readings.store import ReadingStore

UTC = dt.UTC


def hours_ago(h: float) -> dt.datetime:
    now = dt.datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now - dt.timedelta(hours=h)


def message(readings: list[Reading], payload: str = "{}", peer: str = "test") -> DeviceMessage:
    return DeviceMessage("mqtt", peer, payload, readings)


async def count(pool, sql: str, *args) -> int:
    async with pool.acquire() as conn:
        return await conn.fetchval(sql, *args)


async def test_a_batch_is_stored_once_and_duplicates_are_harmless(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    t0 = hours_ago(2)
    readings = [Reading(air, "nmhc", t0 + dt.timedelta(minutes=i), 0.5 + i / 10) for i in range(5)]
    first = await path.ingest([message(readings)])
    again = await path.ingest([message(readings), message(readings[:2])])
    assert (first.stored, first.duplicates) == (5, 0)
    assert (again.stored, again.duplicates) == (0, 7)
    assert await count(pool, "SELECT count(*) FROM readings WHERE station_id = $1", air) == 5
    # every delivery is kept as received, even a duplicate one
    assert await count(pool, "SELECT count(*) FROM raw_messages") == 3


async def test_a_reading_sent_twice_in_one_batch_is_stored_once_and_rolled_up_once(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    t0 = hours_ago(3)
    clean = await path.ingest([message([Reading(air, "so2", t0, 0.1)])])
    twice = Reading(air, "so2", t0 + dt.timedelta(minutes=1), 0.3)
    result = await path.ingest(
        [message([twice]), message([twice, Reading(air, "so2", t0 + dt.timedelta(minutes=2), 0.2)])]
    )
    after = await path.ingest([message([Reading(air, "so2", t0 + dt.timedelta(minutes=3), 0.4)])])
    assert (clean.stored, result.stored, result.duplicates, after.stored) == (1, 2, 1, 1)
    async with pool.acquire() as conn:
        hour = await conn.fetchrow(
            "SELECT n, total, max FROM rollups_hourly WHERE station_id = $1 AND parameter = 'so2'", air
        )
    assert (hour["n"], hour["total"], hour["max"]) == (4, pytest.approx(1.0), 0.4)


async def test_every_value_leads_back_to_what_the_device_sent(pool, stations):
    path = IngestPath(ReadingStore(pool))
    voc = stations["S-VOC-1"]
    ts = hours_ago(1)
    payload = f'{{"ts": "{ts.isoformat()}", "values": {{"benzene": 0.12}}}}'
    result = await path.ingest([DeviceMessage("mqtt", "park/P/stations/S-VOC-1/readings", payload,
                                              [Reading(voc, "benzene", ts, 0.12)])])  # fmt: skip
    found = await provenance(pool, voc, "benzene", ts)
    assert found.payload == payload
    assert found.raw_id == result.outcomes[0].raw_id
    assert (found.door, found.peer, found.value, found.flag) == (
        "mqtt",
        "park/P/stations/S-VOC-1/readings",
        0.12,
        "N",
    )
    with pytest.raises(NotFound):
        await provenance(pool, voc, "benzene", ts + dt.timedelta(seconds=1))


async def test_values_that_would_corrupt_data_are_refused_with_a_reason(pool, stations):
    path = IngestPath(ReadingStore(pool))
    air = stations["S-AIR-1"]
    ts = hours_ago(1)
    bad = [
        Reading(air, "nmhc", ts, float("nan")),
        Reading(air, "h2s", dt.datetime.now(UTC) + dt.timedelta(days=2), 0.01),
        Reading(air, "nh3", ts, 1.0, "X"),
        Reading(air, "x" * 25, ts, 1.0),
        Reading(air, "pm2_5", ts.replace(tzinfo=None), 35.0),
        Reading(air, "pm10", ts, None, "N"),
    ]
    good = Reading(air, "pm2_5", ts, 35.0)
    result = await path.ingest([message([*bad, good])])
    outcome = result.outcomes[0]
    assert outcome.stored == 1
    reasons = [r.reason for r in outcome.rejected]
    assert len(reasons) == 6
    assert any("not finite" in r for r in reasons)
    assert any("future" in r for r in reasons)
    assert any("unknown data flag" in r for r in reasons)
    assert any("time zone" in r for r in reasons)
    assert await count(pool, "SELECT count(*) FROM readings") == 1


async def test_a_flag_other_than_n_is_kept_and_may_come_without_a_value(pool, stations):
    path = IngestPath(ReadingStore(pool))
    cems = stations["S-CEMS-1"]
    ts = hours_ago(1)
    await path.ingest([message([Reading(cems, "so2", ts, None, "D"), Reading(cems, "nox", ts, 80.0, "C")])])
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT parameter, value, flag FROM readings ORDER BY parameter")
    assert [tuple(r) for r in rows] == [("nox", 80.0, "C"), ("so2", None, "D")]


async def test_a_message_the_database_refuses_fails_alone(pool, stations):
    path = IngestPath(ReadingStore(pool))
    ts = hours_ago(1)
    ghost_station = 999_999
    result = await path.ingest([
        message([Reading(stations["S-AIR-1"], "nmhc", ts, 1.0)]),
        message([Reading(ghost_station, "nmhc", ts, 1.0)]),
        message([Reading(stations["S-VOC-1"], "nmhc", ts, 2.0)]),
    ])  # fmt: skip
    assert [o.ok for o in result.outcomes] == [True, False, True]
    assert "refused by the store" in result.outcomes[1].error
    assert result.stored == 2


async def test_a_new_month_gets_its_own_partition(pool, stations):
    path = IngestPath(ReadingStore(pool))
    old = hours_ago(24 * 200)
    await path.ingest([message([Reading(stations["S-AIR-1"], "nmhc", old, 1.0)])])
    async with pool.acquire() as conn:
        partition = await conn.fetchval("SELECT tableoid::regclass::text FROM readings WHERE ts = $1", old)
    assert partition == f"readings_{old:%Y%m}"


async def test_hooks_get_only_new_readings_and_a_failing_hook_loses_nothing(pool, stations):
    seen_by_rules: list = []
    published: list = []

    async def rules(readings):
        seen_by_rules.extend(readings)
        raise RuntimeError("rule engine down")

    async def publish(readings):
        published.extend(readings)

    path = IngestPath(ReadingStore(pool), rules=rules, publish=publish)
    ts = hours_ago(1)
    batch = [
        message(
            [Reading(stations["S-AIR-1"], "nmhc", ts, 1.0), Reading(stations["S-AIR-1"], "h2s", ts, 0.02)]
        )
    ]
    await path.ingest(batch)
    await path.ingest(batch)
    assert len(seen_by_rules) == 2 and len(published) == 2
    assert {r.parameter for r in published} == {"nmhc", "h2s"}
    assert all(r.raw_id for r in published)
    assert await count(pool, "SELECT count(*) FROM readings") == 2


async def test_last_seen_moves_forward(pool, stations):
    path = IngestPath(ReadingStore(pool))
    await path.ingest([message([Reading(stations["S-MET-1"], "wind_speed", hours_ago(3), 2.5)])])
    last_seen = await count(pool, "SELECT last_seen FROM stations WHERE id = $1", stations["S-MET-1"])
    assert abs((dt.datetime.now(UTC) - last_seen).total_seconds()) < 60


async def test_a_message_mixing_old_and_new_values_hands_on_only_the_new_ones(pool, stations):
    published = []

    async def publish(readings):
        published.extend(readings)

    path = IngestPath(ReadingStore(pool), publish=publish)
    air = stations["S-AIR-1"]
    old = Reading(air, "nmhc", hours_ago(2), 1.0)
    await path.ingest([message([old])])
    published.clear()
    fresh = Reading(air, "nmhc", hours_ago(1), 2.0)
    twice = Reading(air, "h2s", hours_ago(1), 0.01)
    result = await path.ingest([message([old, fresh, twice]), message([twice])])
    assert [(o.stored, o.duplicates) for o in result.outcomes] == [(2, 1), (0, 1)]
    assert sorted((r.parameter, r.value) for r in published) == [("h2s", 0.01), ("nmhc", 2.0)]
    assert {r.raw_id for r in published} == {result.outcomes[0].raw_id}


async def test_whole_numbers_are_stored_as_values(pool, stations):
    path = IngestPath(ReadingStore(pool))
    result = await path.ingest([message([Reading(stations["S-WATER-1"], "ph", hours_ago(1), 7)])])
    assert result.stored == 1
    assert await count(pool, "SELECT value FROM readings") == 7.0


async def test_the_live_feed_does_not_wait_for_the_rules_and_the_rules_catch_up_in_one_pass(pool, stations):
    rules_may_go = asyncio.Event()
    rule_passes: list[int] = []
    published: list = []

    async def rules(readings):
        await rules_may_go.wait()
        rule_passes.append(len(readings))

    async def publish(readings):
        published.extend(readings)

    writer = BatchWriter(IngestPath(ReadingStore(pool), rules=rules, publish=publish), flush_interval=0.01)
    await writer.start()
    try:
        air = stations["S-AIR-1"]
        t0 = hours_ago(3)
        for i in range(4):
            outcome = await writer.store(message([Reading(air, "nmhc", t0 + dt.timedelta(minutes=i), 1.0)]))
            assert outcome.error is None
        # every reading reached the map while the first rules pass was still busy
        for _ in range(100):
            if len(published) == 4:
                break
            await asyncio.sleep(0.02)
        assert len(published) == 4 and rule_passes == []
        rules_may_go.set()
    finally:
        await writer.stop()
    # the first pass judged the first batch; the batches that waited meanwhile were judged together
    assert sum(rule_passes) == 4 and len(rule_passes) < 4
