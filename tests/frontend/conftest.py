"""The browser tests' world: the built bundle, parks in a real PostGIS, the app on a free
port in a background thread, and Debian's chromium driven by Playwright.

The crafted park (park.sql) lives in its own database, dropped afterwards; the demo park
is the session's shared one and is only read; the programs park (a demo park the program,
supervision and remote-sensing tests write to) has a database of its own, and may be served
with the ingestion gateway open to a real mosquitto for the demo simulator to play. Each test
module shares one chromium; every page gets a fresh browser context (its own storage).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.ingest.broker import EmbeddedBroker
from api.ingest.gateway import Gateway
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.settings import PROJECT_ROOT
from gis.users import add_user
from tests.conftest import running_server
from tests.frontend.browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, Page, Site
from tests.frontend.live_park import served_with_gateway
from tests.frontend.programs_park import ProgramsPark, build_programs_park, served, site_of

FRONTEND = PROJECT_ROOT / "frontend"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CRAFTED_ACCOUNTS = ("manager", "responder", "inspector", "screen")
DEMO_ACCOUNT = "frontend-speed"


def stale(dist: Path) -> bool:
    """True when there is no build, or a source changed after it was made."""
    built = dist / "index.html"
    if not built.is_file():
        return True
    sources = [FRONTEND / "index.html", FRONTEND / "package.json", *(FRONTEND / "src").rglob("*")]
    return max(p.stat().st_mtime for p in sources if p.is_file()) > built.stat().st_mtime


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The built bundle; built here when missing or older than its sources (as ``./parkmap`` does)."""
    dist = FRONTEND / "dist"
    if stale(dist):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("frontend/dist is not built and npm is not installed")
        if not (FRONTEND / "node_modules").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
        subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True)
    return dist


@pytest.fixture(scope="session")
def park_url(cluster: EmbeddedCluster) -> Iterator[str]:
    """A migrated database holding the crafted park (park.sql) and one account per role used."""
    name = f"parkmap_frontend_{os.getpid()}"
    url = cluster.create_database(name)
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql((Path(__file__).parent / "park.sql").read_text())
    for role in CRAFTED_ACCOUNTS:
        add_user(engine, role, role, PASSWORD)
    engine.dispose()
    yield url
    cluster.drop_database(name)


def serve(url: str) -> contextlib.AbstractContextManager[str]:
    from api.app import create_app

    return running_server(create_app(database_url=url))


@pytest.fixture(scope="session")
def site(park_url: str, bundle: Path) -> Iterator[Site]:
    """The whole app (API + bundle) serving the crafted park."""
    with serve(park_url) as address:
        yield Site(f"http://{address}")


@pytest.fixture(scope="session")
def demo_site(demo_database_url: str, bundle: Path) -> Iterator[Site]:
    """The whole app serving the demo park, with one manager account for the speed tests."""
    engine = make_engine(demo_database_url)
    add_user(engine, DEMO_ACCOUNT, "manager", PASSWORD)
    engine.dispose()
    with serve(demo_database_url) as address:
        yield Site(f"http://{address}")


@pytest.fixture(scope="session")
def programs_park(cluster: EmbeddedCluster, tmp_path_factory) -> Iterator[ProgramsPark]:
    """A demo park the tests may change: programs data, one account per role, two scenes."""
    name = f"parkmap_frontend_programs_{os.getpid()}"
    url = cluster.create_database(name)
    migrate.upgrade(url)
    yield build_programs_park(url, tmp_path_factory.mktemp("programs-park"))
    cluster.drop_database(name)


@pytest.fixture(scope="session")
def programs_site(programs_park: ProgramsPark, bundle: Path) -> Iterator[Site]:
    with served(programs_park) as address:
        yield site_of(address)


@pytest.fixture(scope="module")
def gateway_site(
    programs_park: ProgramsPark, bundle: Path, broker: EmbeddedBroker
) -> Iterator[tuple[Site, Gateway]]:
    """The app on the programs park with its ingestion gateway open: MQTT through ``broker``,
    HJ 212 on a free port, every stored batch judged by the rules."""
    with served_with_gateway(programs_park, broker.port) as (address, gateway):
        yield site_of(address), gateway


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module; pages get contexts of their own.

    Playwright's sync driver holds an event loop while it runs: it is stopped with the module,
    so the asyncio tests that follow get the thread's loop back.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, request):
    """Open a page at a viewport, on the crafted park unless another site is given.

    After the test every page must have kept to its app's origin and thrown nothing.
    """
    opened: list[tuple[object, Page]] = []

    def make(width: int, height: int, on: Site | None = None, **options) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        page = Page(context, on or request.getfixturevalue("site"))
        opened.append((context, page))
        return page

    yield make
    for context, page in opened:
        context.close()
        assert page.foreign_requests() == [], "requests left the app's origin"
        assert page.errors == [], f"the page threw: {page.errors}"
