"""An API worker's memory under a long mixed map workload on the demo park, beside its bound.

    PYTHONPATH=. .venv/bin/python bench/soak.py [--minutes 10] [--clients 8] [--subscribers 3] [--only KIND]

One run, on a scratch database of the embedded cluster holding the demo park and a private
mosquitto: the app is served as ``./parkmap run`` serves it with one worker (uvicorn, with
the gateway and the demo simulator inside it, the simulator sending live readings through
MQTT and HJ 212 the whole time).  An admin signs in; then ``--clients`` keep-alive
connections (``bench/http_load.py``) ask what map users ask: composite vector tiles at
random z10–z18 places over the park (so the bounded tile cache churns), the layer catalog,
feature pages in random boxes, station histories, the park at a moment of the time slider,
downstream and upstream pipe traces and plumes; and ``--subscribers`` WebSockets on
``/live`` connect, read a while and reconnect.  Every 15 s it prints the worker's resident
memory (VmRSS of the uvicorn process and any children) and its peak (VmHWM, which counts
again from the end of the warm-up, 20 % of the run); at the end, RSS after warm-up and at
the end, the peak after warm-up and over the whole run, and the growth per 10,000 requests
over the second half, beside the project's bound ("a few hundred MB however long it runs"):
peak ≤ 400 MB and growth ≤ 5 MB per 10,000 requests.  ``--only KIND`` sends one kind of
request alone, to find the one that holds on to memory; the server inherits the
environment, so ``PARKMAP_TILE_CACHE_MB=32`` and the like try another setting.  The
server's log is kept in bench/out/soak-server.log.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
import httpx
import morecantile
import orjson
import uvloop
import websockets

from api.ingest.broker import EmbeddedBroker, free_port
from bench.http_load import Connection
from bench.procfs import descendants, status_mb
from bench.tiles import stop, wait_ready
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.demo import load_demo
from gis.users import add_user

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "bench" / "out" / "soak-server.log"
DATABASE = "parkmap_soak"
USERNAME = "soak-admin"
PASSWORD = "soak-admin-password"
MERCATOR = morecantile.tms.get("WebMercatorQuad")
ZOOMS = range(10, 19)
# what map users ask, by weight: mostly tiles, then charts, feature pages, the time slider, analyses
MIX = {
    "tile": 50, "layers": 2, "features": 10, "readings": 14, "stations_at": 6,
    "trace_down": 4, "trace_up": 4, "plume": 3,
}  # fmt: skip
LIVE = "live"  # the WebSocket subscribers: a "request" is one connection
SAMPLE_SECONDS = 15.0
WARM_UP = 0.2  # of the run
PEAK_BOUND_MB = 400.0
GROWTH_BOUND_MB = 5.0  # per 10,000 requests over the second half
REQUEST_TIMEOUT = 60.0
KEPT_LATENCIES = 5000  # per kind, a uniform sample: the client's memory stays flat however long it runs
METRES_PER_DEGREE = 111_320.0


# -- what the requests are drawn from -----------------------------------------------------


@dataclass
class Park:
    """Valid inputs for every kind of request, read from the store and the API before the run."""

    bounds: tuple[float, float, float, float]
    layers: list[dict[str, Any]]
    stations: list[tuple[int, list[str]]]
    networks: list[str]
    nodes: list[int]
    outfalls: list[int]
    water_stations: list[int]
    chemicals: list[int]
    storage_units: list[int]
    version: str = ""

    def take_catalog(self, catalog: dict[str, Any]) -> None:
        """The layers of a ``GET /layers`` answer, and the map's tile version from theirs."""
        self.layers = catalog["layers"]
        versions = "|".join(layer["version"] for layer in self.layers)
        self.version = format(zlib.crc32(versions.encode()), "x")


