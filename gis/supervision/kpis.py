"""The numbers of the big screen, for the whole park or for one enterprise."""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.supervision.sql import from_json, query

ONLINE_WINDOW = dt.timedelta(minutes=15)


async def dashboard_kpis(
    conn: asyncpg.Connection, enterprise_scope: int | None, now: dt.datetime
) -> dict[str, Any]:
    """stations_online: stations with a reading in the last 15 minutes."""
    row = await conn.fetchrow(query("dashboard_kpis"), enterprise_scope, now, ONLINE_WINDOW)
    codes = {code: 0 for code in ("green", "yellow", "orange", "red")}
    codes.update(from_json(row["health_codes"]) or {})
    return {
        "stations_online": row["stations_online"],
        "stations_total": row["stations_total"],
        "alarms_open": row["alarms_open"],
        "tickets_overdue": row["tickets_overdue"],
        "health_codes": codes,
    }
