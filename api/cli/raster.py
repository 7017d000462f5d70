"""``parkmap raster add FILE --date YYYY-MM-DD --sensor NAME`` and ``parkmap raster list``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from gis.db.embedded import EmbeddedCluster, database_url
from gis.db.engine import make_engine
from gis.errors import InvalidInput
from gis.raster.bands import BandMap
from gis.raster.catalog import add_scene, list_scenes
from gis.settings import store_settings


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    raster = subparsers.add_parser("raster", help="remote-sensing scenes of the catalog")
    actions = raster.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="check a GeoTIFF, convert it to a Cloud-Optimized GeoTIFF and register it",
        description="Refuses files that are not georeferenced GeoTIFFs, or are damaged; then nothing is registered.",
    )
    add.add_argument("file", type=Path)
    add.add_argument("--date", required=True, type=_date, help="acquisition date, YYYY-MM-DD")
    add.add_argument("--sensor", required=True, help="e.g. sentinel-2, landsat-9, gf-2")
    add.add_argument("--name", help="catalog name (default: the file name)")
    add.add_argument("--synthetic", action="store_true", help="the scene is not an observation")
    add.add_argument(
        "--bands",
        type=_bands,
        help="band meanings in band order, e.g. blue,green,red,nir,swir1,tir "
        "(default: the file's band descriptions)",
    )
    add.add_argument("--cloud-cover", type=float, help="cloud cover in percent")
    add.add_argument("--replace", action="store_true", help="replace a scene of the same name")
    add.set_defaults(func=do_add)

    listing = actions.add_parser("list", help="the registered scenes, oldest first")
    listing.set_defaults(func=do_list)


def do_add(args: argparse.Namespace) -> int:
    scene = add_scene(
        _engine(),
        args.file,
        sensor=args.sensor,
        acquired=args.date,
        name=args.name,
        bands=args.bands,
        cloud_cover=args.cloud_cover,
        synthetic=args.synthetic,
        replace=args.replace,
    )
    bands = ", ".join(f"{i}={name}" for i, name in scene.bands.names.items()) or "unnamed"
    print(
        f"registered {scene.name} ({scene.sensor}, {scene.acquired}{', synthetic' if scene.synthetic else ''})"
    )
    print(f"  bands {bands}\n  file  {scene.path}")
    return 0


def do_list(args: argparse.Namespace) -> int:
    scenes = list_scenes(_engine())
    if not scenes:
        print("no scenes registered")
        return 0
    width = max(len(s.name) for s in scenes)
    for s in scenes:
        flags = " synthetic" if s.synthetic else ""
        present = "" if s.path.is_file() else "  FILE MISSING"
        print(f"{s.name:<{width}}  {s.acquired}  {s.sensor:<16} {len(s.bands.names)} bands{flags}{present}")
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _bands(text: str) -> BandMap:
    try:
        return BandMap.parse(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(exc.detail) from None


def _engine():
    if store_settings().embedded:
        EmbeddedCluster().start()
    return make_engine(database_url())
