"""From an HJ 212 data packet to readings: one per pollutant and value kind, flags kept.

Real-time values (CN 2011) are stored under the parameter itself (``so2``; a converted
"Zs" value as ``so2.zs``).  Period data are stored as their own series so they never
collide with real-time values at the same instant: ``so2.m.avg`` (minute data, CN 2051),
``so2.h.max`` (hour, 2061), ``so2.d.cou`` (day, 2031); their time is the period's start
(6.3.3).  Treatment-facility state (``SB1-RS``) and running hours (``SB1-RT``) become
``sb1.rs`` / ``sb1.rt``.  DataTime is local time in the park's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from api.ingest.hj212.packet import Packet, PacketError, cp_fields
from api.ingest.hj212.pollutants import PollutantTable
from gis.readings.model import FLAGS, NORMAL, Reading, Rejection

REAL_TIME = "2011"
PERIODS = {"2051": "m", "2061": "h", "2031": "d"}
RUNNING = {"2021", "2041"}
DATA_COMMANDS = {REAL_TIME, *PERIODS, *RUNNING}

# table 4 suffixes that carry a value, and the series suffix each is stored under
REAL_TIME_VALUES = {"Rtd": "", "ZsRtd": "zs", "Data": "", "DayData": "day", "NightData": "night"}
PERIOD_VALUES = {
    "Avg": "avg", "Min": "min", "Max": "max", "Cou": "cou",
    "ZsAvg": "zsavg", "ZsMin": "zsmin", "ZsMax": "zsmax", "ZsCou": "zscou",
}  # fmt: skip
FACILITY_VALUES = {"RS": "rs", "RT": "rt"}
# kept in the raw packet only: descriptive, or counts about the value rather than values
DESCRIPTIVE = {"Flag", "EFlag", "SampleTime", "SN", "Info", "ValidNum", "TotalNum"}
CODE = re.compile(r"^(?:[a-zA-Z]\d{5}|[a-zA-Z]\d{2,8}|SB\d+)$")


def data_time(cp: list[tuple[str, str]], tz: ZoneInfo) -> dt.datetime:
    raw = next((v for k, v in cp if k == "DataTime"), None)
    if raw is None:
        raise PacketError("no_time", "data packet without DataTime")
    try:
        local = dt.datetime.strptime(raw, "%Y%m%d%H%M%S")
    except ValueError:
        raise PacketError("no_time", f"DataTime={raw[:20]!r} is not YYYYMMDDhhmmss") from None
    return local.replace(tzinfo=tz)


def series(parameter: str, cn: str, suffix: str) -> str | None:
    """The parameter a value is stored under, or None when the suffix carries no value."""
    if suffix in FACILITY_VALUES:
        return f"{parameter}.{FACILITY_VALUES[suffix]}"
    if cn in PERIODS and suffix in PERIOD_VALUES:
        return f"{parameter}.{PERIODS[cn]}.{PERIOD_VALUES[suffix]}"
    if cn not in PERIODS and suffix in REAL_TIME_VALUES:
        kind = REAL_TIME_VALUES[suffix]
        return f"{parameter}.{kind}" if kind else parameter
    return None


def packet_readings(
    packet: Packet, station_id: int, table: PollutantTable, tz: ZoneInfo
) -> tuple[list[Reading], list[Rejection]]:
    """The readings of a data packet, and the values refused with their reasons."""
    cp = cp_fields(packet.cp)
    ts = data_time(cp, tz)
    by_code: dict[str, dict[str, str]] = {}
    for key, value in cp:
        code, dash, suffix = key.partition("-")
        if dash and code:
            by_code.setdefault(code, {})[suffix] = value
    readings: list[Reading] = []
    rejected: list[Rejection] = []
    for code, fields in by_code.items():
        if not CODE.match(code):
            rejected.append(Rejection(f"{code!r} is not a pollutant or facility code", code, ts))
            continue
        parameter = table.parameter_of(code)
        flag = fields.get("Flag", NORMAL).strip().upper() or NORMAL
        for suffix, text in fields.items():
            name = series(parameter, packet.cn, suffix)
            if name is None:
                if suffix not in DESCRIPTIVE:
                    rejected.append(
                        Rejection(f"field -{suffix} not expected in CN {packet.cn}", parameter, ts)
                    )
                continue
            if flag not in FLAGS:
                rejected.append(Rejection(f"unknown data flag {flag!r}", name, ts))
                continue
            value: float | None
            if text == "":
                value = None
            else:
                try:
                    value = float(text)
                except ValueError:
                    rejected.append(Rejection(f"{code}-{suffix}={text[:20]!r} is not a number", name, ts))
                    continue
            value_flag = NORMAL if suffix in FACILITY_VALUES else flag
            readings.append(Reading(station_id, name, ts, value, value_flag))
    return readings, rejected
