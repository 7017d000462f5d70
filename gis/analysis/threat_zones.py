"""Threat zones: where a release exceeds each of a chemical's endpoints, as lon/lat polygons,
with a concentration grid around them and the model's caveats (edges: ``zone_edges``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from gis.analysis.dispersion import peak_concentration
from gis.analysis.geodesy import LocalFrame, local_to_wind, wind_to_local
from gis.analysis.grid import ValueGrid
from gis.analysis.limits import (
    MAX_DISTANCE_M,
    NEAR_SOURCE_M,
    ModelWarning,
    beyond_range_warning,
    chemical_warnings,
    near_source_warning,
    travel_time_warnings,
    weather_warnings,
    zone_end,
)
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release, ToxicChemical
from gis.analysis.zone_edges import Band, plume_edges, puff_edges

GRID_CELLS = 128
MAX_EDGE_M = 25.0


@dataclass(frozen=True, eq=False)
class ThreatZone:
    """The ground where the concentration exceeds one endpoint at some time.

    ``geometry`` is in longitude/latitude (empty when the endpoint is never reached);
    distances are metres along and across the wind from the source (``starts_at_m`` is
    negative where a puff spreads upwind of it, positive where an elevated release
    touches down only downwind).
    """

    label: str
    threshold_mg_m3: float
    threshold_ppm: float
    geometry: BaseGeometry
    local_geometry: BaseGeometry
    starts_at_m: float
    downwind_m: float
    max_half_width_m: float
    area_m2: float
    truncated: bool

    @property
    def reached(self) -> bool:
        return not self.geometry.is_empty

    def feature(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "geometry": mapping(self.geometry) if self.reached else None,
            "properties": {
                "level": self.label,
                "threshold_mg_m3": self.threshold_mg_m3,
                "threshold_ppm": self.threshold_ppm,
                "downwind_m": round(self.downwind_m, 1),
                "starts_at_m": round(self.starts_at_m, 1),
                "max_half_width_m": round(self.max_half_width_m, 1),
                "area_m2": round(self.area_m2),
                "truncated": self.truncated,
            },
        }


@dataclass(frozen=True, eq=False)
class ThreatZones:
    """Zones from the most severe endpoint (smallest zone) to the least severe."""

    zones: tuple[ThreatZone, ...]

    def zone(self, label: str) -> ThreatZone:
        for zone in self.zones:
            if zone.label == label:
                return zone
        raise KeyError(label)

    def to_geojson(self) -> dict[str, Any]:
        return {"type": "FeatureCollection", "features": [zone.feature() for zone in self.zones]}


@dataclass(frozen=True, eq=False)
class PlumeResult:
    """Forward dispersion of one release: threat zones, a concentration grid and the model's caveats."""

    release: Release
    weather: Weather
    chemical: ToxicChemical
    receptor_height_m: float
    threat_zones: ThreatZones
    grid: ValueGrid
    warnings: tuple[ModelWarning, ...]

    def to_geojson(self) -> dict[str, Any]:
        collection = self.threat_zones.to_geojson()
        collection["properties"] = {
            "release_kind": self.release.kind,
            "wind_from_deg": self.weather.wind_from_deg,
            "wind_speed_m_s": self.weather.wind_speed_m_s,
            "stability": self.weather.stability,
            "warnings": [w.as_dict() for w in self.warnings],
        }
        return collection


