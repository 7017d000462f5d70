"""Where the Gaussian model stops being trustworthy, stated the way ALOHA states its own limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gis.analysis.meteorology import Weather
from gis.analysis.scenario import ToxicChemical
from gis.analysis.units import AIR_MOLECULAR_WEIGHT

MIN_WIND_M_S = 1.0
NEAR_SOURCE_M = 100.0
MAX_DISTANCE_M = 10_000.0
HOUR_S = 3600.0


@dataclass(frozen=True)
class ModelWarning:
    """A limit of the model here: ``code``, an English sentence, and the ``facts`` it states
    (numbers, zone labels) so a client can say the same in its own language."""

    code: str
    message: str
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "facts": self.facts}


def zone_end(label: str) -> dict[str, str]:
    """The far end of a threat zone, as a warning names the place it is about."""
    return {"place": "zone_end", "zone": label}


RECEPTOR = {"place": "receptor"}


def _what(place: dict[str, str]) -> str:
    if place["place"] == "receptor":
        return "the receptor"
    if place["place"] == "zone_end":
        return f"the end of the {place['zone']} zone"
    return f"the {place['zone']} zone"


def weather_warnings(weather: Weather) -> list[ModelWarning]:
    found = []
    if weather.wind_speed_m_s < MIN_WIND_M_S:
        found.append(
            ModelWarning(
                "low_wind",
                f"wind {weather.wind_speed_m_s:g} m/s is below {MIN_WIND_M_S:g} m/s: the wind direction "
                "wanders and the Gaussian model is not reliable; treat the zones as a lower bound in every direction",
                {"wind_m_s": weather.wind_speed_m_s, "min_wind_m_s": MIN_WIND_M_S},
            )
        )
    if weather.stability == "F":
        found.append(
            ModelWarning(
                "very_stable",
                "very stable air (class F): the plume may stay concentrated far downwind and "
                "meander; predictions are least certain in these conditions",
                {"stability": "F"},
            )
        )
    return found


def chemical_warnings(chemical: ToxicChemical) -> list[ModelWarning]:
    dense = chemical.dense_gas
    if dense is None:
        dense = chemical.molecular_weight > AIR_MOLECULAR_WEIGHT
    if not dense:
        return []
    return [
        ModelWarning(
            "dense_gas",
            f"{chemical.name} (molecular weight {chemical.molecular_weight:g}) may form a heavier-than-air "
            "cloud that hugs the ground and flows downhill; dense-gas dispersion is not modelled here",
            {"molecular_weight": chemical.molecular_weight, "air_molecular_weight": AIR_MOLECULAR_WEIGHT},
        )
    ]


def near_source_warning(distance_m: float, place: dict[str, str]) -> ModelWarning:
    """``place``: ``RECEPTOR`` or ``zone_end(label)``."""
    return ModelWarning(
        "near_source",
        f"{_what(place)} lies within {distance_m:.0f} m of the source; concentrations closer than about "
        f"{NEAR_SOURCE_M:.0f} m are patchy and not reliably predicted",
        {**place, "distance_m": round(distance_m), "near_source_m": NEAR_SOURCE_M},
    )


def beyond_range_warning(zone_label: str) -> ModelWarning:
    place = {"place": "zone", "zone": zone_label}
    return ModelWarning(
        "beyond_range",
        f"{_what(place)} extends past {MAX_DISTANCE_M / 1000:.0f} km; it is cut there, where the "
        "dispersion coefficients and steady wind no longer hold",
        {**place, "max_distance_km": MAX_DISTANCE_M / 1000},
    )


def travel_time_warnings(
    place: dict[str, str], distance_m: float, wind_speed_m_s: float, release_duration_s: float | None
) -> list[ModelWarning]:
    """Warnings when the wind must carry the release longer than the model's assumptions hold."""
    travel_s = distance_m / wind_speed_m_s
    what = _what(place)
    found = []
    if travel_s > HOUR_S:
        found.append(
            ModelWarning(
                "beyond_an_hour",
                f"{what} is reached {travel_s / 60:.0f} min after the release: the wind is unlikely "
                "to hold steady that long, so the far part of the zone is uncertain",
                {**place, "travel_min": round(travel_s / 60)},
            )
        )
    if release_duration_s is not None and travel_s > release_duration_s:
        found.append(
            ModelWarning(
                "short_release",
                f"the release lasts {release_duration_s / 60:.0f} min but takes {travel_s / 60:.0f} min "
                f"to reach {what}: a steady plume overstates the far part; a puff may describe it better",
                {**place, "release_min": round(release_duration_s / 60), "travel_min": round(travel_s / 60)},
            )
        )
    return found