async def read_park(url: str, http: httpx.AsyncClient) -> Park:
    conn = await asyncpg.connect(url)
    try:
        bounds = await conn.fetchrow(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM parks) b"
        )
        stations = await conn.fetch("SELECT id, parameters FROM stations WHERE cardinality(parameters) > 0")
        networks = await conn.fetch("SELECT DISTINCT network FROM pipes")
        nodes = await conn.fetch("SELECT from_node FROM pipes UNION SELECT to_node FROM pipes")
        outfalls = await conn.fetch("SELECT id FROM outfalls WHERE node_id IS NOT NULL")
        # the stations an upstream trace may start from: a connected outfall within its 2 km
        water_stations = await conn.fetch(
            "SELECT DISTINCT s.id FROM stations s JOIN outfalls o ON o.node_id IS NOT NULL"
            " AND ST_DWithin(o.geom::geography, s.geom::geography, 2000) WHERE s.kind = 'water_quality'"
        )
        chemicals = (await http.get("/analysis/chemicals")).raise_for_status().json()["chemicals"]
        modelled = [c["id"] for c in chemicals if c["modelled"]]
        units = await conn.fetch("SELECT id FROM storage_units WHERE chemical_id = ANY($1)", modelled)
    finally:
        await conn.close()
    park = Park(
        bounds=tuple(bounds.values()),
        layers=[],
        stations=[(r["id"], list(r["parameters"])) for r in stations],
        networks=[r["network"] for r in networks],
        nodes=[r["from_node"] for r in nodes],
        outfalls=[r["id"] for r in outfalls],
        water_stations=[r["id"] for r in water_stations],
        chemicals=modelled,
        storage_units=[r["id"] for r in units],
    )
    park.take_catalog((await http.get("/layers")).raise_for_status().json())
    return park


def random_point(park: Park, rng: random.Random) -> tuple[float, float]:
    west, south, east, north = park.bounds
    return rng.uniform(west, east), rng.uniform(south, north)


def random_box(park: Park, rng: random.Random) -> list[float]:
    """A box of 100 m to 4 km across somewhere over the park, as a map view or a query."""
    lon, lat = random_point(park, rng)
    half = 10 ** rng.uniform(1.7, 3.3) / METRES_PER_DEGREE
    return [round(v, 6) for v in (lon - half, lat - half, lon + half, lat + half)]


def ago(rng: random.Random, most: dt.timedelta) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - most * rng.random()


# -- the requests -------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    path: str
    body: dict[str, Any] | None = None  # a POST of this JSON when given
    token_in_query: bool = False  # as the browser asks for tiles: it cannot send headers there


def tile_call(park: Park, rng: random.Random, token: str) -> Call:
    """One composite tile as the map asks for it: the layers shown, those drawn at this zoom."""
    z = rng.choice(ZOOMS)
    tile = MERCATOR.tile(*random_point(park, rng), z)
    at_zoom = [layer for layer in park.layers if layer["minzoom"] <= z <= layer["maxzoom"]]
    if rng.random() < 0.6:
        shown = [layer for layer in at_zoom if layer["visible"]]
    else:
        shown = [layer for layer in at_zoom if rng.random() < 0.3]
    ids = ",".join(layer["id"] for layer in shown or [rng.choice(at_zoom)])
    query = urlencode({"v": park.version, "access_token": token})
    return Call(f"/tiles/{ids}/{z}/{tile.x}/{tile.y}.mvt?{query}", token_in_query=True)


def layers_call(park: Park, rng: random.Random, token: str) -> Call:
    return Call("/layers")


def features_call(park: Park, rng: random.Random, token: str) -> Call:
    layer = rng.choice([layer for layer in park.layers if layer["items"]])
    bbox = ",".join(map(str, random_box(park, rng)))
    return Call(f"{layer['items']}?{urlencode({'bbox': bbox, 'limit': 100})}")


