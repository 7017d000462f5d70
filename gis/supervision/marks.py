"""Data marks: what an enterprise (or a device flag) says about its own data, and whether to believe it.

A valid mark takes the readings it covers out of exceedance judgement (they stay stored and
shown); see ``parkmap_suppressed`` in migration 0006.  A mark that the data contradicts is
flagged ``suspicious`` and stops suppressing until an officer confirms it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import asyncpg

from gis.errors import Conflict, Forbidden, InvalidInput, NotFound
from gis.supervision import audit
from gis.supervision.actor import OFFICERS, RULES, Actor
from gis.supervision.sql import from_json, query, to_json

KINDS = ("shutdown", "transition", "maintenance", "calibration", "fault")
# HJ 212-2017 table 8 flags → the mark a flagged stretch of data becomes
DEVICE_FLAG_KINDS = {
    "F": "shutdown",
    "M": "maintenance",
    "C": "calibration",
    "D": "fault",
    "T": "fault",
    "B": "fault",
}
# HJ 212-2017 table 8 flags whose values are never judged against limits, as parkmap_suppressed
# says (a value above the measurement range, T, always is: it can only understate an exceedance)
SUPPRESSING_FLAGS = ("F", "M", "C", "D", "B")


class ReadingRow(Protocol):
    station_id: int
    parameter: str
    ts: dt.datetime
    value: float | None
    flag: str


def _mark(row: asyncpg.Record) -> dict[str, Any]:
    return {**dict(row), "evidence": from_json(row["evidence"]), "suspicion": from_json(row["suspicion"])}


async def get_mark(
    conn: asyncpg.Connection, mark_id: int, actor: Actor, lock: bool = False
) -> dict[str, Any]:
    """One mark the actor may see; ``lock`` holds it for the rest of the transaction."""
    if lock:
        await conn.execute("SELECT id FROM data_marks WHERE id = $1 FOR UPDATE", mark_id)
    row = await conn.fetchrow(query("mark_list"), actor.enterprise_scope, mark_id, None, None, None, None, 1)
    if row is None:
        raise NotFound(f"no mark {mark_id}")
    return _mark(row)


async def list_marks(
    conn: asyncpg.Connection,
    actor: Actor,
    station_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    status: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        query("mark_list"),
        actor.enterprise_scope,
        None,
        station_id,
        since,
        until,
        status,
        limit,
    )
    return [_mark(r) for r in rows]


async def create_mark(
    conn: asyncpg.Connection,
    actor: Actor,
    station_id: int,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    reason: str,
    parameter: str | None = None,
    evidence: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An enterprise marks its own station's data; an officer may mark any station."""
    if kind not in KINDS:
        raise InvalidInput(f"a mark is one of {', '.join(KINDS)}")
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("a mark ends after it starts")
    if not reason.strip():
        raise InvalidInput("a mark needs a reason")
    _may_mark(actor)
    source = "enterprise" if actor.is_enterprise else "officer"
    async with conn.transaction():
        visible = await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM stations WHERE id = $1 AND ($2::int IS NULL OR enterprise_id = $2))",
            station_id,
            actor.enterprise_scope,
        )
        if not visible:
            raise NotFound(f"no station {station_id}")
        mark_id = await conn.fetchval(
            query("mark_insert"),
            station_id,
            parameter,
            kind,
            starts_at,
            ends_at,
            reason.strip(),
            to_json(evidence or []),
            source,
            None,
            actor.user_id,
        )
        mark = await get_mark(conn, mark_id, actor)
        await audit.append(conn, actor.username, "mark.create", "mark", mark_id, _auditable(mark))
    return mark


def _may_mark(actor: Actor) -> None:
    if not (actor.is_enterprise or actor.role in OFFICERS):
        raise Forbidden(f"the {actor.role} role may not mark data")


async def add_evidence(
    conn: asyncpg.Connection, mark_id: int, files: list[dict[str, Any]], actor: Actor
) -> dict[str, Any]:
    _may_mark(actor)
    async with conn.transaction():
        mark = await get_mark(conn, mark_id, actor, lock=True)
        if actor.is_enterprise and mark["source"] != "enterprise":
            raise Forbidden("an enterprise adds evidence to its own marks")
        await conn.execute(
            "UPDATE data_marks SET evidence = evidence || $2::text::jsonb WHERE id = $1",
            mark_id,
            to_json(files),
        )
        await audit.append(conn, actor.username, "mark.evidence", "mark", mark_id, {"added": files})
        return await get_mark(conn, mark_id, actor)


async def withdraw_mark(conn: asyncpg.Connection, mark_id: int, actor: Actor) -> dict[str, Any]:
    """The enterprise takes its mark back; the data is judged as if it had never been marked."""
    _may_mark(actor)
    return await _set_status(conn, mark_id, actor, "withdrawn", None, allowed_from=("valid", "suspicious"))


async def review_mark(
    conn: asyncpg.Connection, mark_id: int, actor: Actor, verdict: str, note: str | None
) -> dict[str, Any]:
    """An officer confirms a mark (valid) or rejects it (the data is judged unmarked)."""
    if actor.role not in OFFICERS:
        raise Forbidden(f"the {actor.role} role may not review marks")
    if verdict not in ("valid", "rejected"):
        raise InvalidInput("a review confirms (valid) or rejects a mark")
    return await _set_status(conn, mark_id, actor, verdict, note, allowed_from=("valid", "suspicious"))


