"""A database of our own for the raster tests, and a raster folder per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.raster.settings import RasterSettings

DATABASE = "parkmap_raster_test"


@pytest.fixture(scope="session")
def raster_engine() -> Iterator[Engine]:
    cluster = EmbeddedCluster()
    cluster.start()
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url, "heads")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    cluster.drop_database(DATABASE)


@pytest.fixture
def settings(tmp_path: Path) -> RasterSettings:
    return RasterSettings(folder=tmp_path / "catalog")


@pytest.fixture
def engine(raster_engine: Engine) -> Engine:
    """The raster test database with an empty catalog."""
    with raster_engine.begin() as conn:
        conn.execute(text("DELETE FROM raster_scenes"))
    return raster_engine
