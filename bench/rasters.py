"""Raster tiles per second through the API (uvicorn, concurrent clients) next to direct rio-tiler.

    PYTHONPATH=. .venv/bin/python bench/rasters.py [--concurrency 8] [--zooms 13-16]

Registers the two demo scenes (10 m) in a database of its own, starts a real uvicorn server
on a free loopback port, and asks for every tile over the demo scenes at the given zooms,
in true colour and as NDVI, each tile once (the server keeps no tile cache, so every
request is cold).  The same tiles are then drawn by rio-tiler directly in this process,
one at a time and with the same number of threads.  Prints tiles/s for each and the ratio;
writes bench/out/rasters.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import morecantile
from rio_tiler.colormap import cmap
from rio_tiler.io import Reader

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.raster.demo import load_demo_scenes
from gis.raster.settings import RasterSettings
from gis.settings import PROJECT_ROOT
from gis.users import add_user

DATABASE = "parkmap_raster_bench"
TMS = morecantile.tms.get("WebMercatorQuad")
LAYERS = {"truecolor": "", "ndvi": "index=ndvi"}
REQUEST_TIMEOUT = 30.0
BENCH_USER, BENCH_PASSWORD = "bench-rasters", secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tiles_over(bounds: tuple[float, float, float, float], zooms: range) -> list[morecantile.Tile]:
    return [t for z in zooms for t in TMS.tiles(*bounds, zooms=[z])]


def start_server(url: str, folder: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PARKMAP_DATABASE_URL": url,
        "PARKMAP_RASTER_FOLDER": str(folder),
        "PARKMAP_SIMULATOR": "false",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.main:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server did not start")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not answer within 60 s")


async def through_api(port: int, urls: list[str], concurrency: int) -> tuple[float, dict[int, int]]:
    statuses: dict[int, int] = {}
    queue = list(reversed(urls))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=REQUEST_TIMEOUT
    ) as client:
        login = {"username": BENCH_USER, "password": BENCH_PASSWORD}
        answer = await client.post("/auth/token", data=login)
        answer.raise_for_status()
        client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

        async def worker() -> None:
            while queue:
                response = await client.get(queue.pop())
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - start, statuses


def direct_tile(path: Path, tile: morecantile.Tile, layer: str) -> bytes | None:
    """What the API does for one tile, with rio-tiler alone: read, stretch, colour, encode."""
    with Reader(str(path)) as src:
        if not src.tile_exists(tile.x, tile.y, tile.z):
            return None
        if layer == "ndvi":
            image = src.tile(tile.x, tile.y, tile.z, expression="(b4-b3)/(b4+b3)")
            return image.post_process(in_range=((-0.2, 0.8),)).render(
                img_format="PNG", colormap=cmap.get("rdylgn")
            )
        image = src.tile(tile.x, tile.y, tile.z, indexes=(3, 2, 1))
        return image.post_process(in_range=((0.02, 0.2),)).render(img_format="PNG")


def direct(jobs: list[tuple[Path, morecantile.Tile, str]], threads: int) -> float:
    start = time.perf_counter()
    if threads == 1:
        for job in jobs:
            direct_tile(*job)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda job: direct_tile(*job), jobs))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="raster tiles/s: API vs direct rio-tiler")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--zooms", default="13-16", help="first-last zoom, e.g. 13-16")
    args = parser.parse_args()
    first, last = (int(z) for z in args.zooms.split("-"))

    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    server = None
    try:
        migrate.upgrade(url, "heads")
        engine = make_engine(url)
        add_user(engine, BENCH_USER, "manager", BENCH_PASSWORD)
        engine.dispose()
        with tempfile.TemporaryDirectory(prefix="parkmap-bench-rasters-") as work:
            settings = RasterSettings(folder=Path(work) / "catalog")
            scenes = load_demo_scenes(url, Path(work) / "generated", settings=settings)
            tiles = tiles_over(scenes[1].bounds, range(first, last + 1))
            jobs = [(scene.path, tile, layer) for scene in scenes for tile in tiles for layer in LAYERS]
            urls = [
                f"/rasters/{scene.name}/tiles/{t.z}/{t.x}/{t.y}.png?{LAYERS[layer]}"
                for scene in scenes
                for t in tiles
                for layer in LAYERS
            ]
            port = free_port()
            server = start_server(url, settings.raster_folder(), port)
            api_seconds, statuses = asyncio.run(through_api(port, urls, args.concurrency))
            one_thread = direct(jobs, 1)
            threaded = direct(jobs, args.concurrency)
    finally:
        if server is not None:
            server.terminate()
            server.wait(15)
        cluster.drop_database(DATABASE)

    n = len(jobs)
    if set(statuses) != {200}:
        raise SystemExit(f"the API answered {statuses}, not only 200: no figures")
    rates = {
        f"api ({args.concurrency} concurrent clients, 1 uvicorn worker)": n / api_seconds,
        "rio-tiler direct, 1 thread": n / one_thread,
        f"rio-tiler direct, {args.concurrency} threads": n / threaded,
    }
    print(
        f"{n} cold tiles ({len(tiles)} tiles × {len(scenes)} scenes × {len(LAYERS)} layers, z{first}-{last}), "
        f"{os.cpu_count()} cores; API statuses {statuses}"
    )
    for name, rate in rates.items():
        print(f"  {name:<48} {rate:8.1f} tiles/s")
    ratio = rates[next(iter(rates))] / rates[f"rio-tiler direct, {args.concurrency} threads"]
    print(f"  API / direct ({args.concurrency} threads): {ratio:.2f}")
    out = PROJECT_ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rasters.json").write_text(
        json.dumps({"tiles": n, "statuses": statuses, "tiles_per_s": rates, "ratio": ratio}, indent=2)
    )


if __name__ == "__main__":
    main()
