"""Source traceability on the park's own data: which enterprise or tank best explains what the
VOC and boundary stations measured, under the wind the met station recorded.

Readings become hourly means per station (UTC hours, valid values only). A station's
background is a low quantile of all its valid values in the window (the 10th percentile by
default): what it reads when nothing reaches it; the excess over it is what is explained.
The wind is the nearest met station's hourly mean (vector-mean direction); calm hours are
left out. Stability is neutral (D) unless the cloud cover is given, when it comes from the
Pasquill table by time of day (``weather.stability_for``): with no cloud observation, D is
the class that holds in overcast and windy hours and favours no source.

Candidates are enterprises of the industries that emit VOCs (at their footprint's centroid)
and storage units of volatile organic chemicals, both as ground-level sources.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import asyncpg

from gis.analysis.traceability import (
    HOUR,
    CandidateScore,
    CandidateSource,
    Reading,
    Station,
    TraceResult,
    WindHour,
    rank_sources,
)
from gis.analysis.weather import HourlyWind, hourly_wind, stability_for
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
STATIONS_SQL = (_HERE / "source_trace_stations.sql").read_text()
READINGS_SQL = (_HERE / "source_trace_readings.sql").read_text()
CANDIDATES_SQL = (_HERE / "source_trace_candidates.sql").read_text()
ALARM_SQL = (_HERE / "source_trace_alarm.sql").read_text()

VOC_INDUSTRIES = (
    "basic_chemical",
    "fine_chemical",
    "pharma_intermediate",
    "lithium_battery_materials",
    "hazardous_waste",
    "logistics",
)
# Organic chemicals of the library that boil at or below 250 °C at 101.3 kPa, the VOC
# definition of Directive 2004/42/EC; methane is left out because NMHC excludes it.
VOLATILE_CAS = (
    "67-56-1",  # methanol
    "108-88-3",  # toluene
    "71-43-2",  # benzene
    "107-13-1",  # acrylonitrile
    "106-89-8",  # epichlorohydrin
    "67-64-1",  # acetone
    "141-78-6",  # ethyl acetate
    "64-17-5",  # ethanol
    "110-54-3",  # n-hexane
    "75-09-2",  # dichloromethane
    "872-50-4",  # N-methyl-2-pyrrolidone
    "75-21-8",  # ethylene oxide
    "68476-85-7",  # liquefied petroleum gas
)
BACKGROUND_QUANTILE = 0.1
MAX_WINDOW = dt.timedelta(days=7)
ALARM_LOOKBACK = dt.timedelta(hours=6)
NEUTRAL_STABILITY = "D"
LISTED = 20
SURFACE_CELLS = 40
SURFACE_FLOOR = 0.01


async def trace_sources(
    conn: asyncpg.Connection,
    *,
    start: dt.datetime,
    end: dt.datetime,
    station_ids: list[int] | None = None,
    parameter: str = "nmhc",
    background_quantile: float = BACKGROUND_QUANTILE,
    cloud_oktas: int | None = None,
) -> dict[str, Any]:
    """Rank the candidate sources for the readings of ``station_ids`` (all VOC and boundary
    stations when None) between ``start`` and ``end``; a GeoJSON FeatureCollection of the
    likelihood surface and the candidates, with the ranking and its evidence in ``properties``."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("the window needs time zones")
    if not start < end <= start + MAX_WINDOW:
        raise InvalidInput(f"the window must end after it starts and last at most {MAX_WINDOW.days} days")
    if not 0 <= background_quantile < 1:
        raise InvalidInput("the background quantile is in [0, 1)")
    station_rows = await conn.fetch(STATIONS_SQL, station_ids)
    if not station_rows:
        raise NotFound("no such air station")
    if station_ids is not None and len(station_rows) != len(set(station_ids)):
        raise NotFound("some of the stations do not exist")
    stations = {r["id"]: r for r in station_rows}
    hourly = await conn.fetch(READINGS_SQL, list(stations), parameter, start, end, background_quantile)
    if not hourly:
        raise InvalidInput(f"no valid {parameter} reading at these stations in the window")
    lon = sum(r["lon"] for r in station_rows) / len(station_rows)
    lat = sum(r["lat"] for r in station_rows) / len(station_rows)
    met, hours = await hourly_wind(conn, lon, lat, start, end)
    wind = _wind_hours(hours, lon, lat, cloud_oktas)
    if not wind:
        raise InvalidInput("no met station recorded a usable wind in the window")
    candidate_rows = await conn.fetch(CANDIDATES_SQL, list(VOC_INDUSTRIES), list(VOLATILE_CAS))
    if not candidate_rows:
        raise NotFound(
            "no candidate source: no enterprise of a VOC industry and no tank of a volatile chemical"
        )
    candidates = [
        CandidateSource(f"{r['kind']}:{r['id']}", r["lon"], r["lat"], name=r["name"]) for r in candidate_rows
    ]
    readings = [Reading(r["station_id"], r["hour"] + HOUR / 2, r["mean"] - r["background"]) for r in hourly]
    air_stations = [Station(r["id"], r["lon"], r["lat"]) for r in station_rows]
    result = await asyncio.to_thread(
        rank_sources, candidates, air_stations, readings, wind, surface_cells=SURFACE_CELLS
    )
    by_key = {f"{r['kind']}:{r['id']}": r for r in candidate_rows}
    return _answer(
        result, by_key, stations, hourly, met, wind, start, end, parameter, background_quantile, cloud_oktas
    )


