"""``parkmap run``: prepare the store (start, migrate, demo park) and serve the app."""

from __future__ import annotations

import argparse
import logging

import uvicorn

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


def run_server(args: argparse.Namespace) -> int:
    settings = server_settings()
    prepare_store(load_demo=not args.no_demo)
    host = args.host or settings.host
    port = args.port or settings.port
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
