"""Where each threat zone's edge runs: half-widths over shared downwind samples.

A plume's ground concentration at crosswind distance y is the centreline value times
exp(−y²/2σy²), so the edge at level L is y(x) = σy(x)·sqrt(2·ln(C(x,0)/L)) wherever
C(x,0) ≥ L, with the ends found by root-finding. A puff (σx = σy) exceeds L in a circle
around its centre at every moment; its zone is the ground those circles sweep. Every
level shares the same samples, with each zone's own ends added, so the zones nest exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq

from gis.analysis.dispersion import MG_PER_G, peak_concentration
from gis.analysis.gaussian import puff_footprint_radius
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release
from gis.analysis.sigmas import MIN_DISTANCE_M, sigma_y

SAMPLES = 1200
PUFF_POSITIONS = 1000
# samples × puff positions compared at once: a block of about 0.5 MB a temporary, not the
# ~10 MB of comparing every sample with every position in one go
BLOCK_VALUES = 65_536


@dataclass(frozen=True, eq=False)
class Band:
    """One level's half-width over the shared downwind samples."""

    inside: NDArray[np.bool_]
    half_width: NDArray[np.float64]
    truncated: bool
    from_source: bool = False


@dataclass(frozen=True, eq=False)
class Edges:
    """Downwind samples (m, wind-aligned) and one band per level, in the levels' order."""

    xs: NDArray[np.float64]
    bands: list[Band]


def plume_edges(
    release: Release, weather: Weather, levels: list[float], z: float, max_distance_m: float
) -> Edges:
    """Edges of a steady plume's zones from the source out to ``max_distance_m``."""

    def centreline(x: NDArray[np.float64]) -> NDArray[np.float64]:
        return peak_concentration(release, weather, x, 0.0, z)

    xs = np.geomspace(MIN_DISTANCE_M, max_distance_m, SAMPLES)
    c = centreline(xs)
    crossings = [_crossings(xs, c, level, centreline) for level in levels]
    xs = np.unique(np.concatenate([xs, *crossings]))
    c = centreline(xs)
    sy = sigma_y(xs, weather.stability, weather.sigmas)
    bands = []
    for level, own in zip(levels, crossings, strict=True):
        ratio = c / level
        ratio[np.isin(xs, own)] = 1.0
        inside = ratio >= 1.0
        half_width = np.where(inside, sy * np.sqrt(2.0 * np.log(np.maximum(ratio, 1.0))), 0.0)
        bands.append(Band(inside, half_width, bool(inside[-1]), from_source=bool(inside[0])))
    return Edges(xs, bands)


def _crossings(
    xs: NDArray[np.float64], c: NDArray[np.float64], level: float, centreline
) -> NDArray[np.float64]:
    """Downwind distances where the centreline concentration crosses ``level``."""
    above = c >= level
    flips = np.nonzero(above[1:] != above[:-1])[0]
    log_level = np.log(level)

    def f(x: float) -> float:
        value = float(centreline(np.array(x)))
        return np.log(value) - log_level if value > 0 else -np.inf

    return np.array([brentq(f, xs[i], xs[i + 1], xtol=1e-6, rtol=1e-10) for i in flips], dtype=float)


def puff_edges(
    release: Release, weather: Weather, levels: list[float], z: float, max_distance_m: float
) -> Edges:
    """Edges of the ground a puff's circles sweep, upwind spread included."""
    assert release.mass_kg is not None
    mass_g = release.mass_kg * 1000.0
    travelled = np.geomspace(0.1, max_distance_m, PUFF_POSITIONS)
    radii = [
        puff_footprint_radius(
            mass_g,
            travelled,
            level / MG_PER_G,
            z,
            release.effective_height_m,
            weather.stability,
            weather.sigmas,
        )
        for level in levels
    ]
    spans = [
        (float(np.min((travelled - r)[r > 0])), float(np.max((travelled + r)[r > 0])))
        if np.any(r > 0)
        else None
        for r in radii
    ]
    ends = np.array([end for span in spans if span for end in span])
    xs = np.geomspace(MIN_DISTANCE_M, max_distance_m, SAMPLES)
    upwind = -min(0.0, ends.min()) if ends.size else 0.0
    if upwind > 0:  # a puff spreads upwind of the source too
        xs = np.concatenate([-np.geomspace(MIN_DISTANCE_M, upwind, SAMPLES // 8), [0.0], xs])
    xs = np.unique(np.concatenate([xs, ends[ends <= max_distance_m]]))
    bands = []
    for r, span in zip(radii, spans, strict=True):
        if span is None:
            bands.append(Band(np.zeros(xs.size, dtype=bool), np.zeros(xs.size), False))
            continue
        inside = (xs >= span[0]) & (xs <= span[1])
        half_width = np.zeros(xs.size)
        half_width[inside] = _swept_half_width(xs[inside], travelled[r > 0], r[r > 0])
        half_width[np.isin(xs, span)] = 0.0
        bands.append(Band(inside, half_width, span[1] > max_distance_m))
    return Edges(xs, bands)


def _swept_half_width(
    xs: NDArray[np.float64], centres: NDArray[np.float64], radii: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Half-width at each ``xs`` of the ground swept by circles of ``radii`` at ``centres``."""
    squared = radii**2
    half_width = np.empty(xs.size)
    rows = max(1, BLOCK_VALUES // centres.size)
    for start in range(0, xs.size, rows):
        block = xs[start : start + rows, None]
        reach = (squared - (block - centres) ** 2).max(axis=1)
        half_width[start : start + rows] = np.sqrt(np.maximum(reach, 0.0))
    return half_width
