"""An HJ 212-2017 packet: the data segment's fields (table 3) and the CP data area (6.3.3).

Data segment: ``QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&&…&&``.
CP: ``field=value``; values of one item are separated by ``,`` and items by ``;``.
Devices mix the two separators freely, so both are accepted; ``//…//`` quotes free text
(``-Info`` fields), inside which neither separates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

FLAG_ACK = 0b01  # A: the sender wants an answer
FLAG_SPLIT = 0b10  # D: the packet carries PNUM/PNO
VERSION_2017 = 1  # flag bits V5..V0 = 000001


class PacketError(ValueError):
    """A packet that must be refused; ``code`` names the reason for the counters."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Packet:
    st: str
    cn: str
    mn: str
    pw: str | None = None
    qn: str | None = None
    flag: int = VERSION_2017 << 2
    pnum: int | None = None
    pno: int | None = None
    cp: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ack_requested(self) -> bool:
        return bool(self.flag & FLAG_ACK)

    @property
    def split(self) -> bool:
        return bool(self.flag & FLAG_SPLIT) and self.pnum is not None and self.pno is not None

    @property
    def version(self) -> int:
        return self.flag >> 2

    def merged(self, cp: str) -> Packet:
        """This packet's header carrying the whole data area of a reassembled split message."""
        return replace(self, cp=cp, pnum=None, pno=None, flag=self.flag & ~FLAG_SPLIT)


HEADER_ORDER = ("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO")


def parse_segment(segment: str) -> Packet:
    """The fields of a data segment (already checked for length and CRC)."""
    marker = segment.find("CP=&&")
    if marker < 0:
        raise PacketError("no_cp", "data segment has no CP=&&…&& data area")
    tail = segment[marker + 5 :].rstrip()
    if not tail.endswith("&&"):
        raise PacketError("no_cp", "CP data area is not closed by &&")
    cp = tail[:-2]
    header: dict[str, str] = {}
    for part in segment[:marker].split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise PacketError("bad_field", f"header field {part[:40]!r} has no '='")
        header[key.strip()] = value.strip()
    for required in ("ST", "CN", "MN"):
        if not header.get(required):
            raise PacketError("bad_field", f"{required} missing")
    if not re.fullmatch(r"\d{4}", header["CN"]):
        raise PacketError("bad_field", f"CN={header['CN'][:10]!r} is not 4 digits")
    try:
        flag = int(header.get("Flag", "0"))
        pnum = int(header["PNUM"]) if "PNUM" in header else None
        pno = int(header["PNO"]) if "PNO" in header else None
    except ValueError as exc:
        raise PacketError("bad_field", f"Flag/PNUM/PNO not a number: {exc}") from None
    if not 0 <= flag <= 255:
        raise PacketError("bad_field", f"Flag={flag} outside 0-255")
    if flag & FLAG_SPLIT and (pnum is None or pno is None or not 1 <= pno <= pnum):
        raise PacketError("bad_field", f"split packet with PNUM={pnum} PNO={pno}")
    return Packet(
        st=header["ST"],
        cn=header["CN"],
        mn=header["MN"],
        pw=header.get("PW"),
        qn=header.get("QN"),
        flag=flag,
        pnum=pnum,
        pno=pno,
        cp=cp,
        extra={k: v for k, v in header.items() if k not in HEADER_ORDER},
    )


_CP_TOKEN = re.compile(r"(?:[^;,/]|/(?!/)|//.*?//)+")


def cp_fields(cp: str) -> list[tuple[str, str]]:
    """``(field, value)`` pairs of a CP data area, in order; empty tokens are skipped."""
    pairs = []
    for token in _CP_TOKEN.findall(cp):
        token = token.strip()
        if not token:
            continue
        key, sep, value = token.partition("=")
        if not sep:
            raise PacketError("bad_cp", f"CP item {token[:40]!r} has no '='")
        pairs.append((key.strip(), value.strip()))
    return pairs


def encode_segment(packet: Packet) -> str:
    """The data segment of ``packet``, fields in the order of table 3."""
    parts = []
    if packet.qn is not None:
        parts.append(f"QN={packet.qn}")
    parts += [f"ST={packet.st}", f"CN={packet.cn}"]
    if packet.pw is not None:
        parts.append(f"PW={packet.pw}")
    parts += [f"MN={packet.mn}", f"Flag={packet.flag}"]
    if packet.pnum is not None and packet.pno is not None:
        parts += [f"PNUM={packet.pnum}", f"PNO={packet.pno}"]
    parts.append(f"CP=&&{packet.cp}&&")
    return ";".join(parts)
