"""What a release threatens: the enterprises, storage units, people, schools, hospitals and
roads inside each zone, and the nearest emergency resources and shelters, each placed
upwind, crosswind or downwind of the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import asyncpg
import orjson
import shapely
from shapely.geometry.base import BaseGeometry

from gis.analysis.geodesy import check_lonlat
from gis.errors import InvalidInput

_HERE = Path(__file__).resolve().parent
IMPACT_SQL = (_HERE / "impact.sql").read_text()
RESOURCES_SQL = (_HERE / "impact_resources.sql").read_text()

CATEGORIES = ("enterprise", "storage_unit", "population", "resource", "road")
RESPONSE_KINDS = (
    "fire_station",
    "material_depot",
    "emergency_pool",
    "shelter",
    "hospital",
    "medical_station",
)
# Wind sectors seen from the source: within 45° of where the wind blows to is downwind,
# within 45° of where it comes from is upwind, the rest crosswind (quarters of the compass).
SECTOR_HALF_WIDTH_DEG = 45.0
MAX_ZONES = 12
AT_SOURCE_M = 1.0  # a plant or place the release point lies in (or on) is at the source

WindRelation = Literal["downwind", "crosswind", "upwind", "at_source"]


def wind_relation(bearing_deg: float | None, wind_from_deg: float) -> WindRelation:
    """Where a place lies relative to the wind, from its bearing seen from the source."""
    if bearing_deg is None:
        return "at_source"
    off_downwind = abs((bearing_deg - (wind_from_deg + 180.0) + 180.0) % 360.0 - 180.0)
    if off_downwind <= SECTOR_HALF_WIDTH_DEG:
        return "downwind"
    if off_downwind >= 180.0 - SECTOR_HALF_WIDTH_DEG:
        return "upwind"
    return "crosswind"


@dataclass(frozen=True)
class ImpactResult:
    """Features inside the zones by category, per-zone totals, and the nearest resources."""

    zones: tuple[str, ...]
    inside: dict[str, list[dict[str, Any]]]
    totals: dict[str, dict[str, float]]
    nearest_resources: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "zones": list(self.zones),
            "inside": self.inside,
            "totals": self.totals,
            "nearest_resources": self.nearest_resources,
        }


async def impact(
    conn: asyncpg.Connection,
    zones: list[tuple[str, BaseGeometry]],
    lon: float,
    lat: float,
    wind_from_deg: float,
    *,
    nearest_per_kind: int = 3,
) -> ImpactResult:
    """Everything inside ``zones`` (label, lon/lat geometry; most severe first) and the
    ``nearest_per_kind`` nearest resources of each response kind to the source."""
    check_lonlat(lon, lat)
    if len(zones) > MAX_ZONES:
        raise InvalidInput(f"at most {MAX_ZONES} zones at a time")
    labels = [label for label, _ in zones]
    if len(set(labels)) != len(labels):
        raise InvalidInput(f"zone labels must be distinct, got {labels}")
    for label, geometry in zones:
        if geometry.is_empty or not shapely.is_valid(geometry):
            raise InvalidInput(f"zone {label!r} is empty or not a valid polygon")
    geojson = [shapely.to_geojson(geometry) for _, geometry in zones]
    rows = await conn.fetch(IMPACT_SQL, labels, geojson, lon, lat)
    inside: dict[str, list[dict[str, Any]]] = {category: [] for category in CATEGORIES}
    for row in rows:
        inside[row["category"]].append(_place(row, wind_from_deg))
    resources = await conn.fetch(
        RESOURCES_SQL, labels, geojson, lon, lat, list(RESPONSE_KINDS), nearest_per_kind
    )
    nearest = []
    for row in resources:
        place = _place(row, wind_from_deg)
        place["materials"] = orjson.loads(row["materials"] or "{}")
        nearest.append(place)
    return ImpactResult(tuple(labels), inside, _totals(labels, inside), nearest)


def _place(row: asyncpg.Record, wind_from_deg: float) -> dict[str, Any]:
    keys = set(row.keys())
    bearing = row["bearing_deg"]
    place = {
        "id": row["id"],
        "code": row["code"],
        "name_zh": row["name_zh"],
        "name_en": row["name_en"],
        "kind": row["kind"],
        "zones": list(row["zones"]),
        "distance_m": round(row["distance_m"], 1),
        "bearing_deg": None if bearing is None else round(bearing, 1),
        "wind": wind_relation(None if row["distance_m"] < AT_SOURCE_M else bearing, wind_from_deg),
        "lon": row["lon"],
        "lat": row["lat"],
    }
    if "capacity" in keys:
        place["capacity"] = row["capacity"]
        place["contact"] = row["contact"]
    if "detail" in keys:
        place.update(orjson.loads(row["detail"]))
    if "length_inside_m" in keys and row["length_inside_m"] is not None:
        place["length_inside_m"] = round(row["length_inside_m"], 1)
    return place


def _totals(labels: list[str], inside: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, float]]:
    """Per zone: how many of each category lie in it, and the people in it."""
    totals: dict[str, dict[str, float]] = {
        label: {**dict.fromkeys(CATEGORIES, 0), "people": 0} for label in labels
    }
    for category, places in inside.items():
        for place in places:
            for label in place["zones"]:
                totals[label][category] += 1
                if category == "population":
                    totals[label]["people"] += place["people"]
    return totals
