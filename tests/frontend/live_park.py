"""The programs park live: the app with its ingestion gateway open, and the demo simulator
playing the park's devices through it (MQTT through a real mosquitto, HJ 212 over TCP), as
``./parkmap run`` has them."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import asyncpg
import pytest

from api.ingest.gateway import Gateway
from api.ingest.settings import ingest_settings
from api.ingest.simulator import Simulator
from api.settings import server_settings
from tests.conftest import running_server
from tests.frontend.programs_park import ProgramsPark, app_on

T = TypeVar("T")

# the gateway's doors, read from PARKMAP_* as a deployment sets them: the HJ 212 door on a
# free loopback port, batches stored at once, no retention run
GATEWAY_ENV = {
    "PARKMAP_HJ212_HOST": "127.0.0.1",
    "PARKMAP_HJ212_PORT": "0",
    "PARKMAP_MQTT_HOST": "127.0.0.1",
    "PARKMAP_MQTT_CLIENT_ID": "parkmap-browser-tests",
    "PARKMAP_FLUSH_INTERVAL": "0.05",
    "PARKMAP_RETENTION_CHECK_HOURS": "0",
}


@contextlib.contextmanager
def served_with_gateway(park: ProgramsPark, mqtt_port: int) -> Iterator[tuple[str, Gateway]]:
    """The app on the programs park with its gateway subscribed at ``mqtt_port``; yields
    ``host:port`` and the gateway once its MQTT door is connected."""
    app = app_on(park, server_settings().model_copy(update={"gateway": True, "simulator": False}))
    with contextlib.ExitStack() as stack:
        with pytest.MonkeyPatch.context() as env:
            for name, value in (GATEWAY_ENV | {"PARKMAP_MQTT_PORT": str(mqtt_port)}).items():
                env.setenv(name, value)
            ingest_settings.cache_clear()
            try:
                address = stack.enter_context(running_server(app))
            finally:
                ingest_settings.cache_clear()
        gateway = app.state.gateway
        deadline = time.monotonic() + 10
        while not gateway.status()["mqtt_connected"]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the gateway did not connect to the broker on port {mqtt_port}")
            time.sleep(0.05)
        yield address, gateway


class Playing:
    """The demo simulator in a thread of its own (Playwright's sync API owns the test's event
    loop), reporting every ``interval`` s through the gateway's doors."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="simulator", daemon=True)
        self.thread.start()
        self.pool: asyncpg.Pool | None = None
        self.simulator: Simulator | None = None

    def run(self, work: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        future = asyncio.run_coroutine_threadsafe(work, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def start(self, url: str, gateway: Gateway, interval: float) -> None:
        self.run(self._start(url, gateway, interval))

    async def _start(self, url: str, gateway: Gateway, interval: float) -> None:
        self.pool = await asyncpg.create_pool(url, min_size=1, max_size=4)
        self.simulator = Simulator(
            gateway.settings, self.pool, hj212_port=gateway.hj212_port, interval=interval,
            hj212_interval=interval,
        )  # fmt: skip
        await self.simulator.start()

    def wait_for_report(self, station_id: int, timeout: float = 60) -> None:
        """Return once a report of the station since the simulator started is stored: the HJ 212
        door refuses a data logger until it sees the PW just provisioned, and the logger resends
        only after its answer timeout."""
        self.run(self._reported(station_id), timeout)

    async def _reported(self, station_id: int) -> None:
        assert self.pool is not None and self.simulator is not None, "the simulator is not playing"
        since = self.simulator.started_at.replace(microsecond=0)
        sql = "SELECT EXISTS (SELECT 1 FROM readings WHERE station_id = $1 AND ts >= $2)"
        while True:
            if await self.pool.fetchval(sql, station_id, since):
                return
            await asyncio.sleep(0.2)

    def exceed(self, station_code: str, parameter: str, **scene: float) -> float:
        """Script an exceedance (``Simulator.exceed``); returns the value the station reports."""
        assert self.simulator is not None, "the simulator is not playing"
        return self.run(self.simulator.exceed(station_code, parameter, **scene))

    def stop(self) -> None:
        try:
            if self.simulator:
                self.run(self.simulator.stop())
            if self.pool:
                self.run(self.pool.close())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()


@contextlib.contextmanager
def playing(url: str, gateway: Gateway, interval: float = 1.0) -> Iterator[Playing]:
    """Every device of the park reporting through ``gateway`` while the block runs."""
    simulator = Playing()
    try:
        simulator.start(url, gateway, interval)
        yield simulator
    finally:
        simulator.stop()
