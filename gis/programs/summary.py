"""The programs at a glance for the big screen's KPI tiles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from gis.programs import carbon, outfalls
from gis.programs.settings import ProgramSettings
from gis.programs.sql import from_json, query


async def summary(conn: asyncpg.Connection, now: dt.datetime, settings: ProgramSettings) -> dict[str, Any]:
    row = await conn.fetchrow(query("summary", "counts"))
    units = await carbon.units(conn, None, now, settings)
    levels = Counter((u["saturation"] or {}).get("level", "no_carbon") for u in units)
    today = now.astimezone(ZoneInfo(settings.park_timezone)).date()
    register = await outfalls.dashboard(conn, today, settings.outfall_due_soon_days)
    return {
        "at": now,
        "carbon": {
            "units": len(units),
            "by_level": dict(levels),
            "saturated": levels["orange"] + levels["red"],
            "near_saturation": levels["yellow"],
            "open_jobs": from_json(row["carbon_jobs"]),
        },
        "outfalls": {
            "total": register["outfalls"],
            "by_rectification_status": register["by_rectification_status"],
            "by_kind": register["by_kind"],
            "overdue_tasks": register["overdue_tasks"],
            "due_soon_tasks": register["due_soon_tasks"],
        },
        "cleaner_production": {
            "year": row["audit_year"],
            "by_code": from_json(row["audit_codes"]),
            "mean_score": row["audit_mean_score"],
        },
        "voc_fence": {"open_alarms": row["fence_open_alarms"], "last_hour": from_json(row["fence_last"])},
        "materials": {
            "stocks": row["material_stocks"],
            "types": row["material_types"],
            "open_loans": from_json(row["open_loans"]),
        },
        "joint_warning": {
            "rain_gates_closed": row["gates_closed"],
            "rain_gates_open": row["gates_open"],
            "open_alarms_by_station_kind": from_json(row["open_alarms_by_kind"]),
        },
    }
