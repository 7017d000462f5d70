"""MQTT acknowledgements in arrival order, each sent once its message is stored."""

from __future__ import annotations

import asyncio
from collections import deque

from api.ingest.pubacks import AcksSender, Delivery
from gis.readings.batching import STOPPED
from gis.readings.model import MessageOutcome


class AckSequencer:
    """Sends PUBACKs in the order the PUBLISHes arrived (MQTT 4.6), each once it may be sent.

    A message refused for good (bad payload, data the store refuses) is acknowledged so the
    broker stops redelivering it; one not stored because the gateway stopped is not, so the
    broker delivers it again to the next session.  One sequencer per connection: after a
    reconnect the old message ids mean nothing.  The acks that may go together (a stored
    batch frees many at once) are handed to ``send_acks`` together.
    """

    def __init__(self, send_acks: AcksSender):
        self._send_acks = send_acks
        self._queue: deque[tuple[int, int, asyncio.Future[MessageOutcome] | None]] = deque()
        self.open = True
        self.sent = 0

    def __len__(self) -> int:
        return len(self._queue)

    def add(self, mid: int, qos: int, stored: asyncio.Future[MessageOutcome] | None = None) -> None:
        """Queue the ack of delivery ``mid``; ``stored`` None means it may go as soon as its turn comes."""
        self._queue.append((mid, qos, stored))
        if stored is not None and not stored.done():
            stored.add_done_callback(lambda _: self._drain())
        self._drain()

    def close(self) -> None:
        self.open = False
        self._queue.clear()

    def _drain(self) -> None:
        ready: list[Delivery] = []
        while self._queue and self.open:
            mid, qos, stored = self._queue[0]
            if stored is not None and not stored.done():
                break
            self._queue.popleft()
            if stored is not None and (stored.cancelled() or stored.result().error == STOPPED):
                continue
            if qos > 0:
                ready.append((mid, qos))
        if ready:
            self._send_acks(ready)
            self.sent += len(ready)
