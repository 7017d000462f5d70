"""API-level timings of the emergency analyses on the demo park, each beside its target.

    PYTHONPATH=. .venv/bin/python bench/analysis_api.py [--repeat 9]

The app is served by uvicorn on a loopback port (real HTTP, JSON in and out, login token)
over a scratch database of the embedded cluster holding the demo park:

1. plume + impact: a chlorine release (continuous 1 kg/s, 30 min), threat zones, isolation,
   protective action and everything inside them with the nearest resources: target ≤ 300 ms;
2. the same as an instantaneous release (puff): target ≤ 300 ms;
3. source traceability: 24 h of NMHC at every VOC and boundary station with the met wind,
   every candidate ranked and the likelihood surface drawn: target ≤ 1 s;
4. downstream pipe trace from a spill beside a plant: target ≤ 300 ms.
Each figure is the median wall time of ``--repeat`` requests after one warm-up request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

import httpx

from api.app import create_app
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.io.demo import load_demo_park
from gis.users import add_user
from tests.api.analysis_fixtures import rows, write_voc_episode
from tests.conftest import running_server

DATABASE = "parkmap_bench_analysis_api"
PASSWORD = "bench-analysis-password"
EPISODE = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)


def median_ms(client: httpx.Client, body: dict, url: str, repeat: int) -> tuple[float, int]:
    """Median wall milliseconds of ``repeat`` POSTs after one warm-up; and the response size."""
    warm = client.post(url, json=body)
    warm.raise_for_status()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post(url, json=body)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return statistics.median(times) * 1000, len(warm.content)


def report(what: str, ms: float, size: int, target_ms: float) -> None:
    verdict = "ok" if ms <= target_ms else "OVER"
    print(f"  {what:<58} {ms:8.1f} ms  {size / 1024:7.0f} KiB   target ≤ {target_ms:.0f} ms   {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    cluster = EmbeddedCluster()
    cluster.start()
    cluster.drop_database(DATABASE)
    url = cluster.create_database(DATABASE)
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        load_demo_park(engine)
        add_user(engine, "bench-responder", "responder", PASSWORD)
        engine.dispose()
        write_voc_episode(url, EPISODE, 24, 0.4)
        ((tank,),) = rows(
            url,
            "SELECT u.id FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id "
            "WHERE c.cas = '7782-50-5' ORDER BY u.quantity_t DESC LIMIT 1",
        )
        ((lon, lat),) = rows(
            url,
            "SELECT ST_X(n.geom) + 0.00005, ST_Y(n.geom) FROM pipe_nodes n JOIN enterprises e ON e.id = n.enterprise_id "
            "WHERE n.kind = 'enterprise_inlet' AND n.network = 'rain' AND e.industry = 'chlor_alkali' LIMIT 1",
        )
        with running_server(create_app(database_url=url)) as address:
            base = f"http://{address}"
            token = httpx.post(
                f"{base}/auth/token", data={"username": "bench-responder", "password": PASSWORD}
            )
            token.raise_for_status()
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            weather = {"source": "entered", "wind_speed_m_s": 2.5, "wind_from_deg": 225, "stability": "D"}
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                print(f"demo park, {args.repeat} requests each (median, after a warm-up)")
                plume = {
                    "storage_unit_id": tank,
                    "release": {"rate_g_s": 1000, "duration_min": 30},
                    "weather": weather,
                }
                report(
                    "plume + impact, continuous 1 kg/s chlorine, D 2.5 m/s",
                    *median_ms(client, {**plume, "impact": True}, "/analysis/plume", args.repeat),
                    300,
                )
                report(
                    "plume alone, same release",
                    *median_ms(client, plume, "/analysis/plume", args.repeat),
                    300,
                )
                puff = {**plume, "release": {"mass_kg": 2000}, "impact": True}
                report(
                    "plume + impact, instantaneous 2 t chlorine",
                    *median_ms(client, puff, "/analysis/plume", args.repeat),
                    300,
                )
                window = {"start": EPISODE.isoformat(), "end": (EPISODE + dt.timedelta(hours=24)).isoformat()}
                report(
                    "sources: 24 h × 14 stations, all candidates, surface",
                    *median_ms(client, window, "/analysis/sources", args.repeat),
                    1000,
                )
                report(
                    "downstream trace from a spill beside a plant",
                    *median_ms(client, {"lon": lon, "lat": lat}, "/analysis/trace/downstream", args.repeat),
                    300,
                )
    finally:
        cluster.drop_database(DATABASE)


if __name__ == "__main__":
    main()
