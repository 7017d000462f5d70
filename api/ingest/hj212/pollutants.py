"""HJ 212-2017 pollutant codes (tables B.1/B.2) and the ParkMap parameters they are stored as.

The table is data: ``data/reference/hj212_pollutants.csv``, built from the standard by
``data/reference/build_hj212_pollutants.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gis.settings import PROJECT_ROOT

TABLE = PROJECT_ROOT / "data" / "reference" / "hj212_pollutants.csv"


@dataclass(frozen=True, slots=True)
class Pollutant:
    code: str
    parameter: str
    name_zh: str
    name_en: str
    unit: str
    emission_unit: str


@dataclass(frozen=True)
class PollutantTable:
    by_code: dict[str, Pollutant]
    by_parameter: dict[str, Pollutant]

    def parameter_of(self, code: str) -> str:
        """The parameter a code is stored as; a code outside the tables keeps its own name."""
        known = self.by_code.get(code.lower())
        return known.parameter if known else code.lower()

    def code_of(self, parameter: str) -> str | None:
        known = self.by_parameter.get(parameter)
        return known.code if known else None


@cache
def pollutants(path: Path = TABLE) -> PollutantTable:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [
            Pollutant(r["code"], r["parameter"], r["name_zh"], r["name_en"], r["unit"], r["emission_unit"])
            for r in csv.DictReader(f)
        ]
    return PollutantTable({p.code: p for p in rows}, {p.parameter: p for p in rows})
