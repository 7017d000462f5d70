"""A bounded number of computations running at once, and a bounded number waiting their turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from gis.errors import Busy


class Slots:
    """``at_once`` computations run together; up to ``waiting`` more wait; any more is ``Busy``."""

    def __init__(self, what: str, at_once: int, waiting: int):
        self.what = what
        self.at_once = at_once
        self.waiting = waiting
        self._running = asyncio.Semaphore(at_once)
        self._inside = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._inside >= self.at_once + self.waiting:
            raise Busy(f"{self._inside} {self.what} are running or waiting; try again in a moment")
        self._inside += 1
        try:
            async with self._running:
                yield
        finally:
            self._inside -= 1
