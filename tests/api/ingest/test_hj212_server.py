"""The HJ 212 TCP door with a real TCP client: answers, refusals, duplicates, split packets, provenance."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from api.ingest.hj212.encoder import data_packet, split_frames
from api.ingest.hj212.frame import decode_frame
from gis.readings.provenance import provenance
from tests.gis.readings.park import CEMS_MN, CEMS_PW, WATER_MN, WATER_PW

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_now(minutes_ago: int = 5) -> dt.datetime:
    return (dt.datetime.now(SHANGHAI) - dt.timedelta(minutes=minutes_ago)).replace(tzinfo=None, microsecond=0)


def cems_packet(at: dt.datetime, so2: float = 35.2, ack: bool = True, pw: str = CEMS_PW, mn: str = CEMS_MN,
                cn: str = "2011") -> bytes:  # fmt: skip
    values = {
        "a21026": {"Rtd": so2, "Flag": "N"},
        "a21002": {"Rtd": 120.5, "Flag": "D"},
        "a19001": {"Rtd": 9.8},
    }
    return data_packet(mn=mn, pw=pw, st="31", cn=cn, at=at, values=values, ack=ack)


class Device:
    """A data logger on a real TCP connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int) -> Device:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def answer(self):
        line = await asyncio.wait_for(self.reader.readline(), 10)
        assert line.endswith(b"\r\n"), line
        return decode_frame(line.rstrip()).packet

    async def no_answer(self, within: float = 0.6) -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(self.reader.readline(), within)

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


async def rows(pool, sql: str, *args):
    async with pool.acquire() as conn:
        return await conn.fetch(sql, *args)


