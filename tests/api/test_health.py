"""``/healthz`` tells the truth about the store."""

from __future__ import annotations

import httpx

from api.app import create_app
from gis.db import migrate


async def test_healthz_is_200_with_the_database_status(database_url):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["postgis"].startswith("3.")


async def test_healthz_is_503_when_the_database_goes_away(cluster):
    name = "parkmap_test_health_gone"
    url = cluster.create_database(name)
    migrate.upgrade(url)
    app = create_app(database_url=url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            cluster.drop_database(name)
            response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["error"] == "store_unavailable"


async def test_unknown_paths_answer_with_the_one_error_shape(database_url):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/no/such/place")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "detail"}
