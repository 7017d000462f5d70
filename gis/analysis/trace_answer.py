"""Pipe traces as a responder reads them: the outfalls and plant inlets a spill reaches and
when, the rain gates to close, the enterprises upstream of a polluted outfall or water
station, and the traced pipes as GeoJSON lines for the map.

The graph walk (``pipe_trace``) runs on a synchronous SQLAlchemy connection; the caller runs
``run_downstream`` / ``run_upstream`` in a worker thread and the rest here on asyncpg.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from sqlalchemy import Engine

from gis.analysis.pipe_trace import (
    DownstreamTrace,
    TracedNode,
    UpstreamTrace,
    trace_downstream,
    trace_upstream,
)
from gis.analysis.settings import analysis_settings
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
PIPES_SQL = (_HERE / "trace_pipes.sql").read_text()
MERGED_PIPES_SQL = (_HERE / "trace_pipes_merged.sql").read_text()
OUTFALLS_SQL = (_HERE / "trace_outfalls.sql").read_text()
STATION_OUTFALLS_SQL = (_HERE / "trace_station_outfalls.sql").read_text()

GATE_ACTIONS = {"open": "close", "closed": "keep closed"}


def run_downstream(engine: Engine, **start: Any) -> DownstreamTrace:
    with engine.connect() as conn:
        return trace_downstream(conn, **start)


def run_upstream(engine: Engine, starts: list[dict[str, int]], velocity_m_s: float) -> list[UpstreamTrace]:
    """One upstream trace per start (``{"node_id": …}`` or ``{"outfall_id": …}``) on one connection."""
    with engine.connect() as conn:
        return [trace_upstream(conn, velocity_m_s=velocity_m_s, **start) for start in starts]


@dataclass(frozen=True)
class UpstreamStart:
    """Where an upstream trace begins: a node, an outfall, or the outfalls near a water station."""

    starts: list[dict[str, int]]
    station: dict[str, Any] | None
    outfalls: list[dict[str, Any]]


async def upstream_starts(
    conn: asyncpg.Connection,
    *,
    node_id: int | None,
    outfall_id: int | None,
    station_id: int | None,
    station_radius_m: float,
) -> UpstreamStart:
    given = [v is not None for v in (node_id, outfall_id, station_id)]
    if sum(given) != 1:
        raise InvalidInput("give exactly one of a node, an outfall or a water station to trace upstream from")
    if node_id is not None:
        return UpstreamStart([{"node_id": node_id}], None, [])
    if outfall_id is not None:
        return UpstreamStart([{"outfall_id": outfall_id}], None, [])
    rows = await conn.fetch(STATION_OUTFALLS_SQL, station_id, station_radius_m)
    if not rows:
        raise NotFound(f"station {station_id} does not exist")
    first = rows[0]
    station = {
        "id": first["station_id"],
        "code": first["station_code"],
        "name": first["station_name"],
        "kind": first["station_kind"],
    }
    outfalls = [
        {
            "id": r["outfall_id"],
            "code": r["outfall_code"],
            "name": r["outfall_name"],
            "distance_m": round(r["distance_m"], 1),
        }
        for r in rows
        if r["outfall_id"] is not None
    ]
    if not outfalls:
        raise NotFound(
            f"no outfall connected to the pipe network lies within {station_radius_m:g} m of station {station['code']}"
        )
    return UpstreamStart([{"outfall_id": o["id"]} for o in outfalls], station, outfalls)


async def downstream_answer(
    conn: asyncpg.Connection, trace: DownstreamTrace, pipe_features: int | None = None
) -> dict[str, Any]:
    outfall_rows = await conn.fetch(OUTFALLS_SQL, [n.outfall_id for n in trace.outfalls if n.outfall_id])
    outfall_info = {r["id"]: dict(r) for r in outfall_rows}
    outfalls = []
    for node in trace.outfalls:
        info = outfall_info.get(node.outfall_id or -1, {})
        outfalls.append({**_node(node), "outfall": info or None})
    gates = [
        {**_node(n), "action": GATE_ACTIONS.get(n.state or "", "check its state")} for n in trace.rain_gates
    ]
    pipes = await _pipes(conn, trace.pipe_ids.tolist(), pipe_features)
    features = pipes + [node.feature(role) for role, nodes in _roles(trace) for node in nodes]
    snap = trace.snap
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {
            "start_node_id": trace.start_node_id,
            "velocity_m_s": trace.velocity_m_s,
            "snap": None
            if snap is None
            else {
                "pipe_id": snap.pipe_id,
                "distance_m": round(snap.distance_m, 1),
                "remaining_m": round(snap.remaining_m, 1),
            },
            "outfalls": outfalls,
            "plant_inlets": [_node(n) for n in trace.plant_inlets],
            "rain_gates": gates,
            "dead_ends": [_node(n) for n in trace.dead_ends],
            **_pipe_totals(pipes),
        },
    }


async def upstream_answer(
    conn: asyncpg.Connection,
    start: UpstreamStart,
    traces: list[UpstreamTrace],
    pipe_features: int | None = None,
) -> dict[str, Any]:
    enterprises: dict[int, dict[str, Any]] = {}
    for trace, origin in zip(traces, start.starts, strict=True):
        for inlet in trace.enterprise_inlets:
            if inlet.enterprise_id is None:
                continue
            seen = enterprises.get(inlet.enterprise_id)
            entry = {
                "enterprise_id": inlet.enterprise_id,
                "enterprise_code": inlet.enterprise_code,
                "enterprise_name": inlet.enterprise_name,
                "inlet_node_id": inlet.id,
                "inlet_code": inlet.code,
                "network": inlet.network,
                "distance_m": round(inlet.distance_m, 1),
                "travel_time_s": round(inlet.travel_time_s, 1),
                "via_outfall_id": origin.get("outfall_id"),
            }
            if seen is None or entry["distance_m"] < seen["distance_m"]:
                enterprises[inlet.enterprise_id] = entry
    pipe_ids = sorted({int(p) for t in traces for p in t.pipe_ids})
    pipes = await _pipes(conn, pipe_ids, pipe_features)
    inlets = [n.feature("enterprise_inlet") for t in traces for n in t.enterprise_inlets]
    outfall_ids = [s["outfall_id"] for s in start.starts if "outfall_id" in s]
    info = {r["id"]: dict(r) for r in await conn.fetch(OUTFALLS_SQL, outfall_ids)} if outfall_ids else {}
    from_station = {o["id"]: o["distance_m"] for o in start.outfalls}
    outfalls = [{**info[i], "distance_from_station_m": from_station.get(i)} for i in outfall_ids if i in info]
    return {
        "type": "FeatureCollection",
        "features": pipes + inlets,
        "properties": {
            "start_node_ids": [t.start_node_id for t in traces],
            "velocity_m_s": traces[0].velocity_m_s if traces else None,
            "station": start.station,
            "outfalls": outfalls,
            "enterprises": sorted(enterprises.values(), key=lambda e: (e["distance_m"], e["enterprise_id"])),
            **_pipe_totals(pipes),
            "note": None
            if start.station is None
            else "outfalls near the station are traced; which of them lie upstream on the river is not modelled",
        },
    }


def _roles(trace: DownstreamTrace) -> tuple[tuple[str, tuple[TracedNode, ...]], ...]:
    return (
        ("outfall", trace.outfalls),
        ("plant_inlet", trace.plant_inlets),
        ("rain_gate", trace.rain_gates),
        ("dead_end", trace.dead_ends),
    )


def _node(node: TracedNode) -> dict[str, Any]:
    return {
        **node.__dict__,
        "distance_m": round(node.distance_m, 1),
        "travel_time_s": round(node.travel_time_s, 1),
    }


async def _pipes(
    conn: asyncpg.Connection, pipe_ids: list[int], pipe_features: int | None = None
) -> list[dict[str, Any]]:
    """The traced pipes as line features, one a pipe; above ``pipe_features`` pipes
    (``PARKMAP_ANALYSIS_TRACE_PIPE_FEATURES``), one merged feature a network instead, so a
    trace over a whole large network stays a map a browser can draw."""
    limit = analysis_settings().trace_pipe_features if pipe_features is None else pipe_features
    merged = len(pipe_ids) > limit
    rows = await conn.fetch(MERGED_PIPES_SQL if merged else PIPES_SQL, pipe_ids)
    return [_line(row, merged) for row in rows]


def _line(row: asyncpg.Record, merged: bool) -> dict[str, Any]:
    """A row of trace_pipes.sql (one pipe) or trace_pipes_merged.sql (one network) as a feature."""
    properties = {name: value for name, value in row.items() if name != "geometry"}
    if properties["length_m"] is not None:
        properties["length_m"] = round(properties["length_m"], 1)
    return {
        "type": "Feature",
        "geometry": orjson.loads(row["geometry"]),
        "properties": {"role": "pipe", **({"merged": True} if merged else {}), **properties},
    }


def _pipe_totals(pipes: list[dict[str, Any]]) -> dict[str, Any]:
    """How many pipes the features stand for, and their length."""
    return {
        "pipe_count": sum(p["properties"].get("pipe_count", 1) for p in pipes),
        "pipe_length_m": round(sum(p["properties"]["length_m"] or 0.0 for p in pipes), 1),
    }