async def eventually_count(pool, sql: str, expected: int, within: float = 10.0) -> int:
    """The row count of ``sql`` once it reaches ``expected`` (or what it is after ``within`` s)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = len(await rows(pool, sql))
        if found >= expected or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.05)


async def test_a_data_packet_is_stored_with_its_flags_then_answered(hj212_gateway, pool, stations):
    at = local_now()
    frame = cems_packet(at)
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(frame)
    reply = await device.answer()
    await device.close()
    request = decode_frame(frame.rstrip()).packet
    assert (reply.cn, reply.st, reply.qn, reply.mn) == ("9014", "91", request.qn, CEMS_MN)
    stored = await rows(pool, "SELECT parameter, value, flag, ts FROM readings ORDER BY parameter")
    assert [(r["parameter"], r["value"], r["flag"]) for r in stored] == [
        ("nox", 120.5, "D"), ("o2", 9.8, "N"), ("so2", 35.2, "N"),
    ]  # fmt: skip
    assert stored[0]["ts"] == at.replace(tzinfo=SHANGHAI)
    # the value on the map leads back to the very bytes the device sent, its PW masked
    origin = await provenance(pool, stations["S-CEMS-1"], "so2", at.replace(tzinfo=SHANGHAI))
    assert origin.payload.encode() + b"\r\n" == frame.replace(f"PW={CEMS_PW};".encode(), b"PW=******;")
    assert origin.door == "hj212" and origin.peer.startswith("127.0.0.1:")


async def test_no_answer_when_none_is_asked_but_the_values_are_stored(hj212_gateway, pool):
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(cems_packet(local_now(), ack=False))
    await device.no_answer()
    await device.close()
    assert await eventually_count(pool, "SELECT 1 FROM readings", 3) == 3


async def test_several_packets_in_one_write_and_one_packet_byte_by_byte(hj212_gateway, pool):
    device = await Device.connect(hj212_gateway.hj212_port)
    frames = [cems_packet(local_now(minutes_ago=10 + i), so2=float(i)) for i in range(3)]
    await device.send(b"".join(frames))
    qns = [(await device.answer()).qn for _ in frames]
    assert qns == [decode_frame(f.rstrip()).packet.qn for f in frames]
    slow = cems_packet(local_now(minutes_ago=20), so2=99.0)
    for byte in slow:
        await device.send(bytes([byte]))
    assert (await device.answer()).qn == decode_frame(slow.rstrip()).packet.qn
    await device.close()
    assert len(await rows(pool, "SELECT 1 FROM readings WHERE parameter = 'so2'")) == 4


async def test_broken_packets_are_refused_counted_and_the_connection_lives_on(hj212_gateway, pool):
    good = cems_packet(local_now())
    bad_crc = good[:-6] + (b"0000" if good[-6:-2] != b"0000" else b"1111") + b"\r\n"
    bad_length = b"##0999" + good[6:]
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(bad_crc + b"GET / HTTP/1.1\r\n" + bad_length + good[:30])
    await device.no_answer()
    await device.send(good[30:])
    assert (await device.answer()).cn == "9014"
    await device.close()
    rejected = hj212_gateway.metrics.snapshot()["rejected"]
    assert rejected["hj212.crc"] == 1 and rejected["hj212.length"] == 1 and rejected["hj212.garbage"] == 1
    assert len(await rows(pool, "SELECT 1 FROM readings")) == 3
    assert len(await rows(pool, "SELECT 1 FROM raw_messages")) == 1


async def test_unknown_mn_and_wrong_pw_are_refused(hj212_gateway, pool, caplog):
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(cems_packet(local_now(), mn="FFFFFFFFFFFFFFFFFFFFFFFF"))
    await device.send(cems_packet(local_now(), pw="654321"))
    await device.send(cems_packet(local_now(), mn=WATER_MN, pw=CEMS_PW))
    await device.no_answer()
    # packets of a connection are taken in order: the answer to a good one means all were judged
    good = cems_packet(local_now(minutes_ago=30))
    await device.send(good)
    assert (await device.answer()).qn == decode_frame(good.rstrip()).packet.qn
    await device.close()
    rejected = hj212_gateway.metrics.snapshot()["rejected"]
    assert rejected == {"hj212.unknown_mn": 1, "hj212.wrong_pw": 2}
    assert len(await rows(pool, "SELECT 1 FROM readings")) == 3
    assert "wrong PW" in caplog.text and "127.0.0.1" in caplog.text
    # what a device presents as its secret is never written to the log, right or wrong
    assert "PW=654321" not in caplog.text and f"PW={CEMS_PW}" not in caplog.text
    assert "PW=******" in caplog.text


async def test_a_packet_sent_twice_is_answered_twice_and_stored_once(hj212_gateway, pool):
    frame = cems_packet(local_now())
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(frame)
    await device.answer()
    await device.send(frame)
    await device.answer()
    await device.close()
    assert len(await rows(pool, "SELECT 1 FROM readings")) == 3
    assert hj212_gateway.metrics.duplicates == 3


async def test_split_packets_are_stored_as_one_message(hj212_gateway, pool, stations):
    at = local_now()
    values = {code: {"Avg": 1.5, "Max": 2.0, "Min": 1.0, "Cou": 3.0, "Flag": "N"}
              for code in ("w01018", "w21003", "w21011", "w01001")}  # fmt: skip
    whole = data_packet(mn=WATER_MN, pw=WATER_PW, st="32", cn="2061", at=at, values=values)
    parts = split_frames(decode_frame(whole.rstrip()).packet, 3)
    device = await Device.connect(hj212_gateway.hj212_port)
    for part in parts:
        await device.send(part)
        assert (await device.answer()).cn == "9014"
    await device.close()
    stored = await rows(pool, "SELECT DISTINCT parameter, raw_id FROM readings")
    assert {r["parameter"] for r in stored} >= {"cod.h.avg", "nh3_n.h.max", "tp.h.min", "ph.h.cou"}
    assert len(stored) == 16 and len({r["raw_id"] for r in stored}) == 1
    origin = await provenance(pool, stations["S-WATER-1"], "cod.h.avg", at.replace(tzinfo=SHANGHAI))
    assert origin.payload.count("PNO=") == 3


async def test_a_packet_without_a_time_is_refused_and_the_next_is_taken(hj212_gateway, pool):
    from api.ingest.hj212.frame import encode_frame
    from api.ingest.hj212.packet import Packet

    no_time = encode_frame(
        Packet(st="31", cn="2011", mn=CEMS_MN, pw=CEMS_PW, qn="1", flag=5, cp="a21026-Rtd=1")
    )
    device = await Device.connect(hj212_gateway.hj212_port)
    await device.send(no_time + cems_packet(local_now()))
    reply = await device.answer()
    await device.close()
    assert reply.qn != "1"
    assert hj212_gateway.metrics.snapshot()["rejected"] == {"hj212.no_time": 1}
