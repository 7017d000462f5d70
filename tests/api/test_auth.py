"""Accounts and sessions: login, refresh, logout, throttling, hardening headers."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from api.settings import AuthSettings, ServerSettings
from gis.db.engine import make_engine
from gis.users import add_user, set_disabled

PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="module")
def accounts(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('AUTH', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.01)))"
            )
        )
        conn.execute(
            text(
                "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) "
                "SELECT id, 'E-AUTH-1', '企业', 'Works', 'fine_chemicals', geom FROM parks WHERE code = 'AUTH'"
            )
        )
    add_user(engine, "auth-manager", "manager", PASSWORD)
    add_user(engine, "auth-works", "enterprise", PASSWORD, enterprise_code="E-AUTH-1")
    add_user(engine, "auth-gone", "inspector", PASSWORD)
    set_disabled(engine, "auth-gone")
    engine.dispose()


@pytest.fixture
async def client(database_url, accounts):
    app = create_app(
        database_url=database_url,
        server=ServerSettings(max_request_bytes=64 * 1024),
        auth=AuthSettings(login_attempts=3, login_window_seconds=60),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client


async def token_pair(client, username, password=PASSWORD):
    return await client.post("/auth/token", data={"username": username, "password": password})


async def test_login_gives_a_token_that_says_who_and_what_the_user_is(client):
    response = await token_pair(client, "auth-works")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["user"]["role"] == "enterprise" and body["user"]["enterprise_id"]
    me = await client.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == body["user"]


async def test_wrong_password_and_disabled_accounts_are_refused(client):
    wrong = await token_pair(client, "auth-manager", "not-the-password")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "unauthorized"
    disabled = await token_pair(client, "auth-gone")
    assert disabled.status_code == 401


async def test_repeated_failures_from_one_address_are_throttled(client):
    for _ in range(3):
        assert (await token_pair(client, "auth-manager", "guess")).status_code == 401
    blocked = await token_pair(client, "auth-manager")  # even the right password waits
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert blocked.json()["error"] == "too_many_requests"


async def test_logout_ends_the_session_for_access_and_refresh_tokens(client):
    body = (await token_pair(client, "auth-manager")).json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    refreshed = await client.post("/auth/refresh", data={"refresh_token": body["refresh_token"]})
    assert refreshed.status_code == 200
    assert (await client.post("/auth/logout", headers=headers)).status_code == 204
    assert (await client.get("/auth/me", headers=headers)).status_code == 401
    again = await client.post("/auth/refresh", data={"refresh_token": body["refresh_token"]})
    assert again.status_code == 401


async def test_a_refresh_token_is_not_an_access_token(client):
    body = (await token_pair(client, "auth-manager")).json()
    response = await client.get("/auth/me", headers={"Authorization": f"Bearer {body['refresh_token']}"})
    assert response.status_code == 401


async def test_query_token_is_accepted_for_reads_only(client):
    token = (await token_pair(client, "auth-manager")).json()["access_token"]
    assert (await client.get(f"/auth/me?access_token={token}")).status_code == 200
    assert (await client.post(f"/auth/logout?access_token={token}")).status_code == 401


async def test_responses_carry_security_headers_and_no_stack_traces(client):
    response = await client.get("/auth/me", headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 401
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Traceback" not in response.text


async def test_oversized_bodies_are_refused_with_413(client):
    response = await client.post("/auth/token", content=b"x" * (65 * 1024))
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_placeholder_secret_is_refused_outside_development():
    with pytest.raises(ValueError, match="placeholder"):
        ServerSettings(environment="production")
    assert ServerSettings(environment="production", secret_key="s3cret-from-vault").secret_key


async def test_a_configured_basemap_is_the_only_other_origin_images_may_come_from(database_url):
    server = ServerSettings(basemap_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    app = create_app(database_url=database_url, server=server)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            policy = (await client.get("/healthz")).headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://*.tiles.example.org;" in policy
    assert "script-src 'self';" in policy


def test_the_access_log_never_holds_a_token():
    import logging

    from api.access_log import RedactSecrets

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1:5000",
            "GET",
            "/tiles/stations/14/1/2.mvt?access_token=eyJhbGciOi.secret&v=3",
            "1.1",
            200,
        ),
        None,
    )
    RedactSecrets().filter(record)
    line = record.getMessage()
    assert "eyJhbGciOi" not in line and "access_token=[redacted]&v=3" in line
