"""The bundle is served from the app's own origin: pages, hashed assets, client settings."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routers import frontend
from api.settings import ServerSettings


def app_with(dist: Path, **settings) -> FastAPI:
    app = FastAPI()
    app.state.server_settings = ServerSettings(**settings)
    install_error_handlers(app)
    app.include_router(frontend.router)
    app.dependency_overrides[frontend.frontend_dist] = lambda: dist
    return app


@pytest.fixture
def built(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(
        '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>'
    )
    (dist / "assets" / "index-abc123.js").write_text("console.log('map')")
    (tmp_path / "secret.txt").write_text("outside the bundle")
    return dist


async def get(app: FastAPI, path: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        return await client.get(path)


@pytest.mark.parametrize("path", ["/", "/screen", "/respond", "/field", "/login"])
async def test_every_mode_path_answers_the_page(built: Path, path: str):
    response = await get(app_with(built), path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/assets/index-abc123.js" in response.text
    assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_for_a_year(built: Path):
    response = await get(app_with(built), "/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.text == "console.log('map')"
    assert "max-age=31536000" in response.headers["cache-control"]
    assert "immutable" in response.headers["cache-control"]


@pytest.mark.parametrize("path", ["/assets/nope.js", "/assets/../secret.txt", "/assets/%2e%2e/secret.txt"])
async def test_nothing_outside_the_assets_folder_is_served(built: Path, path: str):
    response = await get(app_with(built), path)
    assert response.status_code == 404
    assert "outside the bundle" not in response.text


async def test_an_unbuilt_bundle_is_a_503_that_says_so(tmp_path: Path):
    response = await get(app_with(tmp_path / "missing"), "/")
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "bundle_not_built"
    assert "npm run build" in body["detail"]


async def test_no_basemap_by_default(built: Path):
    response = await get(app_with(built), "/config")
    assert response.status_code == 200
    assert response.json() == {"basemap": None}


async def test_a_configured_basemap_reaches_the_client(built: Path):
    app = app_with(
        built,
        basemap_url="https://tiles.example.org/{z}/{x}/{y}.png",
        basemap_attribution="© Example",
    )
    response = await get(app, "/config")
    assert response.json() == {
        "basemap": {"url": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "© Example"}
    }