def readings_call(park: Park, rng: random.Random, token: str) -> Call:
    """A station chart: an hour to a year ending within the last two hours, at any interval."""
    station_id, parameters = rng.choice(park.stations)
    span = rng.choice((1, 6, 24, 7 * 24, 30 * 24, 365 * 24))
    end = ago(rng, dt.timedelta(hours=2))
    query = {
        "parameter": rng.choice(parameters),
        "from": (end - dt.timedelta(hours=span)).isoformat(),
        "to": end.isoformat(),
        "interval": rng.choice(("raw", "1m", "1h", "1d")),
    }
    return Call(f"/stations/{station_id}/readings?{urlencode(query)}")


def stations_at_call(park: Park, rng: random.Random, token: str) -> Call:
    return Call(f"/stations/at?{urlencode({'at': ago(rng, dt.timedelta(hours=24)).isoformat()})}")


def trace_down_call(park: Park, rng: random.Random, token: str) -> Call:
    """From a node, or from a spill anywhere in the park onto its nearest pipe of a network."""
    if rng.random() < 0.5:
        return Call("/analysis/trace/downstream", {"node_id": rng.choice(park.nodes)})
    lon, lat = random_point(park, rng)
    return Call("/analysis/trace/downstream", {"lon": lon, "lat": lat, "network": rng.choice(park.networks)})


def trace_up_call(park: Park, rng: random.Random, token: str) -> Call:
    starts = [("outfall_id", park.outfalls), ("node_id", park.nodes), ("station_id", park.water_stations)]
    name, choices = rng.choice([(name, choices) for name, choices in starts if choices])
    return Call("/analysis/trace/upstream", {name: rng.choice(choices)})


def plume_call(park: Park, rng: random.Random, token: str) -> Call:
    """A tank's worst case, or a chemical released anywhere, with the live wind (entered as fallback)."""
    weather = {"source": "auto", "wind_speed_m_s": rng.uniform(1, 6), "wind_from_deg": rng.uniform(0, 360)}
    body: dict[str, Any] = {"weather": weather, "impact": rng.random() < 0.5}
    if park.storage_units and rng.random() < 0.5:
        body["storage_unit_id"] = rng.choice(park.storage_units)
    else:
        body["lon"], body["lat"] = random_point(park, rng)
        body["chemical_id"] = rng.choice(park.chemicals)
        if rng.random() < 0.3:
            body["release"] = {"mass_kg": rng.uniform(10, 5000)}
        else:
            body["release"] = {"rate_g_s": rng.uniform(10, 5000), "duration_min": rng.choice((10, 30, 60))}
    return Call("/analysis/plume", body)


CALLS = {
    "tile": tile_call,
    "layers": layers_call,
    "features": features_call,
    "readings": readings_call,
    "stations_at": stations_at_call,
    "trace_down": trace_down_call,
    "trace_up": trace_up_call,
    "plume": plume_call,
}


# -- counting -----------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: Counter[int] = field(default_factory=Counter)  # by status; 0: no answer
    examples: dict[int, str] = field(default_factory=dict)  # the first failure of each status
    messages: int = 0  # live subscribers only

    def took(self, seconds: float, rng: random.Random) -> None:
        self.requests += 1
        self.seconds += seconds
        self.slowest = max(self.slowest, seconds)
        if len(self.latencies) < KEPT_LATENCIES:
            self.latencies.append(seconds)
        elif (slot := rng.randrange(self.requests)) < KEPT_LATENCIES:
            self.latencies[slot] = seconds

    def failed(self, status: int, example: str) -> None:
        self.failures[status] += 1
        self.examples.setdefault(status, example[:300])


class Session:
    """The admin's tokens, refreshed well before the access token runs out, as the map does."""

    def __init__(self, http: httpx.AsyncClient):
        self.http = http
        self.token = self.refresh_token = ""
        self.lifetime = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def take(self, pair: dict[str, Any]) -> None:
        self.token = pair["access_token"]
        self.refresh_token = pair["refresh_token"]
        self.lifetime = pair["expires_in"]

    async def sign_in(self) -> None:
        answer = await self.http.post("/auth/token", data={"username": USERNAME, "password": PASSWORD})
        self.take(answer.raise_for_status().json())
        self.http.headers.update(self.headers)

    async def keep_fresh(self) -> None:
        while True:
            await asyncio.sleep(self.lifetime / 2)
            answer = await self.http.post("/auth/refresh", data={"refresh_token": self.refresh_token})
            self.take(answer.raise_for_status().json())


