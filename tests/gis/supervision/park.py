"""A small crafted park for the supervision tests: two enterprises, their outlets, park stations.

``E-SUP-A`` has a stack (CEMS), a wastewater outlet and an in-plant VOC station; ``E-SUP-B``
has a stack; the park has a boundary station, a river station and a weather mast.  The
default limits of ``data/reference/limits.csv`` are installed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import text

from gis.db import migrate
from gis.db.embedded import EmbeddedCluster
from gis.db.engine import make_engine
from gis.readings.model import Reading
from gis.supervision.settings import SupervisionSettings
from gis.supervision.standards import install_defaults, read_catalogue

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
ENTERPRISES = [
    ("E-SUP-A", "甲化工", "Alpha Chemicals", 105.070),
    ("E-SUP-B", "乙化工", "Beta Chemicals", 105.080),
]
STATIONS = [
    # code, kind, enterprise code, parameters, lon, lat
    (
        "A-CEMS",
        "cems_outlet",
        "E-SUP-A",
        ["nmhc", "so2", "nox", "smoke_dust", "flue_gas_flow"],
        105.0705,
        28.7305,
    ),
    ("A-WW", "water_quality", "E-SUP-A", ["cod", "nh3_n", "ph", "wastewater_flow"], 105.0710, 28.7295),
    ("A-VOC", "voc", "E-SUP-A", ["nmhc"], 105.0702, 28.7302),
    ("B-CEMS", "cems_outlet", "E-SUP-B", ["nmhc", "so2", "flue_gas_flow"], 105.0805, 28.7305),
    ("BND-1", "air_boundary", None, ["nmhc", "so2"], 105.0750, 28.7350),
    ("RIV-1", "water_quality", None, ["cod", "nh3_n", "do", "ph"], 105.0900, 28.7200),
    ("MET-1", "met", None, ["wind_speed", "wind_dir"], 105.0760, 28.7360),
]
WIPE = (
    "TRUNCATE notifications, notification_targets, ticket_events, tickets, alarms, data_marks, "
    "emission_hours, load_allowances, readings, raw_messages RESTART IDENTITY CASCADE"
)


def quiet_settings(**changes) -> SupervisionSettings:
    """Settings for tests: no background loops, fast notice retries."""
    base = {"supervision_background": False, "notify_backoff_seconds": 1.0, "notify_timeout_seconds": 3.0}
    return SupervisionSettings(**{**base, **changes})


@contextmanager
def supervision_database(cluster: EmbeddedCluster, name: str) -> Iterator[tuple[str, dict[str, int]]]:
    """A migrated database holding the crafted park; yields (url, station id by code)."""
    url = cluster.create_database(name)
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('SUP', '监管测试园区', 'supervision park', "
                    "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(105.075, 28.73), 4326), 0.03)))"
                )
            )
            for code, name_zh, name_en, lon in ENTERPRISES:
                conn.execute(
                    text(
                        "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) "
                        "SELECT id, :code, :zh, :en, 'fine_chemicals', "
                        "ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(:lon, 28.73), 4326), 0.002)) FROM parks"
                    ),
                    {"code": code, "zh": name_zh, "en": name_en, "lon": lon},
                )
            ids = {}
            for code, kind, enterprise, parameters, lon, lat in STATIONS:
                ids[code] = conn.execute(
                    text(
                        "INSERT INTO stations (code, name_zh, name_en, kind, enterprise_id, parameters, geom) "
                        "VALUES (:code, :code, :code, :kind, (SELECT id FROM enterprises WHERE code = :e), :p, "
                        "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) RETURNING id"
                    ),
                    {"code": code, "kind": kind, "e": enterprise, "p": parameters, "lon": lon, "lat": lat},
                ).scalar_one()
            for code, *_ in ENTERPRISES:
                ids[code] = conn.execute(
                    text("SELECT id FROM enterprises WHERE code = :c"), {"c": code}
                ).scalar_one()
        engine.dispose()
        asyncio.run(_install_limits(url))
        yield url, ids
    finally:
        cluster.drop_database(name)


async def _install_limits(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await install_defaults(conn, read_catalogue(quiet_settings().limits_file))
    finally:
        await conn.close()


async def wipe(conn: asyncpg.Connection) -> None:
    """Forget every reading, alarm, ticket, mark and notice (the audit log stays: it cannot go)."""
    await conn.execute(WIPE)
    await conn.execute("UPDATE enterprises SET health_code = 'green', health_reason = '{}'")


def series(
    station_id: int,
    parameter: str,
    values: Iterable[float | None],
    start: dt.datetime = T0,
    step: dt.timedelta = dt.timedelta(minutes=10),
    flags: Iterable[str] | None = None,
) -> list[Reading]:
    values = list(values)
    flags = list(flags) if flags is not None else ["N"] * len(values)
    return [
        Reading(station_id, parameter, start + i * step, value, flag)
        for i, (value, flag) in enumerate(zip(values, flags, strict=True))
    ]


async def store(conn: asyncpg.Connection, readings: list[Reading]) -> list[Reading]:
    """Store readings as the ingestion path would (monthly partitions first)."""
    months = {r.ts.replace(day=1, hour=0, minute=0, second=0, microsecond=0) for r in readings}
    for month in months:
        await conn.execute("SELECT parkmap_readings_partition($1)", month)
    await conn.executemany(
        "INSERT INTO readings (station_id, parameter, ts, value, flag) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT DO NOTHING",
        [(r.station_id, r.parameter, r.ts, r.value, r.flag) for r in readings],
    )
    return readings
