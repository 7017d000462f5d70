"""A boundary VOC alarm is traced by the loop itself, once, and the ranking kept on the alarm."""

from __future__ import annotations

import datetime as dt

import asyncpg
import orjson

from gis.supervision.traceability import trace_open_voc_alarms


async def test_an_open_voc_alarm_gets_its_traceability_once(demo_database_url):
    conn = await asyncpg.connect(demo_database_url)
    alarm = None
    try:
        station = await conn.fetchval("SELECT id FROM stations WHERE kind = 'voc' ORDER BY code LIMIT 1")
        now = dt.datetime.now(dt.UTC)
        alarm = await conn.fetchval(
            "INSERT INTO alarms (station_id, parameter, rule, value, opened_at) "
            "VALUES ($1, 'nmhc', 'voc_rise', 2.4, $2) RETURNING id",
            station,
            now - dt.timedelta(minutes=20),
        )
        assert await trace_open_voc_alarms(conn, now) >= 1
        detail = orjson.loads(await conn.fetchval("SELECT detail::text FROM alarms WHERE id = $1", alarm))
        kept = detail["traceability"]
        # the demo park has a met station but no rise in this window: a reason, or a ranking
        assert kept["ranking"] or kept["reason"]
        assert await trace_open_voc_alarms(conn, now) == 0, "an alarm is traced once"
    finally:
        await conn.execute("DELETE FROM alarms WHERE id = $1", alarm)
        await conn.close()
