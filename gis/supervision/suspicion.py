"""Marks the data contradicts: a "shutdown" while flow or concentrations stay at production
levels, a "calibration" longer than a calibration takes.  Such a mark becomes ``suspicious``,
stops suppressing, opens a ``suspicious_mark`` alarm, and the readings it covered are
judged again as if unmarked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.supervision import audit
from gis.supervision.actor import RULES
from gis.supervision.alarms import Alarm, raise_alarms
from gis.supervision.parameters import FLOW_PARAMETERS
from gis.supervision.rules.batch import evaluate_batch
from gis.supervision.rules.finding import Finding
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import query, to_json

MIN_VALUES = 3


async def check_mark(
    conn: asyncpg.Connection, mark_id: int, now: dt.datetime, settings: SupervisionSettings
) -> dict[str, Any] | None:
    """Check one valid enterprise mark against the data; the suspicion found, or None."""
    async with conn.transaction():
        mark = await conn.fetchrow(
            query("mark_for_check"),
            mark_id,
        )
        if mark is None:
            return None
        until = min(mark["ends_at"] or now, now)
        if until <= mark["starts_at"]:
            return None
        suspicion = None
        if mark["kind"] == "calibration":
            hours = (until - mark["starts_at"]).total_seconds() / 3600
            if hours > settings.calibration_max_hours:
                suspicion = {
                    "reason": f"a calibration of {hours:.1f} h; a calibration takes at most "
                    f"{settings.calibration_max_hours:g} h",
                    "parameter": mark["parameter"],
                }
        elif mark["kind"] == "shutdown":
            suspicion = await _production_during_shutdown(conn, mark, until, settings)
        if suspicion is None:
            return None
        suspicion["checked_at"] = now.isoformat()
        await conn.execute(
            "UPDATE data_marks SET status = 'suspicious', suspicion = $2::text::jsonb WHERE id = $1",
            mark_id,
            to_json(suspicion),
        )
        await audit.append(conn, RULES.username, "mark.suspicious", "mark", mark_id, suspicion)
        parameter = suspicion.get("parameter") or mark["parameter"] or "*"
        finding = Finding(
            mark["station_id"],
            parameter,
            "suspicious_mark",
            now,
            suspicion.get("marked_mean"),
            suspicion.get("production_median"),
            {"mark_id": mark_id, "kind": mark["kind"], "reason": suspicion["reason"]},
        )
        await raise_alarms(conn, [finding], now, settings)
        await rejudge(conn, mark["station_id"], mark["parameter"], mark["starts_at"], until, now, settings)
    return suspicion


async def _production_during_shutdown(
    conn: asyncpg.Connection, mark: asyncpg.Record, until: dt.datetime, settings: SupervisionSettings
) -> dict[str, Any] | None:
    rows = await conn.fetch(
        query("mark_production_check"),
        mark["station_id"],
        mark["parameter"],
        mark["starts_at"],
        until,
        dt.timedelta(days=settings.shutdown_baseline_days),
    )
    checks = [
        {
            "parameter": r["parameter"],
            "marked_mean": r["marked_mean"],
            "production_median": r["production"],
            "share": r["marked_mean"] / r["production"],
        }
        for r in rows
        if r["marked_n"] >= MIN_VALUES and r["production"] and r["production"] > 0
    ]
    at_production = [c for c in checks if c["share"] >= settings.shutdown_production_ratio]
    flow = FLOW_PARAMETERS.get(mark["class"])
    flow_check = next((c for c in checks if c["parameter"] == flow), None)
    if flow_check is not None:
        # with a flow meter the flow decides: a plant that is down moves no gas or water
        suspect = flow_check in at_production
        evidence = [flow_check] + [c for c in at_production if c is not flow_check]
    else:
        suspect = bool(checks) and len(at_production) == len(checks)
        evidence = at_production
    if not suspect:
        return None
    lead = evidence[0]
    return {
        "reason": f"shutdown marked while {lead['parameter']} stayed at {lead['share']:.0%} of its production level",
        "parameter": lead["parameter"],
        "marked_mean": lead["marked_mean"],
        "production_median": lead["production_median"],
        "checks": checks,
    }


async def rejudge(
    conn: asyncpg.Connection,
    station_id: int,
    parameter: str | None,
    since: dt.datetime,
    until: dt.datetime,
    now: dt.datetime,
    settings: SupervisionSettings,
) -> list[Alarm]:
    """Judge the stored readings of a span again (after a mark stopped suppressing them)."""
    readings = await conn.fetch(
        query("readings_span"),
        station_id,
        parameter,
        since,
        until,
    )
    return await evaluate_batch(conn, [_Row(*r) for r in readings], settings, now)


class _Row:
    __slots__ = ("station_id", "parameter", "ts", "value", "flag")

    def __init__(self, station_id: int, parameter: str, ts: dt.datetime, value: float | None, flag: str):
        self.station_id, self.parameter, self.ts, self.value, self.flag = (
            station_id,
            parameter,
            ts,
            value,
            flag,
        )


async def sweep(conn: asyncpg.Connection, now: dt.datetime, settings: SupervisionSettings) -> int:
    """Check the valid marks that cover the last day; how many turned suspicious."""
    ids = await conn.fetch(
        query("marks_to_check"),
        now,
    )
    found = 0
    for row in ids:
        if await check_mark(conn, row["id"], now, settings):
            found += 1
    return found


async def settle(
    conn: asyncpg.Connection, mark: dict[str, Any], now: dt.datetime, settings: SupervisionSettings
) -> list[Alarm]:
    """After a mark stops suppressing (rejected, withdrawn), judge the span it covered again."""
    until = min(mark["ends_at"] or now, now)
    if until <= mark["starts_at"]:
        return []
    return await rejudge(conn, mark["station_id"], mark["parameter"], mark["starts_at"], until, now, settings)
