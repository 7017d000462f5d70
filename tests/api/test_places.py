"""Search by name and nearest places, as the search box and the field inspector use them."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from api.app import create_app
from gis.db.engine import make_engine
from gis.users import add_user
from tests.conftest import TEST_PASSWORD, login


@pytest.fixture(scope="module")
def places(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        park = conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('PLC', '园区', 'park', "
                "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.07, 28.73), 4326), 0.02))) RETURNING id"
            )
        ).scalar_one()
        ids = {}
        for code, name_zh, name_en, lon in (
            ("E-PLC-1", "江安氯碱化工", "Jiang'an Chlor-Alkali", 105.060),
            ("E-PLC-2", "宜宾锂电材料", "Yibin Lithium Materials", 105.080),
        ):
            ids[code] = conn.execute(
                text(
                    "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                    "(:p, :c, :z, :e, 'fine_chemicals', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(:lon, 28.73), 4326), 0.001))) RETURNING id"
                ),
                {"p": park, "c": code, "z": name_zh, "e": name_en, "lon": lon},
            ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO outfalls (code, name_zh, name_en, kind, receiving_water, geom) VALUES "
                "('OF-PLC-1', '1号雨水排口', 'Rain outfall 1', 'rain', '长江', "
                "ST_SetSRID(ST_MakePoint(105.0605, 28.7250), 4326))"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stations (code, name_zh, name_en, kind, enterprise_id, geom) VALUES "
                "('S-PLC-2', '锂电排口监测', 'Lithium outlet CEMS', 'cems_outlet', :e, "
                "ST_SetSRID(ST_MakePoint(105.0801, 28.7301), 4326))"
            ),
            {"e": ids["E-PLC-2"]},
        )
        chlorine = conn.execute(
            text(
                "INSERT INTO chemicals (cas, name_zh, name_en) VALUES ('7782-50-5', '氯', 'chlorine') "
                "ON CONFLICT (cas) DO UPDATE SET name_zh = EXCLUDED.name_zh RETURNING id"
            )
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO storage_units (enterprise_id, chemical_id, code, kind, quantity_t, geom) VALUES "
                "(:e, :c, 'SU-PLC-1', 'tank', 20, ST_SetSRID(ST_MakePoint(105.0601, 28.7301), 4326))"
            ),
            {"e": ids["E-PLC-1"], "c": chlorine},
        )
    add_user(engine, "plc-inspector", "inspector", TEST_PASSWORD)
    add_user(engine, "plc-one", "enterprise", TEST_PASSWORD, enterprise_code="E-PLC-1")
    engine.dispose()
    return ids


@pytest.fixture
async def client(database_url, places):
    app = create_app(database_url=database_url)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


async def test_search_finds_enterprises_stations_and_chemicals_by_name(client):
    headers = await login(client, "plc-inspector")
    found = (await client.get("/search", params={"q": "锂电"}, headers=headers)).json()["results"]
    assert {(r["kind"], r["code"]) for r in found} >= {("enterprise", "E-PLC-2"), ("station", "S-PLC-2")}
    chlorine = (await client.get("/search", params={"q": "chlorine"}, headers=headers)).json()["results"]
    assert [r["code"] for r in chlorine if r["kind"] == "storage_unit"] == ["SU-PLC-1"]
    tank = next(r for r in chlorine if r["kind"] == "storage_unit")
    assert (tank["name_zh"], tank["name_en"]) == ("氯", "chlorine"), "a tank is named by its chemical"
    assert (tank["enterprise_zh"], tank["enterprise_en"]) == ("江安氯碱化工", "Jiang'an Chlor-Alkali")
    assert tank["cas"] == "7782-50-5"
    assert all(28.7 < r["lat"] < 28.76 for r in found)


async def test_search_lists_each_place_once_enterprises_first_and_caps_each_kind(client):
    headers = await login(client, "plc-inspector")
    found = (await client.get("/search", params={"q": "PLC", "per_kind": 1}, headers=headers)).json()
    kinds = [r["kind"] for r in found["results"]]
    assert kinds == ["enterprise", "station", "outfall", "storage_unit"], kinds
    every = (await client.get("/search", params={"q": "PLC"}, headers=headers)).json()["results"]
    places = [(r["kind"], r["id"]) for r in every]
    assert len(places) == len(set(places)), "each place once"


async def test_search_treats_wildcards_as_text_and_scopes_enterprise_accounts(client):
    headers = await login(client, "plc-inspector")
    wild = (await client.get("/search", params={"q": "%"}, headers=headers)).json()["results"]
    assert wild == []
    own = await login(client, "plc-one")
    scoped = (await client.get("/search", params={"q": "S-PLC"}, headers=own)).json()["results"]
    assert scoped == [], "enterprise 1 must not find enterprise 2's station"


async def test_nearest_lists_places_with_distances_nearest_first(client):
    headers = await login(client, "plc-inspector")
    response = await client.get(
        "/nearest", params={"lon": 105.0606, "lat": 28.7262, "kinds": "enterprise,outfall"}, headers=headers
    )
    everything = response.json()["results"]
    results = [r for r in everything if "PLC" in r["code"]]  # the session database holds other parks too
    assert results[0]["code"] == "OF-PLC-1"
    assert 100 < results[0]["distance_m"] < 200  # 0.0012° of latitude ≈ 133 m
    distances = [r["distance_m"] for r in everything]
    assert distances == sorted(distances)
    bad = await client.get(
        "/nearest", params={"lon": 105.06, "lat": 28.72, "kinds": "volcano"}, headers=headers
    )
    assert bad.status_code == 400


async def test_the_enterprise_card_lists_its_chemicals_and_hides_from_other_enterprises(client, places):
    inspector = await login(client, "plc-inspector")
    card = (await client.get(f"/enterprises/{places['E-PLC-1']}", headers=inspector)).json()
    assert card["name_zh"] == "江安氯碱化工"
    assert [(u["code"], u["cas"], u["quantity_t"]) for u in card["storage_units"]] == [
        ("SU-PLC-1", "7782-50-5", 20)
    ]
    own = await login(client, "plc-one")
    assert (await client.get(f"/enterprises/{places['E-PLC-1']}", headers=own)).status_code == 200
    assert (await client.get(f"/enterprises/{places['E-PLC-2']}", headers=own)).status_code == 404
