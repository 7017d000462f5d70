"""``POST /ingest/readings``: the authenticated HTTP batch door for devices and integrations.

The body is a list of messages of the MQTT shape plus the station code:
``{"messages": [{"station": "JA-S01", "ts": "…", "values": {"so2": 12.5}, "flags": {"so2": "N"}}]}``.
A device key (``X-Device-Key`` or ``Authorization: Bearer pmk_…``) may write only the
stations it was issued for.  Every message is kept verbatim for provenance.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import orjson
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api.deps import PoolDep
from api.ingest.hj212.pollutants import pollutants
from api.ingest.mqtt_payload import MessageRefused, parse_readings
from api.ingest.settings import ingest_settings
from api.responses import JSON
from gis.auth import device_key_matches, split_device_key
from gis.errors import Forbidden, InvalidInput, Unauthorized
from gis.readings.model import DeviceMessage

router = APIRouter(prefix="/ingest", tags=["ingest"])
MAX_MESSAGES = 5000

KEY_SQL = "SELECT id, key_hash, station_ids FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL"
STATIONS_SQL = "SELECT code, id FROM stations WHERE code = ANY($1::text[])"


class ReadingMessage(BaseModel):
    station: str = Field(min_length=1, max_length=32)
    ts: str = Field(min_length=10, max_length=40, description="ISO 8601; without offset: park time")
    values: dict[str, float | None] = Field(min_length=1, max_length=200)
    flags: dict[str, str] = Field(default_factory=dict, max_length=200)


class ReadingBatch(BaseModel):
    messages: list[ReadingMessage] = Field(min_length=1, max_length=MAX_MESSAGES)


def presented_key(request: Request) -> str:
    key = request.headers.get("x-device-key")
    if not key:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        key = credentials.strip() if scheme.lower() == "bearer" else None
    if not key:
        raise Unauthorized("a device key is needed (X-Device-Key header)")
    return key


async def device_stations(request: Request, pool: PoolDep) -> set[int]:
    """The stations the presented device key may write (checked before the body is read)."""
    key = presented_key(request)
    prefix = split_device_key(key)
    if prefix is None:
        raise Unauthorized("not a device key")
    async with pool.acquire() as conn:
        row = await conn.fetchrow(KEY_SQL, prefix)
    if row is None or not device_key_matches(row["key_hash"], key):
        raise Unauthorized("unknown or revoked device key")
    return set(row["station_ids"])


@router.post("/readings")
async def ingest_readings(
    request: Request,
    pool: PoolDep,
    allowed: Annotated[set[int], Depends(device_stations)],
    batch: ReadingBatch,
) -> JSON:
    """Store a batch; answers per message what was stored, duplicated or refused and why."""
    codes = sorted({m.station for m in batch.messages})
    async with pool.acquire() as conn:
        ids = dict(await conn.fetch(STATIONS_SQL, codes))
    unknown = [c for c in codes if c not in ids]
    if unknown:
        raise InvalidInput(f"unknown stations: {', '.join(unknown[:20])}")
    foreign = [c for c in codes if ids[c] not in allowed]
    if foreign:
        raise Forbidden(f"this key may not write stations: {', '.join(foreign[:20])}")
    path = request.app.state.ingest_path
    tz = ZoneInfo(ingest_settings().park_timezone)
    table = pollutants()
    peer = request.client.host if request.client else None
    messages, refused = [], []
    for n, message in enumerate(batch.messages):
        payload = orjson.dumps(message.model_dump())
        try:
            readings = parse_readings(payload, ids[message.station], table, tz)
        except MessageRefused as exc:
            refused.append({"message": n, "reason": exc.detail})
            continue
        messages.append(DeviceMessage("http", peer, payload.decode(), readings))
    result = await path.ingest(messages) if messages else None
    outcomes = result.outcomes if result else []
    return JSON(
        {
            "stored": sum(o.stored for o in outcomes),
            "duplicates": sum(o.duplicates for o in outcomes),
            "refused": refused
            + [
                {"message": n, "parameter": r.parameter, "reason": r.reason}
                for n, o in enumerate(outcomes)
                for r in o.rejected
            ],
        }
    )
