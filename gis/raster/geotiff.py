"""Check that a file is a readable, georeferenced GeoTIFF before anything is registered."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS
from rasterio.errors import NotGeoreferencedWarning, RasterioError

from gis.errors import InvalidInput

TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # classic and BigTIFF, both byte orders


@dataclass(frozen=True)
class GeoTiffInfo:
    path: Path
    crs: str
    width: int
    height: int
    count: int
    dtype: str
    nodata: float | None
    descriptions: tuple[str | None, ...]
    colorinterp: tuple[str, ...]
    tags: dict[str, str]


def inspect_geotiff(path: Path) -> GeoTiffInfo:
    """Refuse (``InvalidInput``) anything but a complete, georeferenced GeoTIFF."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    with path.open("rb") as f:
        head = f.read(4)
    if head not in TIFF_SIGNATURES:
        raise InvalidInput(f"{path.name}: not a TIFF file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as src:
                info = _describe(path, src)
                _read_every_block(path, src)
    except RasterioError as exc:
        raise InvalidInput(f"{path.name}: corrupt or unreadable GeoTIFF ({exc})") from exc
    return info


def _describe(path: Path, src: rasterio.DatasetReader) -> GeoTiffInfo:
    if src.driver != "GTiff":
        raise InvalidInput(f"{path.name}: read as {src.driver}, not as a GeoTIFF")
    if src.gcps[0] and src.transform == Affine.identity():
        raise InvalidInput(
            f"{path.name}: georeferenced by ground control points only; warp it to a map grid first "
            "(gdalwarp -t_srs EPSG:32648 in.tif out.tif)"
        )
    if src.crs is None:
        raise InvalidInput(f"{path.name}: not georeferenced (no coordinate reference system)")
    if src.transform == Affine.identity():
        raise InvalidInput(f"{path.name}: not georeferenced (no geotransform)")
    try:
        CRS.from_user_input(src.crs.to_wkt()).to_epsg()
    except Exception as exc:  # pyproj raises several kinds for a CRS it cannot use
        raise InvalidInput(f"{path.name}: its coordinate reference system is not usable ({exc})") from exc
    if np.dtype(src.dtypes[0]).kind == "c":
        raise InvalidInput(f"{path.name}: complex-valued bands are not imagery this catalog serves")
    return GeoTiffInfo(
        path=path,
        crs=src.crs.to_string(),
        width=src.width,
        height=src.height,
        count=src.count,
        dtype=src.dtypes[0],
        nodata=src.nodata,
        descriptions=tuple(src.descriptions),
        colorinterp=tuple(c.name for c in src.colorinterp),
        tags=src.tags(),
    )


def _read_every_block(path: Path, src: rasterio.DatasetReader) -> None:
    # A truncated or damaged file opens fine and only fails where a block is read.
    for _, window in src.block_windows(1):
        src.read(window=window)
