"""Emergency and traceability analysis for the map, and the incidents recorded from it.

Analysis is for park staff (admin, manager, responder, inspector); the bureau may read the
major-hazard register and recorded incidents; enterprise and screen accounts may not.
Pipe tracing walks the network on a small synchronous SQLAlchemy engine this router's
lifespan owns, in a worker thread, so the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from api.auth.deps import Principal, require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON, GeoJSON
from api.routers.analysis_models import (
    DownstreamIn,
    ImpactIn,
    IncidentIn,
    PlumeIn,
    PointThreatIn,
    SourcesIn,
    UpstreamIn,
)
from gis.analysis.chemical_library import list_chemicals, plume_parameters
from gis.analysis.impact import impact
from gis.analysis.major_hazard_park import major_hazards_geojson, park_major_hazards
from gis.analysis.pipe_graph import GraphWarmer
from gis.analysis.plume_answer import plume_answer, point_threat_answer
from gis.analysis.release_scenario import build_scenario
from gis.analysis.settings import analysis_settings
from gis.analysis.slots import Slots
from gis.analysis.source_trace import trace_for_alarm, trace_sources
from gis.analysis.trace_answer import (
    downstream_answer,
    run_downstream,
    run_upstream,
    upstream_answer,
    upstream_starts,
)
from gis.db.engine import make_engine
from gis.incidents import records
from gis.incidents.report import render_report

ANALYSTS = ("admin", "manager", "responder", "inspector")
READERS = (*ANALYSTS, "bureau")
RECORDERS = ("admin", "manager", "responder")
REPORT_CONTEXT_M = 15_000.0
# the stored report only: inline scripts and styles of its own, nothing fetched from anywhere
REPORT_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@asynccontextmanager
async def trace_engine(app: FastAPI) -> AsyncIterator[None]:
    """A two-connection engine for pipe tracing, made once the app knows its database, the
    pipe network read into memory at start and again whenever it changes, and the slots
    plumes compute in."""
    settings = analysis_settings()
    app.state.plume_slots = Slots("plume computations", settings.plumes_at_once, settings.plumes_waiting)
    app.state.trace_engine = make_engine(app.state.database_url, pool_size=2, max_overflow=2)
    warmer = GraphWarmer(app.state.trace_engine)
    app.state.tiles.versions.on_change(warmer.changed)
    warmer.changed("pipes")
    try:
        yield
    finally:
        await warmer.stop()
        app.state.trace_engine.dispose()


router = APIRouter(tags=["analysis"], lifespan=trace_engine)
Analyst = Annotated[Principal, require_roles(*ANALYSTS)]
Reader = Annotated[Principal, require_roles(*READERS)]
Recorder = Annotated[Principal, require_roles(*RECORDERS)]


def _engine(request: Request) -> Engine:
    return request.app.state.trace_engine


def _plume_slot(request: Request) -> AbstractAsyncContextManager[None]:
    return request.app.state.plume_slots.slot()


@router.post("/analysis/plume")
async def plume(body: PlumeIn, request: Request, pool: PoolDep, user: Analyst) -> GeoJSON:
    """Threat zones, source, isolation circle and protective-action area as GeoJSON; with
    ``impact`` the places inside them and the nearest resources in ``properties.impact``."""
    async with pool.acquire() as conn:
        scenario = await build_scenario(conn, body.spec(), body.weather.spec())
    async with _plume_slot(request):
        answer = await asyncio.to_thread(plume_answer, scenario)
        collection = answer.to_geojson()
    if body.impact:
        zones = answer.impact_zones()
        release = scenario.release
        async with pool.acquire() as conn:
            found = await impact(
                conn, zones, release.lon, release.lat, scenario.weather.weather.wind_from_deg
            )
        collection["properties"]["impact"] = found.as_dict()
    return GeoJSON(collection)


@router.post("/analysis/point-threat")
async def point_threat(body: PointThreatIn, request: Request, pool: PoolDep, user: Analyst) -> JSON:
    """Concentration over time at a receptor, and the endpoints it exceeds there and when."""
    async with pool.acquire() as conn:
        scenario = await build_scenario(conn, body.spec(), body.weather.spec())
    async with _plume_slot(request):
        answer = await asyncio.to_thread(
            point_threat_answer,
            scenario,
            body.receptor_lon,
            body.receptor_lat,
            duration_s=body.duration_s,
            step_s=body.step_s,
        )
    return JSON(answer)


@router.post("/analysis/impact")
async def impact_of_zones(body: ImpactIn, pool: PoolDep, user: Analyst) -> JSON:
    """Enterprises, storage units, people, resources and roads inside the given zones, and the
    nearest emergency resources with their place relative to the wind."""
    async with pool.acquire() as conn:
        found = await impact(
            conn,
            body.zone_geometries(),
            body.lon,
            body.lat,
            body.wind_from_deg,
            nearest_per_kind=body.nearest_per_kind,
        )
    return JSON(found.as_dict())


@router.post("/analysis/trace/downstream")
async def trace_downstream(body: DownstreamIn, request: Request, pool: PoolDep, user: Analyst) -> GeoJSON:
    """Where a spill flows: outfalls, plant inlets and the rain gates to close, with travel times."""
    start = (
        {"node_id": body.node_id}
        if body.node_id is not None
        else {"lon": body.lon, "lat": body.lat, "network": body.network}
    )
    trace = await asyncio.to_thread(run_downstream, _engine(request), velocity_m_s=body.velocity_m_s, **start)
    async with pool.acquire() as conn:
        return GeoJSON(await downstream_answer(conn, trace))


@router.post("/analysis/trace/upstream")
async def trace_upstream(body: UpstreamIn, request: Request, pool: PoolDep, user: Analyst) -> GeoJSON:
    """The enterprises connected upstream of an outfall, a node, or the outfalls near a water station."""
    async with pool.acquire() as conn:
        start = await upstream_starts(
            conn,
            node_id=body.node_id,
            outfall_id=body.outfall_id,
            station_id=body.station_id,
            station_radius_m=body.station_radius_m,
        )
    traces = await asyncio.to_thread(run_upstream, _engine(request), start.starts, body.velocity_m_s)
    async with pool.acquire() as conn:
        return GeoJSON(await upstream_answer(conn, start, traces))


@router.post("/analysis/sources")
async def sources(body: SourcesIn, pool: PoolDep, user: Analyst) -> GeoJSON:
    """Rank the enterprises and tanks that best explain the stations' readings above background."""
    async with pool.acquire() as conn:
        answer = await trace_sources(
            conn,
            start=body.start,
            end=body.end,
            station_ids=body.station_ids,
            parameter=body.parameter,
            background_quantile=body.background_quantile,
            cloud_oktas=body.cloud_oktas,
        )
    return GeoJSON(answer)


