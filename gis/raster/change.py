"""Change of an index between two scenes: difference tiles, and which footprints changed most.

The difference is always ``scene_b − scene_a``: a positive NDVI change is greening, a
negative one vegetation lost (a new construction site's bare soil).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from shapely.geometry import MultiPolygon, Polygon

from gis.errors import InvalidInput
from gis.raster.indices import spectral_index
from gis.raster.products import index_product
from gis.raster.reader import SceneReader
from gis.raster.render import TileImage, encode

Order = Literal["absolute", "decrease", "increase"]
MIN_PIXELS = 4
"""Fewer valid pixels than this in either scene and a footprint is not ranked."""


@dataclass(frozen=True)
class Footprint:
    id: int
    code: str
    name_zh: str
    name_en: str
    geometry: Polygon | MultiPolygon


@dataclass(frozen=True)
class ChangeRank:
    id: int
    code: str
    name_zh: str
    name_en: str
    mean_a: float
    mean_b: float
    delta: float
    """Mean in scene b minus mean in scene a."""
    pixels_a: int
    pixels_b: int


def check_pair(reader_a: SceneReader, reader_b: SceneReader, index_id: str) -> None:
    if reader_a.scene.id == reader_b.scene.id:
        raise InvalidInput("a change needs two different scenes")
    index = spectral_index(index_id)
    for reader in (reader_a, reader_b):
        index.indexes(reader.scene.bands)


def change_tile(
    reader_a: SceneReader, reader_b: SceneReader, z: int, x: int, y: int, index_id: str, fmt: str
) -> TileImage | None:
    """The index difference over z/x/y on the index's diverging colour map; ``None`` outside both scenes."""
    check_pair(reader_a, reader_b, index_id)
    index = spectral_index(index_id)
    layers = []
    for reader in (reader_a, reader_b):
        product = index_product(reader.scene.bands, reader.stats, index)
        values = reader.tile(z, x, y, product.indexes)
        layers.append(None if values is None else product.compute(values))
    if layers[0] is None and layers[1] is None:
        return None
    a, b = (np.full((256, 256), np.nan) if layer is None else layer for layer in layers)
    legend = index.change_legend
    return encode((b - a)[np.newaxis], [(legend.min, legend.max)], legend.colormap_name, fmt)


def rank_change(
    reader_a: SceneReader,
    reader_b: SceneReader,
    index_id: str,
    footprints: list[Footprint],
    order: Order = "absolute",
    limit: int = 20,
) -> list[ChangeRank]:
    """Footprints by how much their mean index changed, biggest change first."""
    check_pair(reader_a, reader_b, index_id)
    index = spectral_index(index_id)
    products = [index_product(r.scene.bands, r.stats, index) for r in (reader_a, reader_b)]
    ranks = []
    for footprint in footprints:
        means = []
        for reader, product in zip((reader_a, reader_b), products, strict=True):
            values = product.compute(reader.polygon(footprint.geometry, product.indexes).values)
            valid = values[np.isfinite(values)]
            means.append((float(valid.mean()) if valid.size >= MIN_PIXELS else None, int(valid.size)))
        (mean_a, pixels_a), (mean_b, pixels_b) = means
        if mean_a is None or mean_b is None:
            continue
        ranks.append(
            ChangeRank(
                footprint.id,
                footprint.code,
                footprint.name_zh,
                footprint.name_en,
                mean_a,
                mean_b,
                mean_b - mean_a,
                pixels_a,
                pixels_b,
            )
        )
    key = {"absolute": lambda r: -abs(r.delta), "decrease": lambda r: r.delta, "increase": lambda r: -r.delta}
    return sorted(ranks, key=key[order])[:limit]
