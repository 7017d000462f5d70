"""The FastAPI app factory. The lifespan owns every resource: nothing connects at import time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.db import create_pool
from api.errors import install_error_handlers
from api.routers import health
from api.settings import ServerSettings, server_settings
from gis.db.embedded import EmbeddedCluster
from gis.settings import StoreSettings, store_settings

log = logging.getLogger(__name__)


def create_app(
    database_url: str | None = None,
    store: StoreSettings | None = None,
    server: ServerSettings | None = None,
) -> FastAPI:
    store = store or store_settings()
    server = server or server_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or store.database_url
        if url is None:
            cluster = EmbeddedCluster(store)
            await asyncio.to_thread(cluster.start)
            url = cluster.url()
        app.state.database_url = url
        app.state.pool = await create_pool(url, store)
        try:
            yield
        finally:
            await app.state.pool.close()

    app = FastAPI(
        title="ParkMap",
        summary="One map of a chemical industrial park: layers, tiles, live monitoring, supervision.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.store_settings = store
    app.state.server_settings = server
    install_error_handlers(app)
    app.include_router(health.router)
    return app