# -- the load ---------------------------------------------------------------------------


async def client(
    port: int,
    park: Park,
    session: Session,
    mix: dict[str, int],
    tallies: dict[str, Tally],
    deadline: float,
    seed: int,
) -> None:
    """One map user on one keep-alive connection, asking one request after another."""
    rng = random.Random(seed)
    connection = Connection("127.0.0.1", port, {"Accept-Encoding": "gzip"})
    kinds, weights = list(mix), list(mix.values())
    try:
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            call = CALLS[kind](park, rng, session.token)
            headers = None if call.token_in_query else session.headers
            began = time.perf_counter()
            try:
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    if call.body is None:
                        status, _, body = await connection.get(call.path, headers)
                    else:
                        status, _, body = await connection.post(call.path, orjson.dumps(call.body), headers)
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as exc:
                await connection.close()
                tallies[kind].failed(0, f"{call.path} {call.body or ''}: {type(exc).__name__} {exc}")
                continue
            tallies[kind].took(time.perf_counter() - began, rng)
            if not (200 <= status < 300 or status == 304):
                tallies[kind].failed(status, f"{call.path} {call.body or ''} → {body[:200]!r}")
            elif kind == "layers":
                park.take_catalog(orjson.loads(body))
    finally:
        await connection.close()


async def subscriber(
    port: int, park: Park, session: Session, tally: Tally, deadline: float, seed: int
) -> None:
    """A map on ``/live``: connects, maybe narrows to its view, reads 10–60 s, goes, comes back."""
    rng = random.Random(seed)
    while (left := deadline - time.monotonic()) > 0:
        stay = min(rng.uniform(10, 60), left)
        url = f"ws://127.0.0.1:{port}/live?{urlencode({'access_token': session.token})}"
        began = time.perf_counter()
        try:
            async with websockets.connect(url, max_size=None, open_timeout=REQUEST_TIMEOUT) as socket:
                tally.took(time.perf_counter() - began, rng)
                if rng.random() < 0.5:
                    await socket.send(orjson.dumps({"bbox": random_box(park, rng)}).decode())
                leave = time.monotonic() + stay
                while (wait := leave - time.monotonic()) > 0:
                    try:
                        await asyncio.wait_for(socket.recv(), wait)
                    except TimeoutError:
                        break
                    tally.messages += 1
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            tally.failed(0, f"/live: {type(exc).__name__} {exc}")
            await asyncio.sleep(1)


# -- memory -------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """VmRSS of the worker and of any process it started."""
    return sum(status_mb(p, "VmRSS") for p in [pid, *descendants(pid)])


