"""Source traceability: recover a known source among decoys from synthetic station readings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from pyproj import Geod

from gis.analysis.gaussian import plume_concentration
from gis.analysis.geodesy import LocalFrame, local_to_wind
from gis.analysis.source_footprints import ReadingConditions, footprints
from gis.analysis.traceability import (
    HOUR,
    CandidateSource,
    Reading,
    Station,
    WindHour,
    rank_sources,
)
from gis.errors import InvalidInput

GEOD = Geod(ellps="WGS84")
ORIGIN = (118.80, 32.20)
START = dt.datetime(2026, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DAY_CLASSES = ("B", "C", "C", "D")
NIGHT_CLASSES = ("D", "E", "F")


def at_offset(east: float, north: float) -> tuple[float, float]:
    lon, lat = LocalFrame(*ORIGIN).to_lonlat(east, north)
    return float(lon), float(lat)


def synthetic_park(seed: int, candidates: int, stations: int, hours: int = 24):
    """A park with stations on a ring, candidate sources inside it and a day of hourly wind.

    The first candidate is the true source; every decoy stands at least 300 m from it.
    """
    rng = np.random.default_rng(seed)
    true_e, true_n = rng.uniform(-800, 800, 2)
    positions = [(true_e, true_n)]
    while len(positions) < candidates:
        e, n = rng.uniform(-2000, 2000, 2)
        if np.hypot(e - true_e, n - true_n) >= 300:
            positions.append((e, n))
    sources = [
        CandidateSource(f"E{i:03d}", *at_offset(e, n), name=f"enterprise {i}")
        for i, (e, n) in enumerate(positions)
    ]
    angles = np.linspace(0, 2 * np.pi, stations, endpoint=False) + rng.uniform(0, 0.5)
    ring = [(2600 * np.sin(a), 2600 * np.cos(a)) for a in angles]
    station_list = [Station(f"S{i:02d}", *at_offset(e, n)) for i, (e, n) in enumerate(ring)]
    wind = []
    for h in range(hours):
        daytime = 7 <= (h % 24) < 19
        classes = DAY_CLASSES if daytime else NIGHT_CLASSES
        wind.append(
            WindHour(
                START + h * HOUR,
                float(rng.uniform(1.5, 6.0)),
                float(rng.uniform(0, 360)),
                str(rng.choice(classes)),
            )
        )
    return rng, sources, station_list, ring, wind


def observe_model(rng, truth: tuple[float, float], rate: float, ring, station_list, wind):
    """Readings the model itself predicts for a source, with the wind vane off by up to ±3° and
    ±20 % noise; values under a monitor's 0.001 mg/m³ floor read as background (zero excess)."""
    readings = []
    for hour in wind:
        conditions = ReadingConditions(
            east_m=np.array([e for e, _ in ring]),
            north_m=np.array([n for _, n in ring]),
            height_m=np.zeros(len(ring)),
            wind_speed_m_s=np.full(len(ring), hour.wind_speed_m_s),
            wind_from_deg=np.full(len(ring), hour.wind_from_deg + rng.uniform(-3, 3)),
            stability=np.array([hour.stability] * len(ring)),
        )
        values = footprints(
            conditions, np.array([truth[0]]), np.array([truth[1]]), np.zeros(1), "briggs_rural", 5.0
        )
        for station, value in zip(station_list, values[:, 0] * rate, strict=True):
            value *= float(rng.lognormal(0.0, 0.2))
            readings.append(
                Reading(station.id, hour.start + dt.timedelta(minutes=30), value if value >= 1e-3 else 0.0)
            )
    return readings


def observe_meander(rng, truth: tuple[float, float], rate: float, ring, station_list, wind):
    """Readings of a meandering plume, made without the model's own footprints: six 10-minute
    plumes per hour whose directions scatter 8° about the hourly mean, the vane off by up to
    ±3°, ±20 % noise and the same 0.001 mg/m³ floor."""
    readings = []
    for hour in wind:
        scatter = rng.normal(0.0, 8.0, 6)
        directions = scatter - scatter.mean() + hour.wind_from_deg + rng.uniform(-3, 3)
        for station, (e, n) in zip(station_list, ring, strict=True):
            x, y = local_to_wind(e - truth[0], n - truth[1], directions)
            c = plume_concentration(rate, hour.wind_speed_m_s, x, y, 0.0, 0.0, hour.stability, "briggs_rural")
            value = float(c.mean()) * 1000.0 * float(rng.lognormal(0.0, 0.2))
            readings.append(
                Reading(station.id, hour.start + dt.timedelta(minutes=30), value if value >= 1e-3 else 0.0)
            )
    return readings


def true_position(source: CandidateSource) -> tuple[float, float]:
    east, north = LocalFrame(*ORIGIN).to_local(source.lon, source.lat)
    return float(east), float(north)


