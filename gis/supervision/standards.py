"""The standards catalogue (``data/reference/limits.csv``): every limit with its standard and clause.

The catalogue is read, never imported; the ``default`` rows are installed into the
``limits`` table on first start, and a river station's water class (GB 3838-2002) is
assigned by copying that class's rows to the station.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import asyncpg

from gis.errors import InvalidInput, NotFound
from gis.supervision import audit
from gis.supervision.actor import Actor
from gis.supervision.sql import query

WATER_CLASSES = ("I", "II", "III", "IV", "V")


@dataclass(frozen=True)
class StandardLimit:
    code: str
    applies_to: str
    parameter: str
    averaging: str
    bound: str
    value: float
    unit: str
    standard: str
    clause: str
    water_class: str | None
    default: bool
    note: str | None


@cache
def read_catalogue(path: Path) -> tuple[StandardLimit, ...]:
    with path.open(newline="", encoding="utf-8") as f:
        return tuple(
            StandardLimit(
                code=row["code"],
                applies_to=row["applies_to"],
                parameter=row["parameter"],
                averaging=row["averaging"],
                bound=row["bound"],
                value=float(row["value"]),
                unit=row["unit"],
                standard=row["standard"],
                clause=row["clause"],
                water_class=row["water_class"] or None,
                default=row["default"] == "yes",
                note=row["note"] or None,
            )
            for row in csv.DictReader(f)
        )


def _rows(limits: list[StandardLimit], station_id: int | None) -> list[tuple]:
    return [
        (
            station_id,
            None if station_id is not None else s.applies_to,
            s.parameter,
            s.averaging,
            s.bound,
            s.value,
            s.unit,
            s.standard,
            s.clause,
            s.water_class,
            s.note,
        )
        for s in limits
    ]


async def install_defaults(conn: asyncpg.Connection, catalogue: tuple[StandardLimit, ...]) -> int:
    """Install the catalogue's default rows when the ``limits`` table is empty; how many went in.

    They are the national standards' limits, in force before the park was set up: the time
    slider judges the park's past by them too.
    """
    async with conn.transaction():
        await conn.execute("LOCK TABLE limits IN SHARE ROW EXCLUSIVE MODE")
        if await conn.fetchval("SELECT EXISTS (SELECT 1 FROM limits)"):
            return 0
        await conn.execute("SET LOCAL parkmap.limits_since = '-infinity'")
        defaults = [s for s in catalogue if s.default]
        await conn.executemany(query("limit_insert"), _rows(defaults, None))
        await audit.append(
            conn,
            "system",
            "limits.install",
            "limits",
            None,
            {"codes": [s.code for s in defaults]},
        )
    return len(defaults)


async def assign_water_class(
    conn: asyncpg.Connection,
    station_id: int,
    water_class: str,
    catalogue: tuple[StandardLimit, ...],
    actor: Actor,
) -> int:
    """Judge a river station by GB 3838-2002 class ``water_class``: its rows replace the default class."""
    if water_class not in WATER_CLASSES:
        raise InvalidInput(f"water class is one of {', '.join(WATER_CLASSES)}")
    rows = [s for s in catalogue if s.applies_to == "river" and s.water_class == water_class]
    async with conn.transaction():
        station_class = await conn.fetchval(
            "SELECT parkmap_station_class(kind, enterprise_id, parameters) FROM stations WHERE id = $1",
            station_id,
        )
        if station_class is None:
            raise NotFound(f"no station {station_id}")
        if station_class != "river":
            raise InvalidInput(f"station {station_id} is a {station_class} station, not a river station")
        await conn.execute("DELETE FROM limits WHERE station_id = $1 AND water_class IS NOT NULL", station_id)
        await conn.executemany(query("limit_insert"), _rows(rows, station_id))
        await audit.append(
            conn,
            actor.username,
            "limits.water_class",
            "station",
            station_id,
            {"water_class": water_class, "codes": [s.code for s in rows]},
        )
    return len(rows)
