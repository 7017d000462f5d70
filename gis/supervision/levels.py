"""The level of a value against its station's limits: what colours a station on the map.

A marker shows the latest value, so it is judged as control rooms read a live value:

- **exceedance** — above an instantaneous or hourly limit (the customary "real-time value
  over the limit"; the alarm itself waits for the averaging the standard asks for);
- **warning** — above a daily limit (one value does not make a daily mean), or at or above
  ``warning_ratio`` of any limit (below ``limit / warning_ratio`` for a lower bound); where
  a parameter has a range (pH 6–9), within ``1 - warning_ratio`` of the range's width of
  either end instead, so a neutral pH is normal;
- **normal** — within every limit;
- **unknown** — no limit applies, or the device flagged the value as not a measurement of
  the air or water (fault, calibration, maintenance …): a value the server cannot judge
  never paints a station green.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.readings.model import NORMAL
from gis.supervision.limits import StationLimit, station_limits

LEVELS = ("unknown", "normal", "warning", "exceedance")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
SHORT_AVERAGING = frozenset({"instant", "1h"})


@dataclass(frozen=True, slots=True)
class Level:
    level: str
    limit: StationLimit | None = None

    def as_fields(self) -> dict[str, Any]:
        """The fields a live message or a snapshot value carries."""
        if self.limit is None:
            return {"level": self.level}
        return {
            "level": self.level,
            "limit": self.limit.value,
            "limit_bound": self.limit.bound,
            "limit_averaging": self.limit.averaging,
            "unit": self.limit.unit,
        }


def judge(
    value: float | None, flag: str | None, limits: Iterable[StationLimit], warning_ratio: float
) -> Level:
    """The level of one value; the limit it is judged by (the one nearest to being broken)."""
    limits = list(limits)
    if value is None or (flag or NORMAL) != NORMAL or not limits:
        return Level("unknown")
    margin = _range_margin(limits, warning_ratio)
    worst = Level("normal", _tightest(limits, value))
    for limit in limits:
        level = _level_against(value, limit, warning_ratio, margin)
        if _RANK[level] > _RANK[worst.level]:
            worst = Level(level, limit)
    return worst


def _range_margin(limits: Sequence[StationLimit], warning_ratio: float) -> float | None:
    """The warning band at each end of a range (pH 6–9 → 0.6 at 0.8), or None without a range."""
    highs = [limit.value for limit in limits if limit.bound == "max"]
    lows = [limit.value for limit in limits if limit.bound == "min"]
    if not highs or not lows or min(highs) <= max(lows):
        return None
    return (min(highs) - max(lows)) * (1 - warning_ratio)


def _level_against(value: float, limit: StationLimit, warning_ratio: float, margin: float | None) -> str:
    if limit.exceeded_by(value):
        return "exceedance" if limit.averaging in SHORT_AVERAGING else "warning"
    if margin is not None:
        near = value >= limit.value - margin if limit.bound == "max" else value <= limit.value + margin
    elif limit.bound == "max":
        near = value >= limit.value * warning_ratio
    else:
        near = value * warning_ratio <= limit.value
    return "warning" if near else "normal"


def _tightest(limits: Sequence[StationLimit], value: float) -> StationLimit:
    """The limit with the least headroom left, as a share of the limit."""

    def headroom(limit: StationLimit) -> float:
        if limit.value == 0:
            return float("inf")
        share = (limit.value - value) / abs(limit.value)
        return share if limit.bound == "max" else -share

    return min(limits, key=headroom)


async def level_fields(
    conn: asyncpg.Connection,
    rows: Sequence[Mapping[str, Any]],
    warning_ratio: float,
    at: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """The level fields of each of ``rows`` (each with station_id, parameter, value, flag),
    against the limits as they stand or as they stood ``at`` a past moment; the limits of
    all their stations are read in one query."""
    limits = await station_limits(conn, sorted({r["station_id"] for r in rows}), at)
    return [
        judge(
            r["value"], r["flag"], limits.get((r["station_id"], r["parameter"]), ()), warning_ratio
        ).as_fields()
        for r in rows
    ]


async def judged(
    conn: asyncpg.Connection,
    rows: Sequence[Mapping[str, Any]],
    warning_ratio: float,
    at: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """``rows`` with their level fields added (against the limits in force ``at``, or now)."""
    fields = await level_fields(conn, rows, warning_ratio, at)
    return [{**row, **extra} for row, extra in zip(rows, fields, strict=True)]


class LevelJudge:
    """The live fan-out's judge: a batch of stored readings against their stations' limits."""

    def __init__(self, pool: asyncpg.Pool, warning_ratio: float):
        self.pool = pool
        self.warning_ratio = warning_ratio

    async def __call__(self, readings: Sequence[Any]) -> dict[tuple[int, str], dict[str, Any]]:
        """``{(station_id, parameter): {"level": …, "limit": …}}`` for each reading's series."""
        if not readings:
            return {}
        async with self.pool.acquire() as conn:
            fields = await level_fields(conn, [r._asdict() for r in readings], self.warning_ratio)
        return {(r.station_id, r.parameter): extra for r, extra in zip(readings, fields, strict=True)}
