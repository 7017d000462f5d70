"""Gas concentration units.

ppm (by volume) ↔ mg/m³ at 25 °C and 101.325 kPa, the reference state of AEGL and
ERPG values. The molar volume there is R·T/P = 24.465 L/mol (often printed rounded
as 24.45 L/mol, 0.06 % lower).
"""

from __future__ import annotations

from gis.errors import InvalidInput

GAS_CONSTANT_J_MOL_K = 8.314462618
REFERENCE_TEMPERATURE_K = 298.15
REFERENCE_PRESSURE_PA = 101_325.0
MOLAR_VOLUME_L_MOL = GAS_CONSTANT_J_MOL_K * REFERENCE_TEMPERATURE_K / REFERENCE_PRESSURE_PA * 1000.0
AIR_MOLECULAR_WEIGHT = 28.96


def _check_weight(molecular_weight: float) -> None:
    if not molecular_weight > 0:
        raise InvalidInput(f"molecular weight must be positive, got {molecular_weight}")


def ppm_to_mg_m3(ppm: float, molecular_weight: float) -> float:
    """Volume mixing ratio (ppm) → mass concentration (mg/m³) at 25 °C, 101.325 kPa."""
    _check_weight(molecular_weight)
    return ppm * molecular_weight / MOLAR_VOLUME_L_MOL


def mg_m3_to_ppm(mg_m3: float, molecular_weight: float) -> float:
    """Mass concentration (mg/m³) → volume mixing ratio (ppm) at 25 °C, 101.325 kPa."""
    _check_weight(molecular_weight)
    return mg_m3 * MOLAR_VOLUME_L_MOL / molecular_weight
