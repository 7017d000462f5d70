"""Which stations the doors know: by MN (HJ 212) or by code (MQTT topic), and their device secrets.

Loaded from the database and refreshed periodically, and at once (rate-limited) when a
door meets an MN or a code it does not know, so a station added to the park starts
reporting without a restart.  Secrets are stored as slow hashes (``gis.auth``).  A device
presents its secret in every packet, so a secret that verified once is remembered per
station and door by a keyed fingerprint (HMAC under a key that lives only in this process),
and a wrong one is remembered too so it cannot be used to burn CPU; both memories, and the
checks running or waiting at once, are bounded.  A secret stored under an older scheme is
replaced by today's once it verifies.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import hmac
import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass

import asyncpg

from gis.auth import HASHING_AT_ONCE, device_secret_needs_rehash, hash_device_secret, verify_device_secret
from gis.readings.sql import query

log = logging.getLogger(__name__)

HJ212 = "hj212"


class SecretVerdict(enum.Enum):
    """What a door does with a device's secret; the value is the refusal code it logs."""

    ACCEPTED = "accepted"
    WRONG = "wrong_pw"
    NOT_SET = "no_pw_set"
    BUSY = "pw_check_busy"


@dataclass(frozen=True, slots=True)
class StationRef:
    id: int
    code: str
    kind: str
    mn: str | None
    parameters: tuple[str, ...]
    park_code: str | None


class StationRegistry:
    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        refresh_interval: float = 60.0,
        miss_interval: float = 5.0,
        verified_secrets: int = 10_000,
        refused_secrets: int = 4096,
        secret_checks: int = 64,
    ):
        self.pool = pool
        self.refresh_interval = refresh_interval
        self.miss_interval = miss_interval
        self.verified_secrets = verified_secrets
        self.refused_secrets = refused_secrets
        self.secret_checks = secret_checks
        self._by_mn: dict[str, StationRef] = {}
        self._by_code: dict[str, StationRef] = {}
        self._secrets: dict[tuple[int, str], str] = {}
        self._fingerprint_key = secrets.token_bytes(32)
        # (station, door) → (stored hash, fingerprint of the secret that matched it)
        self._verified: OrderedDict[tuple[int, str], tuple[str, bytes]] = OrderedDict()
        self._refused: OrderedDict[tuple[int, str, str, bytes], None] = OrderedDict()
        self._checking: dict[tuple[int, str, str, bytes], asyncio.Future[bool]] = {}
        # slow hashes take a worker thread each: no more than this, so other work keeps some
        self._hashing = asyncio.Semaphore(HASHING_AT_ONCE)
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

    async def check_secret(self, station: StationRef, secret: str, door: str = HJ212) -> SecretVerdict:
        """Whether ``secret`` is the station's live secret at ``door``.  A secret set or changed
        since the last load is seen after a (rate-limited) reload."""
        verdict = await self._check(station, secret, door)
        if verdict in (SecretVerdict.WRONG, SecretVerdict.NOT_SET):
            before = self._secrets.get((station.id, door))
            await self._refresh_if(self.miss_interval)
            if self._secrets.get((station.id, door)) != before:
                verdict = await self._check(station, secret, door)
        return verdict

    def _fingerprint(self, secret: str) -> bytes:
        return hmac.new(self._fingerprint_key, secret.encode(), hashlib.sha256).digest()

    async def _check(self, station: StationRef, secret: str, door: str) -> SecretVerdict:
        target = (station.id, door)
        stored = self._secrets.get(target)
        if stored is None:
            return SecretVerdict.NOT_SET
        fingerprint = self._fingerprint(secret)
        known = self._verified.get(target)
        if known is not None and known[0] == stored and hmac.compare_digest(known[1], fingerprint):
            self._verified.move_to_end(target)
            return SecretVerdict.ACCEPTED
        attempt = (station.id, door, stored, fingerprint)
        if attempt in self._refused:
            return SecretVerdict.WRONG
        # one slow check per secret presented, however many packets bring it meanwhile
        check = self._checking.get(attempt)
        if check is None:
            if len(self._checking) >= self.secret_checks:
                return SecretVerdict.BUSY
            check = asyncio.ensure_future(self._verify(target, stored, secret, fingerprint))
            self._checking[attempt] = check
            check.add_done_callback(lambda _: self._checking.pop(attempt, None))
        return SecretVerdict.ACCEPTED if await asyncio.shield(check) else SecretVerdict.WRONG

    async def _verify(self, target: tuple[int, str], stored: str, secret: str, fingerprint: bytes) -> bool:
        async with self._hashing:
            verified = await asyncio.to_thread(verify_device_secret, stored, secret)
        if not verified:
            self._refused[(*target, stored, fingerprint)] = None
            while len(self._refused) > self.refused_secrets:
                self._refused.popitem(last=False)
            return False
        if device_secret_needs_rehash(stored):
            stored = await self._rehash(target, stored, secret)
        self._verified[target] = (stored, fingerprint)
        self._verified.move_to_end(target)
        while len(self._verified) > self.verified_secrets:
            self._verified.popitem(last=False)
        return True

    async def _rehash(self, target: tuple[int, str], stored: str, secret: str) -> str:
        """Store the secret that just verified under today's scheme; the stored hash it replaces
        must still be the live one, so a secret changed meanwhile is left alone."""
        async with self._hashing:
            renewed = await asyncio.to_thread(hash_device_secret, secret)
        try:
            async with asyncio.timeout(10), self.pool.acquire() as conn:
                replaced = await conn.fetchval(query("registry_renew_secret"), *target, stored, renewed)
        except Exception as exc:  # the old hash still verifies: try again at the next check
            log.warning("device secret of station %s at %s not renewed: %s", *target, exc)
            return stored
        if not replaced:
            return stored
        if self._secrets.get(target) == stored:
            self._secrets[target] = renewed
        return renewed


async def set_device_secret(pool: asyncpg.Pool, station_id: int, secret: str, door: str = HJ212) -> None:
    """Set (or replace) the secret a station's device must present at ``door``."""
    secret_hash = await asyncio.to_thread(hash_device_secret, secret)
    async with pool.acquire() as conn:
        await conn.execute(query("registry_set_secret"), station_id, door, secret_hash)
