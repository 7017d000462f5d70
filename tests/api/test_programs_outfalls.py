"""The outfall register over HTTP: the map layer, a task with evidence photos, acceptance, rain gates."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.gis.programs.park import programs_client, programs_park

__all__ = ["programs_park"]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture(scope="module")
async def api(programs_park, tmp_path_factory):  # noqa: F811
    roles = ("manager", "inspector", "responder", "enterprise", "enterprise_b", "screen")
    async with programs_client(programs_park, tmp_path_factory.mktemp("home"), roles) as pair:
        yield pair


async def test_the_register_is_a_map_layer_for_the_park_not_for_enterprises(api, programs_park):
    client, headers = api
    layer = await client.get("/programs/outfalls/geojson", headers=headers["screen"])
    assert layer.status_code == 200 and layer.headers["content-type"].startswith("application/geo+json")
    o1 = next(f for f in layer.json()["features"] if f["properties"]["code"] == "PG-O1")
    assert set(o1["properties"]["source_enterprise_ids"]) == {programs_park.ids["A"], programs_park.ids["B"]}
    assert o1["properties"]["rain_gates"][0]["code"] == "PG-g1"
    assert (await client.get("/programs/outfalls", headers=headers["enterprise"])).status_code == 403
    board = await client.get("/programs/outfalls/dashboard", headers=headers["screen"])
    assert board.json()["outfalls"] == 3


async def test_a_task_is_reported_with_photos_by_its_enterprise_and_accepted_by_the_park(api, programs_park):
    client, headers = api
    o2 = programs_park.ids["O2"]
    body = {
        "problem": "采样口不规范",
        "measure": "规范化改造",
        "deadline": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "responsible_unit": "PG-B",
        "enterprise_id": programs_park.ids["B"],
    }
    assert (
        await client.post(f"/programs/outfalls/{o2}/tasks", headers=headers["enterprise"], json=body)
    ).status_code == 403
    made = await client.post(f"/programs/outfalls/{o2}/tasks", headers=headers["inspector"], json=body)
    assert made.status_code == 201, made.text
    task_id = made.json()["id"]
    photo = [("files", ("after.jpg", JPEG, "image/jpeg"))]
    wrong = await client.post(
        f"/programs/outfalls/tasks/{task_id}/submit", headers=headers["enterprise"], files=photo
    )
    assert wrong.status_code == 404  # A is not responsible for it
    fake = [("files", ("after.jpg", b"not a photo at all", "image/jpeg"))]
    refused = await client.post(
        f"/programs/outfalls/tasks/{task_id}/submit", headers=headers["enterprise_b"], files=fake
    )
    assert refused.status_code == 400
    sent = await client.post(
        f"/programs/outfalls/tasks/{task_id}/submit",
        headers=headers["enterprise_b"],
        data={"note": "已完成"},
        files=photo,
    )
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    evidence = sent.json()["evidence"][0]
    got = await client.get(evidence["url"], headers=headers["enterprise_b"])
    assert got.status_code == 200 and got.content == JPEG
    assert (await client.get(evidence["url"], headers=headers["enterprise"])).status_code == 404
    assert (
        await client.post(
            f"/programs/outfalls/tasks/{task_id}/review",
            headers=headers["inspector"],
            json={"accepted": True},
        )
    ).status_code == 403
    accepted = await client.post(
        f"/programs/outfalls/tasks/{task_id}/review",
        headers=headers["manager"],
        json={"accepted": True, "note": "验收通过"},
    )
    assert accepted.json()["status"] == "accepted"
    own = await client.get("/programs/outfalls/tasks", headers=headers["enterprise_b"])
    assert {t["enterprise_id"] for t in own.json()["tasks"]} == {programs_park.ids["B"]}


async def test_responders_close_rain_gates_and_screens_only_watch(api, programs_park):
    client, headers = api
    g1 = programs_park.ids["g1"]
    assert (
        await client.put(
            f"/programs/outfalls/rain-gates/{g1}", headers=headers["screen"], json={"state": "closed"}
        )
    ).status_code == 403
    closed = await client.put(
        f"/programs/outfalls/rain-gates/{g1}",
        headers=headers["responder"],
        json={"state": "closed", "reason": "spill upstream"},
    )
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    events = await client.get(f"/programs/outfalls/rain-gates/{g1}/events", headers=headers["screen"])
    assert events.json()["events"][0]["actor"] == programs_park.users["responder"]
    assert (
        await client.put(
            f"/programs/outfalls/rain-gates/{programs_park.ids['m1']}",
            headers=headers["responder"],
            json={"state": "closed"},
        )
    ).status_code == 404
    await client.put(
        f"/programs/outfalls/rain-gates/{g1}", headers=headers["responder"], json={"state": "open"}
    )
