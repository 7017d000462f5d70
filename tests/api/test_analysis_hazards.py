"""GB 18218-2018 major hazards of the demo park through the API, checked by hand."""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import mapbox_vector_tile
import morecantile
import numpy as np
import pytest
import shapely

from gis.analysis.geodesy import LocalFrame
from gis.analysis.major_hazard_units import refresh_if_stale
from gis.db.engine import make_engine
from gis.errors import Conflict
from gis.users import add_user
from tests.api.analysis_fixtures import analysis_client, rows
from tests.conftest import TEST_PASSWORD, login

# Table 5 (people within 500 m → α) and Table 6 (R → grade), written out again by hand
ALPHA = ((100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5))
COLOURS = {1: "#d7191c", 2: "#fd8d3c", 3: "#fecc5c", 4: "#2c7bb6"}


def alpha(people: int) -> float:
    return next(a for fewest, a in ALPHA if people >= fewest)


def grade(r: float) -> int:
    return 1 if r >= 100 else 2 if r >= 50 else 3 if r >= 10 else 4


@pytest.fixture(scope="module")
async def api(demo_app, demo_database_url):
    async with analysis_client(demo_app, demo_database_url) as client_and_headers:
        yield client_and_headers


def people_within_500m(url: str, code: str) -> int:
    ((wkt,),) = rows(url, "SELECT ST_AsText(geom) FROM enterprises WHERE code = :c", c=code)
    plant = shapely.from_wkt(wkt)
    frame = LocalFrame(plant.centroid.x, plant.centroid.y)
    local = shapely.transform(plant, lambda xy: np.column_stack(frame.to_local(xy[:, 0], xy[:, 1])))
    total = 0
    for people, lon, lat in rows(url, "SELECT people, ST_X(geom), ST_Y(geom) FROM population_points"):
        point = shapely.Point(*(float(v) for v in frame.to_local(lon, lat)))
        if not local.intersects(point) and local.distance(point) <= 500:
            total += people
    return total


async def test_the_six_major_plants_are_found_and_graded_by_the_standard(api, demo_database_url):
    client, headers = api
    response = await client.get("/analysis/major-hazards", headers=headers["manager"])
    assert response.status_code == 200, response.text
    units = response.json()["units"]
    majors = [u for u in units if u["is_major"]]
    expected = {
        c for (c,) in rows(demo_database_url, "SELECT code FROM enterprises WHERE risk_level = 'major'")
    }
    assert len(expected) == 6
    assert {u["enterprise_code"] for u in majors} == expected
    assert response.json()["major"] == len(majors)

    graded_exactly = 0
    for unit in majors:
        holdings = rows(
            demo_database_url,
            "SELECT coalesce(s.capacity_t, s.quantity_t), c.gb18218_critical_t, c.gb18218_beta "
            "FROM storage_units s JOIN enterprises e ON e.id = s.enterprise_id JOIN chemicals c ON c.id = s.chemical_id "
            "WHERE e.code = :code AND c.gb18218_critical_t IS NOT NULL "
            "AND (s.kind = 'process_unit') = (:unit = 'production')",
            code=unit["enterprise_code"],
            unit=unit["unit"],
        )
        assert unit["s"] == pytest.approx(sum(q / big_q for q, big_q, _ in holdings))
        people = people_within_500m(demo_database_url, unit["enterprise_code"])
        assert unit["people_within_500m"] == people
        assert unit["alpha"] == alpha(people)
        if all(beta is not None for *_, beta in holdings):
            r = alpha(people) * sum(beta * q / big_q for q, big_q, beta in holdings)
            assert not unit["beta_unsourced"]
            assert unit["r"] == pytest.approx(r) and unit["grade"] == grade(r)
            graded_exactly += 1
        else:
            low = alpha(people) * sum((beta or 1) * q / big_q for q, big_q, beta in holdings)
            high = alpha(people) * sum((beta or 4) * q / big_q for q, big_q, beta in holdings)
            assert unit["r"] is None and unit["beta_unsourced"]
            assert unit["r_range"] == pytest.approx([low, high])
            assert unit["grade_range"] == [grade(high), grade(low)]
            assert unit["grade"] == (grade(low) if grade(low) == grade(high) else None)
        chemicals_without_q = rows(
            demo_database_url,
            "SELECT count(*) FROM storage_units s JOIN enterprises e ON e.id = s.enterprise_id "
            "JOIN chemicals c ON c.id = s.chemical_id WHERE e.code = :code AND c.gb18218_critical_t IS NULL "
            "AND (s.kind = 'process_unit') = (:unit = 'production')",
            code=unit["enterprise_code"],
            unit=unit["unit"],
        )[0][0]
        assert len(unit["not_counted"]) == chemicals_without_q
        assert all(n["critical_t"] == "no sourced value" for n in unit["not_counted"])
    assert graded_exactly >= 3, "the toxic-gas plants have every β sourced"
    assert all(u["alpha"] is None and u["grade"] is None for u in units if not u["is_major"])

    layer = await client.get("/analysis/major-hazards.geojson", headers=headers["bureau"])
    assert layer.status_code == 200
    features = layer.json()["features"]
    assert {f["properties"]["enterprise_code"] for f in features} == expected
    for feature in features:
        p = feature["properties"]
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert p["colour"] == COLOURS[p["grade_range"][0]]
        assert p["grade_certain"] == (p["grade"] is not None)


