"""Public read-only mode: without a login only the layers the park publishes are served."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from api.settings import AuthSettings
from gis.db.engine import make_engine
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, login

# z14 tile over the demo park's corner of Jiang'an (105.07 E, 28.73 N)
TILE = "14/12973/6866.mvt"


@pytest.fixture(scope="module")
def park(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('PUB', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02)))"
            )
        )
    add_user(engine, "pub-manager", "manager", TEST_PASSWORD)
    engine.dispose()


@pytest.mark.parametrize("published", [[], ["park_boundary"]])
async def test_anonymous_callers_see_only_published_layers(database_url, park, published):
    app = create_app(database_url=database_url, auth=AuthSettings(public_layers=published))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            catalog = (await client.get("/layers")).json()
            assert [layer["id"] for layer in catalog["layers"]] == published
            for path in (
                f"/tiles/stations/{TILE}",
                "/tiles/stations.json",
                "/collections/stations/items",
                f"/tiles/park_boundary,stations/{TILE}",
            ):
                response = await client.get(path)
                assert response.status_code == 401, path
                assert response.json()["error"] == "unauthorized"
            boundary = await client.get(f"/tiles/park_boundary/{TILE}")
            assert boundary.status_code == (200 if published else 401)
            listed = [c["id"] for c in (await client.get("/collections")).json()["collections"]]
            assert listed == published
            headers = await login(client, "pub-manager")
            signed_in = await client.get(f"/tiles/stations/{TILE}", headers=headers)
            assert signed_in.status_code == 200
            assert len((await client.get("/layers", headers=headers)).json()["layers"]) == 16
