"""HJ 212-2017 framing (table 2): ``##`` + 4-digit length + data segment + 4-hex CRC + CRLF.

Tolerant of what field devices really send: lower-case CRC digits, whitespace around a
frame, a bare LF, several frames in one TCP read, a frame split across reads, junk before
``##``, and a length counted in characters instead of UTF-8 bytes (the standard counts
characters; implementations differ once Chinese text appears).  Strict about what would
corrupt data: a wrong length or CRC refuses the frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.ingest.hj212.crc import hj212_crc
from api.ingest.hj212.packet import Packet, PacketError, encode_segment, parse_segment

HEADER = b"##"
HEX4 = re.compile(rb"[0-9A-Fa-f]{4}")
# a PW's characters: up to the next field, or the end of the header where CP is left out
PW_VALUE = re.compile(rb"(?<=PW=)[^;&\r\n]*")
# The standard caps the data segment at 1024; devices with many pollutants exceed it and
# the length + CRC still protect such a frame, so only runaway input is cut off.
MAX_FRAME = 8192


@dataclass(frozen=True)
class Frame:
    """A frame that passed length and CRC checks, its packet and its text as received."""

    packet: Packet
    text: str


def masked_pw(data: bytes) -> bytes:
    """``data`` with every PW character replaced by ``*``: a data logger's secret is never
    logged or stored in clear.  The length is kept, so the frame's length field still counts
    it; its CRC no longer does."""
    return PW_VALUE.sub(lambda found: b"*" * len(found.group()), data)


@dataclass(frozen=True)
class Refused:
    """Bytes that were not a valid frame, and why."""

    code: str
    detail: str
    data: bytes


def decode_frame(frame: bytes) -> Frame:
    """Check and parse one frame (without its line end); raises :class:`PacketError`."""
    if not frame.startswith(HEADER):
        raise PacketError("garbage", "frame does not start with ##")
    length_field = frame[2:6]
    if not (len(length_field) == 4 and length_field.isdigit()):
        raise PacketError("length", f"length field {length_field!r} is not 4 digits")
    rest = frame[6:]
    if len(rest) < 4:
        raise PacketError("length", "frame too short for a CRC")
    body, crc_field = rest[:-4], rest[-4:]
    if not HEX4.fullmatch(crc_field):
        raise PacketError("crc", f"CRC field {crc_field!r} is not 4 hex digits")
    crc = int(crc_field, 16)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        # older data loggers send Chinese -Info text in GB 18030
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError:
            raise PacketError("encoding", "data segment is neither UTF-8 nor GB 18030") from None
    declared = int(length_field)
    if declared not in (len(body), len(text)):
        raise PacketError("length", f"length field says {declared}, data segment has {len(body)} bytes")
    computed = hj212_crc(body)
    if computed != crc:
        raise PacketError("crc", f"CRC {crc_field.decode()} does not match the data ({computed:04X})")
    return Frame(parse_segment(text), f"##{length_field.decode()}{text}{crc_field.decode()}")


class FrameDecoder:
    """Cuts a TCP byte stream into frames; keeps an incomplete frame until the next read."""

    def __init__(self, max_frame: int = MAX_FRAME):
        self.max_frame = max_frame
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Frame | Refused]:
        self._buffer += data
        events: list[Frame | Refused] = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                break
            line = bytes(self._buffer[:end]).strip()
            del self._buffer[: end + 1]
            if line:
                events += _decode_line(line)
        if len(self._buffer) > self.max_frame:
            # no line end within a frame's size: drop all but a last ## that may start a frame
            start = self._buffer.rfind(HEADER)
            keep = start if start > 0 and len(self._buffer) - start <= self.max_frame else len(self._buffer)
            events.append(
                Refused("length", f"no CR LF within {self.max_frame} bytes", bytes(self._buffer[:keep]))
            )
            del self._buffer[:keep]
        return events


def _decode_line(line: bytes) -> list[Frame | Refused]:
    """One line may hold junk, a truncated frame and then a whole one: take every ## in turn."""
    starts = [i for i in range(len(line) - 1) if line[i : i + 2] == HEADER]
    if not starts:
        return [Refused("garbage", "no ## frame header", line)]
    events: list[Frame | Refused] = []
    if starts[0] > 0:
        events.append(Refused("garbage", "bytes before ##", line[: starts[0]]))
    first_error: PacketError | None = None
    for index, start in enumerate(starts):
        try:
            frame = decode_frame(line[start:].strip())
        except PacketError as exc:
            first_error = first_error or exc
            continue
        if index > 0 and first_error is not None:
            events.append(Refused(first_error.code, first_error.detail, line[starts[0] : start]))
        events.append(frame)
        return events
    assert first_error is not None
    events.append(Refused(first_error.code, first_error.detail, line[starts[0] :]))
    return events


def encode_frame(packet: Packet) -> bytes:
    """A whole frame for ``packet``: header, length, data segment, CRC (upper case), CRLF."""
    body = encode_segment(packet).encode("utf-8")
    return b"##%04d%s%04X\r\n" % (len(body), body, hj212_crc(body))
