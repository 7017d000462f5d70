"""Fixtures of the import/export tests: real PostGIS databases in the embedded cluster.

``io_demo_engine`` holds the demo park, loaded once; ``fresh_engine`` is a new, empty,
migrated database for each test that needs to see exactly what it loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.io.demo import generate, load_demo_park


@pytest.fixture(scope="session")
def io_cluster() -> EmbeddedCluster:
    cluster = EmbeddedCluster()
    cluster.start()
    return cluster


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory) -> Path:
    """The generated demo park (park.gpkg + manifest.json)."""
    out = tmp_path_factory.mktemp("demo_park")
    generate("demo", out)
    return out


def _database(cluster: EmbeddedCluster, name: str) -> tuple[str, Engine]:
    url = cluster.create_database(name)
    migrate.upgrade(url)
    return url, make_engine(url)


@pytest.fixture(scope="session")
def io_demo_engine(io_cluster: EmbeddedCluster, demo_files: Path) -> Iterator[Engine]:
    name = f"parkmap_io_demo_{os.getpid()}"
    _, engine = _database(io_cluster, name)
    load_demo_park(engine, out_dir=demo_files)
    yield engine
    engine.dispose()
    io_cluster.drop_database(name)


@pytest.fixture(scope="session")
def migrated_template(io_cluster: EmbeddedCluster) -> Iterator[str]:
    """An empty migrated database that scratch databases are copied from (much faster than migrating)."""
    name = f"parkmap_io_template_{os.getpid()}"
    _, engine = _database(io_cluster, name)
    engine.dispose()
    yield name
    io_cluster.drop_database(name)


@pytest.fixture
def fresh_engine(io_cluster: EmbeddedCluster, migrated_template: str) -> Iterator[Engine]:
    name = f"parkmap_io_scratch_{os.getpid()}"
    io_cluster.drop_database(name)
    io_cluster.psql(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    engine = make_engine(io_cluster.url(name))
    yield engine
    engine.dispose()
    io_cluster.drop_database(name)


@pytest.fixture
def row_count():
    """``row_count(engine, table)``: the rows a table holds now."""

    def count(engine: Engine, table: str) -> int:
        with engine.connect() as conn:
            return conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()

    return count
