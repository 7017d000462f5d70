"""Alarms: one open alarm per station, parameter and rule; published for the live map.

A finding whose (station, parameter, rule) already has an open alarm adds nothing (the
partial unique index ``uq_alarms_open`` makes that hold under concurrent batches), and a
station that opened ``alarm_station_hourly_cap`` alarms in the last hour opens no more
until the hour has passed: the readings are kept, the flood is not.  An alarm at an
enterprise's station opens a ticket.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, replace
from typing import Any

import asyncpg

from gis.errors import Conflict, NotFound
from gis.supervision import audit, tickets
from gis.supervision.actor import RULES, Actor
from gis.supervision.rules.finding import Finding, first_per_key
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import from_json, query, to_json

log = logging.getLogger(__name__)
CHANNEL = "parkmap_alarms"


@dataclass(frozen=True)
class Alarm:
    id: int
    station_id: int
    enterprise_id: int | None
    parameter: str | None
    rule: str
    severity: str
    status: str
    value: float | None
    limit_value: float | None
    opened_at: dt.datetime
    detail: dict[str, Any]
    ticket_id: int | None = None

    def published(self) -> dict[str, Any]:
        """The compact form sent on ``parkmap_alarms``."""
        return {
            "id": self.id,
            "station_id": self.station_id,
            "enterprise_id": self.enterprise_id,
            "parameter": self.parameter,
            "rule": self.rule,
            "severity": self.severity,
            "status": self.status,
            "value": self.value,
            "limit": self.limit_value,
            "opened_at": self.opened_at.isoformat(),
            "ticket_id": self.ticket_id,
        }


async def raise_alarms(
    conn: asyncpg.Connection, findings: list[Finding], now: dt.datetime, settings: SupervisionSettings
) -> list[Alarm]:
    """Open an alarm (and its ticket) for each new finding; returns the alarms opened."""
    findings = first_per_key(findings)
    if not findings:
        return []
    opened: list[Alarm] = []
    async with conn.transaction():
        # while an exceedance goes on every batch finds it again: one look at what is open
        # spares a refused insert per finding (an alarm opened meanwhile is still refused)
        already = {
            (r["station_id"], r["parameter"], r["rule"])
            for r in await conn.fetch(query("alarms_open_keys"), sorted({f.station_id for f in findings}))
        }
        findings = [f for f in findings if f.key not in already]
        if not findings:
            return []
        stations = {
            r["id"]: r
            for r in await conn.fetch(
                query("alarm_station_budget"),
                sorted({f.station_id for f in findings}),
                now,
            )
        }
        budget = {sid: settings.alarm_station_hourly_cap - r["last_hour"] for sid, r in stations.items()}
        for finding in sorted(findings, key=lambda f: (f.ts, f.station_id, f.parameter, f.rule)):
            station = stations.get(finding.station_id)
            if station is None:
                continue
            if budget[finding.station_id] <= 0:
                log.warning(
                    "station %s: alarm cap reached, %s %s not opened",
                    finding.station_id,
                    finding.rule,
                    finding.parameter,
                )
                continue
            detail = {**finding.detail, "ts": finding.ts.isoformat()}
            row = await conn.fetchrow(
                query("alarm_open"),
                finding.station_id,
                finding.parameter,
                finding.rule,
                finding.severity,
                finding.value,
                finding.limit_value,
                now,
                to_json(detail),
            )
            if row is None:
                continue
            budget[finding.station_id] -= 1
            alarm = Alarm(
                row["id"],
                finding.station_id,
                station["enterprise_id"],
                finding.parameter,
                finding.rule,
                finding.severity,
                "open",
                finding.value,
                finding.limit_value,
                now,
                detail,
            )
            await audit.append(
                conn,
                RULES.username,
                "alarm.open",
                "alarm",
                alarm.id,
                {k: v for k, v in alarm.published().items() if k not in ("id", "opened_at", "ticket_id")}
                | {"detail": detail},
            )
            if alarm.enterprise_id is not None:
                ticket_id = await tickets.open_for_alarm(conn, asdict(alarm), now, settings)
                alarm = replace(alarm, ticket_id=ticket_id)
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, to_json(alarm.published()))
            opened.append(alarm)
    return opened


async def resolve(
    conn: asyncpg.Connection, rule: str, series: list[tuple[int, str]], reason: str, now: dt.datetime
) -> list[int]:
    """Close the open ``rule`` alarms of ``series`` whose condition is over (e.g. data resumed)."""
    if not series:
        return []
    rows = await conn.fetch(
        query("alarm_resolve"),
        rule,
        [s for s, _ in series],
        [p for _, p in series],
        now,
        reason,
    )
    for r in rows:
        await audit.append(conn, RULES.username, "alarm.close", "alarm", r["id"], {"reason": reason})
        await conn.execute(
            "SELECT pg_notify($1, $2)",
            CHANNEL,
            to_json({**dict(r), "status": "closed", "closed_at": now.isoformat()}),
        )
    return [r["id"] for r in rows]


async def close_alarm(
    conn: asyncpg.Connection, alarm_id: int, actor: Actor, note: str, now: dt.datetime
) -> dict[str, Any]:
    """An officer closes an alarm by hand (a false alarm, or one without a ticket that is over)."""
    async with conn.transaction():
        row = await conn.fetchrow(
            query("alarm_close_manual"),
            alarm_id,
            now,
            note,
            actor.username,
        )
        if row is None:
            exists = await conn.fetchval("SELECT status FROM alarms WHERE id = $1", alarm_id)
            if exists is None:
                raise NotFound(f"no alarm {alarm_id}")
            raise Conflict(f"alarm {alarm_id} is {exists}")
        await audit.append(conn, actor.username, "alarm.close", "alarm", alarm_id, {"reason": note})
        await conn.execute(
            "SELECT pg_notify($1, $2)",
            CHANNEL,
            to_json({**dict(row), "status": "closed", "closed_at": now.isoformat()}),
        )
    return await get_alarm(conn, alarm_id, actor)


async def list_alarms(
    conn: asyncpg.Connection,
    actor: Actor,
    status: str | None = None,
    station_id: int | None = None,
    enterprise_id: int | None = None,
    rule: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        query("alarm_list"),
        actor.enterprise_scope,
        status,
        station_id,
        enterprise_id,
        rule,
        None,
        limit,
        offset,
    )
    return [{**dict(r), "detail": from_json(r["detail"])} for r in rows]


async def get_alarm(conn: asyncpg.Connection, alarm_id: int, actor: Actor) -> dict[str, Any]:
    rows = await conn.fetch(
        query("alarm_list"), actor.enterprise_scope, None, None, None, None, alarm_id, 1, 0
    )
    if not rows:
        raise NotFound(f"no alarm {alarm_id}")
    return {**dict(rows[0]), "detail": from_json(rows[0]["detail"])}
