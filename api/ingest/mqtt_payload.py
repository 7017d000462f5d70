"""The MQTT reading message: topic ``park/{park}/stations/{station_code}/readings`` and JSON

    {"ts": "2026-11-25T10:00:00+08:00", "values": {"so2": 12.5, "nmhc": 0.8}, "flags": {"so2": "N"}}

``ts`` is ISO 8601; without an offset it is the park's local time.  ``flags`` is optional
(a value without a flag is N); a value may be null only with a flag other than N.  Keys of
``values`` are ParkMap parameters, or HJ 212 pollutant codes (``a21026``), which are mapped.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

import orjson

from api.ingest.hj212.pollutants import PollutantTable
from gis.readings.model import NORMAL, Reading

TOPIC = re.compile(r"^park/(?P<park>[^/]+)/stations/(?P<station>[^/]+)/readings$")
POLLUTANT_CODE = re.compile(r"^[aw]\d{5}$")


class MessageRefused(ValueError):
    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def topic_parts(topic: str) -> tuple[str, str]:
    """``(park_code, station_code)`` of a readings topic."""
    match = TOPIC.match(topic)
    if not match:
        raise MessageRefused("topic", f"topic {topic[:120]!r} is not park/<park>/stations/<code>/readings")
    return match["park"], match["station"]


def parse_time(text: object, tz: ZoneInfo) -> dt.datetime:
    if not isinstance(text, str):
        raise MessageRefused("schema", "ts must be an ISO 8601 string")
    try:
        ts = dt.datetime.fromisoformat(text)
    except ValueError:
        raise MessageRefused("schema", f"ts {text[:40]!r} is not ISO 8601") from None
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=tz)


def parse_readings(
    payload: bytes, station_id: int, table: PollutantTable, tz: ZoneInfo, max_bytes: int = 65536
) -> list[Reading]:
    """The readings of one message; raises :class:`MessageRefused` with the reason."""
    if len(payload) > max_bytes:
        raise MessageRefused("too_large", f"payload of {len(payload)} bytes exceeds {max_bytes}")
    try:
        body = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise MessageRefused("json", f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise MessageRefused("schema", "message must be a JSON object")
    ts = parse_time(body.get("ts"), tz)
    values = body.get("values")
    if not isinstance(values, dict) or not values:
        raise MessageRefused("schema", "values must be a non-empty object of parameter: number")
    flags = body.get("flags", {})
    if not isinstance(flags, dict):
        raise MessageRefused("schema", "flags must be an object of parameter: flag letter")
    readings = []
    for key, value in values.items():
        if type(value) is not float:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise MessageRefused("schema", f"value of {key[:24]!r} is not a number")
            value = None if value is None else float(value)
        elif not math.isfinite(value):
            raise MessageRefused("schema", f"value of {key[:24]!r} is not finite")
        flag = flags.get(key, NORMAL) if flags else NORMAL
        if flag != NORMAL:
            if not isinstance(flag, str):
                raise MessageRefused("schema", f"flag of {key[:24]!r} is not a letter")
            flag = flag.strip().upper()
        parameter = table.parameter_of(key) if key[:1] in "aw" and POLLUTANT_CODE.match(key) else key
        readings.append(Reading(station_id, parameter, ts, value, flag))
    return readings
