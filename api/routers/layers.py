"""``GET /layers``: the layer catalog the map builds its layer tree, styles and popups from."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

from api.auth.deps import OptionalUser
from api.responses import JSON
from gis.auth import PUBLIC_SCOPE, Scope
from gis.errors import Unauthorized
from gis.tiles.service import TileService
from gis.tiles.settings import TileSettings
from layers.registry import CATALOG_DIR, Registry, load_registry

router = APIRouter(tags=["layers"])


async def viewer_scope(user: OptionalUser) -> Scope:
    """What the caller may see: their scope when signed in, the public one otherwise."""
    return user.scope if user is not None else PUBLIC_SCOPE


async def tile_service(request: Request) -> TileService:
    return request.app.state.tiles


async def layer_registry(request: Request) -> Registry:
    return request.app.state.layer_registry


def check_viewer(app: FastAPI, scope: Scope, layer_ids) -> None:
    """Without a login only the layers the park publishes (``PARKMAP_PUBLIC_LAYERS``) are seen."""
    if scope != PUBLIC_SCOPE:
        return
    # an unknown layer is left to the route's 404: layer ids are no secret, the data is
    known = set(app.state.layer_registry.layers)
    hidden = sorted((set(layer_ids) & known) - set(app.state.auth_settings.public_layers))
    if hidden:
        raise Unauthorized(f"log in to see {', '.join(hidden[:10])}")


def published(app: FastAPI, scope: Scope, layer_id: str) -> bool:
    return scope != PUBLIC_SCOPE or layer_id in app.state.auth_settings.public_layers


ScopeDep = Annotated[Scope, Depends(viewer_scope)]
TilesDep = Annotated[TileService, Depends(tile_service)]
RegistryDep = Annotated[Registry, Depends(layer_registry)]


def cache_control(scope: Scope, max_age: int, immutable: bool = False) -> str:
    """``public`` for what anyone may see; ``private`` once the answer depends on who asks."""
    audience = "public" if scope == PUBLIC_SCOPE else "private"
    if immutable:
        return f"{audience}, max-age={max_age}, immutable"
    return f"{audience}, max-age={max_age}, must-revalidate"


@asynccontextmanager
async def layer_service(app: FastAPI, url: str, settings: TileSettings) -> AsyncIterator[None]:
    """Load and check the layer registry, build the tile SQL, run the tile service."""
    registry = load_registry(settings.catalog_dir or CATALOG_DIR)
    async with app.state.pool.acquire() as conn:
        compiled = await registry.compile(conn)
    async with TileService.running(app.state.pool, url, compiled, settings) as service:
        app.state.layer_registry = registry
        app.state.tiles = service
        yield


@router.get("/layers")
async def layer_catalog(request: Request, registry: RegistryDep, tiles: TilesDep, scope: ScopeDep) -> JSON:
    """Groups and layers: titles (zh/en), zooms, tile URL, style, legend, popup fields, version.

    ``version`` changes whenever the layer's data or definition does; a tile URL carrying
    the current one as ``?v=`` (for a composite tile, the layers' versions joined by commas
    in the order of the URL) may be kept by the browser without asking again.
    """
    catalog = registry.catalog(scope)
    catalog["layers"] = [e for e in catalog["layers"] if published(request.app, scope, e["id"])]
    for entry in catalog["layers"]:
        entry["version"] = tiles.version_token((tiles.layer(entry["id"]),))
    return JSON(catalog, headers={"Cache-Control": cache_control(scope, 0)})
