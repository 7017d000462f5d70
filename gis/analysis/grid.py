"""A regular east/north grid of values around an origin, drawable as GeoJSON cells or regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from gis.analysis.geodesy import LocalFrame


@dataclass(frozen=True, eq=False)
class ValueGrid:
    """``values[i, j]`` belongs to the cell centred at (``east_m[j]``, ``north_m[i]``) metres
    from (``origin_lon``, ``origin_lat``); cells are ``cell_m`` square."""

    origin_lon: float
    origin_lat: float
    east_m: NDArray[np.float64]
    north_m: NDArray[np.float64]
    values: NDArray[np.float64]
    unit: str

    @property
    def cell_m(self) -> float:
        return float(self.east_m[1] - self.east_m[0]) if self.east_m.size > 1 else 0.0

    @property
    def frame(self) -> LocalFrame:
        return LocalFrame(self.origin_lon, self.origin_lat)

    def _cell_boxes(self, rows: NDArray[np.intp], cols: NDArray[np.intp]) -> NDArray[np.object_]:
        half = self.cell_m / 2
        e = self.east_m[cols]
        n = self.north_m[rows]
        return shapely.box(e - half, n - half, e + half, n + half)

    def region_at_least(self, level: float) -> BaseGeometry:
        """Union of the cells whose value is ≥ ``level``, in longitude/latitude."""
        rows, cols = np.nonzero(self.values >= level)
        if rows.size == 0:
            return shapely.Polygon()
        merged = shapely.union_all(self._cell_boxes(rows, cols))
        return self.frame.geometry_to_lonlat(merged)

    def to_geojson(self, min_value: float = 0.0, max_cells: int = 20_000) -> dict[str, Any]:
        """GeoJSON cells (polygons in longitude/latitude) with ``value`` ≥ ``min_value``.

        With more such cells than ``max_cells`` only the highest ``max_cells`` are kept.
        """
        rows, cols = np.nonzero(self.values >= min_value)
        vals = self.values[rows, cols]
        if vals.size > max_cells:
            keep = np.argsort(vals)[-max_cells:]
            rows, cols, vals = rows[keep], cols[keep], vals[keep]
        half = self.cell_m / 2
        e = self.east_m[cols][:, None] + half * np.array([-1, 1, 1, -1, -1])
        n = self.north_m[rows][:, None] + half * np.array([-1, -1, 1, 1, -1])
        lon, lat = self.frame.to_lonlat(e, n)
        rings = np.stack([lon, lat], axis=-1).round(7).tolist()
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"value": float(v), "unit": self.unit},
            }
            for ring, v in zip(rings, vals, strict=True)
        ]
        return {"type": "FeatureCollection", "features": features}
