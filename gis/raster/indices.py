"""Named spectral indices, their formulas, and the legends the map draws for them.

* ``ndvi`` — Normalized Difference Vegetation Index (Rouse et al. 1974):
  ``(nir − red) / (nir + red)``; green vegetation ≈ 0.3–0.9, bare soil ≈ 0.1, water < 0.
* ``ndwi`` — Normalized Difference Water Index (McFeeters 1996):
  ``(green − nir) / (green + nir)``; open water > 0.
* ``thermal`` — water-surface thermal anomaly in kelvin: ``tir − T_water`` on pixels
  where NDWI > 0 (land is masked), ``T_water`` being the scene's median thermal-band value
  over water.  A warm discharge plume shows as a positive anomaly downstream of its outfall.
  Without green/NIR bands the water mask is dropped and ``T_water`` is the scene median.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from rio_tiler.colormap import cmap

from gis.errors import InvalidInput
from gis.raster.bands import BandMap
from gis.raster.scene import SceneStats

LEGEND_STOPS = 9


@dataclass(frozen=True)
class LegendStop:
    value: float
    color: str
    """``#rrggbb``"""


@dataclass(frozen=True)
class Legend:
    title_zh: str
    title_en: str
    unit: str
    colormap_name: str
    min: float
    max: float
    stops: tuple[LegendStop, ...]
    """From ``min`` to ``max``."""


def legend(title_zh: str, title_en: str, unit: str, colormap_name: str, lo: float, hi: float) -> Legend:
    table = cmap.get(colormap_name)
    stops = []
    for k in range(LEGEND_STOPS):
        value = lo + (hi - lo) * k / (LEGEND_STOPS - 1)
        r, g, b, _ = table[round(255 * k / (LEGEND_STOPS - 1))]
        stops.append(LegendStop(round(value, 6), f"#{r:02x}{g:02x}{b:02x}"))
    return Legend(title_zh, title_en, unit, colormap_name, lo, hi, tuple(stops))


def _normalized_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        result = (a - b) / (a + b)
    return np.where(np.isfinite(result), result, np.nan)


def _ndvi(bands: Mapping[str, np.ndarray], stats: SceneStats) -> np.ndarray:
    return _normalized_difference(bands["nir"], bands["red"])


def _ndwi(bands: Mapping[str, np.ndarray], stats: SceneStats) -> np.ndarray:
    return _normalized_difference(bands["green"], bands["nir"])


def _thermal(bands: Mapping[str, np.ndarray], stats: SceneStats) -> np.ndarray:
    tir = bands["tir"]
    background = stats.water_temperature_k
    if background is None:
        background = float(np.nanmedian(tir)) if np.isfinite(tir).any() else np.nan
    anomaly = tir - background
    if "green" in bands and "nir" in bands:
        with np.errstate(invalid="ignore"):
            anomaly = np.where(_ndwi(bands, stats) > 0, anomaly, np.nan)
    return anomaly


@dataclass(frozen=True)
class SpectralIndex:
    id: str
    title_zh: str
    title_en: str
    formula: str
    unit: str
    needs: tuple[str, ...]
    uses: tuple[str, ...]
    """Bands read when present (``needs`` plus optional ones such as the water mask's)."""
    compute: Callable[[Mapping[str, np.ndarray], SceneStats], np.ndarray]
    legend: Legend
    change_legend: Legend

    def available(self, bands: BandMap) -> bool:
        return bands.has(*self.needs)

    def indexes(self, bands: BandMap) -> dict[str, int]:
        """Band name → index of every band this index reads from a scene."""
        if not self.available(bands):
            missing = [b for b in self.needs if not bands.has(b)]
            raise InvalidInput(f"index {self.id} needs band(s) {', '.join(missing)}, which this scene lacks")
        return {name: index for name in self.uses if (index := bands.index_of(name)) is not None}


def _index(
    id: str,
    zh: str,
    en: str,
    formula: str,
    unit: str,
    needs: tuple[str, ...],
    uses: tuple[str, ...],
    compute: Callable[[Mapping[str, np.ndarray], SceneStats], np.ndarray],
    colormap: tuple[str, float, float],
    change: tuple[str, float, float],
) -> SpectralIndex:
    return SpectralIndex(
        id,
        zh,
        en,
        formula,
        unit,
        needs,
        uses,
        compute,
        legend(zh, en, unit, *colormap),
        legend(f"{zh}变化", f"{en} change", unit, *change),
    )


INDICES: dict[str, SpectralIndex] = {
    index.id: index
    for index in (
        _index(
            "ndvi",
            "归一化植被指数",
            "Vegetation index (NDVI)",
            "(nir - red) / (nir + red)",
            "",
            ("nir", "red"),
            ("nir", "red"),
            _ndvi,
            ("rdylgn", -0.2, 0.8),
            ("brbg", -0.6, 0.6),
        ),
        _index(
            "ndwi",
            "归一化水体指数",
            "Water index (NDWI)",
            "(green - nir) / (green + nir)",
            "",
            ("green", "nir"),
            ("green", "nir"),
            _ndwi,
            ("rdbu", -0.6, 0.6),
            ("rdbu", -0.6, 0.6),
        ),
        _index(
            "thermal",
            "水面热异常",
            "Water thermal anomaly",
            "tir - T_water (water pixels, NDWI > 0)",
            "K",
            ("tir",),
            ("tir", "green", "nir"),
            _thermal,
            ("rdbu_r", -6.0, 6.0),
            ("rdbu_r", -6.0, 6.0),
        ),
    )
}

TRUE_COLOUR = ("red", "green", "blue")
TRUE_COLOUR_TITLES = ("真彩色", "True colour")


def spectral_index(name: str) -> SpectralIndex:
    try:
        return INDICES[name.lower()]
    except KeyError:
        raise InvalidInput(f"unknown index {name!r}: choose {', '.join(INDICES)}") from None
