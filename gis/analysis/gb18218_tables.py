"""GB 18218-2018 tables needed for grading: α (Table 5), β (Tables 3 and 4), the hazard-class
critical quantities (Table 2) and the grades (Table 6). Named chemicals' critical quantities
(Table 1) live with the chemicals themselves (``chemicals.gb18218_critical_t``).
"""

from __future__ import annotations

from gis.errors import InvalidInput

# Table 3: β of the listed toxic gases, by CAS number.
TOXIC_GAS_BETA: dict[str, tuple[str, float]] = {
    "630-08-0": ("carbon monoxide", 2.0),
    "7446-09-5": ("sulfur dioxide", 2.0),
    "7664-41-7": ("ammonia", 2.0),
    "75-21-8": ("ethylene oxide", 2.0),
    "7647-01-0": ("hydrogen chloride", 3.0),
    "74-83-9": ("methyl bromide", 3.0),
    "7782-50-5": ("chlorine", 4.0),
    "7783-06-4": ("hydrogen sulfide", 5.0),
    "7664-39-3": ("hydrogen fluoride", 5.0),
    "10102-44-0": ("nitrogen dioxide", 10.0),
    "74-90-8": ("hydrogen cyanide", 10.0),
    "75-44-5": ("phosgene", 20.0),
    "7803-51-2": ("phosphine", 20.0),
    "624-83-9": ("methyl isocyanate", 20.0),
}

# Table 2 critical quantity Q (t) and Table 4 β, by hazard symbol. W3 aerosols: net weight.
HAZARD_CLASSES: dict[str, tuple[float, float]] = {
    "J1": (5, 4),
    "J2": (50, 1),
    "J3": (50, 2),
    "J4": (50, 2),
    "J5": (500, 1),
    "W1.1": (1, 2),
    "W1.2": (10, 2),
    "W1.3": (50, 2),
    "W2": (10, 1.5),
    "W3": (150, 1),
    "W4": (50, 1),
    "W5.1": (10, 1.5),
    "W5.2": (50, 1),
    "W5.3": (1000, 1),
    "W5.4": (5000, 1),
    "W6.1": (10, 1.5),
    "W6.2": (50, 1),
    "W7.1": (10, 1.5),
    "W7.2": (50, 1),
    "W8": (50, 1),
    "W9.1": (50, 1),
    "W9.2": (200, 1),
    "W10": (200, 1),
    "W11": (200, 1),
}

# Table 5: (fewest people within 500 m, α); "100人以上" includes 100.
ALPHA_BY_POPULATION: tuple[tuple[int, float], ...] = ((100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5))

# Table 6: (lowest R of the grade, grade); each lower bound is inclusive.
GRADE_BY_R: tuple[tuple[float, int], ...] = ((100.0, 1), (50.0, 2), (10.0, 3))


def _known(symbols: tuple[str, ...]) -> None:
    if not symbols:
        raise InvalidInput("at least one GB 18218 hazard symbol (J1…J5, W1.1…W11) is needed")
    unknown = [s for s in symbols if s not in HAZARD_CLASSES]
    if unknown:
        raise InvalidInput(f"unknown GB 18218 hazard symbols: {unknown}")


def alpha_for_population(people_within_500m: int) -> float:
    """Table 5 correction α for the number of people within 500 m of the unit's boundary."""
    if people_within_500m < 0:
        raise InvalidInput(f"population cannot be negative, got {people_within_500m}")
    for fewest, alpha in ALPHA_BY_POPULATION:
        if people_within_500m >= fewest:
            return alpha
    raise AssertionError("unreachable: the last row starts at 0")


def beta_for(cas: str | None, symbols: tuple[str, ...] = ()) -> float:
    """β: Table 3 for the listed toxic gases, otherwise Table 4 by hazard symbol.

    With several symbols the largest β is taken, as 4.1.2 takes the most severe reading
    (the lowest critical quantity) when a chemical has several hazards.
    """
    if cas is not None and cas in TOXIC_GAS_BETA:
        return TOXIC_GAS_BETA[cas][1]
    _known(symbols)
    return float(max(HAZARD_CLASSES[s][1] for s in symbols))


def critical_quantity_for(symbols: tuple[str, ...]) -> float:
    """Table 2 critical quantity (t) of a chemical not named in Table 1: the lowest of its symbols (4.1.2)."""
    _known(symbols)
    return float(min(HAZARD_CLASSES[s][0] for s in symbols))


def grade_for(r: float) -> int:
    """Table 6: grade 1 (R ≥ 100), 2 (50 ≤ R < 100), 3 (10 ≤ R < 50), 4 (R < 10)."""
    for lowest, grade in GRADE_BY_R:
        if r >= lowest:
            return grade
    return 4
