"""Fence, joint early warning, KPI summary and health factors over HTTP."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from tests.gis.programs.park import programs_client, programs_park

__all__ = ["programs_park"]


@pytest.fixture(scope="module")
async def api(programs_park, tmp_path_factory):  # noqa: F811
    roles = ("manager", "responder", "enterprise", "enterprise_b", "screen")
    async with programs_client(programs_park, tmp_path_factory.mktemp("home"), roles) as pair:
        yield pair


async def test_the_fence_judges_an_hour_and_draws_its_stations(api, programs_park):
    client, headers = api
    ids = programs_park.ids
    hour = dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC)
    conn = await asyncpg.connect(programs_park.url)
    try:
        rows = [(ids["MET"], "wind_speed", hour + dt.timedelta(minutes=m), 3.0) for m in (5, 25, 45)]
        rows += [
            (ids["MET"], "wind_dir", hour + dt.timedelta(minutes=m), 270.0) for m in (5, 25, 45)
        ]  # west wind
        for bearing in range(0, 360, 45):
            level = 3.0 if bearing == 90 else 0.6
            rows += [
                (ids[f"AB{bearing:03d}"], "nmhc", hour + dt.timedelta(minutes=m), level + m / 1000)
                for m in (5, 25, 45)
            ]
        await conn.executemany(
            "INSERT INTO readings (station_id, parameter, ts, value) VALUES ($1, $2, $3, $4)", rows
        )
    finally:
        await conn.close()
    body = {"hour": hour.isoformat()}
    assert (
        await client.post("/programs/voc-fence/evaluate", headers=headers["responder"], json=body)
    ).status_code == 403
    judged = await client.post("/programs/voc-fence/evaluate", headers=headers["manager"], json=body)
    assert judged.status_code == 200 and judged.json()["status"] == "alarm"
    assert [a["station_id"] for a in judged.json()["alarms"]] == [ids["AB090"]]  # the east fence, downwind
    hours = await client.get("/programs/voc-fence/hours", headers=headers["screen"], params={"limit": 744})
    judged_hours = {h["hour"]: h["status"] for h in hours.json()["hours"]}
    assert judged_hours[hour.isoformat()] == "alarm"
    assert (await client.get("/programs/voc-fence", headers=headers["enterprise"])).status_code == 403


async def test_joint_warning_summary_and_health_factors(api, programs_park):
    client, headers = api
    ids = programs_park.ids
    joint = await client.get(
        "/programs/joint-warning",
        headers=headers["responder"],
        params={"lon": 105.064, "lat": 28.7305, "radius_m": 800},
    )
    body = joint.json()
    assert joint.status_code == 200 and body["prevention"]["contained_at"] in ("enterprise", "park", "basin")
    assert body["features"]["type"] == "FeatureCollection"
    assert (
        await client.get(
            "/programs/joint-warning", headers=headers["enterprise"], params={"lon": 105.064, "lat": 28.7305}
        )
    ).status_code == 403
    summary = await client.get("/programs/summary", headers=headers["screen"])
    assert summary.status_code == 200 and summary.json()["voc_fence"]["open_alarms"] >= 1
    own = await client.get(f"/programs/health-factors/{ids['A']}", headers=headers["enterprise"])
    assert own.status_code == 200 and own.json()["enterprise_id"] == ids["A"]
    assert (
        await client.get(f"/programs/health-factors/{ids['A']}", headers=headers["enterprise_b"])
    ).status_code == 404