async def trace_for_alarm(
    pool: asyncpg.Pool, alarm_id: int, *, lookback: dt.timedelta = ALARM_LOOKBACK
) -> dict[str, Any]:
    """Trace the sources behind an air alarm: every VOC and boundary station, the alarm's
    parameter, from ``lookback`` before the alarm opened to the end of its hour."""
    async with pool.acquire() as conn:
        return await trace_alarm(conn, alarm_id, lookback=lookback)


async def trace_alarm(
    conn: asyncpg.Connection, alarm_id: int, *, lookback: dt.timedelta = ALARM_LOOKBACK
) -> dict[str, Any]:
    """:func:`trace_for_alarm` on a connection the caller holds (the supervision sweep)."""
    alarm = await conn.fetchrow(ALARM_SQL, alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    opened = alarm["opened_at"]
    end = opened.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0) + HOUR
    answer = await trace_sources(
        conn, start=opened - lookback, end=end, parameter=alarm["parameter"] or "nmhc"
    )
    answer["properties"]["alarm"] = {
        "id": alarm["id"],
        "station_id": alarm["station_id"],
        "station_code": alarm["station_code"],
        "parameter": alarm["parameter"],
        "rule": alarm["rule"],
        "opened_at": opened,
        "value": alarm["value"],
    }
    return answer


def _wind_hours(hours: list[HourlyWind], lon: float, lat: float, cloud_oktas: int | None) -> list[WindHour]:
    wind = []
    for hour in hours:
        if hour.wind_from_deg is None:
            continue
        stability = (
            NEUTRAL_STABILITY
            if cloud_oktas is None
            else stability_for(hour.wind_speed_m_s, lon, lat, hour.start + HOUR / 2, cloud_oktas).stability
        )
        wind.append(WindHour(hour.start, hour.wind_speed_m_s, hour.wind_from_deg, stability))
    return wind


