"""Remote-sensing scenes: catalog, tiles, point values, polygon statistics, change between dates.

Tiles outside a scene (or outside both scenes of a change) answer **204 No Content**, with
the same cache headers as a tile; a tile that overlaps the scene is a PNG/WebP whose
pixels without data are transparent.  Every tile carries an ETag; tile URLs from the
catalog carry ``v=<scene version>`` and are then cached as immutable.  Bad parameters
answer 400 with the usual JSON error.

Every route needs a login (tile URLs may carry ``?access_token=``).  Polygon statistics
are a POST, so read-only roles use the GET form by enterprise or zone; an enterprise
account gets statistics of its own footprint only, and no ranking that names others.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, replace
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from rasterio.errors import RasterioError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.auth.deps import CurrentUser, current_user, require_roles
from api.deps import PoolDep
from api.responses import JSON
from gis.auth import PARK_STAFF, READ_ONLY_ROLES
from gis.errors import Forbidden, InvalidInput
from gis.raster import store
from gis.raster.change import change_tile, rank_change
from gis.raster.indices import INDICES, TRUE_COLOUR, TRUE_COLOUR_TITLES, spectral_index
from gis.raster.point import point_values
from gis.raster.products import select_products
from gis.raster.reader import SceneReader
from gis.raster.render import FORMATS, RenderParams, TileImage, render_tile
from gis.raster.scene import Scene
from gis.raster.settings import RasterSettings, raster_settings
from gis.raster.zonal import parse_polygon, polygon_statistics

log = logging.getLogger(__name__)
router = APIRouter(prefix="/rasters", tags=["rasters"], dependencies=[Depends(current_user)])
Surveyor = require_roles(*PARK_STAFF, "enterprise")
ParkWide = require_roles(*PARK_STAFF, *READ_ONLY_ROLES)

MAX_ZOOM = 24
MAX_BODY_BYTES = 5 * 1024 * 1024
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=3600"
OUTSIDE = {204: {"description": "the tile lies outside the scene(s): nothing to draw"}}


def get_raster_settings(request: Request) -> RasterSettings:
    return getattr(request.app.state, "raster_settings", None) or raster_settings()


SettingsDep = Annotated[RasterSettings, Depends(get_raster_settings)]


def render_query(
    bidx: Annotated[
        list[str] | None, Query(description="band index or name; one, or three for a composite")
    ] = None,
    expression: Annotated[
        str | None, Query(description="band math, e.g. (nir-red)/(nir+red) or (b4-b3)/(b4+b3)")
    ] = None,
    index: Annotated[str | None, Query(description="named index: ndvi, ndwi or thermal")] = None,
    rescale: Annotated[list[str] | None, Query(description="min,max (one, or one per band)")] = None,
    colormap_name: Annotated[str | None, Query(description="one of rio-tiler's colour maps")] = None,
) -> RenderParams:
    return RenderParams.parse(
        bidx=bidx or (),
        expression=expression,
        index=index,
        rescale=rescale or (),
        colormap_name=colormap_name,
    )


RenderDep = Annotated[RenderParams, Depends(render_query)]


# -- catalog -------------------------------------------------------------------------


@router.get("")
async def list_rasters(request: Request, pool: PoolDep, settings: SettingsDep) -> JSON:
    """Every scene by date, with tile URL templates for true colour and each index, and legends."""
    scenes = await store.list_scenes(pool, settings.raster_folder())
    entries = await run_in_threadpool(lambda: [_entry(request, scene) for scene in scenes])
    root = request.scope.get("root_path", "")
    return JSON(
        {
            "scenes": entries,
            "indices": [_index_entry(ix) for ix in INDICES.values()],
            "change": {
                "tiles": root + "/rasters/change/{scene_a}/{scene_b}/tiles/{z}/{x}/{y}.png?index={index}",
                "ranking": root + "/rasters/change/{scene_a}/{scene_b}/ranking?index={index}&by={by}",
            },
        },
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/change/{scene_a}/{scene_b}/tiles/{z}/{x}/{y}.{fmt}", responses=OUTSIDE)
async def change_tiles(
    request: Request,
    pool: PoolDep,
    settings: SettingsDep,
    scene_a: str,
    scene_b: str,
    z: str,
    x: str,
    y: str,
    fmt: str,
    index: str = "ndvi",
    v: str | None = None,
) -> Response:
    """The difference of an index, ``scene_b − scene_a``, on a diverging colour map."""
    tile = _tile(z, x, y)
    spectral_index(index)
    _format(fmt)
    a, b = [await store.get_scene(pool, name, settings.raster_folder()) for name in (scene_a, scene_b)]
    version = f"{a.version}.{b.version}"
    etag = _etag(version, tile, fmt, [("index", index)])
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=_cache(etag, v, version))

    def draw() -> TileImage | None:
        with SceneReader(a) as reader_a, SceneReader(b) as reader_b:
            return change_tile(reader_a, reader_b, *tile, index.lower(), fmt)

    return _tile_response(await run_in_threadpool(draw), etag, v, version)


@router.get("/change/{scene_a}/{scene_b}/ranking", dependencies=[ParkWide])
async def change_ranking(
    pool: PoolDep,
    settings: SettingsDep,
    scene_a: str,
    scene_b: str,
    index: str = "ndvi",
    by: str = "enterprises",
    order: str = "absolute",
    limit: str = "20",
) -> JSON:
    """Enterprises or zones whose mean index changed most between the scenes (b − a)."""
    if by not in ("enterprises", "zones"):
        raise InvalidInput(f"by must be enterprises or zones, not {by!r}")
    if order not in ("absolute", "decrease", "increase"):
        raise InvalidInput(f"order must be absolute, decrease or increase, not {order!r}")
    count = _integer("limit", limit, 1, 500)
    spectral = spectral_index(index)
    a, b = [await store.get_scene(pool, name, settings.raster_folder()) for name in (scene_a, scene_b)]
    footprints = await store.footprints_on(pool, by, a, b)

    def rank():
        with (
            SceneReader(a, settings.max_zonal_pixels) as reader_a,
            SceneReader(b, settings.max_zonal_pixels) as reader_b,
        ):
            return rank_change(reader_a, reader_b, spectral.id, footprints, order, count)

    ranking = await run_in_threadpool(rank)
    return JSON(
        {
            "scene_a": a.name,
            "scene_b": b.name,
            "index": spectral.id,
            "unit": spectral.unit,
            "by": by,
            "order": order,
            "compared": len(footprints),
            "ranking": [asdict(r) for r in ranking],
        }
    )


@router.get("/{scene}")
async def raster(request: Request, pool: PoolDep, settings: SettingsDep, scene: str) -> JSON:
    found = await store.get_scene(pool, scene, settings.raster_folder())
    return JSON(await run_in_threadpool(_entry, request, found))


@router.get("/{scene}/tilejson.json")
async def tilejson(
    request: Request,
    pool: PoolDep,
    settings: SettingsDep,
    params: RenderDep,
    scene: str,
    tile_format: str = "png",
) -> JSON:
    """TileJSON 3.0.0 for the scene drawn with the given parameters."""
    found = await store.get_scene(pool, scene, settings.raster_folder())
    _format(tile_format)

    def zooms() -> tuple[int, int]:
        with SceneReader(found) as reader:
            return reader.minzoom, min(MAX_ZOOM, reader.maxzoom + settings.max_overzoom)

    minzoom, maxzoom = await run_in_threadpool(zooms)
    query = "&".join(f"{k}={v}" for k, v in [*params.query(), ("v", found.version)])
    west, south, east, north = found.bounds
    return JSON(
        {
            "tilejson": "3.0.0",
            "name": found.name,
            "description": f"{found.sensor} {found.acquired.isoformat()}"
            + (" (synthetic)" if found.synthetic else ""),
            "version": found.version,
            "scheme": "xyz",
            "tiles": [
                f"{request.base_url}rasters/{found.name}/tiles/{{z}}/{{x}}/{{y}}.{tile_format}?{query}"
            ],
            "minzoom": minzoom,
            "maxzoom": maxzoom,
            "bounds": [west, south, east, north],
            "center": [(west + east) / 2, (south + north) / 2, minzoom],
        }
    )


@router.get("/{scene}/tiles/{z}/{x}/{y}.{fmt}", responses=OUTSIDE)
async def tiles(
    request: Request,
    pool: PoolDep,
    settings: SettingsDep,
    params: RenderDep,
    scene: str,
    z: str,
    x: str,
    y: str,
    fmt: str,
    v: str | None = None,
) -> Response:
    tile = _tile(z, x, y)
    params = replace(params, format=_format(fmt))
    found = await store.get_scene(pool, scene, settings.raster_folder())
    etag = _etag(found.version, tile, fmt, params.query())
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=_cache(etag, v, found.version))

    def draw() -> TileImage | None:
        with SceneReader(found) as reader:
            return render_tile(reader, *tile, params)

    return _tile_response(await run_in_threadpool(draw), etag, v, found.version)


@router.get("/{scene}/point")
async def point(pool: PoolDep, settings: SettingsDep, scene: str, lon: str = "", lat: str = "") -> JSON:
    """Every band's and every index's value at lon/lat (WGS84)."""
    lon_value, lat_value = _number("lon", lon, -180, 180), _number("lat", lat, -90, 90)
    found = await store.get_scene(pool, scene, settings.raster_folder())

    def read():
        with SceneReader(found) as reader:
            return point_values(reader, lon_value, lat_value)

    return JSON(asdict(await run_in_threadpool(read)))


@router.post("/{scene}/statistics", dependencies=[Surveyor])
async def statistics_in_polygon(
    request: Request,
    pool: PoolDep,
    settings: SettingsDep,
    scene: str,
    bidx: Annotated[list[str] | None, Query()] = None,
    expression: str | None = None,
    index: str | None = None,
) -> JSON:
    """Statistics inside a GeoJSON Polygon/MultiPolygon (or a Feature of one) in the body."""
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise InvalidInput(f"the polygon is larger than {MAX_BODY_BYTES // 1024 // 1024} MB")
    try:
        geojson = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"the body is not JSON: {exc}") from exc
    polygon = parse_polygon(geojson)
    found = await store.get_scene(pool, scene, settings.raster_folder())
    return await _statistics(found, polygon, settings, tuple(bidx or ()), expression, index)


@router.get("/{scene}/statistics")
async def statistics_of_footprint(
    pool: PoolDep,
    settings: SettingsDep,
    user: CurrentUser,
    scene: str,
    enterprise_id: str | None = None,
    zone_id: str | None = None,
    bidx: Annotated[list[str] | None, Query()] = None,
    expression: str | None = None,
    index: str | None = None,
) -> JSON:
    """Statistics inside an enterprise's or a zone's footprint."""
    if (enterprise_id is None) == (zone_id is None):
        raise InvalidInput("give one of enterprise_id and zone_id")
    kind = "enterprises" if enterprise_id is not None else "zones"
    id = _integer(f"{kind[:-1]}_id", enterprise_id or zone_id, 1, 2**31 - 1)
    if kind == "enterprises" and user.scope.is_enterprise and id != user.enterprise_id:
        raise Forbidden("an enterprise account sees statistics of its own footprint only")
    footprint = await store.footprint(pool, kind, id)
    found = await store.get_scene(pool, scene, settings.raster_folder())
    return await _statistics(found, footprint.geometry, settings, tuple(bidx or ()), expression, index)


async def _statistics(scene: Scene, polygon, settings: RasterSettings, bidx, expression, index) -> JSON:
    if sum(bool(p) for p in (bidx, expression, index)) > 1:
        raise InvalidInput("give only one of bidx, expression and index")

    def compute():
        with SceneReader(scene, settings.max_zonal_pixels) as reader:
            products = select_products(
                scene.bands, reader.stats, reader.count, bidx=bidx, expression=expression, index=index
            )
            return polygon_statistics(reader, polygon, products)

    return JSON(asdict(await run_in_threadpool(compute)))


# -- helpers -------------------------------------------------------------------------


def _entry(request: Request, scene: Scene) -> dict:
    """A scene as the map's date picker, layer switcher and legend need it."""
    root = f"{request.scope.get('root_path', '')}/rasters/{scene.name}"
    template = f"{root}/tiles/{{z}}/{{x}}/{{y}}.png?"
    layers = []
    if scene.bands.has(*TRUE_COLOUR):
        zh, en = TRUE_COLOUR_TITLES
        layers.append(
            {
                "id": "truecolor",
                "title_zh": zh,
                "title_en": en,
                "tiles": f"{template}v={scene.version}",
                "legend": None,
            }
        )
    for ix in INDICES.values():
        if ix.available(scene.bands):
            layers.append(
                {
                    "id": ix.id,
                    "title_zh": ix.title_zh,
                    "title_en": ix.title_en,
                    "tiles": f"{template}index={ix.id}&v={scene.version}",
                    "legend": asdict(ix.legend),
                }
            )
    entry = {
        "name": scene.name,
        "sensor": scene.sensor,
        "acquired": scene.acquired.isoformat(),
        "synthetic": scene.synthetic,
        "cloud_cover": scene.cloud_cover,
        "bands": scene.bands.to_json(),
        "bounds": list(scene.bounds),
        "footprint": scene.footprint,
        "version": scene.version,
        "tilejson": f"{root}/tilejson.json",
        "point": f"{root}/point?lon={{lon}}&lat={{lat}}",
        "statistics": f"{root}/statistics",
        "layers": layers,
        "available": scene.path.is_file(),
    }
    if entry["available"]:
        try:
            with SceneReader(scene) as reader:
                entry["minzoom"], entry["maxzoom"] = reader.minzoom, reader.maxzoom
        except RasterioError:
            log.exception("scene %s: its COG cannot be read", scene.name)
            entry["available"] = False
    return entry


