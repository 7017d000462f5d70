"""The catalog and the footprints it is compared with, read through an asyncpg pool."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import asyncpg
from shapely.geometry import shape

from gis.errors import NotFound
from gis.raster.change import Footprint
from gis.raster.scene import SCENE_NAME, Scene
from gis.raster.sql import query

FootprintKind = Literal["enterprises", "zones"]
SINGULAR = {"enterprises": "enterprise", "zones": "zone"}


async def list_scenes(db: asyncpg.Pool, folder: Path) -> list[Scene]:
    return [Scene.from_row(row, folder) for row in await db.fetch(query("scenes"))]


async def get_scene(db: asyncpg.Pool, name: str, folder: Path) -> Scene:
    if not SCENE_NAME.fullmatch(name):
        raise NotFound(f"no scene called {name!r}")
    row = await db.fetchrow(f"SELECT * FROM ({query('scenes')}) AS scene WHERE name = $1", name)  # noqa: S608 (fixed text)
    if row is None:
        raise NotFound(f"no scene called {name!r}")
    return Scene.from_row(row, folder)


async def footprint(db: asyncpg.Pool, kind: FootprintKind, id: int) -> Footprint:
    row = await db.fetchrow(query(f"{kind}_outline"), id)
    if row is None:
        raise NotFound(f"no {SINGULAR[kind]} with id {id}")
    return _footprint(row)


async def footprints_on(
    db: asyncpg.Pool, kind: FootprintKind, scene_a: Scene, scene_b: Scene
) -> list[Footprint]:
    """The enterprises or zones lying on both scenes."""
    return [_footprint(row) for row in await db.fetch(query(f"{kind}_on_scenes"), scene_a.id, scene_b.id)]


def _footprint(row: asyncpg.Record) -> Footprint:
    return Footprint(
        row["id"], row["code"], row["name_zh"], row["name_en"], shape(json.loads(row["geometry"]))
    )
