"""Dispersion coefficients σy, σz (m) against downwind distance x (m).

- ``pasquill_gifford``: the Turner / ISC3 fits of the Pasquill–Gifford curves (EPA-454/B-95-003b;
  Fundamentals of Air Pollution 3E, Tables 19-4 and 19-5): σy = 465.11628·x_km·tan(TH),
  TH = c − d·ln x_km degrees; σz = a·x_km^b piecewise, at most 5000 m.
- ``briggs_rural`` / ``briggs_urban``: Briggs (1973) as tabulated by Gifford
  (Fundamentals of Air Pollution 3E, Tables 19-6 and 19-7), meant for 100 m < x < 10 km.

Half classes (A-B, B-C, C-D) take the mean of the two neighbouring classes' values, as
Pasquill's table note says. Distances below 1 m are evaluated at 1 m: the fits have no
meaning closer in and the Gaussian model none either.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gis.analysis.meteorology import HALF_CLASSES, SIGMA_SETS, STABILITY_CLASSES

MIN_DISTANCE_M = 1.0
MAX_SIGMA_Z_M = 5000.0

_PG_SIGMA_Y = {  # c, d of TH = c − d·ln(x_km), degrees
    "A": (24.1670, 2.5334),
    "B": (18.3330, 1.8096),
    "C": (12.5000, 1.0857),
    "D": (8.3330, 0.72382),
    "E": (6.2500, 0.54287),
    "F": (4.1667, 0.36191),
}

_PG_SIGMA_Z = {  # (upper bound of the range in km, a, b) for σz = a·x_km^b
    "A": (
        (0.10, 122.800, 0.94470),
        (0.15, 158.080, 1.05420),
        (0.20, 170.220, 1.09320),
        (0.25, 179.520, 1.12620),
        (0.30, 217.410, 1.26440),
        (0.40, 258.890, 1.40940),
        (0.50, 346.750, 1.72830),
        (np.inf, 453.850, 2.11660),
    ),
    "B": ((0.20, 90.673, 0.93198), (0.40, 98.483, 0.98332), (np.inf, 109.300, 1.09710)),
    "C": ((np.inf, 61.141, 0.91465),),
    "D": (
        (0.30, 34.459, 0.86974),
        (1.0, 32.093, 0.81066),
        (3.0, 32.093, 0.64403),
        (10.0, 33.504, 0.60486),
        (30.0, 36.650, 0.56589),
        (np.inf, 44.053, 0.51179),
    ),
    "E": (
        (0.10, 24.260, 0.83660),
        (0.30, 23.331, 0.81956),
        (1.0, 21.628, 0.75660),
        (2.0, 21.628, 0.63077),
        (4.0, 22.534, 0.57154),
        (10.0, 24.703, 0.50527),
        (20.0, 26.970, 0.46713),
        (40.0, 35.420, 0.37615),
        (np.inf, 47.618, 0.29592),
    ),
    "F": (
        (0.20, 15.209, 0.81558),
        (0.70, 14.457, 0.78407),
        (1.0, 13.953, 0.68465),
        (2.0, 13.953, 0.63227),
        (3.0, 14.823, 0.54503),
        (7.0, 16.187, 0.46490),
        (15.0, 17.836, 0.41507),
        (30.0, 22.651, 0.32681),
        (60.0, 27.074, 0.27436),
        (np.inf, 34.219, 0.21716),
    ),
}

# Briggs: σ = a·x·(1 + b·x)^c with x in metres.
_BRIGGS = {
    "briggs_rural": {
        "y": {
            "A": (0.22, 0.0001, -0.5),
            "B": (0.16, 0.0001, -0.5),
            "C": (0.11, 0.0001, -0.5),
            "D": (0.08, 0.0001, -0.5),
            "E": (0.06, 0.0001, -0.5),
            "F": (0.04, 0.0001, -0.5),
        },
        "z": {
            "A": (0.20, 0.0, 0.0),
            "B": (0.12, 0.0, 0.0),
            "C": (0.08, 0.0002, -0.5),
            "D": (0.06, 0.0015, -0.5),
            "E": (0.03, 0.0003, -1.0),
            "F": (0.016, 0.0003, -1.0),
        },
    },
    "briggs_urban": {  # the urban table merges A with B and E with F
        "y": {
            "A": (0.32, 0.0004, -0.5),
            "B": (0.32, 0.0004, -0.5),
            "C": (0.22, 0.0004, -0.5),
            "D": (0.16, 0.0004, -0.5),
            "E": (0.11, 0.0004, -0.5),
            "F": (0.11, 0.0004, -0.5),
        },
        "z": {
            "A": (0.24, 0.001, 0.5),
            "B": (0.24, 0.001, 0.5),
            "C": (0.20, 0.0, 0.0),
            "D": (0.14, 0.0003, -0.5),
            "E": (0.08, 0.0015, -0.5),
            "F": (0.08, 0.0015, -0.5),
        },
    },
}


def _check(stability: str, sigma_set: str) -> None:
    if stability not in STABILITY_CLASSES:
        raise ValueError(f"unknown stability class {stability!r}")
    if sigma_set not in SIGMA_SETS:
        raise ValueError(f"unknown dispersion-coefficient set {sigma_set!r}")


def _pg_sigma_y(x_km: NDArray[np.float64], cls: str) -> NDArray[np.float64]:
    c, d = _PG_SIGMA_Y[cls]
    theta = np.radians(c - d * np.log(x_km))
    return 465.11628 * x_km * np.tan(theta)


def _pg_sigma_z(x_km: NDArray[np.float64], cls: str) -> NDArray[np.float64]:
    ranges = _PG_SIGMA_Z[cls]
    uppers = np.array([r[0] for r in ranges])
    a = np.array([r[1] for r in ranges])
    b = np.array([r[2] for r in ranges])
    i = np.searchsorted(uppers, x_km, side="left")
    return np.minimum(a[i] * x_km ** b[i], MAX_SIGMA_Z_M)


def _briggs(x_m: NDArray[np.float64], coefficients: tuple[float, float, float]) -> NDArray[np.float64]:
    a, b, c = coefficients
    return a * x_m * (1.0 + b * x_m) ** c


def _base(x_m: NDArray[np.float64], cls: str, sigma_set: str, axis: str) -> NDArray[np.float64]:
    if sigma_set == "pasquill_gifford":
        x_km = x_m / 1000.0
        return _pg_sigma_y(x_km, cls) if axis == "y" else _pg_sigma_z(x_km, cls)
    return _briggs(x_m, _BRIGGS[sigma_set][axis][cls])


def _sigma(x_m: ArrayLike, stability: str, sigma_set: str, axis: str) -> NDArray[np.float64]:
    _check(stability, sigma_set)
    x = np.maximum(np.asarray(x_m, dtype=float), MIN_DISTANCE_M)
    if stability in HALF_CLASSES:
        first, second = stability.split("-")
        return 0.5 * (_base(x, first, sigma_set, axis) + _base(x, second, sigma_set, axis))
    return _base(x, stability, sigma_set, axis)


def sigma_y(x_m: ArrayLike, stability: str, sigma_set: str) -> NDArray[np.float64]:
    """Crosswind dispersion coefficient σy (m) at downwind distance ``x_m`` (m)."""
    return _sigma(x_m, stability, sigma_set, "y")


def sigma_z(x_m: ArrayLike, stability: str, sigma_set: str) -> NDArray[np.float64]:
    """Vertical dispersion coefficient σz (m) at downwind distance ``x_m`` (m)."""
    return _sigma(x_m, stability, sigma_set, "z")
