"""A small crafted park for the program tests, in a database of its own.

Two rain connections (enterprises A and B) drain through one manhole and an open rain gate
to rain outfall O1 on the river; C's sewage reaches the wastewater plant W, whose effluent
leaves by industrial outfall O2; O3 is a legacy combined outfall not on the network. Eight
boundary stations ring the park at 45° steps of bearing from its centre, a met station
stands in the middle and a river station just downstream of O1.
"""

from __future__ import annotations

import contextlib
import math
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import text

from gis.db import migrate
from gis.db.engine import make_engine
from tests.conftest import create_role_accounts, login

CENTRE = (105.07, 28.725)
RING_DEG = 0.011  # boundary stations' distance from the centre, degrees of latitude


@dataclass(frozen=True)
class Park:
    url: str
    ids: dict[str, int]
    users: dict[str, str]


def _point(lon: float, lat: float) -> str:
    return f"SRID=4326;POINT({lon} {lat})"


def _square(lon0: float, lat0: float, lon1: float, lat1: float) -> str:
    return (
        f"SRID=4326;MULTIPOLYGON((({lon0} {lat0},{lon1} {lat0},{lon1} {lat1},{lon0} {lat1},{lon0} {lat0})))"
    )


def ring_position(bearing_deg: float) -> tuple[float, float]:
    theta = math.radians(bearing_deg)
    lon = CENTRE[0] + RING_DEG * math.sin(theta) / math.cos(math.radians(CENTRE[1]))
    return lon, CENTRE[1] + RING_DEG * math.cos(theta)


