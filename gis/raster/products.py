"""What can be computed from a scene's bands: a band itself, a named index, or an expression."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gis.errors import InvalidInput
from gis.raster.bands import BandMap
from gis.raster.expression import compile_expression
from gis.raster.indices import INDICES, SpectralIndex, spectral_index
from gis.raster.scene import SceneStats

Bands = dict[int, np.ndarray]


@dataclass(frozen=True)
class Product:
    """One value per pixel; ``compute`` takes band index → float array (NaN where masked)."""

    key: str
    indexes: tuple[int, ...]
    compute: Callable[[Bands], np.ndarray]


def band_product(bands: BandMap, index: int) -> Product:
    return Product(bands.name_of(index), (index,), lambda values: values[index])


def index_product(bands: BandMap, stats: SceneStats, index: SpectralIndex) -> Product:
    by_name = index.indexes(bands)

    def compute(values: Bands) -> np.ndarray:
        return index.compute({name: values[i] for name, i in by_name.items()}, stats)

    return Product(index.id, tuple(sorted(set(by_name.values()))), compute)


def expression_product(bands: BandMap, count: int, text: str) -> Product:
    expression = compile_expression(text, bands, count)
    return Product("expression", expression.bands, expression.evaluate)


def all_products(bands: BandMap, stats: SceneStats, count: int) -> list[Product]:
    """Every band, then every named index the scene has the bands for."""
    products = [band_product(bands, i) for i in range(1, count + 1)]
    products += [index_product(bands, stats, ix) for ix in INDICES.values() if ix.available(bands)]
    return products


def bands_for(products: list[Product]) -> tuple[int, ...]:
    return tuple(sorted({i for p in products for i in p.indexes}))


def resolve_band(bands: BandMap, count: int, band: str) -> int:
    """A band given by its 1-based index or its name."""
    text = band.strip().lower()
    index = int(text) if text.isdecimal() else bands.index_of(text)
    if index is None or not 1 <= index <= count:
        raise InvalidInput(
            f"no band {band!r}: this scene has {', '.join(bands.names.values()) or 'bands'} 1..{count}"
        )
    return index


def select_products(
    bands: BandMap,
    stats: SceneStats,
    count: int,
    *,
    bidx: tuple[str, ...] = (),
    expression: str | None = None,
    index: str | None = None,
) -> list[Product]:
    """The products asked for, or every band and index when nothing is."""
    if index:
        return [index_product(bands, stats, spectral_index(index))]
    if expression:
        return [expression_product(bands, count, expression)]
    if bidx:
        return [band_product(bands, resolve_band(bands, count, b)) for b in bidx]
    return all_products(bands, stats, count)
