"""Believable values for the demo park: daily cycles, noise, exceedances, a faulty instrument,
a plant starting up, and a VOC release whose puff drifts with the wind over the stations.

Pure functions of time and a random generator, so the scenes can be tested.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

# What each kind of station measures when the park data does not say.
DEFAULT_PARAMETERS: dict[str, tuple[str, ...]] = {
    "air_boundary": ("nmhc", "so2", "nox", "h2s", "nh3", "pm2_5", "pm10"),
    "voc": ("nmhc", "benzene", "toluene", "xylene"),
    "water_quality": ("cod", "nh3_n", "tp", "ph", "do", "water_temp"),
    "cems_outlet": ("so2", "nox", "smoke_dust", "o2", "flue_temp", "flue_velocity", "flue_gas_flow"),
    "met": ("wind_speed", "wind_dir", "air_temp", "humidity", "pressure"),
}


@dataclass(frozen=True)
class Profile:
    """``base`` ± a daily cycle peaking at ``peak_hour`` ± noise, clamped to [low, high].

    ``amplitude`` is relative to ``base`` when ``relative``, else in the parameter's unit.
    """

    base: float
    amplitude: float = 0.0
    peak_hour: float = 14.0
    noise: float = 0.05
    low: float = 0.0
    high: float = math.inf
    relative: bool = True
    decimals: int = 3

    def value(self, local_hour: float, rng: random.Random) -> float:
        cycle = math.cos(2 * math.pi * (local_hour - self.peak_hour) / 24)
        if self.relative:
            v = self.base * (1 + self.amplitude * cycle) * (1 + rng.gauss(0, self.noise))
        else:
            v = self.base + self.amplitude * cycle + rng.gauss(0, self.noise)
        return round(min(max(v, self.low), self.high), self.decimals)


# ambient concentrations in mg/m3 (HJ 212 units), stack values at CEMS outlets in mg/m3,
# water in mg/L; particulates in ug/m3 as air-quality practice reports them
AMBIENT = {
    "nmhc": Profile(0.55, 0.3, 7), "benzene": Profile(0.008, 0.3, 7), "toluene": Profile(0.02, 0.3, 7),
    "xylene": Profile(0.015, 0.3, 7), "h2s": Profile(0.002, 0.2, 6, 0.2, decimals=4),
    "nh3": Profile(0.08, 0.2, 8, 0.1), "so2": Profile(0.012, 0.3, 10, 0.1, decimals=4),
    "no2": Profile(0.03, 0.35, 8, 0.1, decimals=4), "co": Profile(0.6, 0.2, 8),
    "nox": Profile(0.045, 0.35, 8, 0.1, decimals=4), "thc": Profile(2.4, 0.1, 7, 0.05),
    "methanol": Profile(0.05, 0.3, 7, 0.15, decimals=4), "cl2": Profile(0.01, 0.2, 11, 0.2, decimals=4),
    "hcl": Profile(0.015, 0.2, 11, 0.2, decimals=4), "fluoride_air": Profile(0.002, 0.2, 11, 0.2, decimals=5),
    "pm10": Profile(62, 0.25, 9, 0.08, decimals=1), "pm2_5": Profile(35, 0.25, 9, 0.08, decimals=1),
    "wind_speed": Profile(2.4, 0.35, 14, 0.12, decimals=1), "air_temp": Profile(17, 5, 14, 0.3, -20, 45, False, 1),
    "humidity": Profile(68, -15, 14, 1.5, 5, 100, False, 1), "pressure": Profile(101.2, 0.15, 10, 0.02, relative=False),
}  # fmt: skip
STACK = {
    "so2": Profile(28, 0.1, 11, 0.06, decimals=2), "nox": Profile(65, 0.1, 11, 0.05, decimals=1),
    "smoke_dust": Profile(6.5, 0.1, 11, 0.08, decimals=2), "o2": Profile(9.5, 0.5, 11, 0.15, 0, 21, False, 1),
    "flue_temp": Profile(135, 4, 11, 1.0, relative=False, decimals=1), "flue_velocity": Profile(11.5, 0.05, 11, 0.03, decimals=2),
    "flue_gas_flow": Profile(38, 0.05, 11, 0.03, decimals=2), "flue_pressure": Profile(-0.15, 0.02, 11, 0.01, -2, 2, False),
    "flue_humidity": Profile(8.5, 0.5, 11, 0.2, 0, 100, False, 1), "nmhc": Profile(18, 0.1, 11, 0.08, decimals=2),
    "co": Profile(12, 0.1, 11, 0.1, decimals=2), "hcl": Profile(3.2, 0.1, 11, 0.1, decimals=2),
    "cl2": Profile(1.8, 0.1, 11, 0.1, decimals=2), "benzene": Profile(1.2, 0.1, 11, 0.1, decimals=3),
    "toluene": Profile(4.5, 0.1, 11, 0.1, decimals=2), "methanol": Profile(12, 0.1, 11, 0.1, decimals=2),
}  # fmt: skip
WATER = {
    "cod": Profile(38, 0.12, 10, 0.05, decimals=1), "nh3_n": Profile(2.1, 0.15, 10, 0.06, decimals=2),
    "tp": Profile(0.28, 0.1, 10, 0.06), "tn": Profile(9.5, 0.1, 10, 0.05, decimals=2),
    "ph": Profile(7.3, 0.15, 14, 0.03, 0, 14, False, 2), "do": Profile(6.2, -0.8, 15, 0.1, 0, 20, False, 2),
    "water_temp": Profile(16, 1.5, 16, 0.1, -1, 40, False, 1), "wastewater_flow": Profile(22, 0.3, 10, 0.05, decimals=2),
    "conductivity": Profile(820, 0.05, 10, 0.02, decimals=0), "ss": Profile(18, 0.15, 10, 0.08, decimals=1),
    "petroleum": Profile(0.12, 0.1, 10, 0.1), "codmn": Profile(4.2, 0.1, 10, 0.05, decimals=2),
}  # fmt: skip
# the Yangtze at Yibin is GB 3838 class II–III water: a river station reads far cleaner than
# a wastewater plant's outlet, and crosses its class limits only when something happens
RIVER = {
    "cod": Profile(11, 0.1, 10, 0.06, decimals=1), "codmn": Profile(2.6, 0.1, 10, 0.05, decimals=2),
    "nh3_n": Profile(0.22, 0.15, 10, 0.08, decimals=3), "tp": Profile(0.08, 0.1, 10, 0.08),
    "tn": Profile(1.4, 0.1, 10, 0.05, decimals=2), "do": Profile(8.1, -0.6, 15, 0.05, 0, 20, False, 2),
    "ph": Profile(7.8, 0.1, 14, 0.02, 0, 14, False, 2), "petroleum": Profile(0.02, 0.1, 10, 0.1),
}  # fmt: skip
GENERIC = Profile(1.0, 0.2, 12, 0.1)


def profile_for(kind: str, parameter: str) -> Profile:
    if kind == "cems_outlet" and parameter in STACK:
        return STACK[parameter]
    if kind == "water_quality" and parameter in RIVER:
        return RIVER[parameter]
    if kind in ("water_quality", "cems_outlet") and parameter in WATER:
        return WATER[parameter]
    return AMBIENT.get(parameter) or STACK.get(parameter) or WATER.get(parameter) or GENERIC


@dataclass
class Wind:
    """Wind at the park: speed (m/s) and the direction it blows FROM (degrees from north)."""

    speed: float = 2.4
    direction: float = 135.0

    def drift(self, local_hour: float, rng: random.Random) -> None:
        self.speed = AMBIENT["wind_speed"].value(local_hour, rng)
        # a slow random walk pulled back towards the prevailing south-easterly
        self.direction = (self.direction + rng.gauss(0, 4) + 0.02 * (135 - self.direction)) % 360

    def downwind(self) -> tuple[float, float]:
        """Unit vector (east, north) the air moves towards."""
        towards = math.radians(self.direction + 180)
        return math.sin(towards), math.cos(towards)


@dataclass(frozen=True)
class Release:
    """A VOC release at a point: a puff that moves with the wind and spreads as it goes.

    Peak concentrations are in mg/m3 of NMHC at the puff centre; the aromatics follow in
    fixed proportions.  Positions are metres east/north of the park origin.
    """

    x: float
    y: float
    start: dt.datetime
    duration: dt.timedelta = dt.timedelta(minutes=12)
    strength: float = 2.5e5

    SHARES = {"nmhc": 1.0, "benzene": 0.06, "toluene": 0.12, "xylene": 0.08, "voc": 1.0}

    def active(self, now: dt.datetime) -> bool:
        return self.start <= now < self.start + self.duration + dt.timedelta(minutes=20)

    def concentration(self, now: dt.datetime, wind: Wind, x: float, y: float, parameter: str) -> float:
        """Added concentration at (x, y): the sum of puffs emitted each minute of the release."""
        share = self.SHARES.get(parameter)
        if share is None or now < self.start:
            return 0.0
        east, north = wind.downwind()
        total = 0.0
        emitted = self.start
        while emitted <= min(now, self.start + self.duration):
            travel = max(wind.speed, 0.5) * (now - emitted).total_seconds()
            cx, cy = self.x + east * travel, self.y + north * travel
            sigma = 40.0 + 0.25 * travel
            d2 = (x - cx) ** 2 + (y - cy) ** 2
            total += self.strength / (2 * math.pi * sigma**2) * math.exp(-d2 / (2 * sigma**2))
            emitted += dt.timedelta(minutes=1)
        return round(share * total, 4)


def metres(lon: float, lat: float, origin: tuple[float, float]) -> tuple[float, float]:
    """Local east/north metres from ``origin`` (equirectangular: fine across a park)."""
    r = 6_371_000.0
    x = math.radians(lon - origin[0]) * r * math.cos(math.radians(origin[1]))
    y = math.radians(lat - origin[1]) * r
    return x, y