def build_park(url: str) -> dict[str, int]:
    engine = make_engine(url)
    ids: dict[str, int] = {}

    def insert(key: str, sql: str, **params) -> int:
        ids[key] = conn.execute(text(sql + " RETURNING id"), params).scalar_one()
        return ids[key]

    with engine.begin() as conn:
        park = insert(
            "park",
            "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('PG', '测试园区', 'test park', :g)",
            g=_square(105.06, 28.715, 105.08, 28.735),
        )
        plots = {
            "A": ("fine_chemical", "general", (105.062, 28.728, 105.066, 28.732)),
            "B": ("pharma_intermediate", "general", (105.070, 28.728, 105.074, 28.732)),
            "C": ("chlor_alkali", "major", (105.062, 28.718, 105.066, 28.722)),
            "W": ("wastewater_plant", "general", (105.074, 28.718, 105.078, 28.722)),
        }
        for key, (industry, risk, box) in plots.items():
            insert(
                key,
                "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, risk_level, contact, phone, geom) "
                "VALUES (:p, :c, :c, :c, :i, :r, '张工', '0831-0000000', :g)",
                p=park,
                c=f"PG-{key}",
                i=industry,
                r=risk,
                g=_square(*box),
            )
        nodes = {
            "nA": ("rain", "enterprise_inlet", "A", None, (105.064, 28.732)),
            "nB": ("rain", "enterprise_inlet", "B", None, (105.072, 28.732)),
            "m1": ("rain", "manhole", None, None, (105.068, 28.733)),
            "g1": ("rain", "rain_gate", None, "open", (105.068, 28.7345)),
            "o1": ("rain", "outfall", None, None, (105.068, 28.736)),
            "nC": ("sewage", "enterprise_inlet", "C", None, (105.064, 28.720)),
            "pi": ("sewage", "plant_inlet", "W", None, (105.076, 28.720)),
            "po": ("sewage", "plant_outlet", "W", None, (105.077, 28.722)),
            "wo": ("sewage", "outfall", None, None, (105.077, 28.736)),
        }
        for key, (network, kind, owner, state, (lon, lat)) in nodes.items():
            insert(
                key,
                "INSERT INTO pipe_nodes (code, network, kind, enterprise_id, state, geom) "
                "VALUES (:c, :n, :k, :e, :s, :g)",
                c=f"PG-{key}",
                n=network,
                k=kind,
                e=ids.get(owner) if owner else None,
                s=state,
                g=_point(lon, lat),
            )
        for n, (a, b) in enumerate(
            (("nA", "m1"), ("nB", "m1"), ("m1", "g1"), ("g1", "o1"), ("nC", "pi"), ("po", "wo"))
        ):
            network = "rain" if a in ("nA", "nB", "m1", "g1") else "sewage"
            conn.execute(
                text(
                    "INSERT INTO pipes (code, network, from_node, to_node, diameter_mm, geom) VALUES "
                    "(:c, :n, :a, :b, 600, (SELECT ST_MakeLine(x.geom, y.geom) FROM pipe_nodes x, pipe_nodes y "
                    "WHERE x.id = :a AND y.id = :b))"
                ),
                {"c": f"PG-P{n}", "n": network, "a": ids[a], "b": ids[b]},
            )
        for key, kind, node, status, (lon, lat) in (
            ("O1", "rain", "o1", "compliant", (105.068, 28.7362)),
            ("O2", "industrial", "wo", "compliant", (105.077, 28.7362)),
            ("O3", "mixed", None, "pending", (105.060, 28.7362)),
        ):
            insert(
                key,
                "INSERT INTO outfalls (code, name_zh, name_en, kind, receiving_water, node_id, "
                "rectification_status, geom) VALUES (:c, :c, :c, :k, '长江', :n, :s, :g)",
                c=f"PG-{key}",
                k=kind,
                n=ids.get(node) if node else None,
                s=status,
                g=_point(lon, lat),
            )
        for bearing in range(0, 360, 45):
            insert(
                f"AB{bearing:03d}",
                "INSERT INTO stations (code, name_zh, name_en, kind, parameters, geom) VALUES "
                "(:c, :c, :c, 'air_boundary', '{nmhc}', :g)",
                c=f"PG-AB{bearing:03d}",
                g=_point(*ring_position(bearing)),
            )
        insert(
            "MET",
            "INSERT INTO stations (code, name_zh, name_en, kind, parameters, geom) VALUES "
            "('PG-MET', '气象站', 'met', 'met', '{wind_speed,wind_dir}', :g)",
            g=_point(*CENTRE),
        )
        insert(
            "WQ1",
            "INSERT INTO stations (code, name_zh, name_en, kind, geom) VALUES "
            "('PG-WQ1', '长江断面', 'river', 'water_quality', :g)",
            g=_point(105.069, 28.738),
        )
        insert(
            "CEMS_A",
            "INSERT INTO stations (code, name_zh, name_en, kind, enterprise_id, geom) VALUES "
            "('PG-CEMS-A', 'A排口', 'A stack', 'cems_outlet', :e, :g)",
            e=ids["A"],
            g=_point(105.064, 28.730),
        )
        insert(
            "DEPOT",
            "INSERT INTO resources (code, kind, name_zh, name_en, contact, materials, geom) VALUES "
            "('PG-RS1', 'material_depot', '物资库', 'depot', '值班室', '{\"sandbags\": 500}', :g)",
            g=_point(105.070, 28.724),
        )
        insert(
            "POOL",
            "INSERT INTO resources (code, kind, name_zh, name_en, capacity, geom) VALUES "
            "('PG-RS2', 'emergency_pool', '事故池', 'pool', 20000, :g)",
            g=_point(105.078, 28.724),
        )
        insert("TOL", "INSERT INTO chemicals (cas, name_zh, name_en) VALUES ('108-88-3', '甲苯', 'toluene')")
        insert(
            "TANK_A",
            "INSERT INTO storage_units (enterprise_id, chemical_id, code, kind, quantity_t, geom) VALUES "
            "(:e, :c, 'PG-A-T01', 'tank', 50, :g)",
            e=ids["A"],
            c=ids["TOL"],
            g=_point(105.063, 28.729),
        )
    engine.dispose()
    return ids


def programs_park_fixture() -> Iterator[Park]:
    """A fresh crafted park in a database of its own, dropped afterwards."""
    from gis.db.embedded import EmbeddedCluster

    cluster = EmbeddedCluster()
    cluster.start()
    name = f"parkmap_programs_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    url = cluster.create_database(name)
    try:
        migrate.upgrade(url)
        ids = build_park(url)
        users = create_role_accounts(url, ("PG-A", "PG-B"))
        yield Park(url, ids, users)
    finally:
        cluster.drop_database(name)


_shared: list[Park] = []


@pytest.fixture(scope="session", name="programs_park")
def programs_park() -> Iterator[Park]:
    """One crafted park for the whole run, whichever module asks first (the others reuse it)."""
    if _shared:
        yield _shared[0]
        return
    made = programs_park_fixture()
    _shared.append(next(made))
    try:
        yield _shared[0]
    finally:
        _shared.clear()
        made.close()


@contextlib.asynccontextmanager
async def programs_client(
    park: Park, home, roles: tuple[str, ...]
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]]]]:
    """The app on the crafted park, with headers for ``roles`` (enterprise = A's account, enterprise_b = B's)."""
    from api.app import create_app
    from gis.settings import StoreSettings

    app = create_app(database_url=park.url, store=StoreSettings(home=home))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://parkmap.test") as client:
            headers = {role: await login(client, park.users[role]) for role in roles}
            yield client, headers
