"""The tamper-evident record: an append-only audit log whose events form a SHA-256 hash chain.

Each event's ``hash`` is SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of
``{id, at, actor, action, entity, entity_id, payload, prev_hash}``, and ``prev_hash`` is
the hash of the event before it, so changing, removing or inserting any stored event breaks
every link after it.  Appends are serialised with a transaction-level advisory lock, so two
writers never chain onto the same predecessor.  Triggers refuse UPDATE, DELETE and
TRUNCATE on ``audit_log`` (migration 0006); the chain shows what a superuser who disables
them has done.  Removing the newest events leaves a valid shorter chain: keep the ``head``
hash that ``verify`` prints somewhere else to detect that too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import Connection, text

from gis.supervision.sql import from_json, query, to_json

GENESIS = "0" * 64
# 'parkaudi' as a big-endian int8: the advisory lock that serialises appends
APPEND_LOCK = 0x7061726B61756469

# The lock is its own statement: a READ COMMITTED statement reads with the snapshot it
# started with, so the head must be read by a statement that starts after the lock is held.
LOCK_ASYNC = "SELECT pg_advisory_xact_lock($1)"
LOCK_SYNC = text("SELECT pg_advisory_xact_lock(:lock)")


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    entity: str
    entity_id: str | None
    payload: Any
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: ``first_broken`` names the first event that fails."""

    ok: bool
    events: int
    head: str
    first_broken: int | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "head": self.head,
            "first_broken": self.first_broken,
            "reason": self.reason,
        }


def canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    id: int,
    at: dt.datetime,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    payload: Any,
    prev_hash: str,
) -> str:
    """SHA-256 of the canonical JSON of the event, its predecessor's hash included."""
    body = {
        "id": id,
        "at": canonical_time(at),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def append(
    conn: asyncpg.Connection,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: object | None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (one is opened when there is none)."""
    async with conn.transaction():
        # the payload makes a round trip through jsonb first: the hash covers what is stored
        await conn.execute(LOCK_ASYNC, APPEND_LOCK)
        row = await conn.fetchrow(query("audit_prepare"), to_json(payload or {}), GENESIS)
        event = _event(row, actor, action, entity, entity_id)
        await conn.execute(
            query("audit_insert"),
            event.id,
            event.at,
            event.actor,
            event.action,
            event.entity,
            event.entity_id,
            row["payload"],
            event.prev_hash,
            event.hash,
        )
    return event


def append_sync(
    conn: Connection,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: object | None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """``append`` for SQLAlchemy connections (the CLI and the loaders); call inside ``begin()``."""
    conn.execute(LOCK_SYNC, {"lock": APPEND_LOCK})
    row = (
        conn.execute(
            text(query("audit_prepare_sync")), {"payload": to_json(payload or {}), "genesis": GENESIS}
        )
        .mappings()
        .one()
    )
    event = _event(row, actor, action, entity, entity_id)
    conn.execute(
        text(query("audit_insert_sync")),
        {
            "id": event.id,
            "at": event.at,
            "actor": event.actor,
            "action": event.action,
            "entity": event.entity,
            "entity_id": event.entity_id,
            "payload": row["payload"],
            "prev_hash": event.prev_hash,
            "hash": event.hash,
        },
    )
    return event


def _event(row: Any, actor: str | None, action: str, entity: str, entity_id: object | None) -> AuditEvent:
    payload = from_json(row["payload"])
    key = None if entity_id is None else str(entity_id)
    digest = event_hash(row["id"], row["at"], actor, action, entity, key, payload, row["prev_hash"])
    return AuditEvent(row["id"], row["at"], actor, action, entity, key, payload, row["prev_hash"], digest)


class ChainChecker:
    """Feed events in id order; the first one that breaks the chain ends the check."""

    def __init__(self) -> None:
        self.previous = GENESIS
        self.count = 0
        self.broken: ChainReport | None = None

    def feed(self, row: Any) -> bool:
        """False once the chain is broken (``report`` names where)."""
        self.count += 1
        failure = _check(row, self.previous)
        if failure:
            self.broken = ChainReport(False, self.count, self.previous, row["id"], failure)
            return False
        self.previous = row["hash"]
        return True

    def report(self) -> ChainReport:
        return self.broken or ChainReport(True, self.count, self.previous)


def verify_events(rows: Iterable[Any]) -> ChainReport:
    """Recompute the chain over ``rows`` (ordered by id) and name the first broken event."""
    checker = ChainChecker()
    for row in rows:
        if not checker.feed(row):
            break
    return checker.report()


def _check(row: Any, previous: str) -> str | None:
    if row["prev_hash"] != previous:
        return "its prev_hash does not name the event before it (an event was removed, inserted or reordered)"
    payload = from_json(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
    digest = event_hash(
        row["id"],
        row["at"],
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        payload,
        row["prev_hash"],
    )
    if digest != row["hash"]:
        return "its hash does not match its content (the event was changed)"
    return None


async def verify(conn: asyncpg.Connection, batch: int = 2000) -> ChainReport:
    """Recompute the whole chain, streaming the log in id order."""
    checker = ChainChecker()
    async with conn.transaction(readonly=True, isolation="repeatable_read"):
        async for row in conn.cursor(query("audit_chain"), prefetch=batch):
            if not checker.feed(row):
                break
    return checker.report()


async def events_for(
    conn: asyncpg.Connection, entity: str | None, entity_id: str | None, limit: int, before_id: int | None
) -> list[dict[str, Any]]:
    """The newest events, optionally of one entity, for the trail view."""
    rows = await conn.fetch(
        query("audit_events"),
        entity,
        entity_id,
        before_id,
        limit,
    )
    return [{**dict(r), "payload": from_json(r["payload"])} for r in rows]
