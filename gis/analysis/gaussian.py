"""The Gaussian plume and puff equations with ground reflection and no mixing lid.

Coordinates are wind-aligned: x downwind of the source (m), y crosswind (m), z above
ground (m); H is the effective release height (m). The plume takes a rate in g/s, the
puff a mass in g; both return g/m³, which is numerically mg/m³ ÷ 1000.

Plume (Fundamentals of Air Pollution 3E, eq. 19-2):
    C = Q/(2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]
Puff (Crowl & Louvar, Chemical Process Safety, ch. 5, puff with reflection; σx = σy):
    C = M/((2π)^{3/2} σx σy σz) · exp(−(x−ut)²/2σx²) · exp(−y²/2σy²) · [same vertical term]
The puff's σ are the plume's evaluated at the distance its centre has travelled, ut: the
usual simplification when no puff-specific coefficients are at hand.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gis.analysis.sigmas import MIN_DISTANCE_M, sigma_y, sigma_z

_TWO_PI = 2.0 * np.pi
_TWO_PI_1_5 = _TWO_PI**1.5


def vertical_term(z: ArrayLike, height: ArrayLike, sz: ArrayLike) -> NDArray[np.float64]:
    """Vertical Gaussian with its image source below ground (ground reflection)."""
    z = np.asarray(z, dtype=float)
    height = np.asarray(height, dtype=float)
    sz = np.asarray(sz, dtype=float)
    return np.exp(-((z - height) ** 2) / (2 * sz**2)) + np.exp(-((z + height) ** 2) / (2 * sz**2))


def plume_concentration(
    rate_g_s: ArrayLike,
    wind_speed_m_s: ArrayLike,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    height_m: ArrayLike,
    stability: str,
    sigma_set: str,
) -> NDArray[np.float64]:
    """Steady-state plume concentration (g/m³); zero upwind of the source (x ≤ 0).

    Every numeric argument broadcasts, so one call can serve many sources and hours.
    """
    x = np.asarray(x, dtype=float)
    sy = sigma_y(x, stability, sigma_set)
    sz = sigma_z(x, stability, sigma_set)
    y = np.asarray(y, dtype=float)
    c = (
        np.asarray(rate_g_s)
        / (_TWO_PI * np.asarray(wind_speed_m_s) * sy * sz)
        * np.exp(-(y**2) / (2 * sy**2))
        * vertical_term(z, height_m, sz)
    )
    return np.where(x > 0, c, 0.0)


def puff_concentration(
    mass_g: float,
    wind_speed_m_s: float,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    t_s: ArrayLike,
    height_m: float,
    stability: str,
    sigma_set: str,
) -> NDArray[np.float64]:
    """Puff concentration (g/m³) at time ``t_s`` after an instantaneous release; zero for t ≤ 0."""
    t = np.asarray(t_s, dtype=float)
    travelled = wind_speed_m_s * t
    sy = sigma_y(travelled, stability, sigma_set)
    sz = sigma_z(travelled, stability, sigma_set)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    c = (
        mass_g
        / (_TWO_PI_1_5 * sy * sy * sz)
        * np.exp(-((x - travelled) ** 2) / (2 * sy**2))
        * np.exp(-(y**2) / (2 * sy**2))
        * vertical_term(z, height_m, sz)
    )
    return np.where(t > 0, c, 0.0)


# Where a puff centre can be when it brings a point its highest concentration: a spread of
# multiples of the point's downwind distance x (σ grow fast in unstable air, so the peak
# comes before the centre arrives; off axis or below an elevated puff, after) and a comb
# x ± 3σy(x) for stable air, where the peak is sharp. A parabola through the best sample
# and its neighbours then places the maximum between samples.
_TRAVEL_FACTORS = np.geomspace(0.2, 10.0, 41)
_TRAVEL_SIGMAS = np.linspace(-3.0, 3.0, 17)


# points whose travel samples are evaluated at once: a few MB of temporaries, whatever the grid
PEAK_BLOCK_POINTS = 1024


def puff_peak_concentration(
    mass_g: float,
    x: ArrayLike,
    y: ArrayLike,
    z: ArrayLike,
    height_m: float,
    stability: str,
    sigma_set: str,
) -> NDArray[np.float64]:
    """Highest concentration (g/m³) a puff brings to a point at any time; zero upwind (x ≤ 0).

    The maximum over the distance the puff centre has travelled. It does not depend on the
    wind speed, which only sets when the maximum comes.
    """
    x, y, z = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, y, z)))
    out = np.zeros(x.shape)
    ahead = x > 0
    x, y, z = x[ahead], y[ahead], z[ahead]
    peaks = np.empty(x.size)
    for start in range(0, x.size, PEAK_BLOCK_POINTS):
        block = slice(start, start + PEAK_BLOCK_POINTS)
        peaks[block] = _puff_peak(mass_g, x[block], y[block], z[block], height_m, stability, sigma_set)
    out[ahead] = peaks
    return out


def _puff_peak(
    mass_g: float,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    z: NDArray[np.float64],
    height_m: float,
    stability: str,
    sigma_set: str,
) -> NDArray[np.float64]:
    """``puff_peak_concentration`` at points downwind of the source, flat arrays."""
    x, y, z = x[:, None], y[:, None], z[:, None]
    comb = np.maximum(x + sigma_y(x, stability, sigma_set) * _TRAVEL_SIGMAS, MIN_DISTANCE_M)
    travelled = np.sort(np.concatenate([x * _TRAVEL_FACTORS, comb], axis=-1), axis=-1)

    def at(s: NDArray[np.float64], sy: NDArray[np.float64], sz: NDArray[np.float64]) -> NDArray[np.float64]:
        return (
            mass_g
            / (_TWO_PI_1_5 * sy * sy * sz)
            * np.exp(-((x - s) ** 2 + y**2) / (2 * sy**2))
            * vertical_term(z, height_m, sz)
        )

    c = at(travelled, *_tabulated_sigmas(travelled, stability, sigma_set))
    best = np.clip(c.argmax(axis=-1), 1, travelled.shape[-1] - 2)[:, None]
    s0, s1, s2 = (np.take_along_axis(travelled, best + k, axis=-1) for k in (-1, 0, 1))
    f0, f1, f2 = (np.take_along_axis(c, best + k, axis=-1) for k in (-1, 0, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        d1, d2 = (f1 - f0) / (s1 - s0), (f2 - f1) / (s2 - s1)
        vertex = 0.5 * (s0 + s1) - d1 * (s2 - s0) / (2 * (d2 - d1))
    vertex = np.clip(np.where(np.isfinite(vertex), vertex, s1), s0, s2)
    refined = at(vertex, sigma_y(vertex, stability, sigma_set), sigma_z(vertex, stability, sigma_set))
    return np.maximum(c.max(axis=-1), refined[:, 0])


def _tabulated_sigmas(
    travelled: NDArray[np.float64], stability: str, sigma_set: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """σy, σz by log–log interpolation in a fine table (0.4 % steps): the fits themselves
    cost a logarithm, a tangent and a power per point, too slow for grids × travel times."""
    positive = travelled[travelled > 0]
    if positive.size < 4096:
        return sigma_y(travelled, stability, sigma_set), sigma_z(travelled, stability, sigma_set)
    table = np.geomspace(max(positive.min(), MIN_DISTANCE_M), max(positive.max(), 2 * MIN_DISTANCE_M), 2048)
    log_table = np.log(table)
    log_x = np.log(np.clip(travelled, table[0], table[-1]))
    sy = np.exp(np.interp(log_x, log_table, np.log(sigma_y(table, stability, sigma_set))))
    sz = np.exp(np.interp(log_x, log_table, np.log(sigma_z(table, stability, sigma_set))))
    return sy, sz


def puff_footprint_radius(
    mass_g: float,
    travelled_m: ArrayLike,
    level_g_m3: float,
    z: float,
    height_m: float,
    stability: str,
    sigma_set: str,
) -> NDArray[np.float64]:
    """Radius (m) of the ground circle where the puff, its centre ``travelled_m`` downwind,
    exceeds ``level_g_m3`` (σx = σy makes it a circle); 0 where it nowhere does."""
    s = np.asarray(travelled_m, dtype=float)
    sy = sigma_y(s, stability, sigma_set)
    sz = sigma_z(s, stability, sigma_set)
    centre = mass_g / (_TWO_PI_1_5 * sy * sy * sz) * vertical_term(z, height_m, sz)
    with np.errstate(divide="ignore"):
        return np.where(
            centre > level_g_m3, sy * np.sqrt(2.0 * np.log(np.maximum(centre, level_g_m3) / level_g_m3)), 0.0
        )
