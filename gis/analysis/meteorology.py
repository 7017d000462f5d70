"""Weather for dispersion: wind, Pasquill stability class, dispersion-coefficient set.

Wind direction is meteorological: the direction the wind blows FROM, in degrees
clockwise from true north (a 270° wind carries a release towards the east).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from gis.errors import InvalidInput

BASE_CLASSES = ("A", "B", "C", "D", "E", "F")
HALF_CLASSES = ("A-B", "B-C", "C-D")
STABILITY_CLASSES = BASE_CLASSES + HALF_CLASSES

SigmaSet = Literal["pasquill_gifford", "briggs_rural", "briggs_urban"]
SIGMA_SETS: tuple[str, ...] = ("pasquill_gifford", "briggs_rural", "briggs_urban")

Insolation = Literal["strong", "moderate", "slight", "overcast"]
NightCloud = Literal["cloudy", "clear", "overcast"]

# Pasquill's table (Fundamentals of Air Pollution 3E, Table 19-3) by surface wind speed
# (m/s at 10 m): upper bound of the row, then day strong/moderate/slight, night
# thin overcast or ≥ 4/8 low cloud, night ≤ 3/8 cloud.
_PASQUILL_ROWS: tuple[tuple[float, tuple[str, str, str, str, str]], ...] = (
    (2.0, ("A", "A-B", "B", "F", "F")),
    (3.0, ("A-B", "B", "C", "E", "F")),
    (5.0, ("B", "B-C", "C", "D", "E")),
    (6.0, ("C", "C-D", "D", "D", "D")),
    (math.inf, ("C", "D", "D", "D", "D")),
)
_COLUMN = {"strong": 0, "moderate": 1, "slight": 2, "cloudy": 3, "clear": 4}


def pasquill_stability(
    wind_speed_m_s: float,
    *,
    daytime: bool,
    insolation: Insolation | None = None,
    night_cloud: NightCloud | None = None,
) -> str:
    """Pasquill stability class from the 10 m wind speed and insolation or night cloud.

    Overcast day or night is D whatever the wind (the table's note). The table leaves
    night with wind < 2 m/s blank; it is taken here as F, the most stable class the
    dispersion coefficients cover, which is the conservative reading.
    """
    if not wind_speed_m_s >= 0:
        raise InvalidInput(f"wind speed must be ≥ 0 m/s, got {wind_speed_m_s}")
    condition = insolation if daytime else night_cloud
    if condition is None:
        need = (
            "insolation (strong/moderate/slight/overcast)"
            if daytime
            else "night_cloud (cloudy/clear/overcast)"
        )
        raise InvalidInput(f"stability from the Pasquill table needs {need}")
    if condition == "overcast":
        return "D"
    if (
        condition not in _COLUMN
        or (daytime and condition in ("cloudy", "clear"))
        or (not daytime and condition in ("strong", "moderate", "slight"))
    ):
        raise InvalidInput(f"{condition!r} is not a {'day insolation' if daytime else 'night cloud'} class")
    for upper, row in _PASQUILL_ROWS:
        if wind_speed_m_s < upper:
            return row[_COLUMN[condition]]
    raise AssertionError("unreachable: last row is open-ended")


@dataclass(frozen=True)
class Weather:
    """Wind and stability at the release; the wind speed is taken at the release height."""

    wind_speed_m_s: float
    wind_from_deg: float
    stability: str
    sigmas: SigmaSet = "briggs_rural"

    def __post_init__(self) -> None:
        if not (self.wind_speed_m_s > 0 and math.isfinite(self.wind_speed_m_s)):
            raise InvalidInput(f"wind speed must be a positive number of m/s, got {self.wind_speed_m_s}")
        if not math.isfinite(self.wind_from_deg):
            raise InvalidInput(f"wind direction must be a number of degrees, got {self.wind_from_deg}")
        if self.stability not in STABILITY_CLASSES:
            raise InvalidInput(
                f"stability must be one of {', '.join(STABILITY_CLASSES)}, got {self.stability!r}"
            )
        if self.sigmas not in SIGMA_SETS:
            raise InvalidInput(f"sigmas must be one of {', '.join(SIGMA_SETS)}, got {self.sigmas!r}")

    @property
    def downwind_unit(self) -> tuple[float, float]:
        """(east, north) unit vector of the direction the wind blows TO."""
        return downwind_unit(self.wind_from_deg)


def downwind_unit(wind_from_deg: float) -> tuple[float, float]:
    """(east, north) unit vector pointing downwind of a wind blowing FROM ``wind_from_deg``."""
    theta = math.radians(wind_from_deg)
    return -math.sin(theta), -math.cos(theta)
