"""A small park for the ingestion tests: one park, one enterprise, five stations, two with MN + PW."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import text

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.readings.registry import set_device_secret

CEMS_MN = "010000A8900016F000169DC0"
CEMS_PW = "100000"
WATER_MN = "88888880000001"
WATER_PW = "123456"
PARK = "TESTPARK"

STATIONS = [
    # code, kind, mn, parameters, enterprise?, lon, lat
    ("S-AIR-1", "air_boundary", None, ["nmhc", "h2s", "nh3", "pm2_5"], False, 105.070, 28.730),
    ("S-VOC-1", "voc", None, ["nmhc", "benzene", "toluene", "xylene"], True, 105.075, 28.732),
    (
        "S-MET-1",
        "met",
        None,
        ["wind_speed", "wind_dir", "air_temp", "humidity", "pressure"],
        False,
        105.072,
        28.735,
    ),
    (
        "S-CEMS-1",
        "cems_outlet",
        CEMS_MN,
        ["so2", "nox", "smoke_dust", "o2", "flue_temp", "flue_gas_flow"],
        True,
        105.076,
        28.733,
    ),
    (
        "S-WATER-1",
        "water_quality",
        WATER_MN,
        ["cod", "nh3_n", "tp", "ph", "wastewater_flow"],
        True,
        105.078,
        28.729,
    ),
]


def build_park(url: str) -> dict[str, int]:
    """Create the park and its stations; returns station ids by code."""
    engine = make_engine(url)
    ids: dict[str, int] = {}
    with engine.begin() as conn:
        park = conn.execute(
            text(
                "INSERT INTO parks (code, name_zh, name_en, geom) VALUES (:code, '测试园区', 'Test park', "
                "ST_Multi(ST_MakeEnvelope(105.06, 28.72, 105.09, 28.74, 4326))) RETURNING id"
            ),
            {"code": PARK},
        ).scalar_one()
        enterprise = conn.execute(
            text(
                "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) VALUES "
                "(:park, 'E-TEST-1', '测试化工', 'Test Chemicals', 'chemicals', "
                "ST_Multi(ST_MakeEnvelope(105.074, 28.731, 105.079, 28.734, 4326))) RETURNING id"
            ),
            {"park": park},
        ).scalar_one()
        for code, kind, mn, parameters, owned, lon, lat in STATIONS:
            ids[code] = conn.execute(
                text(
                    "INSERT INTO stations (code, mn, name_zh, name_en, kind, enterprise_id, parameters, geom) "
                    "VALUES (:code, :mn, :code, :code, :kind, :ent, :params, "
                    "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) RETURNING id"
                ),
                {"code": code, "mn": mn, "kind": kind, "ent": enterprise if owned else None,
                 "params": parameters, "lon": lon, "lat": lat},
            ).scalar_one()  # fmt: skip
    engine.dispose()

    async def secrets() -> None:
        pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
        await set_device_secret(pool, ids["S-CEMS-1"], CEMS_PW)
        await set_device_secret(pool, ids["S-WATER-1"], WATER_PW)
        await pool.close()

    asyncio.run(secrets())
    return ids


@contextmanager
def park_database(cluster: EmbeddedCluster, name: str) -> Iterator[tuple[str, dict[str, int]]]:
    url = cluster.create_database(name)
    migrate.upgrade(url)
    try:
        yield url, build_park(url)
    finally:
        cluster.drop_database(name)


async def clear_readings(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn:
        await conn.execute("TRUNCATE readings, raw_messages, rollups_hourly, rollups_daily")
