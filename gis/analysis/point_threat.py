"""Threat at a point: the concentration a receptor sees over time, and which endpoints it exceeds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gis.analysis.dispersion import concentration_at_times, peak_concentration
from gis.analysis.geodesy import LocalFrame, check_lonlat, local_to_wind
from gis.analysis.limits import (
    HOUR_S,
    NEAR_SOURCE_M,
    RECEPTOR,
    ModelWarning,
    chemical_warnings,
    near_source_warning,
    weather_warnings,
)
from gis.analysis.meteorology import Weather
from gis.analysis.scenario import Release, ToxicChemical
from gis.analysis.sigmas import sigma_y
from gis.analysis.units import mg_m3_to_ppm


@dataclass(frozen=True)
class Exceedance:
    """An endpoint the receptor reaches, and when (seconds after the release began)."""

    label: str
    threshold_mg_m3: float
    from_s: float
    until_s: float | None


@dataclass(frozen=True, eq=False)
class PointThreat:
    """Concentration over time at one receptor. ``arrival_s`` is None upwind of the source;
    ``exceeded`` lists the endpoints reached there, least severe first."""

    lon: float
    lat: float
    downwind_m: float
    crosswind_m: float
    arrival_s: float | None
    times_s: NDArray[np.float64]
    concentration_mg_m3: NDArray[np.float64]
    peak_mg_m3: float
    peak_ppm: float
    exceeded: tuple[Exceedance, ...]
    warnings: tuple[ModelWarning, ...]


def threat_at_point(
    release: Release,
    weather: Weather,
    chemical: ToxicChemical,
    lon: float,
    lat: float,
    *,
    height_m: float = 0.0,
    duration_s: float = HOUR_S,
    step_s: float = 10.0,
) -> PointThreat:
    """Concentration at (``lon``, ``lat``) from the release until ``duration_s`` (default one hour)."""
    check_lonlat(lon, lat)
    frame = LocalFrame(release.lon, release.lat)
    east, north = frame.to_local(lon, lat)
    x, y = (float(v) for v in local_to_wind(east, north, weather.wind_from_deg))
    times = np.arange(0.0, duration_s + step_s / 2, step_s)
    arrival = x / weather.wind_speed_m_s if x > 0 else None
    if arrival is not None and release.kind == "instantaneous":
        # the puff takes about 2·σx/u to pass: sample its passage finely
        spread = 4.0 * float(sigma_y(x, weather.stability, weather.sigmas)) / weather.wind_speed_m_s
        passage = np.linspace(max(arrival - spread, 0.0), arrival + spread, 401)
        times = np.union1d(times, passage[passage <= duration_s])
    c = concentration_at_times(release, weather, x, y, height_m, times)
    peak = float(peak_concentration(release, weather, x, y, height_m)) if arrival is not None else 0.0
    if arrival is not None and arrival > duration_s:
        peak = float(c.max())

    exceeded = []
    for endpoint in chemical.by_severity()[::-1]:
        level = chemical.mg_m3(endpoint)
        above = np.nonzero(c >= level)[0]
        if above.size:
            until = float(times[above[-1] + 1]) if above[-1] + 1 < times.size else None
            exceeded.append(Exceedance(endpoint.label, level, float(times[above[0]]), until))

    warnings = weather_warnings(weather) + chemical_warnings(chemical)
    distance = float(np.hypot(east, north))
    if distance < NEAR_SOURCE_M:
        warnings.append(near_source_warning(distance, RECEPTOR))
    return PointThreat(
        lon=lon,
        lat=lat,
        downwind_m=x,
        crosswind_m=y,
        arrival_s=arrival,
        times_s=times,
        concentration_mg_m3=c,
        peak_mg_m3=peak,
        peak_ppm=mg_m3_to_ppm(peak, chemical.molecular_weight),
        exceeded=tuple(exceeded),
        warnings=tuple(warnings),
    )
