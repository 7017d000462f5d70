"""The weather a release meets: wind from the nearest live met station, or as entered, and a
Pasquill stability class from the time of day and the cloud cover, or as entered.

Day and night follow the sun (Pasquill's table: day from sunrise to sunset). By day the
insolation class comes from the solar elevation, as Turner (1964) grades it: above 60°
strong, 35–60° moderate, 15–35° slight, lower also slight; 5–7 oktas of cloud take it one
class down and 8 oktas make the sky overcast (class D day or night). By night, 4 oktas or
more is "cloudy", 3 or fewer "clear". With the cloud cover unknown the most stable class the
table allows at that wind and time of day is used (D by day, the clear-night column by
night): the longest zones, which is the side to err on in an emergency.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import asyncpg

from gis.analysis.geodesy import check_lonlat
from gis.analysis.meteorology import STABILITY_CLASSES, Weather, pasquill_stability
from gis.errors import InvalidInput, NotFound

_HERE = Path(__file__).resolve().parent
LATEST_WIND_SQL = (_HERE / "weather_latest.sql").read_text()
HOURLY_WIND_SQL = (_HERE / "weather_hourly.sql").read_text()

LIVE_MAX_AGE = dt.timedelta(minutes=30)
LIVE_AVERAGING = dt.timedelta(minutes=10)
# calm below this: the vane has no direction to give and the Gaussian model none to use
CALM_M_S = 0.1

Terrain = Literal["rural", "urban"]


def solar_elevation_deg(lon: float, lat: float, at: dt.datetime) -> float:
    """Sun's elevation above the horizon (degrees), NOAA general solar position equations
    (accurate to about a degree, plenty to tell day from night and grade insolation)."""
    check_lonlat(lon, lat)
    if at.tzinfo is None:
        raise InvalidInput("the time needs a time zone")
    utc = at.astimezone(dt.UTC)
    hours = utc.hour + utc.minute / 60 + utc.second / 3600
    days_in_year = 366 if utc.year % 4 == 0 and (utc.year % 100 != 0 or utc.year % 400 == 0) else 365
    g = 2 * math.pi / days_in_year * (utc.timetuple().tm_yday - 1 + (hours - 12) / 24)
    eqtime = 229.18 * (
        0.000075 + 0.001868 * math.cos(g) - 0.032077 * math.sin(g)
        - 0.014615 * math.cos(2 * g) - 0.040849 * math.sin(2 * g)
    )  # fmt: skip
    decl = (
        0.006918 - 0.399912 * math.cos(g) + 0.070257 * math.sin(g)
        - 0.006758 * math.cos(2 * g) + 0.000907 * math.sin(2 * g)
        - 0.002697 * math.cos(3 * g) + 0.00148 * math.sin(3 * g)
    )  # fmt: skip
    true_solar_min = hours * 60 + eqtime + 4 * lon
    hour_angle = math.radians(true_solar_min / 4 - 180)
    phi = math.radians(lat)
    cos_zenith = math.sin(phi) * math.sin(decl) + math.cos(phi) * math.cos(decl) * math.cos(hour_angle)
    return 90.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos_zenith))))


@dataclass(frozen=True)
class StabilityChoice:
    stability: str
    daytime: bool
    solar_elevation_deg: float
    basis: str
    insolation: str | None = None

    def facts(self, cloud_oktas: int | None) -> dict[str, Any]:
        """What the class was read from, for a client to state in its own language."""
        return {
            "method": "pasquill",
            "daytime": self.daytime,
            "sun_elevation_deg": round(self.solar_elevation_deg),
            "cloud_oktas": cloud_oktas,
            "insolation": self.insolation,
        }


def stability_for(
    wind_speed_m_s: float, lon: float, lat: float, at: dt.datetime, cloud_oktas: int | None
) -> StabilityChoice:
    """Pasquill class for the wind at (``lon``, ``lat``) at time ``at`` (see the module text)."""
    if cloud_oktas is not None and not 0 <= cloud_oktas <= 8:
        raise InvalidInput(f"cloud cover is 0–8 oktas, got {cloud_oktas}")
    elevation = solar_elevation_deg(lon, lat, at)
    daytime = elevation > 0
    period = f"{'day' if daytime else 'night'} (sun {elevation:.0f}° {'above' if daytime else 'below'} the horizon)"
    if cloud_oktas == 8:
        return StabilityChoice("D", daytime, elevation, f"Pasquill table, {period}, overcast: D")
    if cloud_oktas is None:
        if daytime:
            return StabilityChoice(
                "D", daytime, elevation, f"Pasquill table, {period}, cloud unknown: D, the most stable by day"
            )
        stability = pasquill_stability(wind_speed_m_s, daytime=False, night_cloud="clear")
        return StabilityChoice(
            stability,
            daytime,
            elevation,
            f"Pasquill table, {period}, cloud unknown: clear night (most stable)",
        )
    if not daytime:
        cloud = "cloudy" if cloud_oktas >= 4 else "clear"
        stability = pasquill_stability(wind_speed_m_s, daytime=False, night_cloud=cloud)
        return StabilityChoice(
            stability, daytime, elevation, f"Pasquill table, {period}, {cloud_oktas}/8 cloud"
        )
    grades = ["slight", "moderate", "strong"]
    grade = 2 if elevation > 60 else 1 if elevation > 35 else 0
    if cloud_oktas >= 5:
        grade = max(grade - 1, 0)
    insolation = grades[grade]
    stability = pasquill_stability(wind_speed_m_s, daytime=True, insolation=insolation)  # type: ignore[arg-type]
    return StabilityChoice(
        stability,
        daytime,
        elevation,
        f"Pasquill table, {period}, {cloud_oktas}/8 cloud: {insolation} insolation",
        insolation,
    )


@dataclass(frozen=True)
class WeatherSpec:
    """What the caller says about the weather; ``source`` "auto" takes the wind from the
    nearest live met station (entered values are then the fallback), ``stability`` None
    or "auto" takes it from the Pasquill table."""

    source: Literal["auto", "entered"] = "entered"
    wind_speed_m_s: float | None = None
    wind_from_deg: float | None = None
    stability: str | None = None
    cloud_oktas: int | None = None
    at: dt.datetime | None = None
    terrain: Terrain = "rural"


@dataclass(frozen=True)
class LiveWind:
    station_id: int
    station_code: str
    station_name: str
    distance_m: float
    wind_speed_m_s: float
    wind_from_deg: float | None
    observed_at: dt.datetime
    samples: int


@dataclass(frozen=True)
class ResolvedWeather:
    weather: Weather
    at: dt.datetime
    wind_source: str
    stability_basis: str
    station: LiveWind | None
    notes: tuple[str, ...]
    stability_facts: dict[str, Any] = field(default_factory=lambda: {"method": "entered"})

    def as_dict(self) -> dict[str, Any]:
        station = self.station
        return {
            "wind_speed_m_s": round(self.weather.wind_speed_m_s, 2),
            "wind_from_deg": round(self.weather.wind_from_deg, 1),
            "stability": self.weather.stability,
            "sigmas": self.weather.sigmas,
            "at": self.at,
            "wind_source": self.wind_source,
            "stability_basis": self.stability_basis,
            "stability_facts": self.stability_facts,
            "station": None
            if station is None
            else {
                "id": station.station_id,
                "code": station.station_code,
                "name": station.station_name,
                "distance_m": round(station.distance_m),
                "observed_at": station.observed_at,
                "samples": station.samples,
            },
            "notes": list(self.notes),
        }


async def nearest_live_wind(
    conn: asyncpg.Connection, lon: float, lat: float, at: dt.datetime, max_age: dt.timedelta = LIVE_MAX_AGE
) -> LiveWind | None:
    """Vector-mean wind over the last 10 minutes of the nearest met station that reported
    wind within ``max_age`` before ``at`` (direction None when calm); None when no station did."""
    row = await conn.fetchrow(LATEST_WIND_SQL, lon, lat, at - max_age, at, LIVE_AVERAGING)
    if row is None or row["samples"] == 0:
        return None
    speed, direction = row["speed"], row["direction"]
    if direction is None or speed < CALM_M_S:
        direction = None
    return LiveWind(
        station_id=row["id"],
        station_code=row["code"],
        station_name=row["name_zh"],
        distance_m=row["distance_m"],
        wind_speed_m_s=speed,
        wind_from_deg=None if direction is None else direction % 360.0,
        observed_at=row["observed_at"],
        samples=row["samples"],
    )


async def resolve_weather(
    conn: asyncpg.Connection, spec: WeatherSpec, lon: float, lat: float
) -> ResolvedWeather:
    """The ``Weather`` to model with, and where each part of it came from."""
    at = spec.at or dt.datetime.now(dt.UTC)
    if at.tzinfo is None:
        raise InvalidInput("the weather time needs a time zone")
    notes: list[str] = []
    station = None
    speed, direction = spec.wind_speed_m_s, spec.wind_from_deg
    if spec.source == "auto":
        station = await nearest_live_wind(conn, lon, lat, at)
        if station is not None and station.wind_from_deg is not None:
            speed, direction = station.wind_speed_m_s, station.wind_from_deg
            wind_source = f"met station {station.station_code}, mean of the 10 min to {station.observed_at:%Y-%m-%d %H:%M} UTC"
        elif speed is None or direction is None:
            why = "calm" if station is not None else f"silent for more than {LIVE_MAX_AGE.seconds // 60} min"
            raise NotFound(
                f"no live wind (the nearest met station is {why}); enter the wind speed and direction"
            )
        else:
            why = "calm" if station is not None else "silent"
            notes.append(f"no live wind (met station {why}): the entered wind is used")
            wind_source = "entered (live wind unavailable)"
            station = None
    else:
        if speed is None or direction is None:
            raise InvalidInput(
                "entered weather needs the wind speed (m/s) and the direction it blows from (°)"
            )
        wind_source = "entered"
    if not speed > 0:
        raise InvalidInput(f"wind speed must be positive, got {speed} m/s")
    facts: dict[str, Any] = {"method": "entered"}
    if spec.stability in (None, "auto"):
        choice = stability_for(speed, lon, lat, at, spec.cloud_oktas)
        stability, basis = choice.stability, choice.basis
        facts = choice.facts(spec.cloud_oktas)
    elif spec.stability in STABILITY_CLASSES:
        stability, basis = spec.stability, "entered"
    else:
        raise InvalidInput(f"stability must be one of {', '.join(STABILITY_CLASSES)} or auto")
    sigmas = "briggs_urban" if spec.terrain == "urban" else "briggs_rural"
    weather = Weather(float(speed), float(direction) % 360.0, stability, sigmas)
    return ResolvedWeather(weather, at, wind_source, basis, station, tuple(notes), facts)


@dataclass(frozen=True)
class HourlyWind:
    start: dt.datetime
    wind_speed_m_s: float
    wind_from_deg: float | None
    samples: int


async def hourly_wind(
    conn: asyncpg.Connection, lon: float, lat: float, start: dt.datetime, end: dt.datetime
) -> tuple[dict[str, Any] | None, list[HourlyWind]]:
    """Hourly mean wind (vector-mean direction) of the met station nearest (``lon``, ``lat``)
    that has wind in [``start``, ``end``); (station, hours) — (None, []) without one."""
    rows = await conn.fetch(HOURLY_WIND_SQL, lon, lat, start, end)
    if not rows:
        return None, []
    first = rows[0]
    station = {"id": first["station_id"], "code": first["code"], "name": first["name_zh"]}
    hours = [
        HourlyWind(
            r["hour"],
            r["speed"],
            None if r["direction"] is None or r["speed"] < CALM_M_S else r["direction"] % 360.0,
            r["samples"],
        )
        for r in rows
    ]
    return station, hours
