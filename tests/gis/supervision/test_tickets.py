"""Ticket workflow in the domain: opened by an alarm, moved by the right roles, escalated by time,
and the enterprise's health code following its tickets as they age."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.errors import Conflict, Forbidden, InvalidInput, NotFound
from gis.supervision import health, tickets
from gis.supervision.actor import Actor
from gis.supervision.notify.targets import add_target
from gis.supervision.rules.batch import evaluate_batch
from gis.supervision.schedule import sweep
from tests.gis.supervision.park import T0, series, store

HOUR = dt.timedelta(hours=1)
OPENED = T0 + HOUR


async def open_ticket(conn, ids, settings) -> int:
    readings = await store(conn, series(ids["A-VOC"], "nmhc", [1] * 5 + [42.0]))
    opened = await evaluate_batch(conn, readings, settings, OPENED)
    return next(a.ticket_id for a in opened if a.rule == "limit_instant")


def people(ids):
    return {
        "manager": Actor("mgr", "manager", None, None),
        "inspector": Actor("insp", "inspector", None, None),
        "alpha": Actor("alpha", "enterprise", ids["E-SUP-A"], None),
        "beta": Actor("beta", "enterprise", ids["E-SUP-B"], None),
        "bureau": Actor("bureau", "bureau", None, None),
    }


async def test_an_alarm_at_an_enterprise_station_opens_a_pre_warning_for_the_enterprise(conn, ids, settings):
    await add_target(
        conn, "enterprise", "email", "ehs@alpha.example", ids["E-SUP-A"], None, people(ids)["manager"]
    )
    ticket_id = await open_ticket(conn, ids, settings)
    detail = await tickets.ticket_detail(conn, ticket_id, people(ids)["alpha"], OPENED)
    assert detail["state"] == "pre_warning" and detail["code"].startswith("TK-20260302-")
    assert detail["stage_deadline"] == OPENED + 4 * HOUR
    assert detail["rule"] == "limit_instant" and detail["station_code"] == "A-VOC"
    notice = await conn.fetchrow("SELECT event, payload->'ticket'->>'code' AS code FROM notifications")
    assert notice["event"] == "ticket.opened" and notice["code"] == detail["code"]


async def test_each_step_needs_the_right_role_and_the_right_stage(conn, ids, settings):
    who = people(ids)
    ticket_id = await open_ticket(conn, ids, settings)
    with pytest.raises(NotFound):
        await tickets.transition(conn, ticket_id, "dispatch", who["beta"], OPENED, settings)
    with pytest.raises(Forbidden):
        await tickets.transition(conn, ticket_id, "dispatch", who["alpha"], OPENED, settings)
    with pytest.raises(Forbidden):
        await tickets.transition(conn, ticket_id, "dispatch", who["bureau"], OPENED, settings)
    with pytest.raises(Conflict):
        await tickets.transition(conn, ticket_id, "confirm", who["manager"], OPENED, settings)
    await tickets.transition(conn, ticket_id, "dispatch", who["manager"], OPENED, settings)
    await tickets.transition(conn, ticket_id, "request_feedback", who["inspector"], OPENED, settings)
    with pytest.raises(InvalidInput):
        await tickets.transition(conn, ticket_id, "submit_feedback", who["alpha"], OPENED, settings, note=" ")
    with pytest.raises(Forbidden):
        await tickets.transition(
            conn, ticket_id, "submit_feedback", who["manager"], OPENED, settings, note="x"
        )
    await tickets.transition(
        conn, ticket_id, "submit_feedback", who["alpha"], OPENED, settings, note="valve leak fixed"
    )
    await tickets.transition(conn, ticket_id, "reject", who["inspector"], OPENED, settings, note="no photo")
    await tickets.transition(
        conn, ticket_id, "submit_feedback", who["alpha"], OPENED, settings, note="photo attached"
    )
    closed = await tickets.transition(conn, ticket_id, "confirm", who["inspector"], OPENED + HOUR, settings)
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


async def test_overdue_tickets_climb_the_four_levels_with_time(conn, ids, settings):
    for audience in ("township", "park", "district"):
        await add_target(
            conn, audience, "email", f"{audience}@gov.example", None, None, people(ids)["manager"]
        )
    ticket_id = await open_ticket(conn, ids, settings)
    assert await tickets.escalate_overdue(conn, OPENED + 3 * HOUR, settings) == []
    levels = []
    now = OPENED
    for _ in range(3):
        now += 4 * HOUR + dt.timedelta(minutes=1)
        climbed = await tickets.escalate_overdue(conn, now, settings)
        levels.append((climbed[0]["level"], climbed[0]["state"]))
    assert levels == [(1, "pre_warning"), (2, "pre_warning"), (3, "escalated")]
    assert await tickets.escalate_overdue(conn, now + 48 * HOUR, settings) == []
    heard = await conn.fetch(
        "SELECT t.audience, count(*) FROM notifications n JOIN notification_targets t ON t.id = n.target_id "
        "WHERE n.event = 'ticket.escalate' GROUP BY t.audience ORDER BY t.audience"
    )
    # township hears every escalation, park from level 2, district only at the top
    assert {r["audience"]: r["count"] for r in heard} == {"township": 3, "park": 2, "district": 1}
    detail = await tickets.ticket_detail(conn, ticket_id, people(ids)["manager"], now)
    assert detail["overdue"] and detail["escalation_level"] == 3


async def test_the_health_code_follows_the_tickets_as_they_age(conn, ids, settings):
    who = people(ids)
    ticket_id = await open_ticket(conn, ids, settings)
    report = await sweep(conn, OPENED, settings)
    alpha = await health.health_of(conn, ids["E-SUP-A"], None)
    # one exceedance (2 points) + one open ticket (1 point) = 3: yellow
    assert alpha["health_code"] == "yellow" and alpha["reason"]["score"] == 3.0
    await sweep(conn, OPENED + 5 * HOUR, settings)
    alpha = await health.health_of(conn, ids["E-SUP-A"], None)
    # the pre-warning is overdue (+3): orange, and the reason says why
    assert alpha["health_code"] == "orange"
    overdue = next(f for f in alpha["reason"]["factors"] if f["name"] == "overdue_tickets")
    assert overdue["count"] == 1 and overdue["points"] == 3.0
    await tickets.transition(
        conn, ticket_id, "close", who["manager"], OPENED + 6 * HOUR, settings, note="duplicate"
    )
    alpha = await health.health_of(conn, ids["E-SUP-A"], None)
    assert alpha["health_code"] == "yellow"
    assert (await health.health_of(conn, ids["E-SUP-B"], None))["health_code"] == "green"
    changes = await conn.fetch(
        "SELECT payload->>'to' AS colour FROM audit_log WHERE action = 'health_code.change' ORDER BY id DESC LIMIT 3"
    )
    assert [c["colour"] for c in changes] == ["yellow", "orange", "yellow"]
    assert report.health_changes >= 1


async def test_thresholds_and_points_are_configurable(conn, ids, settings):
    await open_ticket(conn, ids, settings)
    strict = settings.model_copy(update={"health_thresholds": {"yellow": 1.0, "orange": 2.0, "red": 3.0}})
    await health.recompute(conn, OPENED, strict, [ids["E-SUP-A"]])
    assert (await health.health_of(conn, ids["E-SUP-A"], None))["health_code"] == "red"


class RedFloor:
    name = "test_red"

    async def floors(self, conn, enterprise_ids, now):
        return {e: [{"code": "red", "reason_en": "test floor"}] for e in enterprise_ids}


async def test_a_floor_raises_the_colour_whatever_the_score(conn, ids, settings):
    health.register_floor(RedFloor())
    try:
        await health.recompute(conn, OPENED, settings, [ids["E-SUP-B"]])
    finally:
        health.unregister_floor("test_red")
    beta = await health.health_of(conn, ids["E-SUP-B"], None)
    assert beta["health_code"] == "red" and beta["reason"]["score_code"] == "green"
    assert beta["reason"]["floors"] == [{"floor": "test_red", "code": "red", "reason_en": "test floor"}]


async def test_a_saturated_activated_carbon_unit_raises_the_health_code(conn, ids, settings):
    health.install_program_floors()
    await conn.execute(
        "INSERT INTO carbon_units (enterprise_id, code, carbon_type, fill_mass_kg, design_capacity, airflow_m3h, "
        "inlet_voc_mgm3, fill_date, geom) VALUES ($1, 'AC-SUP-1', 'granular', 100, 0.1, 10000, 100, '2025-12-01', "
        "ST_SetSRID(ST_MakePoint(105.0703, 28.7301), 4326))",
        ids["E-SUP-A"],
    )
    try:
        await health.recompute(conn, OPENED, settings, [ids["E-SUP-A"]])
    finally:
        await conn.execute("DELETE FROM carbon_units WHERE code = 'AC-SUP-1'")
    alpha = await health.health_of(conn, ids["E-SUP-A"], None)
    assert alpha["reason"]["score_code"] == "green" and alpha["health_code"] in ("orange", "red")
    assert alpha["reason"]["floors"][0]["program"] == "carbon"


async def test_a_sweep_that_changes_no_colour_or_reason_leaves_the_map_tiles_alone(conn, ids, settings):
    """Every write of enterprises moves their layers' version and refetches every map's tiles."""
    await health.recompute(conn, OPENED, settings)
    version = "SELECT version FROM layer_versions WHERE table_name = 'enterprises'"
    before = await conn.fetchval(version)
    reason = await conn.fetchval("SELECT health_reason FROM enterprises WHERE id = $1", ids["E-SUP-A"])
    await health.recompute(conn, OPENED + HOUR / 60, settings)
    assert await conn.fetchval(version) == before, "nothing changed: nothing written"
    assert (
        await conn.fetchval("SELECT health_reason FROM enterprises WHERE id = $1", ids["E-SUP-A"]) == reason
    )
    ticket_id = await open_ticket(conn, ids, settings)
    try:
        await health.recompute(conn, OPENED + HOUR / 30, settings)
        assert await conn.fetchval(version) > before, "an open ticket is a new reason: the tiles follow"
    finally:
        await tickets.transition(
            conn, ticket_id, "close", people(ids)["manager"], OPENED + HOUR, settings, note="duplicate"
        )
