"""Cleaner-production audit scoring: indicator systems, composite indices, level, dynamic code.

The method is the national one (清洁生产评价指标体系编制通则): an indicator meets a benchmark
level g (I international advanced, II domestic advanced, III domestic basic) or not; the
composite index Y_g = 100 · Σ w_i Σ ω_ij · y_g(x_ij) over first-level weights w_i and
second-level weights ω_ij; the level follows from the Y_g and the restrictive indicators by
the rule stored with each system. On top, for the park's dynamic code and rankings, each
indicator earns points (I 100, II 80, III 60, none 0) and the weighted sum is the score.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from gis.errors import InvalidInput, NotFound
from gis.programs.settings import ProgramSettings
from gis.settings import PROJECT_ROOT

REFERENCE = PROJECT_ROOT / "data" / "reference"
SYSTEMS_DIR = REFERENCE / "cleaner_production"
SOLUTIONS_CSV = REFERENCE / "problem_solutions.csv"
LEVELS = ("I", "II", "III")
POINTS = {"I": 100.0, "II": 80.0, "III": 60.0, None: 0.0}
QUALITATIVE_ANSWERS = ("I", "II", "III", "none")
FALLBACK_SYSTEM = "chemical_general"


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    name_zh: str
    name_en: str
    unit: str | None
    kind: str
    weight: float
    restrictive: bool
    levels: dict[str, Any]
    source: str

    def level_met(self, value: Any) -> str | None:
        """The best benchmark level ``value`` meets, or None."""
        if value is None:
            return None
        if self.kind == "qualitative":
            return value if value in LEVELS else None
        for level in LEVELS:
            bound = self.levels[level]
            if (value <= bound) if self.kind == "lower_better" else (value >= bound):
                return level
        return None

    def check(self, value: Any) -> Any:
        if self.kind == "qualitative":
            if value not in QUALITATIVE_ANSWERS:
                raise InvalidInput(f"{self.id}: answer one of {', '.join(QUALITATIVE_ANSWERS)}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InvalidInput(f"{self.id}: a finite number in {self.unit} is needed")
        return float(value)


@dataclass(frozen=True)
class Group:
    id: str
    name_zh: str
    name_en: str
    weight: float


@dataclass(frozen=True)
class IndicatorSystem:
    code: str
    title_zh: str
    title_en: str
    industries: tuple[str, ...]
    structure_source: str
    method: dict[str, Any]
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise InvalidInput(f"system {self.code} has no indicator {indicator_id!r}")

    def weight(self, ind: Indicator) -> float:
        """The indicator's share of the whole: w_i · ω_ij."""
        return self.group(ind.group).weight * ind.weight

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "industries": list(self.industries),
            "structure_source": self.structure_source,
            "method": self.method,
            "groups": [g.__dict__ for g in self.groups],
            "indicators": [i.__dict__ for i in self.indicators],
        }


def parse_system(body: dict[str, Any]) -> IndicatorSystem:
    """Build and check a system: weights sum to 1 at both levels, levels ordered."""
    groups = tuple(Group(g["id"], g["name_zh"], g["name_en"], float(g["weight"])) for g in body["groups"])
    indicators = tuple(
        Indicator(
            i["id"],
            i["group"],
            i["name_zh"],
            i["name_en"],
            i.get("unit"),
            i["kind"],
            float(i["weight"]),
            bool(i["restrictive"]),
            dict(i["levels"]),
            i["source"],
        )
        for i in body["indicators"]
    )
    code = body["code"]
    if abs(sum(g.weight for g in groups) - 1) > 1e-6:
        raise ValueError(f"{code}: group weights do not sum to 1")
    for group in groups:
        inside = [i.weight for i in indicators if i.group == group.id]
        if inside and abs(sum(inside) - 1) > 1e-6:
            raise ValueError(f"{code}: indicator weights of {group.id} do not sum to 1")
    for ind in indicators:
        if ind.group not in {g.id for g in groups} or ind.kind not in (
            "lower_better",
            "higher_better",
            "qualitative",
        ):
            raise ValueError(f"{code}: indicator {ind.id} has an unknown group or kind")
        if ind.kind != "qualitative":
            bounds = [ind.levels[level] for level in LEVELS]
            ordered = sorted(bounds, reverse=ind.kind == "higher_better")
            if bounds != ordered:
                raise ValueError(f"{code}: benchmark levels of {ind.id} are not ordered I → III")
    return IndicatorSystem(
        code,
        body["title_zh"],
        body["title_en"],
        tuple(body["industries"]),
        body["structure_source"],
        body["method"],
        groups,
        indicators,
    )


@cache
def systems(folder: Path = SYSTEMS_DIR) -> dict[str, IndicatorSystem]:
    found = {}
    for path in sorted(folder.glob("*.json")):
        system = parse_system(json.loads(path.read_text()))
        found[system.code] = system
    return found


