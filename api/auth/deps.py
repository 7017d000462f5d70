"""Dependencies that say who is calling: ``CurrentUser``, ``OptionalUser``, ``require_roles``.

A token comes in the ``Authorization: Bearer`` header, or, for GET requests and WebSockets
whose URLs a browser loads by itself (map tiles, the live socket), in ``?access_token=``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from cachetools import TTLCache
from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from api.auth.tokens import decode
from gis.auth import READ_ONLY_ROLES, ROLES, Scope
from gis.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    role: str
    enterprise_id: int | None
    session_id: uuid.UUID

    @property
    def scope(self) -> Scope:
        return Scope(role=self.role, enterprise_id=self.enterprise_id, user_id=self.user_id)


class SessionCache:
    """Whether a login session is live, remembered for a few seconds (bounded)."""

    def __init__(self, maxsize: int, ttl: float):
        self._live: TTLCache[uuid.UUID, bool] = TTLCache(maxsize=maxsize, ttl=ttl)

    async def is_live(self, pool, session_id: uuid.UUID) -> bool:
        cached = self._live.get(session_id)  # one read: the entry may expire between two
        if cached is not None:
            return cached
        async with pool.acquire() as conn:
            live = await conn.fetchval(
                "SELECT s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled "
                "FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
                session_id,
            )
        self._live[session_id] = bool(live)
        return bool(live)

    def forget(self, session_id: uuid.UUID) -> None:
        self._live.pop(session_id, None)


def token_from(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        return credentials.strip()
    is_get = connection.scope["type"] == "websocket" or connection.scope.get("method") in ("GET", "HEAD")
    if is_get:
        return connection.query_params.get("access_token") or None
    return None


async def principal_from_token(connection: HTTPConnection, token: str) -> Principal:
    app = connection.app
    claims = decode(token, app.state.server_settings.secret_key, "access")
    if not await app.state.session_cache.is_live(app.state.pool, claims.session_id):
        raise Unauthorized("the session has ended; log in again")
    return Principal(claims.user_id, claims.username, claims.role, claims.enterprise_id, claims.session_id)


async def optional_user(request: Request) -> Principal | None:
    token = token_from(request)
    if token is None:
        return None
    return await principal_from_token(request, token)


async def current_user(request: Request) -> Principal:
    principal = await optional_user(request)
    if principal is None:
        raise Unauthorized("log in first")
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]
OptionalUser = Annotated[Principal | None, Depends(optional_user)]


def require_roles(*roles: str):
    """A dependency that lets only ``roles`` through (403 for others, 401 without a token)."""
    allowed = frozenset(roles)

    async def guard(user: CurrentUser) -> Principal:
        if user.role not in allowed:
            raise Forbidden(f"the {user.role} role may not do this")
        return user

    guard.allowed_roles = allowed  # read by the role × route test
    return Depends(guard)


async def writer(user: CurrentUser) -> Principal:
    if user.role in READ_ONLY_ROLES:
        raise Forbidden(f"the {user.role} role is read-only")
    return user


writer.allowed_roles = frozenset(ROLES) - READ_ONLY_ROLES  # read by the role × route test
Writer = Annotated[Principal, Depends(writer)]
