"""Gateways for the ingestion bench, each in a process of its own as ``python -m api.ingest`` runs.

Each process builds its gateway (imports, pool, registry) before the bench lets it go, so
start-up is never timed; once let go it starts the gateway and reports, through shared
counters, when its MQTT door is subscribed and how many readings it has stored.  Several
gateways share the subscription (``$share/<group>/…``): the broker hands each message to
one of them, and each keeps a persistent session of its own (its client id), so a backlog
published while they are away waits in their sessions.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from api.collector import settled
from api.ingest.gateway import Gateway, park_hooks
from api.ingest.settings import IngestSettings
from api.settings import server_settings
from bench.procfs import cpu_seconds
from gis.supervision.settings import supervision_settings

SHARED_GROUP = "bench"


@dataclass
class Counters:
    """What one gateway process tells the bench: subscribed or not, readings stored, batches."""

    subscribed: Any
    stored: Any
    batches: Any


def run_gateway(
    overrides: dict[str, Any], url: str, rules: bool, counters: Counters, ready, go, stop
) -> None:
    """The body of one gateway process."""
    asyncio.run(_serve(overrides, url, rules, counters, ready, go, stop))


async def _serve(
    overrides: dict[str, Any], url: str, rules: bool, counters: Counters, ready, go, stop
) -> None:
    settings = IngestSettings(_env_file=None, **overrides)
    pool = await asyncpg.create_pool(url, min_size=2, max_size=8)
    gateway = Gateway(settings, pool, **(park_hooks(pool, supervision_settings()) if rules else {}))
    # the collector is settled as `python -m api.ingest` settles it, before the clock runs: the
    # full collection it starts with is start-up, not ingestion
    with settled(server_settings().gc_young_threshold):
        ready.release()
        await asyncio.to_thread(go.wait)
        try:
            await gateway.start()
            assert gateway.mqtt is not None
            await asyncio.wait_for(gateway.mqtt.connected.wait(), 30)
            counters.subscribed.value = 1
            while not stop.is_set():
                counters.stored.value = gateway.metrics.stored
                counters.batches.value = gateway.metrics.batches
                await asyncio.sleep(0.01)
        finally:
            await gateway.stop()
            counters.stored.value = gateway.metrics.stored
            await pool.close()


@dataclass
class GatewayFleet:
    """``count`` gateway processes on one broker and one database."""

    count: int
    overrides: dict[str, Any]
    url: str
    rules: bool
    _procs: list[Any] = field(default_factory=list)
    _counters: list[Counters] = field(default_factory=list)
    _stop: Any = None
    _cpu_at_go: float = 0.0

    async def start(self, on_go: Callable[[], object] | None = None) -> float:
        """Start the processes, let them go together once each is built (``on_go`` called just
        before), and return that moment (``time.perf_counter``), once every door has subscribed.
        :meth:`cpu_seconds` counts from it."""
        ctx = multiprocessing.get_context("spawn")
        ready, go, self._stop = ctx.Semaphore(0), ctx.Event(), ctx.Event()
        self._counters = [
            Counters(ctx.Value("i", 0), ctx.Value("q", 0), ctx.Value("q", 0)) for _ in range(self.count)
        ]
        for index, counters in enumerate(self._counters):
            overrides = {**self.overrides, "mqtt_client_id": f"{self.overrides['mqtt_client_id']}-{index}"}
            if self.count > 1:
                overrides["mqtt_shared_group"] = SHARED_GROUP
            self._procs.append(
                ctx.Process(
                    target=run_gateway,
                    args=(overrides, self.url, self.rules, counters, ready, go, self._stop),
                )
            )
        for proc in self._procs:
            proc.start()
        for _ in self._procs:
            await asyncio.to_thread(ready.acquire)
        self._cpu_at_go = cpu_seconds([proc.pid for proc in self._procs])
        if on_go is not None:
            on_go()
        began = time.perf_counter()
        go.set()
        while not all(c.subscribed.value for c in self._counters):  # noqa: ASYNC110 (a counter, no event)
            if not all(proc.is_alive() for proc in self._procs):
                raise RuntimeError("a gateway process ended before it subscribed")
            await asyncio.sleep(0.01)
        return began

    @property
    def stored(self) -> int:
        return sum(c.stored.value for c in self._counters)

    @property
    def batches(self) -> int:
        return sum(c.batches.value for c in self._counters)

    def cpu_seconds(self) -> float:
        """CPU seconds the gateway processes have used since they were let go."""
        return cpu_seconds([proc.pid for proc in self._procs]) - self._cpu_at_go

    async def wait_stored(self, expected: int, within: float) -> tuple[int, float]:
        """Wait until the fleet has committed ``expected`` readings; watching the counters rather
        than counting the table keeps the watching off PostgreSQL's CPU."""
        deadline = time.perf_counter() + within
        while self.stored < expected and time.perf_counter() < deadline:  # noqa: ASYNC110 (a counter, no event)
            await asyncio.sleep(0.01)
        return self.stored, time.perf_counter()

    async def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()
        for proc in self._procs:
            await asyncio.to_thread(proc.join, 60)
            if proc.is_alive():
                proc.kill()
        self._procs = []
