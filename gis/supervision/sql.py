"""SQL kept in ``.sql`` files beside the code that runs it, read once; JSON passed as text.

JSON goes to the database as text (``$n::text::jsonb``) and comes back as text
(``col::text``), so this package works on any asyncpg connection whatever its type codecs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent / "sql"


@cache
def query(name: str) -> str:
    return (HERE / f"{name}.sql").read_text()


def to_json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def from_json(text: str | None) -> Any:
    return None if text is None else orjson.loads(text)
