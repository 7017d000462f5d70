"""GB 18218-2018 identification and grading of major hazard sources, one unit at a time.

Identification (4.2.1): S = Σ qᵢ/Qᵢ ≥ 1 makes the unit a major hazard source, with q the
quantity present (for tanks, vessels and warehouses the design maximum, 4.2.2) and Q the
critical quantity, both in tonnes. Grading (4.3): R = α·Σ βᵢ·qᵢ/Qᵢ, graded by Table 6.
Production units and storage units are assessed separately (4.1.1); a mixture is entered
as the substance whose hazard class it shares, or by its own class (4.2.3).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from gis.analysis.gb18218_tables import alpha_for_population, grade_for
from gis.errors import InvalidInput

# S and R are compared with exact thresholds (1, 10, 50, 100); rounding away float noise
# keeps a hand-checkable 1/3 + 1/3 + 1/3 on the right side of 1.
_DIGITS = 9


@dataclass(frozen=True)
class Holding:
    """One hazardous chemical held in a unit: quantity q, critical quantity Q (t), β."""

    chemical: str
    quantity_t: float
    critical_t: float
    beta: float
    cas: str | None = None

    def __post_init__(self) -> None:
        if not (self.quantity_t >= 0 and math.isfinite(self.quantity_t)):
            raise InvalidInput(f"{self.chemical}: quantity must be ≥ 0 t, got {self.quantity_t}")
        if not self.critical_t > 0:
            raise InvalidInput(f"{self.chemical}: critical quantity must be positive, got {self.critical_t}")
        if not self.beta > 0:
            raise InvalidInput(f"{self.chemical}: β must be positive, got {self.beta}")


@dataclass(frozen=True)
class HazardUnit:
    id: int | str
    kind: Literal["production", "storage"]
    holdings: tuple[Holding, ...]
    people_within_500m: int
    name: str | None = None


@dataclass(frozen=True)
class Contribution:
    """One chemical's part in a unit's S and R (holdings of the same chemical summed)."""

    chemical: str
    cas: str | None
    quantity_t: float
    critical_t: float
    beta: float
    q_over_q: float
    beta_q_over_q: float
    share_of_s: float


@dataclass(frozen=True)
class HazardAssessment:
    """S, and for a major hazard source α, R and grade (1 most severe … 4); None otherwise."""

    unit_id: int | str
    s: float
    is_major: bool
    alpha: float | None
    r: float | None
    grade: int | None
    contributions: tuple[Contribution, ...]


def assess_unit(unit: HazardUnit) -> HazardAssessment:
    if unit.kind not in ("production", "storage"):
        raise InvalidInput(f"unit kind must be production or storage, got {unit.kind!r}")
    merged: dict[tuple[str, str | None], list[Holding]] = defaultdict(list)
    for holding in unit.holdings:
        merged[(holding.cas or holding.chemical, holding.cas)].append(holding)

    rows = []
    for (_, cas), same in merged.items():
        first = same[0]
        if any(h.critical_t != first.critical_t or h.beta != first.beta for h in same):
            raise InvalidInput(f"{first.chemical}: holdings disagree on critical quantity or β")
        q = sum(h.quantity_t for h in same)
        rows.append((first, cas, q, q / first.critical_t))
    s = round(sum(ratio for *_, ratio in rows), _DIGITS)
    weighted = sum(first.beta * ratio for first, _, _, ratio in rows)
    contributions = tuple(
        sorted(
            (
                Contribution(
                    chemical=first.chemical,
                    cas=cas,
                    quantity_t=q,
                    critical_t=first.critical_t,
                    beta=first.beta,
                    q_over_q=ratio,
                    beta_q_over_q=first.beta * ratio,
                    share_of_s=ratio / s if s > 0 else 0.0,
                )
                for first, cas, q, ratio in rows
            ),
            key=lambda c: -c.beta_q_over_q,
        )
    )
    if s < 1:
        return HazardAssessment(unit.id, s, False, None, None, None, contributions)
    alpha = alpha_for_population(unit.people_within_500m)
    r = round(alpha * weighted, _DIGITS)
    return HazardAssessment(unit.id, s, True, alpha, r, grade_for(r), contributions)


def assess_units(units: list[HazardUnit]) -> list[HazardAssessment]:
    return [assess_unit(unit) for unit in units]
