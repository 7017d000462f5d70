"""Session fixtures: a fresh database on the real embedded PostGIS, migrated, for the whole run.

Every test session gets its own database (``parkmap_test_<pid>``) in the same embedded
cluster the app uses, so tests run against real PostgreSQL + PostGIS and never touch the
``parkmap`` database someone may be looking at.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

# Test apps do not run the supervision sweep in the background unless a test asks for it:
# it would recompute health codes and open missing-data alarms under other tests' feet.
os.environ.setdefault("PARKMAP_SUPERVISION_BACKGROUND", "false")

from gis.db import migrate  # noqa: E402
from gis.db.embedded import EmbeddedCluster

if TYPE_CHECKING:
    from api.ingest.broker import EmbeddedBroker


@pytest.fixture(scope="session")
def cluster() -> EmbeddedCluster:
    cluster = EmbeddedCluster()
    cluster.start()
    return cluster


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> Iterator[EmbeddedBroker]:
    """A real mosquitto on a free loopback port, for the whole session."""
    from api.ingest.broker import EmbeddedBroker

    broker = EmbeddedBroker(tmp_path_factory.mktemp("mosquitto"))
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
def database_url(cluster: EmbeddedCluster) -> Iterator[str]:
    """An empty, migrated database for this test session."""
    name = f"parkmap_test_{os.getpid()}"
    url = cluster.create_database(name)
    migrate.upgrade(url)
    yield url
    cluster.drop_database(name)


@pytest.fixture(scope="session")
def demo_database_url(cluster: EmbeddedCluster) -> Iterator[str]:
    """A migrated database with the synthetic demo park loaded once for the session."""
    from gis.db.engine import make_engine
    from gis.demo import load_demo

    name = f"parkmap_demo_{os.getpid()}"
    url = cluster.create_database(name)
    migrate.upgrade(url)
    engine = make_engine(url)
    load_demo(engine)
    engine.dispose()
    yield url
    cluster.drop_database(name)


@pytest.fixture(scope="session")
async def demo_app(demo_database_url: str):
    from api.app import create_app

    app = create_app(database_url=demo_database_url)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def demo_client(demo_app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=demo_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://parkmap.test") as client:
        yield client


TEST_PASSWORD = "park-test-password"


def create_role_accounts(url: str, enterprise_codes: tuple[str, str]) -> dict[str, str]:
    """One account per role (two enterprise accounts, for A and B); returns username by role."""
    from gis.auth import ROLES
    from gis.db.engine import make_engine
    from gis.users import add_user

    engine = make_engine(url)
    names = {}
    for role in ROLES:
        if role == "enterprise":
            continue
        add_user(engine, f"t-{role}", role, TEST_PASSWORD)
        names[role] = f"t-{role}"
    for label, code in zip(("enterprise", "enterprise_b"), enterprise_codes, strict=True):
        add_user(engine, f"t-{label}", "enterprise", TEST_PASSWORD, enterprise_code=code)
        names[label] = f"t-{label}"
    engine.dispose()
    return names


async def login(client: httpx.AsyncClient, username: str, password: str = TEST_PASSWORD) -> dict[str, str]:
    """Authorization headers for ``username``."""
    response = await client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@contextlib.contextmanager
def running_server(app) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yields ``host:port``."""
    import threading

    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the app did not start")
        threading.Event().wait(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


def pytest_collection_modifyitems(config, items) -> None:
    """Browser tests run last: Playwright's sync driver keeps an event loop running for the
    rest of the session, and the tests after it create their own loops."""
    items.sort(key=lambda item: "tests/frontend/" in str(item.path))
