"""Live push: a NOTIFY from any worker reaches the browsers that may see it, filtered."""

from __future__ import annotations

import asyncio

import asyncpg
import orjson
import pytest
import websockets
from sqlalchemy import text

from api.app import create_app
from gis.db.engine import make_engine
from gis.users import add_user
from tests.conftest import running_server

PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="module")
def live_park(database_url):
    """Two enterprises, each with one station, and an account for each plus a manager."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('LIVE', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02)))"
            )
        )
        ids = {}
        for code, lon in (("E-LIVE-A", 105.065), ("E-LIVE-B", 105.075)):
            ids[code] = conn.execute(
                text(
                    "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) "
                    "SELECT id, :c, :c, :c, 'fine_chemicals', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(:lon, 28.73), 4326), 0.001)) "
                    "FROM parks WHERE code = 'LIVE' RETURNING id"
                ),
                {"c": code, "lon": lon},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO stations (code, name_zh, name_en, kind, enterprise_id, geom) "
                    "VALUES (:s, :s, :s, 'cems_outlet', :e, ST_SetSRID(ST_MakePoint(:lon, 28.73), 4326))"
                ),
                {"s": f"S-{code}", "e": ids[code], "lon": lon},
            )
        stations = dict(
            conn.execute(text("SELECT code, id FROM stations WHERE code LIKE 'S-E-LIVE-%'")).all()
        )
    add_user(engine, "live-manager", "manager", PASSWORD)
    add_user(engine, "live-a", "enterprise", PASSWORD, enterprise_code="E-LIVE-A")
    engine.dispose()
    return stations


@pytest.fixture(scope="module")
def server(database_url, live_park):
    """The app on a real uvicorn server on a free port, so WebSockets go over TCP."""
    with running_server(create_app(database_url=database_url)) as address:
        yield address


async def token(base: str, username: str) -> str:
    import httpx

    async with httpx.AsyncClient(base_url=f"http://{base}") as client:
        response = await client.post("/auth/token", data={"username": username, "password": PASSWORD})
        return response.json()["access_token"]


async def notify(database_url: str, channel: str, payload: dict) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("SELECT pg_notify($1, $2)", channel, orjson.dumps(payload).decode())
    finally:
        await conn.close()


async def next_message(ws, kind: str, within: float = 5.0) -> dict:
    async with asyncio.timeout(within):
        while True:
            frame = orjson.loads(await ws.recv())
            for message in frame if isinstance(frame, list) else [frame]:
                if message["type"] == kind:
                    return message


async def test_a_notified_reading_reaches_the_socket_with_the_station_code(server, database_url, live_park):
    access = await token(server, "live-manager")
    async with websockets.connect(f"ws://{server}/live?access_token={access}") as ws:
        await asyncio.sleep(0.3)
        reading = {
            "station_id": live_park["S-E-LIVE-A"],
            "parameter": "so2",
            "value": 31.5,
            "ts": "2026-11-25T10:00:00Z",
        }
        await notify(database_url, "parkmap_readings", {"items": [reading]})
        message = await next_message(ws, "reading")
    assert message["code"] == "S-E-LIVE-A"
    assert message["value"] == 31.5


async def test_readings_that_come_together_go_out_in_one_frame(server, database_url, live_park):
    access = await token(server, "live-manager")
    station = live_park["S-E-LIVE-A"]
    async with websockets.connect(f"ws://{server}/live?access_token={access}&types=reading") as ws:
        await asyncio.sleep(0.3)
        items = [{"station_id": station, "parameter": p, "value": v, "ts": "2026-11-25T10:00:00Z"}
                 for p, v in (("so2", 1.0), ("no2", 2.0), ("co", 3.0))]  # fmt: skip
        await notify(database_url, "parkmap_readings", {"items": items})
        async with asyncio.timeout(5):
            frame = orjson.loads(await ws.recv())
    assert [(m["type"], m["parameter"], m["value"]) for m in frame] == [
        ("reading", "so2", 1.0),
        ("reading", "no2", 2.0),
        ("reading", "co", 3.0),
    ]


async def test_an_enterprise_user_hears_only_its_own_stations(server, database_url, live_park):
    access = await token(server, "live-a")
    async with websockets.connect(f"ws://{server}/live?access_token={access}") as ws:
        await asyncio.sleep(0.3)
        for code, value in (("S-E-LIVE-B", 1.0), ("S-E-LIVE-A", 2.0)):
            item = {
                "station_id": live_park[code],
                "parameter": "so2",
                "value": value,
                "ts": "2026-11-25T10:01:00Z",
            }
            await notify(database_url, "parkmap_readings", {"items": [item]})
        message = await next_message(ws, "reading")
    assert message["code"] == "S-E-LIVE-A", "enterprise A must never receive B's readings"


async def test_bbox_filter_and_refusal_without_token(server, database_url, live_park):
    access = await token(server, "live-manager")
    west_half = "105.0,28.7,105.07,28.76"
    async with websockets.connect(f"ws://{server}/live?access_token={access}&bbox={west_half}") as ws:
        await asyncio.sleep(0.3)
        for code in ("S-E-LIVE-B", "S-E-LIVE-A"):
            item = {
                "station_id": live_park[code],
                "parameter": "nox",
                "value": 5.0,
                "ts": "2026-11-25T10:02:00Z",
            }
            await notify(database_url, "parkmap_readings", {"items": [item]})
        message = await next_message(ws, "reading")
    assert message["code"] == "S-E-LIVE-A"
    with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
        async with websockets.connect(f"ws://{server}/live") as ws:
            await ws.recv()
    assert closed.value.rcvd.code == 4401


async def test_server_sent_events_carry_the_same_messages(server, database_url, live_park):
    import httpx

    access = await token(server, "live-manager")
    async with httpx.AsyncClient(base_url=f"http://{server}", timeout=10) as client:
        async with client.stream(
            "GET", "/live/sse?types=reading", headers={"Authorization": f"Bearer {access}"}
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            assert (await anext(lines)).startswith("retry:")
            await asyncio.sleep(0.3)
            item = {
                "station_id": live_park["S-E-LIVE-B"],
                "parameter": "nh3",
                "value": 0.8,
                "ts": "2026-11-25T10:03:00Z",
            }
            await notify(database_url, "parkmap_readings", item)
            async with asyncio.timeout(5):
                async for line in lines:
                    if line.startswith("data:"):
                        message = orjson.loads(line[5:])
                        break
    assert message["type"] == "reading" and message["code"] == "S-E-LIVE-B"
