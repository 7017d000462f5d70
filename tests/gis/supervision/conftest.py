from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from tests.gis.supervision.park import quiet_settings, supervision_database, wipe


@pytest.fixture(scope="session")
def supervision_park(cluster) -> Iterator[tuple[str, dict[str, int]]]:
    with supervision_database(cluster, "parkmap_supervision_test") as park:
        yield park


@pytest.fixture(scope="session")
async def supervision_pool(supervision_park) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(supervision_park[0], min_size=1, max_size=8)
    yield pool
    await pool.close()


@pytest.fixture
async def conn(supervision_pool) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the crafted park, with nothing left from another test but the audit log."""
    async with supervision_pool.acquire() as connection:
        await wipe(connection)
        yield connection


@pytest.fixture
def ids(supervision_park) -> dict[str, int]:
    return supervision_park[1]


@pytest.fixture
def settings():
    return quiet_settings()
