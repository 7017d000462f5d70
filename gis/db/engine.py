"""SQLAlchemy engines for the loader, importer, migrations and CLI (the API uses asyncpg)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine

from gis.db.embedded import database_url


def sqlalchemy_url(url: str) -> str:
    """``postgresql://…`` → ``postgresql+psycopg://…`` (psycopg 3 driver)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    return create_engine(sqlalchemy_url(url or database_url()), pool_pre_ping=True, **kwargs)
