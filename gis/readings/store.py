"""The readings store: a batch of device messages in one transaction, idempotent, rolled up.

Raw messages get their ids from the sequence first, go in by COPY, and every reading
carries the id of the message it came from (provenance).  Readings go in by COPY too; a
batch holding a duplicate goes in by INSERT … ON CONFLICT DO NOTHING instead, so a message
delivered twice stores nothing twice.  Only new readings are folded into the rollups.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import asyncpg

from gis.readings.model import NORMAL, DeviceMessage, MessageOutcome, Reading, StoredReading
from gis.readings.sql import query

log = logging.getLogger(__name__)

READING_COLUMNS = list(StoredReading._fields)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.exceptions.TransactionRollbackError,
    asyncpg.exceptions.ReadOnlySQLTransactionError,
)


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed (the store is away), as opposed to bad data."""
    return isinstance(exc, TRANSIENT_ERRORS) and not isinstance(exc, asyncpg.DataError)


def month_of(ts: dt.datetime) -> dt.datetime:
    utc = ts.astimezone(dt.UTC)
    return dt.datetime(utc.year, utc.month, 1, tzinfo=dt.UTC)


@dataclass(slots=True)
class Accepted:
    """A message and the readings of it that passed validation."""

    message: DeviceMessage
    readings: list[Reading]


