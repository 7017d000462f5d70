from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from tests.gis.readings.park import clear_readings, park_database


@pytest.fixture(scope="session")
def readings_park(cluster) -> Iterator[tuple[str, dict[str, int]]]:
    with park_database(cluster, "parkmap_readings_test") as park:
        yield park


@pytest.fixture(scope="session")
async def readings_pool(readings_park) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(readings_park[0], min_size=1, max_size=8)
    yield pool
    await pool.close()


@pytest.fixture
async def pool(readings_pool) -> asyncpg.Pool:
    """The readings pool, with no reading, raw message or rollup left from another test."""
    await clear_readings(readings_pool)
    return readings_pool


@pytest.fixture
def stations(readings_park) -> dict[str, int]:
    return readings_park[1]
