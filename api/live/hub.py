"""The live hub: LISTEN on PostgreSQL channels, fan out to subscribers filtered by layer, bbox, scope.

Every API worker runs one hub with one dedicated connection, so a reading stored by any
worker or gateway reaches every browser (PostgreSQL NOTIFY is the fan-out across workers).
Each subscriber has a bounded queue: a slow browser loses its oldest messages, never the
server's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import orjson

from gis.auth import Scope
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)

CHANNELS = {"parkmap_readings": "reading", "parkmap_alarms": "alarm", "parkmap_tickets": "ticket"}
STATION_INDEX_SQL = "SELECT id, code, enterprise_id, ST_X(geom) AS lon, ST_Y(geom) AS lat, kind FROM stations"


@dataclass(frozen=True)
class StationPlace:
    code: str
    enterprise_id: int | None
    lon: float
    lat: float
    kind: str


@dataclass(eq=False)
class Subscription:
    """What one browser wants: message types, a lon/lat box, and what its role may see."""

    scope: Scope
    types: frozenset[str] = frozenset({"reading", "alarm", "ticket"})
    bbox: tuple[float, float, float, float] | None = None
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(maxsize=1000))
    dropped: int = 0

    def wants(self, message: dict[str, Any], place: StationPlace | None) -> bool:
        if message.get("type") not in self.types:
            return False
        enterprise_id = place.enterprise_id if place else message.get("enterprise_id")
        if self.scope.is_enterprise and enterprise_id != self.scope.enterprise_id:
            return False
        if self.bbox and place:
            west, south, east, north = self.bbox
            return west <= place.lon <= east and south <= place.lat <= north
        return True

    def offer(self, message: dict[str, Any]) -> None:
        if self.queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(message)


class LiveHub:
    def __init__(self, url: str, pool: asyncpg.Pool, max_subscribers: int, queue_size: int):
        self.url = url
        self.pool = pool
        self.max_subscribers = max_subscribers
        self.queue_size = queue_size
        self.subscriptions: set[Subscription] = set()
        self.stations: dict[int, StationPlace] = {}
        self._task: asyncio.Task | None = None
        self._connection: asyncpg.Connection | None = None
        self.delivered = 0

    async def start(self) -> None:
        await self.refresh_stations()
        self._task = asyncio.create_task(self._listen_forever(), name="live-hub")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        if self._connection and not self._connection.is_closed():
            await self._connection.close()

    async def refresh_stations(self) -> None:
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(STATION_INDEX_SQL)
        self.stations = {
            r["id"]: StationPlace(r["code"], r["enterprise_id"], r["lon"], r["lat"], r["kind"]) for r in rows
        }

    def subscribe(self, scope: Scope, types=None, bbox=None) -> Subscription:
        from gis.errors import Conflict

        if len(self.subscriptions) >= self.max_subscribers:
            raise Conflict("too many live connections to this server; try again later")
        sub = Subscription(
            scope=scope,
            types=frozenset(types) if types else frozenset(CHANNELS.values()),
            bbox=bbox,
            queue=asyncio.Queue(maxsize=self.queue_size),
        )
        self.subscriptions.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        self.subscriptions.discard(sub)

    def publish(self, message: dict[str, Any]) -> None:
        """Offer one message to every subscriber that wants it (and may see it)."""
        station_id = message.get("station_id")
        place = self.stations.get(station_id) if station_id is not None else None
        if place and "code" not in message:
            message["code"] = place.code
        for sub in list(self.subscriptions):
            if sub.wants(message, place):
                sub.offer(message)
                self.delivered += 1

    def _on_notify(self, connection, pid, channel: str, payload: str) -> None:
        kind = CHANNELS.get(channel)
        try:
            decoded = orjson.loads(payload)
        except orjson.JSONDecodeError:
            log.warning("live hub: unreadable payload on %s", channel)
            return
        items = decoded if isinstance(decoded, list) else decoded.get("items", [decoded])
        for item in items:
            if isinstance(item, dict):
                item.setdefault("type", kind)
                if item.get("station_id") is not None and item["station_id"] not in self.stations:
                    asyncio.get_running_loop().create_task(self.refresh_stations())
                self.publish(item)

    async def _listen_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                self._connection = await asyncpg.connect(self.url)
                for channel in CHANNELS:
                    await self._connection.add_listener(channel, self._on_notify)
                delay = 0.5
                while not self._connection.is_closed():
                    await asyncio.sleep(1.0)
                    await self._connection.execute("SELECT 1")
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("live hub: lost the database (%s); reconnecting in %.1f s", exc, delay)
            finally:
                if self._connection and not self._connection.is_closed():
                    with contextlib.suppress(Exception):
                        await self._connection.close()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
