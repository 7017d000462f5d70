"""The outfall investigation and rectification register (排口排查整治台账).

Every outfall with its type, permit and receiving water, the enterprises whose connections
drain to it (walked upstream through the pipes), its rain gates, its latest monitoring
results and its rectification tasks: problem, measure, deadline, responsible unit, evidence
and acceptance. An outfall with a task not yet accepted is ``rectifying``; once all its
tasks are accepted it is ``rectified``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import asyncpg

from gis.errors import Conflict, InvalidInput, NotFound
from gis.programs.sql import from_json, query, to_json
from gis.supervision import audit

TASK_STATES = ("open", "submitted", "accepted")
GATE_STATES = ("open", "closed")


async def register(
    conn: asyncpg.Connection, today: dt.date, outfall_id: int | None = None
) -> list[dict[str, Any]]:
    rows = await conn.fetch(query("outfalls", "register"), outfall_id, today)
    out = []
    for r in rows:
        row = dict(r)
        for key in ("source_enterprises", "rain_gates", "monitoring"):
            row[key] = from_json(row[key])
        out.append(row)
    return out


async def outfall(conn: asyncpg.Connection, outfall_id: int, today: dt.date) -> dict[str, Any]:
    found = await register(conn, today, outfall_id)
    if not found:
        raise NotFound(f"no outfall {outfall_id}")
    row = found[0]
    row["tasks"] = await tasks(conn, None, today, outfall_id=outfall_id)
    row["samples"] = [dict(s) for s in await conn.fetch(query("outfalls", "samples"), outfall_id, 100)]
    return row


def outfall_feature(row: dict[str, Any]) -> dict[str, Any]:
    """A map feature: the outfall's point and the state the map colours it by."""
    exceeded = any(m["exceeded"] for m in row["monitoring"])
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {
            "id": row["id"],
            "code": row["code"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "kind": row["kind"],
            "receiving_water": row["receiving_water"],
            "investigation_status": row["investigation_status"],
            "rectification_status": row["rectification_status"],
            "open_tasks": row["open_tasks"],
            "overdue_tasks": row["overdue_tasks"],
            "exceeded": exceeded,
            "source_enterprise_ids": [e["id"] for e in row["source_enterprises"]],
            "rain_gates": row["rain_gates"],
        },
    }


async def add_sample(
    conn: asyncpg.Connection,
    outfall_id: int,
    sampled_at: dt.datetime,
    parameter: str,
    value: float,
    unit: str,
    limit_value: float | None,
    note: str | None,
    actor_id: int | None,
) -> int:
    if not await conn.fetchval("SELECT 1 FROM outfalls WHERE id = $1", outfall_id):
        raise NotFound(f"no outfall {outfall_id}")
    return await conn.fetchval(
        query("outfalls", "insert_sample"),
        outfall_id,
        sampled_at,
        parameter,
        value,
        unit,
        limit_value,
        note,
        actor_id,
    )