class ReadingStore:
    """Writes batches of messages and their readings through an asyncpg pool."""

    def __init__(
        self, pool: asyncpg.Pool, *, rollup_timezone: str = "Asia/Shanghai", last_seen_every: float = 60.0
    ):
        self.pool = pool
        self.last_seen_every = last_seen_every
        self._months: set[dt.datetime] = set()
        self._last_seen_written: dict[int, float] = {}
        self._sequence: str | None = None
        self._zone = ZoneInfo(rollup_timezone)
        self._duplicates_lately = False

    async def write(self, batch: Sequence[Accepted]) -> tuple[list[MessageOutcome], list[StoredReading]]:
        """Store ``batch``; a message whose data the database refuses fails alone.

        Raises a transient error (see :func:`is_transient`) when the store is away: the
        caller keeps the batch and tries again; nothing of it was committed.
        """
        await self._ensure_partitions(batch)
        try:
            return await self._write(batch)
        except Exception as exc:
            if is_transient(exc):
                raise
            if len(batch) == 1:
                log.error("message from %s refused by the store: %s", batch[0].message.peer, exc)
                return [MessageOutcome(error=f"refused by the store: {exc}")], []
            log.warning(
                "batch refused by the store (%s); storing its %d messages one by one", exc, len(batch)
            )
        outcomes: list[MessageOutcome] = []
        new: list[StoredReading] = []
        for item in batch:
            one_outcomes, one_new = await self.write([item])
            outcomes += one_outcomes
            new += one_new
        return outcomes, new

    async def _write(self, batch: Sequence[Accepted]) -> tuple[list[MessageOutcome], list[StoredReading]]:
        """Usually every reading is new and the batch's readings go in by COPY.  When one is a
        duplicate the COPY stops at it, the transaction is rolled back, and the batch is
        stored again with its readings by INSERT … ON CONFLICT DO NOTHING, which says which
        were new; the next batch takes that path too, since redeliveries come in runs (a
        gateway's session resent after a restart, a data logger sending its backlog again),
        until a batch without duplicates comes.  (A savepoint around the COPY would make every
        row a subtransaction's, which every later reader of it pays for.)"""
        if not self._duplicates_lately:
            try:
                return await self._write_with(batch, copy=True)
            except asyncpg.UniqueViolationError:
                self._duplicates_lately = True
        return await self._write_with(batch, copy=False)

    async def _write_with(
        self, batch: Sequence[Accepted], copy: bool
    ) -> tuple[list[MessageOutcome], list[StoredReading]]:
        async with self.pool.acquire() as conn, conn.transaction():
            raw_ids = await conn.fetchval(
                "SELECT array_agg(nextval($1::regclass)) FROM generate_series(1, $2)",
                await self._raw_sequence(conn),
                len(batch),
            )
            await conn.copy_records_to_table(
                "raw_messages",
                columns=["id", "door", "peer", "received_at", "payload"],
                records=[
                    (raw_id, item.message.door, item.message.peer, item.message.received_at,
                     item.message.payload.replace("\x00", "\\x00"))
                    for raw_id, item in zip(raw_ids, batch, strict=True)
                ],
            )  # fmt: skip
            stored_reading = StoredReading._make
            offered = [
                stored_reading((*r, raw_id))
                for raw_id, item in zip(raw_ids, batch, strict=True)
                for r in item.readings
            ]
            new = await self._insert(conn, offered, copy)
            if new:
                await conn.execute(rollup_statement(), *self._hourly(new), self._zone.key)
            touched = await self._touch_stations(conn, batch)
        now = time.monotonic()
        for station_id in touched:
            self._last_seen_written[station_id] = now
        # every reading is new unless the batch went in by INSERT: then count what was
        stored = None if new is offered else Counter(r.raw_id for r in new)
        outcomes = []
        for raw_id, item in zip(raw_ids, batch, strict=True):
            count = len(item.readings) if stored is None else stored[raw_id]
            outcomes.append(
                MessageOutcome(raw_id=raw_id, stored=count, duplicates=len(item.readings) - count)
            )
        return outcomes, new

    async def _insert(
        self, conn: asyncpg.Connection, offered: list[StoredReading], copy: bool
    ) -> list[StoredReading]:
        """Put ``offered`` into readings and return those that were not there yet: by COPY
        (all of them, or a UniqueViolationError), else by INSERT … ON CONFLICT DO NOTHING."""
        if not offered:
            return []
        if copy:
            await conn.copy_records_to_table("readings", columns=READING_COLUMNS, records=offered)
            return offered
        rows = await conn.fetch(
            query("store_insert_new"), *(list(column) for column in zip(*offered, strict=True))
        )
        self._duplicates_lately = len(rows) < len(offered)
        return [StoredReading(*row) for row in rows]

    def _hourly(self, new: list[StoredReading]) -> list[list]:
        """The hourly columns of ``store_rollup``: count, sum, min and max of each station,
        parameter and hour of the park's time zone; values flagged other than N are only
        counted.  (The statement sums the hours into days.)"""
        hours: dict[tuple[int, str, dt.datetime], list] = {}
        hour_of: dict[dt.datetime, dt.datetime] = {}
        for r in new:
            hour = hour_of.get(r.ts)
            if hour is None:
                hour = hour_of[r.ts] = r.ts.astimezone(self._zone).replace(minute=0, second=0, microsecond=0)
            key = (r.station_id, r.parameter, hour)
            group = hours.get(key)
            value = r.value
            if r.flag != NORMAL or value is None:
                # counted as flagged, or (flag N without a value) not at all
                if group is None:
                    group = hours[key] = [0, 0, 0.0, None, None]  # n, flagged, total, min, max
                if r.flag != NORMAL:
                    group[1] += 1
            elif group is None:
                hours[key] = [1, 0, value, value, value]
            elif group[3] is None:
                group[0] += 1
                group[2] += value
                group[3] = group[4] = value
            else:
                group[0] += 1
                group[2] += value
                if value < group[3]:
                    group[3] = value
                elif value > group[4]:
                    group[4] = value
        return _columns(hours)

    async def _raw_sequence(self, conn: asyncpg.Connection) -> str:
        if self._sequence is None:
            self._sequence = await conn.fetchval("SELECT pg_get_serial_sequence('raw_messages', 'id')")
        return self._sequence

    async def _ensure_partitions(self, batch: Sequence[Accepted]) -> None:
        """Create the monthly partition of every month in ``batch`` not seen before."""
        months = {month_of(ts) for ts in {r.ts for item in batch for r in item.readings}} - self._months
        for month in sorted(months):
            async with self.pool.acquire() as conn:
                try:
                    await conn.execute("SELECT parkmap_readings_partition($1)", month)
                except asyncpg.PostgresError as exc:
                    if is_transient(exc):
                        raise
                    # rows of that month already sit in the default partition: they stay there
                    log.warning("no partition for %s (%s); readings go to the default partition", month, exc)
            self._months.add(month)

    async def _touch_stations(self, conn: asyncpg.Connection, batch: Sequence[Accepted]) -> list[int]:
        """Move ``stations.last_seen`` forward, at most once a minute per station."""
        now = time.monotonic()
        latest: dict[int, dt.datetime] = {}
        for item in batch:
            for r in item.readings:
                seen = latest.get(r.station_id)
                if seen is None or item.message.received_at > seen:
                    latest[r.station_id] = item.message.received_at
        due = sorted(
            s
            for s in latest
            if now - self._last_seen_written.get(s, -self.last_seen_every) >= self.last_seen_every
        )
        if due:
            await conn.execute(query("store_last_seen"), due, [latest[s] for s in due])
        return due


@cache
def rollup_statement() -> str:
    """store_rollup.sql with its two upserts' fold filled in."""
    fold = "\n".join(line for line in query("store_rollup_fold").splitlines() if not line.startswith("--"))
    return query("store_rollup").replace("{fold}", fold)


def _columns(groups: dict[tuple[int, str, dt.datetime], list]) -> list[list]:
    """(station, parameter, bucket) -> [n, flagged, total, min, max] as the statement's arrays."""
    if not groups:
        return [[] for _ in range(8)]
    return [list(column) for column in zip(*((*key, *group) for key, group in groups.items()), strict=True)]
