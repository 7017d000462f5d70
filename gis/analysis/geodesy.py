"""Metres ↔ degrees around a point, and wind-aligned frames.

A local azimuthal-equidistant projection (WGS 84 ellipsoid) centred on the source keeps
distances and bearings from the source true, which is what dispersion distances are.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from gis.analysis.meteorology import downwind_unit
from gis.errors import InvalidInput


def check_lonlat(lon: float, lat: float) -> None:
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise InvalidInput(f"({lon}, {lat}) is not a longitude/latitude in degrees")


@lru_cache(maxsize=64)
def _transformers(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    aeqd = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    forward = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inverse = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    return forward, inverse


class LocalFrame:
    """East/north metres around an origin given in longitude/latitude (EPSG:4326)."""

    def __init__(self, lon: float, lat: float):
        check_lonlat(lon, lat)
        self.lon = float(lon)
        self.lat = float(lat)
        # rounding shares projections between calls about the same place (1e-9° ≈ 0.1 mm)
        self._forward, self._inverse = _transformers(round(self.lon, 9), round(self.lat, 9))

    def to_local(self, lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        east, north = self._forward.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
        return np.asarray(east), np.asarray(north)

    def to_lonlat(self, east: ArrayLike, north: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lon, lat = self._inverse.transform(np.asarray(east, dtype=float), np.asarray(north, dtype=float))
        return np.asarray(lon), np.asarray(lat)

    def geometry_to_lonlat(self, geometry: BaseGeometry) -> BaseGeometry:
        """A geometry in this frame's metres → the same geometry in longitude/latitude."""
        return shapely.transform(geometry, lambda xy: np.column_stack(self.to_lonlat(xy[:, 0], xy[:, 1])))

    def geometry_to_local(self, geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geometry, lambda xy: np.column_stack(self.to_local(xy[:, 0], xy[:, 1])))


def wind_to_local(
    downwind: ArrayLike, crosswind: ArrayLike, wind_from_deg: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Wind-aligned (downwind, crosswind-left) metres → (east, north) metres."""
    de, dn = downwind_unit(wind_from_deg)
    x = np.asarray(downwind, dtype=float)
    y = np.asarray(crosswind, dtype=float)
    return x * de - y * dn, x * dn + y * de


def local_to_wind(
    east: ArrayLike, north: ArrayLike, wind_from_deg: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(east, north) metres → (downwind, crosswind-left) metres; broadcasts over directions."""
    theta = np.radians(np.asarray(wind_from_deg, dtype=float))
    de, dn = -np.sin(theta), -np.cos(theta)
    e = np.asarray(east, dtype=float)
    n = np.asarray(north, dtype=float)
    return e * de + n * dn, -e * dn + n * de