async def tasks(
    conn: asyncpg.Connection,
    own: int | None,
    today: dt.date,
    *,
    task_id: int | None = None,
    outfall_id: int | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Rectification tasks; an enterprise (``own``) sees those it is responsible for."""
    rows = await conn.fetch(query("outfalls", "tasks"), own, task_id, outfall_id, status, today, limit)
    return [{**dict(r), "evidence": _evidence_list(r)} for r in rows]


def _evidence_list(row: Any) -> list[dict[str, Any]]:
    return [
        {
            "url": f"/programs/outfalls/tasks/{row['id']}/evidence/{n}",
            "media_type": e["media_type"],
            "note": e.get("note"),
        }
        for n, e in enumerate(from_json(row["evidence"]) or [])
    ]


async def task(conn: asyncpg.Connection, task_id: int, own: int | None, today: dt.date) -> dict[str, Any]:
    found = await tasks(conn, own, today, task_id=task_id, limit=1)
    if not found:
        raise NotFound(f"no rectification task {task_id}")
    return found[0]


async def evidence_file(conn: asyncpg.Connection, task_id: int, own: int | None, n: int) -> dict[str, Any]:
    files = from_json(await conn.fetchval(query("outfalls", "task_evidence"), task_id, own)) or []
    if not 0 <= n < len(files):
        raise NotFound("no such evidence file")
    return files[n]


async def create_task(
    conn: asyncpg.Connection,
    outfall_id: int,
    problem: str,
    measure: str,
    deadline: dt.date,
    responsible_unit: str,
    enterprise_id: int | None,
    actor_id: int | None,
    now: dt.datetime,
) -> int:
    async with conn.transaction():
        if not await conn.fetchval("SELECT 1 FROM outfalls WHERE id = $1 FOR UPDATE", outfall_id):
            raise NotFound(f"no outfall {outfall_id}")
        if enterprise_id is not None and not await conn.fetchval(
            "SELECT 1 FROM enterprises WHERE id = $1", enterprise_id
        ):
            raise NotFound(f"no enterprise {enterprise_id}")
        task_id = await conn.fetchval(
            query("outfalls", "insert_task"),
            outfall_id,
            enterprise_id,
            problem,
            measure,
            deadline,
            responsible_unit,
            actor_id,
            now,
        )
        await conn.execute(query("outfalls", "refresh_status"), outfall_id)
    return task_id


async def submit_task(
    conn: asyncpg.Connection, task_id: int, own: int | None, evidence: list[dict[str, Any]], now: dt.datetime
) -> None:
    """The responsible unit reports the measure done, with evidence photos or documents."""
    async with conn.transaction():
        row = await _task(conn, task_id, own, ("open",))
        files = (from_json(row["evidence"]) or []) + evidence
        if not files:
            raise InvalidInput("a rectification is reported with at least one evidence file")
        await conn.execute(query("outfalls", "submit_task"), task_id, now, to_json(files))


async def review_task(
    conn: asyncpg.Connection,
    task_id: int,
    accepted: bool,
    note: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> None:
    """Acceptance (验收) of a submitted rectification, or its return with the reason."""
    async with conn.transaction():
        row = await _task(conn, task_id, None, ("submitted",))
        if not accepted and not note:
            raise InvalidInput("say why the rectification is returned")
        status = "accepted" if accepted else "open"
        await conn.execute(query("outfalls", "review_task"), task_id, status, note, now, actor_id)
        await conn.execute(query("outfalls", "refresh_status"), row["outfall_id"])


async def _task(conn: asyncpg.Connection, task_id: int, own: int | None, states: tuple[str, ...]):
    row = await conn.fetchrow(query("outfalls", "task_for_update"), task_id, own)
    if row is None:
        raise NotFound(f"no rectification task {task_id}")
    if row["status"] not in states:
        raise Conflict(f"task {task_id} is {row['status']}; this step needs {' or '.join(states)}")
    return row


async def dashboard(conn: asyncpg.Connection, today: dt.date, due_soon_days: int) -> dict[str, Any]:
    """Progress of the register: counts by status and type, overdue and soon-due tasks."""
    row = await conn.fetchrow(query("outfalls", "dashboard"), today, today + dt.timedelta(days=due_soon_days))
    overdue = [t for t in await tasks(conn, None, today, limit=1000) if t["overdue"]]
    return {
        "outfalls": row["outfalls"],
        "by_rectification_status": from_json(row["by_status"]),
        "by_kind": from_json(row["by_kind"]),
        "by_investigation_status": from_json(row["by_investigation"]),
        "tasks_by_status": from_json(row["tasks_by_status"]),
        "overdue_tasks": row["overdue"],
        "due_soon_tasks": row["due_soon"],
        "due_soon_days": due_soon_days,
        "overdue": [
            {
                k: t[k]
                for k in (
                    "id",
                    "outfall_id",
                    "outfall_code",
                    "problem",
                    "deadline",
                    "responsible_unit",
                    "status",
                )
            }
            for t in overdue
        ],
    }


async def rain_gates(conn: asyncpg.Connection, node_id: int | None = None) -> list[dict[str, Any]]:
    return [dict(r) for r in await conn.fetch(query("outfalls", "rain_gates"), node_id)]


async def set_gate(
    conn: asyncpg.Connection,
    node_id: int,
    state: str,
    reason: str | None,
    actor_id: int | None,
    actor: str | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Open or close a rain gate; the change is on record and in the audit chain."""
    if state not in GATE_STATES:
        raise InvalidInput("a rain gate is 'open' or 'closed'")
    async with conn.transaction():
        gate = await conn.fetchrow(query("outfalls", "gate_for_update"), node_id)
        if gate is None:
            raise NotFound(f"no rain gate {node_id}")
        await conn.execute(query("outfalls", "set_gate"), node_id, state)
        await conn.execute(query("outfalls", "insert_gate_event"), node_id, state, now, actor_id, reason)
        await audit.append(
            conn,
            actor,
            "rain_gate.set",
            "pipe_node",
            node_id,
            {"code": gate["code"], "from": gate["state"], "to": state, "reason": reason},
        )
    return (await rain_gates(conn, node_id))[0]


async def gate_events(conn: asyncpg.Connection, node_id: int, limit: int = 100) -> list[dict[str, Any]]:
    if not await conn.fetchval("SELECT 1 FROM pipe_nodes WHERE id = $1 AND kind = 'rain_gate'", node_id):
        raise NotFound(f"no rain gate {node_id}")
    return [dict(r) for r in await conn.fetch(query("outfalls", "gate_events"), node_id, limit)]
