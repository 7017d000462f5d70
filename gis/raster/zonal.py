"""Statistics of a scene's bands and indices inside a polygon (an enterprise footprint, a zone).

A pixel counts when its centre lies inside the polygon (all pixels it touches when none
does), on the scene's own grid: no resampling, so values are the file's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

from gis.errors import InvalidInput
from gis.raster.products import Product, bands_for
from gis.raster.reader import SceneReader

MAX_VERTICES = 20_000


@dataclass(frozen=True)
class ValueStatistics:
    count: int
    """Valid pixels (masked ones and undefined index values are left out)."""
    min: float | None
    max: float | None
    mean: float | None
    std: float | None
    median: float | None
    p2: float | None
    p98: float | None

    @classmethod
    def of(cls, values: np.ndarray) -> ValueStatistics:
        valid = values[np.isfinite(values)]
        if valid.size == 0:
            return cls(0, None, None, None, None, None, None, None)
        p2, median, p98 = np.percentile(valid, (2, 50, 98))
        figures = (valid.min(), valid.max(), valid.mean(), valid.std(), median, p2, p98)
        return cls(int(valid.size), *(float(v) for v in figures))


@dataclass(frozen=True)
class PolygonStatistics:
    scene: str
    area_m2: float
    """Geodesic area of the polygon."""
    pixels: int
    """Pixels inside the polygon and the scene, valid or not."""
    decimation: int
    values: dict[str, ValueStatistics]


def polygon_statistics(
    reader: SceneReader, polygon: Polygon | MultiPolygon, products: list[Product]
) -> PolygonStatistics:
    pixels = reader.polygon(polygon, bands_for(products))
    inside = len(next(iter(pixels.values.values()))) if pixels.values else 0
    if inside == 0:
        raise InvalidInput(f"the polygon does not overlap scene {reader.scene.name!r}")
    values = {p.key: ValueStatistics.of(p.compute(pixels.values)) for p in products}
    return PolygonStatistics(reader.scene.name, pixels.area_m2, inside, pixels.decimation, values)


def parse_polygon(geojson: Mapping[str, Any]) -> Polygon | MultiPolygon:
    """A GeoJSON Polygon or MultiPolygon (bare or in a Feature) in WGS84; self-intersections repaired."""
    if not isinstance(geojson, Mapping):
        raise InvalidInput("the body must be a GeoJSON Polygon, MultiPolygon or a Feature holding one")
    if geojson.get("type") == "Feature":
        geojson = geojson.get("geometry") or {}
    if geojson.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidInput(f"a Polygon or MultiPolygon is needed, not {geojson.get('type')!r}")
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.GEOSException) as exc:
        raise InvalidInput(f"the polygon's coordinates are not valid GeoJSON: {exc}") from exc
    if geometry.is_empty:
        raise InvalidInput("the polygon is empty")
    if shapely.get_num_coordinates(geometry) > MAX_VERTICES:
        raise InvalidInput(f"the polygon has more than {MAX_VERTICES} vertices")
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput("the polygon's coordinates are not longitude, latitude in degrees (EPSG:4326)")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        parts = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, Polygon | MultiPolygon)]
        geometry = shapely.union_all(parts) if parts else Polygon()
        if geometry.is_empty:
            raise InvalidInput("the polygon has no area")
    return geometry
