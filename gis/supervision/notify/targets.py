"""Where notices go: targets per audience (enterprise, township, park, district), kept by admins."""

from __future__ import annotations

import secrets
from typing import Any

import asyncpg

from gis.errors import InvalidInput, NotFound
from gis.supervision import audit
from gis.supervision.actor import Actor
from gis.supervision.notify.channels import CHANNELS
from gis.supervision.sql import query

AUDIENCES = ("enterprise", "township", "park", "district")


async def list_targets(conn: asyncpg.Connection) -> list[dict[str, Any]]:
    rows = await conn.fetch(query("target_list"))
    return [dict(r) for r in rows]


async def add_target(
    conn: asyncpg.Connection,
    audience: str,
    channel: str,
    address: str,
    enterprise_id: int | None,
    secret: str | None,
    actor: Actor,
) -> dict[str, Any]:
    """A new target; a webhook gets a generated signing secret unless one is given (shown once)."""
    if audience not in AUDIENCES:
        raise InvalidInput(f"audience is one of {', '.join(AUDIENCES)}")
    if channel not in CHANNELS:
        raise InvalidInput(f"channel is one of {', '.join(CHANNELS)}")
    if audience == "enterprise" and enterprise_id is None:
        raise InvalidInput("an enterprise target names its enterprise")
    if channel == "webhook" and not address.startswith(("http://", "https://")):
        raise InvalidInput("a webhook address is an http(s) URL")
    if channel == "email" and "@" not in address:
        raise InvalidInput("an e-mail address has an @")
    if channel == "webhook" and not secret:
        secret = secrets.token_urlsafe(32)
    async with conn.transaction():
        if enterprise_id is not None and not await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1)", enterprise_id
        ):
            raise NotFound(f"no enterprise {enterprise_id}")
        row = await conn.fetchrow(
            query("target_insert"),
            audience,
            enterprise_id,
            channel,
            address,
            secret,
        )
        await audit.append(
            conn,
            actor.username,
            "notification_target.add",
            "notification_target",
            row["id"],
            {"audience": audience, "channel": channel, "address": address, "enterprise_id": enterprise_id},
        )
    return {**dict(row), "secret": secret}


async def set_active(conn: asyncpg.Connection, target_id: int, active: bool, actor: Actor) -> dict[str, Any]:
    async with conn.transaction():
        row = await conn.fetchrow(
            query("target_set_active"),
            target_id,
            active,
        )
        if row is None:
            raise NotFound(f"no notification target {target_id}")
        await audit.append(
            conn,
            actor.username,
            "notification_target.activate" if active else "notification_target.deactivate",
            "notification_target",
            target_id,
            {},
        )
    return dict(row)
