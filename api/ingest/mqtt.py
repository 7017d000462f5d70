"""The MQTT door: subscribe with QoS 1, store each message, acknowledge it only once stored.

MQTT 5 with a persistent session (clean start off, session expiry) and a receive maximum:
while PostgreSQL is away the gateway buffers, stops acknowledging, and the broker holds
everything else for us, so no message is lost across a database or gateway restart.
"""

from __future__ import annotations

import asyncio
import logging
from zoneinfo import ZoneInfo

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from api.ingest import mqtt_properties
from api.ingest.acks import AckSequencer
from api.ingest.hj212.pollutants import pollutants
from api.ingest.mqtt_deliveries import Deliveries, delivery_runs
from api.ingest.mqtt_payload import MessageRefused, parse_readings, topic_parts
from api.ingest.mqtt_reads import read_runs
from api.ingest.pubacks import pubacks_sender
from api.ingest.settings import IngestSettings
from gis.readings.batching import BatchWriter
from gis.readings.metrics import IngestMetrics
from gis.readings.model import DeviceMessage, utcnow
from gis.readings.registry import StationRegistry
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)
DOOR = "mqtt"


class MqttDoor:
    def __init__(
        self, settings: IngestSettings, registry: StationRegistry, writer: BatchWriter, metrics: IngestMetrics
    ):
        self.settings = settings
        self.registry = registry
        self.writer = writer
        self.metrics = metrics
        self.table = pollutants()
        self.tz = ZoneInfo(settings.park_timezone)
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def subscription(self) -> str:
        group = self.settings.mqtt_shared_group
        return f"$share/{group}/{self.settings.mqtt_topic}" if group else self.settings.mqtt_topic

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run_forever(), name="mqtt-door")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None
        self.connected.clear()

    def _client(self) -> tuple[aiomqtt.Client, Deliveries]:
        mqtt_properties.install()
        deliveries = Deliveries()
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.settings.mqtt_session_expiry
        properties.ReceiveMaximum = self.settings.mqtt_inflight
        client = aiomqtt.Client(
            self.settings.mqtt_host,
            self.settings.mqtt_port,
            username=self.settings.mqtt_username,
            password=self.settings.mqtt_password,
            identifier=self.settings.mqtt_client_id,
            protocol=aiomqtt.ProtocolVersion.V5,
            clean_start=False,
            properties=properties,
            keepalive=30,
            queue_type=deliveries.queue_type,  # type: ignore[arg-type] # aiomqtt calls it to build its queue
        )
        # aiomqtt does not expose paho's manual acknowledgement; without it paho would
        # acknowledge every delivery before we stored it
        client._client.manual_ack_set(True)
        read_runs(client._client)
        return client, deliveries

    async def _run_forever(self) -> None:
        delay = 0.5
        while True:
            client, deliveries = self._client()
            acks = AckSequencer(pubacks_sender(client._client))
            try:
                async with client:
                    await client.subscribe(self.subscription, qos=1)
                    if self.settings.mqtt_shared_group:
                        # a session that once subscribed without the group still holds that
                        # subscription, and would be handed every message on it besides its share
                        await client.unsubscribe(self.settings.mqtt_topic)
                    log.info("MQTT door subscribed to %s on %s:%d", self.subscription,
                             self.settings.mqtt_host, self.settings.mqtt_port)  # fmt: skip
                    self.connected.set()
                    delay = 0.5
                    async for run in delivery_runs(client, deliveries):
                        for message in run:
                            await self._handle(message, acks)
            except aiomqtt.MqttError as exc:
                log.warning("MQTT broker %s:%d unreachable or lost (%s); retrying in %.1f s",
                            self.settings.mqtt_host, self.settings.mqtt_port, exc, delay)  # fmt: skip
            finally:
                self.connected.clear()
                acks.close()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)

    async def _handle(self, message: aiomqtt.Message, acks: AckSequencer) -> None:
        received_at = utcnow()
        topic = message.topic.value
        payload = message.payload if isinstance(message.payload, bytes) else str(message.payload).encode()
        await self.registry.ready()
        try:
            park_code, station_code = topic_parts(topic)
            station = await self.registry.by_code(station_code)
            if station is None:
                raise MessageRefused("unknown_station", f"no station with code {station_code!r}")
            if station.park_code is not None and station.park_code != park_code:
                raise MessageRefused("wrong_park", f"station {station_code} is not in park {park_code!r}")
            readings = parse_readings(
                payload, station.id, self.table, self.tz, self.settings.mqtt_max_payload
            )
        except MessageRefused as refused:
            self.metrics.reject(DOOR, refused.code)
            log.warning("MQTT message on %s refused (%s): %s", topic[:120], refused.code, refused.detail)
            acks.add(message.mid, message.qos)
            return
        text = payload.decode("utf-8", errors="replace")
        stored = await self.writer.submit(DeviceMessage(DOOR, topic, text, readings, received_at))
        acks.add(message.mid, message.qos, stored)
