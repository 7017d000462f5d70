"""The MQTT deliveries that arrived together, taken by the door as one run.

aiomqtt hands its messages over one at a time: for each, ``Client.messages`` starts a task
to get from its queue and waits on it beside the client's disconnection (``asyncio.wait``).
That costs some 17 µs a message, nearly half of the MQTT client's floor at the gateway's
rates.  The door still waits on that iterator for the first delivery of a run, so a lost
connection ends the run as before, and then takes every delivery already queued behind it
from :class:`Deliveries`, the queue the client was built with (aiomqtt's ``queue_type``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiomqtt


class Deliveries(asyncio.Queue[aiomqtt.Message]):
    """A client's incoming messages; aiomqtt puts each one here as paho decodes it."""

    def queue_type(self, maxsize: int = 0) -> Deliveries:
        """What aiomqtt calls to build its queue: this one (``maxsize`` is aiomqtt's unbounded 0;
        the broker's receive maximum bounds what may wait here)."""
        return self

    def waiting(self) -> list[aiomqtt.Message]:
        """Every delivery queued now, in arrival order."""
        taken = []
        while not self.empty():
            taken.append(self.get_nowait())
        return taken


async def delivery_runs(
    client: aiomqtt.Client, deliveries: Deliveries
) -> AsyncIterator[list[aiomqtt.Message]]:
    """The runs of deliveries of ``client`` (built with ``deliveries.queue_type``), each in arrival order."""
    async for first in client.messages:
        yield [first, *deliveries.waiting()]
