"""The stored major-hazard register: what a refresh stores, when it goes stale, who refreshes it.

A small park of its own, rebuilt before each test, with grades worked out by hand:

    HZ-A  chlorine  (Q 5 t,   β 4)         30 t,  60 people within 500 m → S 6, α 1.5, R 36: grade 3
    HZ-B  methanol  (Q 500 t, β unsourced) 1500 t, 150 people          → S 3, α 2, R 6…24: grade 3 or 4
    HZ-C  ammonia   (Q 10 t,  β 2)          2 t in a process unit       → S 0.2: no major hazard source
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator

import asyncpg
import psycopg
import pytest

from gis.analysis.major_hazard_units import (
    Refresh,
    refresh_if_stale,
    refresh_major_hazards,
    refresh_major_hazards_sync,
)
from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.supervision.schedule import sweep
from tests.gis.supervision.park import quiet_settings

DATABASE = "parkmap_hazard_units_test"
PARK = """
DELETE FROM parks WHERE code = 'HZ';
DELETE FROM chemicals WHERE cas IN ('7782-50-5', '67-56-1', '7664-41-7');
DELETE FROM population_points WHERE code LIKE 'HZ-%';
INSERT INTO parks (code, name_zh, name_en, geom) VALUES
  ('HZ', '测试园区', 'test park', ST_Multi(ST_MakeEnvelope(109.99, 29.99, 110.06, 30.01, 4326)));
INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom)
SELECT p.id, e.code, e.zh, e.en, 'basic_chemical', ST_Multi(ST_MakeEnvelope(e.lon, 30.000, e.lon + 0.003, 30.003, 4326))
FROM parks p, (VALUES ('HZ-A', '甲氯碱', 'Alpha Chlor-Alkali', 110.000),
                      ('HZ-B', '乙储运', 'Beta Storage', 110.020),
                      ('HZ-C', '丙化工', 'Gamma Chemicals', 110.040)) AS e (code, zh, en, lon)
WHERE p.code = 'HZ';
INSERT INTO chemicals (cas, name_zh, name_en, gb18218_critical_t, gb18218_beta) VALUES
  ('7782-50-5', '氯', 'chlorine', 5, 4),
  ('67-56-1', '甲醇', 'methanol', 500, NULL),
  ('7664-41-7', '氨', 'ammonia', 10, 2);
INSERT INTO storage_units (enterprise_id, chemical_id, code, kind, quantity_t, capacity_t, geom)
SELECT e.id, c.id, u.code, u.kind, u.quantity, u.capacity, ST_Centroid(e.geom)
FROM (VALUES ('HZ-A', '7782-50-5', 'HZ-A-T1', 'tank', 20.0, 30.0),
             ('HZ-B', '67-56-1', 'HZ-B-T1', 'tank', 900.0, 1500.0),
             ('HZ-C', '7664-41-7', 'HZ-C-P1', 'process_unit', 2.0, NULL)) AS u (enterprise, cas, code, kind, quantity, capacity)
JOIN enterprises e ON e.code = u.enterprise
JOIN chemicals c ON c.cas = u.cas;
INSERT INTO population_points (code, name_zh, name_en, kind, people, geom) VALUES
  ('HZ-P1', '甲村', 'Village A', 'village', 60, ST_SetSRID(ST_MakePoint(110.005, 30.0015), 4326)),
  ('HZ-P2', '乙村', 'Village B', 'village', 150, ST_SetSRID(ST_MakePoint(110.025, 30.0015), 4326));
UPDATE layer_versions SET derived_from = NULL WHERE table_name = 'major_hazard_units';
"""
COLUMNS = (
    "enterprise_code, unit, s, is_major, people_within_500m, alpha, r, r_min, r_max, r_label, "
    "grade, grade_min, grade_max, grade_range, chemicals_en"
)


@pytest.fixture(scope="module")
def hazard_url(cluster: EmbeddedCluster) -> Iterator[str]:
    url = cluster.create_database(DATABASE)
    migrate.upgrade(url)
    yield url
    cluster.drop_database(DATABASE)


@pytest.fixture
async def conn(hazard_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the park, rebuilt as the docstring has it and not yet assessed."""
    connection = await asyncpg.connect(hazard_url)
    await connection.execute(PARK)
    try:
        yield connection
    finally:
        await connection.close()


async def units(conn: asyncpg.Connection) -> dict[str, dict]:
    rows = await conn.fetch(f"SELECT {COLUMNS} FROM major_hazard_units ORDER BY enterprise_code")
    return {r["enterprise_code"]: dict(r) for r in rows}


