"""The scheduled sweep: rules that depend on time passing, not on a reading arriving."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import asyncpg

from gis.analysis.major_hazard_units import refresh_if_stale
from gis.programs.settings import program_settings
from gis.programs.voc_fence_hours import evaluate_pending
from gis.supervision import health, suspicion, tickets
from gis.supervision.alarms import raise_alarms
from gis.supervision.rules.quality import missing_data_findings
from gis.supervision.settings import SupervisionSettings
from gis.supervision.traceability import trace_open_voc_alarms


@dataclass(frozen=True)
class SweepReport:
    missing_data_alarms: int
    suspicious_marks: int
    escalated_tickets: int
    health_changes: int
    fence_hours: int = 0
    traced_alarms: int = 0
    major_hazards_refreshed: bool = False


async def sweep(conn: asyncpg.Connection, now: dt.datetime, settings: SupervisionSettings) -> SweepReport:
    """Missing data, suspicious marks, overdue tickets, health codes — as of ``now`` — and the
    major-hazard register, if an inventory changed in the database behind the app's back."""
    missing = await raise_alarms(conn, await missing_data_findings(conn, now, settings), now, settings)
    suspicious = await suspicion.sweep(conn, now, settings)
    escalated = await tickets.escalate_overdue(conn, now, settings)
    changes = await health.recompute(conn, now, settings)
    fence_hours = await evaluate_pending(conn, program_settings(), now)
    traced = await trace_open_voc_alarms(conn, now)
    hazards = await refresh_if_stale(conn)
    return SweepReport(
        len(missing), suspicious, len(escalated), len(changes), len(fence_hours), traced, hazards is not None
    )
