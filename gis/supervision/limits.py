"""Limits and total-load allowances as data: read, edited by admins, resolved for the rules.

A station is judged by its own limits (a permit value, an assigned water class) where it
has them, and by the limits of its class (``applies_to``) for everything else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.errors import Conflict, InvalidInput, NotFound
from gis.supervision import audit
from gis.supervision.actor import Actor
from gis.supervision.sql import query

LIMIT_FIELDS = (
    "station_id",
    "applies_to",
    "parameter",
    "averaging",
    "bound",
    "value",
    "unit",
    "standard",
    "clause",
    "water_class",
    "note",
)
EDITABLE = frozenset({"value", "unit", "standard", "clause", "note"})


@dataclass(frozen=True)
class StationLimit:
    """A limit as it applies to one station."""

    station_id: int
    limit_id: int
    parameter: str
    averaging: str
    bound: str
    value: float
    unit: str
    standard: str
    clause: str

    def exceeded_by(self, value: float) -> bool:
        # limits are inclusive: a value equal to the limit meets it (GB 3838-2002 5.1 and the
        # "shall not exceed" wording of the emission standards)
        return value > self.value if self.bound == "max" else value < self.value

    def cited(self) -> dict[str, Any]:
        return {
            "limit_id": self.limit_id,
            "standard": self.standard,
            "clause": self.clause,
            "averaging": self.averaging,
            "bound": self.bound,
            "unit": self.unit,
        }


async def station_limits(
    conn: asyncpg.Connection, station_ids: list[int], at: dt.datetime | None = None
) -> dict[tuple[int, str], list[StationLimit]]:
    """The limits that apply to each (station, parameter), as they stand or as they stood
    ``at`` a past moment: the station's own before its class's."""
    rows = await conn.fetch(query("limits_for_stations"), station_ids, at)
    found: dict[tuple[int, str], list[StationLimit]] = defaultdict(list)
    for r in rows:
        found[(r["station_id"], r["parameter"])].append(
            StationLimit(
                r["station_id"],
                r["id"],
                r["parameter"],
                r["averaging"],
                r["bound"],
                r["value"],
                r["unit"],
                r["standard"],
                r["clause"],
            )
        )
    return found


async def limit_epochs(
    conn: asyncpg.Connection, station_ids: list[int], since: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The spans from ``since`` on in which the limits of ``station_ids`` stood unchanged, each as
    (its start, the moment to read its limits at); the last span's limits are those in force
    now (None).  Usually one span: no limit of these stations changed since ``since``."""
    starts = [since, *(row[0] for row in await conn.fetch(query("limit_changes"), station_ids, since))]
    return list(zip(starts, [*starts[:-1], None], strict=True))


async def list_limits(
    conn: asyncpg.Connection,
    station_id: int | None = None,
    applies_to: str | None = None,
    parameter: str | None = None,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(query("limit_list"), None, station_id, applies_to, parameter)
    return [dict(r) for r in rows]


async def get_limit(conn: asyncpg.Connection, limit_id: int) -> dict[str, Any]:
    row = await conn.fetchrow(query("limit_list"), limit_id, None, None, None)
    if row is None:
        raise NotFound(f"no limit {limit_id}")
    return dict(row)


async def create_limit(
    conn: asyncpg.Connection, spec: dict[str, Any], actor: Actor, in_force_from: dt.datetime | None = None
) -> dict[str, Any]:
    """Enter a limit, in force from now on or from ``in_force_from`` (a permit entered late):
    the time slider judges the moments since then by it."""
    if (spec.get("station_id") is None) == (spec.get("applies_to") is None):
        raise InvalidInput("a limit applies to one station (station_id) or to a station class (applies_to)")
    values = [spec.get(name) for name in LIMIT_FIELDS]
    async with conn.transaction():
        if spec.get("station_id") is not None and not await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM stations WHERE id = $1)", spec["station_id"]
        ):
            raise NotFound(f"no station {spec['station_id']}")
        if in_force_from is not None:
            await conn.execute(
                "SELECT set_config('parkmap.limits_since', $1, true)", in_force_from.isoformat()
            )
        try:
            limit_id = await conn.fetchval(query("limit_insert") + " RETURNING id", *values)
        except asyncpg.CheckViolationError as exc:
            raise InvalidInput(f"the limit is not valid: {exc.constraint_name}") from exc
        if limit_id is None:
            raise Conflict("a limit for this target, parameter, averaging and bound exists; edit it")
        created = await get_limit(conn, limit_id)
        entered = _auditable(created)
        if in_force_from is not None:
            entered["in_force_from"] = in_force_from.isoformat()
        await audit.append(conn, actor.username, "limit.create", "limit", limit_id, entered)
    return created