async def test_the_map_layer_holds_what_the_register_computes(api, demo_database_url):
    client, headers = api
    register = (await client.get("/analysis/major-hazards", headers=headers["manager"])).json()["units"]
    stored = {
        (code, unit): (s, is_major, alpha, people, grade, grade_min, grade_max)
        for code, unit, s, is_major, alpha, people, grade, grade_min, grade_max in rows(
            demo_database_url,
            "SELECT enterprise_code, unit, s, is_major, alpha, people_within_500m, grade, grade_min, grade_max "
            "FROM major_hazard_units",
        )
    }
    assert stored == {
        (u["enterprise_code"], u["unit"]): (
            pytest.approx(u["s"]),
            u["is_major"],
            u["alpha"],
            u["people_within_500m"],
            u["grade"],
            *(u["grade_range"] or (None, None)),
        )
        for u in register
    }
    majors = await client.get("/collections/major_hazards/items", headers=headers["manager"])
    assert majors.status_code == 200
    features = majors.json()["features"]
    assert sorted(f["properties"]["enterprise_code"] for f in features) == sorted(
        u["enterprise_code"] for u in register if u["is_major"]
    )
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)


def major_tile(url: str, code: str) -> str:
    ((lon, lat),) = rows(
        url,
        "SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM enterprises WHERE code = :c",
        c=code,
    )
    tile = morecantile.tms.get("WebMercatorQuad").tile(lon, lat, 15)
    return f"/tiles/major_hazards/{tile.z}/{tile.x}/{tile.y}.mvt"


def tile_features(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return mapbox_vector_tile.decode(response.content).get("major_hazards", {"features": []})["features"]


async def test_who_sees_what_of_the_major_hazard_layer(api, demo_database_url):
    client, headers = api
    engine = make_engine(demo_database_url)
    with contextlib.suppress(Conflict):  # the account of the cogeneration plant, which holds ammonia
        add_user(engine, "an-ammonia", "enterprise", TEST_PASSWORD, enterprise_code="JA-E008")
    engine.dispose()
    own = await login(client, "an-ammonia")
    path = major_tile(demo_database_url, "JA-E008")
    (feature,) = [
        f
        for f in tile_features(await client.get(path, headers=headers["manager"]))
        if f["properties"]["enterprise_code"] == "JA-E008"
    ]
    assert feature["properties"]["grade"] == 3 and feature["properties"]["s"] == pytest.approx(3.704)
    screen = tile_features(await client.get(path, headers=headers["screen"]))
    assert screen and all("s" not in f["properties"] and "grade" in f["properties"] for f in screen)
    assert [
        f["properties"]["enterprise_code"] for f in tile_features(await client.get(path, headers=own))
    ] == ["JA-E008"]
    assert tile_features(await client.get(path, headers=headers["enterprise"])) == []  # JA-E001 holds none
    items = (await client.get("/collections/major_hazards/items", headers=own)).json()["features"]
    assert [f["properties"]["enterprise_code"] for f in items] == ["JA-E008"]
    assert items[0]["properties"]["r_label"] == "14.8"


async def test_a_bigger_inventory_regrades_the_unit_and_changes_the_tile(api, demo_app, demo_database_url):
    """Ammonia at the cogeneration plant ×4: S 3.7 → 14.8, R 14.8 → 59.3, grade 3 → 2."""
    client, headers = api
    path = major_tile(demo_database_url, "JA-E008")
    before = await client.get(path, headers=headers["manager"])
    conn = await asyncpg.connect(demo_database_url)
    held = await conn.fetch(
        "SELECT s.id, s.capacity_t FROM storage_units s JOIN enterprises e ON e.id = s.enterprise_id "
        "WHERE e.code = 'JA-E008'"
    )
    try:
        await conn.execute(
            "UPDATE storage_units SET capacity_t = capacity_t * 4 WHERE id = ANY($1::int[])",
            [r["id"] for r in held],
        )
        assert await refresh_if_stale(conn) is not None
        version = await conn.fetchval(
            "SELECT version FROM layer_versions WHERE table_name = 'major_hazard_units'"
        )
        async with asyncio.timeout(5):
            await demo_app.state.tiles.versions.wait_for("major_hazard_units", version)
        after = await client.get(
            path, headers={**headers["manager"], "If-None-Match": before.headers["etag"]}
        )
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        (regraded,) = [f for f in tile_features(after) if f["properties"]["enterprise_code"] == "JA-E008"]
        assert regraded["properties"]["s"] == pytest.approx(4 * 3.704)
        assert regraded["properties"]["grade"] == 2
    finally:
        await conn.executemany(
            "UPDATE storage_units SET capacity_t = $2 WHERE id = $1",
            [(r["id"], r["capacity_t"]) for r in held],
        )
        await refresh_if_stale(conn)
        await conn.close()
