"""The doors' station registry: a device secret set while the doors run is honoured at once,
and a device presenting its secret packet after packet costs one slow check, not one each."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest

import gis.readings.registry as registry_module
from gis.auth import hash_password, verify_device_secret
from gis.readings.registry import SecretVerdict, StationRegistry, set_device_secret


@asynccontextmanager
async def secrets_of(pool, **by_station: str):
    """Give stations (by id) these secrets for the test, and take them away after it."""
    try:
        await asyncio.gather(*(set_device_secret(pool, int(id_), pw) for id_, pw in by_station.items()))
        yield
    finally:
        async with pool.acquire() as conn:
            await conn.execute(
                "DELETE FROM device_secrets WHERE station_id = ANY($1)", [int(i) for i in by_station]
            )


@pytest.fixture
def slow_checks(monkeypatch) -> list[str]:
    """Every slow hash check the registry makes, by the secret presented."""
    checked: list[str] = []

    def counted(stored: str, secret: str) -> bool:
        checked.append(secret)
        return verify_device_secret(stored, secret)

    monkeypatch.setattr(registry_module, "verify_device_secret", counted)
    return checked


async def test_packets_arriving_during_a_reload_wait_for_it(pool, stations):
    registry = StationRegistry(pool, miss_interval=0.2)
    await registry.ready()
    station = await registry.by_code("S-MET-1")
    async with secrets_of(pool, **{str(station.id): "logger-pw"}):
        await asyncio.sleep(0.3)
        # a data logger's burst: the first packet starts the reload, the others must wait
        # for it rather than judge by the secrets known before it
        verdicts = await asyncio.gather(*(registry.check_secret(station, "logger-pw") for _ in range(6)))
        assert verdicts == [SecretVerdict.ACCEPTED] * 6
        assert await registry.check_secret(station, "not-it") is SecretVerdict.WRONG


async def test_a_data_logger_costs_one_slow_check_however_often_it_sends_and_reconnects(
    pool, stations, slow_checks
):
    registry = StationRegistry(pool)
    station = await _station(pool, registry, "S-MET-1")
    async with secrets_of(pool, **{str(station.id): "logger-pw"}):
        await registry.refresh()
        # the first packets after a start arrive together: one check serves them all
        burst = await asyncio.gather(*(registry.check_secret(station, "logger-pw") for _ in range(8)))
        for _ in range(3):  # reconnects and registry reloads change nothing
            await registry.refresh()
            assert await registry.check_secret(station, "logger-pw") is SecretVerdict.ACCEPTED
        wrong = [await registry.check_secret(station, "guess") for _ in range(4)]
    assert burst == [SecretVerdict.ACCEPTED] * 8
    assert wrong == [SecretVerdict.WRONG] * 4
    assert slow_checks == ["logger-pw", "guess"]


async def test_the_verified_secrets_kept_are_bounded_by_the_setting(pool, stations, slow_checks):
    registry = StationRegistry(pool, verified_secrets=1)
    first = await _station(pool, registry, "S-MET-1")
    second = await _station(pool, registry, "S-AIR-1")
    async with secrets_of(pool, **{str(first.id): "first-pw", str(second.id): "second-pw"}):
        await registry.refresh()
        for station, pw in ((first, "first-pw"), (second, "second-pw"), (first, "first-pw")):
            assert await registry.check_secret(station, pw) is SecretVerdict.ACCEPTED
    # room for one: the second pushed the first out, which was checked again
    assert slow_checks == ["first-pw", "second-pw", "first-pw"]


async def test_checks_beyond_the_bound_are_refused_as_busy_not_queued(pool, stations, monkeypatch):
    release = asyncio.Event()
    loop = asyncio.get_running_loop()

    def held(stored: str, secret: str) -> bool:
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result()
        return verify_device_secret(stored, secret)

    monkeypatch.setattr(registry_module, "verify_device_secret", held)
    registry = StationRegistry(pool, secret_checks=1)
    first = await _station(pool, registry, "S-MET-1")
    second = await _station(pool, registry, "S-AIR-1")
    async with secrets_of(pool, **{str(first.id): "first-pw", str(second.id): "second-pw"}):
        await registry.refresh()
        checking = asyncio.create_task(registry.check_secret(first, "first-pw"))
        await asyncio.sleep(0.1)
        assert await registry.check_secret(second, "second-pw") is SecretVerdict.BUSY
        release.set()
        assert await checking is SecretVerdict.ACCEPTED
        assert await registry.check_secret(second, "second-pw") is SecretVerdict.ACCEPTED


async def test_a_secret_stored_as_argon2_still_verifies_and_is_stored_anew_without_it(pool, stations):
    registry = StationRegistry(pool)
    station = await _station(pool, registry, "S-MET-1")
    legacy = await asyncio.to_thread(hash_password, "old-logger-pw")
    async with secrets_of(pool, **{str(station.id): "placeholder"}):
        async with pool.acquire() as conn:
            await conn.execute(
                "UPDATE device_secrets SET secret_hash = $2 WHERE station_id = $1", station.id, legacy
            )
        await registry.refresh()
        assert await registry.check_secret(station, "old-logger-pw") is SecretVerdict.ACCEPTED
        async with pool.acquire() as conn:
            stored = await conn.fetchval(
                "SELECT secret_hash FROM device_secrets WHERE station_id = $1", station.id
            )
        assert stored.startswith("$pbkdf2-sha256$i=600000$")
        assert "old-logger-pw" not in stored
        fresh = StationRegistry(pool)
        await fresh.refresh()
        assert await fresh.check_secret(station, "old-logger-pw") is SecretVerdict.ACCEPTED
        assert await fresh.check_secret(station, "old-logger-pw!") is SecretVerdict.WRONG


async def _station(pool, registry: StationRegistry, code: str):
    await registry.ready()
    station = await registry.by_code(code)
    assert station is not None
    return station
