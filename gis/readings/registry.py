"""Which stations the doors know: by MN (HJ 212) or by code (MQTT topic), and their device secrets.

Loaded from the database and refreshed periodically, and at once (rate-limited) when a
door meets an MN or a code it does not know, so a station added to the park starts
reporting without a restart.  Secrets are Argon2 hashes; a secret that verified once is
remembered by its SHA-256 so a device sending every 30 s costs one Argon2 check, not one
per packet, and a wrong one is remembered too so it cannot be used to burn CPU.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass

import asyncpg

from gis.auth import hash_password, verify_password
from gis.readings.sql import query

log = logging.getLogger(__name__)

HJ212 = "hj212"
FAILED_CACHE = 4096


@dataclass(frozen=True, slots=True)
class StationRef:
    id: int
    code: str
    kind: str
    mn: str | None
    parameters: tuple[str, ...]
    park_code: str | None


class StationRegistry:
    def __init__(self, pool: asyncpg.Pool, *, refresh_interval: float = 60.0, miss_interval: float = 5.0):
        self.pool = pool
        self.refresh_interval = refresh_interval
        self.miss_interval = miss_interval
        self._by_mn: dict[str, StationRef] = {}
        self._by_code: dict[str, StationRef] = {}
        self._secrets: dict[tuple[int, str], str] = {}
        self._verified: dict[tuple[int, str], tuple[str, bytes]] = {}
        self._failed: OrderedDict[tuple[int, str, str, bytes], None] = OrderedDict()
        self._loaded_at = float("-inf")
        self._loaded = asyncio.Event()
        self._lock = asyncio.Lock()

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    async def ready(self, retry_max: float = 5.0) -> None:
        """Return once the registry has been loaded, trying the store until it answers.

        Until then a door must not judge any message: "unknown station" would be a lie
        told while the store is away, and the message would be acknowledged and lost.
        """
        delay = 0.5
        while not self._loaded.is_set():
            async with self._lock:
                if self._loaded.is_set():
                    return
                try:
                    await self._load()
                    return
                except Exception as exc:  # the store is away: wait for it
                    log.warning("station registry not loaded (%s); retrying in %.1f s", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, retry_max)

    @property
    def stations(self) -> list[StationRef]:
        return list(self._by_code.values())

    @property
    def park_codes(self) -> set[str]:
        return {s.park_code for s in self._by_code.values() if s.park_code}

    async def refresh(self) -> None:
        async with self._lock:
            await self._load()

    async def _load(self) -> None:
        # a failed load also counts as a load: while the store is away the doors keep
        # serving what they know instead of waiting on it for every packet.  The time is
        # set once the query is over, so a caller arriving meanwhile waits on the lock for
        # this load instead of judging by what was known before it.
        try:
            async with asyncio.timeout(10), self.pool.acquire() as conn:
                rows = await conn.fetch(query("registry_stations"))
                secrets = await conn.fetch(
                    "SELECT station_id, door, secret_hash FROM device_secrets WHERE revoked_at IS NULL"
                )
        finally:
            self._loaded_at = time.monotonic()
        stations = [
            StationRef(r["id"], r["code"], r["kind"], r["mn"], tuple(r["parameters"] or ()), r["park_code"])
            for r in rows
        ]
        self._by_code = {s.code: s for s in stations}
        self._by_mn = {s.mn.upper(): s for s in stations if s.mn}
        self._secrets = {(r["station_id"], r["door"]): r["secret_hash"] for r in secrets}
        self._loaded.set()

    async def _refresh_if(self, older_than: float) -> None:
        if time.monotonic() - self._loaded_at < older_than:
            return
        async with self._lock:
            if time.monotonic() - self._loaded_at < older_than:
                return
            try:
                await self._load()
            except Exception as exc:  # keep serving what we know while the store is away
                log.warning("station registry not refreshed: %s", exc)

    async def by_mn(self, mn: str) -> StationRef | None:
        await self._refresh_if(self.refresh_interval)
        station = self._by_mn.get(mn.upper())
        if station is None:
            await self._refresh_if(self.miss_interval)
            station = self._by_mn.get(mn.upper())
        return station

    async def by_code(self, code: str) -> StationRef | None:
        await self._refresh_if(self.refresh_interval)
        station = self._by_code.get(code)
        if station is None:
            await self._refresh_if(self.miss_interval)
            station = self._by_code.get(code)
        return station

    async def check_secret(self, station: StationRef, secret: str, door: str = HJ212) -> bool | None:
        """True when ``secret`` is the station's live secret at ``door``, False when it is not,
        None when the station has none.  A secret set or changed since the last load is seen
        after a (rate-limited) reload."""
        verdict = await self._check(station, secret, door)
        if verdict is not True:
            before = self._secrets.get((station.id, door))
            await self._refresh_if(self.miss_interval)
            if self._secrets.get((station.id, door)) != before:
                verdict = await self._check(station, secret, door)
        return verdict

    async def _check(self, station: StationRef, secret: str, door: str) -> bool | None:
        stored = self._secrets.get((station.id, door))
        if stored is None:
            return None
        fingerprint = hashlib.sha256(secret.encode()).digest()
        if self._verified.get((station.id, door)) == (stored, fingerprint):
            return True
        failed_key = (station.id, door, stored, fingerprint)
        if failed_key in self._failed:
            return False
        if await asyncio.to_thread(verify_password, stored, secret):
            self._verified[(station.id, door)] = (stored, fingerprint)
            return True
        self._failed[failed_key] = None
        while len(self._failed) > FAILED_CACHE:
            self._failed.popitem(last=False)
        return False


async def set_device_secret(pool: asyncpg.Pool, station_id: int, secret: str, door: str = HJ212) -> None:
    """Set (or replace) the secret a station's device must present at ``door``."""
    secret_hash = await asyncio.to_thread(hash_password, secret)
    async with pool.acquire() as conn:
        await conn.execute(query("registry_set_secret"), station_id, door, secret_hash)
