"""Register the synthetic demo scenes, generating them first with ``data/rasters/generate.py``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from gis.db.engine import make_engine
from gis.raster.bands import BandMap
from gis.raster.catalog import add_scene
from gis.raster.scene import Scene
from gis.raster.settings import RasterSettings
from gis.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

GENERATOR = PROJECT_ROOT / "data" / "rasters" / "generate.py"
DEFAULT_FOLDER = PROJECT_ROOT / "data" / "generated" / "rasters"


def load_demo_scenes(
    engine_or_url: Engine | str,
    folder: Path | None = None,
    *,
    pixel_m: float = 10.0,
    settings: RasterSettings | None = None,
) -> list[Scene]:
    """Generate the demo GeoTIFFs into ``folder`` unless there, then register (or re-register) them.

    ``folder`` holds the generated source files and their ``manifest.json``; the catalog's
    COGs go to the raster folder of ``settings``.
    """
    folder = folder or DEFAULT_FOLDER
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        generate(folder, pixel_m)
    manifest = json.loads(manifest_path.read_text())
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        scenes = [
            add_scene(
                engine,
                folder / entry["file"],
                sensor=entry["sensor"],
                acquired=dt.date.fromisoformat(entry["acquired"]),
                name=entry["name"],
                bands=BandMap.from_json(entry["bands"]),
                cloud_cover=entry.get("cloud_cover"),
                synthetic=True,
                replace=True,
                settings=settings,
            )
            for entry in manifest["scenes"]
        ]
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()
    log.info("registered %d synthetic demo scenes", len(scenes))
    return scenes


def generate(folder: Path, pixel_m: float = 10.0) -> None:
    """Run the generator script (``data/`` is run, never imported)."""
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(folder), "--pixel", str(pixel_m)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the demo scene generator failed: {result.stderr.strip()[-2000:]}")
