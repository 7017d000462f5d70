"""The HJ 212-2017 TCP door: data loggers connect, upload packets, and get a data answer (9014).

A packet is answered only once its values are stored, so a data logger that gets no
answer resends (HJ 212: 3 tries, then it keeps the data for a later upload).  A broken
packet is refused, logged with the reason and the peer, and counted; the connection and
the server carry on.  Every packet must come from a known MN with that station's PW, and
the PW is masked in whatever is logged or stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import NamedTuple
from zoneinfo import ZoneInfo

from api.ingest.hj212.encoder import answer
from api.ingest.hj212.frame import Frame, FrameDecoder, Refused, masked_pw
from api.ingest.hj212.packet import PacketError
from api.ingest.hj212.pollutants import pollutants
from api.ingest.hj212.readings import DATA_COMMANDS, packet_readings
from api.ingest.hj212.reassembly import Reassembler
from api.ingest.settings import IngestSettings
from gis.readings.batching import BatchWriter
from gis.readings.metrics import IngestMetrics
from gis.readings.model import DeviceMessage, MessageOutcome, utcnow
from gis.readings.registry import SecretVerdict, StationRegistry
from gis.tasks import cancel_and_wait

log = logging.getLogger(__name__)
DOOR = "hj212"
READ_SIZE = 65536
PW_REFUSALS = {
    SecretVerdict.NOT_SET: "station {station} has no HJ 212 PW",
    SecretVerdict.WRONG: "wrong PW for MN {mn}",
    # not answered: the data logger sends it again (HJ 212 6.4: resend on no answer)
    SecretVerdict.BUSY: "too many PW checks at once; MN {mn} not checked",
}


class _Step(NamedTuple):
    """A frame taken from the stream: what storing it will say, and whether it may be answered."""

    frame: Frame
    stored: asyncio.Future[MessageOutcome] | None
    answerable: bool


class Hj212Server:
    def __init__(
        self, settings: IngestSettings, registry: StationRegistry, writer: BatchWriter, metrics: IngestMetrics
    ):
        self.settings = settings
        self.registry = registry
        self.writer = writer
        self.metrics = metrics
        self.table = pollutants()
        self.tz = ZoneInfo(settings.park_timezone)
        self.reassembler = Reassembler(ttl=settings.hj212_reassembly_ttl)
        self.port: int | None = None
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._accept, self.settings.hj212_host, self.settings.hj212_port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("HJ 212 door listening on %s:%d", self.settings.hj212_host, self.port)

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        await cancel_and_wait(*self._connections)
        await self._server.wait_closed()
        self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        host, port = writer.get_extra_info("peername")[:2]
        peer = f"{host}:{port}"
        if len(self._connections) >= self.settings.hj212_max_connections:
            log.warning(
                "HJ 212 connection from %s refused: %d connections open", peer, len(self._connections)
            )
            writer.close()
            return
        self._connections.add(task)
        try:
            await self._serve(reader, writer, peer)
        except (ConnectionError, TimeoutError) as exc:
            log.info("HJ 212 connection from %s ended: %s", peer, exc or type(exc).__name__)
        except asyncio.CancelledError:
            # stop() cancels open connections; ending quietly keeps asyncio's stream
            # callback from logging the cancellation as an error
            log.info("HJ 212 connection from %s closed: the door is stopping", peer)
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str) -> None:
        decoder = FrameDecoder()
        while True:
            async with asyncio.timeout(self.settings.hj212_idle_timeout):
                data = await reader.read(READ_SIZE)
            if not data:
                return
            # take every frame of this read first, then answer them in order once stored
            pending: list[_Step] = []
            for event in decoder.feed(data):
                if isinstance(event, Refused):
                    self._refuse(peer, event.code, event.detail, event.data)
                else:
                    pending.append(await self._submit(event, peer))
            for frame, stored, answerable in pending:
                if not answerable:
                    continue
                if stored is not None:
                    outcome = await stored
                    if not outcome.ok:
                        log.warning(
                            "HJ 212 packet QN=%s from %s not stored: %s", frame.packet.qn, peer, outcome.error
                        )
                        continue
                if frame.packet.ack_requested:
                    writer.write(answer(frame.packet))
                    self.metrics.replies += 1
            await writer.drain()

    async def _submit(self, frame: Frame, peer: str) -> _Step:
        """Check who sent ``frame`` and queue its values for the store."""
        received_at = utcnow()
        packet = frame.packet
        await self.registry.ready()
        station = await self.registry.by_mn(packet.mn)
        refused_frame = _Step(frame, None, False)
        if station is None:
            self._refuse(peer, "unknown_mn", f"no station with MN {packet.mn!r}", frame.text.encode())
            return refused_frame
        verdict = await self.registry.check_secret(station, packet.pw or "")
        if verdict is SecretVerdict.ACCEPTED and not packet.pw:
            verdict = SecretVerdict.WRONG
        if verdict is not SecretVerdict.ACCEPTED:
            self._refuse(peer, verdict.value, PW_REFUSALS[verdict].format(station=station.code, mn=packet.mn),
                         frame.text.encode())  # fmt: skip
            return refused_frame
        if packet.split:
            whole = self.reassembler.add(frame)
            if whole is None:
                # a part is held in memory and answered at once: data loggers wait for the
                # answer to one part before they send the next
                return _Step(frame, None, True)
            frame, packet = whole, whole.packet
        if packet.cn not in DATA_COMMANDS:
            log.info(
                "HJ 212 CN=%s from %s (MN %s) is not a data upload; not stored", packet.cn, peer, packet.mn
            )
            self.metrics.reject(DOOR, "not_data")
            return refused_frame
        try:
            readings, rejected = packet_readings(packet, station.id, self.table, self.tz)
        except PacketError as exc:
            self._refuse(peer, exc.code, exc.detail, frame.text.encode())
            return refused_frame
        stored_text = masked_pw(frame.text.encode()).decode()
        message = DeviceMessage(DOOR, peer, stored_text, readings, received_at, rejected)
        return _Step(frame, await self.writer.submit(message), True)

    def _refuse(self, peer: str, code: str, detail: str, data: bytes) -> None:
        self.metrics.reject(DOOR, code)
        log.warning("HJ 212 from %s refused (%s): %s: %r", peer, code, detail, masked_pw(data)[:120])
