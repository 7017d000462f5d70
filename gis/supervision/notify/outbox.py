"""The notification outbox: enqueue in the workflow's transaction, deliver later with retries."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from gis.supervision.notify.channels import CHANNELS, Notice
from gis.supervision.settings import SupervisionSettings
from gis.supervision.sql import from_json, query, to_json

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


async def enqueue(
    conn: asyncpg.Connection,
    event: str,
    audiences: Sequence[str],
    enterprise_id: int | None,
    payload: dict[str, Any],
    now: dt.datetime,
) -> int:
    """One notice per active target of ``audiences``; an enterprise audience hears only of its own."""
    body = {"event": event, "at": now.isoformat(), **payload}
    status = await conn.execute(
        query("notification_enqueue"), event, to_json(body), list(audiences), enterprise_id, now
    )
    return int(status.split()[-1])


def backoff(attempts: int, settings: SupervisionSettings) -> dt.timedelta:
    """30 s, 60 s, 120 s … up to the maximum: the wait after the ``attempts``-th failure."""
    seconds = settings.notify_backoff_seconds * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.notify_backoff_max_seconds))


async def deliver_due(
    pool: asyncpg.Pool, settings: SupervisionSettings, now: dt.datetime | None = None
) -> DeliveryReport:
    """Claim the notices that are due, send them concurrently, record each outcome."""
    now = now or dt.datetime.now(dt.UTC)
    # a claim holds a notice for the longest a send may take: a crashed worker's claim expires
    lease = dt.timedelta(seconds=settings.notify_timeout_seconds * 3)
    async with pool.acquire() as conn:
        claimed = await conn.fetch(query("notification_claim"), now, lease, settings.notify_batch)
    if not claimed:
        return DeliveryReport()
    notices = [
        Notice(r["id"], r["event"], from_json(r["payload"]), r["channel"], r["address"], r["secret"])
        for r in claimed
    ]
    outcomes = await asyncio.gather(*(_send(n, settings) for n in notices))
    sent, retrying, failed = 0, 0, 0
    async with pool.acquire() as conn:
        for row, error in zip(claimed, outcomes, strict=True):
            if error is None:
                await conn.execute(
                    "UPDATE notifications SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1",
                    row["id"],
                    now,
                )
                sent += 1
            elif row["attempts"] >= settings.notify_max_attempts:
                await conn.execute(
                    "UPDATE notifications SET status = 'failed', last_error = $2 WHERE id = $1",
                    row["id"],
                    error,
                )
                log.warning(
                    "notice %s to %s given up after %d attempts: %s",
                    row["id"],
                    row["address"],
                    row["attempts"],
                    error,
                )
                failed += 1
            else:
                await conn.execute(
                    "UPDATE notifications SET next_attempt_at = $2, last_error = $3 WHERE id = $1",
                    row["id"],
                    now + backoff(row["attempts"], settings),
                    error,
                )
                retrying += 1
    return DeliveryReport(sent, retrying, failed)


async def _send(notice: Notice, settings: SupervisionSettings) -> str | None:
    channel = CHANNELS.get(notice.channel)
    if channel is None:
        return f"no channel {notice.channel!r}"
    try:
        async with asyncio.timeout(settings.notify_timeout_seconds):
            await channel(notice, settings)
    except Exception as exc:  # any failure of a channel is recorded and retried, never raised
        return f"{type(exc).__name__}: {exc}"[:500]
    return None


async def list_notifications(
    conn: asyncpg.Connection, status: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        query("notification_list"),
        status,
        limit,
    )
    return [dict(r) for r in rows]
