"""The browser tests' world: the built bundle, parks in a real PostGIS, the app on a free
port in a background thread, and Debian's chromium driven by Playwright.

The crafted park (park.sql) lives in its own database, dropped afterwards; the demo park
is the session's shared one and is only read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.settings import PROJECT_ROOT
from gis.users import add_user
from tests.conftest import running_server
from tests.frontend.browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, Page, Site

FRONTEND = PROJECT_ROOT / "frontend"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CRAFTED_ACCOUNTS = ("manager", "responder", "inspector", "screen")
DEMO_ACCOUNT = "frontend-speed"


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The built bundle; built here when missing (as ``./parkmap`` does)."""
    dist = FRONTEND / "dist"
    if not (dist / "index.html").is_file():
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
def playwright_driver():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def open_page(playwright_driver, request):
    """Open chromium at a viewport, on the crafted park unless another site is given.

    After the test every page must have kept to its app's origin and thrown nothing.
    """
    opened: list[tuple[object, str, Page]] = []

    def make(width: int, height: int, on: Site | None = None, **options) -> Page:
        profile = tempfile.mkdtemp(prefix="parkmap-chromium-")
        context = playwright_driver.chromium.launch_persistent_context(
            user_data_dir=profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            **options,
        )
        page = Page(context, on or request.getfixturevalue("site"))
        opened.append((context, profile, page))
        return page

    yield make
    for context, profile, page in opened:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
        assert page.foreign_requests() == [], "requests left the app's origin"
        assert page.errors == [], f"the page threw: {page.errors}"
