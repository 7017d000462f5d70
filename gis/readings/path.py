"""The one ingestion path every door uses: validate → store idempotently → evaluate rules → publish.

``ingest`` runs the four steps in order.  The gateway's writer stores, then runs ``judge``
(the rules) and ``announce`` (the live fan-out) on their own tasks, so the map never waits
for the rules; both only ever see committed readings.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from gis.readings.model import DeviceMessage, IngestResult, StoredReading, utcnow
from gis.readings.store import Accepted, ReadingStore
from gis.readings.validate import ValidationLimits, split_valid

log = logging.getLogger(__name__)

ReadingsHook = Callable[[Sequence[StoredReading]], Awaitable[None]]
"""Called with the readings a batch stored for the first time (never with duplicates)."""


class IngestPath:
    """Validate, store, then hand the new readings to the rules and to the live fan-out.

    The readings are committed before any hook runs, so a failing hook never loses data:
    it is logged and the next hook still runs.
    """

    def __init__(
        self,
        store: ReadingStore,
        *,
        limits: ValidationLimits | None = None,
        rules: ReadingsHook | None = None,
        publish: ReadingsHook | None = None,
    ):
        self.readings_store = store
        self.limits = limits or ValidationLimits()
        self.rules = rules
        self.publish = publish

    async def ingest(self, batch: Sequence[DeviceMessage]) -> IngestResult:
        """Store ``batch`` and run the hooks; raises a transient error when nothing was committed."""
        result = await self.store(batch)
        await self.after_store(result.new_readings)
        return result

    async def store(self, batch: Sequence[DeviceMessage]) -> IngestResult:
        """Validate and store ``batch`` in one transaction, without running the hooks."""
        accepted: list[Accepted] = []
        refused = []
        now = utcnow()
        for message in batch:
            valid, rejected = split_valid(message.readings, self.limits, now)
            accepted.append(Accepted(message, valid))
            refused.append(list(message.rejected) + rejected)
        outcomes, new = await self.readings_store.write(accepted)
        for message, outcome, rejected in zip(batch, outcomes, refused, strict=True):
            outcome.rejected = rejected + outcome.rejected
            if outcome.rejected:
                reasons = "; ".join(f"{r.parameter}: {r.reason}" for r in outcome.rejected[:5])
                log.warning(
                    "%s message %s from %s: %d values refused: %s",
                    message.door, outcome.raw_id, message.peer, len(outcome.rejected), reasons,
                )  # fmt: skip
        return IngestResult(outcomes, new)

    async def after_store(self, readings: list[StoredReading]) -> None:
        """The rules, then the live fan-out, on readings already committed."""
        await self.judge(readings)
        await self.announce(readings)

    async def judge(self, readings: list[StoredReading]) -> None:
        """The rules on readings already committed."""
        if readings:
            await self._run_hook("rules", self.rules, readings)

    async def announce(self, readings: list[StoredReading]) -> None:
        """The live fan-out of readings already committed."""
        if readings:
            await self._run_hook("publish", self.publish, readings)

    @staticmethod
    async def _run_hook(name: str, hook: ReadingsHook | None, readings: list[StoredReading]) -> None:
        if hook is None:
            return
        try:
            await hook(readings)
        except Exception:  # the readings are stored; a hook failure must not undo or block that
            log.exception("%s hook failed on %d stored readings", name, len(readings))
