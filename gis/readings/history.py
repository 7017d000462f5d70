"""History of one station's parameter, downsampled to what a chart can show, and its CSV export.

``raw`` returns the stored values when they fit, else bins them; ``1m``, ``1h`` and ``1d``
bin at that step or, when the range holds more bins than ``max_points``, at the next
wider step.  Hour and day bins come from the rollup tables, so a year of history never
scans a year of raw readings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import asyncpg

from gis.errors import InvalidInput
from gis.readings.sql import query

INTERVALS: dict[str, int | None] = {"raw": None, "1m": 60, "1h": 3600, "1d": 86400}
STEPS = (
    60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 21600, 43200,
    86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 365 * 86400,
)  # fmt: skip
MAX_POINTS = 2000
ROLLUPS = {3600: "rollups_hourly", 86400: "rollups_daily"}


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """A stored value (``count`` 1, ``flag`` set) or a bin (average, min, max of N-flagged values)."""

    ts: dt.datetime
    value: float | None
    min: float | None
    max: float | None
    count: int
    flagged: int
    flag: str | None = None


@dataclass(frozen=True)
class History:
    station_id: int
    parameter: str
    start: dt.datetime
    end: dt.datetime
    interval: str
    step_seconds: int | None
    source: str
    points: list[HistoryPoint]


def step_for(interval: str, start: dt.datetime, end: dt.datetime, max_points: int = MAX_POINTS) -> int:
    """The bin width in seconds: the interval's, or the narrowest that keeps ≤ max_points bins."""
    base = INTERVALS[interval] or 0
    needed = math.ceil((end - start).total_seconds() / max_points)
    for step in STEPS:
        if step >= base and step >= needed:
            return step
    return STEPS[-1]


def _origin(start: dt.datetime, step: int, tz: ZoneInfo) -> dt.datetime:
    """Where bins start: the hour of ``start``, or its local midnight for whole-day bins."""
    local = start.astimezone(tz)
    if step % 86400 == 0:
        return local.replace(hour=0, minute=0, second=0, microsecond=0)
    if step % 3600 == 0:
        return local.replace(minute=0, second=0, microsecond=0)
    return local.replace(second=0, microsecond=0)


async def history(
    pool: asyncpg.Pool,
    station_id: int,
    parameter: str,
    start: dt.datetime,
    end: dt.datetime,
    interval: str = "raw",
    *,
    max_points: int = MAX_POINTS,
    timezone: str = "Asia/Shanghai",
) -> History:
    if interval not in INTERVALS:
        raise InvalidInput(f"interval must be one of {', '.join(INTERVALS)}")
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("from and to need a time zone")
    if end <= start:
        raise InvalidInput("to must be after from")
    if not 10 <= max_points <= 100_000:
        raise InvalidInput("max_points must be between 10 and 100000")
    async with pool.acquire() as conn:
        if interval == "raw":
            rows = await conn.fetch(query("history_raw"), station_id, parameter, start, end, max_points + 1)
            if len(rows) <= max_points:
                points = [
                    HistoryPoint(
                        r["ts"], r["value"], r["value"], r["value"], 1, int(r["flag"] != "N"), r["flag"]
                    )
                    for r in rows
                ]
                return History(station_id, parameter, start, end, interval, None, "readings", points)
        step = step_for(interval, start, end, max_points)
        origin = _origin(start, step, ZoneInfo(timezone))
        rollup_step = 86400 if step % 86400 == 0 else 3600 if step % 3600 == 0 else None
        if rollup_step:
            source = ROLLUPS[rollup_step]
            sql = query("history_rollup").replace("{rollup}", source)
            args = (station_id, parameter, origin, end, dt.timedelta(seconds=step), origin)
        else:
            source = "readings"
            sql = query("history_binned")
            args = (station_id, parameter, start, end, dt.timedelta(seconds=step), origin)
        rows = await conn.fetch(sql, *args)
    points = [
        HistoryPoint(r["bucket"], r["value"], r["min"], r["max"], int(r["n"]), int(r["flagged"]))
        for r in rows
    ]
    return History(station_id, parameter, start, end, interval, step, source, points)


CSV_COLUMNS = ("station_id", "parameter", "time", "value", "min", "max", "count", "flagged", "flag")


def history_csv_lines(history: History, timezone: str = "Asia/Shanghai") -> Iterator[str]:
    """CSV lines (header first) with times in the park's local time, offset included."""
    tz = ZoneInfo(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(row: tuple) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for p in history.points:
        yield line((
            history.station_id, history.parameter, p.ts.astimezone(tz).isoformat(),
            _number(p.value), _number(p.min), _number(p.max), p.count, p.flagged, p.flag or "",
        ))  # fmt: skip


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))
