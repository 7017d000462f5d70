"""Accounts: add, change password, disable (used by the CLI and the demo park)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from gis.auth import ROLES, check_new_password, hash_password, new_password
from gis.errors import Conflict, InvalidInput, NotFound
from gis.supervision.audit import append_sync


@dataclass(frozen=True)
class NewAccount:
    username: str
    role: str
    password: str
    enterprise_code: str | None = None


def add_user(
    engine: Engine,
    username: str,
    role: str,
    password: str | None = None,
    enterprise_code: str | None = None,
    actor: str = "cli",
) -> NewAccount:
    """Create an account; a generated password is returned once when none is given."""
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if (role == "enterprise") != (enterprise_code is not None):
        raise InvalidInput("an enterprise account needs --enterprise CODE, and only it may have one")
    password = password or new_password()
    check_new_password(password)
    with engine.begin() as conn:
        enterprise_id = None
        if enterprise_code is not None:
            enterprise_id = conn.execute(
                text("SELECT id FROM enterprises WHERE code = :c"), {"c": enterprise_code}
            ).scalar()
            if enterprise_id is None:
                raise NotFound(f"no enterprise with code {enterprise_code!r}")
        taken = conn.execute(text("SELECT 1 FROM users WHERE username = :u"), {"u": username}).scalar()
        if taken:
            raise Conflict(f"user {username!r} exists")
        conn.execute(
            text("INSERT INTO users (username, password_hash, role, enterprise_id) VALUES (:u, :h, :r, :e)"),
            {"u": username, "h": hash_password(password), "r": role, "e": enterprise_id},
        )
        append_sync(
            conn, actor, "user.add", "user", username, {"role": role, "enterprise_code": enterprise_code}
        )
    return NewAccount(username, role, password, enterprise_code)


def set_password(engine: Engine, username: str, password: str | None = None, actor: str = "cli") -> str:
    password = password or new_password()
    check_new_password(password)
    with engine.begin() as conn:
        done = conn.execute(
            text("UPDATE users SET password_hash = :h WHERE username = :u"),
            {"h": hash_password(password), "u": username},
        ).rowcount
        if not done:
            raise NotFound(f"no user {username!r}")
        conn.execute(
            text(
                "UPDATE auth_sessions SET revoked_at = now() WHERE revoked_at IS NULL "
                "AND user_id = (SELECT id FROM users WHERE username = :u)"
            ),
            {"u": username},
        )
        append_sync(conn, actor, "user.passwd", "user", username, {"sessions_revoked": True})
    return password


def set_disabled(engine: Engine, username: str, disabled: bool = True, actor: str = "cli") -> None:
    with engine.begin() as conn:
        done = conn.execute(
            text("UPDATE users SET disabled = :d WHERE username = :u"), {"d": disabled, "u": username}
        ).rowcount
        if not done:
            raise NotFound(f"no user {username!r}")
        if disabled:
            conn.execute(
                text(
                    "UPDATE auth_sessions SET revoked_at = now() WHERE revoked_at IS NULL "
                    "AND user_id = (SELECT id FROM users WHERE username = :u)"
                ),
                {"u": username},
            )
        append_sync(conn, actor, "user.disable" if disabled else "user.enable", "user", username, {})


def create_demo_accounts(engine: Engine) -> list[NewAccount]:
    """One account per role for the demo park, with generated passwords shown once."""
    with engine.connect() as conn:
        enterprise_code = conn.execute(
            text("SELECT code FROM enterprises WHERE industry <> 'wastewater_plant' ORDER BY code LIMIT 1")
        ).scalar()
    accounts = []
    for role in ROLES:
        code = enterprise_code if role == "enterprise" else None
        if role == "enterprise" and code is None:
            continue
        accounts.append(add_user(engine, f"demo-{role}", role, enterprise_code=code))
    return accounts
