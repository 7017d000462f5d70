"""Pipe-network tracing: where a spill flows, and who drains to a point.

Downstream from a spill (the nearest pipe, or a node) to outfalls and wastewater-plant
inlets, with the rain gates to close and when the front reaches each of them at a given
flow velocity; upstream from an outfall or node to the enterprises connected to it. The
walk and the shortest distances along the pipes are one Dijkstra pass over the network held
in memory (``pipe_graph``); PostGIS snaps a spill to its pipe and describes the nodes found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import BigInteger, Connection, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY

from gis.analysis.geodesy import check_lonlat
from gis.analysis.pipe_graph import Reach, pipe_graph
from gis.db.models import NETWORKS
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
NEAREST_SQL = text((_HERE / "pipe_nearest.sql").read_text())
TOLD_SQL = text((_HERE / "pipe_nodes_told.sql").read_text()).bindparams(
    bindparam("ids", type_=ARRAY(BigInteger))
)
OUTFALL_NODE_SQL = text("SELECT node_id FROM outfalls WHERE id = :outfall_id")


@dataclass(frozen=True)
class TracedNode:
    """A node reached by a trace; distance and time are along the pipes from the start
    (downstream) or from this node to the start (upstream)."""

    id: int
    code: str
    kind: str
    network: str
    lon: float
    lat: float
    distance_m: float
    travel_time_s: float
    state: str | None = None
    enterprise_id: int | None = None
    enterprise_code: str | None = None
    enterprise_name: str | None = None
    outfall_id: int | None = None
    outfall_code: str | None = None

    def feature(self, role: str) -> dict[str, Any]:
        properties = {k: v for k, v in self.__dict__.items() if k not in ("lon", "lat")}
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [self.lon, self.lat]},
            "properties": {"role": role, **properties},
        }


@dataclass(frozen=True)
class SpillSnap:
    """Where a spill point met the network: the pipe, how far away, metres left to its end."""

    pipe_id: int
    distance_m: float
    remaining_m: float


@dataclass(frozen=True, eq=False)
class DownstreamTrace:
    start_node_id: int
    velocity_m_s: float
    snap: SpillSnap | None
    outfalls: tuple[TracedNode, ...]
    plant_inlets: tuple[TracedNode, ...]
    rain_gates: tuple[TracedNode, ...]
    dead_ends: tuple[TracedNode, ...]
    pipe_ids: NDArray[np.int64] = field(repr=False)

    def to_geojson(self) -> dict[str, Any]:
        groups = (
            ("outfall", self.outfalls),
            ("plant_inlet", self.plant_inlets),
            ("rain_gate", self.rain_gates),
            ("dead_end", self.dead_ends),
        )
        return {
            "type": "FeatureCollection",
            "features": [node.feature(role) for role, nodes in groups for node in nodes],
            "properties": {"pipe_ids": self.pipe_ids.tolist(), "velocity_m_s": self.velocity_m_s},
        }


@dataclass(frozen=True, eq=False)
class UpstreamTrace:
    start_node_id: int
    velocity_m_s: float
    enterprise_inlets: tuple[TracedNode, ...]
    pipe_ids: NDArray[np.int64] = field(repr=False)

    @property
    def enterprise_ids(self) -> tuple[int, ...]:
        """The connected enterprises, nearest (shortest travel to the start) first."""
        seen: dict[int, None] = {}
        for inlet in self.enterprise_inlets:
            if inlet.enterprise_id is not None:
                seen.setdefault(inlet.enterprise_id)
        return tuple(seen)

    def to_geojson(self) -> dict[str, Any]:
        return {
            "type": "FeatureCollection",
            "features": [node.feature("enterprise_inlet") for node in self.enterprise_inlets],
            "properties": {"pipe_ids": self.pipe_ids.tolist(), "velocity_m_s": self.velocity_m_s},
        }


def trace_downstream(
    conn: Connection,
    *,
    node_id: int | None = None,
    lon: float | None = None,
    lat: float | None = None,
    network: str | None = None,
    velocity_m_s: float = 1.0,
) -> DownstreamTrace:
    """Trace a spill downstream from ``node_id`` or from the pipe nearest (``lon``, ``lat``)."""
    _check_velocity(velocity_m_s)
    if network is not None and network not in NETWORKS:
        raise InvalidInput(f"network must be one of {', '.join(NETWORKS)}, got {network!r}")
    snap = None
    offset = 0.0
    if node_id is None:
        if lon is None or lat is None:
            raise InvalidInput("give a start node or a spill position (lon, lat)")
        check_lonlat(lon, lat)
        row = conn.execute(NEAREST_SQL, {"lon": lon, "lat": lat, "network": network}).one_or_none()
        if row is None:
            raise NotFound("no pipe to trace from" + (f" in the {network} network" if network else ""))
        offset = (1.0 - row.fraction) * row.length_m
        snap = SpillSnap(row.id, row.distance_m, offset)
        node_id = row.to_node
    reach = pipe_graph(conn).downstream(node_id)
    pipe_ids = reach.pipe_ids
    if snap is not None:
        pipe_ids = np.concatenate([[snap.pipe_id], pipe_ids])
    nodes = _told(conn, reach, offset, velocity_m_s)
    outfalls = [n for n in nodes if n.outfall_id is not None or n.kind == "outfall"]
    listed = {n.id for n in outfalls}
    plant_inlets = [n for n in nodes if n.kind == "plant_inlet" and n.id not in listed]
    rain_gates = [n for n in nodes if n.kind == "rain_gate"]
    listed |= {n.id for n in plant_inlets + rain_gates}
    dead_ends = [n for n in nodes if n.id not in listed and n.id != node_id]
    return DownstreamTrace(
        start_node_id=node_id,
        velocity_m_s=velocity_m_s,
        snap=snap,
        outfalls=_by_time(outfalls),
        plant_inlets=_by_time(plant_inlets),
        rain_gates=_by_time(rain_gates),
        dead_ends=_by_time(dead_ends),
        pipe_ids=pipe_ids,
    )


def trace_upstream(
    conn: Connection, *, node_id: int | None = None, outfall_id: int | None = None, velocity_m_s: float = 1.0
) -> UpstreamTrace:
    """Enterprises whose connections drain to ``node_id`` or to the outfall ``outfall_id``."""
    _check_velocity(velocity_m_s)
    if (node_id is None) == (outfall_id is None):
        raise InvalidInput("give either a node or an outfall to trace upstream from")
    if outfall_id is not None:
        node_id = conn.execute(OUTFALL_NODE_SQL, {"outfall_id": outfall_id}).scalar_one_or_none()
        if node_id is None:
            raise NotFound(f"outfall {outfall_id} does not exist or is not connected to the pipe network")
    reach = pipe_graph(conn).upstream(node_id)
    inlets = [n for n in _told(conn, reach, 0.0, velocity_m_s) if n.kind == "enterprise_inlet"]
    return UpstreamTrace(
        start_node_id=node_id,
        velocity_m_s=velocity_m_s,
        enterprise_inlets=_by_time(inlets),
        pipe_ids=reach.pipe_ids,
    )


def _check_velocity(velocity_m_s: float) -> None:
    if not velocity_m_s > 0:
        raise InvalidInput(f"flow velocity must be positive, got {velocity_m_s} m/s")


def _told(conn: Connection, reach: Reach, offset: float, velocity: float) -> list[TracedNode]:
    rows = conn.execute(TOLD_SQL, {"ids": reach.told.tolist()}).mappings()
    return [_node(row, reach, offset, velocity) for row in rows]


def _node(raw: Any, reach: Reach, offset: float, velocity: float) -> TracedNode:
    distance = reach.distance(raw["id"]) + offset
    name = raw.get("enterprise_name_zh") or raw.get("enterprise_name_en")
    return TracedNode(
        id=raw["id"],
        code=raw["code"],
        kind=raw["kind"],
        network=raw["network"],
        lon=raw["lon"],
        lat=raw["lat"],
        distance_m=distance,
        travel_time_s=distance / velocity,
        state=raw.get("state"),
        enterprise_id=raw.get("enterprise_id"),
        enterprise_code=raw.get("enterprise_code"),
        enterprise_name=name,
        outfall_id=raw.get("outfall_id"),
        outfall_code=raw.get("outfall_code"),
    )


def _by_time(nodes: list[TracedNode]) -> tuple[TracedNode, ...]:
    return tuple(sorted(nodes, key=lambda n: (n.distance_m, n.id)))
