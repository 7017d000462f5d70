"""Readings/s from MQTT publishers (QoS 1) into PostGIS through the gateway, vs raw COPY.

    PYTHONPATH=. .venv/bin/python bench/ingest.py [--stations 200] [--messages 60] [--values 10]
                                                  [--gateways N]

One run, on a scratch database of the embedded cluster and a private mosquitto, with the
gateway in processes of its own as ``python -m api.ingest`` runs it: one per core, sharing
the subscription as ``PARKMAP_MQTT_SHARED_GROUP`` sets them up, as a park expecting such a
load runs them (``--gateways 1``: the single gateway ``./parkmap run`` starts):
  1. live: publisher processes send every station's messages (QoS 1, ``--values`` readings
     each) while the gateway stores them; readings/s from first publish (every publisher
     connected, let go together) to last stored;
  2. drain: the gateway is stopped, the same again is published (the broker keeps the
     gateway's session), the gateway restarts and catches up; readings/s of the catch-up,
     timed from letting the built gateway process go (its imports are not timed); the
     fastest of ``--drains`` rounds, as COPY's figure is the fastest of its rounds (on a
     shared machine one round's rate swings with what else the host runs);
  3. COPY: the same number of rows written into the same readings table by one COPY, the
     fastest of three (each into a month of its own);
  4. floor: the same backlog received and acknowledged by the gateway's MQTT client (aiomqtt,
     the same protocol and session settings) doing nothing else: the most any gateway
     built on it could take on one core;
  5. latency: publish → live socket p50/p95 at ``--latency-rate`` readings/s (bench/live_latency.py);
and checks that every published reading was stored exactly once (zero loss).  The live
figure shares the CPU with the publisher processes; the drain figure does not.  The gateway
runs what it runs in a park: after the store, the park's rules (against the national
standards' limits a park starts with) and the live fan-out with levels; ``--without-rules``
leaves the rules out.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg
import orjson

from api.ingest.broker import EmbeddedBroker
from api.ingest.mqtt import MqttDoor
from api.ingest.mqtt_deliveries import delivery_runs
from api.ingest.pubacks import pubacks_sender
from api.ingest.settings import IngestSettings
from api.settings import server_settings
from bench import live_latency
from bench.gateways import GatewayFleet
from bench.mqtt_publisher import publish_all
from bench.procfs import cpu_seconds, descendants
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.readings.metrics import IngestMetrics
from gis.supervision.settings import supervision_settings
from gis.supervision.standards import install_defaults, read_catalogue

DATABASE = "parkmap_bench_ingest"
PARK = "BENCH"
COPY_ROUNDS = 3
FLOOR_ACK_RUN = 100
PARAMETERS = ("nmhc", "benzene", "toluene", "xylene", "h2s", "nh3", "so2", "no2", "pm10", "pm2_5",
              "co", "o3", "air_temp", "humidity", "pressure", "wind_speed")  # fmt: skip


async def make_park(url: str, stations: int) -> None:
    conn = await asyncpg.connect(url)
    await conn.execute(
        "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ($1, '基准园区', 'Bench park', "
        "ST_Multi(ST_MakeEnvelope(105.0, 28.7, 105.1, 28.8, 4326)))",
        PARK,
    )
    await conn.execute(
        "INSERT INTO stations (code, name_zh, name_en, kind, geom) "
        "SELECT 'B-' || i, 'B-' || i, 'B-' || i, 'voc', "
        "ST_SetSRID(ST_MakePoint(105.0 + i * 0.0004, 28.75), 4326) FROM generate_series(1, $1) i",
        stations,
    )
    # the national standards' limits a park starts with, so the rules judge what they judge in a park
    await install_defaults(conn, read_catalogue(supervision_settings().limits_file))
    await conn.close()


def publisher(
    port: int,
    codes: list[str],
    messages: int,
    values: int,
    start: float,
    offset: int,
    connected,
    go,
    exceeding: frozenset[str] = frozenset(),
) -> None:
    """One publisher process: ``messages`` messages for each station, QoS 1, 1000 in flight,
    written by the lean publisher (bench/mqtt_publisher.py) so the publishers take as little
    of the machine's CPU from the gateway and PostgreSQL as devices elsewhere would.  The
    stations in ``exceeding`` send values far above every limit."""

    def bodies():
        for i in range(messages):
            ts = dt.datetime.fromtimestamp(start + i * 10, dt.UTC).isoformat()
            for code in codes:
                # small and varying, as a park's air mostly is: under every standard's limit, no
                # flat line; in a release, far above them
                base = 100.0 if code in exceeding else 0.0
                body = {
                    "ts": ts,
                    "values": {
                        p: base + round(0.001 * ((i + j) % 37 + 1), 3)
                        for j, p in enumerate(PARAMETERS[:values])
                    },
                }
                yield f"park/{PARK}/stations/{code}/readings", orjson.dumps(body)

    def ready() -> None:
        connected.release()
        go.wait()

    publish_all(port, f"bench-pub-{offset}", bodies(), inflight=1000, on_connected=ready)


class CpuMeter:
    """CPU seconds of the gateway processes, of PostgreSQL and of the broker over a phase."""

    def __init__(self, cluster: EmbeddedCluster, broker: EmbeddedBroker, gateways: Callable[[], float]):
        self.postmaster = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
        self.broker = int(broker.pid_file.read_text().split()[0])
        self.gateways = gateways

    def read(self) -> dict[str, float]:
        return {
            "gateway": self.gateways(),
            "PostgreSQL": cpu_seconds([self.postmaster, *descendants(self.postmaster)]),
            "mosquitto": cpu_seconds([self.broker]),
        }

    @staticmethod
    def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
        return {name: after[name] - before[name] for name in before}


async def best_copy(
    pool: asyncpg.Pool, rows: int, stations: int, meter: CpuMeter, rounds: int = COPY_ROUNDS
) -> tuple[float, dict[str, float]]:
    """The fastest of ``rounds`` COPYs of ``rows`` rows (the strictest reference: one COPY's
    rate varies with what PostgreSQL is flushing at the time), and the CPU it took."""
    best: tuple[float, dict[str, float]] = (0.0, {})
    for round_ in range(rounds):
        before = meter.read()
        rate = await copy_rate(pool, rows, stations, days_ago=60 + 31 * round_)
        if rate > best[0]:
            best = (rate, CpuMeter.spent(before, meter.read()))
    return best


async def copy_rate(pool: asyncpg.Pool, rows: int, stations: int, days_ago: int = 60) -> float:
    """Readings/s of one COPY of ``rows`` rows into readings (a month nobody else writes),
    from the COPY's start to its last row written."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    records = [
        (1 + i % stations, PARAMETERS[(i // stations) % len(PARAMETERS)],
         start + dt.timedelta(seconds=i // (stations * len(PARAMETERS))), float(i), "N", None)
        for i in range(rows)
    ]  # fmt: skip
    async with pool.acquire() as conn:
        await conn.execute("SELECT parkmap_readings_partition($1)", start)
        began = time.perf_counter()
        await conn.copy_records_to_table(
            "readings", records=records, columns=["station_id", "parameter", "ts", "value", "flag", "raw_id"]
        )
        return rows / (time.perf_counter() - began)


async def receive_floor(settings: IngestSettings, expected: int) -> float:
    """CPU µs per message of the gateway's MQTT client receiving and acknowledging a backlog of
    ``expected`` messages with no other work; its session must already hold them.  The
    acknowledgements go as the gateway's do, many to a write (every ``FLOOR_ACK_RUN`` messages)."""
    door = MqttDoor(settings, registry=None, writer=None, metrics=IngestMetrics())  # type: ignore[arg-type]
    client, deliveries = door._client()
    received = 0
    began = time.process_time()
    async with client:
        send_acks = pubacks_sender(client._client)
        ready: list[tuple[int, int]] = []
        async for run in delivery_runs(client, deliveries):
            for message in run:
                ready.append((message.mid, message.qos))
                received += 1
                if len(ready) == FLOOR_ACK_RUN or received == expected:
                    send_acks(ready)
                    ready = []
            if received == expected:
                break
    return (time.process_time() - began) / received * 1e6


async def subscribe_session(settings: IngestSettings) -> None:
    """Open the persistent session of ``settings``' client id and subscribe it, then leave."""
    door = MqttDoor(settings, registry=None, writer=None, metrics=IngestMetrics())  # type: ignore[arg-type]
    client, _ = door._client()
    async with client:
        await client.subscribe(door.subscription, qos=1)


async def run_publishers(
    port: int,
    codes: list[str],
    messages: int,
    values: int,
    start: float,
    publishers: int,
    exceeding: frozenset[str] = frozenset(),
) -> tuple[list, float]:
    """Start the publisher processes and, once every one has connected, let them go together.
    Returns the processes and the moment they were let go (their start-up is not timed)."""
    ctx = multiprocessing.get_context("spawn")
    connected, go = ctx.Semaphore(0), ctx.Event()
    procs = [
        ctx.Process(
            target=publisher,
            args=(port, codes[k::publishers], messages, values, start, k, connected, go, exceeding),
        )
        for k in range(publishers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        await asyncio.to_thread(connected.acquire)
    began = time.perf_counter()
    go.set()
    return procs, began


async def bench(
    stations: int,
    messages: int,
    values: int,
    publishers: int,
    concurrency: int,
    rules: bool,
    gateways: int,
    drains: int,
    exceeding_share: float,
) -> None:
    cluster = EmbeddedCluster()
    await asyncio.to_thread(cluster.start)
    url = await asyncio.to_thread(cluster.create_database, DATABASE)
    await asyncio.to_thread(migrate.upgrade, url)
    await make_park(url, stations)
    broker_folder = Path(tempfile.mkdtemp(prefix="parkmap-bench-mqtt-"))
    broker = EmbeddedBroker(broker_folder)
    broker.start()
    pool = await asyncpg.create_pool(url, min_size=2, max_size=8)
    overrides = {
        "mqtt_port": broker.port, "hj212_enabled": False, "retention_check_hours": 0,
        "mqtt_client_id": "parkmap-bench-gateway", "store_concurrency": concurrency,
    }  # fmt: skip
    settings = IngestSettings(_env_file=None, **overrides)
    per_phase = stations * messages * values
    codes = [f"B-{i}" for i in range(1, stations + 1)]
    exceeding = frozenset(codes[: round(exceeding_share * stations)])
    load_before = os.getloadavg()[0]

    def make_fleet() -> GatewayFleet:
        return GatewayFleet(gateways, overrides, url, rules)

    fleet = make_fleet()
    try:
        # 1. live: publishers and gateways at the same time
        await fleet.start()
        procs, began = await run_publishers(
            broker.port, codes, messages, values, time.time() - 2 * 86400, publishers, exceeding
        )
        stored, finished = await fleet.wait_stored(per_phase, within=900)
        live = stored / (finished - began)
        for p in procs:
            p.join()
        # 2. backlog: the gateways are away while devices publish; the broker keeps their
        #    sessions; then they come back and catch up (the fastest of ``drains`` rounds, as
        #    COPY's reference is the fastest of its rounds)
        drain_rounds: list[tuple[float, dict[str, float], int]] = []
        for round_ in range(drains):
            await fleet.stop()
            backlog_start = time.time() - 86400 + round_ * 3600
            procs, _ = await run_publishers(
                broker.port, codes, messages, values, backlog_start, publishers, exceeding
            )
            for p in procs:
                p.join()
            fleet = make_fleet()
            meter = CpuMeter(cluster, broker, fleet.cpu_seconds)
            before: dict[str, float] = {}
            began = await fleet.start(on_go=lambda meter=meter, before=before: before.update(meter.read()))
            stored, finished = await fleet.wait_stored(per_phase, within=900)
            drain_rounds.append(
                (stored / (finished - began), CpuMeter.spent(before, meter.read()), fleet.batches)
            )
        await fleet.stop()
        drain, drain_cpu, batches = max(drain_rounds, key=lambda r: r[0])
        async with pool.acquire() as conn:
            stored = await conn.fetchval("SELECT count(*) FROM readings")
            raw = await conn.fetchval("SELECT count(*) FROM raw_messages")
            distinct = await conn.fetchval(
                "SELECT count(*) FROM (SELECT DISTINCT station_id, parameter, ts FROM readings) d"
            )
            alarms = await conn.fetchval("SELECT count(*) FROM alarms")
            tickets = await conn.fetchval("SELECT count(*) FROM tickets")
        # the COPY's client is this process: it stands where the gateway stood
        copy, copy_cpu = await best_copy(
            pool, per_phase, stations, CpuMeter(cluster, broker, time.process_time)
        )
        # 4. the MQTT client alone, on the same backlog
        floor_settings = settings.model_copy(update={"mqtt_client_id": "parkmap-bench-floor"})
        await subscribe_session(floor_settings)
        procs, _ = await run_publishers(broker.port, codes, messages, values, time.time(), publishers)
        for p in procs:
            p.join()
        floor = await receive_floor(floor_settings, stations * messages)
    finally:
        await fleet.stop()
        await pool.close()
        broker.stop()
        shutil.rmtree(broker_folder, ignore_errors=True)
        await asyncio.to_thread(cluster.drop_database, DATABASE)
    expected = (1 + drains) * per_phase
    lost = expected - stored
    best = max(live, drain)
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after"
    )
    print(f"{stations} stations x {messages} messages x {values} values per phase, {gateways} gateway "
          f"process{'es sharing the subscription' if gateways > 1 else ''}, "
          f"{publishers} publisher processes, QoS 1, {batches} store batches in the drain, "
          f"{concurrency} at once per gateway, collector's young threshold "
          f"{server_settings().gc_young_threshold or 'as Python sets it'}")  # fmt: skip
    print("after the store: " + ("the park's rules and the live fan-out with levels, as the gateway runs them"
                                 if rules else "the live fan-out only (--without-rules)"))  # fmt: skip
    if exceeding:
        print(f"{len(exceeding)} stations send values far above every limit: {alarms:,} alarms and "
              f"{tickets:,} tickets opened")  # fmt: skip
    print(f"live  MQTT -> gateway -> PostGIS : {live:10,.0f} readings/s")
    print(f"drain of a broker backlog        : {drain:10,.0f} readings/s (fastest of "
          f"{', '.join(f'{r[0]:,.0f}' for r in drain_rounds)})")  # fmt: skip
    print(f"raw COPY into readings           : {copy:10,.0f} readings/s (fastest of {COPY_ROUNDS})")
    print(f"ratio live / COPY                : {live / copy:10.2f}")
    print(f"ratio drain / COPY               : {drain / copy:10.2f}")
    print(f"stored {stored:,} of {expected:,} readings, {raw:,} raw messages; "
          f"lost {lost}, duplicates {stored - distinct}")  # fmt: skip
    drained = per_phase  # in the fastest drain round
    cores = os.cpu_count() or 1
    print("CPU per reading, µs (drain: the gateway, PostgreSQL and the broker share the machine;")
    print("                     COPY: the copying process stands in the gateway's row):")
    for name, seconds in drain_cpu.items():
        print(
            f"  {name:12s} drain {seconds / drained * 1e6:7.1f}   COPY {copy_cpu[name] / per_phase * 1e6:7.1f}"
        )
    per_reading = sum(drain_cpu.values()) / drained
    print(
        f"  {'together':12s} drain {per_reading * 1e6:7.1f}   COPY {sum(copy_cpu.values()) / per_phase * 1e6:7.1f}"
    )
    print(f"ceiling of the drain on {cores} cores at that cost: {cores / per_reading:,.0f} readings/s "
          f"(0.5 x COPY needs {0.5 * copy:,.0f})")  # fmt: skip
    print(f"gateway's MQTT client alone (receive + acknowledge, no other work): {floor:.0f} µs per message;")
    print(f"  at {values} readings a message, at most {values / floor * 1e6:,.0f} readings/s on one core")
    least = floor / values * 1e-6 + sum(copy_cpu.values()) / per_phase
    print(f"  with COPY's own cost added ({least * 1e6:.1f} µs per reading, nothing else done), at most "
          f"{cores / least:,.0f} readings/s on {cores} cores (0.5 x COPY needs {0.5 * copy:,.0f})")  # fmt: skip
    met = best >= 20000 and best >= 0.5 * copy
    print(f"goal >= 20,000 readings/s and >= 0.5 x COPY: {'met' if met else 'NOT met'} (best of live, drain)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--messages", type=int, default=60, help="messages per station")
    parser.add_argument("--values", type=int, default=10, help="readings per message")
    parser.add_argument("--publishers", type=int, default=2, help="publisher processes")
    parser.add_argument("--concurrency", type=int, default=2, help="batches stored at once by each gateway")
    parser.add_argument(
        "--gateways",
        type=int,
        default=os.cpu_count() or 1,
        help="gateway processes sharing the subscription ($share/bench/…); one per core by default",
    )
    parser.add_argument("--drains", type=int, default=3, help="backlog rounds; the fastest drain is reported")
    parser.add_argument(
        "--exceeding",
        type=float,
        default=0.0,
        help="share of the stations sending values far above every limit (a release: alarms and tickets)",
    )
    parser.add_argument("--latency-rate", type=int, default=5000, help="readings/s of the latency phase")
    parser.add_argument("--latency-seconds", type=float, default=20.0, help="0 leaves the latency phase out")
    parser.add_argument(
        "--without-rules",
        action="store_true",
        help="run only the live fan-out after the store, not the rules",
    )
    args = parser.parse_args()
    values = min(args.values, len(PARAMETERS))
    asyncio.run(
        bench(
            args.stations,
            args.messages,
            values,
            args.publishers,
            args.concurrency,
            not args.without_rules,
            args.gateways,
            args.drains,
            args.exceeding,
        )
    )
    if args.latency_seconds > 0:
        print()
        latency = argparse.Namespace(
            rate=args.latency_rate, seconds=args.latency_seconds, stations=args.stations
        )
        asyncio.run(live_latency.main(latency))


if __name__ == "__main__":
    main()
