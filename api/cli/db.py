"""``parkmap db start|stop|status|reset|migrate|url``: the embedded cluster and the schema."""

from __future__ import annotations

import argparse

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster, database_url
from gis.settings import store_settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="the database: embedded cluster and migrations")
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("start", help="create (first time) and start the embedded cluster").set_defaults(
        func=start
    )
    actions.add_parser("stop", help="stop the embedded cluster").set_defaults(func=stop)
    actions.add_parser("status", help="show where the database is and whether it runs").set_defaults(
        func=status
    )
    reset = actions.add_parser("reset", help="delete the embedded cluster and all its data")
    reset.add_argument("--yes", action="store_true", help="do not ask")
    reset.set_defaults(func=do_reset)
    mig = actions.add_parser("migrate", help="apply migrations (or roll back to a revision)")
    mig.add_argument("revision", nargs="?", default="heads")
    mig.add_argument("--down", action="store_true", help="roll back to REVISION")
    mig.set_defaults(func=do_migrate)
    actions.add_parser("url", help="print the database URL").set_defaults(
        func=lambda a: print(database_url())
    )


def _embedded_or_note() -> EmbeddedCluster | None:
    if store_settings().embedded:
        return EmbeddedCluster()
    print(f"PARKMAP_DATABASE_URL is set; the embedded cluster is not used ({store_settings().database_url})")
    return None


def start(args: argparse.Namespace) -> int:
    if cluster := _embedded_or_note():
        print(cluster.start().describe())
    return 0


def stop(args: argparse.Namespace) -> int:
    if cluster := _embedded_or_note():
        cluster.stop()
        print(cluster.status().describe())
    return 0


def status(args: argparse.Namespace) -> int:
    if cluster := _embedded_or_note():
        current = cluster.status()
        print(current.describe())
        return 0 if current.running else 3
    return 0


def do_reset(args: argparse.Namespace) -> int:
    cluster = _embedded_or_note()
    if cluster is None:
        return 1
    if not args.yes and input(f"Delete {cluster.data_dir} and all its data? [y/N] ").lower() != "y":
        return 1
    cluster.reset()
    print("embedded cluster deleted")
    return 0


def do_migrate(args: argparse.Namespace) -> int:
    if cluster := _embedded_or_note():
        cluster.start()
    if args.down:
        migrate.downgrade(revision=args.revision)
    else:
        migrate.upgrade(revision=args.revision)
    return 0
