"""A station's values as the map's card and chart read them: latest, history, CSV, provenance."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from gis.db.engine import make_engine
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, login

NOW = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


@pytest.fixture(scope="module")
def stations(database_url):
    engine = make_engine(database_url)
    ids = {}
    with engine.begin() as conn:
        park = conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('STN', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02))) RETURNING id"
            )
        ).scalar_one()
        for code in ("E-STN-A", "E-STN-B"):
            enterprise = conn.execute(
                text(
                    "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                    "(:p, :c, :c, :c, 'fine_chemicals', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.001))) RETURNING id"
                ),
                {"p": park, "c": code},
            ).scalar_one()
            ids[code] = conn.execute(
                text(
                    "INSERT INTO stations (code, name_zh, name_en, kind, enterprise_id, parameters, geom) "
                    "VALUES (:s, :s, :s, 'cems_outlet', :e, '{so2,nox}', "
                    "ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326)) RETURNING id"
                ),
                {"s": f"S-{code}", "e": enterprise},
            ).scalar_one()
        raw = conn.execute(
            text(
                "INSERT INTO raw_messages (door, peer, payload) VALUES ('hj212', '10.0.0.9:4001', :p) RETURNING id"
            ),
            {"p": "##0101QN=...;CP=&&DataTime=...;a21026-Rtd=35.2,a21026-Flag=N&&4A80\r\n"},
        ).scalar_one()
        for month in {NOW - dt.timedelta(hours=h) for h in (0, 30)}:
            conn.execute(text("SELECT parkmap_readings_partition(:t)"), {"t": month})
        for minutes in range(0, 24 * 60, 10):
            ts = NOW - dt.timedelta(minutes=minutes)
            conn.execute(
                text(
                    "INSERT INTO readings (station_id, parameter, ts, value, flag, raw_id) "
                    "VALUES (:s, 'so2', :t, :v, 'N', :r)"
                ),
                {"s": ids["E-STN-A"], "t": ts, "v": 30 + (minutes % 60) / 10, "r": raw},
            )
        conn.execute(text("SET LOCAL parkmap.limits_since = '-infinity'"))  # the permit of old
        conn.execute(
            text(
                "INSERT INTO limits (station_id, parameter, averaging, bound, value, unit, standard, clause) "
                "VALUES (:s, 'so2', '1h', 'max', 35, 'mg/m3', 'GB 16297-1996', 'table 2')"
            ),
            {"s": ids["E-STN-A"]},
        )
        conn.execute(
            text(
                "INSERT INTO alarms (station_id, parameter, rule, severity, value, limit_value, opened_at, closed_at) "
                "VALUES (:s, 'so2', 'limit_1h', 'exceedance', 36, 35, :o, :c)"
            ),
            {"s": ids["E-STN-A"], "o": NOW - dt.timedelta(hours=6), "c": NOW - dt.timedelta(hours=5)},
        )
    add_user(engine, "stn-manager", "manager", TEST_PASSWORD)
    add_user(engine, "stn-admin", "admin", TEST_PASSWORD)
    add_user(engine, "stn-b", "enterprise", TEST_PASSWORD, enterprise_code="E-STN-B")
    engine.dispose()
    return ids


@pytest.fixture
async def client(database_url, stations):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


async def test_latest_values_and_a_24_hour_chart(client, stations):
    headers = await login(client, "stn-manager")
    station = stations["E-STN-A"]
    latest = (await client.get(f"/stations/{station}/latest", headers=headers)).json()
    assert [v["parameter"] for v in latest["values"]] == ["so2"]
    assert latest["values"][0]["value"] == 30.0
    assert latest["values"][0]["level"] == "warning", "30 is within 80 % of the 35 mg/m3 limit"
    assert latest["values"][0]["limit"] == 35
    chart = (await client.get(f"/stations/{station}/readings?parameter=so2", headers=headers)).json()
    assert len(chart["points"]) == 144
    assert all(p[2] == "N" for p in chart["points"])
    assert chart["unit"] == "mg/m3", "the axis has the parameter's unit"


async def test_the_limits_a_station_is_judged_by_for_its_chart(client, stations):
    headers = await login(client, "stn-manager")
    station = stations["E-STN-A"]
    answer = (await client.get(f"/stations/{station}/limits?parameter=so2", headers=headers)).json()
    own = [lim for lim in answer["limits"] if lim["averaging"] == "1h"]
    assert [(lim["parameter"], lim["value"], lim["bound"], lim["unit"]) for lim in own] == [
        ("so2", 35, "max", "mg/m3")
    ], "its own permit value"
    other = (await client.get(f"/stations/{station}/limits?parameter=nox", headers=headers)).json()
    assert all(lim["parameter"] == "nox" for lim in other["limits"])


async def test_parameters_have_names_labels_and_units_in_both_languages(client):
    headers = await login(client, "stn-manager")
    words = (await client.get("/parameters", headers=headers)).json()["parameters"]
    assert words["nh3_n"]["label_zh"] == "氨氮" and words["nh3_n"]["label_en"] == "NH₃-N"
    assert words["nmhc"]["name_zh"] == "非甲烷总烃" and words["nmhc"]["unit"] == "mg/m3"
    assert words["ph"]["unit"] == "1", "dimensionless: the map writes no unit"
    assert words["cod"]["emission_unit"] == "kg", "a period's total (HJ 212 Cou)"
    assert words["ss"]["name_zh"] == "悬浮物", "any HJ 212 pollutant a device may send"
    assert (await client.get("/parameters")).status_code == 401


async def test_history_downloads_as_csv(client, stations):
    headers = await login(client, "stn-manager")
    response = await client.get(
        f"/stations/{stations['E-STN-A']}/readings?parameter=so2&format=csv", headers=headers
    )
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("station_id,parameter,time,value")
    assert len(lines) == 145


async def test_a_download_named_outside_ascii_still_downloads(client, stations):
    headers = await login(client, "stn-manager")
    response = await client.get(
        f"/stations/{stations['E-STN-A']}/readings",
        params={"parameter": '氨氮"', "format": "csv"},
        headers=headers,
    )
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''station-" in disposition and "%E6%B0%A8%E6%B0%AE%22" in disposition
    assert disposition.isascii()


async def test_a_value_traces_back_to_the_packet_it_came_from(client, stations):
    headers = await login(client, "stn-manager")
    response = await client.get(
        f"/stations/{stations['E-STN-A']}/provenance",
        params={"parameter": "so2", "ts": NOW.isoformat()},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["door"] == "hj212" and body["payload"].startswith("##0101")


async def test_another_enterprise_cannot_see_the_station(client, stations):
    headers = await login(client, "stn-b")
    for path in ("", "/latest", "/readings?parameter=so2", "/limits"):
        response = await client.get(f"/stations/{stations['E-STN-A']}{path}", headers=headers)
        assert response.status_code == 404, path
    own = await client.get(f"/stations/{stations['E-STN-B']}", headers=headers)
    assert own.status_code == 200


async def test_the_time_slider_sees_the_park_as_it_was(client, stations):
    headers = await login(client, "stn-manager")
    station = stations["E-STN-A"]
    # 5 h 20 min ago the value was 32: near the 35 mg/m3 limit
    at = NOW - dt.timedelta(hours=5, minutes=20)
    then = (await client.get("/stations/at", params={"at": at.isoformat()}, headers=headers)).json()
    [reading] = [r for r in then["readings"] if r["station_id"] == station]
    assert reading["parameter"] == "so2" and reading["value"] == 32.0
    assert reading["level"] == "warning"
    assert [a["station_id"] for a in then["alarms"]] == [station], "the alarm open 5 h 20 min ago"
    now = (await client.get("/stations/at", params={"at": NOW.isoformat()}, headers=headers)).json()
    assert now["alarms"] == [], "closed 5 h ago"
    before = NOW - dt.timedelta(days=3)
    silent = (await client.get("/stations/at", params={"at": before.isoformat()}, headers=headers)).json()
    assert silent["readings"] == [], "no value older than the look-back is shown"


async def test_the_time_slider_keeps_scope_and_refuses_a_time_without_zone(client, stations):
    other = await login(client, "stn-b")
    seen = (await client.get("/stations/at", params={"at": NOW.isoformat()}, headers=other)).json()
    assert all(r["station_id"] == stations["E-STN-B"] for r in seen["readings"])
    headers = await login(client, "stn-manager")
    naive = await client.get("/stations/at", params={"at": "2026-11-25T08:00:00"}, headers=headers)
    assert naive.status_code == 400 and "time zone" in naive.json()["detail"]


async def test_the_time_slider_judges_by_the_limits_in_force_then(client, stations):
    admin = await login(client, "stn-admin")
    station = stations["E-STN-A"]
    [permit] = (await client.get(f"/limits?station_id={station}", headers=admin)).json()["limits"]
    at = NOW - dt.timedelta(hours=5, minutes=20)
    tightened = await client.put(f"/limits/{permit['id']}", json={"value": 31.0}, headers=admin)
    assert tightened.status_code == 200
    try:
        latest = (await client.get(f"/stations/{station}/latest", headers=admin)).json()["values"][0]
        assert (latest["limit"], latest["level"]) == (31.0, "warning"), "30 against the new 31"
        then = (await client.get("/stations/at", params={"at": at.isoformat()}, headers=admin)).json()
        [reading] = [r for r in then["readings"] if r["station_id"] == station]
        assert (reading["value"], reading["limit"], reading["level"]) == (32.0, 35.0, "warning"), (
            "32 was judged against the 35 in force then, not today's 31"
        )
        history = (await client.get(f"/limits/{permit['id']}/history", headers=admin)).json()["versions"]
        assert [(v["value"], v["valid_from"] is None, v["valid_to"] is None) for v in history] == [
            (35.0, True, False),
            (31.0, False, True),
        ]
        assert history[0]["valid_to"] == history[1]["valid_from"]
    finally:
        await client.put(f"/limits/{permit['id']}", json={"value": 35.0}, headers=admin)
