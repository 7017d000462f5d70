"""``./parkmap`` commands. Each feature module registers its sub-commands with ``add_parser``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

COMMAND_MODULES = (
    "api.cli.serve",
    "api.cli.db",
    "api.cli.data",
    "api.cli.users",
    "api.cli.audit",
    "api.cli.raster",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parkmap",
        description="ParkMap: the one map of a chemical industrial park.",
        epilog="./parkmap test [pytest args] runs every test after the same set-up as run.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(commands)
    commands.add_parser("help", help="show this help").set_defaults(
        func=lambda args: parser.print_help() or 0
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from gis.errors import ParkMapError

    try:
        return int(args.func(args) or 0)
    except ParkMapError as exc:
        print(f"parkmap: {exc.detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