@pytest.mark.parametrize("seed", [3, 11, 29, 53, 83])
def test_recovers_the_true_source_among_decoys(seed):
    rng, sources, stations, ring, wind = synthetic_park(seed, candidates=30, stations=10)
    readings = observe_model(rng, true_position(sources[0]), 40.0, ring, stations, wind)
    assert sum(r.excess_mg_m3 > 0 for r in readings) >= 10

    result = rank_sources(sources, stations, readings, wind)
    best = result.ranking[0]
    assert best.candidate.id == "E000"
    assert best.share > 0.5
    assert best.rate_g_s == pytest.approx(40.0, rel=0.4)
    assert best.alone_explained > 0.8
    assert best.alone_rms_residual_mg_m3 < min(s.alone_rms_residual_mg_m3 for s in result.ranking[1:])
    assert best.supported_by and all(e.observed_mg_m3 > 0 for e in best.supported_by)
    assert [s.rank for s in result.ranking] == list(range(1, 31))
    assert result.readings_used == 240 and result.readings_skipped == 0
    # decoys that would have raised readings at stations that stayed clean are told so
    assert any(s.contradicted_by for s in result.ranking[1:])
    for evidence in (e for s in result.ranking[1:] for e in s.contradicted_by):
        assert evidence.modelled_mg_m3 > 2 * evidence.observed_mg_m3

    surface = result.likelihood
    assert surface is not None and surface.values.max() == pytest.approx(1.0)
    i, j = np.unravel_index(int(surface.values.argmax()), surface.values.shape)
    lon, lat = surface.frame.to_lonlat(surface.east_m[j], surface.north_m[i])
    _, _, miss = GEOD.inv(float(lon), float(lat), sources[0].lon, sources[0].lat)
    assert miss < 2.5 * surface.cell_m
    geojson = result.to_geojson()
    assert geojson["features"][0]["properties"]["id"] == "E000"


@pytest.mark.parametrize("seed", [3, 11, 41, 67, 97])
def test_a_meandering_plume_still_points_at_its_source(seed):
    """Readings the model did not make: the true source stays among the first two of 30."""
    rng, sources, stations, ring, wind = synthetic_park(seed, candidates=30, stations=10)
    readings = observe_meander(rng, true_position(sources[0]), 40.0, ring, stations, wind)
    result = rank_sources(sources, stations, readings, wind)
    assert "E000" in [s.candidate.id for s in result.ranking[:2]]


def test_exact_model_data_gives_exact_rates():
    """With readings made by the model itself, the joint fit returns the true rates of two sources."""
    rng, sources, stations, ring, wind = synthetic_park(5, candidates=25, stations=10)
    frame = LocalFrame(*ORIGIN)
    result_truth = {"E000": 25.0, "E007": 60.0}
    readings = []
    conditions = ReadingConditions(
        east_m=np.array([e for _ in wind for e, _ in ring]),
        north_m=np.array([n for _ in wind for _, n in ring]),
        height_m=np.zeros(len(wind) * len(ring)),
        wind_speed_m_s=np.repeat([h.wind_speed_m_s for h in wind], len(ring)),
        wind_from_deg=np.repeat([h.wind_from_deg for h in wind], len(ring)),
        stability=np.repeat([h.stability for h in wind], len(ring)),
    )
    chosen = [s for s in sources if s.id in result_truth]
    e, n = frame.to_local([s.lon for s in chosen], [s.lat for s in chosen])
    a = footprints(conditions, np.atleast_1d(e), np.atleast_1d(n), np.zeros(2), "briggs_rural", 5.0)
    values = a @ np.array([result_truth[s.id] for s in chosen])
    k = 0
    for hour in wind:
        for station in stations:
            readings.append(Reading(station.id, hour.start + dt.timedelta(minutes=5), float(values[k])))
            k += 1
    result = rank_sources(sources, stations, readings, wind, surface_cells=0)
    fitted = {s.candidate.id: s.rate_g_s for s in result.ranking[:2]}
    assert fitted == pytest.approx(result_truth, rel=1e-4)
    assert result.explained == pytest.approx(1.0, abs=1e-9)
    assert result.likelihood is None


def test_hundred_candidates_a_day_ten_stations_at_full_size():
    """The benchmark's size (bench/analysis.py times it): the true source still stands out."""
    rng, sources, stations, ring, wind = synthetic_park(17, candidates=100, stations=10)
    readings = observe_model(rng, true_position(sources[0]), 40.0, ring, stations, wind)
    result = rank_sources(sources, stations, readings, wind)
    assert result.ranking[0].candidate.id == sources[0].id
    assert len(result.ranking) == 100 and result.likelihood is not None


def test_refuses_what_cannot_be_traced():
    _, sources, stations, _, wind = synthetic_park(1, candidates=3, stations=3, hours=2)
    clean = [Reading(s.id, START, 0.0) for s in stations]
    with pytest.raises(InvalidInput, match="nothing to trace"):
        rank_sources(sources, stations, clean, wind)
    with pytest.raises(InvalidInput, match="unknown station"):
        rank_sources(sources, stations, [Reading("nowhere", START, 1.0)], wind)
    late = [Reading(stations[0].id, START + 5 * HOUR, 1.0)]
    with pytest.raises(InvalidInput, match="within the wind history"):
        rank_sources(sources, stations, late, wind)
    with pytest.raises(InvalidInput):
        WindHour(START, 2.0, 90.0, "G")


def test_readings_outside_the_wind_history_are_counted_not_used():
    rng, sources, stations, ring, wind = synthetic_park(2, candidates=5, stations=4, hours=3)
    readings = observe_model(rng, true_position(sources[0]), 40.0, ring, stations, wind)
    readings.append(Reading(stations[0].id, START - dt.timedelta(minutes=1), 5.0))
    readings.append(Reading(stations[1].id, START + 3 * HOUR, 5.0))
    if not any(r.excess_mg_m3 > 0 for r in readings[:-2]):
        readings.append(Reading(stations[2].id, START, 0.01))
    result = rank_sources(sources, stations, readings, wind, surface_cells=10)
    assert result.readings_skipped == 2
    assert result.likelihood is not None and result.likelihood.values.shape == (10, 10)
