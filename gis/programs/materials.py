"""Emergency materials sharing: depots and enterprises declare what they hold, responders find
the nearest of a kind, and lending runs requested → approved → handed over → returned.

Declared stocks are shared on purpose, so every role may search them; an enterprise changes
only its own stocks, and sees only the loans it asked for or lends. Approving, handing over
and taking back are the lender's steps: the park's managers for depots, and the owning
enterprise (or the park's managers) for an enterprise's stock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.errors import Conflict, Forbidden, InvalidInput, NotFound
from gis.programs.sql import query

LENDER_STEPS = {
    "approve": ("requested", "approved"),
    "reject": ("requested", "rejected"),
    "hand_over": ("approved", "handed_over"),
    "return": ("handed_over", "returned"),
}


@dataclass(frozen=True)
class Declaration:
    material_type: str
    name_zh: str
    quantity: float
    unit: str
    contact: str | None = None
    phone: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.quantity <= 1e9:
            raise InvalidInput("quantity must be within [0, 1e9]")


async def stocks(
    conn: asyncpg.Connection,
    material_type: str | None = None,
    enterprise_id: int | None = None,
    stock_id: int | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(query("materials", "stocks"), material_type, enterprise_id, stock_id, limit)
    return [dict(r) for r in rows]


async def declare(
    conn: asyncpg.Connection,
    declaration: Declaration,
    *,
    resource_id: int | None,
    enterprise_id: int | None,
    lon: float | None,
    lat: float | None,
    now: dt.datetime,
) -> int:
    """A depot (``resource_id``) or an enterprise declares a stock, at its own place by default."""
    if (resource_id is None) == (enterprise_id is None):
        raise InvalidInput("a stock is held by a depot or by an enterprise")
    if lon is None or lat is None:
        place = await conn.fetchrow(query("materials", "holder_place"), resource_id, enterprise_id)
        if place is None:
            raise NotFound("no such depot or enterprise")
        lon, lat = place["lon"], place["lat"]
    elif await conn.fetchrow(query("materials", "holder_place"), resource_id, enterprise_id) is None:
        raise NotFound("no such depot or enterprise")
    d = declaration
    return await conn.fetchval(
        query("materials", "insert_stock"),
        resource_id,
        enterprise_id,
        d.material_type,
        d.name_zh,
        d.quantity,
        d.unit,
        d.contact,
        d.phone,
        now,
        lon,
        lat,
    )


async def update_stock(
    conn: asyncpg.Connection,
    stock_id: int,
    own: int | None,
    quantity: float | None,
    contact: str | None,
    phone: str | None,
    now: dt.datetime,
) -> None:
    if quantity is not None and not 0 <= quantity <= 1e9:
        raise InvalidInput("quantity must be within [0, 1e9]")
    async with conn.transaction():
        if await conn.fetchrow(query("materials", "stock_for_update"), stock_id, own) is None:
            raise NotFound(f"no stock {stock_id}")
        await conn.execute(query("materials", "update_stock"), stock_id, quantity, contact, phone, now)


async def nearest(
    conn: asyncpg.Connection,
    material_type: str,
    lon: float,
    lat: float,
    *,
    min_quantity: float = 0.0,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """The nearest stocks of a type to an incident point, with the distance in metres."""
    rows = await conn.fetch(query("materials", "nearest"), material_type, lon, lat, min_quantity, limit)
    return [dict(r) for r in rows]


async def loans(
    conn: asyncpg.Connection,
    own: int | None,
    state: str | None = None,
    loan_id: int | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(query("materials", "loans"), own, loan_id, state, limit)]


async def loan(conn: asyncpg.Connection, loan_id: int, own: int | None) -> dict[str, Any]:
    found = await loans(conn, own, loan_id=loan_id, limit=1)
    if not found:
        raise NotFound(f"no loan {loan_id}")
    return found[0]


async def request_loan(
    conn: asyncpg.Connection,
    stock_id: int,
    quantity: float,
    purpose: str,
    actor_id: int | None,
    requester_enterprise_id: int | None,
    now: dt.datetime,
) -> int:
    if not 0 < quantity <= 1e9:
        raise InvalidInput("quantity must be within (0, 1e9]")
    async with conn.transaction():
        stock = await conn.fetchrow(query("materials", "stock_for_update"), stock_id, None)
        if stock is None:
            raise NotFound(f"no stock {stock_id}")
        if requester_enterprise_id is not None and stock["enterprise_id"] == requester_enterprise_id:
            raise Conflict("this stock is your own: change it, do not borrow it")
        if quantity > stock["quantity"]:
            raise Conflict(f"only {stock['quantity']:g} available")
        return await conn.fetchval(
            query("materials", "insert_loan"),
            stock_id,
            quantity,
            purpose,
            actor_id,
            requester_enterprise_id,
            now,
        )


async def lender_step(
    conn: asyncpg.Connection,
    loan_id: int,
    step: str,
    own: int | None,
    actor_id: int | None,
    now: dt.datetime,
    *,
    returned_quantity: float | None = None,
    note: str | None = None,
) -> None:
    """approve, reject, hand_over or return, by the lender (``own``: the calling enterprise)."""
    before, after = LENDER_STEPS[step]
    async with conn.transaction():
        row = await conn.fetchrow(query("materials", "loan_for_update"), loan_id, own)
        if row is None:
            raise NotFound(f"no loan {loan_id}")
        if own is not None and row["lender_enterprise_id"] != own:
            raise Forbidden("only the lender approves, hands over and takes back")
        if row["state"] != before:
            raise Conflict(f"loan {loan_id} is {row['state']}; {step} needs {before}")
        if step == "hand_over":
            stock = await conn.fetchrow(query("materials", "stock_for_update"), row["stock_id"], None)
            if stock["quantity"] < row["quantity"]:
                raise Conflict(f"only {stock['quantity']:g} left in the stock")
            await conn.execute(query("materials", "adjust_stock"), row["stock_id"], -row["quantity"], now)
        if step == "return":
            back = row["quantity"] if returned_quantity is None else returned_quantity
            if not 0 <= back <= row["quantity"]:
                raise InvalidInput(f"returned quantity is 0..{row['quantity']:g}")
            returned_quantity = back
            await conn.execute(query("materials", "adjust_stock"), row["stock_id"], back, now)
        await conn.execute(
            query("materials", "set_loan_state"), loan_id, after, now, actor_id, returned_quantity, note
        )


async def cancel_loan(
    conn: asyncpg.Connection, loan_id: int, own: int | None, actor_id: int | None, now: dt.datetime
) -> None:
    """The requester withdraws a request not yet handed over."""
    async with conn.transaction():
        row = await conn.fetchrow(query("materials", "loan_for_update"), loan_id, own)
        if row is None:
            raise NotFound(f"no loan {loan_id}")
        if own is not None and row["requester_enterprise_id"] != own:
            raise Forbidden("only the requester withdraws a request")
        if row["state"] not in ("requested", "approved"):
            raise Conflict(f"loan {loan_id} is {row['state']}; it can no longer be withdrawn")
        await conn.execute(
            query("materials", "set_loan_state"), loan_id, "cancelled", now, actor_id, None, None
        )


def stock_feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in row.items() if k not in ("lon", "lat")}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": properties,
    }
