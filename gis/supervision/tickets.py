"""E-supervision tickets: an alarm's ticket moves pre_warning → dispatched → feedback → review → closed.

Each stage has a deadline (``ticket_stage_hours``); an overdue ticket climbs one level,
enterprise → township → park → district, and at the district level it is ``escalated``.
A ticket is overdue while it is open and past its stage deadline or escalated at least once.
Who may move a ticket: officers (admin, manager, inspector) dispatch, ask for feedback,
confirm or reject; only the ticket's own enterprise gives feedback; admins and managers
may close a ticket at any stage with a note.  Every move is a ticket event, an audit event
and a notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.errors import Conflict, Forbidden, InvalidInput, NotFound
from gis.supervision import audit, health
from gis.supervision.actor import OFFICERS, SYSTEM, Actor
from gis.supervision.notify import enqueue
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import from_json, query, to_json

STATES = ("pre_warning", "dispatched", "feedback", "review", "closed", "escalated")
OPEN_STATES = frozenset(STATES) - {"closed"}
LEVELS = ("enterprise", "township", "park", "district")
CHANNEL = "parkmap_tickets"


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    note_required: bool
    audiences: tuple[str, ...]


ACTIONS = {
    a.name: a
    for a in (
        Action(
            "dispatch", frozenset({"pre_warning"}), "dispatched", OFFICERS, False, ("enterprise", "township")
        ),
        Action(
            "request_feedback",
            frozenset({"dispatched", "escalated"}),
            "feedback",
            OFFICERS,
            False,
            ("enterprise",),
        ),
        Action(
            "submit_feedback",
            frozenset({"feedback"}),
            "review",
            frozenset({"enterprise"}),
            True,
            ("township", "park"),
        ),
        Action("confirm", frozenset({"review"}), "closed", OFFICERS, False, ("enterprise", "township")),
        Action("reject", frozenset({"review"}), "feedback", OFFICERS, True, ("enterprise",)),
        Action(
            "close", OPEN_STATES, "closed", frozenset({"admin", "manager"}), True, ("enterprise", "township")
        ),
    )
}


def deadline(state: str, now: dt.datetime, settings: SupervisionSettings) -> dt.datetime | None:
    hours = settings.ticket_stage_hours.get(state)
    return None if hours is None or state in ("closed", "escalated") else now + dt.timedelta(hours=hours)


async def open_for_alarm(
    conn: asyncpg.Connection, alarm: dict[str, Any], now: dt.datetime, settings: SupervisionSettings
) -> int:
    """A new ticket in ``pre_warning`` for an alarm at an enterprise's station; the enterprise is told."""
    ticket = await conn.fetchrow(
        query("ticket_insert"),
        alarm["id"],
        alarm["enterprise_id"],
        deadline("pre_warning", now, settings),
        now,
        settings.park_timezone,
    )
    await conn.execute(
        "INSERT INTO ticket_events (ticket_id, at, from_state, to_state, note) VALUES ($1, $2, NULL, $3, $4)",
        ticket["id"],
        now,
        "pre_warning",
        f"opened from alarm {alarm['id']} ({alarm['rule']} {alarm['parameter']})",
    )
    await audit.append(
        conn,
        SYSTEM.username,
        "ticket.open",
        "ticket",
        ticket["id"],
        {"code": ticket["code"], "alarm_id": alarm["id"], "enterprise_id": alarm["enterprise_id"]},
    )
    await _announce(conn, ticket["id"], "opened", ("enterprise",), now, None)
    return ticket["id"]


