"""Rolling averages judged against 1-h and 24-h limits over the span a batch touched.

1 h: every trailing hour (t - 1 h, t] ending at a reading of the batch, from the raw
values.  24 h: every trailing 24 clock hours ending at an hour the batch touched, as the
mean of the hourly means (a daily mean is a mean of hourly means).  Suppressed values are
left out; a window with too few values is not judged.

A mean never passes the highest (or lowest) value it is taken over.  So before a window is
read, the hourly rollups the store keeps tell each series' highest and lowest value over
the hours its windows reach; a series whose values there all keep within its limits, none
of them flagged other than N, cannot break them, and its windows (a reading-by-reading
walk over up to a day of values) are not read.
"""

from __future__ import annotations

import datetime as dt

import asyncpg

from gis.supervision.limits import StationLimit
from gis.supervision.marks import judged_only
from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query

Span = tuple[dt.datetime, dt.datetime]
# how far before a span's first reading each averaging's windows reach, with the hour the
# first reading falls in (rollup buckets are hours)
REACH = {"1h": dt.timedelta(hours=2), "24h": dt.timedelta(hours=25)}


async def rolling_findings(
    conn: asyncpg.Connection,
    spans: dict[tuple[int, str], Span],
    limits: dict[tuple[int, str], list[StationLimit]],
    settings: SupervisionSettings,
    marked: set[int],
) -> list[Finding]:
    """``marked``: the stations with marks (``marks.marked_stations``)."""
    found: list[Finding] = []
    for averaging, rule in (("1h", "limit_1h"), ("24h", "limit_24h")):
        judged = {key: [lim for lim in limits.get(key, ()) if lim.averaging == averaging] for key in spans}
        judged = {key: lims for key, lims in judged.items() if lims}
        if not judged:
            continue
        keys = await may_break(conn, sorted(judged), spans, judged, REACH[averaging])
        if not keys:
            continue
        args = (
            [k[0] for k in keys],
            [k[1] for k in keys],
            [spans[k][0] for k in keys],
            [spans[k][1] for k in keys],
        )
        if averaging == "1h":
            rows = await conn.fetch(
                query("rolling_1h"), *args, settings.avg_1h_min_samples, *judged_only(marked)
            )
        else:
            rows = await conn.fetch(
                query("rolling_24h"), *args, settings.avg_24h_min_hours, *judged_only(marked)
            )
        extremes = {(r["station_id"], r["parameter"], r["extreme"]): r for r in rows}
        for key, lims in judged.items():
            for limit in lims:
                row = extremes.get((*key, limit.bound))
                if row is None or not limit.exceeded_by(row["mean"]):
                    continue
                found.append(
                    Finding(
                        key[0],
                        key[1],
                        rule,
                        row["window_end"],
                        row["mean"],
                        limit.value,
                        {
                            **limit.cited(),
                            "window_end": row["window_end"].isoformat(),
                            "values": row["n"],
                        },
                    )
                )
    return found


async def may_break(
    conn: asyncpg.Connection,
    keys: list[tuple[int, str]],
    spans: dict[tuple[int, str], Span],
    limits: dict[tuple[int, str], list[StationLimit]],
    reach: dt.timedelta,
) -> list[tuple[int, str]]:
    """Those of ``keys`` whose values over their span's windows might break one of their
    ``limits``: a value beyond a limit, a value flagged other than N (not in the rollups'
    extremes), or no rollup to tell."""
    rows = await conn.fetch(
        query("rollup_bounds"),
        [k[0] for k in keys],
        [k[1] for k in keys],
        [spans[k][0] - reach for k in keys],
        [spans[k][1] for k in keys],
    )
    bounds = {(r["station_id"], r["parameter"]): r for r in rows}
    kept = []
    for key in keys:
        row = bounds.get(key)
        if row is None or not row["hours"] or row["flagged"] or row["high"] is None:
            kept.append(key)
        elif any(
            limit.exceeded_by(row["high"] if limit.bound == "max" else row["low"]) for limit in limits[key]
        ):
            kept.append(key)
    return kept
