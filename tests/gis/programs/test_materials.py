"""Shared emergency materials: nearest by true distance, lending by the lender's steps."""

from __future__ import annotations

import datetime as dt

import pytest

from gis.errors import Conflict, Forbidden, NotFound
from gis.programs import materials
from gis.programs.materials import Declaration

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


async def test_nearest_stocks_come_nearest_first_with_geodesic_distances(conn, programs_park):
    ids = programs_park.ids
    depot = await materials.declare(
        conn,
        Declaration("boom_test", "围油栏", 300, "m"),
        resource_id=ids["DEPOT"],
        enterprise_id=None,
        lon=None,
        lat=None,
        now=NOW,
    )
    plant = await materials.declare(
        conn,
        Declaration("boom_test", "围油栏", 50, "m"),
        resource_id=None,
        enterprise_id=ids["C"],
        lon=None,
        lat=None,
        now=NOW,
    )
    found = await materials.nearest(conn, "boom_test", 105.064, 28.720, limit=5)
    assert [f["id"] for f in found] == [plant, depot]
    # the depot stands at (105.070, 28.724): ≈ 722 m from the point on the WGS 84 spheroid
    assert found[1]["distance_m"] == pytest.approx(722, rel=0.02)
    assert [
        f["id"] for f in await materials.nearest(conn, "boom_test", 105.064, 28.720, min_quantity=100)
    ] == [depot]


async def test_a_loan_runs_request_approve_hand_over_return_and_moves_the_stock(conn, programs_park):
    ids = programs_park.ids
    stock = await materials.declare(
        conn,
        Declaration("pads_test", "吸附棉", 100, "片"),
        resource_id=None,
        enterprise_id=ids["A"],
        lon=None,
        lat=None,
        now=NOW,
    )
    with pytest.raises(Conflict):
        await materials.request_loan(conn, stock, 10, "自用", None, ids["A"], NOW)  # one's own stock
    with pytest.raises(Conflict):
        await materials.request_loan(conn, stock, 500, "泄漏", None, ids["B"], NOW)
    loan = await materials.request_loan(conn, stock, 40, "B厂泄漏围堵", None, ids["B"], NOW)
    with pytest.raises(Forbidden):  # the borrower cannot approve its own request
        await materials.lender_step(conn, loan, "approve", ids["B"], None, NOW)
    with pytest.raises(NotFound):  # C is neither party
        await materials.lender_step(conn, loan, "approve", ids["C"], None, NOW)
    with pytest.raises(Conflict):
        await materials.lender_step(conn, loan, "hand_over", ids["A"], None, NOW)
    await materials.lender_step(conn, loan, "approve", ids["A"], None, NOW)
    await materials.lender_step(conn, loan, "hand_over", None, None, NOW)  # the park's manager for A
    assert (await materials.stocks(conn, stock_id=stock))[0]["quantity"] == 60
    await materials.lender_step(conn, loan, "return", ids["A"], None, NOW, returned_quantity=25)
    assert (await materials.stocks(conn, stock_id=stock))[0]["quantity"] == 85  # 15 pads used up
    record = await materials.loan(conn, loan, ids["B"])
    assert record["state"] == "returned" and record["returned_quantity"] == 25
    assert [r["id"] for r in await materials.loans(conn, ids["C"])] == []


async def test_only_the_requester_withdraws_and_only_before_hand_over(conn, programs_park):
    ids = programs_park.ids
    stock = await materials.declare(
        conn,
        Declaration("sand_test", "沙袋", 100, "个"),
        resource_id=ids["DEPOT"],
        enterprise_id=None,
        lon=None,
        lat=None,
        now=NOW,
    )
    loan = await materials.request_loan(conn, stock, 10, "围堵", None, ids["A"], NOW)
    with pytest.raises(NotFound):
        await materials.cancel_loan(conn, loan, ids["B"], None, NOW)
    await materials.cancel_loan(conn, loan, ids["A"], None, NOW)
    assert (await materials.loan(conn, loan, None))["state"] == "cancelled"