async def version(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT version FROM layer_versions WHERE table_name = 'major_hazard_units'")


async def test_a_refresh_stores_every_assessed_unit_graded_and_drawn_as_its_plant(conn):
    assert await refresh_major_hazards(conn) == Refresh(units=3, major=2)
    stored = await units(conn)
    assert stored["HZ-A"] == {
        "enterprise_code": "HZ-A",
        "unit": "storage",
        "s": pytest.approx(6.0),
        "is_major": True,
        "people_within_500m": 60,
        "alpha": 1.5,
        "r": pytest.approx(36.0),
        "r_min": pytest.approx(36.0),
        "r_max": pytest.approx(36.0),
        "r_label": "36.0",
        "grade": 3,
        "grade_min": 3,
        "grade_max": 3,
        "grade_range": "3",
        "chemicals_en": "chlorine",
    }
    unsourced = stored["HZ-B"]
    assert (unsourced["s"], unsourced["alpha"], unsourced["r"]) == (pytest.approx(3.0), 2.0, None)
    assert (unsourced["r_min"], unsourced["r_max"]) == (pytest.approx(6.0), pytest.approx(24.0))
    assert (unsourced["grade"], unsourced["grade_min"], unsourced["grade_max"]) == (None, 3, 4)
    assert (unsourced["r_label"], unsourced["grade_range"]) == ("6.0–24.0", "3–4")
    assert unsourced["chemicals_en"] == "methanol*"
    below = stored["HZ-C"]
    assert (below["unit"], below["is_major"], below["s"]) == ("production", False, pytest.approx(0.2))
    assert below["alpha"] is None and below["grade"] is None and below["r_label"] is None
    drawn = await conn.fetch(
        "SELECT m.name_zh, m.name_en, ST_Equals(m.geom, e.geom) AS same, "
        "ST_SRID(m.geom_3857) AS mercator FROM major_hazard_units m "
        "JOIN enterprises e ON e.id = m.enterprise_id WHERE e.code = 'HZ-A'"
    )
    assert [dict(r) for r in drawn] == [
        {
            "name_zh": "甲氯碱 储存单元",
            "name_en": "Alpha Chlor-Alkali — storage unit",
            "same": True,
            "mercator": 3857,
        }
    ]


async def test_a_changed_inventory_makes_it_stale_and_the_refresh_regrades_it(conn):
    await refresh_major_hazards(conn)
    assert await refresh_if_stale(conn) is None
    before = await version(conn)
    await conn.execute("UPDATE storage_units SET capacity_t = 100 WHERE code = 'HZ-A-T1'")
    assert await refresh_if_stale(conn) == Refresh(units=3, major=2)
    regraded = (await units(conn))["HZ-A"]
    assert (regraded["s"], regraded["r"], regraded["grade"]) == (pytest.approx(20.0), pytest.approx(120.0), 1)
    after = await version(conn)
    assert after > before, "the tile caches must drop the old grades"
    assert await refresh_if_stale(conn) is None
    assert await version(conn) == after, "nothing changed: the tiles stay"


async def test_people_moving_in_change_alpha_and_a_new_chemical_value_changes_the_grade(conn):
    await refresh_major_hazards(conn)
    await conn.execute("UPDATE population_points SET people = 120 WHERE code = 'HZ-P1'")
    await refresh_if_stale(conn)
    assert ((await units(conn))["HZ-A"]["alpha"], (await units(conn))["HZ-A"]["grade"]) == (2.0, 3)
    await conn.execute("UPDATE chemicals SET gb18218_beta = 4 WHERE cas = '67-56-1'")
    await refresh_if_stale(conn)
    sourced = (await units(conn))["HZ-B"]
    assert (sourced["r"], sourced["grade"], sourced["chemicals_en"]) == (pytest.approx(24.0), 3, "methanol")


async def test_health_codes_leave_it_fresh_but_a_redrawn_or_renamed_plant_does_not(conn):
    await refresh_major_hazards(conn)
    await conn.execute("UPDATE enterprises SET health_code = 'red', health_reason = '{\"score\": 1}'")
    assert await refresh_if_stale(conn) is None
    await conn.execute("UPDATE enterprises SET name_en = 'Alpha Chemicals' WHERE code = 'HZ-A'")
    assert await refresh_if_stale(conn) is not None
    assert await conn.fetchval("SELECT name_en FROM major_hazard_units WHERE enterprise_code = 'HZ-A'") == (
        "Alpha Chemicals — storage unit"
    )
    # moved 1.8 km east, next to village B: its 150 people now count for HZ-A instead
    await conn.execute("UPDATE enterprises SET geom = ST_Translate(geom, 0.018, 0) WHERE code = 'HZ-A'")
    assert await refresh_if_stale(conn) is not None
    moved = (await units(conn))["HZ-A"]
    assert (moved["people_within_500m"], moved["alpha"]) == (150, 2.0)


async def test_the_psycopg_refresh_inside_a_caller_transaction_stores_the_same_rows(conn, hazard_url):
    await refresh_major_hazards(conn)
    expected = await units(conn)
    await conn.execute("DELETE FROM major_hazard_units")
    with psycopg.connect(hazard_url) as sync:
        sync.execute("UPDATE storage_units SET quantity_t = quantity_t WHERE code = 'HZ-C-P1'")
        assert refresh_major_hazards_sync(sync) == Refresh(units=3, major=2)
    assert await units(conn) == expected
    assert await refresh_if_stale(conn) is None, "the versions it saw were recorded with it"


async def test_the_sweep_catches_a_change_made_in_the_database_directly(conn):
    await refresh_major_hazards(conn)
    now = dt.datetime.now(dt.UTC)
    assert not (await sweep(conn, now, quiet_settings())).major_hazards_refreshed
    await conn.execute("UPDATE storage_units SET capacity_t = 100 WHERE code = 'HZ-A-T1'")
    assert (await sweep(conn, now, quiet_settings())).major_hazards_refreshed
    assert (await units(conn))["HZ-A"]["grade"] == 1