def restart_peak(pid: int) -> bool:
    """Start the worker's VmHWM again from its present RSS (proc(5), clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Sample:
    seconds: float
    requests: int
    rss_mb: float
    peak_mb: float  # the worker's own VmHWM: its peak since start or warm-up, between samples too
    warm: bool = False  # the warm-up ended here; the peak counts again from here


async def watch(
    pid: int, tallies: dict[str, Tally], began: float, samples: list[Sample], warm_up: float
) -> None:
    """A sample every 15 s; after the first at or past ``warm_up`` s the peak counts again,
    so the one of the steady run shows apart from that of the start."""
    while True:
        await asyncio.sleep(SAMPLE_SECONDS)
        record(pid, tallies, began, samples)
        if samples[-1].seconds >= warm_up and not any(s.warm for s in samples) and restart_peak(pid):
            samples[-1].warm = True
            print("        warm-up over: the peak counts again from here", flush=True)


def record(pid: int, tallies: dict[str, Tally], began: float, samples: list[Sample]) -> None:
    requests = sum(t.requests for kind, t in tallies.items() if kind != LIVE)
    sample = Sample(time.monotonic() - began, requests, rss_mb(pid), status_mb(pid, "VmHWM"))
    last = samples[-1] if samples else sample
    rate = (sample.requests - last.requests) / max(sample.seconds - last.seconds, 1e-9)
    samples.append(sample)
    print(
        f"{sample.seconds:7.0f} s  {sample.requests:9,d} requests  {rate:7.1f}/s"
        f"  RSS {sample.rss_mb:7.1f} MB  (peak {sample.peak_mb:.1f})",
        flush=True,
    )


def growth_per_10k(samples: list[Sample]) -> float | None:
    """Least-squares MB per 10,000 requests over the second half of the run."""
    half = [s for s in samples if s.seconds >= samples[-1].seconds / 2]
    if len(half) < 2 or half[-1].requests == half[0].requests:
        return None
    return statistics.linear_regression([s.requests for s in half], [s.rss_mb for s in half]).slope * 10_000


def report(samples: list[Sample], tallies: dict[str, Tally]) -> None:
    print(
        f"\n{'kind':12s}{'requests':>10s}{'failed':>8s}{'mean ms':>9s}{'p50 ms':>9s}{'p99 ms':>9s}{'max ms':>9s}"
    )
    for kind, tally in tallies.items():
        if not tally.requests and not tally.failures:
            continue
        kept = sorted(tally.latencies) or [0.0]
        print(
            f"{kind:12s}{tally.requests:10,d}{sum(tally.failures.values()):8,d}"
            f"{tally.seconds / max(tally.requests, 1) * 1000:9.1f}{statistics.median(kept) * 1000:9.1f}"
            f"{kept[int(0.99 * (len(kept) - 1))] * 1000:9.1f}{tally.slowest * 1000:9.1f}"
        )
    live = tallies[LIVE]
    if live.requests:
        print(f"{LIVE}: {live.requests:,} connections (ms until open), {live.messages:,} messages received")
    for kind, tally in tallies.items():
        for status, count in sorted(tally.failures.items()):
            what = f"HTTP {status}" if status else "no answer"
            print(f"  {kind} {what} × {count:,}, first: {tally.examples[status]}")

    end = samples[-1]
    warm = next((s for s in samples if s.warm), None)
    steady = samples[samples.index(warm) + 1 :] if warm else []
    # children count only at the samples; the worker's own peak between them too
    peak = max(max(s.rss_mb, s.peak_mb) for s in samples)
    growth = growth_per_10k(samples)
    print(f"\n{end.requests:,} requests in {end.seconds / 60:.1f} min ({end.requests / end.seconds:.1f}/s)")
    print(f"{'RSS before the load':34s}{samples[0].rss_mb:9.1f} MB")
    if warm:
        print(f"{f'RSS after warm-up ({warm.seconds:.0f} s)':34s}{warm.rss_mb:9.1f} MB")
    print(f"{'RSS at the end':34s}{end.rss_mb:9.1f} MB")
    if steady:
        print(f"{'peak RSS after warm-up':34s}{max(max(s.rss_mb, s.peak_mb) for s in steady):9.1f} MB")
    print(
        f"{'peak RSS of the whole run':34s}{peak:9.1f} MB{'':27s}bound ≤ {PEAK_BOUND_MB:.0f} MB   {verdict(peak <= PEAK_BOUND_MB)}"
    )
    if growth is None:
        print("growth over the second half: too few samples (run longer)")
        return
    print(
        f"{'growth over the second half':34s}{growth:9.2f} MB per 10,000 requests   "
        f"bound ≤ {GROWTH_BOUND_MB:.0f} MB     {verdict(growth <= GROWTH_BOUND_MB)}"
    )
    per_hour = growth / 10_000 * end.requests / end.seconds * 3600
    print(f"{'':34s}(≈ {per_hour:.0f} MB per hour at this run's rate)")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


# -- the run ------------------------------------------------------------------------------


def prepare_database(cluster: EmbeddedCluster) -> str:
    """The demo park as ``./parkmap run`` loads it into an empty store, and an admin."""
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        load_demo(engine)
        add_user(engine, USERNAME, "admin", PASSWORD)
    finally:
        engine.dispose()
    cluster.psql("ANALYZE", DATABASE)
    return url


def serve_app(port: int, url: str, mqtt_port: int, env: dict[str, str], log) -> subprocess.Popen:
    """``./parkmap run`` with one worker: uvicorn with its defaults, the gateway inside on the
    broker at ``mqtt_port``, the access log on; ``env`` adds to or overrides that."""
    command = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--proxy-headers", "--log-level", "info"]
    served = {"PARKMAP_DATABASE_URL": url, "PARKMAP_GATEWAY": "true", "PARKMAP_MQTT_PORT": str(mqtt_port)}
    env = {**os.environ, "PYTHONPATH": str(ROOT), **served, **env}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


async def drive(port: int, pid: int, park: Park, session: Session, args: argparse.Namespace) -> None:
    mix = {kind: weight for kind, weight in MIX.items() if args.only in (None, kind)}
    subscribers = args.subscribers if args.only in (None, LIVE) else 0
    tallies = {kind: Tally() for kind in [*MIX, LIVE]}
    began = time.monotonic()
    deadline = began + args.minutes * 60
    samples: list[Sample] = []
    record(pid, tallies, began, samples)
    watcher = asyncio.create_task(watch(pid, tallies, began, samples, WARM_UP * args.minutes * 60))
    refresher = asyncio.create_task(session.keep_fresh())
    try:
        await asyncio.gather(
            *(
                client(port, park, session, mix, tallies, deadline, seed)
                for seed in range(args.clients if mix else 0)
            ),
            *(subscriber(port, park, session, tallies[LIVE], deadline, 1000 + n) for n in range(subscribers)),
        )
    finally:
        watcher.cancel()
        refresher.cancel()
    if time.monotonic() - began - samples[-1].seconds > 1:
        record(pid, tallies, began, samples)
    report(samples, tallies)


async def main(args: argparse.Namespace) -> None:
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    cluster = EmbeddedCluster()
    await asyncio.to_thread(cluster.start)
    broker_folder = Path(tempfile.mkdtemp(prefix="parkmap-soak-mqtt-"))
    broker = EmbeddedBroker(broker_folder)
    server = None
    LOG.parent.mkdir(exist_ok=True)
    try:
        print("loading the demo park …", flush=True)
        url = await asyncio.to_thread(prepare_database, cluster)
        broker.start()
        port = free_port()
        env = {
            "PARKMAP_SIMULATOR": "true",
            # the data loggers' door on loopback and a free port, beside anything else running
            "PARKMAP_HJ212_HOST": "127.0.0.1",
            "PARKMAP_HJ212_PORT": str(free_port()),
        }
        with LOG.open("w") as log:
            server = serve_app(port, url, broker.port, env, log)
            await wait_ready(server, f"http://127.0.0.1:{port}/healthz")
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT
            ) as http:
                session = Session(http)
                await session.sign_in()
                park = await read_park(url, http)
                clients = f"{args.clients} clients" if args.only in (None, *MIX) else "no HTTP clients"
                print(
                    f"uvicorn pid {server.pid} on 127.0.0.1:{port}, gateway and simulator inside; "
                    f"{clients}, {args.subscribers if args.only in (None, LIVE) else 0} live subscribers, "
                    f"{args.minutes:g} min{f', only {args.only}' if args.only else ''}",
                    flush=True,
                )
                await drive(port, server.pid, park, session, args)
    finally:
        if server is not None:
            stop(server)
        broker.stop()
        shutil.rmtree(broker_folder, ignore_errors=True)
        cluster.drop_database(DATABASE)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive HTTP clients")
    parser.add_argument("--subscribers", type=int, default=3, help="WebSockets on /live")
    parser.add_argument("--only", choices=[*MIX, LIVE], help="one kind of request alone")
    uvloop.run(main(parser.parse_args()))
