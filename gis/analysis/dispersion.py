"""Concentrations a release causes, in mg/m³, in wind-aligned metres around the source.

For a continuous release it is the steady-state plume; for an instantaneous one the
highest concentration as the puff passes. Either way it is what a threat zone compares
with an endpoint: the concentration exceeded at some time after the release.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gis.analysis.gaussian import plume_concentration, puff_concentration, puff_peak_concentration
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release

MG_PER_G = 1000.0


def peak_concentration(
    release: Release, weather: Weather, x: ArrayLike, y: ArrayLike, z: ArrayLike = 0.0
) -> NDArray[np.float64]:
    """Plume steady state or puff peak (mg/m³) at downwind ``x``, crosswind ``y``, height ``z``."""
    if release.rate_g_s is not None:
        c = plume_concentration(
            release.rate_g_s,
            weather.wind_speed_m_s,
            x,
            y,
            z,
            release.effective_height_m,
            weather.stability,
            weather.sigmas,
        )
    else:
        assert release.mass_kg is not None
        c = puff_peak_concentration(
            release.mass_kg * 1000.0, x, y, z, release.effective_height_m, weather.stability, weather.sigmas
        )
    return c * MG_PER_G


def concentration_at_times(
    release: Release, weather: Weather, x: float, y: float, z: float, t_s: ArrayLike
) -> NDArray[np.float64]:
    """Concentration (mg/m³) at one point over times ``t_s`` (s after the release began).

    A plume arrives at t = x/u and then holds its steady state until the release stops;
    a puff passes by with its own shape in time.
    """
    t = np.asarray(t_s, dtype=float)
    if release.mass_kg is not None:
        c = puff_concentration(
            release.mass_kg * 1000.0,
            weather.wind_speed_m_s,
            x,
            y,
            z,
            t,
            release.effective_height_m,
            weather.stability,
            weather.sigmas,
        )
        return c * MG_PER_G
    steady = float(peak_concentration(release, weather, x, y, z))
    arrival = max(x, 0.0) / weather.wind_speed_m_s
    present = t >= arrival
    if release.duration_s is not None:
        present &= t < arrival + release.duration_s
    return np.where(present, steady, 0.0)
