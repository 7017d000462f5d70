from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from api.ingest.broker import EmbeddedBroker
from api.ingest.gateway import Gateway
from api.ingest.settings import IngestSettings
from tests.gis.readings.park import clear_readings, park_database


@pytest.fixture(scope="session")
def ingest_park(cluster) -> Iterator[tuple[str, dict[str, int]]]:
    with park_database(cluster, "parkmap_ingest_test") as park:
        yield park


@pytest.fixture(scope="session")
async def ingest_pool(ingest_park) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(ingest_park[0], min_size=1, max_size=8)
    yield pool
    await pool.close()


@pytest.fixture
async def pool(ingest_pool) -> asyncpg.Pool:
    await clear_readings(ingest_pool)
    return ingest_pool


@pytest.fixture
def stations(ingest_park) -> dict[str, int]:
    return ingest_park[1]


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> Iterator[EmbeddedBroker]:
    """A real mosquitto on a free loopback port, for the whole session."""
    broker = EmbeddedBroker(tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    yield broker
    broker.stop()


def gateway_settings(broker: EmbeddedBroker | None, **overrides) -> IngestSettings:
    values = {
        "mqtt_enabled": broker is not None,
        "mqtt_port": broker.port if broker else 1883,
        "mqtt_client_id": f"parkmap-test-{uuid.uuid4().hex[:8]}",
        "hj212_host": "127.0.0.1",
        "hj212_port": 0,
        "flush_interval": 0.05,
        "retention_check_hours": 0,
        "drain_timeout": 5,
    }
    return IngestSettings(_env_file=None, **(values | overrides))


@pytest.fixture
async def hj212_gateway(pool) -> AsyncIterator[Gateway]:
    gateway = Gateway(gateway_settings(None, mqtt_enabled=False), pool)
    await gateway.start()
    yield gateway
    await gateway.stop()


@pytest.fixture
async def mqtt_gateway(pool, broker) -> AsyncIterator[Gateway]:
    gateway = Gateway(gateway_settings(broker, hj212_enabled=False), pool)
    await gateway.start()
    assert gateway.mqtt is not None
    import asyncio

    await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
    yield gateway
    await gateway.stop()
