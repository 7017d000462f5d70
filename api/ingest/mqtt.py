"""The MQTT door: subscribe with QoS 1, store each message, acknowledge it only once stored.

MQTT 5 with a persistent session (clean start off, session expiry) and a receive maximum:
while PostgreSQL is away the gateway buffers, stops acknowledging, and the broker holds
everything else for us, so no message is lost across a database or gateway restart.
"""

from __future__ import annotations

import asyncio
import contextlib
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
        self.deliveries = 0  # taken from the broker, refused ones included
        self._task: asyncio.Task[None] | None = None
        self._session: tuple[aiomqtt.Client, AckSequencer] | None = None
        self._member = True  # subscribes on each connection; False once it left its group

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

    async def leave_group(self, quiet: float = 2.0) -> int:
        """Take this gateway's session out of its shared group for good; returns the deliveries taken.

        While its session lives the broker hands a stopped member its share and holds it for it.
        Leaving stores what is held first (until no delivery came for ``quiet`` s and all taken is
        stored and acknowledged), then unsubscribes, then stores what came meanwhile."""
        if not self.settings.mqtt_shared_group:
            raise ValueError("this gateway is in no shared group (PARKMAP_MQTT_SHARED_GROUP)")
        await self._settled(quiet)
        self._member = False  # from now on every connection unsubscribes before it counts as connected
        if self._session is not None:
            with contextlib.suppress(aiomqtt.MqttError):  # lost meanwhile: the next connection does it
                await self._session[0].unsubscribe(self.subscription)
                log.info("MQTT door left %s", self.subscription)
        await self._settled(quiet)
        return self.deliveries

    async def _settled(self, quiet: float) -> None:
        """Return once no delivery came for ``quiet`` s and everything taken is stored and acknowledged."""
        while True:
            await self.connected.wait()
            before = self.deliveries
            await asyncio.sleep(quiet)
            if self._session is None or not self.connected.is_set():
                continue
            if self.deliveries == before and not self.writer.depth and not len(self._session[1]):
                return

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
                    if self._member:
                        await client.subscribe(self.subscription, qos=1)
                    else:
                        await client.unsubscribe(self.subscription)
                    if self.settings.mqtt_shared_group:
                        # a session that once subscribed without the group still holds that
                        # subscription, and would be handed every message on it besides its share
                        await client.unsubscribe(self.settings.mqtt_topic)
                    log.info("MQTT door %s %s on %s:%d", "subscribed to" if self._member else "left",
                             self.subscription, self.settings.mqtt_host, self.settings.mqtt_port)  # fmt: skip
                    self._session = client, acks
                    self.connected.set()
                    delay = 0.5
                    async for run in delivery_runs(client, deliveries):
                        self.deliveries += len(run)
                        for message in run:
                            await self._handle(message, acks)
            except aiomqtt.MqttError as exc:
                log.warning("MQTT broker %s:%d unreachable or lost (%s); retrying in %.1f s",
                            self.settings.mqtt_host, self.settings.mqtt_port, exc, delay)  # fmt: skip
            finally:
                self.connected.clear()
                self._session = None
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
