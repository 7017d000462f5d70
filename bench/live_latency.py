"""Publish → map latency at a sustained reading rate, beside its goal (p95 ≤ 1 s).

    PYTHONPATH=. .venv/bin/python bench/live_latency.py [--rate 5000] [--seconds 20] [--stations 200]

One run, on a scratch database of the embedded cluster and a private mosquitto: MQTT
publishers (QoS 1) send ``--rate`` readings/s, each message stamped with its send time; the
app (one uvicorn worker in its own process, the gateway inside, serving the built map) stores
them, NOTIFYs, and its live hub pushes them to ``/live``.  Two subscribers measure: the map itself, open in
Chromium (signed in, live feed on), timing each reading from its send time to the first frame
painted after the map took it; and a bare WebSocket client, timing arrival alone.  Needs the
bundle and Chromium (``./parkmap setup``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import threading
import time
from pathlib import Path

import asyncpg
import httpx
import orjson
import paho.mqtt.client as mqtt
import websockets
from paho.mqtt.enums import CallbackAPIVersion
from playwright.async_api import async_playwright

from api.ingest.broker import EmbeddedBroker, free_port
from bench.soak import serve_app
from bench.tiles import stop, wait_ready

DATABASE = "parkmap_bench_live"
PARK = "BENCH"
PARAMETERS = ("nmhc", "benzene", "toluene", "xylene", "h2s", "nh3", "so2", "no2", "pm10", "pm2_5")
PASSWORD = "bench-password-1"
CHROMIUM = "/usr/bin/chromium"
# every live message the page gets is timed from its send time to the first frame painted after
# the map's own handler ran: the wrapper's listener is added before the map sets onmessage
PAINT_TIMER = """
window.parkmapLatencies = [];
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      for (const message of Array.isArray(frame) ? frame : [frame]) {
        if (message.type !== "reading") continue;
        const sent = Date.parse(message.ts);
        setTimeout(() => requestAnimationFrame(() => window.parkmapLatencies.push((Date.now() - sent) / 1000)));
      }
    });
  }
};
"""


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
            frame = orjson.loads(raw)
            for message in frame if isinstance(frame, list) else [frame]:
                if message.get("type") == "reading":
                    latencies.append((now - dt.datetime.fromisoformat(message["ts"])).total_seconds())
    return latencies


async def watch_map(address: str, session: dict, ready: asyncio.Event, done: asyncio.Event) -> list[float]:
    """The map open in Chromium, signed in; the latencies it painted by the time ``done`` is set."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        page = await browser.new_page(viewport={"width": 1920, "height": 1080})
        await page.add_init_script(PAINT_TIMER)
        await page.goto(f"http://{address}/login")
        await page.evaluate("s => localStorage.setItem('parkmap.session', s)", orjson.dumps(session).decode())
        await page.goto(f"http://{address}/")
        await page.wait_for_function("() => performance.getEntriesByName('parkmap:first-map').length > 0")
        ready.set()
        await done.wait()
        latencies = await page.evaluate("window.parkmapLatencies")
        await browser.close()
    return latencies


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max of ``latencies`` (s)."""
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


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
    from gis.db.engine import make_engine
    from gis.users import add_user

    engine = make_engine(url)
    add_user(engine, "bench-manager", "manager", PASSWORD)
    engine.dispose()
    # the app in its own process, as ``./parkmap run`` serves it: one worker, the gateway inside
    port = free_port()
    env = {
        "PARKMAP_SIMULATOR": "false",
        "PARKMAP_HJ212_ENABLED": "false",
        "PARKMAP_SUPERVISION_BACKGROUND": "false",
        "PARKMAP_RETENTION_CHECK_HOURS": "0",
    }
    address = f"127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    server = serve_app(port, url, broker.port, env, log)
    try:
        await wait_ready(server, f"http://{address}/healthz")
        async with httpx.AsyncClient(base_url=f"http://{address}") as client:
            session = (
                await client.post("/auth/token", data={"username": "bench-manager", "password": PASSWORD})
            ).json()
        socket_ready, map_ready, done = asyncio.Event(), asyncio.Event(), asyncio.Event()
        listener = asyncio.create_task(listen(address, session["access_token"], socket_ready, done))
        watcher = asyncio.create_task(watch_map(address, session, map_ready, done))
        await asyncio.wait_for(asyncio.gather(socket_ready.wait(), map_ready.wait()), 60)
        await asyncio.sleep(1.0)
        halt = threading.Event()
        sent = await asyncio.to_thread(publish, broker.port, args.stations, args.rate, args.seconds, halt)
        await asyncio.sleep(3.0)  # the last readings on their way
        done.set()
        latencies = await listener
        painted = await watcher
    finally:
        stop(server)
        log.close()
        broker.stop()
        cluster.drop_database(DATABASE)
    print(
        f"published {sent:,} readings at {args.rate:,}/s for {args.seconds:.0f} s from {args.stations} stations"
    )
    print(f"the map got {len(painted):,} readings, the bare socket {len(latencies):,} "
          "(the hub sends each series' newest value per batch)")  # fmt: skip
    if not painted or not latencies:
        print("no reading reached the map or the socket: goal NOT met")
        return
    for name, figures in (("publish → map painted", painted), ("publish → bare socket", latencies)):
        p50, p95, worst = percentiles(figures)
        print(f"{name:22s} p50 {p50 * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms   max {worst * 1000:7.0f} ms")
    p95 = percentiles(painted)[1]
    print(f"goal (the map)         p95 ≤    1000 ms   {'met' if p95 <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=5000, help="readings per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--stations", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
