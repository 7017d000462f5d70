"""Signed JWT access and refresh tokens; both name the login session they belong to."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import jwt

from gis.errors import Unauthorized

ALGORITHM = "HS256"
ISSUER = "parkmap"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    session_id: uuid.UUID
    kind: str
    role: str
    enterprise_id: int | None
    username: str


def issue(claims: TokenClaims, key: str, lifetime: dt.timedelta) -> str:
    now = dt.datetime.now(dt.UTC)
    payload = {
        "iss": ISSUER,
        "sub": str(claims.user_id),
        "sid": str(claims.session_id),
        "typ": claims.kind,
        "role": claims.role,
        "ent": claims.enterprise_id,
        "name": claims.username,
        "iat": now,
        "exp": now + lifetime,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM)


def decode(token: str, key: str, kind: str) -> TokenClaims:
    try:
        payload = jwt.decode(
            token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "sid"]}
        )
        if payload.get("typ") != kind:
            raise Unauthorized(f"not an {kind} token")
        return TokenClaims(
            user_id=int(payload["sub"]),
            session_id=uuid.UUID(payload["sid"]),
            kind=kind,
            role=payload["role"],
            enterprise_id=payload.get("ent"),
            username=payload.get("name", ""),
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the token has expired") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise Unauthorized("the token is not valid") from exc
