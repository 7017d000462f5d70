"""Features of every table or view layer, after OGC API - Features - Part 1: Core.

GeoJSON per RFC 7946 (lon/lat, ``application/geo+json``). Items take ``bbox``, ``limit``
(at most 10,000), ``offset``, ``q`` (text in the layer's text properties) and
``{property}=value`` for the properties the caller may see; anything else is a 400.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from api.responses import JSON, GeoJSON
from api.routers.layers import RegistryDep, ScopeDep, TilesDep, check_viewer, published
from gis.auth import Scope
from gis.errors import InvalidInput, NotFound
from gis.tiles.compile import CompiledLayer
from gis.tiles.features import FeatureQuery, feature_by_id, feature_page, parse_bbox
from gis.tiles.service import TileService
from layers.registry import Registry

router = APIRouter(tags=["features"])

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
RESERVED = frozenset({"bbox", "limit", "offset", "q", "f", "bbox-crs", "access_token"})


def collection_layer(tiles: TileService, collection_id: str) -> CompiledLayer:
    layer = tiles.layer(collection_id)
    if layer.source.function:
        raise NotFound(f"{collection_id} is drawn by a tile function and has no feature collection")
    return layer


async def describe(request: Request, registry: Registry, tiles: TileService, layer: CompiledLayer) -> dict:
    source = layer.source
    title = registry.layers[source.id].title
    base = f"{str(request.base_url).rstrip('/')}/collections/{source.id}"
    return {
        "id": source.id,
        "title": title.en,
        "titles": title.model_dump(),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [list(await tiles.bounds(layer))], "crs": CRS84}},
        "links": [
            {"href": base, "rel": "self", "type": "application/json"},
            {"href": f"{base}/items", "rel": "items", "type": GEOJSON},
            {"href": f"{str(request.base_url).rstrip('/')}/tiles/{source.id}.json", "rel": "tiles"},
        ],
    }


@router.get("/collections")
async def collections(request: Request, registry: RegistryDep, tiles: TilesDep, scope: ScopeDep) -> JSON:
    layers = [
        tiles.layer(layer.id)
        for layer in registry.ordered()
        if not layer.source.function and published(request.app, scope, layer.id)
    ]
    return JSON(
        {
            "collections": [await describe(request, registry, tiles, layer) for layer in layers],
            "links": [{"href": str(request.url), "rel": "self", "type": "application/json"}],
        }
    )


@router.get("/collections/{collection_id}")
async def collection(
    collection_id: str, request: Request, registry: RegistryDep, tiles: TilesDep, scope: ScopeDep
) -> JSON:
    check_viewer(request.app, scope, [collection_id])
    return JSON(await describe(request, registry, tiles, collection_layer(tiles, collection_id)))


def integer(params: Any, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{name}={raw!r} is not an integer") from None


def feature_query(request: Request) -> FeatureQuery:
    params = request.query_params
    crs = params.get("bbox-crs")
    if crs is not None and crs != CRS84:
        raise InvalidInput(f"bbox-crs {crs!r}: only {CRS84} is offered")
    if params.get("f") not in (None, "json", "geojson"):
        raise InvalidInput("f: only json is offered")
    repeated = sorted({key for key in params if len(params.getlist(key)) > 1})
    if repeated:
        raise InvalidInput(f"{', '.join(repeated)} given more than once")
    bbox = params.get("bbox")
    return FeatureQuery(
        limit=integer(params, "limit", 100),
        offset=integer(params, "offset", 0),
        bbox=parse_bbox(bbox) if bbox is not None else None,
        equals={key: value for key, value in params.items() if key not in RESERVED},
        text=params.get("q") or None,
    )


def page_link(request: Request, rel: str, offset: int) -> dict[str, str]:
    url = request.url.include_query_params(offset=max(offset, 0))
    return {"href": str(url), "rel": rel, "type": GEOJSON}


@router.get("/collections/{collection_id}/items", response_class=GeoJSON)
async def items(collection_id: str, request: Request, tiles: TilesDep, scope: ScopeDep) -> GeoJSON:
    """A page of features; ``numberMatched`` counts them all, ``next``/``prev`` page through."""
    check_viewer(request.app, scope, [collection_id])
    layer = collection_layer(tiles, collection_id)
    query = feature_query(request)
    page = await feature_page(tiles.pool, layer, scope, query)
    returned = len(page.features)
    links = [
        {"href": str(request.url), "rel": "self", "type": GEOJSON},
        {"href": str(request.url_for("collection", collection_id=collection_id)), "rel": "collection"},
    ]
    if query.offset + returned < page.matched:
        links.append(page_link(request, "next", query.offset + query.limit))
    if query.offset > 0:
        links.append(page_link(request, "prev", query.offset - query.limit))
    return GeoJSON(
        {
            "type": "FeatureCollection",
            "features": page.features,
            "numberMatched": page.matched,
            "numberReturned": returned,
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "links": links,
        },
        headers={"Cache-Control": private_unless_public(scope)},
    )


@router.get("/collections/{collection_id}/items/{feature_id}", response_class=GeoJSON)
async def item(
    collection_id: str, feature_id: str, request: Request, tiles: TilesDep, scope: ScopeDep
) -> GeoJSON:
    check_viewer(request.app, scope, [collection_id])
    layer = collection_layer(tiles, collection_id)
    feature = await feature_by_id(tiles.pool, layer, scope, feature_id)
    feature["links"] = [
        {"href": str(request.url), "rel": "self", "type": GEOJSON},
        {"href": str(request.url_for("collection", collection_id=collection_id)), "rel": "collection"},
    ]
    return GeoJSON(feature, headers={"Cache-Control": private_unless_public(scope)})


def private_unless_public(scope: Scope) -> str:
    return "no-cache" if scope.role == "public" else "private, no-cache"
