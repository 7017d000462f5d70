"""Emergency materials sharing: declared stocks, nearest search, and lending with a record."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from api.auth.deps import CurrentUser, require_roles
from api.deps import PoolDep, RowId
from api.responses import JSON, GeoJSON
from api.routers.programs_deps import Body, EnterpriseWriter, own, utcnow
from gis.errors import InvalidInput
from gis.programs import materials
from gis.programs.materials import Declaration

router = APIRouter(prefix="/programs/materials", tags=["programs: emergency materials"])
Borrower = require_roles("admin", "manager", "responder", "inspector", "enterprise")
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
MaterialType = Annotated[str, Query(min_length=1, max_length=40)]


class StockIn(Body):
    resource_id: Id | None = None
    enterprise_id: Id | None = None
    material_type: str = Field(min_length=1, max_length=40, description="e.g. absorbent_boom_m, sandbags")
    name_zh: str = Field(min_length=1, max_length=200)
    quantity: float = Field(ge=0, le=1e9)
    unit: str = Field(min_length=1, max_length=16)
    contact: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=32)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)


class StockChange(Body):
    quantity: float | None = Field(None, ge=0, le=1e9)
    contact: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=32)


class LoanIn(Body):
    stock_id: Id
    quantity: float = Field(gt=0, le=1e9)
    purpose: str = Field(min_length=1, max_length=2000)


class LenderStep(Body):
    note: str | None = Field(None, max_length=2000)
    returned_quantity: float | None = Field(None, ge=0, le=1e9)


@router.get("/stocks")
async def list_stocks(pool: PoolDep, user: CurrentUser, material_type: MaterialType | None = None) -> JSON:
    """Every declared stock (shared on purpose: every role may look)."""
    async with pool.acquire() as conn:
        return JSON({"stocks": await materials.stocks(conn, material_type)})


@router.get("/stocks/geojson")
async def stocks_geojson(
    pool: PoolDep, user: CurrentUser, material_type: MaterialType | None = None
) -> GeoJSON:
    async with pool.acquire() as conn:
        rows = await materials.stocks(conn, material_type)
    return GeoJSON({"type": "FeatureCollection", "features": [materials.stock_feature(r) for r in rows]})


@router.post("/stocks", status_code=201, dependencies=[EnterpriseWriter])
async def declare_stock(pool: PoolDep, user: CurrentUser, body: StockIn) -> JSON:
    """A depot's stock (park managers) or an enterprise's own; placed at the holder by default."""
    resource_id, enterprise_id = body.resource_id, body.enterprise_id
    if own(user) is not None:
        if resource_id is not None:
            raise InvalidInput("an enterprise declares its own stock, not a depot's")
        enterprise_id = own(user)
    declaration = Declaration(
        body.material_type, body.name_zh, body.quantity, body.unit, body.contact, body.phone
    )
    async with pool.acquire() as conn:
        stock_id = await materials.declare(
            conn,
            declaration,
            resource_id=resource_id,
            enterprise_id=enterprise_id,
            lon=body.lon,
            lat=body.lat,
            now=utcnow(),
        )
        return JSON((await materials.stocks(conn, stock_id=stock_id))[0], status_code=201)


@router.patch("/stocks/{stock_id}", dependencies=[EnterpriseWriter])
async def change_stock(pool: PoolDep, user: CurrentUser, stock_id: RowId, body: StockChange) -> JSON:
    async with pool.acquire() as conn:
        await materials.update_stock(
            conn, stock_id, own(user), body.quantity, body.contact, body.phone, utcnow()
        )
        return JSON((await materials.stocks(conn, stock_id=stock_id))[0])


@router.get("/nearest")
async def nearest(
    pool: PoolDep,
    user: CurrentUser,
    material_type: MaterialType,
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    min_quantity: Annotated[float, Query(ge=0, le=1e9)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> GeoJSON:
    """The nearest stocks of a type to an incident point, nearest first, with distance_m."""
    async with pool.acquire() as conn:
        rows = await materials.nearest(conn, material_type, lon, lat, min_quantity=min_quantity, limit=limit)
    return GeoJSON({"type": "FeatureCollection", "features": [materials.stock_feature(r) for r in rows]})


@router.get("/loans")
async def list_loans(
    pool: PoolDep,
    user: CurrentUser,
    state: Literal["requested", "approved", "handed_over", "returned", "rejected", "cancelled"] | None = None,
) -> JSON:
    """Loans; an enterprise sees those it asked for and those of its own stocks."""
    async with pool.acquire() as conn:
        return JSON({"loans": await materials.loans(conn, own(user), state)})


@router.get("/loans/{loan_id}")
async def get_loan(pool: PoolDep, user: CurrentUser, loan_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        return JSON(await materials.loan(conn, loan_id, own(user)))


@router.post("/loans", status_code=201, dependencies=[Borrower])
async def request_loan(pool: PoolDep, user: CurrentUser, body: LoanIn) -> JSON:
    async with pool.acquire() as conn:
        loan_id = await materials.request_loan(
            conn, body.stock_id, body.quantity, body.purpose, user.user_id, own(user), utcnow()
        )
        return JSON(await materials.loan(conn, loan_id, own(user)), status_code=201)


async def _step(pool, user, loan_id: int, step: str, body: LenderStep) -> JSON:
    async with pool.acquire() as conn:
        await materials.lender_step(
            conn,
            loan_id,
            step,
            own(user),
            user.user_id,
            utcnow(),
            returned_quantity=body.returned_quantity,
            note=body.note,
        )
        return JSON(await materials.loan(conn, loan_id, own(user)))


@router.post("/loans/{loan_id}/approve", dependencies=[EnterpriseWriter])
async def approve(pool: PoolDep, user: CurrentUser, loan_id: RowId, body: LenderStep) -> JSON:
    return await _step(pool, user, loan_id, "approve", body)


@router.post("/loans/{loan_id}/reject", dependencies=[EnterpriseWriter])
async def reject(pool: PoolDep, user: CurrentUser, loan_id: RowId, body: LenderStep) -> JSON:
    return await _step(pool, user, loan_id, "reject", body)


@router.post("/loans/{loan_id}/hand-over", dependencies=[EnterpriseWriter])
async def hand_over(pool: PoolDep, user: CurrentUser, loan_id: RowId, body: LenderStep) -> JSON:
    return await _step(pool, user, loan_id, "hand_over", body)


@router.post("/loans/{loan_id}/return", dependencies=[EnterpriseWriter])
async def take_back(pool: PoolDep, user: CurrentUser, loan_id: RowId, body: LenderStep) -> JSON:
    """The lender takes the materials back; ``returned_quantity`` (default all) goes back into stock."""
    return await _step(pool, user, loan_id, "return", body)


@router.post("/loans/{loan_id}/cancel", dependencies=[Borrower])
async def cancel(pool: PoolDep, user: CurrentUser, loan_id: RowId) -> JSON:
    async with pool.acquire() as conn:
        await materials.cancel_loan(conn, loan_id, own(user), user.user_id, utcnow())
        return JSON(await materials.loan(conn, loan_id, own(user)))
