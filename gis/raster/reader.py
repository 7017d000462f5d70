"""Open a scene's COG and read bands: over a web-map tile, at a point, or inside a polygon.

Every read returns float64 arrays with NaN where a pixel is masked (nodata, outside the
scene), so indices and expressions need no separate mask bookkeeping.  Tiles are resampled
nearest-neighbour from the overview that fits the zoom, like a plain GDAL warp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import TracebackType

import morecantile
import numpy as np
import rasterio
import shapely
from affine import Affine
from morecantile import Tile
from pyproj import Geod, Transformer
from rasterio.enums import Resampling
from rasterio.features import geometry_mask
from rasterio.warp import transform_bounds
from rasterio.windows import Window, from_bounds
from rio_tiler.errors import PointOutsideBounds
from rio_tiler.io import Reader
from shapely.geometry import MultiPolygon, Polygon, box

from gis.errors import InvalidInput, NotFound
from gis.raster.measure import measure_scene
from gis.raster.scene import STATISTICS_TAG, Scene, SceneStats

TILE_SIZE = 256
TMS = morecantile.tms.get("WebMercatorQuad")
MERCATOR = TMS.rasterio_crs
WHOLE_TILE_COVER = 1 / 16
"""A tile whose pixels over the scene are at least this share is warped whole."""
GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class PolygonPixels:
    """The pixels of a scene whose centres fall inside a polygon."""

    values: dict[int, np.ndarray]
    """Band index → 1-D float64 array of the inside pixels (NaN where masked)."""
    area_m2: float
    decimation: int
    """1 when every pixel was read; n when only every n-th row and column was."""


class SceneReader:
    """``with SceneReader(scene) as reader:`` — the scene's COG, open for reading."""

    def __init__(self, scene: Scene, max_polygon_pixels: int = 4_000_000):
        self.scene = scene
        self.max_polygon_pixels = max_polygon_pixels
        self._reader: Reader | None = None
        self._stats: SceneStats | None = None
        self._mercator_bounds: tuple[float, float, float, float] | None = None

    def __enter__(self) -> SceneReader:
        if not self.scene.path.is_file():
            raise NotFound(f"the file of scene {self.scene.name!r} is missing: {self.scene.path}")
        self._reader = Reader(str(self.scene.path))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ):
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    @property
    def dataset(self) -> rasterio.DatasetReader:
        assert self._reader is not None, "use SceneReader in a with block"
        return self._reader.dataset

    @property
    def count(self) -> int:
        return self.dataset.count

    @property
    def minzoom(self) -> int:
        return self._reader.minzoom  # type: ignore[union-attr]

    @property
    def maxzoom(self) -> int:
        return self._reader.maxzoom  # type: ignore[union-attr]

    @property
    def stats(self) -> SceneStats:
        """Statistics stored in the COG at registration (measured now if the tag is missing)."""
        if self._stats is None:
            tag = self.dataset.tags().get(STATISTICS_TAG)
            self._stats = SceneStats.from_tag(tag) if tag else measure_scene(self.dataset, self.scene.bands)
        return self._stats

    def check_indexes(self, indexes: tuple[int, ...]) -> None:
        beyond = [i for i in indexes if not 1 <= i <= self.count]
        if beyond:
            raise InvalidInput(f"scene {self.scene.name!r} has bands 1..{self.count}, not {beyond}")

    def tile(self, z: int, x: int, y: int, indexes: tuple[int, ...]) -> dict[int, np.ndarray] | None:
        """The bands over web-mercator tile z/x/y, or ``None`` when the tile misses the scene.

        A tile mostly off the scene warps only its pixels over the scene: warped whole, a
        zoomed-out tile many times the scene's size costs seconds (GDAL sizes the warp at the
        scene's resolution).  Both ways sample the same grid; GDAL's approximate transformer
        (1/8 pixel) may pick a neighbouring source pixel for a handful of tile pixels.
        """
        assert self._reader is not None, "use SceneReader in a with block"
        self.check_indexes(indexes)
        window = self._tile_window(z, x, y)
        if window is None:
            return None
        (col0, row0, col1, row1), bbox = window
        if (col1 - col0) * (row1 - row0) >= WHOLE_TILE_COVER * TILE_SIZE**2:
            image = self._reader.tile(x, y, z, tilesize=TILE_SIZE, indexes=indexes)
            data = image.array.astype("float64").filled(np.nan)
        else:
            width, height = col1 - col0, row1 - row0
            part = self._reader.part(
                bbox, dst_crs=MERCATOR, bounds_crs=MERCATOR, width=width, height=height, indexes=indexes
            )
            data = np.full((len(indexes), TILE_SIZE, TILE_SIZE), np.nan)
            data[:, row0:row1, col0:col1] = part.array.astype("float64").filled(np.nan)
        return {index: data[k] for k, index in enumerate(indexes)}

    def _tile_window(self, z: int, x: int, y: int):
        """Tile pixels (col0, row0, col1, row1) over the scene and their mercator bbox, if any."""
        if self._mercator_bounds is None:
            self._mercator_bounds = transform_bounds(
                self.dataset.crs, MERCATOR, *self.dataset.bounds, densify_pts=21
            )
        west, south, east, north = self._mercator_bounds
        tile = TMS.xy_bounds(Tile(x, y, z))
        size = (tile.right - tile.left) / TILE_SIZE
        col0 = max(0, math.floor((west - tile.left) / size))
        col1 = min(TILE_SIZE, math.ceil((east - tile.left) / size))
        row0 = max(0, math.floor((tile.top - north) / size))
        row1 = min(TILE_SIZE, math.ceil((tile.top - south) / size))
        if col0 >= col1 or row0 >= row1:
            return None
        bbox = (
            tile.left + col0 * size,
            tile.top - row1 * size,
            tile.left + col1 * size,
            tile.top - row0 * size,
        )
        return (col0, row0, col1, row1), bbox

    def point(self, lon: float, lat: float) -> dict[int, float | None]:
        """Every band's value at a WGS84 point (``None`` where masked)."""
        assert self._reader is not None, "use SceneReader in a with block"
        try:
            point = self._reader.point(lon, lat)
        except PointOutsideBounds as exc:
            raise InvalidInput(f"({lon}, {lat}) is outside scene {self.scene.name!r}") from exc
        values = point.array.astype("float64").filled(np.nan)
        return {i: (float(v) if math.isfinite(v) else None) for i, v in enumerate(values, start=1)}

    def polygon(self, polygon: Polygon | MultiPolygon, indexes: tuple[int, ...]) -> PolygonPixels:
        """The bands' pixels whose centres fall inside a WGS84 polygon, read on the scene's own grid."""
        self.check_indexes(indexes)
        src = self.dataset
        to_scene = Transformer.from_crs("EPSG:4326", src.crs, always_xy=True)
        local = shapely.transform(polygon, lambda xy: np.column_stack(to_scene.transform(xy[:, 0], xy[:, 1])))
        local = local.intersection(box(*src.bounds))
        area = abs(GEOD.geometry_area_perimeter(polygon)[0])
        if local.is_empty:
            return PolygonPixels({i: np.empty(0) for i in indexes}, area, 1)
        window = _outer_window(from_bounds(*local.bounds, transform=src.transform), src.width, src.height)
        step = max(1, math.ceil(math.sqrt(window.width * window.height / self.max_polygon_pixels)))
        shape = (max(1, math.ceil(window.height / step)), max(1, math.ceil(window.width / step)))
        data = src.read(
            indexes,
            window=window,
            out_shape=(len(indexes), *shape),
            masked=True,
            resampling=Resampling.nearest,
        )
        data = data.astype("float64").filled(np.nan)
        transform = src.window_transform(window) @ Affine.scale(
            window.width / shape[1], window.height / shape[0]
        )
        inside = geometry_mask([local], out_shape=shape, transform=transform, invert=True)
        if not inside.any():
            # A polygon smaller than a pixel still has the pixels it touches.
            inside = geometry_mask(
                [local], out_shape=shape, transform=transform, invert=True, all_touched=True
            )
        return PolygonPixels({i: data[k][inside] for k, i in enumerate(indexes)}, area, step)


def _outer_window(window: Window, width: int, height: int) -> Window:
    """Whole pixels covering ``window``, clipped to the raster."""
    col0, row0 = max(0, math.floor(window.col_off)), max(0, math.floor(window.row_off))
    col1 = min(width, math.ceil(window.col_off + window.width))
    row1 = min(height, math.ceil(window.row_off + window.height))
    return Window(col0, row0, max(1, col1 - col0), max(1, row1 - row0))
