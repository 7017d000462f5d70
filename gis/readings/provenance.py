"""Provenance: what a device actually sent for a value on the map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import asyncpg

from gis.errors import NotFound
from gis.readings.sql import query


@dataclass(frozen=True)
class Provenance:
    station_id: int
    parameter: str
    ts: dt.datetime
    value: float | None
    flag: str
    raw_id: int | None
    door: str | None
    peer: str | None
    received_at: dt.datetime | None
    payload: str | None


async def provenance(pool: asyncpg.Pool, station_id: int, parameter: str, ts: dt.datetime) -> Provenance:
    """The stored value of ``parameter`` at ``ts`` and the raw packet or message it came from."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(query("provenance"), station_id, parameter, ts)
    if row is None:
        raise NotFound(f"no {parameter} value of station {station_id} at {ts.isoformat()}")
    return Provenance(**dict(row))
