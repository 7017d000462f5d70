"""The supervision loop over HTTP: tickets moved by the right roles, evidence checks, scoping,
map markers, the big screen's numbers, limits, marks, health codes and the audit trail."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
from collections.abc import AsyncIterator

import asyncpg
import httpx
import orjson
import pytest

from api.app import create_app
from api.cli.audit import add_parser
from gis.readings.model import Reading
from gis.supervision.rules.batch import evaluate_batch
from tests.conftest import create_role_accounts, login
from tests.gis.supervision.park import quiet_settings, series, store, supervision_database, wipe
from tests.gis.supervision.receivers import WebhookReceiver

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
PDF = b"%PDF-1.7\n" + bytes(300)


@pytest.fixture(scope="module")
def park(cluster, tmp_path_factory):
    with supervision_database(cluster, "parkmap_supervision_api_test") as (url, ids):
        accounts = create_role_accounts(url, ("E-SUP-A", "E-SUP-B"))
        yield url, ids, accounts, tmp_path_factory.mktemp("evidence")


@pytest.fixture(scope="module")
async def api(park) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]]]]:
    url, _, accounts, folder = park
    settings = quiet_settings(evidence_dir=folder, evidence_max_bytes=64 * 1024)
    app = create_app(database_url=url, supervising=settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            headers = {role: await login(client, name) for role, name in accounts.items()}
            yield client, headers


@pytest.fixture
async def db(park) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(park[0])
    await wipe(conn)
    yield conn
    await conn.close()


@pytest.fixture
def ids(park) -> dict[str, int]:
    return park[1]


async def exceed(db, ids, now: dt.datetime | None = None) -> int:
    """An in-plant NMHC exceedance at E-SUP-A: its alarm opens a ticket; returns the ticket id."""
    now = now or dt.datetime.now(dt.UTC)
    readings = await store(
        db, series(ids["A-VOC"], "nmhc", [2, 2, 2, 2, 2, 44.0], start=now - dt.timedelta(hours=1))
    )
    opened = await evaluate_batch(db, readings, quiet_settings(), now)
    return next(a.ticket_id for a in opened if a.rule == "limit_instant")


async def move(client, headers, ticket_id, action, **form):
    files = form.pop("files", None)
    return await client.post(f"/tickets/{ticket_id}/{action}", data=form, files=files, headers=headers)


async def test_a_ticket_goes_through_its_whole_life_by_the_right_roles(api, db, ids):
    client, h = api
    ticket_id = await exceed(db, ids)
    mine = (await client.get("/tickets?state=open", headers=h["enterprise"])).json()["tickets"]
    assert [t["id"] for t in mine] == [ticket_id] and mine[0]["state"] == "pre_warning"
    assert (await client.get("/tickets", headers=h["enterprise_b"])).json()["tickets"] == []
    assert (await client.get(f"/tickets/{ticket_id}", headers=h["enterprise_b"])).status_code == 404
    assert (
        await move(client, h["enterprise_b"], ticket_id, "submit_feedback", note="not ours")
    ).status_code == 404
    for role in ("bureau", "screen", "enterprise", "responder"):
        refused = await move(client, h[role], ticket_id, "dispatch")
        assert refused.status_code == 403, role
        assert refused.json()["error"] == "forbidden"

    dispatched = await move(
        client, h["manager"], ticket_id, "dispatch", note="乡镇网格员核查", assignee="t-inspector"
    )
    assert dispatched.status_code == 200, dispatched.text
    assert dispatched.json()["state"] == "dispatched" and dispatched.json()["assignee"] == "t-inspector"
    assert (await move(client, h["inspector"], ticket_id, "request_feedback")).json()["state"] == "feedback"

    mark = {
        "station_id": ids["A-VOC"],
        "kind": "maintenance",
        "starts_at": (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)).isoformat(),
        "ends_at": dt.datetime.now(dt.UTC).isoformat(),
        "reason": "analyser pump replaced",
        "parameter": "nmhc",
    }
    answered = await move(
        client,
        h["enterprise"],
        ticket_id,
        "submit_feedback",
        note="采样泵更换期间数据异常",
        marks=orjson.dumps([mark]).decode(),
        files=[
            ("evidence", ("pump.png", PNG, "image/png")),
            ("evidence", ("log.pdf", PDF, "application/pdf")),
        ],
    )
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["state"] == "review" and body["actions"] == []
    feedback = body["events"][-1]
    assert feedback["actor"] == "t-enterprise" and len(feedback["evidence"]["marks"]) == 1
    photo = feedback["evidence"]["files"][0]
    assert photo["media_type"] == "image/png" and photo["sha256"] == hashlib.sha256(PNG).hexdigest()
    fetched = await client.get(f"/tickets/{ticket_id}/evidence/{photo['sha256']}", headers=h["manager"])
    assert fetched.status_code == 200 and fetched.content == PNG
    hidden = await client.get(f"/tickets/{ticket_id}/evidence/{photo['sha256']}", headers=h["enterprise_b"])
    assert hidden.status_code == 404

    assert (
        await move(client, h["inspector"], ticket_id, "reject")
    ).status_code == 400  # a rejection needs a note
    assert (await move(client, h["inspector"], ticket_id, "reject", note="请补充维修记录")).json()[
        "state"
    ] == "feedback"
    assert (await move(client, h["inspector"], ticket_id, "confirm")).status_code == 409
    await move(client, h["enterprise"], ticket_id, "submit_feedback", note="维修记录已补充")
    closed = (await move(client, h["inspector"], ticket_id, "confirm", note="核实")).json()
    assert closed["state"] == "closed" and closed["alarm_status"] == "closed"
    assert [e["to_state"] for e in closed["events"]] == [
        "pre_warning",
        "dispatched",
        "feedback",
        "review",
        "feedback",
        "review",
        "closed",
    ]
    trail = (await client.get(f"/audit?entity=ticket&entity_id={ticket_id}", headers=h["bureau"])).json()[
        "events"
    ]
    assert [e["action"] for e in reversed(trail)][:3] == [
        "ticket.open",
        "ticket.dispatch",
        "ticket.request_feedback",
    ]


async def test_evidence_must_be_an_image_or_pdf_and_small_enough(api, db, ids):
    client, h = api
    ticket_id = await exceed(db, ids)
    await move(client, h["manager"], ticket_id, "dispatch")
    await move(client, h["manager"], ticket_id, "request_feedback")
    script = await move(
        client,
        h["enterprise"],
        ticket_id,
        "submit_feedback",
        note="x",
        files=[("evidence", ("photo.png", b"#!/bin/sh\nrm -rf /\n", "image/png"))],
    )
    assert script.status_code == 415 and script.json()["error"] == "unsupported_media_type"
    disguised = await move(
        client,
        h["enterprise"],
        ticket_id,
        "submit_feedback",
        note="x",
        files=[("evidence", ("photo.jpg", PNG, "image/jpeg"))],
    )
    assert disguised.status_code == 415
    large = await move(
        client,
        h["enterprise"],
        ticket_id,
        "submit_feedback",
        note="x",
        files=[("evidence", ("big.pdf", PDF + bytes(70 * 1024), "application/pdf"))],
    )
    assert large.status_code == 413 and large.json()["error"] == "payload_too_large"
    detail = (await client.get(f"/tickets/{ticket_id}", headers=h["enterprise"])).json()
    assert detail["state"] == "feedback"  # nothing refused moved the ticket


async def test_ticket_markers_sit_at_the_enterprise_for_the_map(api, db, ids):
    client, h = api
    ticket_id = await exceed(db, ids)
    response = await client.get("/tickets/geojson", headers=h["screen"])
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert [f["id"] for f in features] == [ticket_id]
    lon, lat = features[0]["geometry"]["coordinates"]
    inside = await db.fetchval(
        "SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) FROM enterprises WHERE code = 'E-SUP-A'",
        lon,
        lat,
    )
    assert inside and features[0]["properties"]["state"] == "pre_warning"
    assert (await client.get("/tickets/geojson", headers=h["enterprise_b"])).json()["features"] == []


async def test_the_big_screen_numbers_and_open_alarms(api, db, ids):
    client, h = api
    now = dt.datetime.now(dt.UTC)
    await exceed(db, ids, now)
    await store(db, [Reading(ids["BND-1"], "nmhc", now - dt.timedelta(minutes=3), 0.4)])
    await store(db, [Reading(ids["RIV-1"], "cod", now - dt.timedelta(hours=2), 12.0)])  # silent for 2 h
    kpis = (await client.get("/dashboard/kpis", headers=h["screen"])).json()
    assert kpis["stations_online"] == 2 and kpis["stations_total"] == 7
    assert kpis["alarms_open"] == 1 and kpis["tickets_overdue"] == 0
    assert set(kpis["health_codes"]) == {"green", "yellow", "orange", "red"}
    assert sum(kpis["health_codes"].values()) == 2
    ticker = (await client.get("/alarms?status=open&limit=5", headers=h["screen"])).json()["alarms"]
    assert [(a["rule"], a["station_code"], a["ticket_state"]) for a in ticker] == [
        ("limit_instant", "A-VOC", "pre_warning")
    ]
    assert ticker[0]["lon"] and ticker[0]["lat"] and ticker[0]["detail"]["standard"] == "GB 37822-2019"
    own = (await client.get("/dashboard/kpis", headers=h["enterprise_b"])).json()
    assert own["stations_total"] == 1 and own["alarms_open"] == 0
    assert (await client.get("/alarms", headers=h["enterprise_b"])).json()["alarms"] == []


async def test_limits_are_data_that_only_admins_edit_and_every_edit_is_audited(api, db, ids):
    client, h = api
    stack = {
        "station_id": ids["A-CEMS"],
        "parameter": "nmhc",
        "averaging": "1h",
        "value": 60.0,
        "standard": "permit 91320000MA1X-001P",
        "clause": "emission limits, main stack",
    }
    assert (await client.post("/limits", json=stack, headers=h["manager"])).status_code == 403
    created = await client.post("/limits", json=stack, headers=h["admin"])
    assert created.status_code == 201 and created.json()["unit"] == "mg/m3"
    again = await client.post("/limits", json=stack, headers=h["admin"])
    assert again.status_code == 409
    limit_id = created.json()["id"]
    changed = await client.put(f"/limits/{limit_id}", json={"value": 50.0}, headers=h["admin"])
    assert changed.json()["value"] == 50.0
    listed = (await client.get(f"/limits?station_id={ids['A-CEMS']}", headers=h["enterprise"])).json()[
        "limits"
    ]
    assert [(x["parameter"], x["value"]) for x in listed] == [("nmhc", 50.0)]
    defaults = (
        await client.get("/limits?applies_to=air_boundary&parameter=nmhc", headers=h["screen"])
    ).json()
    assert [(x["value"], x["standard"]) for x in defaults["limits"]] == [(4.0, "GB 16297-1996")]
    trail = (await client.get(f"/audit?entity=limit&entity_id={limit_id}", headers=h["admin"])).json()[
        "events"
    ]
    assert trail[0]["action"] == "limit.update" and trail[0]["payload"]["before"]["value"] == 60.0
    river = await client.put(
        f"/stations/{ids['RIV-1']}/water-class", json={"water_class": "II"}, headers=h["admin"]
    )
    assert {x["parameter"]: x["value"] for x in river.json()["limits"]}["nh3_n"] == 0.5
    assert (await client.delete(f"/limits/{limit_id}", headers=h["admin"])).status_code == 204
    versions = (await client.get(f"/limits/{limit_id}/history", headers=h["admin"])).json()["versions"]
    assert [v["value"] for v in versions] == [60.0, 50.0], "a deleted limit keeps what it was, and when"
    assert versions[0]["valid_from"] is not None, "a limit an admin enters is in force from then on"
    assert versions[0]["valid_to"] == versions[1]["valid_from"] and versions[1]["valid_to"] is not None
    assert (await client.get("/limits/999999/history", headers=h["admin"])).status_code == 404
    await db.execute("DELETE FROM limits WHERE station_id IS NOT NULL")


async def test_a_permit_entered_late_is_in_force_since_it_took_effect(api, db, ids):
    client, h = api
    issued = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=20)
    permit = {
        "station_id": ids["A-CEMS"],
        "parameter": "so2",
        "averaging": "1h",
        "value": 35.0,
        "standard": "permit 91320000MA1X-002P",
        "clause": "emission limits, boiler stack",
    }
    ahead = {**permit, "in_force_from": (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}
    refused = await client.post("/limits", json=ahead, headers=h["admin"])
    assert refused.status_code == 400 and "future" in refused.json()["detail"]
    naive = {**permit, "in_force_from": "2026-01-01T00:00:00"}
    assert (await client.post("/limits", json=naive, headers=h["admin"])).status_code == 422
    created = await client.post(
        "/limits", json={**permit, "in_force_from": issued.isoformat()}, headers=h["admin"]
    )
    assert created.status_code == 201
    limit_id = created.json()["id"]
    versions = (await client.get(f"/limits/{limit_id}/history", headers=h["admin"])).json()["versions"]
    assert [dt.datetime.fromisoformat(v["valid_from"]) for v in versions] == [issued]
    trail = (await client.get(f"/audit?entity=limit&entity_id={limit_id}", headers=h["admin"])).json()
    assert dt.datetime.fromisoformat(trail["events"][0]["payload"]["in_force_from"]) == issued
    await db.execute("DELETE FROM limits WHERE station_id IS NOT NULL")


async def test_an_enterprise_marks_its_own_data_only(api, db, ids):
    client, h = api
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    mark = {
        "station_id": ids["A-CEMS"],
        "kind": "shutdown",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "reason": "检修停炉",
    }
    created = await client.post("/marks", json=mark, headers=h["enterprise"])
    assert created.status_code == 201 and created.json()["status"] == "valid"
    assert (await client.post("/marks", json=mark, headers=h["enterprise_b"])).status_code == 404
    assert (await client.post("/marks", json=mark, headers=h["bureau"])).status_code == 403
    assert (await client.get("/marks", headers=h["enterprise_b"])).json()["marks"] == []
    mark_id = created.json()["id"]
    added = await client.post(
        f"/marks/{mark_id}/evidence",
        files=[("evidence", ("order.pdf", PDF, "application/pdf"))],
        headers=h["enterprise"],
    )
    assert added.status_code == 200 and added.json()["evidence"][0]["name"] == "order.pdf"
    assert (
        await client.post(f"/marks/{mark_id}/review", json={"verdict": "rejected"}, headers=h["enterprise"])
    ).status_code == 403
    rejected = await client.post(
        f"/marks/{mark_id}/review", json={"verdict": "rejected", "note": "no order"}, headers=h["inspector"]
    )
    assert rejected.json()["status"] == "rejected"


async def test_a_health_code_and_its_reason_are_shown_to_whom_may_see_them(api, db, ids):
    client, h = api
    await exceed(db, ids)
    recomputed = await client.post("/health-codes/recompute", headers=h["manager"])
    assert recomputed.status_code == 200
    health = (await client.get(f"/enterprises/{ids['E-SUP-A']}/health", headers=h["enterprise"])).json()
    assert health["health_code"] == "yellow"
    assert {f["name"]: f["count"] for f in health["reason"]["factors"]}["open_tickets"] == 1
    assert (
        await client.get(f"/enterprises/{ids['E-SUP-A']}/health", headers=h["enterprise_b"])
    ).status_code == 404
    assert (await client.get(f"/enterprises/{ids['E-SUP-A']}/health", headers=h["bureau"])).status_code == 200


async def test_the_audit_trail_verifies_for_admin_and_bureau_only(api, db, ids):
    client, h = api
    await exceed(db, ids)
    for role in ("admin", "bureau"):
        report = (await client.get("/audit/verify", headers=h[role])).json()
        assert report["ok"] and report["events"] > 0 and len(report["head"]) == 64
    for role in ("manager", "enterprise", "screen"):
        assert (await client.get("/audit/verify", headers=h[role])).status_code == 403


async def test_the_app_runs_the_loop_in_the_background_and_stops_it_cleanly(park, db, ids):
    url, _, accounts, folder = park
    settings = quiet_settings(
        supervision_background=True, sweep_seconds=0.2, notify_delivery_seconds=0.2, evidence_dir=folder
    )
    with WebhookReceiver() as hook:
        app = create_app(database_url=url, supervising=settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                admin = await login(client, accounts["admin"])
                target = {
                    "audience": "enterprise",
                    "channel": "webhook",
                    "address": hook.url,
                    "enterprise_id": ids["E-SUP-A"],
                }
                created = await client.post("/notification-targets", json=target, headers=admin)
                assert created.status_code == 201 and len(created.json()["secret"]) >= 32
                await exceed(db, ids)
                # the alarm's ticket is announced at once; the sweep then turns E-SUP-A yellow
                for _ in range(200):
                    if len(hook.received) >= 2:
                        break
                    await asyncio.sleep(0.05)
                outbox = (await client.get("/notifications?status=sent", headers=admin)).json()[
                    "notifications"
                ]
            worker = app.state.supervision_worker
        assert all(task.done() for task in worker._tasks) or worker._tasks == []
    events = {headers["x-parkmap-event"]: orjson.loads(body) for headers, body in hook.received}
    assert set(events) == {"ticket.opened", "health_code.change"}
    assert events["ticket.opened"]["ticket"]["enterprise_code"] == "E-SUP-A"
    assert events["health_code.change"]["health_code"] == "yellow"
    assert {n["event"] for n in outbox} <= set(events)


def test_parkmap_audit_verify_names_the_first_broken_event(park, capsys):
    url = park[0]
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["audit", "verify", "--url", url])
    assert args.func(args) == 0
    assert "intact" in capsys.readouterr().out

    async def tamper(sql: str, *params):
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
            await conn.execute(sql, *params)
            await conn.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
            return await conn.fetchrow("SELECT id, actor FROM audit_log ORDER BY id LIMIT 1 OFFSET 3")
        finally:
            await conn.close()

    victim = asyncio.run(tamper("SELECT 1"))
    asyncio.run(tamper("UPDATE audit_log SET actor = 'mallory' WHERE id = $1", victim["id"]))
    assert args.func(args) == 1
    assert f"BROKEN at event {victim['id']}" in capsys.readouterr().out
    asyncio.run(tamper("UPDATE audit_log SET actor = $2 WHERE id = $1", victim["id"], victim["actor"]))
    assert args.func(args) == 0
