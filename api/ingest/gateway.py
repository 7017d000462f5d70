"""The gateway: the HJ 212 TCP door and the MQTT door feeding the one ingestion path.

The app's lifespan builds it with the pool and its hooks, then ``await gateway.start()``
and, on shutdown, ``await gateway.stop()``.  ``rules`` is the rule engine's hook and
``publish`` the live fan-out's (PostgreSQL NOTIFY on ``parkmap_readings`` by default).
Run one gateway per deployment: the HJ 212 port can be bound once, and the MQTT
session (its client id) is one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

import asyncpg

from api.ingest.hj212.server import Hj212Server
from api.ingest.mqtt import MqttDoor
from api.ingest.settings import IngestSettings
from gis.readings.batching import BatchWriter
from gis.readings.metrics import IngestMetrics
from gis.readings.model import DeviceMessage, MessageOutcome
from gis.readings.path import IngestPath, ReadingsHook
from gis.readings.publish import NotifyPublisher
from gis.readings.registry import StationRegistry
from gis.readings.retention import apply_retention
from gis.readings.store import ReadingStore
from gis.readings.validate import ValidationLimits
from gis.supervision.levels import LevelJudge
from gis.supervision.rules.batch import RulesHook
from gis.supervision.settings import SupervisionSettings
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)


def park_hooks(pool: asyncpg.Pool, settings: SupervisionSettings) -> dict[str, ReadingsHook]:
    """The hooks a park runs on stored readings: its rules, and the live fan-out with levels."""
    return {
        "rules": RulesHook(pool, settings),
        "publish": NotifyPublisher(pool, judge=LevelJudge(pool, settings.level_warning_ratio)),
    }


class Gateway:
    def __init__(
        self,
        settings: IngestSettings,
        pool: asyncpg.Pool,
        *,
        rules: ReadingsHook | None = None,
        publish: ReadingsHook | None = None,
        metrics: IngestMetrics | None = None,
    ):
        self.settings = settings
        self.pool = pool
        self.metrics = metrics or IngestMetrics()
        self.registry = StationRegistry(
            pool,
            refresh_interval=settings.registry_refresh,
            verified_secrets=settings.device_secrets_verified,
            refused_secrets=settings.device_secrets_refused,
            secret_checks=settings.device_secret_checks,
        )
        self.store = ReadingStore(pool, rollup_timezone=settings.park_timezone)
        limits = ValidationLimits(
            max_future=dt.timedelta(minutes=settings.max_future_minutes),
            max_age=dt.timedelta(days=settings.retention_days),
        )
        self.path = IngestPath(
            self.store,
            limits=limits,
            rules=rules,
            publish=publish if publish is not None else NotifyPublisher(pool),
        )
        self.writer = BatchWriter(
            self.path,
            batch_size=settings.batch_size,
            flush_interval=settings.flush_interval,
            queue_size=settings.queue_size,
            concurrency=settings.store_concurrency,
            retry_max=settings.retry_max,
            metrics=self.metrics,
        )
        self.mqtt = (
            MqttDoor(settings, self.registry, self.writer, self.metrics) if settings.mqtt_enabled else None
        )
        self.hj212 = (
            Hj212Server(settings, self.registry, self.writer, self.metrics)
            if settings.hj212_enabled
            else None
        )
        self._retention: asyncio.Task[None] | None = None

    @property
    def hj212_port(self) -> int | None:
        return self.hj212.port if self.hj212 else None

    async def start(self) -> None:
        try:
            await self.registry.refresh()
        except Exception as exc:  # the doors still open: the registry loads once the store answers
            log.warning("station registry not loaded yet: %s", exc)
        await self.writer.start()
        if self.hj212:
            await self.hj212.start()
        if self.mqtt:
            await self.mqtt.start()
        if self.settings.retention_check_hours > 0:
            self._retention = asyncio.create_task(self._retention_forever(), name="readings-retention")

    async def stop(self) -> None:
        """Stop taking messages, store what is buffered (up to the drain timeout), then stop."""
        await cancel_and_wait(self._retention)
        if self.mqtt:
            await self.mqtt.stop()
        if self.hj212:
            await self.hj212.stop()
        await self.writer.stop(self.settings.drain_timeout)

    async def submit(self, message: DeviceMessage) -> asyncio.Future[MessageOutcome]:
        """Queue a message from another door (the HTTP batch endpoint); resolves once stored."""
        return await self.writer.submit(message)

    def status(self) -> dict[str, Any]:
        return {
            "mqtt_connected": bool(self.mqtt and self.mqtt.connected.is_set()),
            "hj212_port": self.hj212_port,
            "buffered": self.writer.depth,
            **self.metrics.snapshot(),
        }

    async def _retention_forever(self) -> None:
        while True:
            try:
                result = await apply_retention(self.pool, self.settings.retention_days)
                if result.partitions_dropped or result.raw_messages_deleted:
                    log.info(
                        "retention before %s: dropped %s, deleted %d raw messages",
                        result.cutoff.date(), ", ".join(result.partitions_dropped) or "no partition",
                        result.raw_messages_deleted,
                    )  # fmt: skip
            except Exception as exc:  # retention is housekeeping: try again next time
                log.warning("retention run failed: %s", exc)
            await asyncio.sleep(self.settings.retention_check_hours * 3600)
