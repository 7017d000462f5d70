"""Field inspections from the phone: stored with photos and position, scoped, type-checked."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from gis.db.engine import make_engine
from gis.users import add_user

PASSWORD = "a-long-enough-password"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture(scope="module")
def enterprises(database_url):
    engine = make_engine(database_url)
    ids = {}
    with engine.begin() as conn:
        park = conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('INSP', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02))) RETURNING id"
            )
        ).scalar_one()
        for code in ("E-INSP-A", "E-INSP-B"):
            ids[code] = conn.execute(
                text(
                    "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                    "(:p, :c, :c, :c, 'fine_chemicals', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.001))) RETURNING id"
                ),
                {"p": park, "c": code},
            ).scalar_one()
    add_user(engine, "insp-inspector", "inspector", PASSWORD)
    add_user(engine, "insp-screen", "screen", PASSWORD)
    add_user(engine, "insp-a", "enterprise", PASSWORD, enterprise_code="E-INSP-A")
    engine.dispose()
    return ids


@pytest.fixture
async def client(database_url, enterprises, tmp_path):
    from gis.settings import StoreSettings

    app = create_app(database_url=database_url, store=StoreSettings(home=tmp_path))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


async def headers_for(client, username):
    token = (await client.post("/auth/token", data={"username": username, "password": PASSWORD})).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


async def test_an_inspector_records_findings_photos_and_position(client, enterprises):
    headers = await headers_for(client, "insp-inspector")
    response = await client.post(
        "/inspections",
        headers=headers,
        data={
            "findings": "雨水闸门关闭不严 / rain gate leaks",
            "lon": "105.0701",
            "lat": "28.7302",
            "enterprise_id": str(enterprises["E-INSP-A"]),
        },
        files=[("photos", ("gate.jpg", JPEG, "image/jpeg"))],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["enterprise_id"] == enterprises["E-INSP-A"]
    assert body["inspector"] == "insp-inspector"
    assert (body["lon"], body["lat"]) == pytest.approx((105.0701, 28.7302))
    photo = await client.get(body["photos"][0]["url"], headers=headers)
    assert photo.status_code == 200 and photo.content == JPEG


async def test_a_file_that_only_claims_to_be_a_photo_is_refused(client, enterprises):
    headers = await headers_for(client, "insp-inspector")
    response = await client.post(
        "/inspections",
        headers=headers,
        data={"findings": "x", "lon": "105.07", "lat": "28.73"},
        files=[("photos", ("evil.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg"))],
    )
    assert response.status_code == 400
    assert "photo 1" in response.json()["detail"]


async def test_read_only_roles_cannot_record_and_enterprises_see_only_their_own(client, enterprises):
    screen = await headers_for(client, "insp-screen")
    refused = await client.post(
        "/inspections", headers=screen, data={"findings": "x", "lon": "105.07", "lat": "28.73"}
    )
    assert refused.status_code == 403
    inspector = await headers_for(client, "insp-inspector")
    for code in ("E-INSP-A", "E-INSP-B"):
        made = await client.post(
            "/inspections",
            headers=inspector,
            data={
                "findings": f"check {code}",
                "lon": "105.07",
                "lat": "28.73",
                "enterprise_id": str(enterprises[code]),
            },
        )
        assert made.status_code == 201
    own = await client.get("/inspections", headers=await headers_for(client, "insp-a"))
    seen = {row["enterprise_id"] for row in own.json()["inspections"]}
    assert seen == {enterprises["E-INSP-A"]}
