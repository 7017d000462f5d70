"""What lies inside threat zones, and where resources stand relative to the wind, on a crafted park."""

from __future__ import annotations

import asyncpg
import pytest
import shapely
from shapely.geometry import box

from gis.analysis.geodesy import LocalFrame
from gis.analysis.impact import RESPONSE_KINDS, impact, wind_relation
from gis.errors import InvalidInput

ORIGIN = (121.30, 31.10)  # far from every other test's features
FRAME = LocalFrame(*ORIGIN)


def lonlat(geometry_m: shapely.Geometry) -> shapely.Geometry:
    return FRAME.geometry_to_lonlat(geometry_m)


def point(east: float, north: float) -> str:
    return shapely.to_wkt(lonlat(shapely.Point(east, north)))


@pytest.mark.parametrize(
    ("bearing", "wind_from", "relation"),
    [
        (90.0, 270.0, "downwind"),
        (270.0, 270.0, "upwind"),
        (0.0, 270.0, "crosswind"),
        (180.0, 270.0, "crosswind"),
        (135.0, 270.0, "downwind"),  # 45° off the downwind axis is still inside the sector
        (136.0, 270.0, "crosswind"),
        (185.0, 10.0, "downwind"),  # across north
        (355.0, 10.0, "upwind"),
        (None, 10.0, "at_source"),
    ],
)
def test_wind_relation_by_bearing_from_the_source(bearing, wind_from, relation):
    assert wind_relation(bearing, wind_from) == relation


@pytest.fixture
async def park(database_url):
    """A crafted corner of a park in a transaction that is rolled back after the test."""
    conn = await asyncpg.connect(database_url)
    transaction = conn.transaction()
    await transaction.start()
    park = await conn.fetchval(
        "INSERT INTO parks (code, name_zh, name_en, geom) VALUES ('IMP', '园区', 'park', "
        "ST_Multi(ST_GeomFromText($1, 4326))) RETURNING id",
        shapely.to_wkt(lonlat(box(-3000, -3000, 3000, 3000))),
    )
    for code, east in (("IMP-DOWN", 300.0), ("IMP-UP", -300.0)):
        await conn.execute(
            "INSERT INTO enterprises (park_id, code, name_zh, name_en, industry, geom) "
            "VALUES ($1, $2, $2, $2, 'fine_chemical', ST_Multi(ST_GeomFromText($3, 4326)))",
            park,
            code,
            shapely.to_wkt(lonlat(box(east - 50, -50, east + 50, 50))),
        )
    for code, people, east, north in (("IMP-P1", 120, 500.0, 0.0), ("IMP-P2", 40, 0.0, 800.0)):
        await conn.execute(
            "INSERT INTO population_points (code, name_zh, name_en, kind, people, geom) "
            "VALUES ($1, $1, $1, 'village', $2, ST_GeomFromText($3, 4326))",
            code,
            people,
            point(east, north),
        )
    for code, kind, east, north in (
        ("IMP-SCHOOL", "school", 400.0, 20.0),
        ("IMP-FIRE", "fire_station", 900.0, 0.0),
        ("IMP-SHELTER-W", "shelter", -600.0, 0.0),
        ("IMP-SHELTER-S", "shelter", 0.0, -700.0),
    ):
        await conn.execute(
            "INSERT INTO resources (code, kind, name_zh, name_en, geom) VALUES ($1, $2, $1, $1, ST_GeomFromText($3, 4326))",
            code,
            kind,
            point(east, north),
        )
    await conn.execute(
        "INSERT INTO roads (code, name_zh, name_en, kind, geom) VALUES ('IMP-R1', '纬一路', 'Wei 1', 'main', "
        "ST_GeomFromText($1, 4326))",
        shapely.to_wkt(lonlat(shapely.LineString([(200, -500), (200, 500)]))),
    )
    yield conn
    await transaction.rollback()
    await conn.close()


ZONES = [("AEGL-2", lonlat(box(0, -100, 1000, 100))), ("AEGL-1", lonlat(box(0, -300, 2000, 300)))]


def codes(places: list[dict]) -> dict[str, list[str]]:
    return {p["code"]: p["zones"] for p in places if p["code"].startswith("IMP")}


async def test_impact_finds_what_lies_inside_each_zone(park):
    found = await impact(park, ZONES, *ORIGIN, 270.0)
    inside = found.inside
    assert codes(inside["enterprise"]) == {"IMP-DOWN": ["AEGL-2", "AEGL-1"]}
    assert codes(inside["population"]) == {"IMP-P1": ["AEGL-2", "AEGL-1"]}
    assert codes(inside["resource"]) == {"IMP-SCHOOL": ["AEGL-2", "AEGL-1"], "IMP-FIRE": ["AEGL-2", "AEGL-1"]}
    (road,) = [r for r in inside["road"] if r["code"] == "IMP-R1"]
    assert road["zones"] == ["AEGL-2", "AEGL-1"] and road["length_inside_m"] == pytest.approx(600, rel=0.01)
    (village,) = inside["population"]
    assert village["people"] == 120 and village["wind"] == "downwind"
    assert village["distance_m"] == pytest.approx(500, rel=0.01) and village["bearing_deg"] == pytest.approx(
        90, abs=0.5
    )
    assert found.totals["AEGL-2"]["people"] == found.totals["AEGL-1"]["people"] == 120
    assert found.totals["AEGL-1"]["enterprise"] == 1 and found.totals["AEGL-1"]["resource"] == 2


async def test_nearest_resources_say_where_they_stand_in_the_wind(park):
    found = await impact(park, ZONES, *ORIGIN, 270.0, nearest_per_kind=2)
    nearest = {r["code"]: r for r in found.nearest_resources if r["code"].startswith("IMP")}
    assert set(nearest) == {"IMP-FIRE", "IMP-SHELTER-W", "IMP-SHELTER-S"}  # schools are not responders
    assert {r["kind"] for r in found.nearest_resources} <= set(RESPONSE_KINDS)
    assert nearest["IMP-FIRE"]["wind"] == "downwind" and nearest["IMP-FIRE"]["zones"] == ["AEGL-2", "AEGL-1"]
    assert nearest["IMP-SHELTER-W"]["wind"] == "upwind" and nearest["IMP-SHELTER-W"]["zones"] == []
    assert nearest["IMP-SHELTER-S"]["wind"] == "crosswind"
    shelters = [r["distance_m"] for r in found.nearest_resources if r["kind"] == "shelter"]
    assert shelters == sorted(shelters) and len(shelters) <= 2


async def test_zones_must_be_distinct_valid_polygons(park):
    with pytest.raises(InvalidInput, match="distinct"):
        await impact(park, [ZONES[0], ZONES[0]], *ORIGIN, 270.0)
    with pytest.raises(InvalidInput, match="empty or not a valid"):
        await impact(park, [("AEGL-1", shapely.Polygon())], *ORIGIN, 270.0)
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    with pytest.raises(InvalidInput):
        await impact(park, [("AEGL-1", bowtie)], *ORIGIN, 270.0)
