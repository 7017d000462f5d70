"""Enterprise health codes: green / yellow / orange / red from a transparent, configurable score.

score = Σ count(factor) × points(factor); the score's colour is the highest threshold it
reaches (``health_thresholds``).  Floors then raise the colour: a floor names a colour an
enterprise is at least at, and why (a saturated activated-carbon unit, a red
cleaner-production code …).  The reason stored with the colour lists every factor with its
count and points, the thresholds and every floor, so anyone can recompute it by hand.

Extension points: a factor is anything with ``name``, ``label`` and an async
``counts(conn, enterprise_ids, now)`` (``register_factor``; ``health_points`` gives its
weight); a floor is anything with ``name`` and an async ``floors(conn, enterprise_ids,
now)`` returning, per enterprise, dicts with at least ``code`` (``register_floor``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg

from gis.supervision import audit
from gis.supervision.actor import Actor
from gis.supervision.health_programs import ProgramFloors
from gis.supervision.notify import enqueue
from gis.supervision.rules.finding import EXCEEDANCE_RULES, QUALITY_RULES
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import from_json, query, to_json

COLOURS = ("green", "yellow", "orange", "red")
# who hears of a colour: the worse the colour, the higher up it goes
AUDIENCES_BY_COLOUR = {
    "green": ("enterprise",),
    "yellow": ("enterprise",),
    "orange": ("enterprise", "township"),
    "red": ("enterprise", "township", "district"),
}


class HealthFactor(Protocol):
    name: str
    label: str

    async def counts(
        self, conn: asyncpg.Connection, enterprise_ids: list[int], now: dt.datetime
    ) -> dict[int, float]: ...


@dataclass(frozen=True)
class SqlFactor:
    """A factor counted by one query of ``(enterprise_ids, now)`` returning (enterprise_id, count)."""

    name: str
    label: str
    sql: str
    args: tuple[Any, ...] = ()

    async def counts(
        self, conn: asyncpg.Connection, enterprise_ids: list[int], now: dt.datetime
    ) -> dict[int, float]:
        rows = await conn.fetch(query(self.sql), enterprise_ids, now, *self.args)
        return {r["enterprise_id"]: float(r["count"]) for r in rows}


FACTORS: list[HealthFactor] = [
    SqlFactor("open_tickets", "open tickets", "health_open_tickets"),
    SqlFactor("overdue_tickets", "overdue tickets", "health_overdue_tickets"),
    SqlFactor(
        "exceedances_30d",
        "exceedance alarms in the last 30 days",
        "health_alarms",
        (sorted(EXCEEDANCE_RULES),),
    ),
    SqlFactor(
        "quality_faults_30d",
        "data-quality alarms in the last 30 days",
        "health_alarms",
        (sorted(QUALITY_RULES),),
    ),
    SqlFactor("suspicious_marks_30d", "suspicious data marks in the last 30 days", "health_suspicious_marks"),
]


class HealthFloor(Protocol):
    name: str

    async def floors(
        self, conn: asyncpg.Connection, enterprise_ids: list[int], now: dt.datetime
    ) -> dict[int, list[dict[str, Any]]]: ...


FLOORS: list[HealthFloor] = []


def register_factor(factor: HealthFactor) -> None:
    if any(f.name == factor.name for f in FACTORS):
        raise ValueError(f"health factor {factor.name!r} exists")
    FACTORS.append(factor)


def register_floor(floor: HealthFloor) -> None:
    if any(f.name == floor.name for f in FLOORS):
        raise ValueError(f"health floor {floor.name!r} exists")
    FLOORS.append(floor)


def unregister_floor(name: str) -> None:
    FLOORS[:] = [f for f in FLOORS if f.name != name]


def worst(codes: list[str]) -> str:
    return max(codes, key=COLOURS.index, default="green")


def colour_of(score: float, thresholds: dict[str, float]) -> str:
    colour = "green"
    for candidate in COLOURS[1:]:
        if score >= thresholds[candidate]:
            colour = candidate
    return colour


async def assess(
    conn: asyncpg.Connection, enterprise_ids: list[int], now: dt.datetime, settings: SupervisionSettings
) -> dict[int, dict[str, Any]]:
    """The colour and its reason for each enterprise."""
    counted = {f.name: await f.counts(conn, enterprise_ids, now) for f in FACTORS}
    raised: dict[int, list[dict[str, Any]]] = {e: [] for e in enterprise_ids}
    for floor in FLOORS:
        for enterprise_id, items in (await floor.floors(conn, enterprise_ids, now)).items():
            raised[enterprise_id].extend({"floor": floor.name, **item} for item in items)
    verdicts = {}
    for enterprise_id in enterprise_ids:
        factors = []
        score = 0.0
        for f in FACTORS:
            count = counted[f.name].get(enterprise_id, 0.0)
            each = settings.health_points.get(f.name, 0.0)
            score += count * each
            factors.append(
                {
                    "name": f.name,
                    "label": f.label,
                    "count": count,
                    "points_each": each,
                    "points": count * each,
                }
            )
        score_code = colour_of(score, settings.health_thresholds)
        verdicts[enterprise_id] = {
            "code": worst([score_code] + [f["code"] for f in raised[enterprise_id]]),
            "score": score,
            "score_code": score_code,
            "factors": factors,
            "floors": raised[enterprise_id],
            "thresholds": dict(settings.health_thresholds),
            "computed_at": now.isoformat(),
        }
    return verdicts


async def recompute(
    conn: asyncpg.Connection,
    now: dt.datetime,
    settings: SupervisionSettings,
    enterprise_ids: list[int] | None = None,
    actor: Actor | None = None,
) -> list[dict[str, Any]]:
    """Store each enterprise's colour and reason; a change of colour is audited and notified."""
    async with conn.transaction():
        rows = await conn.fetch(
            query("health_enterprises_lock"),
            enterprise_ids,
        )
        if not rows:
            return []
        verdicts = await assess(conn, [r["id"] for r in rows], now, settings)
        # only what changed is written: every write of enterprises moves its layers' version,
        # and each move makes every map fetch the enterprise tiles again
        moved = [r for r in rows if _changed(r, verdicts[r["id"]])]
        if moved:
            await conn.execute(
                query("health_store"),
                [r["id"] for r in moved],
                [verdicts[r["id"]]["code"] for r in moved],
                [to_json(verdicts[r["id"]]) for r in moved],
            )
        changes = []
        for r in rows:
            verdict = verdicts[r["id"]]
            if verdict["code"] == r["health_code"]:
                continue
            change = {
                "enterprise_id": r["id"],
                "from": r["health_code"],
                "to": verdict["code"],
                "score": verdict["score"],
            }
            changes.append(change)
            await audit.append(
                conn,
                (actor.username if actor else "system"),
                "health_code.change",
                "enterprise",
                r["id"],
                {**change, "reason": verdict},
            )
            await enqueue(
                conn,
                "health_code.change",
                AUDIENCES_BY_COLOUR[verdict["code"]],
                r["id"],
                {
                    "title": f"{r['code']} health code {r['health_code']} → {verdict['code']}",
                    "text": f"{r['name_zh']} ({r['code']}): health code {verdict['code']}, score {verdict['score']:g}",
                    "enterprise": {"id": r["id"], "code": r["code"]},
                    "health_code": verdict["code"],
                    "previous": r["health_code"],
                    "reason": verdict,
                },
                now,
            )
    return changes


