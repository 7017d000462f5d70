"""``evaluate_batch``: every rule over one stored batch of readings, in one transaction.

The ingestion path calls ``RulesHook`` with the readings a batch stored for the first time;
the rules see them together with what is already stored (rolling windows, flat lines,
baselines, hourly loads), so a batch of one reading and a back-filled day are judged alike.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import asyncpg

from gis.supervision.alarms import Alarm, raise_alarms, resolve
from gis.supervision.limits import limit_epochs, station_limits
from gis.supervision.marks import ReadingRow, marked_stations, marks_from_device_flags, suppressed
from gis.supervision.parameters import FLOW_PARAMETERS, Parameter, load_parameters
from gis.supervision.rules.finding import Finding
from gis.supervision.rules.instant import instant_findings
from gis.supervision.rules.load import load_findings, update_emission_hours
from gis.supervision.rules.quality import flat_line_findings
from gis.supervision.rules.voc import voc_rise_findings
from gis.supervision.rules.windows import REACH, rolling_findings
from gis.supervision.settings import SupervisionSettings, supervision_settings
from gis.supervision.sql import query

# how far before a batch's oldest reading the rolling windows reach (the 24-h window of its hour)
LOOKBACK = max(REACH.values())


def hour_of(ts: dt.datetime) -> dt.datetime:
    return ts.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


async def evaluate_batch(
    conn: asyncpg.Connection,
    readings: Sequence[ReadingRow],
    settings: SupervisionSettings | None = None,
    now: dt.datetime | None = None,
) -> list[Alarm]:
    """Judge ``readings`` (rows with station_id, parameter, ts, value, flag); returns the alarms opened."""
    readings = list(readings)
    if not readings:
        return []
    settings = settings or supervision_settings()
    now = now or dt.datetime.now(dt.UTC)
    parameters = load_parameters(settings.parameters_file)
    async with conn.transaction():
        await marks_from_device_flags(conn, readings, settings.device_mark_merge_seconds)
        station_ids = sorted({r.station_id for r in readings})
        spans = spans_of(readings)
        # the stations whose readings need the marks looked up, once for the rules below that
        # read no further back than the rolling windows do
        oldest = min(first for first, _ in spans.values())
        marked = await marked_stations(conn, station_ids, oldest - LOOKBACK)
        left_out = await suppressed(conn, readings, marked)
        stations = {
            r["id"]: r
            for r in await conn.fetch(
                query("station_classes"),
                station_ids,
            )
        }
        findings = await limit_findings(conn, readings, left_out, spans, parameters, settings, marked)
        # a flat line's window reaches back to the series' last values however old: the marks
        # of every station are looked up in the (few) windows it reads
        findings += await flat_line_findings(conn, readings, left_out, settings, set(station_ids))
        boundary_voc = {
            sid: last
            for (sid, parameter), (_, last) in spans.items()
            if parameter == settings.voc_parameter and stations.get(sid, {}).get("class") == "air_boundary"
        }
        findings += await voc_rise_findings(conn, boundary_voc, settings)

        outlets = {sid for sid, s in stations.items() if s["class"] in FLOW_PARAMETERS}
        outlet_hours: dict[int, set[dt.datetime]] = {}
        for r in readings if outlets else ():
            if r.station_id in outlets:
                outlet_hours.setdefault(r.station_id, set()).add(hour_of(r.ts))
        if outlet_hours:
            classes = {sid: s["class"] for sid, s in stations.items()}
            await update_emission_hours(conn, outlet_hours, classes, parameters)
            zone = ZoneInfo(settings.park_timezone)
            enterprise_years = {
                (stations[sid]["enterprise_id"], hour.astimezone(zone).year)
                for sid, hours in outlet_hours.items()
                if stations[sid]["enterprise_id"] is not None
                for hour in hours
            }
            findings += await load_findings(conn, enterprise_years, now, settings)

        # data came back for the series that were silent: their missing-data alarms close
        open_alarms = await conn.fetch(query("alarms_open_keys"), station_ids)
        resumed = sorted(
            (r["station_id"], r["parameter"])
            for r in open_alarms
            if r["rule"] == "missing_data" and (r["station_id"], r["parameter"]) in spans
        )
        await resolve(conn, "missing_data", resumed, "data resumed", now)
        return await raise_alarms(conn, findings, now, settings)


def spans_of(readings: Sequence[ReadingRow]) -> dict[tuple[int, str], tuple[dt.datetime, dt.datetime]]:
    """The first and last time of each (station, parameter) in ``readings``."""
    spans: dict[tuple[int, str], tuple[dt.datetime, dt.datetime]] = {}
    for r in readings:
        key = (r.station_id, r.parameter)
        span = spans.get(key)
        if span is None:
            spans[key] = (r.ts, r.ts)
        elif r.ts < span[0]:
            spans[key] = (r.ts, span[1])
        elif r.ts > span[1]:
            spans[key] = (span[0], r.ts)
    return spans


async def limit_findings(
    conn: asyncpg.Connection,
    readings: list[ReadingRow],
    left_out: Sequence[bool],
    spans: dict[tuple[int, str], tuple[dt.datetime, dt.datetime]],
    parameters: dict[str, Parameter],
    settings: SupervisionSettings,
    marked: set[int],
) -> list[Finding]:
    """Instant and rolling limits, each reading judged by the limits in force at its time: a
    back-filled day that crosses a permit change is judged by the old permit before it.
    ``spans`` are those of all ``readings`` (the usual single span of limits uses them)."""
    oldest = min(first for first, _ in spans.values())
    epochs = await limit_epochs(conn, sorted({r.station_id for r in readings}), oldest)
    starts = [start for start, _ in epochs]
    groups: dict[int, tuple[list[ReadingRow], Sequence[bool]]] = defaultdict(lambda: ([], []))
    if len(epochs) == 1:  # as almost always: no limit changed since the oldest reading
        groups[0] = (readings, left_out)
    else:
        for r, out in zip(readings, left_out, strict=True):
            group, outs = groups[bisect_right(starts, r.ts) - 1]
            group.append(r)
            outs.append(out)
    findings: list[Finding] = []
    for index, (group, outs) in sorted(groups.items()):
        limits = await station_limits(conn, sorted({r.station_id for r in group}), epochs[index][1])
        findings += instant_findings(group, outs, limits, parameters)
        findings += await rolling_findings(
            conn, spans if len(groups) == 1 else spans_of(group), limits, settings, marked
        )
    return findings


class RulesHook:
    """The ingestion path's rules hook: judge each stored batch on a pooled connection."""

    def __init__(self, pool: asyncpg.Pool, settings: SupervisionSettings | None = None):
        self.pool = pool
        self.settings = settings or supervision_settings()

    async def __call__(self, readings: Sequence[ReadingRow]) -> None:
        async with self.pool.acquire() as conn:
            await evaluate_batch(conn, readings, self.settings)