def threat_zones(
    release: Release,
    weather: Weather,
    chemical: ToxicChemical,
    *,
    receptor_height_m: float = 0.0,
    max_distance_m: float = MAX_DISTANCE_M,
) -> PlumeResult:
    """Threat zones at every endpoint of ``chemical`` and the concentration grid around them."""
    frame = LocalFrame(release.lon, release.lat)
    endpoints = chemical.by_severity()
    levels = [chemical.mg_m3(e) for e in endpoints]
    edges = (plume_edges if release.kind == "continuous" else puff_edges)(
        release, weather, levels, receptor_height_m, max_distance_m
    )
    zones = [
        _zone(endpoint.label, level, chemical.ppm(endpoint), edges.xs, band, frame, weather)
        for endpoint, level, band in zip(endpoints, levels, edges.bands, strict=True)
    ]

    warnings = weather_warnings(weather) + chemical_warnings(chemical)
    for zone in zones:
        if zone.truncated:
            warnings.append(beyond_range_warning(zone.label))
    reached = [z for z in zones if z.reached]
    if reached:
        shortest = min(reached, key=lambda z: z.downwind_m)
        if shortest.downwind_m < NEAR_SOURCE_M:
            warnings.append(near_source_warning(shortest.downwind_m, zone_end(shortest.label)))
        longest = max(reached, key=lambda z: z.downwind_m)
        warnings += travel_time_warnings(
            zone_end(longest.label),
            longest.downwind_m,
            weather.wind_speed_m_s,
            release.duration_s,
        )

    grid = _grid(release, weather, frame, zones, receptor_height_m)
    return PlumeResult(
        release, weather, chemical, receptor_height_m, ThreatZones(tuple(zones)), grid, tuple(warnings)
    )


def _zone(
    label: str,
    level: float,
    level_ppm: float,
    xs: NDArray[np.float64],
    band: Band,
    frame: LocalFrame,
    weather: Weather,
) -> ThreatZone:
    polygons = []
    starts_at = np.inf
    for start, stop in _runs(band.inside):
        x = xs[start:stop]
        y = band.half_width[start:stop]
        if start == 0 and band.from_source:  # a plume reaching back to the source itself
            x = np.concatenate([[0.0], x])
            y = np.concatenate([[0.0], y])
        starts_at = min(starts_at, float(x[0]))
        polygons.append(_band(x, y))
    if not polygons:
        empty = Polygon()
        return ThreatZone(label, level, level_ppm, empty, empty, 0.0, 0.0, 0.0, 0.0, False)
    local_wind = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    # straight in metres is curved in degrees: short edges keep the drawn zones true and nested
    east_north = shapely.transform(
        shapely.segmentize(local_wind, max_segment_length=MAX_EDGE_M),
        lambda xy: np.column_stack(wind_to_local(xy[:, 0], xy[:, 1], weather.wind_from_deg)),
    )
    x_inside = xs[band.inside]
    return ThreatZone(
        label=label,
        threshold_mg_m3=level,
        threshold_ppm=level_ppm,
        geometry=frame.geometry_to_lonlat(east_north),
        local_geometry=east_north,
        starts_at_m=starts_at,
        downwind_m=float(x_inside.max()),
        max_half_width_m=float(band.half_width.max()),
        area_m2=float(local_wind.area),
        truncated=band.truncated,
    )


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, stop) index pairs of the runs of True in ``mask``."""
    padded = np.concatenate([[False], mask, [False]])
    edges = np.nonzero(padded[1:] != padded[:-1])[0]
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _band(x: NDArray[np.float64], y: NDArray[np.float64]) -> Polygon:
    """The polygon between ±y(x), in wind-aligned metres."""
    upper = np.column_stack([x, y])
    lower = np.column_stack([x[::-1], -y[::-1]])
    if y[-1] == 0:
        lower = lower[1:]
    if y[0] == 0:
        lower = lower[:-1]
    return Polygon(np.concatenate([upper, lower]))


def _grid(
    release: Release, weather: Weather, frame: LocalFrame, zones: list[ThreatZone], receptor_height_m: float
) -> ValueGrid:
    """Concentrations on a north-up grid covering the largest zone (at least 200 m around the source)."""
    reached = [z.local_geometry for z in zones if z.reached]
    if reached:
        minx, miny, maxx, maxy = shapely.union_all(reached).bounds
    else:
        minx = miny = maxx = maxy = 0.0
    reach = max(abs(minx), abs(miny), abs(maxx), abs(maxy), 200.0) * 1.1
    cell = 2 * reach / GRID_CELLS
    axis = (np.arange(GRID_CELLS) + 0.5) * cell - reach
    east, north = np.meshgrid(axis, axis)
    x, y = local_to_wind(east, north, weather.wind_from_deg)
    values = np.zeros_like(x)
    downwind = x > 0  # nothing reaches upwind cells
    values[downwind] = peak_concentration(release, weather, x[downwind], y[downwind], receptor_height_m)
    return ValueGrid(release.lon, release.lat, axis.copy(), axis.copy(), values, "mg/m3")
