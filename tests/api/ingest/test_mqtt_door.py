"""The MQTT door with a real mosquitto: stored with flags and provenance, bad messages refused, acks."""

from __future__ import annotations

import asyncio
import datetime as dt

import aiomqtt
import orjson
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from api.ingest.acks import AckSequencer
from api.ingest.gateway import Gateway
from gis.readings.batching import STOPPED
from gis.readings.model import MessageOutcome
from gis.readings.provenance import provenance
from tests.api.ingest.conftest import gateway_settings
from tests.gis.readings.park import PARK

UTC = dt.UTC


def topic(station: str, park: str = PARK) -> str:
    return f"park/{park}/stations/{station}/readings"


async def publish(broker, *messages: tuple[str, bytes]) -> None:
    async with aiomqtt.Client("127.0.0.1", broker.port, identifier="test-device") as client:
        for t, payload in messages:
            await client.publish(t, payload, qos=1)


async def count(pool, sql: str, *args) -> int:
    async with pool.acquire() as conn:
        return await conn.fetchval(sql, *args)


async def eventually(pool, sql: str, expected: int, *args, within: float = 10.0) -> int:
    for _ in range(int(within / 0.05)):
        found = await count(pool, sql, *args)
        if found >= expected:
            return found
        await asyncio.sleep(0.05)
    return await count(pool, sql, *args)


def so2_messages(start: dt.datetime, first: int, n: int) -> list[tuple[str, bytes]]:
    """Messages ``first`` … ``first + n - 1`` of S-AIR-1's SO2, a second apart from ``start``."""
    return [
        (topic("S-AIR-1"), orjson.dumps({"ts": (start + dt.timedelta(seconds=i)).isoformat(), "values": {"so2": i / 100}}))
        for i in range(first, first + n)
    ]  # fmt: skip


async def started(pool, *settings) -> list[Gateway]:
    """Gateways of ``settings``, each started and subscribed."""
    gateways = [Gateway(one, pool) for one in settings]
    for gateway in gateways:
        await gateway.start()
        await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
    return gateways


async def test_a_message_is_stored_with_flags_and_traced_to_its_payload(mqtt_gateway, broker, pool, stations):
    ts = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=3)
    payload = orjson.dumps({"ts": ts.isoformat(), "values": {"nmhc": 0.82, "benzene": None, "a25003": 0.05},
                            "flags": {"benzene": "d"}})  # fmt: skip
    await publish(broker, (topic("S-VOC-1"), payload))
    assert await eventually(pool, "SELECT count(*) FROM readings", 3) == 3
    async with pool.acquire() as conn:
        stored = await conn.fetch("SELECT parameter, value, flag FROM readings ORDER BY parameter")
    assert [tuple(r) for r in stored] == [("benzene", None, "D"), ("nmhc", 0.82, "N"), ("toluene", 0.05, "N")]
    origin = await provenance(pool, stations["S-VOC-1"], "nmhc", ts)
    assert origin.payload.encode() == payload and origin.peer == topic("S-VOC-1") and origin.door == "mqtt"


async def test_a_time_without_offset_is_the_parks_local_time(mqtt_gateway, broker, pool, stations):
    local = (dt.datetime.now(UTC) + dt.timedelta(hours=8) - dt.timedelta(minutes=10)).replace(microsecond=0)
    payload = orjson.dumps({"ts": local.replace(tzinfo=None).isoformat(), "values": {"wind_speed": 3.4}})
    await publish(broker, (topic("S-MET-1"), payload))
    assert await eventually(pool, "SELECT count(*) FROM readings", 1) == 1
    stored = await count(pool, "SELECT ts FROM readings")
    assert stored == local.replace(tzinfo=None).replace(tzinfo=UTC) - dt.timedelta(hours=8)