def system(code: str) -> IndicatorSystem:
    try:
        return systems()[code]
    except KeyError:
        raise NotFound(f"no indicator system {code!r}") from None


def system_for_industry(industry: str) -> IndicatorSystem:
    base = industry.split(":")[0]
    for candidate in systems().values():
        if base in candidate.industries:
            return candidate
    return systems()[FALLBACK_SYSTEM]


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    value: Any
    level: str | None
    weight: float
    points: float

    @property
    def lagging(self) -> bool:
        """Below the domestic-advanced benchmark (II), or not reported."""
        return self.level not in ("I", "II")

    @property
    def points_lost(self) -> float:
        return self.weight * (100.0 - self.points)

    def as_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "id": ind.id,
            "group": ind.group,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "unit": ind.unit,
            "kind": ind.kind,
            "restrictive": ind.restrictive,
            "benchmarks": ind.levels,
            "value": self.value,
            "level": self.level,
            "weight": round(self.weight, 6),
            "points": self.points,
            "lagging": self.lagging,
            "points_lost": round(self.points_lost, 4),
            "source": ind.source,
        }


@dataclass(frozen=True)
class AuditScore:
    system: IndicatorSystem
    indices: dict[str, float]
    level: str | None
    score: float
    code: str
    review_months: int
    results: tuple[IndicatorResult, ...]
    missing: tuple[str, ...] = field(default=())

    @property
    def lagging(self) -> list[IndicatorResult]:
        """Lagging indicators, the costliest first."""
        return sorted((r for r in self.results if r.lagging), key=lambda r: (-r.points_lost, r.indicator.id))

    def as_dict(self) -> dict[str, Any]:
        return {
            "system_code": self.system.code,
            "indices": self.indices,
            "level": self.level,
            "score": self.score,
            "code": self.code,
            "review_months": self.review_months,
            "missing": list(self.missing),
            "indicators": [r.as_dict() for r in self.results],
            "lagging": [r.indicator.id for r in self.lagging],
        }


def check_values(chosen: IndicatorSystem, values: dict[str, Any]) -> dict[str, Any]:
    return {key: chosen.indicator(key).check(value) for key, value in values.items()}


def score_audit(chosen: IndicatorSystem, values: dict[str, Any], settings: ProgramSettings) -> AuditScore:
    """Indices Y_I..Y_III, level, score, dynamic code and review cycle of one audit."""
    values = check_values(chosen, values)
    results = []
    for ind in chosen.indicators:
        value = values.get(ind.id)
        level = ind.level_met(value)
        results.append(IndicatorResult(ind, value, level, chosen.weight(ind), POINTS[level]))
    indices = {
        g: round(
            100.0 * sum(r.weight for r in results if r.level and LEVELS.index(r.level) <= LEVELS.index(g)), 4
        )
        for g in LEVELS
    }
    level = _level(chosen, results, indices)
    score = round(sum(r.weight * r.points for r in results), 2)
    failed_restrictive = any(r.indicator.restrictive and r.level is None for r in results)
    if failed_restrictive or score < settings.audit_yellow_score:
        code = "red"
    elif score < settings.audit_green_score:
        code = "yellow"
    else:
        code = "green"
    missing = tuple(ind.id for ind in chosen.indicators if ind.id not in values)
    return AuditScore(
        chosen, indices, level, score, code, settings.audit_review_months[code], tuple(results), missing
    )


def _level(chosen: IndicatorSystem, results: list[IndicatorResult], indices: dict[str, float]) -> str | None:
    for g in LEVELS:
        rule = chosen.method["levels"][g]
        floor = LEVELS.index(rule["restrictive_at"])
        restrictive_ok = all(
            r.level is not None and LEVELS.index(r.level) <= floor for r in results if r.indicator.restrictive
        )
        if indices[g] >= rule["min_index"] - 1e-9 and restrictive_ok:
            return g
    return None


@dataclass(frozen=True)
class Solution:
    indicator: str | None
    group: str
    problem_zh: str
    problem_en: str
    solution_zh: str
    solution_en: str
    source: str


@cache
def solution_library(path: Path = SOLUTIONS_CSV) -> tuple[Solution, ...]:
    with path.open(newline="", encoding="utf-8") as f:
        return tuple(
            Solution(
                row["indicator"] or None,
                row["group"],
                row["problem_zh"],
                row["problem_en"],
                row["solution_zh"],
                row["solution_en"],
                row["source"],
            )
            for row in csv.DictReader(f)
        )


def solutions_for(result: IndicatorResult) -> list[Solution]:
    """Measures for a lagging indicator: its own entries, else those of its group."""
    library = solution_library()
    own = [s for s in library if s.indicator == result.indicator.id]
    return own or [s for s in library if s.indicator is None and s.group == result.indicator.group]
