"""The background work of one app process: the scheduled sweep and notice delivery.

Several processes may run it: the sweep runs under a session advisory lock (one process at
a time sweeps; the others skip that tick) and delivery claims notices with SKIP LOCKED.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

import asyncpg

from gis.supervision.notify.outbox import deliver_due
from gis.supervision.schedule import sweep
from gis.supervision.settings import SupervisionSettings
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)
# 'parksupv' as a big-endian int8
SWEEP_LOCK = 0x7061726B73757076


class SupervisionWorker:
    def __init__(self, pool: asyncpg.Pool, settings: SupervisionSettings):
        self.pool = pool
        self.settings = settings
        self._tasks: list[asyncio.Task[None]] = []
        self.wake_delivery = asyncio.Event()

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(
                self._every(self.settings.sweep_seconds, self.sweep_once), name="supervision-sweep"
            ),
            asyncio.create_task(self._delivery_loop(), name="supervision-delivery"),
        ]

    async def stop(self) -> None:
        await cancel_and_wait(*self._tasks)
        self._tasks = []

    async def sweep_once(self) -> None:
        async with self.pool.acquire() as conn:
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", SWEEP_LOCK):
                return
            try:
                report = await sweep(conn, dt.datetime.now(dt.UTC), self.settings)
            except asyncio.CancelledError:
                # the query in flight makes the connection unusable here; the pool's reset
                # of the connection on release (pg_advisory_unlock_all) frees the lock
                raise
            except Exception:
                await conn.execute("SELECT pg_advisory_unlock($1)", SWEEP_LOCK)
                raise
            await conn.execute("SELECT pg_advisory_unlock($1)", SWEEP_LOCK)
        if any(vars(report).values()):
            log.info("supervision sweep: %s", report)
        self.wake_delivery.set()

    async def _every(self, seconds: float, job) -> None:
        """Run ``job`` every ``seconds``, the first time one interval after start."""
        while True:
            await asyncio.sleep(seconds)
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:  # one failed tick is logged; the loop lives on
                log.exception("supervision job %s failed", job.__name__)

    async def _delivery_loop(self) -> None:
        while True:
            try:
                report = await deliver_due(self.pool, self.settings)
                if report.sent or report.failed or report.retrying:
                    log.info("notices: %s", report)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("notice delivery failed")
            self.wake_delivery.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake_delivery.wait(), self.settings.notify_delivery_seconds)
