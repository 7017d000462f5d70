"""SQL kept in ``.sql`` files beside the code that runs it, read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def query(name: str) -> str:
    return (HERE / f"{name}.sql").read_text()
