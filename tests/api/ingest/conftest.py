from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from api.ingest.broker import EmbeddedBroker
from api.ingest.gateway import Gateway
from api.ingest.settings import IngestSettings

# the doors store into the same crafted park as the readings tests
from tests.gis.readings.conftest import pool, readings_park, readings_pool, stations  # noqa: F401, F811


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
async def hj212_gateway(pool) -> AsyncIterator[Gateway]:  # noqa: F811 - the imported fixture
    gateway = Gateway(gateway_settings(None, mqtt_enabled=False), pool)
    await gateway.start()
    yield gateway
    await gateway.stop()


@pytest.fixture
async def mqtt_gateway(pool, broker) -> AsyncIterator[Gateway]:  # noqa: F811 - the imported fixture
    gateway = Gateway(gateway_settings(broker, hj212_enabled=False), pool)
    await gateway.start()
    assert gateway.mqtt is not None
    import asyncio

    await asyncio.wait_for(gateway.mqtt.connected.wait(), 10)
    yield gateway
    await gateway.stop()
