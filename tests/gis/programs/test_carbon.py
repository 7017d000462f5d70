"""Activated carbon: the saturation forecast against a hand computation, and the replacement workflow."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gis.errors import Conflict, NotFound
from gis.programs import carbon, carbon_workflow
from gis.programs.carbon import Operation, predict
from gis.programs.carbon_workflow import Charge, OperatingValues
from gis.programs.settings import ProgramSettings

SETTINGS = ProgramSettings()
FILLED = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def park_date(now: dt.datetime) -> dt.date:
    """The date a user in the park writes on a form at `now` (park time, not UTC)."""
    return now.astimezone(ZoneInfo(SETTINGS.park_timezone)).date()


def test_saturation_matches_the_hand_computation():
    # 10 000 m³/h × 100 mg/m³ × 1e-6 × 24 h/d × 0.9 = 21.6 kg/d; capacity 1000 kg × 0.15 = 150 kg
    op = Operation(FILLED, 10_000, 100, 24, 0.9)
    result = predict(1000, 0.15, FILLED, [op], FILLED + 5 * DAY, SETTINGS)
    assert result.daily_load_kg == pytest.approx(21.6)
    assert result.capacity_kg == pytest.approx(150.0)
    assert result.load_kg == pytest.approx(108.0)
    assert result.ratio == pytest.approx(0.72)
    assert result.days_left == pytest.approx(42.0 / 21.6)
    assert result.saturation_at == FILLED + DAY * (150 / 21.6)
    assert result.level == "blue"  # ≥ 70 %: a reminder, health code still green
    shown = result.as_dict()
    assert shown["percent"] == 72.0
    assert "21.600 kg/d" in shown["explanation"][1] and "108.000 kg" in shown["explanation"][1]


def test_a_declaration_starts_a_new_period_and_saturation_is_found_inside_it():
    first = Operation(FILLED, 10_000, 100, 24, 0.9)  # 21.6 kg/d
    second = Operation(FILLED + 2 * DAY, 10_000, 200, 24, 0.9)  # 43.2 kg/d
    result = predict(1000, 0.15, FILLED, [first, second], FILLED + 5 * DAY, SETTINGS)
    assert [p.load_kg for p in result.periods] == pytest.approx([43.2, 129.6])
    # 43.2 kg after 2 d, then 106.8 kg more at 43.2 kg/d
    assert result.saturation_at == FILLED + 2 * DAY + DAY * (106.8 / 43.2)
    assert result.level == "orange"  # saturated, picked up not long ago
    late = predict(1000, 0.15, FILLED, [first, second], FILLED + 12 * DAY, SETTINGS)
    assert late.level == "red" and late.health_code == "red"  # saturated > 7 days, carbon still in


@pytest.mark.parametrize(("days", "level"), [(1, "none"), (4.9, "blue"), (6.3, "yellow"), (7.0, "orange")])
def test_warning_levels_follow_the_saturation(days, level):
    op = Operation(FILLED, 10_000, 100, 24, 0.9)
    # 14-day reminder: with 150 kg at 21.6 kg/d the unit is within 14 days of saturation from the start
    settings = ProgramSettings(carbon_reminder_days=0)
    assert predict(1000, 0.15, FILLED, [op], FILLED + days * DAY, settings).level == level


def test_fewer_running_hours_stretch_the_life_in_proportion():
    full = predict(1000, 0.15, FILLED, [Operation(FILLED, 10_000, 100, 24, 0.9)], FILLED, SETTINGS)
    shift = predict(1000, 0.15, FILLED, [Operation(FILLED, 10_000, 100, 8, 0.9)], FILLED, SETTINGS)
    assert shift.days_left == pytest.approx(3 * full.days_left)


async def test_replacement_runs_from_request_to_refill_with_the_history_on_record(conn, programs_park):
    a = programs_park.ids["A"]
    now = dt.datetime.now(dt.UTC)
    unit_id = await carbon_workflow.create_unit(
        conn,
        a,
        "PG-A-AC01",
        Charge("honeycomb", 800, 0.12, park_date(now) - dt.timedelta(days=30)),
        OperatingValues(20_000, 80),
        105.063,
        28.729,
        None,
        now,
    )
    unit = await carbon.unit(conn, unit_id, a, now, SETTINGS)
    assert unit["saturation"]["percent"] > 100  # 20 000 × 80 × 1e-6 × 24 × 0.9 = 34.56 kg/d vs 96 kg
    with pytest.raises(NotFound):
        await carbon.unit(conn, unit_id, programs_park.ids["B"], now, SETTINGS)
    job_id = await carbon_workflow.request_replacement(conn, unit_id, a, "saturated", None, now)
    with pytest.raises(Conflict):
        await carbon_workflow.request_replacement(conn, unit_id, a, "again", None, now)
    with pytest.raises(Conflict):  # not scheduled yet
        await carbon_workflow.pickup(conn, job_id, "川Q·12345", 900, None, now)
    await carbon_workflow.schedule(conn, job_id, "再生公司", park_date(now), "川Q·12345", None, now)
    await carbon_workflow.pickup(conn, job_id, "川Q·12345", 905.5, None, now)
    assert (await carbon.unit(conn, unit_id, a, now, SETTINGS))["saturation"] is None  # no carbon in it
    await carbon_workflow.refill(conn, job_id, a, Charge("honeycomb", 800, 0.12, park_date(now)), None, now)
    assert (await carbon_workflow.job(conn, job_id, a))["state"] == "picked_up"  # regeneration still due
    await carbon_workflow.regenerate(conn, job_id, "ZS-001", None, now)
    job = await carbon_workflow.job(conn, job_id, a)
    assert (
        job["state"] == "closed" and job["pickup_weight_kg"] == 905.5 and job["vehicle_plate"] == "川Q·12345"
    )
    refilled = await carbon.unit(conn, unit_id, a, now, SETTINGS)
    # the new charge counts from its fill date's midnight (park time): less than one day's load so far
    assert refilled["status"] == "in_service" and refilled["saturation"]["percent"] < 100 * 34.56 / 96
    kinds = [e["kind"] for e in await carbon.history(conn, unit_id, a)]
    assert kinds == ["fill", "request", "schedule", "pickup", "refill", "regeneration"]


async def test_a_declared_change_is_integrated_from_when_it_was_made(conn, programs_park):
    a = programs_park.ids["A"]
    now = dt.datetime.now(dt.UTC)
    unit_id = await carbon_workflow.create_unit(
        conn,
        a,
        "PG-A-AC02",
        Charge("granular", 1000, 0.15, park_date(now) - dt.timedelta(days=2)),
        OperatingValues(10_000, 100),
        105.063,
        28.729,
        None,
        now,
    )
    before = await carbon.unit(conn, unit_id, a, now, SETTINGS)
    await carbon_workflow.declare(
        conn, unit_id, a, OperatingValues(10_000, 200, inlet_source="measured"), None, now
    )
    later = now + dt.timedelta(days=1)
    after = await carbon.unit(conn, unit_id, a, later, SETTINGS)
    periods = after["saturation"]["periods"]
    assert [p["inlet_voc_mgm3"] for p in periods] == [100, 200]
    assert after["saturation"]["load_kg"] == pytest.approx(before["saturation"]["load_kg"] + 43.2, rel=1e-6)
