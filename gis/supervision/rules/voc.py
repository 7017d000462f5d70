"""Boundary VOC rise: the last hour's NMHC well above the station's own recent baseline.

An early warning below the limit: a boundary station that usually reads 0.3 mg/m3 and
now reads 1.2 mg/m3 points at a release upwind long before the 4.0 mg/m3 limit is reached.
"""

from __future__ import annotations

import datetime as dt

import asyncpg

from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query


async def voc_rise_findings(
    conn: asyncpg.Connection, latest: dict[int, dt.datetime], settings: SupervisionSettings
) -> list[Finding]:
    """``latest``: the newest NMHC reading time per boundary station in the batch."""
    if not latest:
        return []
    stations = sorted(latest)
    rows = await conn.fetch(
        query("voc_rise"),
        stations,
        [latest[s] for s in stations],
        settings.voc_parameter,
        dt.timedelta(hours=settings.voc_baseline_hours),
    )
    found = []
    for r in rows:
        if r["n"] < settings.avg_1h_min_samples or r["hours"] < settings.voc_baseline_hours // 2:
            continue
        baseline, mean = r["baseline"], r["mean"]
        if mean >= settings.voc_rise_factor * baseline and mean - baseline >= settings.voc_rise_min_delta:
            found.append(
                Finding(
                    r["station_id"],
                    settings.voc_parameter,
                    "voc_rise",
                    latest[r["station_id"]],
                    mean,
                    settings.voc_rise_factor * baseline,
                    {
                        "baseline": baseline,
                        "baseline_hours": r["hours"],
                        "factor": round(mean / baseline, 2) if baseline > 0 else None,
                        "unit": "mg/m3",
                    },
                )
            )
    return found
