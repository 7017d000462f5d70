"""The map in the browser: the built bundle (``frontend/dist``) and the client's settings.

Each page path answers the same ``index.html``; the bundle picks the mode from the path.
Hashed assets never change under their name, so they are cached for a year; the page itself
is revalidated on every load so a new build is picked up at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.responses import Response

from api.errors import error_response
from api.responses import JSON
from gis.errors import NotFound
from gis.settings import PROJECT_ROOT

router = APIRouter(tags=["frontend"])

PAGES = ("/", "/screen", "/respond", "/field", "/login")
ASSET_CACHE = "public, max-age=31536000, immutable"
PAGE_CACHE = "no-cache"


def frontend_dist() -> Path:
    """Where the built bundle lives; a dependency so a test can point it elsewhere."""
    return PROJECT_ROOT / "frontend" / "dist"


DistDep = Annotated[Path, Depends(frontend_dist)]


def _not_built(dist: Path) -> Response:
    return error_response(
        503,
        "bundle_not_built",
        f"the map's browser bundle is not built ({dist / 'index.html'} is missing): "
        "run `npm ci && npm run build` in frontend/, or `./parkmap run`",
    )


async def page(dist: DistDep) -> Response:
    index = dist / "index.html"
    if not index.is_file():
        return _not_built(dist)
    return FileResponse(index, media_type="text/html; charset=utf-8", headers={"Cache-Control": PAGE_CACHE})


for _path in PAGES:
    router.add_api_route(
        _path, page, methods=["GET"], include_in_schema=False, name=f"page:{_path.strip('/') or 'root'}"
    )


@router.get("/assets/{name:path}", include_in_schema=False)
async def asset(name: str, dist: DistDep) -> FileResponse:
    """A hashed file of the bundle; anything outside ``dist/assets`` is not found."""
    folder = (dist / "assets").resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise NotFound(f"no asset {name!r}")
    return FileResponse(path, headers={"Cache-Control": ASSET_CACHE})


@router.get("/config", tags=["frontend"])
async def client_config(request: Request) -> JSON:
    """What the map client needs before it draws: the basemap, if one is configured.

    There is none by default: a control room may have no internet, and the park's own
    layers are the map.
    """
    server = request.app.state.server_settings
    basemap = None
    if server.basemap_url:
        basemap = {"url": server.basemap_url, "attribution": server.basemap_attribution or ""}
    return JSON({"basemap": basemap})