async def transition(
    conn: asyncpg.Connection,
    ticket_id: int,
    action_name: str,
    actor: Actor,
    now: dt.datetime,
    settings: SupervisionSettings,
    note: str | None = None,
    evidence: list[dict[str, Any]] | None = None,
    mark_ids: list[int] | None = None,
    assignee_id: int | None = None,
) -> dict[str, Any]:
    """Move a ticket by one action; 404 when the actor cannot see it, 403 for a wrong role, 409 for a wrong stage."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise InvalidInput(f"unknown action {action_name!r}; one of {', '.join(ACTIONS)}")
    async with conn.transaction():
        ticket = await conn.fetchrow(
            query("ticket_lock"),
            ticket_id,
            actor.enterprise_scope,
        )
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        if actor.role not in action.roles:
            raise Forbidden(f"the {actor.role} role may not {action.name.replace('_', ' ')} a ticket")
        if ticket["state"] not in action.sources:
            raise Conflict(
                f"ticket {ticket['code']} is {ticket['state']}; {action.name} needs {', '.join(sorted(action.sources))}"
            )
        if action.note_required and not (note and note.strip()):
            raise InvalidInput(f"{action.name.replace('_', ' ')} needs a note")
        await conn.execute(
            query("ticket_move"),
            ticket_id,
            action.target,
            deadline(action.target, now, settings),
            now,
            assignee_id,
        )
        attached = {"files": evidence or [], "marks": mark_ids or []}
        await conn.execute(
            query("ticket_event_insert"),
            ticket_id,
            now,
            actor.user_id,
            ticket["state"],
            action.target,
            note,
            to_json(attached),
        )
        await audit.append(
            conn,
            actor.username,
            f"ticket.{action.name}",
            "ticket",
            ticket_id,
            {
                "from": ticket["state"],
                "to": action.target,
                "note": note,
                "assignee_id": assignee_id,
                **attached,
            },
        )
        if action.target == "closed" and ticket["alarm_id"] is not None:
            await close_ticket_alarm(conn, ticket["alarm_id"], ticket["code"], actor, now)
        await _announce(conn, ticket_id, action.name, action.audiences, now, note)
        if ticket["enterprise_id"] is not None:
            await health.recompute(conn, now, settings, [ticket["enterprise_id"]], actor)
        return await ticket_detail(conn, ticket_id, actor, now)


async def close_ticket_alarm(
    conn: asyncpg.Connection, alarm_id: int, ticket_code: str, actor: Actor, now: dt.datetime
) -> None:
    row = await conn.fetchrow(
        query("alarm_close_ticket"),
        alarm_id,
        now,
        ticket_code,
    )
    if row is None:
        return
    await audit.append(
        conn,
        actor.username,
        "alarm.close",
        "alarm",
        alarm_id,
        {"reason": "ticket closed", "ticket": ticket_code},
    )
    await conn.execute(
        "SELECT pg_notify('parkmap_alarms', $1)",
        to_json({**dict(row), "status": "closed", "closed_at": now.isoformat()}),
    )


async def escalate_overdue(
    conn: asyncpg.Connection, now: dt.datetime, settings: SupervisionSettings
) -> list[dict[str, Any]]:
    """Every ticket past its stage deadline climbs one level; at the district level it is escalated."""
    escalated = []
    async with conn.transaction():
        rows = await conn.fetch(
            query("tickets_overdue_lock"),
            now,
        )
        for t in rows:
            level = min(t["escalation_level"] + 1, len(LEVELS) - 1)
            state = "escalated" if level == len(LEVELS) - 1 else t["state"]
            new_deadline = deadline(state, now, settings)
            await conn.execute(
                query("ticket_escalate"),
                t["id"],
                level,
                state,
                new_deadline,
                now,
            )
            note = f"{t['state']} overdue since {t['stage_deadline'].isoformat()}: escalated to the {LEVELS[level]} level"
            await conn.execute(
                query("ticket_escalation_event"),
                t["id"],
                now,
                t["state"],
                state,
                note,
                to_json({"escalation_level": level}),
            )
            await audit.append(
                conn,
                SYSTEM.username,
                "ticket.escalate",
                "ticket",
                t["id"],
                {
                    "from": t["state"],
                    "to": state,
                    "level": level,
                    "overdue_since": t["stage_deadline"].isoformat(),
                },
            )
            await _announce(conn, t["id"], "escalate", LEVELS[: level + 1], now, note)
            escalated.append({"id": t["id"], "code": t["code"], "level": level, "state": state})
        enterprises = sorted({t["enterprise_id"] for t in rows if t["enterprise_id"] is not None})
        if enterprises:
            await health.recompute(conn, now, settings, enterprises)
    return escalated


async def _announce(
    conn: asyncpg.Connection,
    ticket_id: int,
    step: str,
    audiences: tuple[str, ...],
    now: dt.datetime,
    note: str | None,
) -> None:
    """Notices to the step's audiences and a NOTIFY for the live map."""
    t = await conn.fetchrow(query("ticket_summary"), ticket_id)
    summary = {
        "id": t["id"],
        "code": t["code"],
        "state": t["state"],
        "escalation_level": t["escalation_level"],
        "stage_deadline": t["stage_deadline"].isoformat() if t["stage_deadline"] else None,
        "enterprise_id": t["enterprise_id"],
        "enterprise_code": t["enterprise_code"],
        "station_code": t["station_code"],
        "rule": t["rule"],
        "parameter": t["parameter"],
    }
    text = (
        f"ticket {t['code']} ({t['enterprise_name'] or 'park'}): {step.replace('_', ' ')} → {t['state']}"
        + (f"; {t['rule']} {t['parameter']} at {t['station_code']}" if t["rule"] else "")
        + (f"; note: {note}" if note else "")
    )
    await enqueue(
        conn,
        f"ticket.{step}",
        audiences,
        t["enterprise_id"],
        {"title": f"ticket {t['code']} {step.replace('_', ' ')}", "text": text, "ticket": summary},
        now,
    )
    await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, to_json({**summary, "step": step}))


