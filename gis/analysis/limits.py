"""Where the Gaussian model stops being trustworthy, stated the way ALOHA states its own limits."""

from __future__ import annotations

from dataclasses import dataclass

from gis.analysis.meteorology import Weather
from gis.analysis.scenario import ToxicChemical
from gis.analysis.units import AIR_MOLECULAR_WEIGHT

MIN_WIND_M_S = 1.0
NEAR_SOURCE_M = 100.0
MAX_DISTANCE_M = 10_000.0
HOUR_S = 3600.0


@dataclass(frozen=True)
class ModelWarning:
    code: str
    message: str


def weather_warnings(weather: Weather) -> list[ModelWarning]:
    found = []
    if weather.wind_speed_m_s < MIN_WIND_M_S:
        found.append(
            ModelWarning(
                "low_wind",
                f"wind {weather.wind_speed_m_s:g} m/s is below {MIN_WIND_M_S:g} m/s: the wind direction "
                "wanders and the Gaussian model is not reliable; treat the zones as a lower bound in every direction",
            )
        )
    if weather.stability == "F":
        found.append(
            ModelWarning(
                "very_stable",
                "very stable air (class F): the plume may stay concentrated far downwind and "
                "meander; predictions are least certain in these conditions",
            )
        )
    return found


def chemical_warnings(chemical: ToxicChemical) -> list[ModelWarning]:
    dense = chemical.dense_gas
    if dense is None and chemical.molecular_weight is not None:
        dense = chemical.molecular_weight > AIR_MOLECULAR_WEIGHT
    if not dense:
        return []
    return [
        ModelWarning(
            "dense_gas",
            f"{chemical.name} (molecular weight {chemical.molecular_weight:g}) may form a heavier-than-air "
            "cloud that hugs the ground and flows downhill; dense-gas dispersion is not modelled here",
        )
    ]


def near_source_warning(distance_m: float, what: str) -> ModelWarning:
    return ModelWarning(
        "near_source",
        f"{what} lies within {distance_m:.0f} m of the source; concentrations closer than about "
        f"{NEAR_SOURCE_M:.0f} m are patchy and not reliably predicted",
    )


def beyond_range_warning(what: str) -> ModelWarning:
    return ModelWarning(
        "beyond_range",
        f"{what} extends past {MAX_DISTANCE_M / 1000:.0f} km; it is cut there, where the "
        "dispersion coefficients and steady wind no longer hold",
    )


def travel_time_warnings(
    what: str, distance_m: float, wind_speed_m_s: float, release_duration_s: float | None
) -> list[ModelWarning]:
    """Warnings when the wind must carry the release longer than the model's assumptions hold."""
    travel_s = distance_m / wind_speed_m_s
    found = []
    if travel_s > HOUR_S:
        found.append(
            ModelWarning(
                "beyond_an_hour",
                f"{what} is reached {travel_s / 60:.0f} min after the release: the wind is unlikely "
                "to hold steady that long, so the far part of the zone is uncertain",
            )
        )
    if release_duration_s is not None and travel_s > release_duration_s:
        found.append(
            ModelWarning(
                "short_release",
                f"the release lasts {release_duration_s / 60:.0f} min but takes {travel_s / 60:.0f} min "
                f"to reach {what}: a steady plume overstates the far part; a puff may describe it better",
            )
        )
    return found
