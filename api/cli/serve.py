"""``parkmap run``: prepare the store (start, migrate, demo park) and serve the app."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import uvicorn

from api.ingest.broker import EmbeddedBroker
from api.ingest.settings import ingest_settings
from api.settings import server_settings
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster, database_url
from gis.settings import store_settings

log = logging.getLogger(__name__)


def add_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="set up the store and serve the map")
    run.add_argument("--host", default=None, help="address to listen on (default from PARKMAP_HOST)")
    run.add_argument("--port", type=int, default=None, help="port (default from PARKMAP_PORT)")
    run.add_argument("--workers", type=int, default=1, help="API worker processes")
    run.add_argument("--no-demo", action="store_true", help="do not load the demo park into an empty store")
    run.add_argument("--no-simulator", action="store_true", help="do not play the demo park's sensors")
    run.set_defaults(func=run_server)


def prepare_store(load_demo: bool = True) -> str:
    """Start the embedded cluster when used, apply migrations, load the demo park when empty."""
    if store_settings().embedded:
        print(EmbeddedCluster().start().describe())
    url = database_url()
    migrate.upgrade(url)
    if load_demo:
        from api.cli.data import load_demo_if_empty

        load_demo_if_empty(url)
    return url


EMBEDDED_MQTT_PORT = 18830


@contextlib.contextmanager
def ingestion(workers: int, simulate: bool) -> Iterator[None]:
    """The MQTT broker (a private mosquitto unless PARKMAP_MQTT_HOST names one, on
    PARKMAP_MQTT_PORT if set) and the gateway.

    With one API worker the gateway runs inside it; with several it runs once, beside them.
    """
    broker = None
    if "PARKMAP_MQTT_HOST" not in os.environ:
        port = int(os.environ.get("PARKMAP_MQTT_PORT", EMBEDDED_MQTT_PORT))
        broker = EmbeddedBroker(store_settings().home / "mosquitto", port=port)
        broker.start()
        os.environ["PARKMAP_MQTT_PORT"] = str(broker.port)
        print(f"MQTT broker (private mosquitto) on 127.0.0.1:{broker.port}")
    gateway = None
    if workers == 1:
        os.environ["PARKMAP_GATEWAY"] = "true"
        os.environ["PARKMAP_SIMULATOR"] = "true" if simulate else "false"
    else:
        command = [sys.executable, "-m", "api.ingest"] + (["--simulate"] if simulate else [])
        gateway = subprocess.Popen(command)
    # the settings were read before these variables were set
    server_settings.cache_clear()
    ingest_settings.cache_clear()
    try:
        yield
    finally:
        if gateway:
            gateway.terminate()
            gateway.wait(30)
        if broker:
            broker.stop()


def run_server(args: argparse.Namespace) -> int:
    settings = server_settings()
    prepare_store(load_demo=not args.no_demo)
    host = args.host or settings.host
    port = args.port or settings.port
    # uvicorn answers SIGTERM by shutting down and raising it again: with this handler the
    # second one unwinds the stack, so the private broker and gateway stop with the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    with ingestion(args.workers, simulate=not args.no_simulator):
        print(f"ParkMap is serving on http://{host}:{port}/")
        uvicorn.run(
            "api.main:app",
            host=host,
            port=port,
            workers=args.workers,
            proxy_headers=True,
            log_level="info",
        )
    return 0