@router.post("/analysis/sources/alarm/{alarm_id}")
async def sources_for_alarm(alarm_id: RowId, pool: PoolDep, user: Analyst) -> GeoJSON:
    """The traceability of one air alarm: every VOC and boundary station, from six hours
    before it opened to the end of its hour (the loop keeps the top five on the alarm)."""
    return GeoJSON(await trace_for_alarm(pool, alarm_id))


@router.get("/analysis/chemicals")
async def chemicals(pool: PoolDep, user: Reader) -> JSON:
    """The chemical library: held chemicals first, each with whether the model can run on it;
    and the air parameters stations measure that a plume can be drawn for (``parameter`` in
    a plume request), groups such as NMHC included."""
    async with pool.acquire() as conn:
        return JSON({"chemicals": await list_chemicals(conn), "parameters": await plume_parameters(conn)})


@router.get("/analysis/major-hazards")
async def major_hazards(pool: PoolDep, user: Reader) -> JSON:
    """GB 18218-2018 identification and grading of every enterprise's storage and production unit."""
    async with pool.acquire() as conn:
        units = await park_major_hazards(conn)
    return JSON(
        {
            "standard": "GB 18218-2018",
            "units": [u.as_dict() for u in units],
            "major": sum(1 for u in units if u.low.is_major),
        }
    )


@router.get("/analysis/major-hazards.geojson")
async def major_hazards_layer(pool: PoolDep, user: Reader) -> GeoJSON:
    """The plants holding a major hazard source, with their grade and its colour."""
    async with pool.acquire() as conn:
        units = await park_major_hazards(conn)
        return GeoJSON(await major_hazards_geojson(conn, units))


@router.post("/incidents", status_code=201)
async def create_incident(body: IncidentIn, pool: PoolDep, user: Recorder) -> JSON:
    draft = records.IncidentDraft(**body.model_dump())
    async with pool.acquire() as conn:
        return JSON(await records.create_incident(conn, draft, user.user_id, user.username), status_code=201)


@router.get("/incidents")
async def list_incidents(
    pool: PoolDep,
    user: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> JSON:
    async with pool.acquire() as conn:
        return JSON({"incidents": await records.list_incidents(conn, limit, offset)})


@router.get("/incidents/{incident_id}")
async def get_incident(incident_id: RowId, pool: PoolDep, user: Reader) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await records.get_incident(conn, incident_id))


@router.post("/incidents/{incident_id}/report")
async def generate_report(incident_id: RowId, request: Request, pool: PoolDep, user: Recorder) -> JSON:
    """Make the one-page report of the incident from what it recorded, and keep it with it."""
    async with pool.acquire() as conn:
        incident = await records.get_incident(conn, incident_id)
        context = await records.report_context(conn, incident["lon"], incident["lat"], REPORT_CONTEXT_M)
        generated_at = dt.datetime.now(dt.UTC)
        html = await asyncio.to_thread(render_report, incident, context, generated_at)
        saved_at = await records.save_report(conn, incident_id, html, user.username)
    return JSON(
        {
            "incident_id": incident_id,
            "report_at": saved_at,
            "bytes": len(html.encode()),
            "url": str(request.url_for("incident_report", incident_id=incident_id).path),
        }
    )


@router.get("/incidents/{incident_id}/report", name="incident_report", response_class=HTMLResponse)
async def incident_report(incident_id: RowId, pool: PoolDep, user: Reader) -> HTMLResponse:
    """The stored report: one self-contained HTML page, printable, that fetches nothing."""
    async with pool.acquire() as conn:
        html, _ = await records.stored_report(conn, incident_id)
    return HTMLResponse(
        html,
        headers={
            "content-security-policy": REPORT_POLICY,
            "x-frame-options": "SAMEORIGIN",
            "cache-control": "private, no-store",
        },
    )
