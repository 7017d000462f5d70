"""The park's local metric frame and the GeoDataFrames every layer is built as.

Geometry is drawn in metres (u east, v north) from the park's south-west corner, in UTM
zone 48N (EPSG:32648, 102°E–108°E), then written in EPSG:4326 like the store keeps it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

METRIC_CRS = "EPSG:32648"
STORE_CRS = "EPSG:4326"
LOAD_ORDER = (  # tables in the order their references allow them to load
    "parks", "zones", "rivers", "roads", "chemicals", "enterprises", "storage_units", "pipe_nodes", "pipes",
    "outfalls", "stations", "resources", "population_points", "carbon_units",
)  # fmt: skip
SYNTHETIC_NOTE = "示例数据 (synthetic demo data): generated, not a survey of any real place"


class Frame:
    """Local metres (u, v) in UTM 48N; the point (u, v) = ``anchor`` lies at the given lon/lat."""

    def __init__(self, lon: float, lat: float, anchor: tuple[float, float] = (0.0, 0.0)):
        forward = Transformer.from_crs(STORE_CRS, METRIC_CRS, always_xy=True)
        x, y = forward.transform(lon, lat)
        self.x0, self.y0 = x - anchor[0], y - anchor[1]

    def layer(self, rows: list[dict] | dict, geometry: list | np.ndarray) -> gpd.GeoDataFrame:
        """A layer in EPSG:4326 from attribute rows (or columns) and geometry in local metres."""
        frame = pd.DataFrame(rows)
        metric = shapely.transform(np.asarray(geometry, dtype=object), lambda xy: xy + (self.x0, self.y0))
        return gpd.GeoDataFrame(frame, geometry=metric, crs=METRIC_CRS).to_crs(STORE_CRS)


def multipolygon(geom: shapely.Geometry) -> shapely.MultiPolygon:
    if isinstance(geom, shapely.MultiPolygon):
        return geom
    if isinstance(geom, shapely.Polygon):
        return shapely.MultiPolygon([geom])
    polygons = [g for g in getattr(geom, "geoms", []) if isinstance(g, shapely.Polygon)]
    return shapely.MultiPolygon(polygons)
