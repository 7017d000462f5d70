"""Initial isolation circle and protective-action area, from the model or from ERG rows.

ERG (Emergency Response Guidebook, Table 1 instructions): the initial isolation zone is a
circle around the spill, evacuated in all directions; the protective action distance runs
downwind, and the protective action zone is a square whose length and width equal that
distance, with the spill at the middle of its upwind side. Small spill: less than 208 L
(55 US gal); large: more. Day: sunrise to sunset; night: sunset to sunrise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from gis.analysis.geodesy import LocalFrame, check_lonlat, wind_to_local
from gis.analysis.threat_zones import PlumeResult
from gis.errors import InvalidInput

SMALL_SPILL_MAX_L = 208.0


@dataclass(frozen=True)
class ErgDistances:
    """One spill size of an ERG Table 1 row: isolation radius (m), protective distances (km)."""

    isolate_m: float
    day_km: float
    night_km: float


@dataclass(frozen=True)
class ErgRow:
    """An ERG Table 1 row as entered by the user, with the edition it comes from."""

    un_number: str
    name: str
    edition: str
    small_spill: ErgDistances
    large_spill: ErgDistances


@dataclass(frozen=True, eq=False)
class ProtectiveAction:
    """Isolation circle and downwind protective-action area, both in longitude/latitude."""

    basis: str
    isolation_radius_m: float
    protective_distance_m: float
    protective_half_width_m: float
    isolation_zone: BaseGeometry
    protective_area: BaseGeometry
    # what ``basis`` says, as facts a client can word in its own language
    basis_facts: dict[str, Any] = field(default_factory=dict)

    def to_geojson(self) -> dict[str, Any]:
        common = {"basis": self.basis, "basis_facts": self.basis_facts}
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": mapping(self.isolation_zone),
                    "properties": {
                        **common,
                        "zone": "initial_isolation",
                        "radius_m": self.isolation_radius_m,
                    },
                },
                {
                    "type": "Feature",
                    "geometry": mapping(self.protective_area),
                    "properties": {
                        **common,
                        "zone": "protective_action",
                        "distance_m": self.protective_distance_m,
                        "half_width_m": self.protective_half_width_m,
                    },
                },
            ],
        }


def spill_size(volume_l: float) -> Literal["small", "large"]:
    """ERG spill size: small below 208 L (55 US gal), large otherwise."""
    if not volume_l >= 0:
        raise InvalidInput(f"spill volume must be ≥ 0 L, got {volume_l}")
    return "small" if volume_l < SMALL_SPILL_MAX_L else "large"


def protective_action_from_model(
    result: PlumeResult, *, protective_level: str | None = None, isolation_level: str | None = None
) -> ProtectiveAction:
    """Isolation and protective action from modelled threat zones.

    The protective-action area is the box around the ``protective_level`` zone: its
    downwind distance by twice its widest crosswind half-width (default: the second most
    severe endpoint, AEGL-2 for AEGL sets, or the only one). The isolation radius is the
    downwind distance of the ``isolation_level`` zone (default: the most severe), drawn in
    every direction because the wind may turn.
    """
    zones = result.threat_zones.zones
    protective = _pick(result, protective_level, zones[1].label if len(zones) > 1 else zones[0].label)
    isolation = _pick(result, isolation_level, zones[0].label)
    frame = LocalFrame(result.release.lon, result.release.lat)
    wind_from = result.weather.wind_from_deg
    basis = (
        f"model: {result.release.kind} release of {result.chemical.name}, "
        f"isolation at {isolation.label}, protective action at {protective.label}"
    )
    return ProtectiveAction(
        basis=basis,
        isolation_radius_m=isolation.downwind_m,
        protective_distance_m=protective.downwind_m,
        protective_half_width_m=protective.max_half_width_m,
        isolation_zone=_circle(frame, isolation.downwind_m),
        protective_area=_downwind_box(frame, wind_from, protective.downwind_m, protective.max_half_width_m),
        basis_facts={"source": "model", "isolation": isolation.label, "protective": protective.label},
    )


def protective_action_from_erg(
    row: ErgRow,
    *,
    lon: float,
    lat: float,
    wind_from_deg: float,
    spill: Literal["small", "large"],
    period: Literal["day", "night"],
) -> ProtectiveAction:
    """Isolation circle and protective-action square from an ERG Table 1 row."""
    check_lonlat(lon, lat)
    if spill not in ("small", "large") or period not in ("day", "night"):
        raise InvalidInput("spill is 'small' or 'large' and period is 'day' or 'night'")
    distances = row.small_spill if spill == "small" else row.large_spill
    protective_m = 1000.0 * (distances.day_km if period == "day" else distances.night_km)
    frame = LocalFrame(lon, lat)
    return ProtectiveAction(
        basis=f"{row.edition}: UN{row.un_number} {row.name}, {spill} spill, {period}",
        isolation_radius_m=distances.isolate_m,
        protective_distance_m=protective_m,
        protective_half_width_m=protective_m / 2,
        isolation_zone=_circle(frame, distances.isolate_m),
        protective_area=_downwind_box(frame, wind_from_deg, protective_m, protective_m / 2),
        basis_facts={
            "source": "erg",
            "edition": row.edition,
            "un_number": row.un_number,
            "spill": spill,
            "period": period,
        },
    )


def _pick(result: PlumeResult, label: str | None, default: str):
    try:
        return result.threat_zones.zone(label or default)
    except KeyError:
        raise InvalidInput(f"no threat zone {label!r} in this result") from None


def _circle(frame: LocalFrame, radius_m: float) -> BaseGeometry:
    if radius_m <= 0:
        return Polygon()
    return frame.geometry_to_lonlat(Point(0.0, 0.0).buffer(radius_m, quad_segs=32))


def _downwind_box(
    frame: LocalFrame, wind_from_deg: float, length_m: float, half_width_m: float
) -> BaseGeometry:
    """Rectangle from the source downwind, centred on the wind axis, in lon/lat."""
    if length_m <= 0 or half_width_m <= 0:
        return Polygon()
    x = np.array([0.0, length_m, length_m, 0.0])
    y = np.array([-half_width_m, -half_width_m, half_width_m, half_width_m])
    east, north = wind_to_local(x, y, wind_from_deg)
    # straight in metres is curved in degrees: add vertices so the drawn box stays true
    box = shapely.segmentize(Polygon(np.column_stack([east, north])), max_segment_length=25.0)
    return frame.geometry_to_lonlat(box)
