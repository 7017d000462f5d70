"""What the programs add to an enterprise's health code (green / yellow / orange / red).

``health_factors`` lists one factor per finding; the health-code score takes the worst code
among them with its own. Activated carbon: near saturation → yellow, saturated → orange,
saturated and not picked up for ``carbon_red_after_days`` → red (four-level warnings blue /
yellow / orange / red, blue being a reminder only). Cleaner production: a red dynamic code
or an audit past its review date → yellow. Outfall rectification: a task past its deadline
→ yellow, a month past → orange.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from gis.programs import carbon
from gis.programs.settings import ProgramSettings, program_settings
from gis.programs.sql import query

CODES = ("green", "yellow", "orange", "red")
OUTFALL_ORANGE_DAYS = 30


@dataclass(frozen=True)
class HealthFactor:
    """One reason from one program, with the code it asks for and what a user should read."""

    program: str
    subject: str
    code: str
    warning: str | None
    reason_zh: str
    reason_en: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in ("program", "subject", "code", "warning", "reason_zh", "reason_en", "detail")
        }


def worst(codes: list[str]) -> str:
    return max(codes, key=CODES.index, default="green")


async def health_factors(
    conn: asyncpg.Connection,
    enterprise_id: int,
    now: dt.datetime | None = None,
    settings: ProgramSettings | None = None,
) -> list[HealthFactor]:
    """The programs' findings about one enterprise; a blue carbon reminder comes with code green."""
    settings = settings or program_settings()
    now = now or dt.datetime.now(dt.UTC)
    today = now.astimezone(ZoneInfo(settings.park_timezone)).date()
    factors = []
    for unit in await carbon.units(conn, enterprise_id, now, settings):
        sat = unit["saturation"]
        if sat is None or sat["level"] == "none":
            continue
        factors.append(
            HealthFactor(
                "carbon",
                unit["code"],
                sat["health_code"],
                sat["level"],
                f"活性炭吸附装置{unit['code']}饱和度{sat['percent']:.0f}%",
                f"activated carbon {unit['code']} at {sat['percent']:.0f} % of capacity",
                {"unit_id": unit["id"], "percent": sat["percent"], "saturation_at": sat["saturation_at"]},
            )
        )
    audit = await conn.fetchrow(query("health", "audit"), enterprise_id)
    if audit is not None and audit["code"] == "red":
        factors.append(
            HealthFactor(
                "cleaner_production",
                str(audit["year"]),
                "yellow",
                None,
                f"清洁生产评价动态码为红码（{audit['score']}分）",
                f"cleaner-production code red (score {audit['score']})",
                {"year": audit["year"], "score": audit["score"], "level": audit["level"]},
            )
        )
    elif audit is not None and audit["next_review"] is not None and audit["next_review"] < today:
        factors.append(
            HealthFactor(
                "cleaner_production",
                str(audit["year"]),
                "yellow",
                None,
                "清洁生产审核逾期未复审",
                "cleaner-production review overdue",
                {"year": audit["year"], "next_review": audit["next_review"]},
            )
        )
    for task in await conn.fetch(query("health", "overdue_tasks"), enterprise_id, today):
        late = (today - task["deadline"]).days
        factors.append(
            HealthFactor(
                "outfalls",
                task["outfall_code"],
                "orange" if late > OUTFALL_ORANGE_DAYS else "yellow",
                None,
                f"排口{task['outfall_code']}整治任务逾期{late}天",
                f"outfall {task['outfall_code']} rectification {late} days late",
                {"task_id": task["id"], "deadline": task["deadline"]},
            )
        )
    return factors
