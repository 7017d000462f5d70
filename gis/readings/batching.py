"""The gateway's buffer: a bounded queue of messages stored in batches, retried while the store is away.

A door submits a message and gets a future that resolves once the message is committed
(or refused for good): only then may it acknowledge the device.  While PostgreSQL is down
the batches in hand are retried with back-off and the queue fills up; a full queue makes
``submit`` wait, which pushes back on the doors (MQTT stops taking deliveries, TCP stops
reading) instead of dropping anything.  Up to ``concurrency`` batches are stored at once,
each on its own connection; the next batch grows while they are busy.

Once a batch is committed its new readings go two ways, each on its own task: to the live
fan-out, so the map never waits for the rules, and to the rules.  Each side takes every
batch waiting for it in one pass, so a side that fell behind catches up in larger, cheaper
passes; both queues are bounded, and a full one makes the store wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from gis.readings.metrics import IngestMetrics
from gis.readings.model import DeviceMessage, MessageOutcome, StoredReading
from gis.readings.path import IngestPath
from gis.readings.store import is_transient
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)

STOPPED = "not stored: the gateway stopped before the store answered"


@dataclass(slots=True)
class _Pending:
    message: DeviceMessage
    done: asyncio.Future[MessageOutcome]


HOOK_QUEUE = 4  # stored batches waiting for each hook before the store waits

_WAKE = None  # queued by stop() so a writer waiting on an empty queue notices


class BatchWriter:
    def __init__(
        self,
        path: IngestPath,
        *,
        batch_size: int = 20000,
        flush_interval: float = 0.2,
        queue_size: int = 20000,
        concurrency: int = 2,
        retry_initial: float = 0.2,
        retry_max: float = 5.0,
        metrics: IngestMetrics | None = None,
    ):
        self.path = path
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.metrics = metrics or IngestMetrics()
        self._queue: asyncio.Queue[_Pending | None] = asyncio.Queue(maxsize=queue_size)
        self._slots = asyncio.Semaphore(concurrency)
        self._task: asyncio.Task[None] | None = None
        self._flushing: dict[asyncio.Task[None], list[_Pending]] = {}
        self._collecting: list[_Pending] = []
        # stored batches waiting for the live fan-out and for the rules, while the next are stored
        self._after_store = {
            self.path.announce: asyncio.Queue[list[StoredReading]](maxsize=HOOK_QUEUE),
            self.path.judge: asyncio.Queue[list[StoredReading]](maxsize=HOOK_QUEUE),
        }
        self._hook_tasks: list[asyncio.Task[None]] = []
        self._closing = False

    @property
    def depth(self) -> int:
        """Messages not stored yet: queued, being batched, or being stored."""
        in_hand = sum(len(batch) for batch in self._flushing.values())
        return self._queue.qsize() + len(self._collecting) + in_hand

    async def start(self) -> None:
        self._closing = False
        self._task = asyncio.create_task(self._run(), name="readings-writer")
        self._hook_tasks = [
            asyncio.create_task(_run_hook(hook, queue), name=f"readings-{hook.__name__}")
            for hook, queue in self._after_store.items()
        ]

    async def stop(self, drain_timeout: float = 10.0) -> None:
        """Store what is buffered (for up to ``drain_timeout`` s), then stop; the rest is failed."""
        self._closing = True
        if self._task is None:
            return
        with contextlib.suppress(asyncio.QueueFull):
            self._queue.put_nowait(_WAKE)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + drain_timeout
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._task), drain_timeout)
        if self._flushing:
            await asyncio.wait(list(self._flushing), timeout=max(deadline - loop.time(), 0))
        if self.depth:
            log.warning("writer stopping with %d messages not stored (store unreachable)", self.depth)
        in_flight = dict(self._flushing)
        await cancel_and_wait(self._task, *in_flight)
        self._task = None
        for batch in [self._collecting, *in_flight.values()]:
            for pending in batch:
                _resolve(pending, MessageOutcome(error=STOPPED))
        self._collecting, self._flushing = [], {}
        while not self._queue.empty():
            pending = self._queue.get_nowait()
            if pending is not None:
                _resolve(pending, MessageOutcome(error=STOPPED))
        if self._hook_tasks:
            queues = [queue.join() for queue in self._after_store.values()]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*queues), max(deadline - loop.time(), 1.0))
            await cancel_and_wait(*self._hook_tasks)
            self._hook_tasks = []

    async def submit(self, message: DeviceMessage) -> asyncio.Future[MessageOutcome]:
        """Queue ``message`` (waiting while the queue is full); the future resolves once stored."""
        done: asyncio.Future[MessageOutcome] = asyncio.get_running_loop().create_future()
        if self._closing or self._task is None:
            done.set_result(MessageOutcome(error=STOPPED))
            return done
        self.metrics.received[message.door] += 1
        await self._queue.put(_Pending(message, done))
        return done

    async def store(self, message: DeviceMessage) -> MessageOutcome:
        """Submit ``message`` and wait until it is stored."""
        return await (await self.submit(message))

    async def _run(self) -> None:
        while not (self._closing and self._queue.empty()):
            first = await self._queue.get()
            if first is _WAKE:
                continue
            self._collecting = [first]
            await self._slots.acquire()
            batch = await self._collect()
            task = asyncio.create_task(self._flush(batch))
            self._flushing[task] = batch
            task.add_done_callback(self._flushed)

    async def _collect(self) -> list[_Pending]:
        """Add to the batch until it is full, or no more comes within the flush interval."""
        loop = asyncio.get_running_loop()
        batch = self._collecting
        size = sum(max(len(p.message.readings), 1) for p in batch)
        deadline = loop.time() + self.flush_interval
        while size < self.batch_size:
            try:
                item = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                remaining = deadline - loop.time()
                if remaining <= 0 or self._closing:
                    break
                try:
                    item = await asyncio.wait_for(self._queue.get(), remaining)
                except TimeoutError:
                    break
            if item is _WAKE:
                break
            batch.append(item)
            size += max(len(item.message.readings), 1)
        self._collecting = []
        self.metrics.queue_depth = self._queue.qsize()
        return batch

    def _flushed(self, task: asyncio.Task[None]) -> None:
        self._flushing.pop(task, None)
        self._slots.release()

    async def _flush(self, batch: list[_Pending]) -> None:
        delay = self.retry_initial
        while True:
            try:
                result = await self.path.store([p.message for p in batch])
            except Exception as exc:
                if not is_transient(exc):
                    log.exception("batch of %d messages could not be stored", len(batch))
                    for pending in batch:
                        _resolve(pending, MessageOutcome(error=f"not stored: {exc}"))
                    self.metrics.messages_failed += len(batch)
                    return
                self.metrics.store_retries += 1
                log.warning(
                    "store unavailable (%s: %s); %d messages buffered, retrying in %.1f s",
                    type(exc).__name__, exc, self.depth, delay,
                )  # fmt: skip
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.retry_max)
                continue
            self.metrics.batches += 1
            self.metrics.stored += result.stored
            self.metrics.duplicates += result.duplicates
            self.metrics.values_rejected += result.rejected
            self.metrics.messages_failed += result.failed
            for pending, outcome in zip(batch, result.outcomes, strict=True):
                _resolve(pending, outcome)
            if result.new_readings:
                for queue in self._after_store.values():
                    await queue.put(result.new_readings)
            return


async def _run_hook(hook: Callable[[list[StoredReading]], Awaitable[None]], queue: asyncio.Queue) -> None:
    """Run ``hook`` on every batch waiting in ``queue`` at once, pass after pass."""
    while True:
        batches = [await queue.get()]
        while not queue.empty():
            batches.append(queue.get_nowait())
        try:
            await hook(batches[0] if len(batches) == 1 else [r for batch in batches for r in batch])
        finally:
            for _ in batches:
                queue.task_done()


def _resolve(pending: _Pending, outcome: MessageOutcome) -> None:
    if not pending.done.done():
        pending.done.set_result(outcome)
