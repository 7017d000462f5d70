"""What is released, where, and at which concentrations it threatens people."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from gis.analysis.geodesy import check_lonlat
from gis.analysis.units import mg_m3_to_ppm, ppm_to_mg_m3
from gis.errors import InvalidInput


@dataclass(frozen=True)
class Release:
    """A point release: continuous (``rate_g_s``) or instantaneous (``mass_kg``), not both.

    The effective release height is the physical height plus any plume rise the caller
    has estimated; ``duration_s`` limits a continuous release (None: still going).
    """

    lon: float
    lat: float
    rate_g_s: float | None = None
    mass_kg: float | None = None
    height_m: float = 0.0
    plume_rise_m: float = 0.0
    duration_s: float | None = None

    def __post_init__(self) -> None:
        check_lonlat(self.lon, self.lat)
        if (self.rate_g_s is None) == (self.mass_kg is None):
            raise InvalidInput("a release has either a rate (g/s, continuous) or a mass (kg, instantaneous)")
        amount = self.rate_g_s if self.rate_g_s is not None else self.mass_kg
        if not (amount is not None and amount > 0 and math.isfinite(amount)):
            raise InvalidInput(f"release amount must be positive, got {amount}")
        if not (self.height_m >= 0 and self.plume_rise_m >= 0):
            raise InvalidInput("release height and plume rise must be ≥ 0 m")
        if self.duration_s is not None and not self.duration_s > 0:
            raise InvalidInput(f"release duration must be positive, got {self.duration_s}")
        if self.mass_kg is not None and self.duration_s is not None:
            raise InvalidInput("an instantaneous release has no duration")

    @property
    def kind(self) -> Literal["continuous", "instantaneous"]:
        return "continuous" if self.rate_g_s is not None else "instantaneous"

    @property
    def effective_height_m(self) -> float:
        return self.height_m + self.plume_rise_m


@dataclass(frozen=True)
class Endpoint:
    """A toxic level of concern, e.g. AEGL-2 (60 min) = 2.0 ppm."""

    label: str
    value: float
    unit: Literal["ppm", "mg/m3"]

    def __post_init__(self) -> None:
        if self.unit not in ("ppm", "mg/m3"):
            raise InvalidInput(f"endpoint unit must be ppm or mg/m3, got {self.unit!r}")
        if not (self.value > 0 and math.isfinite(self.value)):
            raise InvalidInput(f"endpoint {self.label} must be a positive concentration, got {self.value}")


@dataclass(frozen=True)
class ToxicChemical:
    """A chemical with its molecular weight (g/mol) and its endpoints, any order.

    A group of substances (NMHC) has no molecular weight: its endpoints are in mg/m³ and
    its concentrations are not given in ppm.  ``dense_gas``: whether the release behaves as
    a heavier-than-air cloud; None lets the model judge from the molecular weight alone.
    """

    name: str
    molecular_weight: float | None
    endpoints: tuple[Endpoint, ...]
    dense_gas: bool | None = None

    def __post_init__(self) -> None:
        if self.molecular_weight is None:
            if any(e.unit == "ppm" for e in self.endpoints):
                raise InvalidInput(f"{self.name} has no molecular weight: give its endpoints in mg/m3")
        elif not self.molecular_weight > 0:
            raise InvalidInput(f"molecular weight of {self.name} must be positive")
        if not self.endpoints:
            raise InvalidInput(f"{self.name} has no toxic endpoint to draw threat zones at")
        labels = [e.label for e in self.endpoints]
        if len(set(labels)) != len(labels):
            raise InvalidInput(f"{self.name} has duplicate endpoint labels: {labels}")

    @classmethod
    def from_aegl(
        cls,
        name: str,
        molecular_weight: float,
        aegl1_ppm: float | None,
        aegl2_ppm: float | None,
        aegl3_ppm: float | None,
        dense_gas: bool | None = None,
    ) -> ToxicChemical:
        """The 60-minute AEGLs that are known (None where a value is not established)."""
        levels = (("AEGL-1", aegl1_ppm), ("AEGL-2", aegl2_ppm), ("AEGL-3", aegl3_ppm))
        endpoints = tuple(Endpoint(label, value, "ppm") for label, value in levels if value is not None)
        return cls(name, molecular_weight, endpoints, dense_gas)

    def mg_m3(self, endpoint: Endpoint) -> float:
        if endpoint.unit == "mg/m3":
            return endpoint.value
        assert self.molecular_weight is not None  # ppm endpoints need one: checked when made
        return ppm_to_mg_m3(endpoint.value, self.molecular_weight)

    def ppm(self, endpoint: Endpoint) -> float | None:
        if endpoint.unit == "ppm":
            return endpoint.value
        return self.to_ppm(endpoint.value)

    def to_ppm(self, mg_m3: float) -> float | None:
        """A concentration in ppm, or None for a group of substances."""
        return None if self.molecular_weight is None else mg_m3_to_ppm(mg_m3, self.molecular_weight)

    def endpoint(self, label: str) -> Endpoint:
        for endpoint in self.endpoints:
            if endpoint.label == label:
                return endpoint
        raise InvalidInput(f"{self.name} has no endpoint {label!r} (has {[e.label for e in self.endpoints]})")

    def by_severity(self) -> tuple[Endpoint, ...]:
        """Endpoints from the highest concentration (most severe) to the lowest."""
        return tuple(sorted(self.endpoints, key=self.mg_m3, reverse=True))