def _answer(
    result: TraceResult,
    by_key: dict[str, asyncpg.Record],
    stations: dict[int, asyncpg.Record],
    hourly: list[asyncpg.Record],
    met: dict[str, Any] | None,
    wind: list[WindHour],
    start: dt.datetime,
    end: dt.datetime,
    parameter: str,
    quantile: float,
    cloud_oktas: int | None,
) -> dict[str, Any]:
    codes = {sid: r["code"] for sid, r in stations.items()}
    ranking = [_score(s, by_key[str(s.candidate.id)], codes) for s in result.ranking[:LISTED]]
    features = []
    if result.likelihood is not None:
        cells = result.likelihood.to_geojson(min_value=SURFACE_FLOOR)["features"]
        for cell in cells:
            cell["properties"] = {"kind": "likelihood", "value": round(cell["properties"]["value"], 4)}
        features += cells
    features += [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s["lon"], s["lat"]]},
            "properties": {
                "kind": "candidate",
                "candidate_kind": s["kind"],
                **{k: s[k] for k in ("key", "id", "code", "name", "enterprise_code", "rank", "share")},
            },
        }
        for s in ranking
    ]
    backgrounds: dict[int, dict[str, Any]] = {}
    for r in hourly:
        backgrounds.setdefault(
            r["station_id"],
            {
                "station_id": r["station_id"],
                "code": codes[r["station_id"]],
                "background": r["background"],
                "samples": r["window_samples"],
            },
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "window": {"start": start, "end": end},
            "parameter": parameter,
            "background": {
                "method": f"{quantile:.0%} quantile of each station's valid values in the window",
                "stations": list(backgrounds.values()),
            },
            "hourly": [
                {
                    "station_id": r["station_id"],
                    "code": codes[r["station_id"]],
                    "hour": r["hour"],
                    "mean": r["mean"],
                    "peak": r["peak"],
                    "excess": r["mean"] - r["background"],
                }
                for r in hourly
            ],
            "wind": {
                "station": met,
                "stability_basis": "neutral (D): no cloud cover given"
                if cloud_oktas is None
                else f"Pasquill table by time of day, {cloud_oktas}/8 cloud",
                "hours": [
                    {
                        "start": h.start,
                        "wind_speed_m_s": h.wind_speed_m_s,
                        "wind_from_deg": h.wind_from_deg,
                        "stability": h.stability,
                    }
                    for h in wind
                ],
            },
            "ranking": ranking,
            "candidates": len(result.ranking),
            "explained": result.explained,
            "rms_residual_mg_m3": result.rms_residual_mg_m3,
            "readings_used": result.readings_used,
            "readings_skipped": result.readings_skipped,
            "surface": {"cells": SURFACE_CELLS, "min_value": SURFACE_FLOOR, "unit": "relative likelihood"},
        },
    }


def _score(score: CandidateScore, row: asyncpg.Record, codes: dict[int, str]) -> dict[str, Any]:
    def evidence(items: tuple) -> list[dict[str, Any]]:
        return [
            {
                "station_id": e.station_id,
                "station_code": codes.get(e.station_id),
                "hour": e.at - HOUR / 2,
                "observed_excess": e.observed_mg_m3,
                "modelled": e.modelled_mg_m3,
            }
            for e in items
        ]

    return {
        "rank": score.rank,
        "key": score.candidate.id,
        "kind": row["kind"],
        "id": row["id"],
        "code": row["code"],
        "name": row["name"],
        "chemical_cas": row["detail"] if row["kind"] == "storage_unit" else None,
        "industry": row["detail"] if row["kind"] == "enterprise" else None,
        "enterprise_id": row["enterprise_id"],
        "enterprise_code": row["enterprise_code"],
        "enterprise_name": row["enterprise_name"],
        "lon": row["lon"],
        "lat": row["lat"],
        "rate_g_s": score.rate_g_s,
        "share": score.share,
        "alone_rate_g_s": score.alone_rate_g_s,
        "alone_explained": score.alone_explained,
        "judged": score.judged,
        "explanation": _explanation(score, codes),
        "supported_by": evidence(score.supported_by),
        "contradicted_by": evidence(score.contradicted_by),
    }


def _explanation(score: CandidateScore, codes: dict[int, str]) -> str:
    if not score.judged:
        return "never upwind of a station in this window: the readings say nothing about it"
    parts = [
        f"{score.share:.0%} of the excess in the joint fit ({score.rate_g_s:.3g} g/s); "
        f"alone it explains {score.alone_explained:.0%}"
    ]
    if score.supported_by:
        e = score.supported_by[0]
        parts.append(
            f"upwind of {codes.get(e.station_id, e.station_id)} at {(e.at - HOUR / 2):%H:%M} UTC, "
            f"which read {e.observed_mg_m3:.3g} above background (modelled {e.modelled_mg_m3:.3g})"
        )
    if score.contradicted_by:
        e = score.contradicted_by[0]
        parts.append(
            f"but {codes.get(e.station_id, e.station_id)} at {(e.at - HOUR / 2):%H:%M} UTC stayed at "
            f"{e.observed_mg_m3:.3g} where it alone would give {e.modelled_mg_m3:.3g}"
        )
    return "; ".join(parts)
