"""Cleaner-production audits in the store: enterprises fill in values, the score follows at once;
rankings by indicator and overall among the enterprises of one indicator system."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from gis.errors import InvalidInput, NotFound
from gis.programs.cleaner_production import (
    AuditScore,
    IndicatorSystem,
    check_values,
    score_audit,
    system,
    system_for_industry,
)
from gis.programs.settings import ProgramSettings
from gis.programs.sql import from_json, query, to_json


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return dt.date(year, month, min(day.day, last))


async def save_audit(
    conn: asyncpg.Connection,
    enterprise_id: int,
    own: int | None,
    year: int,
    values: dict[str, Any],
    now: dt.datetime,
    settings: ProgramSettings,
    system_code: str | None = None,
) -> dict[str, Any]:
    """Merge ``values`` into the enterprise's audit of ``year``, score it and store the result."""
    enterprise = await conn.fetchrow(query("cleaner_production", "enterprise"), enterprise_id, own)
    if enterprise is None:
        raise NotFound(f"no enterprise {enterprise_id}")
    if not 2000 <= year <= 2100:
        raise InvalidInput("year is 2000..2100")
    async with conn.transaction():
        stored = await conn.fetchrow(query("cleaner_production", "stored"), enterprise_id, year)
        # a correction keeps the system the audit was made on unless another is named
        code = system_code or (stored and stored["system_code"])
        chosen = system(code) if code else system_for_industry(enterprise["industry"])
        kept = from_json(stored["indicators"]) if stored else {}
        merged = {**{k: v for k, v in kept.items() if _known(chosen, k)}, **check_values(chosen, values)}
        result = score_audit(chosen, merged, settings)
        today = now.astimezone(ZoneInfo(settings.park_timezone)).date()
        audit_id = await conn.fetchval(
            query("cleaner_production", "upsert"),
            enterprise_id,
            year,
            to_json(merged),
            result.score,
            result.level,
            result.code,
            chosen.code,
            to_json(result.as_dict()),
            now,
            add_months(today, result.review_months),
        )
    return await audit(conn, audit_id, own)


def _known(chosen: IndicatorSystem, key: str) -> bool:
    return any(i.id == key for i in chosen.indicators)


async def audits(
    conn: asyncpg.Connection,
    own: int | None,
    year: int | None = None,
    system_code: str | None = None,
    audit_id: int | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(query("cleaner_production", "audits"), own, audit_id, year, system_code, limit)
    return [
        {**dict(r), "indicators": from_json(r["indicators"]), "result": from_json(r["result"])} for r in rows
    ]


async def audit(conn: asyncpg.Connection, audit_id: int, own: int | None) -> dict[str, Any]:
    found = await audits(conn, own, audit_id=audit_id, limit=1)
    if not found:
        raise NotFound(f"no cleaner-production audit {audit_id}")
    return found[0]


def rescore(row: dict[str, Any], settings: ProgramSettings) -> AuditScore:
    """The full scoring of a stored audit (values as stored, system as recorded)."""
    chosen = system(row["system_code"]) if row["system_code"] else system_for_industry(row["industry"])
    return score_audit(chosen, row["indicators"], settings)


async def rankings(
    conn: asyncpg.Connection, viewer: int | None, system_code: str, year: int, indicator_id: str | None = None
) -> dict[str, Any]:
    """Enterprises of one system and year ranked overall (score) or by one indicator.

    An enterprise ``viewer`` sees its own place; the other rows keep rank and value, not names.
    """
    chosen = system(system_code)
    rows = await audits(conn, None, year, system_code)
    if indicator_id is None:
        entries = [(r, r["score"]) for r in rows if r["score"] is not None]
        entries.sort(key=lambda e: -e[1])
        basis = "score"
    else:
        ind = chosen.indicator(indicator_id)
        entries = [
            (r, r["indicators"].get(indicator_id))
            for r in rows
            if r["indicators"].get(indicator_id) is not None
        ]
        if ind.kind == "qualitative":
            order = {"I": 0, "II": 1, "III": 2, "none": 3}
            entries.sort(key=lambda e: order[e[1]])
        else:
            entries.sort(key=lambda e: e[1], reverse=ind.kind == "higher_better")
        basis = indicator_id
    ranked = []
    for rank, (row, value) in enumerate(entries, start=1):
        visible = viewer is None or row["enterprise_id"] == viewer
        ranked.append(
            {
                "rank": rank,
                "enterprise_id": row["enterprise_id"] if visible else None,
                "enterprise_name_zh": row["enterprise_name_zh"] if visible else None,
                "enterprise_name_en": row["enterprise_name_en"] if visible else None,
                "value": value,
                "level": row["level"],
                "code": row["code"],
            }
        )
    return {
        "system_code": system_code,
        "year": year,
        "basis": basis,
        "count": len(ranked),
        "rankings": ranked,
    }