async def ticket_detail(
    conn: asyncpg.Connection, ticket_id: int, actor: Actor, now: dt.datetime
) -> dict[str, Any]:
    row = await conn.fetchrow(query("ticket_detail"), ticket_id, actor.enterprise_scope, now)
    if row is None:
        raise NotFound(f"no ticket {ticket_id}")
    events = await conn.fetch(
        query("ticket_events"),
        ticket_id,
    )
    detail = dict(row)
    detail["alarm_detail"] = from_json(detail["alarm_detail"])
    detail["events"] = [{**dict(e), "evidence": from_json(e["evidence"])} for e in events]
    detail["actions"] = sorted(
        name for name, a in ACTIONS.items() if row["state"] in a.sources and actor.role in a.roles
    )
    return detail


async def list_tickets(
    conn: asyncpg.Connection,
    actor: Actor,
    now: dt.datetime,
    state: str | None = None,
    enterprise_id: int | None = None,
    overdue: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    if state is not None and state not in STATES and state != "open":
        raise InvalidInput(f"state is open or one of {', '.join(STATES)}")
    rows = await conn.fetch(
        query("ticket_list"), actor.enterprise_scope, now, state, enterprise_id, overdue, limit, offset
    )
    return [dict(r) for r in rows]


async def ticket_markers(
    conn: asyncpg.Connection, actor: Actor, now: dt.datetime, include_closed: bool
) -> dict[str, Any]:
    """GeoJSON points (at each enterprise) of its tickets, for the map."""
    rows = await conn.fetch(query("ticket_markers"), actor.enterprise_scope, now, include_closed)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": r["id"],
                "geometry": from_json(r["geometry"]),
                "properties": {k: v for k, v in dict(r).items() if k not in ("geometry",)},
            }
            for r in rows
        ],
    }


async def evidence_visible(
    conn: asyncpg.Connection, ticket_id: int, sha256: str, actor: Actor
) -> dict[str, Any] | None:
    """The stored file record when ``sha256`` was attached to a ticket the actor may see."""
    row = await conn.fetchrow(query("ticket_evidence"), ticket_id, actor.enterprise_scope, sha256)
    return from_json(row["file"]) if row else None
