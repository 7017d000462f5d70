"""Named queries kept in one ``.sql`` file per program, read once.

A file holds several queries, each introduced by a ``-- name: <query>`` line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from gis.supervision.sql import from_json, to_json

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)

__all__ = ["from_json", "query", "to_json"]


@cache
def _queries(program: str) -> dict[str, str]:
    text = (HERE / f"{program}.sql").read_text()
    parts = _NAME.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def query(program: str, name: str) -> str:
    return _queries(program)[name]
