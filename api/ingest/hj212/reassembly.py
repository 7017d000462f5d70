"""Split packets (flag bit D, PNUM/PNO) put back together before their values are read.

The parts of one message share MN, QN and CN; they may arrive on different connections
(a data logger that reconnects mid-message), so reassembly is gateway-wide.  A message
whose parts do not all arrive within ``ttl`` seconds is dropped (the device resends it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from api.ingest.hj212.frame import Frame


@dataclass
class _Parts:
    total: int
    first_seen: float
    frames: dict[int, Frame] = field(default_factory=dict)


class Reassembler:
    def __init__(self, ttl: float = 120.0, max_messages: int = 1000):
        self.ttl = ttl
        self.max_messages = max_messages
        self._pending: dict[tuple[str, str | None, str], _Parts] = {}
        self.expired = 0

    def add(self, frame: Frame) -> Frame | None:
        """The whole message once its last part arrives, else None."""
        self._expire()
        packet = frame.packet
        assert packet.pnum is not None and packet.pno is not None
        key = (packet.mn.upper(), packet.qn, packet.cn)
        parts = self._pending.get(key)
        if parts is None or parts.total != packet.pnum:
            if len(self._pending) >= self.max_messages:
                oldest = min(self._pending, key=lambda k: self._pending[k].first_seen)
                del self._pending[oldest]
                self.expired += 1
            parts = self._pending[key] = _Parts(packet.pnum, time.monotonic())
        parts.frames[packet.pno] = frame
        if len(parts.frames) < parts.total:
            return None
        del self._pending[key]
        ordered = [parts.frames[n] for n in range(1, parts.total + 1)]
        cp = ";".join(f.packet.cp for f in ordered if f.packet.cp)
        return Frame(ordered[0].packet.merged(cp), "\n".join(f.text for f in ordered))

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self._pending.items() if now - p.first_seen > self.ttl]:
            del self._pending[key]
            self.expired += 1