async def update_limit(
    conn: asyncpg.Connection, limit_id: int, changes: dict[str, Any], actor: Actor
) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(f"only {', '.join(sorted(EDITABLE))} of a limit can be changed")
    async with conn.transaction():
        before = await get_limit(conn, limit_id)
        merged = {**before, **changes}
        await conn.execute(
            query("limit_update"),
            limit_id,
            merged["value"],
            merged["unit"],
            merged["standard"],
            merged["clause"],
            merged["note"],
        )
        after = await get_limit(conn, limit_id)
        await audit.append(
            conn,
            actor.username,
            "limit.update",
            "limit",
            limit_id,
            {"before": _auditable(before), "after": _auditable(after)},
        )
    return after


async def delete_limit(conn: asyncpg.Connection, limit_id: int, actor: Actor) -> None:
    async with conn.transaction():
        before = await get_limit(conn, limit_id)
        await conn.execute("DELETE FROM limits WHERE id = $1", limit_id)
        await audit.append(conn, actor.username, "limit.delete", "limit", limit_id, _auditable(before))


async def limit_versions(conn: asyncpg.Connection, limit_id: int) -> list[dict[str, Any]]:
    """Every version of a limit, oldest first, with when it came into force and when it left
    (``None``: since always, or still in force); a deleted limit keeps its history."""
    rows = await conn.fetch(query("limit_versions"), limit_id)
    if not rows:
        raise NotFound(f"no limit {limit_id}")
    return [dict(r) for r in rows]


def _auditable(limit: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in limit.items() if k not in ("id", "updated_at")}


async def list_allowances(
    conn: asyncpg.Connection, enterprise_scope: int | None, year: int | None
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        query("allowance_list"),
        enterprise_scope,
        year,
    )
    return [dict(r) for r in rows]


async def set_allowance(
    conn: asyncpg.Connection,
    enterprise_id: int,
    parameter: str,
    year: int,
    allowance_t: float,
    permit_no: str | None,
    actor: Actor,
) -> dict[str, Any]:
    """Create or replace an enterprise's annual allowance (t/a) for one pollutant."""
    if allowance_t < 0:
        raise InvalidInput("an allowance is not negative")
    async with conn.transaction():
        if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1)", enterprise_id):
            raise NotFound(f"no enterprise {enterprise_id}")
        before = await conn.fetchval(
            "SELECT allowance_t FROM load_allowances WHERE enterprise_id = $1 AND parameter = $2 AND year = $3",
            enterprise_id,
            parameter,
            year,
        )
        row = await conn.fetchrow(
            query("allowance_upsert"), enterprise_id, parameter, year, allowance_t, permit_no
        )
        await audit.append(
            conn,
            actor.username,
            "allowance.set",
            "enterprise",
            enterprise_id,
            {
                "parameter": parameter,
                "year": year,
                "before_t": before,
                "allowance_t": allowance_t,
                "permit_no": permit_no,
            },
        )
    return dict(row)


async def load_report(
    conn: asyncpg.Connection, enterprise_id: int, year: int, timezone: str
) -> list[dict[str, Any]]:
    """Year-to-date load per pollutant against the allowance (t), with the hours it rests on."""
    start = dt.datetime(year, 1, 1)
    rows = await conn.fetch(query("load_report"), enterprise_id, start, timezone, year)
    return [dict(r) for r in rows]
