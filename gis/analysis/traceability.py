"""Source traceability: which candidate sources best explain elevated station readings.

Every candidate's unit-emission footprint at every reading (``source_footprints``) forms a
matrix A; non-negative least squares finds emission rates q ≥ 0 with A·q closest to the
observed excess over background. Each candidate is also fitted alone, and every cell of
a grid is tried as a lone source (back-trajectory style) to draw where the source most
likely is, including places no candidate stands.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import nnls

from gis.analysis.geodesy import LocalFrame, check_lonlat
from gis.analysis.grid import ValueGrid
from gis.analysis.meteorology import SIGMA_SETS, Weather
from gis.analysis.source_footprints import ReadingConditions, footprints, lone_source_fit
from gis.analysis.source_surface import likelihood_surface
from gis.errors import InvalidInput

HOUR = dt.timedelta(hours=1)
SUPPORT_FRACTION = 0.1
LISTED = 8


@dataclass(frozen=True)
class CandidateSource:
    id: int | str
    lon: float
    lat: float
    height_m: float = 0.0
    name: str | None = None

    def __post_init__(self) -> None:
        check_lonlat(self.lon, self.lat)


@dataclass(frozen=True)
class Station:
    id: int | str
    lon: float
    lat: float
    height_m: float = 0.0

    def __post_init__(self) -> None:
        check_lonlat(self.lon, self.lat)


@dataclass(frozen=True)
class Reading:
    """A station value above background (mg/m³); keep clean readings too: they rule sources out."""

    station_id: int | str
    at: dt.datetime
    excess_mg_m3: float


@dataclass(frozen=True)
class WindHour:
    """The wind for the hour starting at ``start``."""

    start: dt.datetime
    wind_speed_m_s: float
    wind_from_deg: float
    stability: str

    def __post_init__(self) -> None:
        Weather(self.wind_speed_m_s, self.wind_from_deg, self.stability)  # same checks


@dataclass(frozen=True)
class Evidence:
    """One reading against one candidate: what was seen and what the candidate would cause."""

    station_id: int | str
    at: dt.datetime
    observed_mg_m3: float
    modelled_mg_m3: float


@dataclass(frozen=True)
class CandidateScore:
    """A candidate's place in the ranking and why.

    ``rate_g_s`` and ``share`` come from the joint fit (share of the explained signal);
    ``alone_*`` from fitting this candidate as the only source. ``judged`` is False when
    the candidate was never upwind of a station, so the readings say nothing about it.
    """

    rank: int
    candidate: CandidateSource
    rate_g_s: float
    share: float
    alone_rate_g_s: float
    alone_explained: float
    alone_rms_residual_mg_m3: float
    judged: bool
    supported_by: tuple[Evidence, ...]
    contradicted_by: tuple[Evidence, ...]


@dataclass(frozen=True, eq=False)
class TraceResult:
    """The ranking (best first), how much of Σc² the joint fit explains, its RMS residual,
    and the likelihood and explained-fraction surfaces (None when not asked for)."""

    ranking: tuple[CandidateScore, ...]
    explained: float
    rms_residual_mg_m3: float
    readings_used: int
    readings_skipped: int
    likelihood: ValueGrid | None
    explained_surface: ValueGrid | None

    def to_geojson(self) -> dict[str, Any]:
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [s.candidate.lon, s.candidate.lat]},
                    "properties": {
                        "id": s.candidate.id,
                        "name": s.candidate.name,
                        "rank": s.rank,
                        "rate_g_s": s.rate_g_s,
                        "share": s.share,
                        "alone_explained": s.alone_explained,
                        "alone_rms_residual_mg_m3": s.alone_rms_residual_mg_m3,
                        "judged": s.judged,
                    },
                }
                for s in self.ranking
            ],
        }


def rank_sources(
    candidates: list[CandidateSource],
    stations: list[Station],
    readings: list[Reading],
    wind: list[WindHour],
    *,
    sigma_set: str = "briggs_rural",
    direction_sigma_deg: float = 5.0,
    surface_cells: int = 50,
) -> TraceResult:
    """Rank ``candidates`` by how well each explains ``readings`` under the ``wind`` history.

    ``direction_sigma_deg``: how far an hour's mean wind direction may stray from where the
    plume really went (meander, vane error); footprints are averaged over ±2σ of it.
    ``surface_cells`` sets the likelihood grid (cells per side; 0 for none).
    """
    if not candidates:
        raise InvalidInput("no candidate sources to rank")
    if sigma_set not in SIGMA_SETS:
        raise InvalidInput(f"sigma_set must be one of {', '.join(SIGMA_SETS)}")
    frame = _frame(candidates, stations)
    conditions, observed, used = _conditions(frame, stations, readings, wind)
    if not np.any(observed > 0):
        raise InvalidInput("no reading above background: nothing to trace")

    src_e, src_n = frame.to_local([c.lon for c in candidates], [c.lat for c in candidates])
    src_h = np.array([c.height_m for c in candidates], dtype=float)
    a = footprints(conditions, src_e, src_n, src_h, sigma_set, direction_sigma_deg)

    rates = _nnls(a, observed)
    modelled = a * rates[None, :]
    total = modelled.sum()
    shares = modelled.sum(axis=0) / total if total > 0 else np.zeros(len(candidates))
    alone_rates, alone_explained = lone_source_fit(a, observed)
    residual = observed - modelled.sum(axis=1)
    norm2 = float(observed @ observed)

    order = sorted(
        range(len(candidates)), key=lambda j: (-shares[j], -alone_explained[j], str(candidates[j].id))
    )
    ranking = tuple(
        _score(rank, candidates[j], j, a, observed, rates, shares, alone_rates, alone_explained, used)
        for rank, j in enumerate(order, start=1)
    )
    likelihood = explained_surface = None
    if surface_cells > 0:
        likelihood, explained_surface = likelihood_surface(
            frame, conditions, observed, src_e, src_n, sigma_set, direction_sigma_deg, surface_cells
        )
    return TraceResult(
        ranking=ranking,
        explained=1.0 - float(residual @ residual) / norm2,
        rms_residual_mg_m3=float(np.sqrt(np.mean(residual**2))),
        readings_used=len(used),
        readings_skipped=len(readings) - len(used),
        likelihood=likelihood,
        explained_surface=explained_surface,
    )


def _frame(candidates: list[CandidateSource], stations: list[Station]) -> LocalFrame:
    lons = [c.lon for c in candidates] + [s.lon for s in stations]
    lats = [c.lat for c in candidates] + [s.lat for s in stations]
    return LocalFrame(float(np.mean(lons)), float(np.mean(lats)))


def _conditions(
    frame: LocalFrame, stations: list[Station], readings: list[Reading], wind: list[WindHour]
) -> tuple[ReadingConditions, NDArray[np.float64], list[Reading]]:
    """Match every reading with its station and wind hour; readings outside the history are skipped."""
    by_id = {s.id: s for s in stations}
    hours = sorted(wind, key=lambda h: h.start)
    starts = [h.start for h in hours]
    used, rows = [], []
    for reading in readings:
        station = by_id.get(reading.station_id)
        if station is None:
            raise InvalidInput(f"reading from unknown station {reading.station_id!r}")
        if not math.isfinite(reading.excess_mg_m3):
            raise InvalidInput(f"reading at {reading.at} from {reading.station_id!r} is not a number")
        try:
            i = bisect.bisect_right(starts, reading.at) - 1
        except TypeError:
            raise InvalidInput("reading and wind times must all carry a time zone, or none") from None
        if i < 0 or reading.at >= hours[i].start + HOUR:
            continue
        used.append(reading)
        rows.append((station, hours[i]))
    if not used:
        raise InvalidInput("no reading falls within the wind history")
    e, n = frame.to_local([s.lon for s, _ in rows], [s.lat for s, _ in rows])
    conditions = ReadingConditions(
        east_m=np.atleast_1d(e),
        north_m=np.atleast_1d(n),
        height_m=np.array([s.height_m for s, _ in rows], dtype=float),
        wind_speed_m_s=np.array([h.wind_speed_m_s for _, h in rows], dtype=float),
        wind_from_deg=np.array([h.wind_from_deg for _, h in rows], dtype=float),
        stability=np.array([h.stability for _, h in rows]),
    )
    observed = np.maximum(np.array([r.excess_mg_m3 for r in used], dtype=float), 0.0)
    return conditions, observed, used


def _nnls(a: NDArray[np.float64], observed: NDArray[np.float64]) -> NDArray[np.float64]:
    """Non-negative rates (g/s); columns are scaled to unit length for a well-conditioned solve."""
    norms = np.linalg.norm(a, axis=0)
    live = norms > 0
    rates = np.zeros(a.shape[1])
    if live.any():
        scaled, _ = nnls(a[:, live] / norms[live], observed, maxiter=50 * a.shape[1])
        rates[live] = scaled / norms[live]
    return rates


def _score(
    rank: int,
    candidate: CandidateSource,
    j: int,
    a: NDArray[np.float64],
    observed: NDArray[np.float64],
    rates: NDArray[np.float64],
    shares: NDArray[np.float64],
    alone_rates: NDArray[np.float64],
    alone_explained: NDArray[np.float64],
    used: list[Reading],
) -> CandidateScore:
    rate = rates[j] if rates[j] > 0 else alone_rates[j]
    modelled = a[:, j] * rate
    supports = np.nonzero((observed > 0) & (modelled >= SUPPORT_FRACTION * observed) & (modelled > 0))[0]
    supports = supports[np.argsort(-modelled[supports])][:LISTED]
    # a reading the candidate alone would have raised clearly, but that stayed near background
    alone = a[:, j] * alone_rates[j]
    peak = observed.max()
    against = np.nonzero((alone - observed >= SUPPORT_FRACTION * peak) & (observed < 0.5 * alone))[0]
    against = against[np.argsort(observed[against] - alone[against])][:LISTED]

    def evidence(i: int, model: NDArray[np.float64]) -> Evidence:
        return Evidence(used[i].station_id, used[i].at, float(observed[i]), float(model[i]))

    return CandidateScore(
        rank=rank,
        candidate=candidate,
        rate_g_s=float(rates[j]),
        share=float(shares[j]),
        alone_rate_g_s=float(alone_rates[j]),
        alone_explained=float(alone_explained[j]),
        alone_rms_residual_mg_m3=float(np.sqrt(np.mean((observed - alone) ** 2))),
        judged=bool(np.any(a[:, j] > 0)),
        supported_by=tuple(evidence(i, modelled) for i in supports),
        contradicted_by=tuple(evidence(i, alone) for i in against),
    )
