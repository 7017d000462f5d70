"""Running the VOC fence over stored readings: one hour at a time, alarms and traceability.

A fence alarm goes into ``alarms`` (rule ``voc_fence``, at the downwind station) and out on
the ``parkmap_alarms`` channel; the hour's verdict with its arithmetic is kept in
``fence_evaluations``. When an alarm opens, the enterprises are ranked as candidate sources
(gis.analysis.traceability) under the hour's wind, and the ranking goes with the alarm.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import asyncpg

from gis.analysis import traceability
from gis.errors import InvalidInput
from gis.programs.settings import ProgramSettings
from gis.programs.sql import from_json, query, to_json
from gis.programs.voc_fence import FenceStation, FenceVerdict, judge, mean_wind
from gis.supervision import audit

log = logging.getLogger(__name__)
HOUR = dt.timedelta(hours=1)
CHANNEL = "parkmap_alarms"
# no cloud or insolation observations at the park's met station: neutral stability (D) is
# the class that holds in overcast and windy hours, and ranks sources without favouring any
TRACE_STABILITY = "D"
TRACE_LISTED = 5


def hour_start(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise InvalidInput("the hour needs a time zone")
    if not 2000 <= at.year <= 2100:
        raise InvalidInput("the hour must fall within the years 2000-2100")
    return at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


async def evaluate_hour(
    conn: asyncpg.Connection, hour: dt.datetime, settings: ProgramSettings, now: dt.datetime
) -> dict[str, Any]:
    """Judge the hour starting at ``hour``, store the verdict, raise and announce alarms."""
    start = hour_start(hour)
    end = start + HOUR
    stations = [
        FenceStation(r["id"], r["code"], r["lon"], r["lat"], r["bearing_deg"])
        for r in await conn.fetch(query("voc_fence", "stations"))
    ]
    rows = await conn.fetch(
        query("voc_fence", "values"), [s.id for s in stations], settings.fence_parameter, start, end
    )
    values = {r["station_id"]: list(r["values"]) for r in rows}
    wind = [(r["speed"], r["direction"]) for r in await conn.fetch(query("voc_fence", "wind"), start, end)]
    speed, direction = mean_wind(wind)
    verdict = judge(stations, values, direction, speed, settings)
    result = {"hour": start, "parameter": settings.fence_parameter, **verdict.as_dict(), "alarms": []}
    async with conn.transaction():
        if verdict.exceeded:
            trace = await _trace(conn, stations, verdict, start)
            result["traceability"] = trace
            for judged in verdict.exceeded:
                result["alarms"].append(await _raise(conn, judged, verdict, settings, start, now, trace))
        await conn.execute(
            query("voc_fence", "save_evaluation"),
            start,
            now,
            verdict.status,
            verdict.wind_from_deg,
            verdict.wind_speed_m_s,
            to_json(result),
        )
    return result


async def evaluate_pending(
    conn: asyncpg.Connection, settings: ProgramSettings, now: dt.datetime, max_hours: int = 24
) -> list[dict[str, Any]]:
    """Every complete hour since the last one judged (at most ``max_hours`` back)."""
    last = await conn.fetchval(query("voc_fence", "last_hour"))
    current = hour_start(now)
    first = current - HOUR * max_hours if last is None else max(last + HOUR, current - HOUR * max_hours)
    out = []
    hour = first
    while hour < current:
        out.append(await evaluate_hour(conn, hour, settings, now))
        hour += HOUR
    return out


async def _raise(
    conn: asyncpg.Connection,
    judged,
    verdict: FenceVerdict,
    settings: ProgramSettings,
    start: dt.datetime,
    now: dt.datetime,
    trace: dict[str, Any] | None,
) -> dict[str, Any]:
    detail = {
        "hour": start.isoformat(),
        "wind_from_deg": verdict.wind_from_deg,
        "wind_speed_m_s": verdict.wind_speed_m_s,
        "background": verdict.background,
        "sigma": verdict.sigma,
        "delta": judged.delta,
        "k_sigma": settings.fence_k_sigma,
        "floor": settings.fence_floor_mg_m3,
        "upwind": [s.station.code for s in verdict.stations if s.role == "upwind" and s.mean is not None],
        "traceability": trace,
    }
    row = await conn.fetchrow(
        query("voc_fence", "raise_alarm"),
        judged.station.id,
        settings.fence_parameter,
        judged.mean,
        verdict.threshold,
        now,
        to_json(detail),
    )
    if row["opened"]:
        # the same compact form the supervision loop publishes, so the live map treats both alike
        payload = {
            "id": row["id"],
            "station_id": judged.station.id,
            "enterprise_id": None,
            "parameter": settings.fence_parameter,
            "rule": "voc_fence",
            "severity": "warning",
            "status": "open",
            "value": judged.mean,
            "limit": verdict.threshold,
            "opened_at": row["opened_at"].isoformat(),
            "ticket_id": None,
        }
        await audit.append(conn, "voc_fence", "alarm.open", "alarm", row["id"], {**payload, "detail": detail})
        await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, to_json(payload))
    return {"alarm_id": row["id"], "station_id": judged.station.id, "opened": row["opened"]}


async def _trace(
    conn: asyncpg.Connection, stations: list[FenceStation], verdict: FenceVerdict, start: dt.datetime
) -> dict[str, Any] | None:
    """Rank the enterprises as sources of the hour's rise (None when it cannot be done)."""
    candidates = [
        traceability.CandidateSource(r["id"], r["lon"], r["lat"], name=r["name_zh"])
        for r in await conn.fetch(query("voc_fence", "candidates"))
    ]
    used = [s for s in verdict.stations if s.mean is not None]
    if not candidates or not used or verdict.wind_from_deg is None:
        return None
    mid = start + HOUR / 2
    try:
        result = traceability.rank_sources(
            candidates,
            [traceability.Station(s.station.id, s.station.lon, s.station.lat) for s in used],
            [traceability.Reading(s.station.id, mid, max(s.mean - verdict.background, 0.0)) for s in used],
            [
                traceability.WindHour(
                    start, max(verdict.wind_speed_m_s, 0.5), verdict.wind_from_deg, TRACE_STABILITY
                )
            ],
            surface_cells=0,
        )
    except InvalidInput as exc:
        log.info("fence traceability skipped for %s: %s", start, exc.detail)
        return None
    return {
        "method": "gis.analysis.traceability.rank_sources (Gaussian footprints, NNLS), stability D",
        "explained": round(result.explained, 4),
        "ranking": [
            {
                "enterprise_id": s.candidate.id,
                "name": s.candidate.name,
                "rank": s.rank,
                "share": round(s.share, 4),
                "judged": s.judged,
            }
            for s in result.ranking[:TRACE_LISTED]
        ],
    }


async def evaluations(
    conn: asyncpg.Connection, hour: dt.datetime | None = None, limit: int = 24
) -> list[dict]:
    rows = await conn.fetch(query("voc_fence", "evaluations"), hour and hour_start(hour), limit)
    return [{**dict(r), "result": from_json(r["result"])} for r in rows]


async def fence_features(conn: asyncpg.Connection, evaluation: dict[str, Any] | None) -> dict[str, Any]:
    """The fence for the map: boundary stations coloured by their role and verdict in the hour."""
    judged = {s["station_id"]: s for s in (evaluation or {}).get("result", {}).get("stations", [])}
    features = []
    for r in await conn.fetch(query("voc_fence", "stations")):
        state = judged.get(r["id"], {})
        features.append(
            {
                "type": "Feature",
                "id": r["id"],
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {
                    "id": r["id"],
                    "code": r["code"],
                    "bearing_deg": round(r["bearing_deg"], 1),
                    "role": state.get("role"),
                    "mean": state.get("mean"),
                    "delta": state.get("delta"),
                    "exceeded": state.get("exceeded", False),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
