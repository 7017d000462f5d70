import asyncpg
import pytest

from tests.gis.programs.park import programs_park

__all__ = ["programs_park"]


@pytest.fixture
async def conn(programs_park):  # noqa: F811 - the session fixture imported above
    connection = await asyncpg.connect(programs_park.url)
    try:
        yield connection
    finally:
        await connection.close()
