"""HJ 212-2017 framing, CRC, fields and values, checked against the standard's own examples."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from api.ingest.hj212.crc import hj212_crc, hj212_crc_reference
from api.ingest.hj212.encoder import answer, data_packet, split_frames
from api.ingest.hj212.frame import Frame, FrameDecoder, Refused, decode_frame, encode_frame
from api.ingest.hj212.packet import Packet, PacketError, cp_fields
from api.ingest.hj212.pollutants import TABLE, pollutants
from api.ingest.hj212.readings import packet_readings
from api.ingest.hj212.reassembly import Reassembler

SHANGHAI = ZoneInfo("Asia/Shanghai")
# the example of the standard (6.4), CRC 1C80 by Appendix A
STANDARD = (
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;"
    b"Flag=5;CP=&&RtdInterval=30&&1C80\r\n"
)
MN = "010000A8900016F000169DC0"


def frame_of(segment: str, crc: str | None = None) -> bytes:
    body = segment.encode()
    return b"##%04d%s%s\r\n" % (len(body), body, (crc or f"{hj212_crc(body):04X}").encode())


def realtime(values: str = "a21026-Rtd=35.2,a21026-Flag=N;a21002-Rtd=120.5,a21002-Flag=D") -> str:
    return (
        f"QN=20261125103000123;ST=31;CN=2011;PW=100000;MN={MN};Flag=5;CP=&&DataTime=20261125103000;{values}&&"
    )


def test_crc_is_the_standards_not_modbus():
    assert hj212_crc(b"123456789") == 0x2F80  # CRC-16/MODBUS gives 0x4B37
    assert hj212_crc(STANDARD[6:-6]) == 0x1C80
    assert hj212_crc(b"") == 0xFFFF
    for data in (b"QN=1;CP=&&&&", bytes(range(256)), "清洗管路".encode()):
        assert hj212_crc(data) == hj212_crc_reference(data)


def test_the_standards_example_decodes():
    frame = decode_frame(STANDARD.rstrip())
    p = frame.packet
    assert (p.qn, p.st, p.cn, p.pw, p.mn, p.flag, p.cp) == (
        "20160801085857223", "32", "1062", "100000", MN, 5, "RtdInterval=30",
    )  # fmt: skip
    assert p.ack_requested and not p.split and p.version == 1
    assert encode_frame(p) == STANDARD


def test_a_crc_of_0000_is_a_crc_like_any_other():
    # find a data segment whose CRC is 0x0000 and check it is accepted, not taken as "no CRC"
    for n in range(200_000):
        segment = f"ST=32;CN=2011;MN={MN};Flag=4;CP=&&DataTime=20261125103000;a21026-Rtd={n}&&"
        if hj212_crc(segment.encode()) == 0:
            break
    else:
        pytest.skip("no segment with CRC 0000 in range")
    assert decode_frame(frame_of(segment).rstrip()).packet.cn == "2011"


def test_lower_case_crc_and_surrounding_whitespace_are_accepted():
    line = frame_of(realtime()).rstrip()
    lower = line[:-4] + line[-4:].lower()
    events = FrameDecoder().feed(b"  \r\n" + lower + b"  \r\n")
    assert [type(e) for e in events] == [Frame]


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (frame_of(realtime(), crc="0000"), "crc"),
        (frame_of(realtime(), crc="zz12"), "crc"),
        (b"##9999" + frame_of(realtime())[6:], "length"),
        (b"##01x1" + frame_of(realtime())[6:], "length"),
        (b"hello world\r\n", "garbage"),
        (frame_of("QN=1;ST=32;CN=2011;MN=X;Flag=4;CP=&&DataTime=1"), "no_cp"),
        (frame_of("QN=1;ST=32;MN=X;Flag=4;CP=&&&&"), "bad_field"),
    ],
)
def test_what_would_corrupt_data_is_refused_with_a_reason(frame, code):
    [event] = FrameDecoder().feed(frame)
    assert isinstance(event, Refused)
    assert event.code == code and event.detail


def test_several_frames_in_one_read_and_one_frame_across_many_reads():
    frames = [frame_of(realtime(f"a21026-Rtd={i}")) for i in range(3)]
    decoder = FrameDecoder()
    assert [type(e) for e in decoder.feed(b"".join(frames))] == [Frame, Frame, Frame]
    events = []
    for byte in frames[0] + frames[1][:10]:
        events += decoder.feed(bytes([byte]))
    assert [type(e) for e in events] == [Frame]
    assert decoder.pending == 10


def test_junk_and_a_truncated_frame_do_not_take_the_next_frame_with_them():
    good = frame_of(realtime())
    truncated = good[:40]
    events = FrameDecoder().feed(b"\x00\xffnoise" + truncated + good)
    assert [type(e) for e in events] == [Refused, Refused, Frame]
    assert events[0].code == "garbage"
    assert events[2].packet.cn == "2011"


def test_a_runaway_stream_without_line_ends_is_cut_off():
    decoder = FrameDecoder(max_frame=1000)
    events = decoder.feed(b"x" * 1500)
    assert [e.code for e in events] == ["length"]
    assert decoder.pending == 0
    assert [type(e) for e in decoder.feed(frame_of(realtime()))] == [Frame]


def test_length_in_characters_or_in_utf8_bytes_is_accepted_with_chinese_text():
    segment = (
        f"QN=1;ST=32;CN=3020;PW=1;MN={MN};Flag=4;CP=&&DataTime=20261125103000;i11001-Info=//清洗管路//&&"
    )
    body = segment.encode()
    crc = f"{hj212_crc(body):04X}".encode()
    by_bytes = b"##%04d%s%s" % (len(body), body, crc)
    by_chars = b"##%04d%s%s" % (len(segment), body, crc)
    assert decode_frame(by_bytes).packet.cn == decode_frame(by_chars).packet.cn == "3020"
    gbk = segment.encode("gb18030")
    frame = decode_frame(b"##%04d%s%04X" % (len(gbk), gbk, hj212_crc(gbk)))
    assert frame.packet.mn == MN and "清洗管路" in frame.text


def test_cp_accepts_both_separators_and_quoted_text():
    pairs = cp_fields(
        "DataTime=20160801085857;w01001-Rtd=7.1,w01001-Flag=N;i11001-Info=//a;b,c//;w01018-Rtd=2.2"
    )
    assert pairs == [
        ("DataTime", "20160801085857"), ("w01001-Rtd", "7.1"), ("w01001-Flag", "N"),
        ("i11001-Info", "//a;b,c//"), ("w01018-Rtd", "2.2"),
    ]  # fmt: skip
    with pytest.raises(PacketError):
        cp_fields("DataTime=1;nonsense")


def test_real_time_values_keep_their_flags_and_local_time_becomes_utc():
    packet = decode_frame(frame_of(realtime()).rstrip()).packet
    readings, rejected = packet_readings(packet, 7, pollutants(), SHANGHAI)
    assert rejected == []
    by_parameter = {r.parameter: r for r in readings}
    assert by_parameter["so2"].value == 35.2 and by_parameter["so2"].flag == "N"
    assert by_parameter["nox"].flag == "D"
    assert by_parameter["so2"].ts == dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.UTC)


def test_hour_data_is_its_own_series_and_bad_values_are_refused_alone():
    cp = (
        "DataTime=20261125100000;a21026-Avg=30.1,a21026-Min=20,a21026-Max=41.5,a21026-Cou=1.25,a21026-Flag=N;"
        "a21002-Avg=oops,a21002-Flag=N;a34013-ZsAvg=8.5,a34013-Flag=q;SB1-RS=1;SB1-RT=20.5"
    )
    packet = Packet(st="31", cn="2061", mn=MN, pw="1", cp=cp)
    readings, rejected = packet_readings(packet, 7, pollutants(), SHANGHAI)
    assert {r.parameter: r.value for r in readings} == {
        "so2.h.avg": 30.1, "so2.h.min": 20.0, "so2.h.max": 41.5, "so2.h.cou": 1.25,
        "sb1.rs": 1.0, "sb1.rt": 20.5,
    }  # fmt: skip
    assert sorted(r.parameter for r in rejected) == ["nox.h.avg", "smoke_dust.h.zsavg"]
    assert all(r.ts == dt.datetime(2026, 11, 25, 2, tzinfo=dt.UTC) for r in readings)


def test_a_data_packet_without_datatime_is_refused():
    packet = Packet(st="31", cn="2011", mn=MN, cp="a21026-Rtd=1")
    with pytest.raises(PacketError) as caught:
        packet_readings(packet, 7, pollutants(), SHANGHAI)
    assert caught.value.code == "no_time"


def test_the_data_answer_echoes_qn_and_asks_nothing_back():
    request = decode_frame(frame_of(realtime()).rstrip()).packet
    reply = decode_frame(answer(request).rstrip()).packet
    assert (reply.qn, reply.st, reply.cn, reply.mn, reply.pw, reply.cp) == (
        request.qn,
        "91",
        "9014",
        MN,
        "100000",
        "",
    )
    assert reply.flag == 4 and not reply.ack_requested


def test_split_packets_are_put_back_together_in_order():
    at = dt.datetime(2026, 11, 25, 10, 30)
    whole = data_packet(mn=MN, pw="1", st="31", cn="2011", at=at,
                        values={f"a2100{i}": {"Rtd": i, "Flag": "N"} for i in range(1, 6)})  # fmt: skip
    packet = decode_frame(whole.rstrip()).packet
    parts = [decode_frame(f.rstrip()) for f in split_frames(packet, 3)]
    assert [p.packet.pno for p in parts] == [1, 2, 3] and all(p.packet.split for p in parts)
    reassembler = Reassembler()
    assert reassembler.add(parts[2]) is None and reassembler.add(parts[0]) is None
    merged = reassembler.add(parts[1])
    assert merged is not None and merged.packet.cp == packet.cp and not merged.packet.split
    assert merged.text.count("##") == 3


def test_the_pollutant_table_is_complete_and_unambiguous():
    table = pollutants()
    assert table.by_code["a21026"].parameter == "so2" and table.by_code["a21026"].unit == "mg/m3"
    assert table.by_code["w21003"].parameter == "nh3_n" and table.by_code["w21003"].unit == "mg/L"
    assert table.code_of("nmhc") == "a24088"
    with TABLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(table.by_code) == len(table.by_parameter) == 184
    assert all(len(r["parameter"]) <= 16 for r in rows)