async def _set_status(
    conn: asyncpg.Connection,
    mark_id: int,
    actor: Actor,
    status: str,
    note: str | None,
    allowed_from: tuple[str, ...],
) -> dict[str, Any]:
    async with conn.transaction():
        mark = await get_mark(conn, mark_id, actor, lock=True)
        if actor.is_enterprise and (mark["source"] != "enterprise" or status != "withdrawn"):
            raise Forbidden("an enterprise may only withdraw its own marks")
        if mark["status"] not in allowed_from:
            raise Conflict(f"mark {mark_id} is {mark['status']}")
        # an officer's verdict is kept with the mark, and a confirmed mark is not suspected again
        verdict = (
            {"reviewed_by": actor.username, "verdict": status, "note": note} if actor.role in OFFICERS else {}
        )
        await conn.execute(
            "UPDATE data_marks SET status = $2, suspicion = suspicion || $3::text::jsonb WHERE id = $1",
            mark_id,
            status,
            to_json(verdict),
        )
        await audit.append(
            conn,
            actor.username,
            f"mark.{status}",
            "mark",
            mark_id,
            {"from": mark["status"], "to": status, "note": note},
        )
        return await get_mark(conn, mark_id, actor)


def _auditable(mark: dict[str, Any]) -> dict[str, Any]:
    keep = ("station_id", "parameter", "kind", "starts_at", "ends_at", "reason", "evidence", "source")
    return {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in mark.items() if k in keep}


async def marks_from_device_flags(
    conn: asyncpg.Connection, readings: Sequence[ReadingRow], merge_seconds: int
) -> list[int]:
    """Turn stretches of flagged readings into device marks, growing the open stretch of each series."""
    stretches: dict[tuple[int, str, str], list[dt.datetime]] = {}
    for r in readings:
        if r.flag in DEVICE_FLAG_KINDS:
            stretches.setdefault((r.station_id, r.parameter, r.flag), []).append(r.ts)
    touched = []
    for (station_id, parameter, flag), times in sorted(stretches.items()):
        times.sort()
        start = times[0]
        for previous, ts in zip(times, times[1:], strict=False):
            if (ts - previous).total_seconds() > merge_seconds:
                touched.append(
                    await _grow_device_mark(conn, station_id, parameter, flag, start, previous, merge_seconds)
                )
                start = ts
        touched.append(
            await _grow_device_mark(conn, station_id, parameter, flag, start, times[-1], merge_seconds)
        )
    return touched


async def _grow_device_mark(
    conn: asyncpg.Connection,
    station_id: int,
    parameter: str,
    flag: str,
    first: dt.datetime,
    last: dt.datetime,
    merge_seconds: int,
) -> int:
    # a device mark covers exactly its flagged readings: [first, last + 1 µs)
    ends_at = last + dt.timedelta(microseconds=1)
    row = await conn.fetchrow(
        query("device_mark_grow"),
        station_id,
        parameter,
        flag,
        first,
        ends_at,
        dt.timedelta(seconds=merge_seconds),
    )
    if row is not None:
        if row["grown"]:
            await audit.append(
                conn,
                RULES.username,
                "mark.device_extend",
                "mark",
                row["id"],
                {"starts_at": row["starts_at"].isoformat(), "ends_at": row["ends_at"].isoformat()},
            )
        return row["id"]
    mark_id = await conn.fetchval(
        query("mark_insert"),
        station_id,
        parameter,
        DEVICE_FLAG_KINDS[flag],
        first,
        ends_at,
        f"device flag {flag}",
        "[]",
        "device",
        flag,
        None,
    )
    await audit.append(
        conn,
        RULES.username,
        "mark.device",
        "mark",
        mark_id,
        {
            "station_id": station_id,
            "parameter": parameter,
            "flag": flag,
            "kind": DEVICE_FLAG_KINDS[flag],
            "starts_at": first.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    return mark_id


async def marked_stations(
    conn: asyncpg.Connection, station_ids: Sequence[int], since: dt.datetime
) -> set[int]:
    """Those of ``station_ids`` with a valid mark that can leave out readings from ``since`` on:
    only their readings of that time need the marks looked up; elsewhere the flag alone
    decides.  Marks that ended before do not count, so the years of device marks every station
    gathers leave its new readings on the quick path."""
    return set(await conn.fetchval(query("marked_stations"), list(station_ids), since))


def judged_only(marked: set[int]) -> tuple[list[int], list[str]]:
    """The parameters a statement that keeps to judged readings takes after its own: the marked
    stations and the suppressing flags (``AND NOT (r.flag = ANY(flags) OR (r.station_id =
    ANY(marked) AND parkmap_suppressed(…)))``)."""
    return sorted(marked), list(SUPPRESSING_FLAGS)


async def suppressed(
    conn: asyncpg.Connection, readings: Sequence[ReadingRow], marked: set[int]
) -> list[bool]:
    """Whether each reading is left out of exceedance judgement (flag or valid mark); ``marked``
    are the stations :func:`marked_stations` names."""
    out = [r.flag in SUPPRESSING_FLAGS for r in readings]
    if not marked:
        return out
    looked_up = [i for i, r in enumerate(readings) if not out[i] and r.station_id in marked]
    if looked_up:
        rows = await conn.fetch(
            query("readings_suppressed"),
            [readings[i].station_id for i in looked_up],
            [readings[i].parameter for i in looked_up],
            [readings[i].ts for i in looked_up],
            [readings[i].flag for i in looked_up],
        )
        for i, row in zip(looked_up, rows, strict=True):
            out[i] = row["out"]
    return out
