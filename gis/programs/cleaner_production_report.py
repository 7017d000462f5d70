"""The audit report: one printable HTML page (A4 print CSS; the browser's print makes the PDF)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gis.programs.cleaner_production import AuditScore, solutions_for
from gis.programs.settings import ProgramSettings

HERE = Path(__file__).resolve().parent


@cache
def _template():
    env = Environment(
        loader=FileSystemLoader(HERE),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("cleaner_production_report.html")


def render_report(
    audit: dict[str, Any], score: AuditScore, settings: ProgramSettings, now: dt.datetime
) -> str:
    lagging = [{"result": r, "solutions": solutions_for(r)} for r in score.lagging]
    levels = score.system.method["levels"]
    return _template().render(
        audit=audit,
        score=score,
        lagging=lagging,
        level_names={g: levels[g]["name_zh"] for g in levels},
        generated=now.isoformat(timespec="minutes"),
        green=settings.audit_green_score,
        yellow=settings.audit_yellow_score,
    )
