"""The park's GB 18218-2018 assessment kept in ``major_hazard_units``, the table the map draws.

The table is derived: a refresh replaces every row in one transaction, from the storage
units, chemicals and population points as they are (``assess_park``). What changes them in
the app refreshes it in the same transaction (the importer, the demo load); a change made
in the database directly is caught by the supervision sweep, which refreshes when the table
is stale: never made, an inventory table's layer version moved since the versions recorded
with the last refresh, or a plant whose outline and names the table copies was redrawn or
renamed. Enterprises are compared row by row rather than by version because their rows
also change for what the assessment does not read (the health codes the sweep writes).

The statements use PostgreSQL's own ``$n`` placeholders, so the asyncpg refresh (the app)
and the psycopg one (the importer, inside its transaction) run the same SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import psycopg
from psycopg.rows import dict_row

from gis.analysis.major_hazard_park import UNITS_SQL, UnitAssessment, assess_park

_HERE = Path(__file__).resolve().parent
STORE_SQL = (_HERE / "major_hazard_units_store.sql").read_text()
STALE_SQL = (_HERE / "major_hazard_units_stale.sql").read_text()
# one refresh at a time: a second one's DELETE would miss the rows the first has not yet
# committed, and its INSERT then collide with them; tiles and features read on meanwhile
LOCK_SQL = "LOCK TABLE major_hazard_units IN SHARE ROW EXCLUSIVE MODE"
VERSIONS_SQL = (
    "SELECT jsonb_object_agg(table_name, version)::text AS versions FROM layer_versions "
    "WHERE table_name = ANY($1::text[])"
)
CLEAR_SQL = "DELETE FROM major_hazard_units"
RECORD_SQL = (
    "UPDATE layer_versions SET derived_from = $1::text::jsonb WHERE table_name = 'major_hazard_units'"
)

# the tables the assessment reads: changing any of them calls for a refresh
INPUT_TABLES = ("storage_units", "chemicals", "population_points", "enterprises")
# those whose layer versions are recorded with a refresh (enterprises: see above)
VERSIONED_INPUTS = ("storage_units", "chemicals", "population_points")
UNIT_NAMES = {"production": ("生产单元", "production unit"), "storage": ("储存单元", "storage unit")}
LISTED_CHEMICALS = 4


@dataclass(frozen=True)
class Refresh:
    """What a refresh stored: the units assessed, and how many are major hazard sources."""

    units: int
    major: int


async def refresh_major_hazards(conn: asyncpg.Connection) -> Refresh:
    """Reassess every unit and replace the table's rows (a savepoint inside a caller's transaction)."""
    async with conn.transaction():
        await conn.execute(LOCK_SQL)
        # versions first: a change committed while we assess leaves the record behind it,
        # so the next sweep refreshes again rather than never
        versions = await conn.fetchval(VERSIONS_SQL, list(VERSIONED_INPUTS))
        units = stored_units(await conn.fetch(UNITS_SQL))
        await conn.execute(CLEAR_SQL)
        await conn.execute(STORE_SQL, orjson.dumps(units).decode())
        await conn.execute(RECORD_SQL, versions)
    return _summary(units)


def refresh_major_hazards_sync(conn: psycopg.Connection) -> Refresh:
    """``refresh_major_hazards`` on a psycopg connection, in (a savepoint of) its transaction."""
    with conn.transaction(), psycopg.RawCursor(conn, row_factory=dict_row) as cursor:
        cursor.execute(LOCK_SQL)
        versions = cursor.execute(VERSIONS_SQL, [list(VERSIONED_INPUTS)]).fetchone()["versions"]
        units = stored_units(cursor.execute(UNITS_SQL).fetchall())
        cursor.execute(CLEAR_SQL)
        cursor.execute(STORE_SQL, [orjson.dumps(units).decode()])
        cursor.execute(RECORD_SQL, [versions])
    return _summary(units)


async def refresh_if_stale(conn: asyncpg.Connection) -> Refresh | None:
    """Refresh when an input changed since the last refresh; None (one cheap query) when none did."""
    if not await conn.fetchval(STALE_SQL, list(VERSIONED_INPUTS)):
        return None
    return await refresh_major_hazards(conn)


def stored_units(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows (less what is copied from the enterprise) for the rows of ``UNITS_SQL``."""
    names = {r["cas"]: (r["chemical_zh"], r["chemical_en"]) for r in rows}
    return [_unit_row(unit, names) for unit in assess_park(rows)]


def _unit_row(unit: UnitAssessment, names: dict[str, tuple[str, str]]) -> dict[str, Any]:
    major = unit.low.is_major
    r_min, r_max = (unit.low.r, unit.high.r) if major else (None, None)
    grade_min, grade_max = unit.grade_range or (None, None)
    exact = all(beta is not None for beta in unit.beta_by_cas.values())
    unit_zh, unit_en = UNIT_NAMES[unit.kind]
    return {
        "enterprise_id": unit.enterprise_id,
        "unit": unit.kind,
        "unit_zh": unit_zh,
        "unit_en": unit_en,
        "s": unit.low.s,
        "is_major": major,
        "people_within_500m": unit.people_within_500m,
        "alpha": unit.low.alpha,
        "r": unit.low.r if exact else None,
        "r_min": r_min,
        "r_max": r_max,
        "r_label": _span(r_min, r_max, "{:.1f}"),
        "grade": unit.grade,
        "grade_min": grade_min,
        "grade_max": grade_max,
        "grade_range": _span(grade_min, grade_max, "{}"),
        **_chemicals(unit, names),
    }


def _span(low: float | None, high: float | None, form: str) -> str | None:
    """``12.3–45.6``, or one value when both ends read the same."""
    if low is None or high is None:
        return None
    low_text, high_text = form.format(low), form.format(high)
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def _chemicals(unit: UnitAssessment, names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The chemicals that count, largest share of S first, a * on those without a sourced β."""
    counted = sorted(unit.low.contributions, key=lambda c: -c.q_over_q)
    zh, en = [], []
    for c in counted[:LISTED_CHEMICALS]:
        name_zh, name_en = names.get(c.cas or "", (c.chemical, c.chemical))
        mark = "*" if unit.beta_by_cas.get(c.cas or "") is None else ""
        zh.append(name_zh + mark)
        en.append(name_en + mark)
    more = len(counted) - LISTED_CHEMICALS
    return {
        "chemicals_zh": "、".join(zh) + (f" 等 {len(counted)} 种" if more > 0 else ""),
        "chemicals_en": ", ".join(en) + (f" and {more} more" if more > 0 else ""),
    }


def _summary(units: list[dict[str, Any]]) -> Refresh:
    return Refresh(units=len(units), major=sum(1 for u in units if u["is_major"]))
