"""The HTTP batch door: device keys scoped to stations, idempotent storage, reasons for refusals."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from gis.db.engine import make_engine
from gis.devices import issue_key, revoke_key
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, login

TS = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).replace(microsecond=0).isoformat()


@pytest.fixture(scope="module")
def keys(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        for code, lon in (("S-HTTP-A", 105.06), ("S-HTTP-B", 105.08)):
            conn.execute(
                text(
                    "INSERT INTO stations (code, name_zh, name_en, kind, parameters, geom) VALUES "
                    "(:c, :c, :c, 'air_boundary', '{so2,nmhc}', ST_SetSRID(ST_MakePoint(:lon, 28.73), 4326))"
                ),
                {"c": code, "lon": lon},
            )
    key_a = issue_key(engine, "logger A", ["S-HTTP-A"])
    revoked = issue_key(engine, "old logger", ["S-HTTP-A"])
    revoke_key(engine, revoked.prefix)
    add_user(engine, "http-manager", "manager", TEST_PASSWORD)
    engine.dispose()
    return key_a.plaintext, revoked.plaintext


@pytest.fixture
async def client(database_url, keys):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


def batch(station="S-HTTP-A", values=None):
    return {"messages": [{"station": station, "ts": TS, "values": values or {"so2": 21.5, "nmhc": 0.42}}]}


async def test_a_device_stores_readings_and_a_resend_is_harmless(client, keys):
    key, _ = keys
    first = await client.post("/ingest/readings", json=batch(), headers={"X-Device-Key": key})
    assert first.status_code == 200, first.text
    assert first.json() == {"stored": 2, "duplicates": 0, "refused": []}
    again = await client.post("/ingest/readings", json=batch(), headers={"Authorization": f"Bearer {key}"})
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 2
    manager = await login(client, "http-manager")
    station = (await client.get("/search", params={"q": "S-HTTP-A"}, headers=manager)).json()["results"][0]
    latest = (await client.get(f"/stations/{station['id']}/latest", headers=manager)).json()["values"]
    assert {v["parameter"]: v["value"] for v in latest} == {"so2": 21.5, "nmhc": 0.42}
    provenance = await client.get(
        f"/stations/{station['id']}/provenance", params={"parameter": "so2", "ts": TS}, headers=manager
    )
    assert provenance.json()["door"] == "http" and '"S-HTTP-A"' in provenance.json()["payload"]


async def test_keys_are_checked_and_scoped_to_their_stations(client, keys):
    key, revoked = keys
    assert (await client.post("/ingest/readings", json=batch())).status_code == 401
    assert (
        await client.post("/ingest/readings", json=batch(), headers={"X-Device-Key": revoked})
    ).status_code == 401
    forged = key[:-4] + "AAAA"
    assert (
        await client.post("/ingest/readings", json=batch(), headers={"X-Device-Key": forged})
    ).status_code == 401
    other = await client.post("/ingest/readings", json=batch("S-HTTP-B"), headers={"X-Device-Key": key})
    assert other.status_code == 403
    unknown = await client.post("/ingest/readings", json=batch("NOWHERE"), headers={"X-Device-Key": key})
    assert unknown.status_code == 400


async def test_bad_values_are_refused_with_a_reason_and_lose_nothing_else(client, keys):
    key, _ = keys
    late = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)).replace(microsecond=0).isoformat()
    body = {
        "messages": [
            {"station": "S-HTTP-A", "ts": "yesterday-ish", "values": {"so2": 1.0}},
            {"station": "S-HTTP-A", "ts": late, "values": {"so2": 22.0}},
        ]
    }
    response = await client.post("/ingest/readings", json=body, headers={"X-Device-Key": key})
    assert response.status_code == 200
    result = response.json()
    assert result["stored"] == 1
    assert result["refused"][0]["message"] == 0 and "ISO 8601" in result["refused"][0]["reason"]
    malformed = await client.post(
        "/ingest/readings",
        content=b"{not json",
        headers={"X-Device-Key": key, "Content-Type": "application/json"},
    )
    assert malformed.status_code == 422 and malformed.json()["error"] == "invalid_input"
