"""The FastAPI app factory. The lifespan owns every resource: nothing connects at import time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import access_log
from api.auth.deps import SessionCache
from api.auth.router import router as auth_router
from api.auth.throttle import LoginThrottle
from api.collector import settled
from api.db import create_pool
from api.errors import install_error_handlers
from api.ingest import lifecycle as ingest_lifecycle
from api.live.hub import LiveHub
from api.routers import (
    analysis,
    enterprises,
    features,
    frontend,
    health,
    ingest,
    inspections,
    layers,
    live,
    parameters,
    places,
    programs_carbon,
    programs_cleaner_production,
    programs_joint_warning,
    programs_materials,
    programs_outfalls,
    programs_voc_fence,
    rasters,
    stations,
    supervision,
    tiles,
)
from api.routers.layers import layer_service
from api.security import SecurityMiddleware, origin_of
from api.settings import (
    PLACEHOLDER_SECRET,
    AuthSettings,
    ServerSettings,
    auth_settings,
    development_secret,
    server_settings,
)
from gis.db.embedded import EmbeddedCluster
from gis.settings import StoreSettings, store_settings
from gis.supervision.settings import SupervisionSettings, supervision_settings
from gis.tiles.settings import TileSettings, tile_settings

log = logging.getLogger(__name__)


def create_app(
    database_url: str | None = None,
    store: StoreSettings | None = None,
    server: ServerSettings | None = None,
    auth: AuthSettings | None = None,
    tile: TileSettings | None = None,
    supervising: SupervisionSettings | None = None,
) -> FastAPI:
    store = store or store_settings()
    server = server or server_settings()
    auth = auth or auth_settings()
    tile = tile or tile_settings()
    supervising = supervising or supervision_settings()
    if server.secret_key == PLACEHOLDER_SECRET:
        server = server.model_copy(update={"secret_key": development_secret(store.home)})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or store.database_url
        if url is None:
            cluster = EmbeddedCluster(store)
            await asyncio.to_thread(cluster.start)
            url = cluster.url()
        app.state.database_url = url
        app.state.pool = await create_pool(url, store)
        app.state.live_hub = LiveHub(url, app.state.pool, server.live_max_subscribers, server.live_queue_size)
        await app.state.live_hub.start()
        try:
            await supervision.start(app)
            await ingest_lifecycle.start(app)
            async with layer_service(app, url, tile):
                with settled(server.gc_young_threshold):
                    yield
        finally:
            await ingest_lifecycle.stop(app)
            await supervision.stop(app)
            await app.state.live_hub.stop()
            await app.state.pool.close()

    app = FastAPI(
        title="ParkMap",
        summary="One map of a chemical industrial park: layers, tiles, live monitoring, supervision.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.store_settings = store
    app.state.server_settings = server
    app.state.auth_settings = auth
    app.state.supervision_settings = supervising
    app.state.login_throttle = LoginThrottle(
        auth.login_attempts, auth.login_window_seconds, auth.login_tracked_clients
    )
    app.state.session_cache = SessionCache(auth.session_cache_size, auth.session_cache_seconds)
    install_error_handlers(app)
    access_log.install()
    app.add_middleware(
        SecurityMiddleware, max_body=server.max_request_bytes, image_origins=origin_of(server.basemap_url)
    )
    if server.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=server.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        )
    tiles.install(app)
    app.include_router(health.router)
    app.include_router(auth_router)
    app.include_router(live.router)
    app.include_router(inspections.router)
    app.include_router(stations.router)
    app.include_router(parameters.router)
    app.include_router(ingest.router)
    app.include_router(places.router)
    app.include_router(enterprises.router)
    app.include_router(rasters.router)
    app.include_router(layers.router)
    app.include_router(features.router)
    app.include_router(programs_carbon.router)
    app.include_router(programs_outfalls.router)
    app.include_router(programs_cleaner_production.router)
    app.include_router(programs_voc_fence.router)
    app.include_router(programs_materials.router)
    app.include_router(programs_joint_warning.router)
    app.include_router(supervision.router)
    app.include_router(analysis.router)
    app.include_router(frontend.router)
    return app