async def test_bad_messages_are_refused_with_a_reason_and_the_stream_goes_on(
    mqtt_gateway, broker, pool, caplog
):
    ts = (dt.datetime.now(UTC) - dt.timedelta(minutes=1)).isoformat()
    good = orjson.dumps({"ts": ts, "values": {"h2s": 0.004}})
    await publish(
        broker,
        (topic("S-AIR-1"), b"{not json"),
        (topic("S-AIR-1"), orjson.dumps({"values": {"h2s": 1}})),
        (topic("S-AIR-1"), orjson.dumps({"ts": ts, "values": {"h2s": "high"}})),
        (topic("S-NOPE"), good),
        (topic("S-AIR-1", park="OTHERPARK"), good),
        (topic("S-AIR-1"), good),
    )
    assert await eventually(pool, "SELECT count(*) FROM readings", 1) == 1
    rejected = mqtt_gateway.metrics.snapshot()["rejected"]
    assert rejected == {"mqtt.json": 1, "mqtt.schema": 2, "mqtt.unknown_station": 1, "mqtt.wrong_park": 1}
    assert "S-NOPE" in caplog.text and "not JSON" in caplog.text


async def test_a_message_delivered_twice_is_stored_once(mqtt_gateway, broker, pool):
    ts = (dt.datetime.now(UTC) - dt.timedelta(minutes=2)).isoformat()
    payload = orjson.dumps({"ts": ts, "values": {"nh3": 0.3, "pm2_5": 41}})
    await publish(broker, (topic("S-AIR-1"), payload), (topic("S-AIR-1"), payload))
    assert await eventually(pool, "SELECT count(*) FROM raw_messages", 2) == 2
    assert await count(pool, "SELECT count(*) FROM readings") == 2


def outcome_future(outcome: MessageOutcome | None = None) -> asyncio.Future[MessageOutcome]:
    future = asyncio.get_running_loop().create_future()
    if outcome:
        future.set_result(outcome)
    return future


async def test_acks_go_in_arrival_order_and_only_once_stored():
    writes: list[list[int]] = []
    acks = AckSequencer(lambda deliveries: writes.append([mid for mid, _ in deliveries]))

    def sent() -> list[int]:
        return [mid for write in writes for mid in write]

    first, second = outcome_future(), outcome_future()
    acks.add(1, 1, first)
    acks.add(2, 1)  # refused message: acknowledged, but not before message 1
    acks.add(3, 1, second)
    assert sent() == []
    second.set_result(MessageOutcome(raw_id=9, stored=1))
    await asyncio.sleep(0)
    assert sent() == []
    first.set_result(MessageOutcome(raw_id=8, stored=1))
    await asyncio.sleep(0)
    assert writes == [[1, 2, 3]]  # freed together, written together
    # a message not stored because the gateway stopped is left for the broker to redeliver
    acks.add(4, 1, outcome_future(MessageOutcome(error=STOPPED)))
    acks.add(5, 1, outcome_future(MessageOutcome(raw_id=10)))
    assert sent() == [1, 2, 3, 5]


async def test_stored_messages_are_acknowledged_and_never_delivered_again(broker, pool, stations):
    """The broker took the gateway's acknowledgements (written many to a packet): the session
    the next gateway resumes holds nothing to deliver again."""
    settings = gateway_settings(broker, hj212_enabled=False)
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    messages = [
        (topic("S-AIR-1"), orjson.dumps({"ts": (start + dt.timedelta(seconds=i)).isoformat(), "values": {"so2": i / 100}}))
        for i in range(300)
    ]  # fmt: skip
    first = Gateway(settings, pool)
    await first.start()
    await asyncio.wait_for(first.mqtt.connected.wait(), 10)
    try:
        await publish(broker, *messages)
        assert await eventually(pool, "SELECT count(*) FROM raw_messages", 300) == 300
        await asyncio.sleep(0.3)  # the last batch's acknowledgements leave once it is stored
    finally:
        await first.stop()
    again = Gateway(settings, pool)
    await again.start()
    try:
        await asyncio.wait_for(again.mqtt.connected.wait(), 10)
        await asyncio.sleep(1.0)
        assert again.metrics.received.get("mqtt", 0) == 0
    finally:
        await again.stop()
    assert await count(pool, "SELECT count(*) FROM raw_messages") == 300


