"""Vector tiles (MVT 2.1) of one or several layers, and TileJSON 3.0.0 per layer.

Caching: an unversioned tile URL is ``max-age=0, must-revalidate`` (``PARKMAP_TILE_MAX_AGE``):
the browser keeps the tile and asks again each time, and the answer is a 304 decided from
the in-memory layer versions without touching the database. A URL whose ``?v=`` is the
layer's current version (from ``GET /layers``) never changes and may be kept for a year.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from fastapi import APIRouter, FastAPI, Request, Response
from starlette.datastructures import QueryParams
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Send
from starlette.types import Scope as ASGIScope

from api.auth.deps import optional_user
from api.responses import JSON
from api.routers.layers import ScopeDep, TilesDep, cache_control, check_viewer, viewer_scope
from api.security import SECURITY_HEADERS
from gis.auth import PUBLIC_SCOPE, Scope
from gis.tiles.service import TileRequest, TileService, tile_coordinates

log = logging.getLogger(__name__)
router = APIRouter(tags=["tiles"])

MVT = "application/vnd.mapbox-vector-tile"


@lru_cache(maxsize=256)
def accepts_gzip(header: str | None) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it)."""
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            q = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
            try:
                return float(q) > 0
            except ValueError:
                return True
    return False


def etag_matches(header: str | None, etag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2), which is what ``If-None-Match`` uses."""
    if not header:
        return False
    opaque = etag.removeprefix("W/")
    return any(tag.strip() == "*" or tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


@router.get("/tiles/{layer}.json")
async def tilejson(layer: str, request: Request, tiles: TilesDep, scope: ScopeDep) -> JSON:
    """TileJSON 3.0.0 of one layer: tile URL, zooms, bounds of its data, its fields."""
    check_viewer(request.app, scope, [layer])
    compiled = tiles.layer(layer)
    source = compiled.source
    west, south, east, north = await tiles.bounds(compiled)
    base = str(request.base_url).rstrip("/")
    version = tiles.version_token((compiled,))
    fields = {name: compiled.columns[name].tilejson_type for name in source.properties_for(scope.role)}
    if any(band.cluster_px for band in source.bands):
        fields["point_count"] = "Number"
    zoom = max(source.minzoom, min(source.maxzoom, 14))
    return JSON(
        {
            "tilejson": "3.0.0",
            "name": source.id,
            "version": "1.0.0",
            "scheme": "xyz",
            "tiles": [f"{base}/tiles/{source.id}/{{z}}/{{x}}/{{y}}.mvt?v={version}"],
            "minzoom": source.minzoom,
            "maxzoom": source.maxzoom,
            "bounds": [west, south, east, north],
            "center": [(west + east) / 2, (south + north) / 2, zoom],
            "vector_layers": [
                {"id": source.id, "fields": fields, "minzoom": source.minzoom, "maxzoom": source.maxzoom}
            ],
        },
        headers={"Cache-Control": cache_control(scope, 0)},
    )


TILE_PATH = re.compile(r"^/tiles/([^/]+)/([^/]+)/([^/]+)/([^/]+)\.mvt$")
READ_HEADERS = frozenset({b"authorization", b"accept-encoding", b"if-none-match", b"origin"})


def tile_headers(
    tiles: TileService, wanted: TileRequest, viewer: Scope, version: str | None, if_none_match: str | None
) -> tuple[dict[str, str], bool]:
    """The caching headers of a tile, and whether the client's copy is current (a 304)."""
    settings = tiles.settings
    if version is not None and version == tiles.version_token(wanted.layers):
        policy = cache_control(viewer, settings.versioned_max_age, immutable=True)
    else:
        policy = cache_control(viewer, settings.max_age)
    headers = {"cache-control": policy, "vary": "Accept-Encoding, Authorization", "etag": wanted.etag}
    return headers, etag_matches(if_none_match, wanted.etag)


async def tile(request: Request) -> Response:
    """``GET /tiles/{layers}/{z}/{x}/{y}.mvt``: one tile; ``layers`` is a layer id or several
    joined by commas (one MVT layer each). Empty tiles are a 200 with an empty body."""
    params = request.path_params
    tiles: TileService = request.app.state.tiles
    viewer = await viewer_scope(await optional_user(request))
    check_viewer(request.app, viewer, params["layers"].split(","))
    wanted = tiles.request(params["layers"], *tile_coordinates(params["z"], params["x"], params["y"]), viewer)
    version, if_none_match = request.query_params.get("v"), request.headers.get("if-none-match")
    headers, current = tile_headers(tiles, wanted, viewer, version, if_none_match)
    if current:
        return Response(status_code=304, headers=headers)
    found = await tiles.tile(wanted, accepts_gzip(request.headers.get("accept-encoding")))
    headers["etag"] = found.etag
    if found.gzipped:
        headers["content-encoding"] = "gzip"
    return Response(found.body, media_type=MVT, headers=headers)


class TileFastPath:
    """Answers tile requests from the ASGI scope, before the middleware stack and the router.

    The map asks for tiles by the hundred, and a cached tile costs less than the stack in
    front of it; so tiles are sent from here, with the headers the route and the security
    middleware would give. An error (answered again by the route, in the one JSON error
    shape) or a cross-origin request (for CORS) goes on to the route.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: ASGIScope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and (match := TILE_PATH.match(scope["path"])):
            tiles: TileService = scope["app"].state.tiles
            try:
                messages = await self.answer(scope, tiles, *match.groups())
            except Exception as exc:  # the route answers it again, with the one JSON error shape
                log.debug("tile %s answered by the route: %r", scope["path"], exc)
                messages = None
            if messages is not None:
                for message in messages:
                    await send(message)
                return
        await self.app(scope, receive, send)

    async def answer(
        self, scope: ASGIScope, tiles: TileService, layers: str, z: str, x: str, y: str
    ) -> list | None:
        """The ASGI messages of the response, or ``None`` to leave the request to the route."""
        asked = {
            name.decode(): value.decode("latin-1") for name, value in scope["headers"] if name in READ_HEADERS
        }
        if "origin" in asked:
            return None
        query = scope["query_string"]
        viewer = PUBLIC_SCOPE
        if "authorization" in asked or b"access_token" in query:
            viewer = await viewer_scope(await optional_user(Request(scope)))
        check_viewer(scope["app"], viewer, layers.split(","))
        wanted = tiles.request(layers, *tile_coordinates(z, x, y), viewer)
        version = QueryParams(query).get("v") if query else None
        headers, current = tile_headers(tiles, wanted, viewer, version, asked.get("if-none-match"))
        if current:
            return [start_message(304, headers), {"type": "http.response.body", "body": b""}]
        found = await tiles.tile(wanted, accepts_gzip(asked.get("accept-encoding")))
        headers["etag"] = found.etag
        headers["content-type"] = MVT
        headers["content-length"] = str(len(found.body))
        if found.gzipped:
            headers["content-encoding"] = "gzip"
        return [start_message(200, headers), {"type": "http.response.body", "body": found.body}]


def start_message(status: int, headers: dict[str, str]) -> dict:
    raw = [(name.encode(), value.encode("latin-1")) for name, value in headers.items()]
    return {"type": "http.response.start", "status": status, "headers": raw + SECURITY_HEADERS}


TILE_ROUTE = Route("/tiles/{layers}/{z}/{x}/{y}.mvt", tile, methods=["GET"], name="tile")


def install(app: FastAPI) -> None:
    """Add the tile routes (the tile first of all routes) and the tile fast path."""
    app.router.routes.insert(0, TILE_ROUTE)
    app.include_router(router)
    app.add_middleware(TileFastPath)
