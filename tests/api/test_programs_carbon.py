"""The carbon steward over HTTP: forecasts with their arithmetic, one-click replacement, roles and scope."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.gis.programs.park import programs_client, programs_park

__all__ = ["programs_park"]


@pytest.fixture(scope="module")
async def api(programs_park, tmp_path_factory):  # noqa: F811
    roles = ("admin", "manager", "inspector", "enterprise", "enterprise_b", "bureau", "screen")
    async with programs_client(programs_park, tmp_path_factory.mktemp("home"), roles) as pair:
        yield pair


def new_unit(enterprise_id: int, code: str, days_ago: int) -> dict:
    return {
        "enterprise_id": enterprise_id,
        "code": code,
        "carbon_type": "granular",
        "fill_mass_kg": 1000,
        "design_capacity": 0.15,
        "fill_date": (dt.date.today() - dt.timedelta(days=days_ago)).isoformat(),
        "airflow_m3h": 10000,
        "inlet_voc_mgm3": 100,
        "lon": 105.063,
        "lat": 28.729,
    }


async def test_an_enterprise_registers_its_adsorber_and_sees_the_forecast_arithmetic(api, programs_park):
    client, headers = api
    made = await client.post(
        "/programs/carbon/units",
        headers=headers["enterprise"],
        json=new_unit(programs_park.ids["B"], "PG-API-AC1", 3),
    )
    assert made.status_code == 201, made.text
    unit = made.json()
    assert unit["enterprise_id"] == programs_park.ids["A"]  # the account's own enterprise, whatever was sent
    sat = unit["saturation"]
    assert sat["daily_load_kg"] == pytest.approx(21.6) and sat["capacity_kg"] == 150
    assert any("21.600 kg/d" in line for line in sat["explanation"])
    other = await client.get(f"/programs/carbon/units/{unit['id']}", headers=headers["enterprise_b"])
    assert other.status_code == 404
    mine = await client.get("/programs/carbon/units", headers=headers["enterprise_b"])
    assert all(u["enterprise_id"] == programs_park.ids["B"] for u in mine.json()["units"])
    geo = await client.get("/programs/carbon/units/geojson", headers=headers["screen"])
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert unit["id"] in [f["id"] for f in geo.json()["features"]]


async def test_one_click_replacement_becomes_a_pickup_job_run_by_the_park(api, programs_park):
    client, headers = api
    unit = (
        await client.post(
            "/programs/carbon/units",
            headers=headers["manager"],
            json=new_unit(programs_park.ids["A"], "PG-API-AC2", 8),
        )
    ).json()
    assert unit["saturation"]["level"] in ("orange", "red")
    reminders = await client.get("/programs/carbon/reminders", headers=headers["enterprise"])
    assert unit["id"] in [u["id"] for u in reminders.json()["reminders"]]
    job = await client.post(
        f"/programs/carbon/units/{unit['id']}/replacement", headers=headers["enterprise"], json={}
    )
    assert job.status_code == 201 and job.json()["state"] == "requested"
    job_id = job.json()["id"]
    again = await client.post(
        f"/programs/carbon/units/{unit['id']}/replacement", headers=headers["enterprise"], json={}
    )
    assert again.status_code == 409
    schedule = {
        "company": "再生公司",
        "scheduled_for": dt.date.today().isoformat(),
        "vehicle_plate": "川Q·A1234",
    }
    refused = await client.post(
        f"/programs/carbon/jobs/{job_id}/schedule", headers=headers["enterprise"], json=schedule
    )
    assert refused.status_code == 403  # the regeneration side is the park's
    assert (
        await client.post(
            f"/programs/carbon/jobs/{job_id}/schedule", headers=headers["manager"], json=schedule
        )
    ).status_code == 200
    picked = await client.post(
        f"/programs/carbon/jobs/{job_id}/pickup",
        headers=headers["manager"],
        json={"vehicle_plate": "川Q·A1234", "weight_kg": 1100.5},
    )
    assert picked.json()["state"] == "picked_up" and picked.json()["pickup_weight_kg"] == 1100.5
    charge = {
        "carbon_type": "granular",
        "fill_mass_kg": 1000,
        "design_capacity": 0.15,
        "fill_date": dt.date.today().isoformat(),
    }
    assert (
        await client.post(
            f"/programs/carbon/jobs/{job_id}/refill", headers=headers["enterprise_b"], json=charge
        )
    ).status_code == 404
    assert (
        await client.post(
            f"/programs/carbon/jobs/{job_id}/refill", headers=headers["enterprise"], json=charge
        )
    ).status_code == 200
    done = await client.post(
        f"/programs/carbon/jobs/{job_id}/regeneration",
        headers=headers["admin"],
        json={"certificate_no": "ZS-9"},
    )
    assert done.json()["state"] == "closed"
    history = await client.get(f"/programs/carbon/units/{unit['id']}/history", headers=headers["enterprise"])
    assert [e["kind"] for e in history.json()["events"]] == [
        "fill",
        "request",
        "schedule",
        "pickup",
        "refill",
        "regeneration",
    ]


async def test_read_only_roles_and_bad_input_are_refused(api, programs_park):
    client, headers = api
    body = new_unit(programs_park.ids["A"], "PG-API-AC3", 1)
    assert (
        await client.post("/programs/carbon/units", headers=headers["bureau"], json=body)
    ).status_code == 403
    assert (
        await client.post("/programs/carbon/units", headers=headers["inspector"], json=body)
    ).status_code == 403
    bad = await client.post(
        "/programs/carbon/units", headers=headers["manager"], json={**body, "design_capacity": 3}
    )
    assert bad.status_code == 422 and set(bad.json()) == {"error", "detail"}
    assert (await client.get("/programs/carbon/units")).status_code == 401
