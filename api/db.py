"""The asyncpg connection pool the app's lifespan owns."""

from __future__ import annotations

import asyncpg
import orjson

from gis.settings import StoreSettings


async def _init_connection(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(
            kind, encoder=lambda v: orjson.dumps(v).decode(), decoder=orjson.loads, schema="pg_catalog"
        )


async def create_pool(url: str, settings: StoreSettings) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        url,
        min_size=settings.pool_min,
        max_size=settings.pool_max,
        init=_init_connection,
        command_timeout=60,
        server_settings={"application_name": "parkmap-api", "jit": "off"},
    )
