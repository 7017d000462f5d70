"""MQTT acknowledgements in arrival order, each sent once its message is stored."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

from gis.readings.batching import STOPPED
from gis.readings.model import MessageOutcome


class AckSequencer:
    """Sends PUBACKs in the order the PUBLISHes arrived (MQTT 4.6), each once it may be sent.

    A message refused for good (bad payload, data the store refuses) is acknowledged so the
    broker stops redelivering it; one not stored because the gateway stopped is not, so the
    broker delivers it again to the next session.  One sequencer per connection: after a
    reconnect the old message ids mean nothing.
    """

    def __init__(self, send_ack: Callable[[int, int], object]):
        self._send_ack = send_ack
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
        while self._queue and self.open:
            mid, qos, stored = self._queue[0]
            if stored is not None and not stored.done():
                return
            self._queue.popleft()
            if stored is not None and (stored.cancelled() or stored.result().error == STOPPED):
                continue
            if qos > 0:
                self._send_ack(mid, qos)
                self.sent += 1
