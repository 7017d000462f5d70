"""The readings store: a batch of device messages in one transaction, idempotent, rolled up.

Raw messages get their ids from the sequence first, go in by COPY, and every reading
carries the id of the message it came from (provenance).  Readings go in as one multi-row
INSERT … ON CONFLICT DO NOTHING, so a message delivered twice stores nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from gis.readings.model import DeviceMessage, MessageOutcome, Reading, StoredReading
from gis.readings.sql import query

log = logging.getLogger(__name__)

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
        self.rollup_timezone = rollup_timezone
        self.last_seen_every = last_seen_every
        self._months: set[dt.datetime] = set()
        self._last_seen_written: dict[int, float] = {}
        self._sequence: str | None = None

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
        columns: tuple[list, ...] = ([], [], [], [], [], [])
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
            for raw_id, item in zip(raw_ids, batch, strict=True):
                for r in item.readings:
                    columns[0].append(r.station_id)
                    columns[1].append(r.parameter)
                    columns[2].append(r.ts)
                    columns[3].append(r.value)
                    columns[4].append(r.flag)
                    columns[5].append(raw_id)
            stored: dict[int, int] = {}
            if columns[0]:
                rows = await conn.fetch(query("store_batch"), *columns, self.rollup_timezone)
                stored = {row[0]: row[1] for row in rows}
            new = await self._new_readings(conn, batch, raw_ids, stored)
            touched = await self._touch_stations(conn, batch)
        now = time.monotonic()
        for station_id in touched:
            self._last_seen_written[station_id] = now
        outcomes = [
            MessageOutcome(raw_id=raw_id, stored=stored.get(raw_id, 0),
                           duplicates=len(item.readings) - stored.get(raw_id, 0))
            for raw_id, item in zip(raw_ids, batch, strict=True)
        ]  # fmt: skip
        return outcomes, new

    @staticmethod
    async def _new_readings(
        conn: asyncpg.Connection, batch: Sequence[Accepted], raw_ids: list[int], stored: dict[int, int]
    ) -> list[StoredReading]:
        """The readings stored for the first time, each with the raw message it came from.

        Usually every reading of a message is new; only for a message that also carried
        duplicates does the store say which of its readings went in.
        """
        new: list[StoredReading] = []
        partial: list[tuple[int, Reading]] = []
        for raw_id, item in zip(raw_ids, batch, strict=True):
            count = stored.get(raw_id, 0)
            if count == len(item.readings):
                new += [
                    StoredReading(r.station_id, r.parameter, r.ts, r.value, r.flag, raw_id)
                    for r in item.readings
                ]
            elif count:
                partial += [(raw_id, r) for r in item.readings]
        if partial:
            found = await conn.fetch(
                query("store_which_new"),
                [r.station_id for _, r in partial], [r.parameter for _, r in partial],
                [r.ts for _, r in partial], [raw_id for raw_id, _ in partial], list(range(len(partial))),
            )  # fmt: skip
            for (i,) in found:
                raw_id, r = partial[i]
                new.append(StoredReading(r.station_id, r.parameter, r.ts, r.value, r.flag, raw_id))
        return new

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
