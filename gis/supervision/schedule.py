"""The scheduled sweep: rules that depend on time passing, not on a reading arriving."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import asyncpg

from gis.supervision import health, suspicion, tickets
from gis.supervision.alarms import raise_alarms
from gis.supervision.rules.quality import missing_data_findings
from gis.supervision.settings import SupervisionSettings


@dataclass(frozen=True)
class SweepReport:
    missing_data_alarms: int
    suspicious_marks: int
    escalated_tickets: int
    health_changes: int


async def sweep(conn: asyncpg.Connection, now: dt.datetime, settings: SupervisionSettings) -> SweepReport:
    """Missing data, suspicious marks, overdue tickets, health codes — as of ``now``."""
    missing = await raise_alarms(conn, await missing_data_findings(conn, now, settings), now, settings)
    suspicious = await suspicion.sweep(conn, now, settings)
    escalated = await tickets.escalate_overdue(conn, now, settings)
    changes = await health.recompute(conn, now, settings)
    return SweepReport(len(missing), suspicious, len(escalated), len(changes))
