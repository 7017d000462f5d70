"""Turn a scene's bands over a tile into a PNG or WebP: band choice, stretch, colour map.

With no parameters a scene is drawn in true colour (red, green, blue) stretched over the
2–98 % range of those bands, one stretch for all three so colours stay balanced.  ``bidx``
picks one band (grey, or a colour map) or three (a composite, each band stretched over its
own 2–98 % range).  ``index`` draws a named index with its legend's colour map and range;
``expression`` draws band math, stretched over −1…1 unless ``rescale`` says otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rio_tiler.colormap import cmap
from rio_tiler.utils import render

from gis.errors import InvalidInput
from gis.raster.indices import TRUE_COLOUR, spectral_index
from gis.raster.products import (
    Product,
    band_product,
    bands_for,
    expression_product,
    index_product,
    resolve_band,
)
from gis.raster.reader import SceneReader

FORMATS = {"png": "image/png", "webp": "image/webp"}
EXPRESSION_RANGE = (-1.0, 1.0)
Range = tuple[float, float]


@dataclass(frozen=True)
class TileImage:
    content: bytes
    media_type: str


@dataclass(frozen=True)
class RenderParams:
    bidx: tuple[str, ...] = ()
    """Band indexes or band names."""
    expression: str | None = None
    index: str | None = None
    rescale: tuple[Range, ...] = ()
    colormap_name: str | None = None
    format: str = "png"

    @classmethod
    def parse(
        cls,
        *,
        bidx: Sequence[str] = (),
        expression: str | None = None,
        index: str | None = None,
        rescale: Sequence[str] = (),
        colormap_name: str | None = None,
        format: str = "png",
    ) -> RenderParams:
        """Check query-string values; scene-specific checks happen when the tile is drawn."""
        bands = tuple(b.strip().lower() for item in bidx for b in item.split(",") if b.strip())
        chosen = [
            name for name, value in (("bidx", bands), ("expression", expression), ("index", index)) if value
        ]
        if len(chosen) > 1:
            raise InvalidInput(f"give only one of bidx, expression and index (got {', '.join(chosen)})")
        if bands and len(bands) not in (1, 3):
            raise InvalidInput(
                f"bidx takes one band (grey or colour map) or three (a composite), not {len(bands)}"
            )
        if index:
            spectral_index(index)
        if format not in FORMATS:
            raise InvalidInput(f"tile format {format!r} is not one of {', '.join(FORMATS)}")
        if colormap_name is not None:
            colormap_name = colormap_name.lower()
            if colormap_name not in cmap.list():
                raise InvalidInput(f"unknown colormap_name {colormap_name!r}; see rio-tiler's colour maps")
            if len(bands) == 3:
                raise InvalidInput("a colour map applies to one band, not a three-band composite")
        return cls(
            bands,
            expression or None,
            index.lower() if index else None,
            tuple(parse_range(r) for r in rescale),
            colormap_name,
            format,
        )

    def query(self) -> list[tuple[str, str]]:
        """The query string that asks for these parameters again (tile URLs in TileJSON)."""
        pairs = [("bidx", b) for b in self.bidx]
        pairs += [(k, v) for k, v in (("expression", self.expression), ("index", self.index)) if v]
        pairs += [("rescale", f"{lo:g},{hi:g}") for lo, hi in self.rescale]
        if self.colormap_name:
            pairs.append(("colormap_name", self.colormap_name))
        return pairs


def parse_range(text: str) -> Range:
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInput(f"rescale {text!r} is not 'min,max'") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InvalidInput(f"rescale {text!r} needs finite numbers with min < max")
    return lo, hi


@dataclass(frozen=True)
class Recipe:
    products: tuple[Product, ...]
    ranges: tuple[Range, ...]
    colormap_name: str | None


def recipe(reader: SceneReader, params: RenderParams) -> Recipe:
    """What to read and how to draw it, for this scene."""
    scene, stats = reader.scene, reader.stats
    if params.index:
        index = spectral_index(params.index)
        product = index_product(scene.bands, stats, index)
        ranges = params.rescale or ((index.legend.min, index.legend.max),)
        return Recipe((product,), ranges[:1], params.colormap_name or index.legend.colormap_name)
    if params.expression:
        product = expression_product(scene.bands, reader.count, params.expression)
        return Recipe((product,), (params.rescale or (EXPRESSION_RANGE,))[:1], params.colormap_name)
    if params.bidx:
        indexes = tuple(resolve_band(scene.bands, reader.count, b) for b in params.bidx)
    elif scene.bands.has(*TRUE_COLOUR):
        indexes = tuple(scene.bands.index_of(b) or 0 for b in TRUE_COLOUR)
    else:
        indexes = (1,)
    if params.colormap_name and len(indexes) != 1:
        raise InvalidInput("a colour map applies to one band: add bidx=<band>, index= or expression=")
    products = tuple(band_product(scene.bands, i) for i in indexes)
    ranges = params.rescale or _default_ranges(reader, indexes, common=not params.bidx)
    if len(ranges) not in (1, len(indexes)):
        raise InvalidInput(f"give one rescale for all bands or one per band ({len(indexes)})")
    return Recipe(products, ranges * (len(indexes) // len(ranges)), params.colormap_name)


def _default_ranges(reader: SceneReader, indexes: tuple[int, ...], common: bool) -> tuple[Range, ...]:
    stats = reader.stats.bands
    ranges = []
    for i in indexes:
        band = stats.get(i)
        ranges.append((band.p2, band.p98) if band and band.p2 < band.p98 else (0.0, 255.0))
    if common:
        return ((min(lo for lo, _ in ranges), max(hi for _, hi in ranges)),)
    return tuple(ranges)


def render_tile(reader: SceneReader, z: int, x: int, y: int, params: RenderParams) -> TileImage | None:
    """The tile image, or ``None`` when z/x/y lies outside the scene."""
    plan = recipe(reader, params)
    values = reader.tile(z, x, y, bands_for(list(plan.products)))
    if values is None:
        return None
    layers = np.stack([p.compute(values) for p in plan.products])
    return encode(layers, plan.ranges, plan.colormap_name, params.format)


def encode(layers: np.ndarray, ranges: Sequence[Range], colormap_name: str | None, fmt: str) -> TileImage:
    """Stretch each layer linearly from its range to 0–255 (clipped); NaN pixels become transparent."""
    valid = np.isfinite(layers).all(axis=0)
    scaled = np.empty(layers.shape, dtype="uint8")
    for k, (lo, hi) in enumerate(ranges):
        with np.errstate(invalid="ignore"):
            stretched = np.clip(np.rint((layers[k] - lo) / (hi - lo) * 255.0), 0, 255)
        scaled[k] = np.where(valid, stretched, 0)
    mask = np.where(valid, 255, 0).astype("uint8")
    colormap = cmap.get(colormap_name) if colormap_name else None
    return TileImage(render(scaled, mask, img_format=fmt.upper(), colormap=colormap), FORMATS[fmt])
