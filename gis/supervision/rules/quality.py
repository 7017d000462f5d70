"""Data-quality rules: a flat line on ingest; silence (missing data) on the schedule."""

from __future__ import annotations

import datetime as dt

import asyncpg

from gis.supervision.marks import judged_only
from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query

FLAT_TOLERANCE = 1e-9


async def flat_line_findings(
    conn: asyncpg.Connection, series: list[tuple[int, str]], settings: SupervisionSettings, marked: set[int]
) -> list[Finding]:
    """The last N judged values of a series are all the same over at least M minutes (``marked``:
    the stations with marks, see ``marks.marked_stations``)."""
    if not series:
        return []
    rows = await conn.fetch(
        query("flat_line"),
        [s for s, _ in series],
        [p for _, p in series],
        settings.flat_line_samples,
        FLAT_TOLERANCE,
        dt.timedelta(minutes=settings.flat_line_minutes),
        *judged_only(marked),
    )
    return [
        Finding(
            r["station_id"],
            r["parameter"],
            "flat_line",
            r["last_ts"],
            r["value"],
            detail={
                "values": r["n"],
                "since": r["first_ts"].isoformat(),
                "until": r["last_ts"].isoformat(),
            },
        )
        for r in rows
    ]


async def missing_data_findings(
    conn: asyncpg.Connection, now: dt.datetime, settings: SupervisionSettings
) -> list[Finding]:
    """Series silent for more than N of their usual intervals (and not explained by a mark)."""
    rows = await conn.fetch(
        query("missing_data"),
        now,
        dt.timedelta(hours=settings.missing_lookback_hours),
        settings.missing_intervals,
        float(settings.missing_min_gap_seconds),
    )
    return [
        Finding(
            r["station_id"],
            r["parameter"],
            "missing_data",
            now,
            round(r["silent_s"] / 60.0, 1),
            detail={
                "last_reading": r["last_ts"].isoformat(),
                "interval_s": r["interval_s"],
                "silent_minutes": round(r["silent_s"] / 60.0, 1),
            },
        )
        for r in rows
    ]
