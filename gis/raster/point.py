"""Every band's value and every index's value at one point of a scene."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gis.raster.products import all_products
from gis.raster.reader import SceneReader


@dataclass(frozen=True)
class PointValues:
    scene: str
    lon: float
    lat: float
    values: dict[str, float | None]
    """Band name (or ``b<N>``) and index id → value; ``None`` where masked or undefined."""


def point_values(reader: SceneReader, lon: float, lat: float) -> PointValues:
    pixel = {i: np.array([np.nan if v is None else v]) for i, v in reader.point(lon, lat).items()}
    values = {}
    for product in all_products(reader.scene.bands, reader.stats, reader.count):
        value = float(product.compute(pixel)[0])
        values[product.key] = value if math.isfinite(value) else None
    return PointValues(reader.scene.name, lon, lat, values)
