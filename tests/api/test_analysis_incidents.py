"""Recording an incident with its analysis, and its one-page report that opens offline."""

from __future__ import annotations

import re

import pytest

from tests.api.analysis_fixtures import analysis_client, rows
from tests.gis.incidents.offline import leaflet_free, loading_references

TITLE = '氯气泄漏演练 <script>alert("x")</script>'


@pytest.fixture(scope="module")
async def api(demo_app, demo_database_url):
    async with analysis_client(demo_app, demo_database_url) as client_and_headers:
        yield client_and_headers


@pytest.fixture(scope="module")
async def recorded(api, demo_database_url):
    """A chlorine release at the biggest chlorine tank: plume with impact, and the spill traced."""
    client, headers = api
    ((unit_id, lon, lat),) = rows(
        demo_database_url,
        "SELECT u.id, ST_X(u.geom), ST_Y(u.geom) FROM storage_units u JOIN chemicals c ON c.id = u.chemical_id "
        "WHERE c.cas = '7782-50-5' ORDER BY u.quantity_t DESC LIMIT 1",
    )
    weather = {"source": "entered", "wind_speed_m_s": 2.5, "wind_from_deg": 200, "stability": "D"}
    plume = await client.post(
        "/analysis/plume",
        json={
            "storage_unit_id": unit_id,
            "release": {"rate_g_s": 400, "duration_min": 30},
            "weather": weather,
            "impact": True,
        },
        headers=headers["responder"],
    )
    assert plume.status_code == 200, plume.text
    downstream = await client.post(
        "/analysis/trace/downstream", json={"lon": lon, "lat": lat}, headers=headers["responder"]
    )
    assert downstream.status_code == 200, downstream.text
    body = {
        "title": TITLE,
        "occurred_at": "2026-05-06T09:30:00+08:00",
        "lon": lon,
        "lat": lat,
        "place": "氯气储罐区",
        "chemical_id": plume.json()["properties"]["chemical"]["id"],
        "storage_unit_id": unit_id,
        "release": plume.json()["properties"]["release"],
        "weather": plume.json()["properties"]["weather"],
        "results": {"plume": plume.json(), "downstream": downstream.json()},
    }
    created = await client.post("/incidents", json=body, headers=headers["responder"])
    assert created.status_code == 201, created.text
    return created.json(), body


async def test_only_responders_managers_and_admins_record_incidents(api, recorded):
    client, headers = api
    _, body = recorded
    for role in ("inspector", "bureau", "screen", "enterprise"):
        assert (await client.post("/incidents", json=body, headers=headers[role])).status_code == 403, role


async def test_a_recorded_incident_reads_back_whole(api, recorded):
    client, headers = api
    incident, body = recorded
    assert (
        incident["title"] == TITLE and incident["chemical_cas"] == "7782-50-5" and not incident["has_report"]
    )
    listed = await client.get("/incidents", headers=headers["bureau"])
    assert listed.status_code == 200
    assert incident["id"] in [i["id"] for i in listed.json()["incidents"]]
    full = await client.get(f"/incidents/{incident['id']}", headers=headers["bureau"])
    assert full.status_code == 200
    assert full.json()["results"]["downstream"] == body["results"]["downstream"]
    assert full.json()["occurred_at"].startswith("2026-05-06T01:30:00")
    assert (await client.get("/incidents/2147483647", headers=headers["manager"])).status_code == 404


async def test_the_report_is_one_self_contained_page_with_map_and_tables(api, recorded, demo_database_url):
    client, headers = api
    incident, body = recorded
    missing = await client.get(f"/incidents/{incident['id']}/report", headers=headers["bureau"])
    assert missing.status_code == 404
    assert (
        await client.post(f"/incidents/{incident['id']}/report", headers=headers["bureau"])
    ).status_code == 403

    made = await client.post(f"/incidents/{incident['id']}/report", headers=headers["responder"])
    assert made.status_code == 200, made.text
    assert made.json()["url"] == f"/incidents/{incident['id']}/report"
    report = await client.get(made.json()["url"], headers=headers["bureau"])
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in report.headers["content-security-policy"]
    html = report.text
    assert len(html.encode()) == made.json()["bytes"]

    # the map: Leaflet inline, a folium map drawn into it with the zones
    assert 'class="folium-map"' in html and "L.map(" in html and "L.geoJson(" in html
    # the tables: zones at their levels, the gate to close and where the spill goes, resources, sources
    plume = body["results"]["plume"]["properties"]
    for level in ("AEGL-3", "AEGL-2", "AEGL-1"):
        assert f"<td>{level}</td>" in html
    trace = body["results"]["downstream"]["properties"]
    for gate in trace["rain_gates"]:
        assert gate["code"] in html
    for outfall in trace["outfalls"]:
        assert outfall["outfall"]["code"] in html
    assert plume["impact"]["nearest_resources"][0]["name_zh"] in html
    # in the park's language, in the words the map uses: the model's limits, zones, places, gates
    assert "<strong>重气体：</strong>" in html and "本模型不模拟重气体扩散" in html
    assert "dense-gas dispersion is not modelled" not in html
    assert "<td>下风向</td>" in html and "<td>downwind</td>" not in html
    if trace["rain_gates"]:
        assert "<strong>立即关闭</strong>" in html or "<strong>保持关闭</strong>" in html
    kinds = {p["kind"] for p in plume["impact"]["inside"].get("population", [])}
    assert "<td>residential</td>" not in html and ("residential" not in kinds or "<td>居民区</td>" in html)
    assert "Data sources" in html and "40 CFR 68.25" not in html  # an entered rate, not the worst case
    assert "&lt;script&gt;alert" in html and '<script>alert("x")' not in html

    # nothing is fetched from anywhere: no element or stylesheet loads, and the only web
    # addresses outside the inlined Leaflet are the chemical library's citations, as text
    assert loading_references(html) == []
    ((sources,),) = rows(demo_database_url, "SELECT sources::text FROM chemicals WHERE cas = '7782-50-5'")
    for url in re.findall(r"https?://[^\s\"'<>)]+", leaflet_free(html)):
        assert url in sources, url
