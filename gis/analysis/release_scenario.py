"""A release scenario from what the responder knows: where, which chemical, how much, and the weather.

The chemical is named by id or CAS, by the storage unit it leaks from, or by the air
parameter a station measures (``nmhc`` for VOCs as a group).  Given only a storage unit,
the release is the unit's whole content as a gas over ten minutes, the worst case EPA's
Risk Management Program prescribes (40 CFR 68.25(c)(1)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import asyncpg

from gis.analysis.ambient_endpoints import AMBIENT_BASIS, AMBIENT_WARNING
from gis.analysis.chemical_library import (
    AEGL_BASIS,
    ENTERED_BASIS,
    LibraryChemical,
    StorageUnitRecord,
    load_chemical,
    load_parameter_substance,
    load_storage_unit,
)
from gis.analysis.limits import ModelWarning
from gis.analysis.scenario import Endpoint, Release, ToxicChemical
from gis.analysis.weather import ResolvedWeather, WeatherSpec, resolve_weather
from gis.errors import InvalidInput

WORST_CASE_DURATION_S = 600.0
G_PER_T = 1_000_000.0
ENDPOINTS_SOURCE = {ENTERED_BASIS: "entered", AEGL_BASIS: "library", AMBIENT_BASIS: "ambient"}


@dataclass(frozen=True)
class ReleaseSpec:
    """A release as asked for; amounts left out come from ``storage_unit_id`` when given."""

    lon: float | None = None
    lat: float | None = None
    storage_unit_id: int | None = None
    chemical_id: int | None = None
    cas: str | None = None
    parameter: str | None = None
    kind: Literal["continuous", "instantaneous"] | None = None
    rate_g_s: float | None = None
    duration_s: float | None = None
    mass_kg: float | None = None
    height_m: float = 0.0
    endpoints: tuple[Endpoint, ...] = ()


@dataclass(frozen=True, eq=False)
class ReleaseScenario:
    release: Release
    chemical: ToxicChemical
    library: LibraryChemical
    weather: ResolvedWeather
    storage_unit: StorageUnitRecord | None
    amount_basis: str
    endpoints_basis: str
    # what the amount and endpoints came from, for a client to say in its own language:
    # entered, worst_case (40 CFR 68.25, over duration_s) or whole_content; entered, library
    # (its sourced AEGLs) or ambient (the park's ambient-air limits)
    amount_source: str = "entered"
    endpoints_source: str = "library"

    @property
    def protective_action(self) -> bool:
        """Whether the zones are health thresholds isolation and protective action are drawn from."""
        return self.endpoints_basis != AMBIENT_BASIS

    @property
    def warnings(self) -> tuple[ModelWarning, ...]:
        return () if self.protective_action else (AMBIENT_WARNING,)

    def release_dict(self) -> dict[str, Any]:
        r = self.release
        return {
            "lon": r.lon,
            "lat": r.lat,
            "kind": r.kind,
            "rate_g_s": r.rate_g_s,
            "duration_s": r.duration_s,
            "mass_kg": r.mass_kg,
            "height_m": r.height_m,
            "amount_basis": self.amount_basis,
            "amount_source": self.amount_source,
            "storage_unit": None if self.storage_unit is None else self.storage_unit.as_dict(),
        }

    def chemical_dict(self) -> dict[str, Any]:
        modelled = [
            {
                "level": e.label,
                "ppm": self.chemical.ppm(e),
                "mg_m3": self.chemical.mg_m3(e),
                "entered_as": e.unit,
            }
            for e in self.chemical.by_severity()
        ]
        return {
            **self.library.as_dict(self.endpoints_basis),
            "modelled_endpoints": modelled,
            "endpoints_basis": self.endpoints_basis,
            "endpoints_source": self.endpoints_source,
        }


async def build_scenario(
    conn: asyncpg.Connection, spec: ReleaseSpec, weather: WeatherSpec
) -> ReleaseScenario:
    unit = None if spec.storage_unit_id is None else await load_storage_unit(conn, spec.storage_unit_id)
    if spec.parameter is not None and (spec.chemical_id is not None or spec.cas):
        raise InvalidInput("name the chemical (id or CAS) or the parameter measuring it, not both")
    if spec.chemical_id is not None or spec.cas:
        library = await load_chemical(conn, chemical_id=spec.chemical_id, cas=spec.cas)
    elif spec.parameter is not None:
        library = await load_parameter_substance(conn, spec.parameter)
    elif unit is not None:
        library = await load_chemical(conn, chemical_id=unit.chemical_id)
    else:
        raise InvalidInput("name the chemical (id, CAS or parameter) or the storage unit it is released from")
    if spec.lon is not None and spec.lat is not None:
        lon, lat = spec.lon, spec.lat
    elif unit is not None:
        lon, lat = unit.lon, unit.lat
    else:
        raise InvalidInput("give the release point (lon, lat) or the storage unit it is released from")
    release, basis, source = _release(spec, unit, lon, lat)
    chemical = library.toxic(spec.endpoints)
    endpoints_basis = library.endpoints_basis(spec.endpoints)
    resolved = await resolve_weather(conn, weather, lon, lat)
    return ReleaseScenario(
        release, chemical, library, resolved, unit, basis, endpoints_basis,
        source, ENDPOINTS_SOURCE[endpoints_basis],
    )  # fmt: skip


def _release(
    spec: ReleaseSpec, unit: StorageUnitRecord | None, lon: float, lat: float
) -> tuple[Release, str, str]:
    """The release, the words for where its amount came from, and that source's code."""
    kind = spec.kind or ("instantaneous" if spec.mass_kg is not None else "continuous")
    content = None if unit is None else f"{unit.quantity_t:g} t held in {unit.code}"
    if kind == "instantaneous":
        if spec.rate_g_s is not None or spec.duration_s is not None:
            raise InvalidInput("an instantaneous release has a mass, not a rate or a duration")
        if spec.mass_kg is not None:
            return Release(lon, lat, mass_kg=spec.mass_kg, height_m=spec.height_m), "entered", "entered"
        if unit is None:
            raise InvalidInput("give the mass released (kg)")
        return (
            Release(lon, lat, mass_kg=unit.quantity_t * 1000.0, height_m=spec.height_m),
            f"the whole content at once: {content}",
            "whole_content",
        )
    if spec.mass_kg is not None:
        raise InvalidInput("a continuous release has a rate, not a mass")
    if spec.rate_g_s is not None:
        return (
            Release(lon, lat, rate_g_s=spec.rate_g_s, height_m=spec.height_m, duration_s=spec.duration_s),
            "entered",
            "entered",
        )
    if unit is None:
        raise InvalidInput("give the release rate (g/s or kg/min)")
    duration = spec.duration_s or WORST_CASE_DURATION_S
    rate = unit.quantity_t * G_PER_T / duration
    return (
        Release(lon, lat, rate_g_s=rate, height_m=spec.height_m, duration_s=duration),
        f"worst case (40 CFR 68.25): {content} released over {duration / 60:g} min",
        "worst_case",
    )
