"""Building HJ 212-2017 packets: data uploads for the simulator and tests, answers for the server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from api.ingest.hj212.frame import encode_frame
from api.ingest.hj212.packet import FLAG_ACK, FLAG_SPLIT, VERSION_2017, Packet

SYSTEM_INTERACTION = "91"  # table 5
DATA_ANSWER = "9014"  # table 9
NOTIFICATION_ANSWER = "9013"


def qn_of(at: dt.datetime) -> str:
    """QN = YYYYMMDDhhmmsszzz (17 digits, milliseconds)."""
    return at.strftime("%Y%m%d%H%M%S") + f"{at.microsecond // 1000:03d}"


def data_time(at: dt.datetime) -> str:
    return at.strftime("%Y%m%d%H%M%S")


def format_value(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def data_area(at: dt.datetime, values: Mapping[str, Mapping[str, float | str]]) -> str:
    """``DataTime=…;code-Suffix=v,code-Flag=N;…`` for ``{code: {suffix: value}}``, local time ``at``."""
    items = [f"DataTime={data_time(at)}"]
    for code, fields in values.items():
        parts = []
        for suffix, value in fields.items():
            text = value if isinstance(value, str) else format_value(value)
            parts.append(f"{code}-{suffix}={text}")
        items.append(",".join(parts))
    return ";".join(items)


def data_packet(
    *,
    mn: str,
    pw: str,
    st: str,
    cn: str,
    at: dt.datetime,
    values: Mapping[str, Mapping[str, float | str]],
    qn: str | None = None,
    ack: bool = True,
) -> bytes:
    """A whole frame uploading ``values`` (``{code: {"Rtd": 1.2, "Flag": "N"}}``) taken at local ``at``."""
    flag = VERSION_2017 << 2 | (FLAG_ACK if ack else 0)
    packet = Packet(st=st, cn=cn, mn=mn, pw=pw, qn=qn or qn_of(at), flag=flag, cp=data_area(at, values))
    return encode_frame(packet)


def split_frames(packet: Packet, parts: int) -> list[bytes]:
    """``packet`` sent as ``parts`` packets (PNUM/PNO), its CP items divided between them."""
    items = packet.cp.split(";")
    size = -(-len(items) // parts)
    chunks = [";".join(items[i : i + size]) for i in range(0, len(items), size)]
    flag = packet.flag | FLAG_SPLIT
    return [
        encode_frame(replace(packet, cp=chunk, flag=flag, pnum=len(chunks), pno=n))
        for n, chunk in enumerate(chunks, start=1)
    ]


def answer(request: Packet, cn: str = DATA_ANSWER) -> bytes:
    """The answer to ``request``: same QN, PW and MN, ST=91, empty CP, no answer asked back."""
    packet = Packet(
        st=SYSTEM_INTERACTION,
        cn=cn,
        mn=request.mn,
        pw=request.pw,
        qn=request.qn,
        flag=request.version << 2,
        cp="",
    )
    return encode_frame(packet)
