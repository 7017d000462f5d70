"""No reading is lost when PostgreSQL restarts in the middle of a stream (MQTT and HJ 212).

A throwaway PostgreSQL cluster is stopped and started while devices keep sending: MQTT
messages stay unacknowledged (the broker keeps them) and HJ 212 packets unanswered (the
data logger resends) until they are stored.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import aiomqtt
import asyncpg
import orjson
import pytest

from api.ingest.broker import free_port
from api.ingest.gateway import Gateway
from api.ingest.hj212.encoder import data_packet
from api.ingest.hj212.frame import decode_frame
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.settings import StoreSettings
from tests.api.ingest.conftest import gateway_settings
from tests.gis.readings.park import CEMS_MN, CEMS_PW, PARK, build_park

pytestmark = pytest.mark.slow
SHANGHAI = ZoneInfo("Asia/Shanghai")
MQTT_MESSAGES = 600
HJ212_PACKETS = 40


@pytest.fixture
def throwaway_cluster(tmp_path):
    cluster = EmbeddedCluster(
        StoreSettings(_env_file=None, database_url=None, home=tmp_path / "pg", db_port=free_port())
    )
    cluster.start()
    yield cluster
    cluster.stop()
    cluster.reset()
    if str(cluster.data_dir.parent).startswith("/var/lib/parkmap/"):
        shutil.rmtree(cluster.data_dir.parent, ignore_errors=True)


async def mqtt_device(broker, start: dt.datetime) -> None:
    async with aiomqtt.Client("127.0.0.1", broker.port, identifier="restart-test-device") as client:
        for i in range(MQTT_MESSAGES):
            ts = (start + dt.timedelta(seconds=i)).isoformat()
            values = {"nmhc": i / 100, "h2s": 0.001 * i, "nh3": 0.2, "pm2_5": 30 + i % 7}
            await client.publish(
                f"park/{PARK}/stations/S-AIR-1/readings", orjson.dumps({"ts": ts, "values": values}), qos=1
            )
            await asyncio.sleep(0.01)


async def hj212_device(port: int, start: dt.datetime) -> int:
    """A data logger: resend a packet until it is answered (HJ 212 6.5); returns the resends."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answered: set[str] = set()

    async def read_answers() -> None:
        while line := await reader.readline():
            answered.add(decode_frame(line.rstrip()).packet.qn)

    listening = asyncio.create_task(read_answers())
    resends = 0
    for i in range(HJ212_PACKETS):
        at = (start + dt.timedelta(seconds=30 * i)).astimezone(SHANGHAI).replace(tzinfo=None)
        frame = data_packet(mn=CEMS_MN, pw=CEMS_PW, st="31", cn="2011", at=at,
                            values={"a21026": {"Rtd": i}, "a21002": {"Rtd": 2 * i}, "a19001": {"Rtd": 9.5}})  # fmt: skip
        qn = decode_frame(frame.rstrip()).packet.qn
        while qn not in answered:
            writer.write(frame)
            await writer.drain()
            for _ in range(30):
                if qn in answered:
                    break
                await asyncio.sleep(0.1)
            else:
                resends += 1
        await asyncio.sleep(0.05)
    listening.cancel()
    writer.close()
    return resends


async def test_nothing_is_lost_across_a_postgresql_restart(throwaway_cluster, broker):
    url = throwaway_cluster.create_database("parkmap_restart_test")
    await asyncio.to_thread(migrate.upgrade, url)
    stations = await asyncio.to_thread(build_park, url)
    pool = await asyncpg.create_pool(url, min_size=1, max_size=4)
    gateway = Gateway(gateway_settings(broker, flush_interval=0.1), pool)
    await gateway.start()
    await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    try:
        devices = asyncio.gather(mqtt_device(broker, start), hj212_device(gateway.hj212_port, start))
        await asyncio.sleep(1.5)
        await asyncio.to_thread(throwaway_cluster.stop)
        await asyncio.sleep(4)
        buffered_during_outage = gateway.writer.depth
        await asyncio.to_thread(throwaway_cluster.start)
        _, resends = await asyncio.wait_for(devices, 120)
        expected = {stations["S-AIR-1"]: MQTT_MESSAGES * 4, stations["S-CEMS-1"]: HJ212_PACKETS * 3}
        stored: dict[int, int] = {}
        for _ in range(300):
            async with pool.acquire() as conn:
                stored = dict(await conn.fetch("SELECT station_id, count(*) FROM readings GROUP BY 1"))
            if stored == expected:
                break
            await asyncio.sleep(0.2)
    finally:
        await gateway.stop()
        await pool.close()
    assert gateway.metrics.store_retries > 0, "the outage was not hit"
    assert buffered_during_outage > 0
    assert stored == expected
    assert resends > 0, "the data logger should have had to resend during the outage"


async def test_a_gateway_started_before_postgresql_loses_nothing(throwaway_cluster, broker):
    url = throwaway_cluster.create_database("parkmap_late_store_test")
    await asyncio.to_thread(migrate.upgrade, url)
    stations = await asyncio.to_thread(build_park, url)
    await asyncio.to_thread(throwaway_cluster.stop)
    pool = await asyncpg.create_pool(url, min_size=0, max_size=4)
    gateway = Gateway(gateway_settings(broker), pool)
    await gateway.start()  # the store is away: the registry cannot load yet
    try:
        await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
        start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
        async with aiomqtt.Client("127.0.0.1", broker.port, identifier="late-store-device") as client:
            for i in range(30):
                body = {"ts": (start + dt.timedelta(seconds=i)).isoformat(), "values": {"nmhc": i / 10}}
                await client.publish(f"park/{PARK}/stations/S-AIR-1/readings", orjson.dumps(body), qos=1)
        await asyncio.sleep(2)
        assert gateway.metrics.snapshot()["rejected"] == {}, "nothing may be judged before the registry loads"
        await asyncio.to_thread(throwaway_cluster.start)
        stored = 0
        for _ in range(200):
            async with pool.acquire() as conn:
                stored = await conn.fetchval(
                    "SELECT count(*) FROM readings WHERE station_id = $1", stations["S-AIR-1"]
                )
            if stored == 30:
                break
            await asyncio.sleep(0.1)
    finally:
        await gateway.stop()
        await pool.close()
    assert stored == 30
