"""The VOC electronic fence: downwind boundary stations against upwind ones, hour by hour.

Boundary stations (kinds ``air_boundary`` and ``voc``) ring the park. For an hour with wind
blowing FROM θ (meteorological convention, degrees clockwise from north), a station whose
bearing from the park's centre lies within ``sector`` degrees of θ stands upwind (it sees
air before it crosses the park), one within ``sector`` of θ + 180° stands downwind, the
others are crosswind and left out. The upwind stations give the background

    b = mean of the upwind stations' hourly means,
    σ = sample standard deviation of every valid upwind value in the hour,

and a downwind station whose hourly mean c rises by Δ = c − b with Δ > k·σ **and**
Δ > floor raises a fence alarm: the park is adding VOC to the air it receives. The floor
keeps a perfectly steady background (σ ≈ 0) from turning noise into alarms. Below
``calm`` m/s the wind has no direction worth the name and the hour is not judged.
Defaults (k = 3, floor 0.5 mg/m³ NMHC, sector 60°, calm 0.5 m/s, 3 valid values per
station-hour as for a GB 37822-2019 A.2.2 hourly mean) are in ``ProgramSettings``.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from gis.programs.settings import ProgramSettings


def angular_difference(a: float, b: float) -> float:
    """The smaller angle between two bearings, 0..180°, across the 0/360° seam."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def role(bearing_deg: float, wind_from_deg: float, sector_deg: float) -> str:
    """'upwind', 'downwind' or 'crosswind' for a station at ``bearing_deg`` from the park's centre."""
    if angular_difference(bearing_deg, wind_from_deg) <= sector_deg:
        return "upwind"
    if angular_difference(bearing_deg, wind_from_deg + 180.0) <= sector_deg:
        return "downwind"
    return "crosswind"


def mean_wind(samples: list[tuple[float, float]]) -> tuple[float, float | None]:
    """(mean speed, vector-mean direction FROM) of (speed m/s, direction °) samples.

    Directions are averaged as vectors, so 350° and 10° give 0°, not 180°; the direction
    is None when the vectors cancel or every sample is calm.
    """
    if not samples:
        return 0.0, None
    east = sum(s * math.sin(math.radians(d)) for s, d in samples) / len(samples)
    north = sum(s * math.cos(math.radians(d)) for s, d in samples) / len(samples)
    speed = sum(s for s, _ in samples) / len(samples)
    if math.hypot(east, north) < 1e-9:
        return speed, None
    # rounding first keeps a direction a hair west of north at 0°, not 360°
    return speed, round(math.degrees(math.atan2(east, north)), 9) % 360.0


@dataclass(frozen=True)
class FenceStation:
    id: int
    code: str
    lon: float
    lat: float
    bearing_deg: float


@dataclass(frozen=True)
class StationJudgement:
    station: FenceStation
    role: str
    values: tuple[float, ...]
    mean: float | None
    delta: float | None = None
    exceeded: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "station_id": self.station.id,
            "code": self.station.code,
            "bearing_deg": round(self.station.bearing_deg, 1),
            "role": self.role,
            "samples": len(self.values),
            "mean": None if self.mean is None else round(self.mean, 4),
            "delta": None if self.delta is None else round(self.delta, 4),
            "exceeded": self.exceeded,
        }


@dataclass(frozen=True)
class FenceVerdict:
    """``status``: 'alarm', 'ok', 'calm' (no usable wind) or 'no_data' (no upwind or downwind values)."""

    status: str
    wind_from_deg: float | None
    wind_speed_m_s: float
    background: float | None = None
    sigma: float | None = None
    threshold: float | None = None
    stations: tuple[StationJudgement, ...] = field(default=())
    explanation: tuple[str, ...] = field(default=())

    @property
    def exceeded(self) -> list[StationJudgement]:
        return [s for s in self.stations if s.exceeded]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "wind_from_deg": None if self.wind_from_deg is None else round(self.wind_from_deg, 1),
            "wind_speed_m_s": round(self.wind_speed_m_s, 2),
            "background": None if self.background is None else round(self.background, 4),
            "sigma": None if self.sigma is None else round(self.sigma, 4),
            "threshold": None if self.threshold is None else round(self.threshold, 4),
            "stations": [s.as_dict() for s in self.stations],
            "explanation": list(self.explanation),
        }


def judge(
    stations: list[FenceStation],
    values: dict[int, list[float]],
    wind_from_deg: float | None,
    wind_speed_m_s: float,
    settings: ProgramSettings,
) -> FenceVerdict:
    """Judge one hour: ``values`` are the valid readings (mg/m³) of each station in it."""
    if wind_from_deg is None or wind_speed_m_s < settings.fence_calm_m_s:
        note = f"mean wind {wind_speed_m_s:.2f} m/s < {settings.fence_calm_m_s} m/s: calm, no up- or downwind"
        return FenceVerdict("calm", wind_from_deg, wind_speed_m_s, explanation=(note,))
    judged = []
    for station in stations:
        own = tuple(values.get(station.id, ()))
        enough = len(own) >= settings.fence_min_samples
        judged.append(
            StationJudgement(
                station,
                role(station.bearing_deg, wind_from_deg, settings.fence_sector_deg),
                own,
                statistics.fmean(own) if enough else None,
            )
        )
    upwind = [s for s in judged if s.role == "upwind" and s.mean is not None]
    downwind = [s for s in judged if s.role == "downwind" and s.mean is not None]
    if not upwind or not downwind:
        note = f"{len(upwind)} upwind and {len(downwind)} downwind stations with ≥ {settings.fence_min_samples} values"
        return FenceVerdict(
            "no_data", wind_from_deg, wind_speed_m_s, stations=tuple(judged), explanation=(note,)
        )
    background = statistics.fmean(s.mean for s in upwind)
    pooled = [v for s in upwind for v in s.values]
    sigma = statistics.stdev(pooled) if len(pooled) >= 2 else 0.0
    margin = max(settings.fence_k_sigma * sigma, settings.fence_floor_mg_m3)
    out = []
    for s in judged:
        if s.mean is None or s.role != "downwind":
            out.append(s)
            continue
        delta = s.mean - background
        exceeded = delta > settings.fence_k_sigma * sigma and delta > settings.fence_floor_mg_m3
        out.append(StationJudgement(s.station, s.role, s.values, s.mean, delta, exceeded))
    lines = [
        f"wind from {wind_from_deg:.1f}° at {wind_speed_m_s:.2f} m/s; upwind within ±{settings.fence_sector_deg:g}° of "
        f"{wind_from_deg:.1f}°, downwind within ±{settings.fence_sector_deg:g}° of {(wind_from_deg + 180) % 360:.1f}°",
        f"background b = mean of {', '.join(s.station.code for s in upwind)} = {background:.3f} mg/m³",
        f"σ = stdev of {len(pooled)} upwind values = {sigma:.3f} mg/m³",
        f"alarm when Δ > {settings.fence_k_sigma:g}·σ = {settings.fence_k_sigma * sigma:.3f} and "
        f"Δ > {settings.fence_floor_mg_m3:g} mg/m³, i.e. c > {background + margin:.3f} mg/m³",
        *(
            f"{s.station.code}: c = {s.mean:.3f}, Δ = {s.delta:.3f} → {'ALARM' if s.exceeded else 'ok'}"
            for s in out
            if s.delta is not None
        ),
    ]
    status = "alarm" if any(s.exceeded for s in out) else "ok"
    return FenceVerdict(
        status,
        wind_from_deg,
        wind_speed_m_s,
        background,
        sigma,
        background + margin,
        tuple(out),
        tuple(lines),
    )
