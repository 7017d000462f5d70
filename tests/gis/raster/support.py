"""Small GeoTIFFs with known pixel values, and a park with enterprises to compare them with."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import morecantile
import numpy as np
import rasterio
from pyproj import Transformer
from rasterio.enums import Resampling
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile
from rasterio.transform import from_bounds, from_origin
from rasterio.vrt import WarpedVRT
from sqlalchemy import Engine, text

CRS = "EPSG:32648"
PIXEL = 10.0
ORIGIN_LONLAT = (105.05, 28.74)  # upper-left corner of every test scene
SIX_BANDS = ("blue", "green", "red", "nir", "swir1", "tir")
TMS = morecantile.tms.get("WebMercatorQuad")

# Reflectance (blue, green, red, nir, swir1) and temperature (K).
VEGETATION = (0.03, 0.06, 0.04, 0.40, 0.18, 296.0)
SOIL = (0.10, 0.14, 0.20, 0.25, 0.33, 304.0)
WATER = (0.05, 0.06, 0.04, 0.02, 0.01, 293.0)


def origin() -> tuple[float, float]:
    """The upper-left corner in UTM 48N metres, snapped to the pixel grid."""
    x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(*ORIGIN_LONLAT)
    return round(x / PIXEL) * PIXEL, round(y / PIXEL) * PIXEL


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    return Transformer.from_crs(CRS, "EPSG:4326", always_xy=True).transform(x, y)


def pixel_lonlat(col: float, row: float) -> tuple[float, float]:
    """WGS84 position of a point given in pixel coordinates of the test grid."""
    x0, y0 = origin()
    return to_lonlat(x0 + col * PIXEL, y0 - row * PIXEL)


def pixel_box(col0: int, row0: int, col1: int, row1: int) -> dict:
    """A GeoJSON polygon (WGS84) around pixels [col0, col1) × [row0, row1) of the test grid."""
    corners = [(col0, row0), (col1, row0), (col1, row1), (col0, row1), (col0, row0)]
    return {"type": "Polygon", "coordinates": [[list(pixel_lonlat(c, r)) for c, r in corners]]}


def land(height: int = 120, width: int = 160) -> np.ndarray:
    """Six bands: vegetation, a river across the top 20 rows; NIR varies pixel to pixel."""
    data = np.empty((6, height, width), dtype="float32")
    for band in range(6):
        data[band] = VEGETATION[band]
        data[band, :20] = WATER[band]
    rows, cols = np.mgrid[0:height, 0:width]
    data[3, 20:] += (((cols * 7 + rows * 13) % 17) * 0.005)[20:]  # so a tile showing the wrong pixel shows
    return data


def with_block(data: np.ndarray, cover: tuple[float, ...], rows: slice, cols: slice) -> np.ndarray:
    changed = data.copy()
    for band, value in enumerate(cover):
        changed[band, rows, cols] = value
    return changed


def write_tif(
    path: Path,
    data: np.ndarray,
    *,
    crs: str | None = CRS,
    georeferenced: bool = True,
    nodata: float | None = -9999.0,
    descriptions: tuple[str, ...] | None = SIX_BANDS,
    tags: dict[str, str] | None = None,
) -> Path:
    count, height, width = data.shape
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": count,
        "dtype": data.dtype.name,
        "nodata": nodata,
        "tiled": True,
        "blockxsize": 64,
        "blockysize": 64,
    }
    if georeferenced:
        profile.update(crs=crs, transform=from_origin(*origin(), PIXEL, PIXEL))
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        for i, name in enumerate(descriptions or (), start=1):
            dst.set_band_description(i, name)
        if tags:
            dst.update_tags(**tags)
    return path


def direct_read(path, tile, band: int) -> np.ndarray:
    """The band over a web-mercator tile by a plain GDAL warp, nearest neighbour, NaN outside."""
    bounds = TMS.xy_bounds(tile)
    with rasterio.open(path) as src:
        with WarpedVRT(
            src,
            crs="EPSG:3857",
            transform=from_bounds(*bounds, 256, 256),
            width=256,
            height=256,
            resampling=Resampling.nearest,
            tolerance=0.01,
        ) as vrt:
            return vrt.read(band, masked=True).astype("float64").filled(np.nan)


def decode(content: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Image bands and alpha of a PNG/WebP tile."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with MemoryFile(content) as memory, memory.open() as image:
            data = image.read()
    return data[:-1], data[-1]


PARK_SQL = """
INSERT INTO parks (code, name_zh, name_en, synthetic, geom)
VALUES ('RTEST', '测试园区', 'Test park', true, ST_Multi(ST_GeomFromGeoJSON(:geom)))
RETURNING id
"""
ENTERPRISE_SQL = """
INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom)
VALUES (:park, :code, :name_zh, :name_en, 'chemicals', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(:geom), 4326)))
RETURNING id
"""
ZONE_SQL = """
INSERT INTO zones (park_id, code, kind, name_zh, name_en, geom)
VALUES (:park, :code, 'industrial', :name_zh, :name_en, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(:geom), 4326)))
RETURNING id
"""

# Enterprise plots on the test grid (col0, row0, col1, row1); the construction site is in PLANT_B.
PLOTS = {
    "PLANT-A": (10, 40, 40, 70),
    "PLANT-B": (60, 40, 100, 80),
    "PLANT-C": (110, 40, 150, 70),
}
CONSTRUCTION = (slice(45, 75), slice(65, 95))


def insert_park(engine: Engine) -> dict[str, int]:
    """A park with three enterprises and one zone on the test grid; code → enterprise id."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM enterprises WHERE code LIKE 'PLANT-%'"))
        conn.execute(text("DELETE FROM zones WHERE code LIKE 'RZONE-%'"))
        conn.execute(text("DELETE FROM parks WHERE code = 'RTEST'"))
        park = conn.execute(
            text(PARK_SQL), {"geom": json.dumps(_srid(pixel_box(0, 0, 160, 120)))}
        ).scalar_one()
        ids = {}
        for code, plot in PLOTS.items():
            params = {
                "park": park,
                "code": code,
                "name_zh": f"企业{code[-1]}",
                "name_en": f"Plant {code[-1]}",
            }
            ids[code] = conn.execute(
                text(ENTERPRISE_SQL), {**params, "geom": json.dumps(pixel_box(*plot))}
            ).scalar_one()
        zone = {"park": park, "code": "RZONE-1", "name_zh": "东区", "name_en": "East zone"}
        ids["RZONE-1"] = conn.execute(
            text(ZONE_SQL), {**zone, "geom": json.dumps(pixel_box(55, 35, 155, 85))}
        ).scalar_one()
    return ids


def _srid(geometry: dict) -> dict:
    return {**geometry, "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}
