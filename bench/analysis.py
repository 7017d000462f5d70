"""Timings of the emergency analyses, each beside its target.

    PYTHONPATH=. .venv/bin/python bench/analysis.py [--repeat 7] [--segments 200000]

1. threat zones (zones at three AEGLs + concentration grid) for a continuous and an
   instantaneous chlorine release: target ≤ 300 ms;
2. traceability: 100 candidate sources × 24 hourly winds × 10 stations, with the
   likelihood surface: target ≤ 1 s;
3. pipe trace on a synthetic tree of ``--segments`` pipes in a scratch database of the
   embedded cluster: downstream from a spill at a far branch (the emergency question), and
   upstream from the one outfall the whole network drains to (every pipe walked): target
   ≤ 200 ms. Traces walk the network held in memory; the first trace after the pipes
   change reads it from PostGIS again, and is shown on its own.
Each figure is the median of ``--repeat`` runs after one warm-up run, wall time beside
this process's CPU time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

import numpy as np

from gis.analysis.dispersion import peak_concentration
from gis.analysis.geodesy import LocalFrame, local_to_wind
from gis.analysis.meteorology import Weather
from gis.analysis.pipe_trace import trace_downstream, trace_upstream
from gis.analysis.scenario import Release, ToxicChemical
from gis.analysis.threat_zones import threat_zones
from gis.analysis.traceability import HOUR, CandidateSource, Reading, Station, WindHour, rank_sources
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from tests.gis.analysis.pipe_networks import load_tree

DATABASE = "parkmap_bench_analysis"
ORIGIN = (118.80, 32.20)
CHLORINE = ToxicChemical.from_aegl("chlorine", 70.906, 0.5, 2.0, 20.0)


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``repeat`` runs after one warm-up run."""
    run()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def report(what: str, ms: tuple[float, float], target_ms: float, *, database: bool = False) -> None:
    """One line: wall time against the target, and this process's CPU time beside it
    (on a shared machine the CPU time is what the code itself costs; the database server's
    work shows only in the wall time)."""
    wall, cpu = ms
    verdict = "ok" if wall <= target_ms else "OVER"
    cpu_note = "client" if database else "cpu"
    print(f"  {what:<62} {wall:8.1f} ms ({cpu_note} {cpu:6.1f} ms)   target ≤ {target_ms:.0f} ms   {verdict}")


def bench_threat_zones(repeat: int) -> None:
    print("threat zones (3 AEGL zones + 128×128 grid)")
    weather = Weather(3.0, 45.0, "D")
    plume = Release(*ORIGIN, rate_g_s=800.0)
    puff = Release(*ORIGIN, mass_kg=2000.0)
    report(
        "continuous 800 g/s, D, 3 m/s", median_ms(lambda: threat_zones(plume, weather, CHLORINE), repeat), 300
    )
    report(
        "instantaneous 2 t, D, 3 m/s", median_ms(lambda: threat_zones(puff, weather, CHLORINE), repeat), 300
    )
    stable = Weather(1.5, 45.0, "F", "pasquill_gifford")
    report(
        "instantaneous 2 t, F, 1.5 m/s (zones to 10 km)",
        median_ms(lambda: threat_zones(puff, stable, CHLORINE), repeat),
        300,
    )


def bench_traceability(repeat: int) -> None:
    print("traceability (100 candidates × 24 h × 10 stations = 240 readings, 50×50 surface)")
    rng = np.random.default_rng(7)
    frame = LocalFrame(*ORIGIN)

    def place(east: float, north: float) -> tuple[float, float]:
        lon, lat = frame.to_lonlat(east, north)
        return float(lon), float(lat)

    candidates = [CandidateSource(f"E{i}", *place(*rng.uniform(-2000, 2000, 2))) for i in range(100)]
    stations = [
        Station(f"S{i}", *place(2600 * np.sin(a), 2600 * np.cos(a)))
        for i, a in enumerate(np.linspace(0, 6.2, 10))
    ]
    start = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    wind = [
        WindHour(start + h * HOUR, float(rng.uniform(1.5, 6)), float(rng.uniform(0, 360)), "D")
        for h in range(24)
    ]
    source = Release(candidates[0].lon, candidates[0].lat, rate_g_s=40.0)
    src = LocalFrame(source.lon, source.lat)
    readings = []
    for hour in wind:
        weather = Weather(hour.wind_speed_m_s, hour.wind_from_deg, hour.stability)
        for station in stations:
            e, n = src.to_local(station.lon, station.lat)
            x, y = local_to_wind(e, n, hour.wind_from_deg)
            value = float(peak_concentration(source, weather, x, y))
            readings.append(Reading(station.id, hour.start + dt.timedelta(minutes=30), value))
    result = rank_sources(candidates, stations, readings, wind)
    report(
        f"rank 100 candidates (best: {result.ranking[0].candidate.id}, true E0)",
        median_ms(lambda: rank_sources(candidates, stations, readings, wind), repeat),
        1000,
    )
    report(
        "same without the likelihood surface",
        median_ms(lambda: rank_sources(candidates, stations, readings, wind, surface_cells=0), repeat),
        1000,
    )


def bench_pipe_trace(repeat: int, segments: int) -> None:
    print(f"pipe trace ({segments:,} pipes, network held in memory)")
    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            started = time.perf_counter()
            load_tree(conn, segments)
            print(f"  (network loaded in {time.perf_counter() - started:.1f} s)")
        with engine.connect() as conn:
            leaf = segments - 9
            started, started_cpu = time.perf_counter(), time.process_time()
            trace_downstream(conn, node_id=leaf)
            first = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
            report("first trace after a change (the network read from PostGIS)", first, 200, database=True)
            down = trace_downstream(conn, node_id=leaf)
            report(
                f"downstream from a far branch ({down.pipe_ids.size} pipes to the outfall)",
                median_ms(lambda: trace_downstream(conn, node_id=leaf), repeat),
                200,
                database=True,
            )
            spill = trace_downstream(conn, lon=120.05, lat=30.05)
            report(
                f"downstream from a spill point, nearest pipe ({spill.pipe_ids.size} pipes)",
                median_ms(lambda: trace_downstream(conn, lon=120.05, lat=30.05), repeat),
                200,
                database=True,
            )
            up = trace_upstream(conn, node_id=1)
            report(
                f"upstream from the outfall draining all ({up.pipe_ids.size:,} pipes)",
                median_ms(lambda: trace_upstream(conn, node_id=1), max(3, repeat // 2)),
                200,
                database=True,
            )
        engine.dispose()
    finally:
        cluster.drop_database(DATABASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--segments", type=int, default=200_000)
    args = parser.parse_args()
    bench_threat_zones(args.repeat)
    bench_traceability(args.repeat)
    bench_pipe_trace(args.repeat, args.segments)


if __name__ == "__main__":
    main()
