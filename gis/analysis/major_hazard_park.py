"""GB 18218-2018 across the park, one enterprise's units at a time.

Each enterprise's process units form one production unit and its tanks, warehouses and
gasholders one storage unit, assessed separately (4.1.1). q is the design maximum where a
capacity is recorded, else the quantity held (4.2.2). α counts the people within 500 m
outward of the plant boundary (Table 5). A chemical with no sourced critical quantity is
left out of S and listed as not counted. A chemical with no sourced β (Table 4 needs a
hazard class the library does not source) bounds R instead of fixing it: with β at the
smallest and at the largest β of Table 4; the grade is exact when both bounds agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import asyncpg
import orjson

from gis.analysis.chemical_library import NO_SOURCED_VALUE
from gis.analysis.gb18218_tables import HAZARD_CLASSES
from gis.analysis.major_hazard import HazardAssessment, HazardUnit, Holding, assess_unit

_HERE = Path(__file__).resolve().parent
UNITS_SQL = (_HERE / "major_hazard_park.sql").read_text()
FOOTPRINTS_SQL = (_HERE / "major_hazard_footprints.sql").read_text()

PRODUCTION_KINDS = frozenset({"process_unit"})
BETA_BOUNDS = (
    min(beta for _, beta in HAZARD_CLASSES.values()),
    max(beta for _, beta in HAZARD_CLASSES.values()),
)
# the customary colours of the four grades on Chinese hazard maps: red, orange, yellow, blue
GRADE_COLOURS = {1: "#d7191c", 2: "#fd8d3c", 3: "#fecc5c", 4: "#2c7bb6"}


@dataclass(frozen=True)
class UnitAssessment:
    enterprise_id: int
    enterprise_code: str
    enterprise_name: str
    industry: str
    risk_level: str
    kind: str
    people_within_500m: int
    low: HazardAssessment
    high: HazardAssessment
    beta_by_cas: dict[str, float | None]
    beta_sources: dict[str, str]
    units: dict[str, list[str]]
    not_counted: list[dict[str, Any]]

    @property
    def grade(self) -> int | None:
        """The grade when the unsourced β cannot change it, else None."""
        return self.low.grade if self.low.grade == self.high.grade else None

    @property
    def grade_range(self) -> tuple[int, int] | None:
        """(most severe, least severe) grade the unsourced β allow; None below S = 1."""
        if not self.low.is_major:
            return None
        assert self.low.grade is not None and self.high.grade is not None
        return self.high.grade, self.low.grade

    def as_dict(self) -> dict[str, Any]:
        unsourced = [c for c, beta in self.beta_by_cas.items() if beta is None]
        exact = not unsourced
        return {
            "enterprise_id": self.enterprise_id,
            "enterprise_code": self.enterprise_code,
            "enterprise_name": self.enterprise_name,
            "industry": self.industry,
            "risk_level": self.risk_level,
            "unit": self.kind,
            "unit_codes": sorted(code for codes in self.units.values() for code in codes),
            "s": self.low.s,
            "is_major": self.low.is_major,
            "people_within_500m": self.people_within_500m,
            "alpha": self.low.alpha,
            "r": self.low.r if exact else None,
            "r_range": None if not self.low.is_major else [self.low.r, self.high.r],
            "grade": self.grade,
            "grade_range": None if self.grade_range is None else list(self.grade_range),
            "beta_unsourced": unsourced,
            "contributions": [
                {
                    "chemical": c.chemical,
                    "cas": c.cas,
                    "quantity_t": c.quantity_t,
                    "critical_t": c.critical_t,
                    "beta": self.beta_by_cas.get(c.cas or ""),
                    "beta_source": self.beta_sources.get(c.cas or "", NO_SOURCED_VALUE),
                    "q_over_q": c.q_over_q,
                    "share_of_s": c.share_of_s,
                    "storage_units": self.units.get(c.cas or "", []),
                }
                for c in self.low.contributions
            ],
            "not_counted": self.not_counted,
        }


async def park_major_hazards(conn: asyncpg.Connection) -> list[UnitAssessment]:
    """Every enterprise unit holding a chemical with a sourced critical quantity, by enterprise code."""
    return assess_park(await conn.fetch(UNITS_SQL))


def assess_park(rows: Sequence[Mapping[str, Any]]) -> list[UnitAssessment]:
    """The units of the rows of ``major_hazard_park.sql`` (from any driver), by enterprise code."""

    def unit_key(r: Mapping[str, Any]) -> tuple[str, str]:
        return r["enterprise_code"], "production" if r["unit_kind"] in PRODUCTION_KINDS else "storage"

    assessments = []
    for (_, kind), group in groupby(sorted(rows, key=unit_key), key=unit_key):
        assessment = _assess(kind, list(group))
        if assessment is not None:
            assessments.append(assessment)
    return assessments


def _assess(kind: str, rows: list[Mapping[str, Any]]) -> UnitAssessment | None:
    counted = [r for r in rows if r["gb18218_critical_t"] is not None]
    not_counted = [
        {
            "chemical": r["chemical_en"],
            "cas": r["cas"],
            "storage_unit": r["unit_code"],
            "critical_t": NO_SOURCED_VALUE,
        }
        for r in rows
        if r["gb18218_critical_t"] is None
    ]
    if not counted:
        return None
    first = rows[0]
    beta_by_cas = {r["cas"]: r["gb18218_beta"] for r in counted}
    units: dict[str, list[str]] = {}
    for r in counted:
        units.setdefault(r["cas"], []).append(r["unit_code"])

    def unit(beta_if_unsourced: float) -> HazardUnit:
        holdings = tuple(
            Holding(
                chemical=r["chemical_en"],
                quantity_t=r["capacity_t"] if r["capacity_t"] is not None else r["quantity_t"],
                critical_t=r["gb18218_critical_t"],
                beta=r["gb18218_beta"] if r["gb18218_beta"] is not None else beta_if_unsourced,
                cas=r["cas"],
            )
            for r in counted
        )
        return HazardUnit(f"{first['enterprise_code']}:{kind}", kind, holdings, first["people"])  # type: ignore[arg-type]

    return UnitAssessment(
        enterprise_id=first["enterprise_id"],
        enterprise_code=first["enterprise_code"],
        enterprise_name=first["enterprise_name"],
        industry=first["industry"],
        risk_level=first["risk_level"],
        kind=kind,
        people_within_500m=first["people"],
        low=assess_unit(unit(BETA_BOUNDS[0])),
        high=assess_unit(unit(BETA_BOUNDS[1])),
        beta_by_cas=beta_by_cas,
        beta_sources={r["cas"]: r["beta_source"] or NO_SOURCED_VALUE for r in counted},
        units=units,
        not_counted=not_counted,
    )


async def major_hazards_geojson(
    conn: asyncpg.Connection, assessments: list[UnitAssessment]
) -> dict[str, Any]:
    """The plants holding a major hazard source, coloured by their most severe unit's grade."""
    majors = [a for a in assessments if a.low.is_major]
    by_enterprise: dict[int, list[UnitAssessment]] = {}
    for a in majors:
        by_enterprise.setdefault(a.enterprise_id, []).append(a)
    rows = await conn.fetch(FOOTPRINTS_SQL, list(by_enterprise))
    features = []
    for row in rows:
        units = by_enterprise[row["id"]]
        worst = min(units, key=lambda a: (a.grade_range or (5, 5))[0])
        assert worst.grade_range is not None
        features.append(
            {
                "type": "Feature",
                "geometry": orjson.loads(row["geometry"]),
                "properties": {
                    "enterprise_id": worst.enterprise_id,
                    "enterprise_code": worst.enterprise_code,
                    "enterprise_name": worst.enterprise_name,
                    "grade": worst.grade,
                    "grade_range": list(worst.grade_range),
                    "grade_certain": worst.grade is not None,
                    "colour": GRADE_COLOURS[worst.grade_range[0]],
                    "s": max(a.low.s for a in units),
                    "units": [a.kind for a in units],
                },
            }
        )
    features.sort(key=lambda f: (f["properties"]["grade_range"][0], f["properties"]["enterprise_code"]))
    return {"type": "FeatureCollection", "features": features}
