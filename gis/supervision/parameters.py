"""What the rules need to know of a parameter: its unit, its medium, what values are possible."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# the flow a station class's total load is computed with
FLOW_PARAMETERS = {"cems_outlet": "flue_gas_flow", "wastewater_outlet": "wastewater_flow"}
# HJ 212-2017 appendix B default units of the flows the total load is computed with
FLOW_UNITS = {"flue_gas_flow": "m3/s", "wastewater_flow": "L/s"}
CONCENTRATION_UNITS = frozenset({"mg/m3", "μg/m3", "ug/m3", "ng/m3", "mg/L", "ug/L", "μg/L"})
# values outside these cannot be measured, whatever the standard says
PHYSICAL_RANGES: dict[str, tuple[float | None, float | None]] = {
    "ph": (0.0, 14.0),
    "wind_dir": (0.0, 360.0),
}
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "%": (0.0, 100.0),
    "m3/s": (0.0, None),
    "L/s": (0.0, None),
    "m/s": (0.0, None),
    "μS/cm": (0.0, None),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    name_zh: str
    medium: str
    unit: str
    name_en: str = ""
    label_zh: str = ""
    label_en: str = ""

    def words(self) -> dict[str, str]:
        """What the map shows for it: the standard's names, the short labels, the unit."""
        return {
            "name_zh": self.name_zh,
            "name_en": self.name_en or self.name,
            "label_zh": self.label_zh or self.name_zh,
            "label_en": self.label_en or self.name_en or self.name,
            "unit": self.unit,
        }

    @property
    def is_pollutant(self) -> bool:
        """A concentration whose mass can be summed into a total load."""
        return self.unit in ("mg/m3", "mg/L") and self.medium in ("air", "flue_gas", "water")

    @property
    def plausible(self) -> tuple[float | None, float | None]:
        """The range of values an instrument can report at all (None: unbounded)."""
        if self.name in PHYSICAL_RANGES:
            return PHYSICAL_RANGES[self.name]
        if self.unit in CONCENTRATION_UNITS:
            return (0.0, None)
        return UNIT_RANGES.get(self.unit, (None, None))


@cache
def load_parameters(path: Path) -> dict[str, Parameter]:
    """The park's parameters by the name readings are stored under."""
    with path.open(newline="", encoding="utf-8") as f:
        return {
            row["parameter"]: Parameter(
                row["parameter"],
                row["name_zh"],
                row["medium"],
                row["unit"],
                row.get("name_en") or "",
                row.get("label_zh") or "",
                row.get("label_en") or "",
            )
            for row in csv.DictReader(f)
        }


def load_factor_kg(concentration_unit: str, flow_unit: str) -> float:
    """kg per hour from (concentration × flow): mg/m3 × m3/s and mg/L × L/s are both mg/s."""
    pairs = {("mg/m3", "m3/s"), ("mg/L", "L/s")}
    if (concentration_unit, flow_unit) not in pairs:
        raise ValueError(f"no load from {concentration_unit} × {flow_unit}")
    return 3600 * 1e-6  # mg/s × 3600 s/h → mg/h; × 1e-6 → kg/h
