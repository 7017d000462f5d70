"""Dependency aliases so route signatures stay short."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Path, Request


def get_pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pool


PoolDep = Annotated[asyncpg.Pool, Depends(get_pool)]


# a database row id as it appears in a URL: a positive PostgreSQL integer
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
