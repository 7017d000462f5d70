"""Retention: raw readings and raw messages older than the retention period are removed.

Readings go a whole monthly partition at a time (DROP, not DELETE).  Raw messages are
deleted only before the first month still kept, so every remaining reading can still be
traced to what the device sent.  Hourly and daily rollups are kept: they are the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import asyncpg

from gis.readings.model import utcnow
from gis.readings.sql import query

DELETE_CHUNK = 20_000


@dataclass(frozen=True)
class RetentionResult:
    cutoff: dt.datetime
    partitions_dropped: list[str]
    raw_messages_deleted: int


async def apply_retention(
    pool: asyncpg.Pool, keep_days: int, now: dt.datetime | None = None
) -> RetentionResult:
    """Remove raw readings older than ``keep_days`` days and the raw messages only they needed."""
    if keep_days < 1:
        raise ValueError("keep at least one day of readings")
    cutoff = (now or utcnow()) - dt.timedelta(days=keep_days)
    async with pool.acquire() as conn:
        dropped = [r[0] for r in await conn.fetch("SELECT parkmap_readings_retention($1)", cutoff)]
        utc = cutoff.astimezone(dt.UTC)
        first_kept_month = dt.datetime(utc.year, utc.month, 1, tzinfo=dt.UTC)
        # a device clock running ahead stamps a value later than its message arrived
        raw_cutoff = first_kept_month - dt.timedelta(days=1)
        deleted = 0
        while True:
            status = await conn.execute(query("retention_raw"), raw_cutoff, DELETE_CHUNK)
            count = int(status.split()[-1])
            deleted += count
            if count < DELETE_CHUNK:
                break
    return RetentionResult(cutoff, dropped, deleted)
