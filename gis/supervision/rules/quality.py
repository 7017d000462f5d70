"""Data-quality rules: a flat line on ingest; silence (missing data) on the schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import asyncpg

from gis.supervision.marks import ReadingRow, judged_only
from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query

FLAT_TOLERANCE = 1e-9


async def flat_line_findings(
    conn: asyncpg.Connection,
    readings: Sequence[ReadingRow],
    left_out: Sequence[bool],
    settings: SupervisionSettings,
    marked: set[int],
) -> list[Finding]:
    """The last N judged values of a series, up to the newest judged one of ``readings``, are
    all the same over at least M minutes.  ``left_out``: which of ``readings`` are not judged
    (``marks.suppressed``); ``marked``: the stations whose marks are looked up in the windows read.

    A series none of whose readings here is judged keeps the window it had and is not looked
    at again.  A series whose readings here already differ is flat only if enough stored
    readings lie between the differing ones to push one out of the window, which the query
    counts before it reads any window."""
    # per series: its newest judged time and value, and a time from which to the newest the
    # readings here hold two judged values that differ (None while they hold none)
    state: dict[tuple[int, str], list] = {}
    for r, out in zip(readings, left_out, strict=True):
        value = r.value
        if out or value is None:
            continue
        key = (r.station_id, r.parameter)
        seen = state.get(key)
        if seen is None:
            state[key] = [r.ts, value, None]
        elif r.ts > seen[0]:
            if abs(value - seen[1]) > FLAT_TOLERANCE:
                seen[2] = seen[0]
            seen[0], seen[1] = r.ts, value
        elif abs(value - seen[1]) > FLAT_TOLERANCE and (seen[2] is None or r.ts > seen[2]):
            seen[2] = r.ts
    if not state:
        return []
    series = sorted(state)
    rows = await conn.fetch(
        query("flat_line"),
        [s for s, _ in series],
        [p for _, p in series],
        [state[key][0] for key in series],
        [state[key][2] for key in series],
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
