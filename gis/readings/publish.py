"""Publishing new readings over PostgreSQL NOTIFY, the fan-out across workers.

Payload on channel ``parkmap_readings``: ``{"items": [{"station_id": 7, "parameter": "so2",
"ts": "2026-11-25T10:00:00Z", "value": 31.5, "flag": "N", "level": "normal", "limit": 0.4, …},
…]}``, each NOTIFY under PostgreSQL's 8000-byte limit.  Only the latest value of each station
and parameter in a batch is sent: the live map shows the latest value, history comes from the
store.  The level (and the limit it was judged by) comes from the publisher's ``judge``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
import orjson

from gis.readings.model import StoredReading

CHANNEL = "parkmap_readings"
MAX_PAYLOAD = 7900

Judge = Callable[[Sequence[StoredReading]], Awaitable[dict[tuple[int, str], dict[str, Any]]]]
"""Extra fields per (station, parameter), such as the level a value reaches against its limits."""


def latest_per_series(readings: Sequence[StoredReading]) -> list[StoredReading]:
    latest: dict[tuple[int, str], StoredReading] = {}
    for r in readings:
        key = (r.station_id, r.parameter)
        seen = latest.get(key)
        if seen is None or r.ts > seen.ts:
            latest[key] = r
    return list(latest.values())


def iso_utc(ts: dt.datetime) -> str:
    return ts.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def notification_payloads(
    readings: Sequence[StoredReading],
    limit: int = MAX_PAYLOAD,
    extra: dict[tuple[int, str], dict[str, Any]] | None = None,
) -> list[str]:
    """``{"items": […]}`` payloads of the latest value per series, each under ``limit`` bytes."""
    payloads: list[str] = []
    items: list[bytes] = []
    size = len(b'{"items":[]}')
    extra = extra or {}
    for r in latest_per_series(readings):
        item = orjson.dumps(
            {
                "station_id": r.station_id,
                "parameter": r.parameter,
                "ts": iso_utc(r.ts),
                "value": r.value,
                "flag": r.flag,
                **extra.get((r.station_id, r.parameter), {}),
            }
        )
        if items and size + len(item) + 1 > limit:
            payloads.append((b'{"items":[' + b",".join(items) + b"]}").decode())
            items, size = [], len(b'{"items":[]}')
        items.append(item)
        size += len(item) + 1
    if items:
        payloads.append((b'{"items":[' + b",".join(items) + b"]}").decode())
    return payloads


class NotifyPublisher:
    """A publish hook: NOTIFY ``parkmap_readings`` so every worker's live hub hears it."""

    def __init__(self, pool: asyncpg.Pool, channel: str = CHANNEL, judge: Judge | None = None):
        self.pool = pool
        self.channel = channel
        self.judge = judge

    async def __call__(self, readings: Sequence[StoredReading]) -> None:
        latest = latest_per_series(readings)
        extra = await self.judge(latest) if self.judge and latest else None
        payloads = notification_payloads(latest, extra=extra)
        if not payloads:
            return
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", self.channel, payloads)
