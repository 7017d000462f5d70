"""The park at a past moment, for the map's time slider: station values then, and open alarms.

A station shows the last value each parameter had at that moment, judged as the live map
judged it then, against the limits in force at that moment; a value older than the look-back
is not shown (the station was silent then).  The alarms are those opened by then and not yet closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.supervision.levels import judged
from gis.supervision.sql import query


async def park_at(
    conn: asyncpg.Connection,
    at: dt.datetime,
    *,
    lookback: dt.timedelta,
    enterprise_id: int | None,
    warning_ratio: float,
    max_alarms: int,
) -> dict[str, Any]:
    """``{"at", "lookback_minutes", "readings": [...], "alarms": [...]}`` as of ``at``."""
    rows = await conn.fetch(query("replay_values"), at, lookback, enterprise_id)
    readings = await judged(conn, [dict(r) for r in rows], warning_ratio, at)
    alarms = await conn.fetch(query("replay_alarms"), at, enterprise_id, max_alarms)
    return {
        "at": at,
        "lookback_minutes": round(lookback.total_seconds() / 60),
        "readings": readings,
        "alarms": [dict(a) for a in alarms],
    }
