"""GB 18218-2018 major hazards of the demo park through the API, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gis.analysis.geodesy import LocalFrame
from tests.api.analysis_fixtures import analysis_client, rows

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
