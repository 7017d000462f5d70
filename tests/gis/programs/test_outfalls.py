"""The outfall register: traced sources and gates, task workflow, dashboard, audited rain gates."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.errors import Conflict, InvalidInput, NotFound
from gis.programs import outfalls
from gis.supervision import audit

TODAY = dt.date(2026, 6, 1)
NOW = dt.datetime(2026, 6, 1, 2, tzinfo=dt.UTC)
PHOTO = [{"file": "x.jpg", "media_type": "image/jpeg", "bytes": 10, "note": None}]


async def test_the_register_traces_source_enterprises_and_gates_upstream(conn, programs_park):
    ids = programs_park.ids
    rows = {r["code"]: r for r in await outfalls.register(conn, TODAY)}
    assert {e["id"] for e in rows["PG-O1"]["source_enterprises"]} == {ids["A"], ids["B"]}
    assert [g["code"] for g in rows["PG-O1"]["rain_gates"]] == ["PG-g1"]
    # the plant's effluent outfall traces to the plant itself (its outlet), not through the treatment
    assert {e["id"] for e in rows["PG-O2"]["source_enterprises"]} == {ids["W"]}
    assert rows["PG-O3"]["source_enterprises"] == [] and rows["PG-O3"]["kind"] == "mixed"
    feature = outfalls.outfall_feature(rows["PG-O1"])
    assert feature["geometry"]["coordinates"] == [105.068, 28.7362]


async def test_a_rectification_task_runs_from_problem_to_acceptance(conn, programs_park):
    ids = programs_park.ids
    o3 = ids["O3"]
    task_id = await outfalls.create_task(
        conn, o3, "雨污混接", "分流改造", TODAY - dt.timedelta(days=1), "园区建设局", ids["A"], None, NOW
    )
    assert (await outfalls.outfall(conn, o3, TODAY))["rectification_status"] == "rectifying"
    with pytest.raises(NotFound):  # another enterprise's task does not exist for B
        await outfalls.task(conn, task_id, ids["B"], TODAY)
    assert (await outfalls.task(conn, task_id, ids["A"], TODAY))["overdue"] is True
    with pytest.raises(InvalidInput):
        await outfalls.submit_task(conn, task_id, ids["A"], [], NOW)
    with pytest.raises(Conflict):
        await outfalls.review_task(conn, task_id, True, None, None, NOW)
    await outfalls.submit_task(conn, task_id, ids["A"], PHOTO, NOW)
    with pytest.raises(InvalidInput):
        await outfalls.review_task(conn, task_id, False, None, None, NOW)  # a return needs its reason
    await outfalls.review_task(conn, task_id, False, "照片不清", None, NOW)
    assert (await outfalls.task(conn, task_id, None, TODAY))["status"] == "open"
    await outfalls.submit_task(conn, task_id, ids["A"], PHOTO, NOW)
    await outfalls.review_task(conn, task_id, True, "验收通过", None, NOW)
    done = await outfalls.task(conn, task_id, None, TODAY)
    assert done["status"] == "accepted" and len(done["evidence"]) == 2 and done["overdue"] is False
    assert (await outfalls.outfall(conn, o3, TODAY))["rectification_status"] == "rectified"


async def test_the_dashboard_counts_by_status_and_type_and_lists_overdue_tasks(conn, programs_park):
    o1 = programs_park.ids["O1"]
    task_id = await outfalls.create_task(
        conn, o1, "标识缺失", "规范化建设", TODAY - dt.timedelta(days=3), "A", None, None, NOW
    )
    board = await outfalls.dashboard(conn, TODAY, 14)
    assert board["outfalls"] == 3 and board["by_kind"] == {"rain": 1, "industrial": 1, "mixed": 1}
    assert board["by_rectification_status"]["rectifying"] >= 1
    assert task_id in [t["id"] for t in board["overdue"]] and board["overdue_tasks"] >= 1


async def test_a_sample_over_its_limit_shows_on_the_register(conn, programs_park):
    o2 = programs_park.ids["O2"]
    await outfalls.add_sample(conn, o2, NOW, "cod", 62.0, "mg/L", 50.0, None, None)
    row = (await outfalls.register(conn, TODAY, o2))[0]
    assert row["monitoring"][0]["exceeded"] is True
    with pytest.raises(NotFound):
        await outfalls.add_sample(conn, 999_999, NOW, "cod", 1.0, "mg/L", None, None, None)


async def test_closing_a_rain_gate_is_recorded_and_chained_in_the_audit_log(conn, programs_park):
    g1 = programs_park.ids["g1"]
    gate = await outfalls.set_gate(conn, g1, "closed", "演练", None, "t-manager", NOW)
    assert gate["state"] == "closed" and gate["outfall_code"] == "PG-O1"
    events = [e for e in await outfalls.gate_events(conn, g1) if e["at"] == NOW]  # other tests set it too
    assert events[0]["state"] == "closed" and events[0]["reason"] == "演练"
    trail = await audit.events_for(conn, "pipe_node", str(g1), 5, None)
    assert trail[0]["action"] == "rain_gate.set" and trail[0]["payload"]["to"] == "closed"
    assert (await audit.verify(conn)).ok
    await outfalls.set_gate(conn, g1, "open", "演练结束", None, "t-manager", NOW)
    with pytest.raises(NotFound):
        await outfalls.set_gate(conn, programs_park.ids["m1"], "closed", None, None, None, NOW)  # a manhole
