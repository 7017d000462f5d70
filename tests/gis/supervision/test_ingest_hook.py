"""The rules hook on the one ingestion path: a stored batch is judged, a duplicate is not judged twice."""

from __future__ import annotations

import datetime as dt

from gis.readings.model import DeviceMessage, Reading
from gis.readings.path import IngestPath
from gis.readings.store import ReadingStore
from gis.supervision.rules.batch import RulesHook


async def test_ingested_readings_reach_the_rules_and_open_one_alarm(conn, supervision_pool, ids, settings):
    path = IngestPath(ReadingStore(supervision_pool), rules=RulesHook(supervision_pool, settings))
    ts = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
    message = DeviceMessage("http", "127.0.0.1", "{}", [Reading(ids["A-VOC"], "nmhc", ts, 52.0)])
    await path.ingest([message])
    await path.ingest([message])  # delivered twice: stored and judged once
    alarms = await conn.fetch("SELECT rule, value FROM alarms")
    assert [(a["rule"], a["value"]) for a in alarms] == [("limit_instant", 52.0)]
    assert await conn.fetchval("SELECT count(*) FROM tickets") == 1