async def test_a_device_speaking_mqtt5_with_properties_is_stored(mqtt_gateway, broker, pool, stations):
    ts = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=2)
    properties = Properties(PacketTypes.PUBLISH)
    properties.MessageExpiryInterval = 3600
    properties.ContentType = "application/json"
    properties.UserProperty = [("firmware", "2.4.1"), ("site", "东门")]
    payload = orjson.dumps({"ts": ts.isoformat(), "values": {"nmhc": 1.25}})
    async with aiomqtt.Client(
        "127.0.0.1", broker.port, identifier="test-device-v5", protocol=aiomqtt.ProtocolVersion.V5
    ) as client:
        await client.publish(topic("S-VOC-1"), payload, qos=1, properties=properties)
    assert await eventually(pool, "SELECT count(*) FROM readings", 1) == 1
    assert await count(pool, "SELECT value FROM readings WHERE parameter = 'nmhc'") == 1.25


async def test_gateways_sharing_a_subscription_split_the_messages_and_store_each_once(broker, pool, stations):
    """Two gateways on ``PARKMAP_MQTT_SHARED_GROUP``: the broker hands each message to one of them."""
    gateways = await started(
        pool, *(gateway_settings(broker, hj212_enabled=False, mqtt_shared_group="ingest") for _ in range(2))
    )
    try:
        start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=30)
        await publish(broker, *so2_messages(start, 0, 40))
        assert await eventually(pool, "SELECT count(*) FROM readings", 40) == 40
        assert await count(pool, "SELECT count(*) FROM raw_messages") == 40, (
            "each message went to one gateway"
        )
        assert all(gateway.metrics.received["mqtt"] > 0 for gateway in gateways), "both took a share"
    finally:
        for gateway in gateways:
            await gateway.stop()


async def test_a_gateway_moved_onto_a_shared_group_takes_only_its_share(broker, pool, stations):
    """Its persistent session still holds the subscription it had without the group: left
    there, the broker would hand it every message on that one besides its share."""
    alone = gateway_settings(broker, hj212_enabled=False)
    group = f"moved-{alone.mqtt_client_id}"  # a group of its own: members of another may be offline
    (first,) = await started(pool, alone)
    await first.stop()
    gateways = await started(
        pool,
        alone.model_copy(update={"mqtt_shared_group": group}),
        gateway_settings(broker, hj212_enabled=False, mqtt_shared_group=group),
    )
    try:
        start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=30)
        await publish(broker, *so2_messages(start, 0, 40))
        assert await eventually(pool, "SELECT count(*) FROM readings", 40) == 40
        await asyncio.sleep(0.5)  # time for a second copy to arrive, were one sent
        assert sum(gateway.metrics.received["mqtt"] for gateway in gateways) == 40
        assert await count(pool, "SELECT count(*) FROM raw_messages") == 40
    finally:
        for gateway in gateways:
            await gateway.stop()


async def test_a_gateway_leaving_its_group_stores_its_held_share_first_and_is_handed_no_more(
    broker, pool, stations
):
    staying = gateway_settings(broker, hj212_enabled=False)
    group = f"leaving-{staying.mqtt_client_id}"
    staying = staying.model_copy(update={"mqtt_shared_group": group})
    leaving = gateway_settings(broker, hj212_enabled=False, mqtt_shared_group=group)
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=30)
    (member,) = await started(pool, leaving)
    await member.stop()  # its session stays in the group: the broker holds its share for it
    (stayer,) = await started(pool, staying)
    try:
        await publish(broker, *so2_messages(start, 0, 40))
        await asyncio.sleep(0.5)
        held = 40 - await count(pool, "SELECT count(*) FROM readings")
        assert held > 0, "the stopped member's share was held for it"

        (leaver,) = await started(pool, leaving)
        taken = await asyncio.wait_for(leaver.mqtt.leave_group(quiet=0.5), 30)
        await leaver.stop()
        assert taken == held
        assert await count(pool, "SELECT count(*) FROM readings") == 40

        await publish(broker, *so2_messages(start, 40, 40))
        assert await eventually(pool, "SELECT count(*) FROM readings", 80) == 80, (
            "all went to the one staying"
        )
        assert stayer.metrics.received["mqtt"] == 80 - held
    finally:
        await stayer.stop()
