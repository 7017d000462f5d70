"""A scene's footprint in EPSG:4326: where it has valid pixels, not only its bounding box."""

from __future__ import annotations

import numpy as np
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer
from rasterio.enums import Resampling
from rasterio.features import shapes
from shapely.geometry import Polygon, box, shape

FOOTPRINT_PIXELS = 512
"""Longest side of the decimated validity mask the outline is traced on."""


def scene_footprint(src: rasterio.DatasetReader) -> Polygon:
    """The outline of the valid pixels (convex hull if they fall apart), densified and reprojected."""
    scale = max(src.width, src.height) / FOOTPRINT_PIXELS
    outline: Polygon = box(*src.bounds)
    step = max(abs(src.transform.a), abs(src.transform.e))
    if scale > 1:
        step *= scale
    mask = _validity_mask(src, scale)
    if not mask.all():
        transform = src.transform @ Affine.scale(src.width / mask.shape[1], src.height / mask.shape[0])
        parts = [
            shape(geom) for geom, value in shapes(mask.astype("uint8"), transform=transform) if value == 1
        ]
        if not parts:
            raise ValueError("the scene has no valid pixel")
        valid = shapely.union_all(parts).simplify(step, preserve_topology=True)
        outline = valid if isinstance(valid, Polygon) else valid.convex_hull
        outline = Polygon(outline.exterior)
    # Densify so a UTM edge stays a curve in geographic coordinates.
    outline = shapely.segmentize(outline, max_segment_length=step * 16)
    to_wgs84 = Transformer.from_crs(src.crs, "EPSG:4326", always_xy=True)
    return shapely.transform(outline, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))


def _validity_mask(src: rasterio.DatasetReader, scale: float) -> np.ndarray:
    if scale <= 1:
        return src.dataset_mask() > 0
    shape_ = (max(1, round(src.height / scale)), max(1, round(src.width / scale)))
    return src.dataset_mask(out_shape=shape_, resampling=Resampling.nearest) > 0
