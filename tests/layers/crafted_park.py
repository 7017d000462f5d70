"""A small crafted park in its own database, and the app serving it, for the tile tests.

Test modules import the ``*_fixture`` functions; the fixtures are named without the suffix.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.tiles.settings import TileSettings

DATABASE = "parkmap_tiles_test"
HERE = Path(__file__).resolve().parent


@functools.cache
def crafted_park_url() -> str:
    """Create, migrate and fill the database once per test run."""
    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url, "heads")
    cluster.psql((HERE / "crafted_park.sql").read_text(), DATABASE)
    return url


@pytest.fixture(scope="session", name="park_url")
def park_url_fixture() -> Iterator[str]:
    yield crafted_park_url()
    EmbeddedCluster().drop_database(DATABASE)


@pytest.fixture(scope="module", name="park_app")
async def park_app_fixture(park_url: str):
    from api.app import create_app
    from api.settings import AuthSettings
    from layers.registry import CATALOG_DIR, load_registry

    # this park publishes every layer, so what anonymous callers see is decided by the
    # properties each layer exposes to the public role (tests/api/test_public_layers.py
    # covers a park that publishes nothing)
    everything = AuthSettings(public_layers=list(load_registry(CATALOG_DIR).layers))
    app = create_app(
        database_url=park_url, auth=everything, tile=TileSettings(cache_mb=16, listener_check_s=1.0)
    )
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(name="park_client")
async def park_client_fixture(park_app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=park_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://parkmap.test") as http:
        yield http
