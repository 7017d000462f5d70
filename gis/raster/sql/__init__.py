"""The raster catalog's SQL, kept in files next to the code that runs it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def query(name: str) -> str:
    return (HERE / f"{name}.sql").read_text()
