"""``parkmap demo load``, ``parkmap import LAYER FILE``, ``parkmap export LAYER FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import text

from gis.db.embedded import EmbeddedCluster, database_url
from gis.db.engine import make_engine
from gis.errors import InvalidInput
from gis.settings import store_settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="the synthetic demo park")
    demo_actions = demo.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = demo_actions.add_parser("load", help="generate and load the demo (or stress) park")
    load.add_argument("--scale", choices=("demo", "stress"), default="demo")
    load.add_argument("--replace", action="store_true", help="replace a park loaded before")
    load.set_defaults(func=demo_load)

    imp = commands.add_parser("import", help="load a GeoPackage/Shapefile/GeoJSON/CSV into a layer")
    imp.add_argument("layer", help="target table, e.g. enterprises, outfalls, pipes")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="SOURCE=TARGET",
        help="rename a field of the file to a column of the table (repeatable)",
    )
    imp.set_defaults(func=do_import)

    exp = commands.add_parser("export", help="write a layer to a file (format from its extension)")
    exp.add_argument("layer")
    exp.add_argument("file", type=Path)
    exp.set_defaults(func=do_export)


def engine_for_cli():
    if store_settings().embedded:
        EmbeddedCluster().start()
    return make_engine(database_url())


def print_counts(counts: dict[str, int]) -> None:
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        print(f"  {name:<{width}}  {count:>9,}")


def load_demo_if_empty(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        parks = conn.execute(text("SELECT count(*) FROM parks")).scalar_one()
    if parks:
        return
    from gis.demo import load_demo

    print("loading the demo park (synthetic demo data)")
    print_counts(load_demo(engine))
    print_demo_accounts(engine)


def print_demo_accounts(engine) -> None:
    from gis.users import create_demo_accounts

    accounts = create_demo_accounts(engine)
    print("demo accounts (passwords are shown only this once; change them with ./parkmap user passwd):")
    for account in accounts:
        scope = f"  enterprise {account.enterprise_code}" if account.enterprise_code else ""
        print(f"  {account.username:<16} {account.password}  {account.role}{scope}")


def demo_load(args: argparse.Namespace) -> int:
    import time

    from gis.demo import load_demo

    print(f"loading the {args.scale} park (synthetic demo data)")
    engine = engine_for_cli()
    started = time.monotonic()
    print_counts(load_demo(engine, scale=args.scale, replace=args.replace, progress=True))
    with engine.connect() as conn:
        size = conn.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))")).scalar_one()
    print(f"loaded in {time.monotonic() - started:.0f} s; database size {size}")
    with engine.connect() as conn:
        has_accounts = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
    if not has_accounts:
        print_demo_accounts(engine)
    return 0


def _field_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise InvalidInput(f"--map expects SOURCE=TARGET, got {pair!r}")
        mapping[source] = target
    return mapping


def do_import(args: argparse.Namespace) -> int:
    from gis.io.importer import import_file

    count = import_file(engine_for_cli(), args.layer, args.file, field_map=_field_map(args.map))
    print(f"imported {count:,} features into {args.layer}")
    return 0


def do_export(args: argparse.Namespace) -> int:
    from gis.io.exporter import export_layer

    count = export_layer(engine_for_cli(), args.layer, args.file)
    print(f"exported {count:,} features of {args.layer} to {args.file}")
    return 0
