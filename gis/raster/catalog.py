"""Register a GeoTIFF in the scene catalog: check it, convert it to a COG, measure it, store it.

Either everything happens or nothing does: the COG is written under a temporary name and
moved into the raster folder inside the database transaction that inserts its row, and a
refused file leaves neither a row nor a file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import rasterio
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from gis.errors import Conflict, InvalidInput, NotFound
from gis.raster.bands import BandMap
from gis.raster.cog import write_cog
from gis.raster.footprint import scene_footprint
from gis.raster.geotiff import GeoTiffInfo, inspect_geotiff
from gis.raster.measure import measure_scene
from gis.raster.scene import STATISTICS_TAG, SYNTHETIC_TAG, Scene, check_scene_name
from gis.raster.settings import RasterSettings, raster_settings
from gis.raster.sql import query

BANDS_TAG = "PARKMAP_BANDS"


def add_scene(
    engine: Engine,
    source: Path,
    *,
    sensor: str,
    acquired: dt.date,
    name: str | None = None,
    bands: BandMap | None = None,
    cloud_cover: float | None = None,
    synthetic: bool = False,
    replace: bool = False,
    settings: RasterSettings | None = None,
) -> Scene:
    """Register ``source``; ``replace`` swaps out a scene of the same name instead of refusing."""
    folder = (settings or raster_settings()).raster_folder()
    name = check_scene_name(name or default_name(source))
    _check_metadata(sensor, acquired, cloud_cover)
    if not replace and _exists(engine, name):
        raise Conflict(f"a scene called {name!r} is already registered")
    info = inspect_geotiff(source)
    band_map = bands or bands_of(info)
    band_map.check_count(info.count)
    synthetic = synthetic or info.tags.get(SYNTHETIC_TAG, "").lower() == "true"

    with rasterio.open(source) as src:
        stats = measure_scene(src, band_map)
    folder.mkdir(parents=True, exist_ok=True)
    tags = {
        STATISTICS_TAG: stats.to_tag(),
        SYNTHETIC_TAG: "true" if synthetic else "false",
        BANDS_TAG: json.dumps(band_map.to_json()),
        "PARKMAP_SENSOR": sensor,
        "PARKMAP_ACQUIRED": acquired.isoformat(),
    }
    final = folder / f"{name}-{_digest(source, json.dumps(tags, sort_keys=True))}.tif"
    partial = folder / f".{final.stem}.partial.tif"
    try:
        write_cog(source, partial, info.dtype, tags)
        with rasterio.open(partial) as cog:
            footprint = scene_footprint(cog)
        old_path = _store(
            engine, name, sensor, acquired, band_map, cloud_cover, synthetic, footprint, partial, final
        )
    finally:
        partial.unlink(missing_ok=True)
    if old_path is not None:
        old = Path(old_path) if Path(old_path).is_absolute() else folder / old_path
        if old != final:
            old.unlink(missing_ok=True)
    return get_scene(engine, name, settings)


def _store(engine, name, sensor, acquired, band_map, cloud_cover, synthetic, footprint, partial, final):
    """Insert the row and move the COG into place in one transaction; the old file's path if replaced."""
    old_path = None
    moved = False
    try:
        with engine.begin() as conn:
            old_path = conn.execute(
                text("DELETE FROM raster_scenes WHERE name = :name RETURNING path"), {"name": name}
            ).scalar()
            conn.execute(
                text(query("insert_scene")),
                {
                    "name": name,
                    "sensor": sensor,
                    "acquired": acquired,
                    "bands": json.dumps(band_map.to_json()),
                    "cloud_cover": cloud_cover,
                    "path": final.name,
                    "synthetic": synthetic,
                    "footprint": json.dumps(footprint.__geo_interface__),
                },
            )
            os.replace(partial, final)
            moved = True
    except IntegrityError as exc:
        raise Conflict(f"a scene called {name!r} was registered at the same time") from exc
    except BaseException:
        if moved and old_path != final.name:
            final.unlink(missing_ok=True)
        raise
    return old_path


def list_scenes(engine: Engine, settings: RasterSettings | None = None) -> list[Scene]:
    folder = (settings or raster_settings()).raster_folder()
    with engine.connect() as conn:
        rows = conn.execute(text(query("scenes"))).mappings().all()
    return [Scene.from_row(row, folder) for row in rows]


def get_scene(engine: Engine, name: str, settings: RasterSettings | None = None) -> Scene:
    for scene in list_scenes(engine, settings):
        if scene.name == name:
            return scene
    raise NotFound(f"no scene called {name!r}")


def bands_of(info: GeoTiffInfo) -> BandMap:
    """Band names from the file: our own tag, else band descriptions, else colour interpretation."""
    if BANDS_TAG in info.tags:
        return BandMap.from_json(json.loads(info.tags[BANDS_TAG]))
    if all(info.descriptions):
        try:
            return BandMap.from_names(info.descriptions)  # type: ignore[arg-type]
        except InvalidInput:
            pass
    if set(info.colorinterp) <= {"red", "green", "blue"}:
        return BandMap.from_names(info.colorinterp)
    return BandMap({})


def default_name(source: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-._")[:64] or "scene"


def _check_metadata(sensor: str, acquired: dt.date, cloud_cover: float | None) -> None:
    if not sensor.strip() or len(sensor) > 64:
        raise InvalidInput("the sensor name must be 1 to 64 characters")
    if acquired > dt.date.today() + dt.timedelta(days=1):
        raise InvalidInput(f"acquisition date {acquired} is in the future")
    if cloud_cover is not None and not 0 <= cloud_cover <= 100:
        raise InvalidInput(f"cloud cover {cloud_cover} is not a percentage between 0 and 100")


def _exists(engine: Engine, name: str) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT 1 FROM raster_scenes WHERE name = :name"), {"name": name}).first()
            is not None
        )


def _digest(path: Path, metadata: str) -> str:
    """Content hash of the file and what we add to it: a new COG always gets a new name."""
    sha = hashlib.sha256(metadata.encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()[:12]