def _index_entry(ix) -> dict:
    return {
        "id": ix.id,
        "title_zh": ix.title_zh,
        "title_en": ix.title_en,
        "formula": ix.formula,
        "unit": ix.unit,
        "bands": list(ix.needs),
        "legend": asdict(ix.legend),
        "change_legend": asdict(ix.change_legend),
    }


def _integer(name: str, text: str, lo: int, hi: int) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be an integer, not {text!r}") from None
    if not lo <= value <= hi:
        raise InvalidInput(f"{name} must be between {lo} and {hi}, not {value}")
    return value


def _number(name: str, text: str, lo: float, hi: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(f"{name} must be a number, not {text!r}") from None
    if not lo <= value <= hi:
        raise InvalidInput(f"{name} must be between {lo} and {hi}, not {value}")
    return value


def _tile(z: str, x: str, y: str) -> tuple[int, int, int]:
    zoom = _integer("z", z, 0, MAX_ZOOM)
    return zoom, _integer("x", x, 0, 2**zoom - 1), _integer("y", y, 0, 2**zoom - 1)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"tile format {fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


def _etag(version: str, tile: tuple[int, int, int], fmt: str, query: list[tuple[str, str]]) -> str:
    key = f"{version}|{tile}|{fmt}|{sorted(query)}"
    return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'


def _cache(etag: str, asked: str | None, version: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": IMMUTABLE if asked == version else REVALIDATE}


def _tile_response(image: TileImage | None, etag: str, asked: str | None, version: str) -> Response:
    headers = _cache(etag, asked, version)
    if image is None:
        return Response(status_code=204, headers=headers)
    return Response(image.content, media_type=image.media_type, headers=headers)
