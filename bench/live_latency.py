"""Publish → live-socket latency at a sustained reading rate, beside its goal (p95 ≤ 1 s).

    PYTHONPATH=. .venv/bin/python bench/live_latency.py [--rate 5000] [--seconds 20] [--stations 200]

One run, on a scratch database of the embedded cluster and a private mosquitto: MQTT
publishers (QoS 1) send ``--rate`` readings/s, each message stamped with its send time; the
app (one uvicorn worker with the gateway inside) stores them, NOTIFYs, and its live hub pushes
them to a WebSocket subscribed to ``/live`` exactly as the map's browser is.  Latency is
receive time − send time of every reading the socket gets.  The socket client stands in for
the browser: the browser adds only its own drawing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import asyncpg
import httpx
import orjson
import paho.mqtt.client as mqtt
import uvicorn
import websockets
from paho.mqtt.enums import CallbackAPIVersion

from api.ingest.broker import EmbeddedBroker

DATABASE = "parkmap_bench_live"
PARK = "BENCH"
PARAMETERS = ("nmhc", "benzene", "toluene", "xylene", "h2s", "nh3", "so2", "no2", "pm10", "pm2_5")
PASSWORD = "bench-password-1"


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
    await conn.close()


def publish(port: int, stations: int, rate: int, seconds: float, stop: threading.Event) -> int:
    """Messages of len(PARAMETERS) readings, paced to ``rate`` readings/s; returns readings sent."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-live-publisher")
    client.max_inflight_messages_set(1000)
    client.connect("127.0.0.1", port)
    client.loop_start()
    per_message = len(PARAMETERS)
    interval = per_message / rate
    sent, started, n = 0, time.monotonic(), 0
    while time.monotonic() - started < seconds and not stop.is_set():
        code = f"B-{n % stations + 1}"
        body = {
            "ts": dt.datetime.now(dt.UTC).isoformat(),
            "values": {p: 0.5 + (n % 7) / 10 for p in PARAMETERS},
        }
        client.publish(f"park/{PARK}/stations/{code}/readings", orjson.dumps(body), qos=1)
        sent += per_message
        n += 1
        ahead = started + n * interval - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    client.loop_stop()
    client.disconnect()
    return sent


async def listen(address: str, token: str, ready: asyncio.Event, done: asyncio.Event) -> list[float]:
    latencies = []
    async with websockets.connect(
        f"ws://{address}/live?access_token={token}&types=reading", max_size=None
    ) as ws:
        ready.set()
        while not done.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), 1.0)
            except TimeoutError:
                continue
            now = dt.datetime.now(dt.UTC)
            message = orjson.loads(raw)
            if message.get("type") == "reading":
                latencies.append((now - dt.datetime.fromisoformat(message["ts"])).total_seconds())
    return latencies


def serve(app) -> tuple[uvicorn.Server, threading.Thread, str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


async def main(args: argparse.Namespace) -> None:
    from gis.db import migrate
    from gis.db.embedded import EmbeddedCluster

    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url)
    await make_park(url, args.stations)
    broker = EmbeddedBroker(Path(tempfile.mkdtemp(prefix="parkmap-bench-live-")))
    broker.start()
    os.environ.update(
        PARKMAP_MQTT_PORT=str(broker.port),
        PARKMAP_HJ212_ENABLED="false",
        PARKMAP_SUPERVISION_BACKGROUND="false",
        PARKMAP_RETENTION_CHECK_HOURS="0",
    )
    from api.app import create_app
    from api.settings import ServerSettings
    from gis.db.engine import make_engine
    from gis.users import add_user

    engine = make_engine(url)
    add_user(engine, "bench-manager", "manager", PASSWORD)
    engine.dispose()
    server, thread, address = serve(create_app(database_url=url, server=ServerSettings(gateway=True)))
    try:
        async with httpx.AsyncClient(base_url=f"http://{address}") as client:
            token = (
                await client.post("/auth/token", data={"username": "bench-manager", "password": PASSWORD})
            ).json()["access_token"]
        ready, done = asyncio.Event(), asyncio.Event()
        listener = asyncio.create_task(listen(address, token, ready, done))
        await ready.wait()
        await asyncio.sleep(1.0)
        stop = threading.Event()
        sent = await asyncio.to_thread(publish, broker.port, args.stations, args.rate, args.seconds, stop)
        await asyncio.sleep(3.0)  # the last readings on their way
        done.set()
        latencies = sorted(await listener)
    finally:
        server.should_exit = True
        thread.join(20)
        broker.stop()
        cluster.drop_database(DATABASE)
    if not latencies:
        print("no reading reached the live socket")
        return
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"published {sent:,} readings at {args.rate:,}/s for {args.seconds:.0f} s from {args.stations} stations"
    )
    print(f"live socket got {len(latencies):,} readings (the hub sends each series' newest value per batch)")
    print(
        f"publish → socket latency  p50 {p50 * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   max {latencies[-1] * 1000:7.0f} ms"
    )
    print(f"goal                                  p95 ≤    1000 ms   {'met' if p95 <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=5000, help="readings per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--stations", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
