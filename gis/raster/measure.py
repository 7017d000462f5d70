"""The statistics a scene carries: per-band spread for default stretches, the water background."""

from __future__ import annotations

import numpy as np
import rasterio
from rasterio.enums import Resampling

from gis.raster.bands import BandMap
from gis.raster.scene import BandStats, SceneStats

SAMPLE_PIXELS = 1024
"""Longest side of the decimated read the statistics are taken from."""


def read_sample(src: rasterio.DatasetReader) -> np.ndarray:
    """Every band, decimated to at most ``SAMPLE_PIXELS`` a side, as float64 with NaN where masked."""
    scale = max(1.0, max(src.width, src.height) / SAMPLE_PIXELS)
    shape = (src.count, max(1, round(src.height / scale)), max(1, round(src.width / scale)))
    data = src.read(out_shape=shape, masked=True, resampling=Resampling.nearest)
    return data.astype("float64").filled(np.nan)


def measure_scene(src: rasterio.DatasetReader, bands: BandMap) -> SceneStats:
    sample = read_sample(src)
    per_band = {i: s for i in range(1, src.count + 1) if (s := BandStats.of(sample[i - 1])) is not None}
    return SceneStats(per_band, _water_temperature(sample, bands))


def _water_temperature(sample: np.ndarray, bands: BandMap) -> float | None:
    tir, green, nir = (bands.index_of(name) for name in ("tir", "green", "nir"))
    if tir is None or tir > sample.shape[0]:
        return None
    temperature = sample[tir - 1]
    if green is not None and nir is not None:
        with np.errstate(all="ignore"):
            ndwi = (sample[green - 1] - sample[nir - 1]) / (sample[green - 1] + sample[nir - 1])
            temperature = np.where(ndwi > 0, temperature, np.nan)
    finite = temperature[np.isfinite(temperature)]
    return float(np.median(finite)) if finite.size else None
