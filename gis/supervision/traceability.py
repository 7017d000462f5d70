"""Source traceability started by the loop itself: every open boundary VOC alarm is traced
once, and the ranking is kept on the alarm for the responder and the big screen."""

from __future__ import annotations

import datetime as dt
import logging

import asyncpg
import orjson

from gis.analysis.source_trace import trace_alarm
from gis.errors import ParkMapError

log = logging.getLogger(__name__)

VOC_RULES = ("voc_rise", "voc_fence")
UNTRACED_SQL = """
SELECT id FROM alarms
WHERE status = 'open' AND rule = ANY($1::text[]) AND NOT (detail ? 'traceability')
ORDER BY opened_at
LIMIT $2
"""
KEEP_SQL = "UPDATE alarms SET detail = detail || jsonb_build_object('traceability', $2::jsonb) WHERE id = $1"


async def trace_open_voc_alarms(conn: asyncpg.Connection, now: dt.datetime, limit: int = 5) -> int:
    """Trace up to ``limit`` untraced VOC alarms; returns how many were traced."""
    traced = 0
    for row in await conn.fetch(UNTRACED_SQL, list(VOC_RULES), limit):
        try:
            answer = await trace_alarm(conn, row["id"])
            summary = {"at": now.isoformat(), "ranking": answer["properties"].get("ranking", [])[:5]}
        except ParkMapError as exc:  # nothing to trace yet (no wind, no rise): say so, once
            summary = {"at": now.isoformat(), "ranking": [], "reason": exc.detail}
        await conn.execute(KEEP_SQL, row["id"], orjson.dumps(summary, default=str).decode())
        traced += 1
    return traced
