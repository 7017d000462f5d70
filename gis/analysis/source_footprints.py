"""Unit-emission footprints: what 1 g/s from each source adds at each station reading.

Each hour is taken as a steady-state plume under that hour's wind and stability, which
holds while travel from source to station takes well under an hour (park scale). An
hourly wind direction is an average the plume meanders about, so every footprint is the
mean over directions spread ±2σθ around it with Gaussian weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gis.analysis.dispersion import MG_PER_G
from gis.analysis.gaussian import plume_concentration
from gis.analysis.geodesy import local_to_wind

_SPREAD_STEPS = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
_SPREAD_WEIGHTS = np.exp(-0.5 * _SPREAD_STEPS**2) / np.exp(-0.5 * _SPREAD_STEPS**2).sum()


@dataclass(frozen=True, eq=False)
class ReadingConditions:
    """Per station reading: where the station is (local metres) and the wind of its hour."""

    east_m: NDArray[np.float64]
    north_m: NDArray[np.float64]
    height_m: NDArray[np.float64]
    wind_speed_m_s: NDArray[np.float64]
    wind_from_deg: NDArray[np.float64]
    stability: NDArray[np.str_]


def footprints(
    readings: ReadingConditions,
    source_east_m: NDArray[np.float64],
    source_north_m: NDArray[np.float64],
    source_height_m: NDArray[np.float64],
    sigma_set: str,
    direction_sigma_deg: float,
) -> NDArray[np.float64]:
    """Matrix (readings × sources) of mg/m³ per g/s of emission."""
    out = np.zeros((readings.east_m.size, source_east_m.size))
    directions = readings.wind_from_deg[None, :] + direction_sigma_deg * _SPREAD_STEPS[:, None]
    for stability in np.unique(readings.stability):
        rows = np.nonzero(readings.stability == stability)[0]
        de = readings.east_m[rows][:, None] - source_east_m[None, :]
        dn = readings.north_m[rows][:, None] - source_north_m[None, :]
        x, y = local_to_wind(de[None], dn[None], directions[:, rows, None])
        shape = x.shape
        speed = np.broadcast_to(readings.wind_speed_m_s[rows][None, :, None], shape)
        z = np.broadcast_to(readings.height_m[rows][None, :, None], shape)
        height = np.broadcast_to(source_height_m[None, None, :], shape)
        c = np.zeros(shape)
        downwind = x > 0  # about half the pairs: skip the upwind ones, which see nothing
        c[downwind] = plume_concentration(
            1.0,
            speed[downwind],
            x[downwind],
            y[downwind],
            z[downwind],
            height[downwind],
            str(stability),
            sigma_set,
        )
        out[rows] = np.tensordot(_SPREAD_WEIGHTS, c, axes=1) * MG_PER_G
    return out


def lone_source_fit(
    a: NDArray[np.float64], observed: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Best rate and fraction of Σc² explained with each column as the only source."""
    dots = observed @ a
    norms2 = np.einsum("ij,ij->j", a, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(norms2 > 0, np.maximum(dots, 0.0) / norms2, 0.0)
        explained = np.where(norms2 > 0, np.maximum(dots, 0.0) ** 2 / (norms2 * (observed @ observed)), 0.0)
    return rates, explained
