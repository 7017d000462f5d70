"""Validation of readings before they reach the store: what would corrupt data is refused."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from gis.readings.model import FLAGS, NORMAL, Reading, Rejection, utcnow

PARAMETER = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,23}$")
_GOOD_PARAMETERS: set[str] = set()  # names already checked: a park has a few hundred series


@dataclass(frozen=True)
class ValidationLimits:
    """How far from now a reading's time may be: device clocks drift, but not by years."""

    max_future: dt.timedelta = dt.timedelta(hours=1)
    max_age: dt.timedelta = dt.timedelta(days=400)


def _parameter_ok(name: str) -> bool:
    if name in _GOOD_PARAMETERS:
        return True
    if isinstance(name, str) and PARAMETER.match(name):
        if len(_GOOD_PARAMETERS) < 100_000:
            _GOOD_PARAMETERS.add(name)
        return True
    return False


def _time_reason(ts: dt.datetime, earliest: dt.datetime, latest: dt.datetime) -> str | None:
    if ts.tzinfo is None or ts.utcoffset() is None:
        return "time without a time zone"
    if ts > latest:
        return f"time {ts.isoformat()} is in the future"
    if ts < earliest:
        return f"time {ts.isoformat()} is older than the retention period"
    return None


def _value_reason(reading: Reading) -> str | None:
    if not _parameter_ok(reading.parameter):
        return f"parameter name {reading.parameter!r} is not 1-24 of a-z 0-9 _ . -"
    if reading.flag not in FLAGS:
        return f"unknown data flag {reading.flag!r} (HJ 212 table 8: {''.join(FLAGS)})"
    value = reading.value
    if value is None:
        if reading.flag == NORMAL:
            return "no value and flag N"
    elif type(value) is not float and (isinstance(value, bool) or not isinstance(value, int | float)):
        return f"value {value!r} is not a number"
    elif not math.isfinite(value):
        return f"value {value!r} is not finite"
    return None


def check_reading(reading: Reading, limits: ValidationLimits, now: dt.datetime | None = None) -> str | None:
    """The reason ``reading`` must be refused, or None when it may be stored."""
    now = now or utcnow()
    return _value_reason(reading) or _time_reason(reading.ts, now - limits.max_age, now + limits.max_future)


def split_valid(
    readings: list[Reading], limits: ValidationLimits, now: dt.datetime | None = None
) -> tuple[list[Reading], list[Rejection]]:
    """Readings that may be stored, and a rejection for each one that may not."""
    now = now or utcnow()
    earliest, latest = now - limits.max_age, now + limits.max_future
    valid: list[Reading] = []
    rejected: list[Rejection] = []
    # the values of one message usually share one time: judge it once
    last_ts: dt.datetime | None = None
    last_ts_reason: str | None = None
    for reading in readings:
        if reading.ts is not last_ts:
            last_ts, last_ts_reason = reading.ts, _time_reason(reading.ts, earliest, latest)
        value = reading.value
        # what devices send nearly always: a known series, flag N, a finite float, a good time
        if (
            last_ts_reason is None
            and reading.flag == NORMAL
            and type(value) is float
            and value - value == 0.0  # false for inf and nan
            and reading.parameter in _GOOD_PARAMETERS
        ):
            valid.append(reading)
            continue
        reason = _value_reason(reading) or last_ts_reason
        if reason is None:
            valid.append(reading)
        else:
            rejected.append(Rejection(reason, reading.parameter, reading.ts))
    return valid, rejected
