"""Cleaner-production audits over HTTP: entry by the enterprise, score, rankings, the printable report."""

from __future__ import annotations

import pytest

from tests.gis.programs.park import programs_client, programs_park

__all__ = ["programs_park"]


@pytest.fixture(scope="module")
async def api(programs_park, tmp_path_factory):  # noqa: F811
    roles = ("manager", "enterprise", "enterprise_b", "bureau")
    async with programs_client(programs_park, tmp_path_factory.mktemp("home"), roles) as pair:
        yield pair


async def test_an_enterprise_fills_in_its_audit_and_gets_score_code_lagging_and_report(api, programs_park):
    client, headers = api
    system = (
        await client.get("/programs/cleaner-production/systems/chemical_general", headers=headers["bureau"])
    ).json()
    values = {
        i["id"]: (i["levels"]["II"] if i["kind"] != "qualitative" else "II") for i in system["indicators"]
    }
    values["pg_voc"] = 10.0  # far above level III: restrictive, so the code is red
    saved = await client.post(
        "/programs/cleaner-production/audits",
        headers=headers["enterprise"],
        json={"year": 2024, "values": values},
    )
    assert saved.status_code == 200, saved.text
    audit = saved.json()
    assert (
        audit["enterprise_id"] == programs_park.ids["A"] and audit["code"] == "red" and audit["level"] is None
    )
    assert audit["lagging"][0]["id"] == "pg_voc" and audit["lagging"][0]["solutions"]
    report = await client.get(audit["report_url"], headers=headers["enterprise"])
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "单位产品VOCs产生量" in report.text and "@media print" in report.text
    assert (await client.get(audit["report_url"], headers=headers["enterprise_b"])).status_code == 404
    fixed = await client.post(
        "/programs/cleaner-production/audits",
        headers=headers["enterprise"],
        json={"year": 2024, "values": {"pg_voc": 1.0}},
    )
    assert (
        fixed.json()["id"] == audit["id"]
        and fixed.json()["level"] == "II"
        and fixed.json()["code"] == "green"
    )


async def test_rankings_show_an_enterprise_its_own_place_only(api, programs_park):
    client, headers = api
    for who in ("enterprise", "enterprise_b"):
        await client.post(
            "/programs/cleaner-production/audits",
            headers=headers[who],
            json={"year": 2023, "system_code": "chemical_general", "values": {"re_energy": 0.4}},
        )
    params = {"system_code": "chemical_general", "year": 2023}
    full = await client.get("/programs/cleaner-production/rankings", headers=headers["bureau"], params=params)
    assert {r["enterprise_id"] for r in full.json()["rankings"]} == {
        programs_park.ids["A"],
        programs_park.ids["B"],
    }
    seen = await client.get(
        "/programs/cleaner-production/rankings", headers=headers["enterprise_b"], params=params
    )
    assert {r["enterprise_id"] for r in seen.json()["rankings"]} == {None, programs_park.ids["B"]}


async def test_audit_entry_is_refused_to_read_only_roles_and_for_unknown_indicators(api, programs_park):
    client, headers = api
    body = {"year": 2024, "enterprise_id": programs_park.ids["B"], "values": {"re_energy": 0.4}}
    assert (
        await client.post("/programs/cleaner-production/audits", headers=headers["bureau"], json=body)
    ).status_code == 403
    bad = await client.post(
        "/programs/cleaner-production/audits",
        headers=headers["manager"],
        json={**body, "values": {"no_such": 1}},
    )
    assert bad.status_code == 400
