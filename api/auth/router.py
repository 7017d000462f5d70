"""``/auth``: OAuth2 password login, refresh, logout, who am I."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from api.auth.deps import CurrentUser
from api.auth.tokens import TokenClaims, decode, issue
from api.deps import PoolDep
from gis.auth import hash_password, password_needs_rehash, verify_password, verify_unknown_user
from gis.errors import Unauthorized

router = APIRouter(prefix="/auth", tags=["auth"])


class UserOut(BaseModel):
    username: str
    role: str
    enterprise_id: int | None


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _pair(request: Request, claims: TokenClaims) -> TokenPair:
    settings = request.app.state.auth_settings
    key = request.app.state.server_settings.secret_key
    access_life = dt.timedelta(minutes=settings.access_token_minutes)
    refresh_claims = TokenClaims(**{**claims.__dict__, "kind": "refresh"})
    return TokenPair(
        access_token=issue(claims, key, access_life),
        refresh_token=issue(refresh_claims, key, dt.timedelta(days=settings.refresh_token_days)),
        expires_in=int(access_life.total_seconds()),
        user=UserOut(username=claims.username, role=claims.role, enterprise_id=claims.enterprise_id),
    )


@router.post("/token", response_model=TokenPair)
async def login(
    request: Request, pool: PoolDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenPair:
    """Log in with username and password (OAuth2 password flow)."""
    throttle = request.app.state.login_throttle
    client = client_address(request)
    wait = throttle.retry_after(client)
    if wait:
        raise HTTPException(
            429,
            f"too many failed logins; try again in {int(wait) + 1} s",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    async with pool.acquire() as conn:
        user = await conn.fetchrow(
            "SELECT id, username, password_hash, role, enterprise_id, disabled FROM users WHERE username = $1",
            form.username,
        )
        # Argon2 off the event loop: the live feeds keep flowing while someone signs in
        if user is None:
            matches = await asyncio.to_thread(verify_unknown_user, form.password)
        else:
            matches = await asyncio.to_thread(verify_password, user["password_hash"], form.password)
        if not matches or user["disabled"]:
            throttle.failed(client)
            raise Unauthorized("wrong username or password")
        throttle.succeeded(client)
        if password_needs_rehash(user["password_hash"]):
            rehashed = await asyncio.to_thread(hash_password, form.password)
            await conn.execute("UPDATE users SET password_hash = $1 WHERE id = $2", rehashed, user["id"])
        session_id = uuid.uuid4()
        days = request.app.state.auth_settings.refresh_token_days
        await conn.execute(
            "INSERT INTO auth_sessions (id, user_id, expires_at, client) "
            "VALUES ($1, $2, now() + make_interval(days => $3), $4)",
            session_id,
            user["id"],
            days,
            client,
        )
    claims = TokenClaims(
        user["id"], session_id, "access", user["role"], user["enterprise_id"], user["username"]
    )
    return _pair(request, claims)


@router.post("/refresh", response_model=TokenPair)
async def refresh(request: Request, pool: PoolDep, refresh_token: Annotated[str, Form()]) -> TokenPair:
    """A new token pair for a live session."""
    claims = decode(refresh_token, request.app.state.server_settings.secret_key, "refresh")
    async with pool.acquire() as conn:
        user = await conn.fetchrow(
            "SELECT u.id, u.username, u.role, u.enterprise_id FROM auth_sessions s "
            "JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.revoked_at IS NULL "
            "AND s.expires_at > now() AND NOT u.disabled",
            claims.session_id,
        )
    if user is None:
        raise Unauthorized("the session has ended; log in again")
    fresh = TokenClaims(
        user["id"], claims.session_id, "access", user["role"], user["enterprise_id"], user["username"]
    )
    return _pair(request, fresh)


@router.post("/logout", status_code=204)
async def logout(request: Request, pool: PoolDep, user: CurrentUser) -> None:
    """End this login session: its access and refresh tokens stop working at once."""
    async with pool.acquire() as conn:
        await conn.execute("UPDATE auth_sessions SET revoked_at = now() WHERE id = $1", user.session_id)
    request.app.state.session_cache.forget(user.session_id)


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser) -> UserOut:
    return UserOut(username=user.username, role=user.role, enterprise_id=user.enterprise_id)
