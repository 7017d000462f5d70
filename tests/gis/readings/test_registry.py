"""The doors' station registry: a device secret set while the doors run is honoured at once."""

from __future__ import annotations

import asyncio

from gis.readings.registry import StationRegistry, set_device_secret


async def test_packets_arriving_during_a_reload_wait_for_it(pool, stations):
    registry = StationRegistry(pool, miss_interval=0.2)
    await registry.ready()
    station = await registry.by_code("S-MET-1")
    await set_device_secret(pool, station.id, "logger-pw")
    try:
        await asyncio.sleep(0.3)
        # a data logger's burst: the first packet starts the reload, the others must wait
        # for it rather than judge by the secrets known before it
        verdicts = await asyncio.gather(*(registry.check_secret(station, "logger-pw") for _ in range(6)))
        assert verdicts == [True] * 6
        assert await registry.check_secret(station, "not-it") is False
    finally:
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM device_secrets WHERE station_id = $1", station.id)
