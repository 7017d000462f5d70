"""A database of its own for the pipe-tracing tests, dropped after the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine

DATABASE = "parkmap_analysis_test"


@pytest.fixture(scope="session")
def analysis_engine(cluster: EmbeddedCluster) -> Iterator[Engine]:
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    cluster.drop_database(DATABASE)


@pytest.fixture
def network_conn(analysis_engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that is rolled back: every test builds its own network."""
    with analysis_engine.connect() as conn:
        transaction = conn.begin()
        try:
            yield conn
        finally:
            transaction.rollback()