def _changed(row: Any, verdict: dict[str, Any]) -> bool:
    """Whether the colour or any reason for it differs from what is stored (the time aside)."""
    if verdict["code"] != row["health_code"]:
        return True
    fresh = from_json(to_json({key: value for key, value in verdict.items() if key != "computed_at"}))
    return from_json(row["reason_core"]) != fresh


async def health_of(
    conn: asyncpg.Connection, enterprise_id: int, enterprise_scope: int | None
) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        query("health_of"),
        enterprise_id,
        enterprise_scope,
    )
    if row is None:
        return None
    return {
        "enterprise_id": row["id"],
        "code": row["code"],
        "name_zh": row["name_zh"],
        "name_en": row["name_en"],
        "health_code": row["health_code"],
        "reason": from_json(row["reason"]),
    }


async def list_health(conn: asyncpg.Connection, enterprise_scope: int | None) -> list[dict[str, Any]]:
    """Every enterprise's colour and score (the one enterprise of an enterprise user)."""
    return [dict(r) for r in await conn.fetch(query("health_list"), enterprise_scope)]


def install_program_floors() -> None:
    """Let the programs (carbon, cleaner production, outfalls) raise health codes."""
    if not any(f.name == ProgramFloors.name for f in FLOORS):
        register_floor(ProgramFloors())
